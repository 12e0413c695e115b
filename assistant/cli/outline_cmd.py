"""`report-assistant outline NOTES [--json]`: the proposed outline of a report from NOTES.

Prints the outline in the editor's text form (``## 一、…`` parts, ``### （一）…`` subsections, ``- n3 …``
note items), or with ``--json`` the outline object (:meth:`Outline.to_json`: sections with their ids,
titles, kinds, ``locked`` and the note item ids under each) plus ``items`` (id → note text). Edit that
file and draft from it: ``report-assistant draft NOTES --outline outline.json``. ``--structure`` asks for
another structure as in ``draft``. Exit code 0, or 2 on bad input.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from assistant.cli.common import setup_logging, user_errors

if TYPE_CHECKING:
    from assistant.indicators import Placement
    from assistant.notes import Notes
    from assistant.outline import Outline


def read_outline_file(path: Path, notes: Notes, max_bytes: int) -> Outline:
    """An edited outline file for ``notes``: JSON (``outline --json``) or the text form; ``InputError``
    when it cannot be read or does not place every note item exactly once."""
    from assistant.errors import InputError
    from assistant.outline_edit import outline_from_json, outline_from_text
    from assistant.textio import decode_bytes

    if not path.is_file():
        raise InputError(f"{path}: no such outline file")
    if path.stat().st_size > max_bytes:
        raise InputError(f"{path}: the outline file is larger than {max_bytes} bytes")
    text, _encoding = decode_bytes(path.read_bytes(), name=str(path))
    if text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}: not valid JSON ({exc.msg}, line {exc.lineno})") from None
        try:
            return outline_from_json(notes, data)
        except InputError as exc:
            raise InputError(f"{path}: {exc}") from None
    try:
        return outline_from_text(notes, text)
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None


def register(app: typer.Typer) -> None:
    @app.command("outline")
    def outline(
        notes_file: Annotated[Path, typer.Argument(help="The notes (.txt, .md, .docx).")],
        as_json: Annotated[bool, typer.Option("--json", help="Print the outline as JSON (with note item ids).")] = False,
        structure: Annotated[str | None, typer.Option(
            "--structure", help='Another structure, e.g. "分成四部分", "no problems section".')] = None,
        verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Debug logging on stderr.")] = False,
    ) -> None:
        """Print the outline a draft of NOTES_FILE would follow (edit it, then `draft --outline`)."""
        setup_logging(verbose)
        from assistant.cli.common import load_settings, read_input_text
        from assistant.errors import InputError
        from assistant.notes import parse_notes
        from assistant.outline import make_outline, parse_structure_request
        from assistant.outline_edit import outline_to_text

        with user_errors():
            settings = load_settings()
            notes = parse_notes(read_input_text(notes_file, settings.max_file_bytes))
            options = parse_structure_request(structure) if structure else None
            if structure and options is None:
                raise InputError(f"--structure {structure!r} was not understood")
            result = make_outline(notes, options=options)
            if as_json:
                data = result.to_json()
                data["items"] = {i.item_id: i.text for i in notes.items}
                typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
            else:
                typer.echo(outline_to_text(result, notes), nl=False)


def outline_options(notes: Notes, outline_file: Path | None, indicators: str,
                    max_bytes: int) -> tuple[Outline | None, Placement]:
    """``draft``'s ``--outline`` and ``--indicators``: the outline to follow (the file's; None: the proposed
    one) and the table placement; ``InputError`` on a bad value."""
    from assistant.errors import InputError
    from assistant.indicators import parse_placement

    try:
        placement = parse_placement(indicators)
    except ValueError as exc:
        raise InputError(f"--indicators: {exc}") from None
    if outline_file is not None:
        return read_outline_file(outline_file, notes, max_bytes), placement
    return None, placement
