"""`report-assistant import SRC... --out DIR`: clean, split and store example reports as knowledge files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.common import load_settings, setup_logging, user_errors


def import_command(
    sources: Annotated[list[Path], typer.Argument(help="Source files or folders (.txt .md .docx .html).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write one front-matter file per report.")],
    meta_from: Annotated[
        Path | None,
        typer.Option(
            "--meta-from", help="A SOURCES.md whose Files table gives each file's title, issuer, level, year, source."
        ),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option("--exclude", help="Skip source files whose name matches this glob (repeatable)."),
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Debug logging on stderr.")] = False,
) -> None:
    """Split pages into reports, strip web clutter and write them with metadata into --out."""
    setup_logging(verbose)
    from assistant.importer import import_files, parse_sources_table
    from assistant.textio import read_text_file

    settings = load_settings()
    with user_errors():
        table = None
        if meta_from is not None:
            table = parse_sources_table(read_text_file(meta_from, max_bytes=settings.max_file_bytes).text)
        result = import_files(
            sources, out, max_bytes=settings.max_file_bytes, meta_table=table, exclude=exclude or ()
        )
    for path in result.written:
        typer.echo(f"wrote {path}")
    for error in result.errors:
        typer.echo(f"error: {error.message}", err=True)
    typer.echo(
        f"{len(result.written)} report file(s) written, {len(result.skipped)} excluded, "
        f"{len(result.errors)} error(s).",
        err=True,
    )
    if result.errors:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("import")(import_command)
