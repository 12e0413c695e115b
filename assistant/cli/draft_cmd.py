"""`report-assistant draft NOTES_FILE`: draft the report from a notes file.

Markdown goes to stdout (or ``--out FILE``); ``--json`` prints the sections with ids, titles, text and
the note item ids each used, and ``warnings``. Progress (provider, examples, the streamed sections) goes
to stderr: the raw token stream when stderr is a terminal or ``--stream`` is given, otherwise one line
per section. Each warning (a notes line that reads like an instruction to the assistant, drafted as
ordinary text) is printed on stderr as ``warning: …``.

With a model (and ``draft_polish`` on, the default) the offline draft comes first: it is written at once
(to ``--out`` or stdout) with the stderr line ``instant draft: …``, before the model is started (the local
llama.cpp server takes seconds to start; ``auto`` counts as a model when one is configured or installed);
each section's polish is reported on
stderr (``polished: …`` / ``kept offline: … (reason)``), then the final draft is written (``--out`` is
overwritten; on stdout it follows the instant draft after a ``---`` line).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from assistant.cli.common import load_settings, setup_logging, user_errors

if TYPE_CHECKING:
    from typing import TextIO

    from assistant.documents import Hit
    from assistant.drafting.model import Draft
    from assistant.notes import Notes
    from assistant.outline import Outline
    from assistant.services.container import Services
    from assistant.services.session import SectionRetrieve
    from assistant.settings import Settings

log = logging.getLogger(__name__)


def _read_notes(path: Path, max_bytes: int) -> str:
    from assistant.cli.common import read_input_text

    return read_input_text(path, max_bytes)


def find_examples(settings: Settings, notes: Notes) -> tuple[list[Hit], str]:
    """Style examples from the knowledge index when one exists; (hits, a line saying what happened)."""
    hits, _retrieve, line = find_section_examples(settings, notes)
    return hits, line


def find_section_examples(settings: Settings, notes: Notes, services: Services | None = None,
                          ) -> tuple[list[Hit], SectionRetrieve | None, str]:
    """:func:`find_examples` plus a ``draft_report(retrieve=)`` callable that gives each section its
    own examples (None without an index). ``services`` (default: one made here) opens the index."""
    from assistant.errors import AssistantError
    from assistant.services.container import Services
    from assistant.services.session import index_examples

    if not (settings.index_dir / "manifest.json").exists() and not any(settings.index_dir.glob("*.json")):
        return [], None, "no knowledge index found: drafting without examples (run `report-assistant index`)"
    services = services or Services(settings, open_store=False)
    try:
        if not services.index().exists:
            return [], None, ("the knowledge index is empty: drafting without examples "
                              "(run `report-assistant index`)")
        retriever = services.retriever()
        if retriever is None:
            return [], None, f"examples unavailable ({services.retriever_error}): drafting without examples"
        hits, retrieve = index_examples(retriever, notes)
    except (AssistantError, ImportError) as exc:
        return [], None, f"examples unavailable ({exc}): drafting without examples"
    titles = sorted({h.chunk.report_title for h in hits})
    return hits, retrieve, (f"style examples: {len(hits)} passage(s) from {', '.join(titles) or 'none'}; "
                            "each section retrieves its own")


def expects_model(settings: Settings, provider: str) -> bool:
    """Whether ``provider`` (a name or ``auto``) will draft with a model, found without starting one."""
    from assistant.llm.providers import local_available, openai_configured

    name = provider.lower()
    if name in ("openai", "local"):
        return True
    return name == "auto" and (openai_configured(settings) or local_available(settings))


def instant_draft(notes: Notes, outline: Outline, provider: str) -> Draft:
    """The offline writer's draft of ``notes`` in ``outline``: what the polish starts from (milliseconds)."""
    from assistant.drafting.pipeline import draft_report, run_draft

    return run_draft(draft_report(notes, model=None, outline=outline, provider=provider, check=False))


def _write_instant(draft: Draft, out: Path | None, as_json: bool, err: TextIO, *, starting: bool) -> None:
    output = draft.dumps() + "\n" if as_json else draft.to_markdown()
    if out is not None:
        out.write_text(output, encoding="utf-8")
    else:
        sys.stdout.write(output)
        sys.stdout.write("\n---\n\n")
        sys.stdout.flush()
    where = str(out) if out is not None else "stdout"
    then = ("starting the model to polish it section by section" if starting
            else "the model now polishes it section by section")
    err.write(f"instant draft: {where} ({len(draft.sections)} sections, offline); {then}\n")
    err.flush()


def register(app: typer.Typer) -> None:
    @app.command("draft")
    def draft(
        notes_file: Annotated[Path, typer.Argument(help="Notes file (.txt, .md, .docx).")],
        provider: Annotated[str | None, typer.Option(
            "--provider", "-p", help="auto | openai | local | offline (default: settings, auto).")] = None,
        out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the draft to this file.")] = None,
        as_json: Annotated[bool, typer.Option(
            "--json", help="Print sections as JSON instead of Markdown.")] = False,
        structure: Annotated[str | None, typer.Option(
            "--structure", help='Another structure, e.g. "分成四部分", "no problems section", '
                                '"sections: A; B; C".')] = None,
        examples: Annotated[bool, typer.Option(
            "--examples/--no-examples", help="Use retrieved example reports for style.")] = True,
        check: Annotated[bool, typer.Option(
            "--check/--no-check", help="Check every figure against the notes.")] = True,
        stream: Annotated[bool | None, typer.Option(
            "--stream/--no-stream", help="Stream the model's tokens to stderr (default: when a terminal).")] = None,
        outline: Annotated[Path | None, typer.Option(
            "--outline", help="Draft following this edited outline (from `outline NOTES --json`).")] = None,
        indicators: Annotated[str, typer.Option(
            "--indicators", help="Key indicators table: summary (end of the summary part) | appendix | none.")
        ] = "summary",
        verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Debug logging on stderr.")] = False,
    ) -> None:
        """Draft a summary-and-plan report from NOTES_FILE, section by section."""
        setup_logging(verbose)
        with user_errors():
            _run(notes_file, provider, out, as_json, structure, examples, check, stream,
                 outline_file=outline, indicators=indicators)


def _run(notes_file: Path, provider: str | None, out: Path | None, as_json: bool, structure: str | None,
         use_examples: bool, check: bool, stream: bool | None, *, outline_file: Path | None = None,
         indicators: str = "summary") -> None:
    from assistant.errors import InputError, ModelError
    from assistant.notes import parse_notes, year_warnings
    from assistant.outline import make_outline, parse_structure_request
    from assistant.services.container import Services
    from assistant.services.events import (
        DraftDone,
        DraftInterrupted,
        InstantDraft,
        RepairAttempt,
        SectionDone,
        SectionPolished,
        SectionStarted,
        Token,
    )
    from assistant.services.outline_ops import finish_markdown
    from assistant.services.session import draft_notes

    settings = load_settings()
    text = _read_notes(notes_file, settings.max_file_bytes)
    if len(text) > settings.max_notes_chars:
        raise InputError(f"{notes_file}: the notes are longer than {settings.max_notes_chars} characters")
    notes = parse_notes(text)
    options = parse_structure_request(structure) if structure else None
    if structure and options is None:
        raise InputError(f"--structure {structure!r} was not understood; say e.g. \"分成四部分\", \"不要问题部分\", "
                         f"\"按季度\", \"no challenges section\", \"two parts\" or \"sections: A; B; C\"")
    if stream is None:
        stream = sys.stderr.isatty()
    err = sys.stderr
    from assistant.cli.outline_cmd import outline_options

    outline, placement = outline_options(notes, outline_file, indicators, settings.max_file_bytes)
    services = Services(settings, provider_name=provider, open_store=False)
    early = None  # the instant draft, written before the model (a local server takes a while to start)
    if settings.draft_polish and expects_model(settings, provider or settings.provider):
        outline = outline or make_outline(notes, [], options)  # as the session's instant draft: no examples yet
        early = instant_draft(notes, outline, provider or settings.provider)
        _write_instant(early, out, as_json, err, starting=True)
    try:
        handle = services.provider(language=notes.language)
    except BaseException:
        services.close()
        raise
    try:
        if handle.banner:
            err.write(handle.banner + "\n")
        err.write(f"provider: {handle.describe()}\n")
        hits: list[Any] = []
        retrieve = None
        if use_examples and handle.model is not None:
            hits, retrieve, line = find_section_examples(settings, notes, services)
            err.write(line + "\n")
        final = None
        polished = False  # an instant draft was written; the model polished it
        interrupted: DraftInterrupted | None = None
        for event in draft_notes(services, notes, provider=handle, hits=hits, options=options, check=check,
                                 retrieve=retrieve, outline=outline):
            if isinstance(event, DraftInterrupted):  # a model fault: the DraftDone after it keeps what was drafted
                interrupted = event
                if interrupted.kept_sections == 0:  # nothing worth writing
                    raise interrupted.error
            elif isinstance(event, SectionStarted):
                if stream:
                    err.write(f"\n{'#' * (event.level + 1)} {event.heading}\n")
            elif isinstance(event, Token):
                if stream:
                    err.write(event.text)
                    err.flush()
            elif isinstance(event, RepairAttempt):
                err.write(f"\n[repair {event.attempt}: {'; '.join(event.problems)}]\n")
            elif isinstance(event, SectionDone) and not polished:
                s = event.section
                if not stream:
                    summary = ", ".join(f"{k} {v}" for k, v in (event.check or {}).items())
                    err.write(f"{s.heading}{'  (' + summary + ')' if summary else ''}\n")
                if s.unverified:
                    err.write(f"  {s.unverified} figure(s) marked unverified in {s.heading}\n")
            elif isinstance(event, InstantDraft):
                if early is None:  # written above when the model was expected; otherwise now
                    _write_instant(event.draft, out, as_json, err, starting=False)
                else:
                    err.write("the model now polishes the draft section by section\n")
                    err.flush()
                polished = True
            elif isinstance(event, SectionPolished):
                what = "polished" if event.accepted else f"kept offline ({event.reason}: {event.detail})"
                err.write(f"  {event.section_id}: {what}\n")
                err.flush()
            elif isinstance(event, DraftDone):
                final = event.draft
        if stream:
            err.write("\n")
        assert final is not None
        for warning in final.warnings:  # a notes line that reads like an instruction to the assistant
            err.write(f"warning: {warning}\n")
        for warning in year_warnings(notes):  # no year in the notes: the report shows 【年份】, never a guess
            err.write(f"warning: {warning}\n")
        output = final.dumps() + "\n" if as_json else finish_markdown(
            notes, outline or make_outline(notes, hits, options), final.to_markdown(), placement)
        if out is not None:
            out.write_text(output, encoding="utf-8")
            err.write(f"wrote {out}\n")
        else:
            sys.stdout.write(output)
        if interrupted is not None and polished:
            raise ModelError(f"{interrupted.error}\nThe model stopped while polishing; the sections it had not "
                             "polished keep their offline text, and the draft was written.")
        if interrupted is not None:
            raise ModelError(
                f"{interrupted.error}\nThe draft so far was written; the interrupted section "
                f"({interrupted.heading}) is marked. Redo it with: report-assistant rewrite DRAFT --notes NOTES "
                f"--section '{interrupted.heading}' --instruction 重写"
            )
    finally:
        services.close()
