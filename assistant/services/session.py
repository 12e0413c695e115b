"""The session workflow: draft, add notes, restructure, redraft, rewrite, answer, manual edit, restore,
undo — the one path the chat, the Knowledge tab and the CLI take.

:class:`SessionWorkflow` works on one stored session. Its streaming operations yield the pipeline's
typed events (:mod:`assistant.drafting.model`, :mod:`assistant.rewrite.engine`) as they arrive and end
with one outcome event (:class:`DraftBegun` first, :class:`Drafted` / :class:`Rewritten` last); it
persists the versions with their check, and returns the examples (hits) behind a draft for the caller's
chat message. A model fault during a draft keeps the finished sections (``draft_resilient``): the
version is stored whenever anything was drafted, whatever the caller (chat or Knowledge tab).

:func:`draft_notes` is the session-less draft the CLI streams.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from assistant.check import ExampleText, check_draft
from assistant.documents import Hit
from assistant.drafting.examples import SectionRetrieve as SectionRetrieve
from assistant.drafting.examples import retrieve_examples, unique_hits
from assistant.drafting.model import Draft, DraftDone, DraftEvent, DraftInterrupted, interrupted_marker
from assistant.drafting.pipeline import draft_resilient
from assistant.drafting.polish import StandingDraft, polish_marks, polish_report
from assistant.drafting.prompting import STYLE_EXCERPTS, notes_block
from assistant.drafting.repair import check_and_mark
from assistant.errors import AssistantError, StoreError
from assistant.facts import FactTable, fixed_facts
from assistant.knowledge import SteeredRetriever, load_choices
from assistant.llm.prompts import load_prompt, quote_data
from assistant.llm.providers import ProviderHandle
from assistant.locks import check_unlocked
from assistant.notes import Notes, parse_notes
from assistant.outline import Outline, OutlineOptions
from assistant.rewrite.engine import RewriteDone, RewriteEvent, RewriteResult, iter_rewrite
from assistant.sections import DraftTree, parse_draft
from assistant.services import outline_ops
from assistant.services.container import Services
from assistant.services.fact_edits import (
    Correction,
    corrected_notes,
    corrected_table,
    load_corrections,
    save_correction,
)
from assistant.store import Version
from assistant.workspaces import LOCAL, Workspace, workspace_of

log = logging.getLogger(__name__)

STRUCTURE_PIN = "meta:structure"  # a pins row (free-form JSON) holding the session's chosen structure


# ============================================================================================ events


@dataclass(frozen=True)
class DraftBegun:
    """First event of a session draft: what it is drafted from."""

    notes: Notes
    hits: list[Hit]
    options: OutlineOptions | None
    provider: str


@dataclass(frozen=True)
class Drafted:
    """Last event of a session draft. ``version`` is None when nothing was stored (a fault before any
    text); ``interrupted`` is the fault, when there was one."""

    draft: Draft | None
    markdown: str
    check: dict[str, Any] | None
    hits_json: list[dict[str, Any]]
    provider: str
    cause: str
    notes: Notes
    options: OutlineOptions | None
    version: Version | None
    interrupted: DraftInterrupted | None = None


@dataclass(frozen=True)
class Rewritten:
    """Last event of a rewrite: the result and the stored version (None when nothing changed)."""

    result: RewriteResult
    version: Version | None
    check: dict[str, Any] | None


SessionDraftEvent = DraftBegun | DraftEvent | DraftInterrupted | Drafted
SessionRewriteEvent = RewriteEvent | Rewritten


# ============================================================================================ helpers


def check_json(notes_text: str, draft_text: str, hits: Sequence[Hit] = (),
               facts: FactTable | None = None) -> dict[str, Any] | None:
    """The checker's JSON for ``draft_text`` against the notes (example passages for the leak check;
    ``facts``: the fact table with the user's corrections)."""
    examples = tuple(ExampleText(title=h.chunk.report_title, text=h.chunk.text) for h in hits if h.chunk.text)
    data = check_draft(notes_text, draft_text, examples=examples, facts=facts).to_json()
    return dict(data) if isinstance(data, Mapping) else None


def hit_json(hit: Hit) -> dict[str, Any]:
    """A hit as stored with a chat message, with its origin and pin when it has them."""
    data = dict(hit.as_json())
    extra = hit.chunk.extra
    if isinstance(extra, Mapping):
        for key in ("origin", "pinned"):
            if key in extra:
                data[key] = extra[key]
    return data


def draft_hits_json(draft: Draft | None, hits: Sequence[Hit]) -> list[dict[str, Any]]:
    """The examples behind a draft as stored with its message: each passage once, with
    ``draft_sections`` naming the sections (their parse_draft ids) that drew on it and
    ``pinned_sections`` those where it came in as a pin; the whole-draft
    ``hits`` (no ``draft_sections``) when no section recorded any."""
    out: dict[str, dict[str, Any]] = {}
    for section in draft.sections if draft is not None else ():
        sid = section.draft_id
        for hit in section.example_hits:
            data = out.setdefault(str(hit.chunk.chunk_id), {**hit_json(hit), "draft_sections": [],
                                                            "pinned_sections": []})
            if sid and sid not in data["draft_sections"]:
                data["draft_sections"].append(sid)
            pinned = hit.chunk.extra.get("pinned") if isinstance(hit.chunk.extra, Mapping) else None
            if pinned:  # pinned for this section (or its part, or the whole draft)
                data.setdefault("pinned", pinned)
                if sid and sid not in data["pinned_sections"]:
                    data["pinned_sections"].append(sid)
    if out:
        return list(out.values())
    return [hit_json(h) for h in hits]


def used_hits(draft: Draft | None, hits: Sequence[Hit]) -> list[Hit]:
    """Every example passage in play for a draft (whole-draft and per-section), for the leak check."""
    return unique_hits(hits, *(s.example_hits for s in (draft.sections if draft is not None else ())))


def index_examples(retriever: Any, notes: Notes) -> tuple[list[Hit], SectionRetrieve]:
    """Style examples for ``notes`` from ``retriever`` (``.search(query, k, language=)``), and the
    ``retrieve`` callable that gives each section its own."""
    hits = retrieve_examples(retriever, notes)

    def retrieve(query: str, language: str) -> list[Hit]:
        return list(retriever.search(query, STYLE_EXCERPTS, language=language))

    return hits, retrieve


def rewrite_text(tree: DraftTree, section_id: str, instruction: str, notes_text: str, *,
                 provider: ProviderHandle, language: str | None = None, examples: Sequence[Hit] = (),
                 check: bool = True) -> Iterator[RewriteEvent]:
    """A session-less rewrite of one section of ``tree`` (the CLI's path): the rewrite's events."""
    return iter_rewrite(tree, section_id, instruction, notes_text, model=provider.model, language=language,
                        examples=examples, provider=provider.name, check=check)


def draft_notes(services: Services, notes: Notes, *, provider: ProviderHandle, hits: Sequence[Hit] = (),
                options: OutlineOptions | None = None, check: bool = True,
                retrieve: SectionRetrieve | None = None,
                outline: Outline | None = None,
                late_hits: Callable[[], Sequence[Hit]] | None = None,
                section_checks: bool = True) -> Iterator[DraftEvent | DraftInterrupted]:
    """A draft of ``notes`` with ``provider``'s model (the CLI's and the session's path): the pipeline's
    events, a model fault ending in ``DraftInterrupted`` and a ``DraftDone`` keeping what was drafted.

    With a model and ``settings.draft_polish`` (the default) the offline draft comes first
    (``InstantDraft``) and the model polishes it section by section (:mod:`assistant.drafting.polish`);
    ``late_hits`` then finds the examples after the instant draft. Otherwise the model drafts each
    section from the notes (``late_hits`` is called first). ``section_checks=False``: an offline draft's
    sections are left unchecked for the caller's one whole-draft check (:func:`check_and_mark`)."""
    if provider.model is not None and polish_enabled(services):
        return polish_report(notes, model=provider.model, hits=list(hits), late_hits=late_hits, options=options,
                             outline=outline,
                             provider=provider.name, banner=provider.banner, check=check, retrieve=retrieve,
                             local=provider.profile.small_model or None)
    if late_hits is not None:
        hits = [*hits, *late_hits()]
    return draft_resilient(notes, model=provider.model, hits=list(hits), options=options, outline=outline,
                           provider=provider.name,
                           banner=provider.banner, check=check, retrieve=retrieve,
                           local=provider.profile.small_model or None, section_checks=section_checks)


def polish_enabled(services: Services) -> bool:
    """Whether a model draft starts from the instant offline draft (``Settings.draft_polish``)."""
    return services.settings.draft_polish


# ============================================================================================ workflow


class SessionWorkflow:
    """The operations on one stored session (``services.store``)."""

    check_once = True  # an offline draft is checked once, whole (False: per section, then whole: the old path)

    def __init__(self, services: Services, session_id: str) -> None:
        self.services = services
        self.store = services.store
        self.session_id = session_id

    def workspace(self) -> Workspace:
        """The workspace this session belongs to: its examples are the only uploads it retrieves."""
        owner = self.store.get_session(self.session_id).owner
        return workspace_of(self.services.settings, self.store, None if owner == LOCAL else owner)

    # --- structure -------------------------------------------------------------------------------
    def structure(self) -> OutlineOptions | None:
        """The structure chosen in this session's chat (None: the default outline)."""
        for example_id, data in self.store.list_pins(self.session_id):
            if example_id != STRUCTURE_PIN or not isinstance(data, Mapping):
                continue
            try:
                group_by = str(data.get("group_by") or "topic")
                parts = data.get("parts")
                return OutlineOptions(
                    problems="merge" if data.get("problems") == "merge" else "section",
                    custom_titles=tuple(str(x) for x in data.get("custom_titles") or ()),
                    parts=int(parts) if parts else None,
                    group_by=group_by if group_by in ("topic", "quarter", "none") else "topic",  # type: ignore[arg-type]
                )
            except (TypeError, ValueError):
                log.warning("ignoring an unreadable stored structure: %r", data)
        return None

    def save_structure(self, options: OutlineOptions) -> None:
        outline_ops.clear_outline(self.store, self.session_id)  # a new structure replaces an edited outline
        self.store.pin_example(self.session_id, STRUCTURE_PIN, {
            "problems": options.problems, "custom_titles": list(options.custom_titles), "parts": options.parts,
            "group_by": options.group_by,
        })

    # --- fact corrections (the figures tab) -------------------------------------------------------
    def fact_corrections(self) -> dict[str, Correction]:
        """The user's corrections of the notes' fact table (kept in the pins row ``meta:facts``)."""
        return load_corrections(self.store, self.session_id)

    def fact_table(self) -> FactTable | None:
        """The fact table of the session's notes with the corrections applied (None: no notes yet)."""
        text = self.notes_text()
        if not text.strip():
            return None
        return corrected_table(parse_notes(text), self.fact_corrections())

    def corrected_facts(self, notes_text: str) -> FactTable | None:
        """The corrected fact table the checker uses (None: no correction, the checker builds its own)."""
        return fixed_facts(self.corrected_notes(parse_notes(notes_text))) if notes_text.strip() else None

    def corrected_notes(self, notes: Notes) -> Notes:
        """``notes`` re-placed by the session's fact-role corrections (every draft goes through it)."""
        return corrected_notes(notes, self.fact_corrections())

    def correct_fact(self, fact_id: str, *, role: str | None = None, period: str | None = None) -> Correction:
        """Store a correction of one fact's role and/or period (``InputError`` for an unknown fact, role
        or period); the caller redrafts (:meth:`draft` with cause ``redraft``) to re-place and re-check."""
        text = self.notes_text()
        if not text.strip():
            raise AssistantError("还没有笔记。 / There are no notes yet.")
        return save_correction(self.store, self.session_id, parse_notes(text), fact_id, role=role, period=period)

    # --- examples --------------------------------------------------------------------------------
    def examples(self, notes: Notes) -> list[Hit]:
        """The style examples for a draft of ``notes`` with the session's example choices applied
        (pins first); none when the index is not ready or fails."""
        retriever = self.services.retriever()
        if retriever is None:
            return []
        try:
            steered = SteeredRetriever(retriever, load_choices(self.store, self.session_id), workspace=self.workspace())
            hits = list(retrieve_examples(steered, notes))
            # retrieve_examples keeps the first hit per query; make sure every pin is in the list
            pinned = [h for h in steered.search(" ".join(i.text for i in notes.items[:6]) or notes.text[:300],
                                                len(hits) or 1, language=notes.language)
                      if h.chunk.extra.get("pinned")]
            have = {h.chunk.chunk_id for h in hits}
            return [*[h for h in pinned if h.chunk.chunk_id not in have], *hits]
        except AssistantError as exc:
            log.warning("example retrieval failed: %s", exc)
        except Exception:
            log.exception("example retrieval failed")
        return []

    def section_retrieve(self) -> SectionRetrieve | None:
        """Each section's own examples, with the session's pins and excludes for that section applied
        (None when the index is not ready: the draft then uses the whole-draft examples)."""
        retriever = self.services.retriever()
        if retriever is None:
            return None
        return SteeredRetriever(retriever, load_choices(self.store, self.session_id),
                                workspace=self.workspace()).for_sections(STYLE_EXCERPTS)

    def _lazy_section_retrieve(self, fallback: list[Hit]) -> SectionRetrieve:
        """:meth:`section_retrieve`, opened at its first call (after the instant draft); without an
        index it answers ``fallback`` (the whole-draft examples)."""
        opened: list[SectionRetrieve | None] = []

        def retrieve(query: str, language: str, section: str = "") -> list[Hit]:
            if not opened:
                opened.append(self.section_retrieve())
            inner = opened[0]
            if inner is None:
                return list(fallback)
            return list(inner(query, language, section=section))

        return retrieve

    # --- drafting --------------------------------------------------------------------------------
    def set_notes(self, text: str, *, cause: str) -> None:
        self.store.set_notes(self.session_id, text, cause=cause)

    def add_notes(self, text: str) -> str:
        """Append ``text`` to the session's notes; the combined notes."""
        notes = self.store.get_notes(self.session_id)
        combined = (notes.text.rstrip("\n") + "\n" + text) if notes is not None and notes.text.strip() else text
        self.store.set_notes(self.session_id, combined, cause="added")
        return combined

    def notes_text(self) -> str:
        notes = self.store.get_notes(self.session_id)
        return notes.text if notes is not None else ""

    def draft(self, notes_text: str, *, cause: str, instruction: str | None = None) -> Iterator[SessionDraftEvent]:
        """Draft the notes (cause ``first_draft``, ``added_notes``, ``restructure`` or ``redraft``) with the
        session's structure and example choices: :class:`DraftBegun`, the pipeline's events, then
        :class:`Drafted` after the version is stored (on a fault: stored when anything was drafted).

        A Stop or a fault during the polish stores the draft as it stands (polished sections and the
        offline rest) with ``check["polish_partial"]`` (``reason``: the fault's kind, e.g. ``cancelled``);
        a caller that closes this generator mid-polish (the browser went away) gets the same, reason
        ``disconnect``."""
        notes = self.corrected_notes(parse_notes(notes_text))
        self.store.set_session_language(self.session_id, notes.language)
        options = self.structure()
        handle = self.services.provider()
        hits: list[Hit] = []

        def late_hits() -> list[Hit]:  # with polish: found after the instant draft, so it never waits
            hits.extend(self.examples(notes))
            return hits

        instant = handle.model is not None and polish_enabled(self.services)
        if not instant:
            late_hits()
        retrieve = self._lazy_section_retrieve(hits) if instant else self.section_retrieve()
        outline = outline_ops.session_outline(self.store, self.session_id, notes, hits, options)
        head = self.store.head(self.session_id)
        yield DraftBegun(notes, list(hits), options, handle.name)
        draft: Draft | None = None
        interrupted: DraftInterrupted | None = None
        standing = StandingDraft()  # the draft as it stands while the model polishes it
        once = self.check_once and handle.model is None  # offline: one whole-draft check marks and is stored

        def finish(draft_markdown: str) -> str:
            markdown = outline_ops.finish_markdown(notes, outline, draft_markdown,
                                                   outline_ops.load_placement(self.store, self.session_id))
            return outline_ops.protect(head.text if head is not None else None, markdown,
                                       outline_ops.load_locks(self.store, self.session_id))

        def store(final: Draft, markdown: str, partial: str | None) -> tuple[dict[str, Any] | None, Version, str]:
            if once:
                locks = outline_ops.load_locks(self.store, self.session_id)
                markdown, result = check_and_mark(
                    notes_text, markdown, used_hits(final, hits), fixed_facts(notes), notes.language,
                    lambda t: outline_ops.protect(head.text if head is not None else None, t, locks), tables=False)
                data = result.to_json()
                check: dict[str, Any] | None = dict(data) if isinstance(data, Mapping) else None
            else:
                check = check_json(notes_text, markdown, used_hits(final, hits), fixed_facts(notes))
            marks = polish_marks(final)
            if check is not None and marks:
                check["polish"] = marks  # which sections the model polished, and why not (the page marks them)
            if check is not None and partial is not None:
                check["polish_partial"] = {"reason": partial, "sections": len(marks),
                                           "polished": sum(1 for m in marks if m["polish"] == "model")}
            version = self.store.add_version(self.session_id, markdown, cause=cause, check=check,
                                             instruction=instruction)
            return check, version, markdown

        try:
            for event in draft_notes(self.services, notes, provider=handle, hits=list(hits), options=options,
                                     retrieve=retrieve, outline=outline, late_hits=late_hits if instant else None,
                                     section_checks=not once):
                if isinstance(event, DraftInterrupted):
                    interrupted = event
                elif isinstance(event, DraftDone):
                    draft = event.draft
                standing.fold(event)
                yield event
        except GeneratorExit:  # the caller went away (the browser closed) while the model polished:
            # keep the instant draft and what is polished (or the finished draft, not yet stored)
            kept = draft if draft is not None else standing.stopped() if standing.draft is not None else None
            if kept is not None and (interrupted is None or _kept_anything(kept, interrupted)):
                try:
                    store(kept, finish(kept.to_markdown()), "disconnect" if draft is None or interrupted else None)
                except Exception:
                    log.exception("storing the partly polished draft failed")
            raise
        markdown = finish(draft.to_markdown() if draft is not None else "")
        check: dict[str, Any] | None = None
        version: Version | None = None
        if draft is not None and (interrupted is None or _kept_anything(draft, interrupted)):
            partial = None
            if interrupted is not None and standing.draft is not None:  # stopped or failed during the polish
                partial = str(getattr(interrupted.error, "kind", "") or "fault")
            check, version, markdown = store(draft, markdown, partial)
        yield Drafted(draft, markdown, check, draft_hits_json(draft, hits), handle.name, cause, notes, options,
                      version, interrupted)

    # --- rewriting -------------------------------------------------------------------------------
    def rewrite(self, tree: DraftTree, section_id: str, instruction: str) -> Iterator[SessionRewriteEvent]:
        """Rewrite one section of ``tree`` (the head draft): the rewrite's events, then :class:`Rewritten`
        after the new version (and the notes with the user's added facts) are stored."""
        notes_text = self.notes_text()
        locks = outline_ops.load_locks(self.store, self.session_id)
        check_unlocked(tree, section_id, locks)
        handle = self.services.provider()
        result: RewriteResult | None = None
        for event in iter_rewrite(tree, section_id, instruction, notes_text, model=handle.model,
                                  provider=handle.name):
            if isinstance(event, RewriteDone):
                result = event.result
            yield event
        if result is None:  # pragma: no cover - iter_rewrite always ends with RewriteDone
            raise AssistantError("The rewrite produced no text. / 改写没有结果。")
        kept = outline_ops.protect(tree.text, result.text, locks)
        if kept != result.text:  # a locked sentence the rewrite lost is back, byte-identical
            result = replace(result, text=kept, tree=parse_draft(kept))
        if result.text == tree.text:
            yield Rewritten(result, None, None)
            return
        if result.notes_text != notes_text:
            self.store.set_notes(self.session_id, result.notes_text, cause="chat")
            notes_text = result.notes_text
        check = check_json(notes_text, result.text, facts=self.corrected_facts(notes_text))
        version = self.store.add_version(self.session_id, result.text, cause="rewrite", section_id=section_id,
                                         instruction=instruction, check=check)
        yield Rewritten(result, version, check)

    # --- questions -------------------------------------------------------------------------------
    def answer(self, question: str, facts: str) -> str:
        """A short answer about the head draft: the model's when there is one, else ``facts`` (what the
        caller knows from the check)."""
        head = self.store.head(self.session_id)
        handle = self.services.provider()
        if head is None or handle.model is None:
            return facts
        try:
            parsed = parse_notes(self.notes_text())
            messages = load_prompt("chat_answer", parsed.language).to_messages(
                notes_block=notes_block(parsed),
                draft_markdown=quote_data(head.text[:8000] + "\n\n" + facts),
                question=quote_data(question),
            )
            content = handle.model.invoke(messages).content
            if isinstance(content, str) and content.strip():
                return content.strip()
        except AssistantError:
            raise
        except Exception:
            log.exception("the model could not answer; answering from the check result")
        return facts

    # --- versions --------------------------------------------------------------------------------
    def manual_edit(self, text: str) -> tuple[Version, dict[str, Any] | None]:
        """The user's own edit of the draft, stored as a version (cause manual_edit) and re-checked."""
        check = check_json(self.notes_text(), text, facts=self.corrected_facts(self.notes_text()))
        return self.store.add_version(self.session_id, text, cause="manual_edit", check=check), check

    def restore(self, version_id: int) -> tuple[Version, Version]:
        """Make ``version_id`` the head again: (the new head, the restored version)."""
        return self.store.restore_version(self.session_id, version_id), self.store.get_version(version_id)

    def undo(self) -> Version | None:
        """Step back to the previous version; None when there is nothing to undo."""
        try:
            version: Version = self.store.undo(self.session_id)
        except StoreError:
            return None
        return version

    def reply(self, text: str, meta: Mapping[str, Any] | None = None) -> None:
        """Record the assistant's chat message."""
        self.store.add_message(self.session_id, "assistant", text, meta=dict(meta) if meta else None)

    # --- outline first, indicators, locks, regenerate (services/outline_ops.py) ---------------------
    def outline(self, notes_text: str | None = None) -> Outline:
        """The outline the next draft follows: the session's edited one, else the proposed one."""
        notes = parse_notes(notes_text if notes_text is not None else self.notes_text())
        return outline_ops.session_outline(self.store, self.session_id, notes, self.examples(notes), self.structure())

    def save_outline(self, outline: Outline) -> None:
        outline_ops.save_outline(self.store, self.session_id, outline)

    def regenerate(self, tree: DraftTree, section_id: str) -> Iterator[DraftEvent | DraftInterrupted | outline_ops.Regenerated]:
        """Draft one section afresh from its notes; ends with :class:`outline_ops.Regenerated`."""
        notes_text = self.notes_text()
        notes = parse_notes(notes_text)
        return outline_ops.regenerate_section(
            self.store, self.session_id, tree, section_id, notes_text=notes_text, provider=self.services.provider(),
            hits=self.examples(notes), options=self.structure(), retrieve=self.section_retrieve(),
            check_json=check_json)


def _kept_anything(draft: Draft, interrupted: DraftInterrupted) -> bool:
    """Whether an interrupted draft holds anything worth a version: a finished section, or partial text."""
    if interrupted.kept_sections > 0:
        return True
    try:
        text = draft.section(interrupted.section_id).text
    except KeyError:
        return False
    return bool(text.replace(interrupted_marker(draft.language), "").strip())
