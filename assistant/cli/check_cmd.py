"""`report-assistant check --notes NOTES DRAFT [--json]`: trace every figure of a draft to the notes.

Human output: one line per flagged (blocking) figure, then the summary line. ``--json`` prints one
object ``{"ok", "figures", "omitted", "summary"}`` (see ``CheckResult.to_json``). Exit code 0 when
no figure is blocking, 1 when one is, 2 on bad input (missing, empty or binary file).
``--examples PATH`` (a file or a folder, repeatable) gives the example reports the draft was written
with: an unsupported figure found in one of them is reported as a leak from that example, by title.

Offsets (``start``/``end``, ``note.start``/``note.end``) are Python string indices into the decoded
text: after the encoding is detected, a byte-order mark is dropped and CRLF/CR become LF. For a
UTF-8 file without BOM and with LF line ends they are the indices of ``open(path).read()``.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from assistant.cli.common import setup_logging, user_errors

if TYPE_CHECKING:
    from assistant.check import ExampleText

log = logging.getLogger(__name__)

_EXAMPLE_SUFFIXES = (".md", ".txt", ".docx", ".html", ".htm")


def _read_examples(paths: list[Path], max_bytes: int) -> list[ExampleText]:
    """Example reports from files and folders; the title is the front-matter ``title`` or the file name."""
    from assistant.check import ExampleText
    from assistant.cli.common import read_input_text
    from assistant.errors import InputError
    from assistant.ingest import read_front_matter

    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in _EXAMPLE_SUFFIXES and not p.name.upper().startswith("README")
            ))
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(f"{path}: example file or folder not found.")
    out: list[ExampleText] = []
    for file in files:
        meta, body = read_front_matter(read_input_text(file, max_bytes))
        out.append(ExampleText(title=meta.get("title") or file.stem, text=body))
    return out


def register(app: typer.Typer) -> None:
    @app.command("check")
    def check(
        draft_file: Annotated[Path, typer.Argument(help="The draft to check (.txt, .md, .docx).")],
        notes: Annotated[Path, typer.Option("--notes", help="The notes the draft was written from.")],
        as_json: Annotated[bool, typer.Option("--json", help="Print the full result as one JSON object.")] = False,
        language: Annotated[
            str | None, typer.Option("--language", help="Language of the reasons: zh or en (default: the draft's).")
        ] = None,
        examples: Annotated[
            list[Path] | None,
            typer.Option("--examples", help="Example reports (file or folder, repeatable): name leaks from them."),
        ] = None,
        verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Debug logging on stderr.")] = False,
    ) -> None:
        """Check that every figure in DRAFT comes from NOTES (exit 1 when one does not)."""
        setup_logging(verbose)
        from assistant.check import check_draft, format_summary
        from assistant.cli.common import load_settings, read_input_text
        from assistant.errors import InputError

        if language not in (None, "zh", "en"):
            typer.echo("error: --language must be zh or en.", err=True)
            raise typer.Exit(2)
        with user_errors(2):
            settings = load_settings()
            notes_text = read_input_text(notes, settings.max_file_bytes)
            draft_text = read_input_text(draft_file, settings.max_file_bytes)
            for path, text in ((notes, notes_text), (draft_file, draft_text)):
                if not text.strip():
                    raise InputError(f"{path.name}: the file is empty.")
            example_texts = _read_examples(examples or [], settings.max_file_bytes)
        result = check_draft(notes_text, draft_text, examples=example_texts, language="zh" if language == "zh" else (
            "en" if language == "en" else None))
        if as_json:
            typer.echo(json.dumps(result.to_json(), ensure_ascii=False))
        else:
            zh = result.language == "zh"
            for fc in result.figures:
                if not fc.blocking:
                    continue
                f = fc.figure
                where = f"第{f.line}行" if zh else f"line {f.line}"
                typer.echo(f"{draft_file.name}:{f.line}: [{fc.status}] {f.text} — {fc.reason}" if not zh
                           else f"{draft_file.name} {where} [{fc.status}] {f.text}：{fc.reason}")
            typer.echo(format_summary(result.summary, result.language))
        raise typer.Exit(0 if result.ok else 1)
