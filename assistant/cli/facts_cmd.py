"""`report-assistant facts NOTES [--json]`: the notes' fact table.

One row per figure of the notes: indicator, value, period, role (achieved / target / forecast /
baseline / problem), comparison base and direction, and the note line(s) it came from, with headers in
the notes' language. ``--json`` prints ``{"language", "year_missing", "facts": [...]}`` (each fact as
``Fact.to_json`` plus its display ``row``). Exit code 0, or 2 on bad input (missing, empty or binary
file; the file is read with the project's decoder, so GB18030 / UTF-16 notes work).
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.common import setup_logging, user_errors

_HEADERS = {
    "zh": {"id": "编号", "indicator": "指标", "value": "数值", "period": "时期", "role": "性质", "change": "比较/方向",
           "line": "笔记行"},
    "en": {"id": "id", "indicator": "indicator", "value": "value", "period": "period", "role": "role",
           "change": "base/direction", "line": "note line"},
}
_COLUMNS = ("id", "indicator", "value", "period", "role", "change", "line")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def format_table(rows: list[dict[str, str]], language: str) -> str:
    """The rows as an aligned plain-text table (wide characters count double)."""
    headers = _HEADERS["zh" if language == "zh" else "en"]
    table = [[headers[c] for c in _COLUMNS], *[[r[c] for c in _COLUMNS] for r in rows]]
    widths = [max(_width(row[k]) for row in table) for k in range(len(_COLUMNS))]
    lines = ["  ".join(_pad(cell, widths[k]) for k, cell in enumerate(row)).rstrip() for row in table]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def register(app: typer.Typer) -> None:
    @app.command("facts")
    def facts(
        notes_file: Annotated[Path, typer.Argument(help="The notes (.txt, .md, .docx; UTF-8, GB18030, UTF-16).")],
        as_json: Annotated[bool, typer.Option("--json", help="Print the fact table as one JSON object.")] = False,
        verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Debug logging on stderr.")] = False,
    ) -> None:
        """Print the fact table of NOTES: each figure's indicator, value, period, role and note line."""
        setup_logging(verbose)
        from assistant.cli.common import load_settings, read_input_text
        from assistant.errors import InputError
        from assistant.facts import build_facts
        from assistant.notes import parse_notes

        with user_errors(2):
            settings = load_settings()
            text = read_input_text(notes_file, settings.max_file_bytes)
            if not text.strip():
                raise InputError(f"{notes_file.name}: the file is empty.")
            notes = parse_notes(text)
        table = build_facts(notes)
        language = notes.language
        if as_json:
            payload = {
                "language": language,
                "year_missing": notes.year_missing,
                "facts": [{**f.to_json(), "row": f.row(language)} for f in table.facts],
            }
            typer.echo(json.dumps(payload, ensure_ascii=False))
            return
        if not table.facts:
            typer.echo("笔记中没有数字。" if language == "zh" else "The notes hold no figures.")
        else:
            typer.echo(format_table(table.rows(language), language))
        if notes.year_missing:
            typer.echo("注意：笔记中没有年份，报告中以【年份】标出，请补上。" if language == "zh"
                       else "Note: the notes give no year; the report shows [year] for you to fill in.")
