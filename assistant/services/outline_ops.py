"""Session state for outline-first drafting, the indicators table, locks and one-section regeneration.

Kept in the store's pins rows (free-form JSON per session, like the chosen structure):
``meta:outline`` the edited outline, ``meta:locks`` the locked sections and sentences,
``meta:indicators`` where the key indicators table goes (summary / appendix / none; default summary),
``meta:outline_first`` whether pasted notes first show the outline. :class:`SessionWorkflow` calls these;
:func:`regenerate_section` drafts one outline leaf (or part) afresh through the drafting pipeline.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from assistant.drafting.examples import SectionRetrieve, draft_ids
from assistant.drafting.model import DraftDone, DraftEvent, DraftInterrupted
from assistant.drafting.pipeline import draft_resilient
from assistant.errors import InputError
from assistant.indicators import Placement, build_indicators, insert_indicators, parse_placement
from assistant.locks import LockSet, check_unlocked, keep_locked
from assistant.notes import Notes, parse_notes
from assistant.outline import Outline, OutlineOptions, make_outline
from assistant.outline_edit import carry_locked, reconcile, section_from_json
from assistant.sections import DraftTree, parse_draft, replace_section

if TYPE_CHECKING:
    from assistant.documents import Hit
    from assistant.llm.providers import ProviderHandle
    from assistant.store import SessionStore, Version

log = logging.getLogger(__name__)

OUTLINE_PIN = "meta:outline"
LOCKS_PIN = "meta:locks"
INDICATORS_PIN = "meta:indicators"
OUTLINE_FIRST_PIN = "meta:outline_first"
REGENERATE = "regenerate"  # the instruction stored with a regenerated section's version


def _pin(store: SessionStore, session_id: str, key: str) -> Any:
    for example_id, data in store.list_pins(session_id):
        if example_id == key:
            return data
    return None


def load_outline(store: SessionStore, session_id: str, notes: Notes) -> Outline | None:
    """The session's edited outline for ``notes`` (new note items placed, dropped ones removed), or None."""
    data = _pin(store, session_id, OUTLINE_PIN)
    return reconcile(notes, data) if isinstance(data, Mapping) else None


def save_outline(store: SessionStore, session_id: str, outline: Outline) -> None:
    store.pin_example(session_id, OUTLINE_PIN, outline.to_json())


def clear_outline(store: SessionStore, session_id: str) -> None:
    """Forget the edited outline (a new structure asked for in the chat replaces it); locked headings'
    wording is kept by :func:`session_outline`."""
    old = _pin(store, session_id, OUTLINE_PIN)
    locked = [s for s in _walk(old.get("sections", [])) if s.get("locked")] if isinstance(old, Mapping) else []
    store.unpin_example(session_id, OUTLINE_PIN)
    if locked:
        store.pin_example(session_id, OUTLINE_PIN + ":locked", {"sections": old.get("sections", [])})


def _walk(sections: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for s in sections if isinstance(sections, list) else []:
        if isinstance(s, dict):
            out.append(s)
            out.extend(_walk(s.get("children", [])))
    return out


def session_outline(store: SessionStore, session_id: str, notes: Notes, hits: list[Hit],
                    options: OutlineOptions | None) -> Outline:
    """The outline a session draft follows: the edited one, else a fresh one (with any locked heading
    wording of a replaced outline kept)."""
    stored = load_outline(store, session_id, notes)
    if stored is not None:
        return stored
    fresh = make_outline(notes, hits, options)
    old = _pin(store, session_id, OUTLINE_PIN + ":locked")
    if isinstance(old, Mapping):
        previous = Outline(fresh.title, fresh.language, [], fresh.summary_year, fresh.plan_year)
        try:
            previous.sections = [section_from_json(s) for s in old.get("sections", [])]
            for n, top in enumerate(previous.sections, start=1):
                top.section_id = f"s{n}"
                for m, child in enumerate(top.children, start=1):
                    child.section_id = f"s{n}.{m}"
            carry_locked(fresh, previous)
        except InputError:
            log.warning("ignoring unreadable locked headings")
    return fresh


def load_locks(store: SessionStore, session_id: str) -> LockSet:
    return LockSet.from_json(_pin(store, session_id, LOCKS_PIN))


def save_locks(store: SessionStore, session_id: str, locks: LockSet) -> None:
    store.pin_example(session_id, LOCKS_PIN, locks.to_json())


def load_placement(store: SessionStore, session_id: str) -> Placement:
    data = _pin(store, session_id, INDICATORS_PIN)
    try:
        return parse_placement(data.get("placement") if isinstance(data, Mapping) else "summary")
    except ValueError:
        return "summary"


def save_placement(store: SessionStore, session_id: str, placement: str) -> Placement:
    chosen = parse_placement(placement)
    store.pin_example(session_id, INDICATORS_PIN, {"placement": chosen})
    return chosen


def outline_first(store: SessionStore, session_id: str) -> bool:
    data = _pin(store, session_id, OUTLINE_FIRST_PIN)
    return bool(data.get("on")) if isinstance(data, Mapping) else False


def set_outline_first(store: SessionStore, session_id: str, on: bool) -> None:
    store.pin_example(session_id, OUTLINE_FIRST_PIN, {"on": bool(on)})


def summary_id(outline: Outline) -> str:
    """The draft id (``s1``…) of the part the indicators table ends: the summary part, else the first part
    holding achievements."""
    for n, top in enumerate(outline.sections, start=1):
        if top.kind == "summary":
            return f"s{n}"
    return "s1"


def finish_markdown(notes: Notes, outline: Outline, markdown: str, placement: Placement) -> str:
    """A drafted report's Markdown with the key indicators table where the session wants it."""
    if not markdown.strip() or placement == "none":
        return markdown
    return insert_indicators(markdown, build_indicators(notes), placement, summary_id=summary_id(outline))


def protect(before: str | None, after: str, locks: LockSet) -> str:
    """``after`` with the locked text of ``before`` put back byte-identical."""
    return keep_locked(before, after, locks) if before else after


# ============================================================================================ regenerate


@dataclass(frozen=True)
class Regenerated:
    """Last event of a regeneration: the new draft text and its stored version (None when unchanged)."""

    section_id: str
    label: str
    text: str
    version: Version | None
    check: dict[str, Any] | None


def _sub_outline(outline: Outline, section_id: str) -> tuple[Outline, str]:
    """An outline of just the part or subsection at draft id ``section_id``, and its id in that outline."""
    positions = {v: k for k, v in draft_ids(outline).items()}
    outline_id = positions.get(section_id)
    if outline_id is None:
        raise InputError(f"section {section_id} is not one of the outline's headings (added by hand?): rewrite it "
                         f"instead / 该部分不在提纲中，请改用改写")
    sub = copy.deepcopy(outline)
    for top in sub.sections:
        if top.section_id == outline_id:
            sub.sections = [top]
            return sub, "s1"
        for child in top.children:
            if child.section_id == outline_id:
                top.children = [child]
                sub.sections = [top]
                return sub, "s1.1"
    raise InputError(f"section {section_id} was not found in the outline")  # pragma: no cover


def regenerate_section(store: SessionStore, session_id: str, tree: DraftTree, section_id: str, *,
                       notes_text: str, provider: ProviderHandle, hits: list[Hit],
                       options: OutlineOptions | None, retrieve: SectionRetrieve | None,
                       check_json: Any) -> Iterator[DraftEvent | DraftInterrupted | Regenerated]:
    """Draft one section of ``tree`` afresh from its notes (the drafting pipeline on that outline leaf or
    part only) and store the draft with it replaced: cause ``rewrite``, instruction ``regenerate``."""
    locks = load_locks(store, session_id)
    check_unlocked(tree, section_id, locks)
    notes = parse_notes(notes_text)
    outline = session_outline(store, session_id, notes, hits, options)
    sub, sub_id = _sub_outline(outline, section_id)
    done = None
    for event in draft_resilient(notes, model=provider.model, hits=hits, outline=sub, provider=provider.name,
                                 banner=provider.banner, retrieve=retrieve,
                                 local=provider.profile.small_model or None):
        if isinstance(event, DraftInterrupted):
            raise event.error
        if isinstance(event, DraftDone):
            done = event.draft
        yield event
    if done is None:  # pragma: no cover - draft_resilient always ends with DraftDone
        raise InputError("the section could not be drafted")
    sub_md = done.to_markdown()
    if sub_id == "s1" and summary_id(outline) == section_id:
        sub_md = finish_markdown(notes, sub, sub_md, load_placement(store, session_id))
    body = parse_draft(sub_md).section_body(sub_id)
    old_body = tree.section_body(section_id)
    table = build_indicators(notes)
    caption = table.markdown().split("\n\n", 1)[0] if table else ""
    if caption and caption in old_body and caption not in body:  # the table ended this section: keep it
        start = old_body.index(caption)
        body = f"{body.rstrip()}\n\n{old_body[start:].strip()}\n"
    label = tree.get(section_id).label
    if not body.strip():
        raise InputError(f"“{label}” has no note items to draft from / “{label}”没有可依据的笔记条目")
    text = protect(tree.text, replace_section(tree, section_id, body), locks)
    if text == tree.text:
        yield Regenerated(section_id, label, text, None, None)
        return
    result = check_json(notes_text, text, hits)
    version = store.add_version(session_id, text, cause="rewrite", section_id=section_id, instruction=REGENERATE,
                                check=result)
    yield Regenerated(section_id, label, text, version, result)


def outline_from_editor(notes_text: str, text: str) -> Outline:
    """The page editor's outline (its text form, or JSON) for the notes; ``InputError`` when invalid."""
    import json

    from assistant.outline_edit import outline_from_json, outline_from_text

    notes = parse_notes(notes_text)
    if text.lstrip().startswith("{"):
        try:
            return outline_from_json(notes, json.loads(text))
        except json.JSONDecodeError as exc:
            raise InputError(f"the outline is not valid JSON ({exc.msg}, line {exc.lineno})") from None
    return outline_from_text(notes, text)


def sentence_locked(sentence: str, locks: LockSet) -> bool:
    from assistant.locks import sentence_key

    return sentence_key(sentence) in locks.sentences
