"""`report-assistant rewrite DRAFT --notes NOTES --section REF --instruction TEXT`: rewrite one section.

``REF`` is a section id (``s2``, ``s2.1``), a number (``2``, ``第二部分``, ``section 3``), a heading
marker (``二、``, ``（一）``) or title words (``存在的问题``, ``the plan``). An ambiguous or unknown
reference exits with status 2 and prints the question (or the list of sections) on stderr.

The whole draft, with only that section changed, goes to stdout or ``--out``; ``--json`` prints the
result with the section's figure check. Facts typed in the instruction become a new notes line:
``--notes-out FILE`` writes the extended notes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from assistant.cli.common import load_settings, read_input_text, setup_logging, user_errors
from assistant.lang import detect_language


def register(app: typer.Typer) -> None:
    @app.command("rewrite")
    def rewrite(
        draft_file: Annotated[Path, typer.Argument(help="The draft (.md, .txt or .docx).")],
        notes: Annotated[Path, typer.Option("--notes", "-n", help="The notes the draft was written from.")],
        section: Annotated[str, typer.Option("--section", "-s", help="Section id, number or title words.")],
        instruction: Annotated[str, typer.Option("--instruction", "-i", help="How to change it.")],
        provider: Annotated[str | None, typer.Option(
            "--provider", "-p", help="auto | openai | local | offline (default: settings, auto).")] = None,
        out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the new draft to this file.")] = None,
        notes_out: Annotated[Path | None, typer.Option(
            "--notes-out", help="Write the notes, with facts from the instruction added, to this file.")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
        examples: Annotated[bool, typer.Option(
            "--examples/--no-examples", help="Use retrieved example reports for style (model only).")] = True,
        check: Annotated[bool, typer.Option("--check/--no-check", help="Re-check the section's figures.")] = True,
        verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Debug logging on stderr.")] = False,
    ) -> None:
        """Rewrite one section of DRAFT_FILE; every other section stays byte-identical."""
        setup_logging(verbose)
        with user_errors():
            code = _run(draft_file, notes, section, instruction, provider, out, notes_out, as_json, examples, check)
        if code:
            raise typer.Exit(code)


def _run(draft_file: Path, notes_file: Path, ref: str, instruction: str, provider: str | None,
         out: Path | None, notes_out: Path | None, as_json: bool, use_examples: bool, check: bool) -> int:
    from assistant.sections import parse_draft
    from assistant.services.container import Services
    from assistant.services.events import RewriteDone, RewriteRepair
    from assistant.services.intents import Ambiguity, NotFound, resolve_section_ref
    from assistant.services.session import rewrite_text

    settings = load_settings()
    draft_text = read_input_text(draft_file, settings.max_file_bytes)
    notes_text = read_input_text(notes_file, settings.max_file_bytes)
    tree = parse_draft(draft_text)
    target = resolve_section_ref(tree, ref)
    if isinstance(target, Ambiguity):
        typer.echo(target.question, err=True)
        return 2
    if isinstance(target, NotFound):
        typer.echo(target.message, err=True)
        return 2
    language = detect_language(draft_text)
    err = sys.stderr
    services = Services(settings, provider_name=provider, open_store=False)
    handle = services.provider(language=language)
    try:
        if handle.banner:
            err.write(handle.banner + "\n")
        err.write(f"provider: {handle.describe()}\nsection: {target.id} {target.label}\n")
        hits: list[Any] = []
        if use_examples and handle.model is not None:
            from assistant.cli.draft_cmd import find_section_examples
            from assistant.notes import parse_notes

            hits, _retrieve, line = find_section_examples(settings, parse_notes(notes_text), services)
            err.write(line + "\n")
        result = None
        for event in rewrite_text(tree, target.id, instruction, notes_text, provider=handle, language=language,
                                  examples=hits, check=check):
            if isinstance(event, RewriteRepair):
                err.write(f"repair {event.section_id}: {'; '.join(event.problems)}\n")
            elif isinstance(event, RewriteDone):
                result = event.result
    finally:
        services.close()
    assert result is not None
    for line in result.added_notes:
        err.write(f"added to the notes: {line}\n")
    if result.check is not None:
        summary = " · ".join(f"{n} {k}" for k, n in result.check.items()) or "no figures"
        err.write(f"check: {summary}" + (f" · {result.unverified} marked 待核实/to verify" if result.unverified else "")
                  + "\n")
    if not result.changed:
        err.write("the section did not change\n")
    if notes_out is not None:
        notes_out.parent.mkdir(parents=True, exist_ok=True)
        notes_out.write_text(result.notes_text, encoding="utf-8")
    if as_json:
        payload = {
            "section_id": result.section_id,
            "instruction": result.instruction,
            "provider": result.provider,
            "changed": result.changed,
            "old_section": result.old_section,
            "new_section": result.new_section,
            "text": result.text,
            "notes_text": result.notes_text,
            "added_notes": result.added_notes,
            "check": result.check_json,
            "unverified": result.unverified,
            "repairs": result.repairs,
            "actions": result.actions,
        }
        rendered = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    else:
        rendered = result.text
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(result.text if as_json else rendered, encoding="utf-8")
        if as_json:
            sys.stdout.write(rendered)
        err.write(f"wrote {out}\n")
    else:
        sys.stdout.write(rendered)
    return 0
