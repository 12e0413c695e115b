"""`report-assistant export DRAFT --format docx|md --out FILE`: the draft as Word or Markdown.

The .docx uses the Chinese official-document layout for Chinese drafts and an English report layout
for English ones (``--language`` overrides the detection), with page numbers ``— 1 —``; figures
still marked 【待核实：…】 / [to verify: …] are highlighted. ``--template PATH`` (or the
``word_template`` setting) uses a user's .docx/.dotx styles, margins, header and footer instead.
Without ``--out`` a .docx is written to the current folder under a name made from the draft's title,
and Markdown goes to stdout.

A .docx of a draft with flagged figures (markers left in it, or with ``--notes`` figures the
checker blocks) is not written: they are listed on stderr and the exit code is 1; ``--force`` exports anyway.
Warnings (fonts missing on this machine, with the fallback used) go to stderr.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.common import load_settings, read_input_text, setup_logging, user_errors


def register(app: typer.Typer) -> None:
    @app.command("export")
    def export(
        draft_file: Annotated[Path, typer.Argument(help="The draft (.md, .txt or .docx).")],
        fmt: Annotated[str, typer.Option("--format", "-f", help="docx | md")] = "docx",
        out: Annotated[Path | None, typer.Option("--out", "-o", help="Output file.")] = None,
        language: Annotated[str | None, typer.Option(
            "--language", "-l", help="zh | en: the layout (default: detected from the text).")] = None,
        template: Annotated[Path | None, typer.Option(
            "--template", help="A Word .docx/.dotx whose styles, margins, header and footer to use.")] = None,
        notes: Annotated[Path | None, typer.Option(
            "--notes", help="The notes: figures the checker flags against them block the export.")] = None,
        force: Annotated[bool, typer.Option("--force", help="Export even with flagged figures.")] = False,
        verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Debug logging on stderr.")] = False,
    ) -> None:
        """Export DRAFT_FILE as .docx (official-document layout or your template) or Markdown."""
        setup_logging(verbose)
        with user_errors():
            _run(draft_file, fmt, out, language, template, notes, force)


def _run(draft_file: Path, fmt: str, out: Path | None, language: str | None, template: Path | None = None,
         notes: Path | None = None, force: bool = False) -> None:
    from assistant.errors import InputError
    from assistant.export import suggest_filename, to_docx, to_markdown
    from assistant.export_layout import flagged_figures
    from assistant.sections import parse_draft

    fmt = fmt.lower().lstrip(".")
    if fmt in ("markdown",):
        fmt = "md"
    if fmt not in ("docx", "md"):
        raise InputError(f"--format must be docx or md, not {fmt!r}")
    if language is not None and language not in ("zh", "en"):
        raise InputError(f"--language must be zh or en, not {language!r}")
    settings = load_settings()
    text = read_input_text(draft_file, settings.max_file_bytes)
    if not text.strip():
        raise InputError(f"{draft_file}: the draft is empty")
    notes_text = read_input_text(notes, settings.max_file_bytes) if notes is not None else None
    flagged = flagged_figures(text, notes_text) if fmt == "docx" and not force else []
    if flagged:
        typer.echo(f"{len(flagged)} flagged figure(s) in {draft_file.name}:", err=True)
        for line in flagged:
            typer.echo(f"  {line}", err=True)
        typer.echo("not exported: check them, or export anyway with --force.", err=True)
        raise typer.Exit(1)
    tree = parse_draft(text)
    if fmt == "md":
        md = to_markdown(tree)
        if out is None:
            sys.stdout.write(md)
            return
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(md, encoding="utf-8")
    else:
        target = out or Path.cwd() / suggest_filename(tree, ext="docx")
        chosen = template or (Path(settings.word_template) if settings.word_template.strip() else None)
        warnings: list[str] = []
        to_docx(tree, target, language=language, template=chosen, warnings=warnings)  # type: ignore[arg-type]
        for w in warnings:
            typer.echo(f"warning: {w}", err=True)
        out = target
    typer.echo(f"wrote {out}", err=True)
