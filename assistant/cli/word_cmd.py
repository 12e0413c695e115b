"""`report-assistant word-import EDITED.docx --notes NOTES [--previous DRAFT.md] [--json]`.

Reads a Word copy of a draft after it was edited (tracked changes in their accepted state, comments
listed) and prints the sections found, the per-section diff against ``--previous`` (the version the
.docx was exported from), the comments with the section they anchor to, the figures the edit changed
or added with the checker's status, and the summary line of the full figure check.
``--out FILE`` writes the re-imported draft text. ``--json`` prints one object (see
``WordEdit.to_json``). Exit code 0 when no figure is flagged, 1 when one is, 2 on bad input.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from assistant.cli.common import setup_logging, user_errors

if TYPE_CHECKING:
    from assistant.word_edit import WordEdit


def register(app: typer.Typer) -> None:
    @app.command("word-import")
    def word_import(
        docx_file: Annotated[Path, typer.Argument(help="The edited Word document (.docx).")],
        notes: Annotated[Path, typer.Option("--notes", help="The notes the draft was written from.")],
        previous: Annotated[Path | None, typer.Option(
            "--previous", help="The draft version the .docx was exported from (for the diff).")] = None,
        out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the re-imported draft here.")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print the full result as one JSON object.")] = False,
        verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Debug logging on stderr.")] = False,
    ) -> None:
        """Read an edited .docx back into a draft; diff it, list comments, re-check every figure."""
        setup_logging(verbose)
        from assistant.cli.common import load_settings, read_input_text
        from assistant.errors import InputError
        from assistant.word_edit import reimport_docx

        with user_errors(2):
            settings = load_settings()
            if docx_file.suffix.lower() not in (".docx", ".docm"):
                raise InputError(f"{docx_file.name}: expected a Word .docx file.")
            notes_text = read_input_text(notes, settings.max_file_bytes)
            if not notes_text.strip():
                raise InputError(f"{notes.name}: the file is empty.")
            previous_text = read_input_text(previous, settings.max_file_bytes) if previous is not None else None
            edit = reimport_docx(docx_file, notes_text=notes_text, previous_text=previous_text,
                                 max_bytes=settings.max_file_bytes)
            if out is not None:
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_text(edit.text, encoding="utf-8")
        if as_json:
            typer.echo(json.dumps(edit.to_json(), ensure_ascii=False))
        else:
            _print(edit, previous is not None)
        if out is not None:
            typer.echo(f"wrote {out}", err=True)
        raise typer.Exit(0 if edit.check.ok else 1)


def _print(edit: WordEdit, has_previous: bool) -> None:
    from assistant.check import STATUS_ZH, format_summary

    zh = edit.check.language == "zh"
    echo = typer.echo
    echo("章节：" if zh else "Sections:")
    if edit.tree.title:
        echo(f"  {edit.tree.title}")
    for s in edit.tree.walk():
        echo(f"  {'  ' * (s.level - 1)}{s.id} {s.label or ('正文' if zh else 'body')}")
    if has_previous:
        changed = edit.changed_sections
        echo(("修改的章节：" if zh else "Changed sections:") + ("" if changed else (" 无" if zh else " none")))
        names = {"changed": "修改", "renamed": "改名", "added": "新增", "removed": "删除"}
        for c in changed:
            status = names.get(c.status, c.status) if zh else c.status
            title = c.title or edit.section_label(c.section_id)
            echo(f"  [{status}] {c.section_id} {title}" + (f" (← {c.old_title})" if c.old_title else ""))
            for old, new in c.modified:
                echo(f"    - {old}")
                echo(f"    + {new}")
            for p in c.removed:
                echo(f"    - {p}")
            for p in c.added:
                echo(f"    + {p}")
    if edit.tracked:
        echo(("修订（已按接受处理）：" if zh else "Tracked changes (read as accepted):") + f" {len(edit.tracked)}")
        for t in edit.tracked:
            echo(f"  [{t.kind}] {t.author or '?'}: {t.text}")
    echo(("批注：" if zh else "Comments:") + f" {len(edit.comments)}")
    for cm in edit.comments:
        where = edit.section_label(edit.comment_sections.get(cm.comment_id, ""))
        anchor = cm.anchor if len(cm.anchor) <= 30 else cm.anchor[:29] + "…"
        echo(f"  {cm.author or '?'} @ {where}: {cm.text}" + (f"  〔{anchor}〕" if anchor else ""))
    if edit.changed_figures and has_previous:
        echo("改动的数字：" if zh else "Changed figures:")
        for cf in edit.changed_figures:
            fc = cf.check
            status = STATUS_ZH.get(fc.status, fc.status) if zh else fc.status
            flag = "!" if fc.blocking else " "
            echo(f" {flag} {fc.figure.text} [{status}] {edit.section_label(cf.section_id)}: {fc.reason}")
    for m in edit.markers:
        echo(("待核实标记" if zh else "to-verify marker") + f" {m.figure} @ {edit.section_label(m.section_id)}")
    listed = {id(cf.check) for cf in edit.changed_figures} if has_previous else set()
    flagged = [fc for fc in edit.flagged if id(fc) not in listed]
    if flagged:
        echo("其他存疑的数字：" if zh and listed else "存疑的数字：" if zh else
             "Other flagged figures:" if listed else "Flagged figures:")
    for fc in flagged:
        status = STATUS_ZH.get(fc.status, fc.status) if zh else fc.status
        echo(f" ! {fc.figure.text} [{status}] line {fc.figure.line}: {fc.reason}")
    echo(format_summary(edit.check.summary, edit.check.language))
