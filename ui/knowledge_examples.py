"""The Knowledge tab's "examples behind this draft": the passages retrieved for the session's latest
draft, per section, the user's choices (pin for one section or the whole draft, exclude, a report as the
house style) and the redraft that applies them through the session workflow (same pipeline as the chat:
a model fault keeps the finished sections; the version's cause is ``redraft``)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from assistant.errors import AssistantError
from assistant.knowledge_steering import (
    WHOLE_DRAFT,
    ExampleChoice,
    ExampleChoices,
    add_choice,
    load_choices,
    save_choices,
)
from assistant.sanitize import markdown_text
from assistant.services.chat_text import mask_chat
from assistant.services.jobs import JobRefused, JobServices, registry
from assistant.services.session import Drafted, SessionWorkflow
from ui import render
from ui.context import AppContext
from ui.knowledge_library import kt, library
from ui.views import fault_text

log = logging.getLogger(__name__)


# =============================================================================== examples behind the draft


@dataclass
class ExamplesView:
    """The 'examples behind this draft' part of the tab."""

    markdown: str
    examples: list[tuple[str, str]] = field(default_factory=list)  # (label, chunk id)
    scopes: list[tuple[str, str]] = field(default_factory=list)  # (label, section id or "*")
    choices_markdown: str = ""
    choice_keys: list[tuple[str, str]] = field(default_factory=list)  # (label, key)
    message: str = ""
    sources: str | None = None  # new markdown for the page's sources panel (after a redraft)


def latest_hits(ctx: AppContext, session_id: str) -> list[dict[str, Any]]:
    """The examples retrieved for the session's latest draft (stored with the assistant's message)."""
    if not session_id:
        return []
    try:
        messages = ctx.store.list_messages(session_id)
    except AssistantError:
        return []
    for m in reversed(messages):
        hits = m.meta.get("hits") if isinstance(m.meta, Mapping) else None
        if isinstance(hits, list):
            return [dict(h) for h in hits if isinstance(h, Mapping)]
    return []


def draft_sections(ctx: AppContext, session_id: str) -> list[tuple[str, str]]:
    """``(label, section id)`` of the top-level sections of the session's current draft."""
    if not session_id:
        return []
    try:
        head = ctx.store.head(session_id)
    except AssistantError:
        return []
    if head is None or not head.text.strip():
        return []
    from assistant.sections import parse_draft

    try:
        tree = parse_draft(head.text)
    except Exception:
        log.exception("could not parse the draft's sections")
        return []
    out: list[tuple[str, str]] = []
    for s in tree.walk():
        if s.level <= 2 and s.title:
            out.append((s.label, s.id))
    return out


def _score(value: Any) -> str:
    return f"{float(value):.3f}" if isinstance(value, int | float) else "-"


def _origin_of(ctx: AppContext, report_id: str, fallback: Any) -> str:
    if fallback in ("user", "shipped"):
        return str(fallback)
    try:
        meta = ctx.index().catalog.reports.get(report_id)
    except Exception:
        meta = None
    return str(meta.origin) if meta is not None else "shipped"


def examples_view(ctx: AppContext, session_id: str, lang: str, message: str = "",
                  sources: str | None = None) -> ExamplesView:
    hits = latest_hits(ctx, session_id)
    choices = load_choices(ctx.store, session_id) if session_id else ExampleChoices()
    sections = draft_sections(ctx, session_id)
    section_label = dict((sid, label) for label, sid in sections)
    pinned_chunks = {c.chunk_id: c for c in choices.items if c.kind == "pin" and c.chunk_id}
    house = set(choices.house_reports())

    if not hits:
        md = kt(lang, "examples_none")
    else:
        # Per section: the passages each section drew on. Hits carry "draft_sections" when the drafter
        # retrieved per section; otherwise every passage served the whole draft.
        groups: dict[str, list[dict[str, Any]]] = {}
        for h in hits:
            secs = h.get("draft_sections")
            keys = [str(s) for s in secs] if isinstance(secs, list) and secs else [WHOLE_DRAFT]
            for key in keys:
                groups.setdefault(key, []).append(h)
        order = {WHOLE_DRAFT: -1, **{sid: i for i, (_label, sid) in enumerate(sections)}}
        blocks: list[str] = []
        n = 0
        for key, items in sorted(groups.items(), key=lambda kv: order.get(kv[0], len(order))):
            head = kt(lang, "whole_draft") if key == WHOLE_DRAFT else section_label.get(key, key)
            blocks.append(f"#### {head}")
            for h in items:
                n += 1
                rid = str(h.get("report_id") or "")
                origin = _origin_of(ctx, rid, h.get("origin"))
                tag = f" · {kt(lang, 'origin_' + origin)}" if origin in ("user", "shipped") else ""
                chunk_id = str(h.get("chunk_id") or "")
                pin = ""
                where = h.get("pinned_sections")
                if isinstance(where, list) and key != WHOLE_DRAFT:  # stored per section: pinned here?
                    pinned_here = key in where
                else:
                    pinned_here = chunk_id in pinned_chunks or rid in house or bool(h.get("pinned"))
                if pinned_here:
                    pin = f" · **【{kt(lang, 'pinned_tag')}】**"
                blocks.append(kt(lang, "example_line", n=n, title=markdown_text(str(h.get("report") or rid)),
                                 section=h.get("section") or "—", score=_score(h.get("score")), origin=tag,
                                 pinned=pin))
                blocks.append(render.quote_markdown(str(h.get("text") or ""), 400))  # inert: shown as text
        md = "\n\n".join(blocks)

    example_choices: list[tuple[str, str]] = []
    seen: set[str] = set()
    for i, h in enumerate(hits, 1):
        cid = str(h.get("chunk_id") or "")
        if cid and cid not in seen:
            seen.add(cid)
            section = str(h.get("section") or "").split(" > ")[-1]
            example_choices.append((f"{i}. {h.get('report') or ''}" + (f" — {section}" if section else ""), cid))
    scopes = [(kt(lang, "whole_draft"), WHOLE_DRAFT), *sections]
    return ExamplesView(
        markdown=md, examples=example_choices, scopes=scopes,
        choices_markdown=choices_markdown(choices, lang, section_label),
        choice_keys=[(_choice_label(c, lang, section_label), c.key) for c in choices.items],
        message=message, sources=sources,
    )


def _choice_label(c: ExampleChoice, lang: str, section_label: Mapping[str, str]) -> str:
    scope = kt(lang, "whole_draft") if c.scope == WHOLE_DRAFT else section_label.get(c.scope, c.scope)
    what = c.title or c.report_id
    if c.chunk_id and c.section:
        what = f"{what} — {c.section.split(' > ')[-1]}"
    return f"{kt(lang, 'kind_' + c.kind)}：{what}（{scope}）" if lang == "zh" else \
        f"{kt(lang, 'kind_' + c.kind)}: {what} ({scope})"


def choices_markdown(choices: ExampleChoices, lang: str, section_label: Mapping[str, str] | None = None) -> str:
    labels = section_label or {}
    if not choices.items:
        return f"{kt(lang, 'choices_head')} {kt(lang, 'choices_none')}"
    lines = [kt(lang, "choices_head")]
    lines.extend(f"- {markdown_text(_choice_label(c, lang, labels))}" for c in choices.items)
    return "\n".join(lines)


def _hit_by_chunk(ctx: AppContext, session_id: str, chunk_id: str) -> dict[str, Any] | None:
    for h in latest_hits(ctx, session_id):
        if str(h.get("chunk_id") or "") == chunk_id:
            return h
    from assistant.knowledge_steering import chunk_by_id

    chunk = chunk_by_id(ctx.index(), chunk_id)
    if chunk is None:
        return None
    return {"chunk_id": chunk.chunk_id, "report_id": chunk.report_id, "report": chunk.report_title,
            "section": chunk.section}


def choose_example(ctx: AppContext, session_id: str, lang: str, kind: str, chunk_id: str | None,
                   scope: str | None) -> ExamplesView:
    """Pin (``kind="pin"``) or exclude (``"exclude"``) a passage, or exclude its whole report
    (``"exclude_report"``), for a section or the whole draft."""
    if not session_id:
        return examples_view(ctx, session_id, lang, kt(lang, "no_session"))
    if not chunk_id:
        return examples_view(ctx, session_id, lang, kt(lang, "pick_first"))
    hit = _hit_by_chunk(ctx, session_id, chunk_id)
    if hit is None:
        return examples_view(ctx, session_id, lang, kt(lang, "pick_first"))
    report_id = str(hit.get("report_id") or "")
    whole_report = kind == "exclude_report"
    choice = ExampleChoice(
        kind="exclude" if whole_report else ("pin" if kind == "pin" else "exclude"),
        report_id=report_id, chunk_id="" if whole_report else chunk_id, scope=scope or WHOLE_DRAFT,
        title=str(hit.get("report") or ""), section="" if whole_report else str(hit.get("section") or ""),
    )
    add_choice(ctx.store, session_id, choice)
    labels = dict((sid, label) for label, sid in draft_sections(ctx, session_id))
    return examples_view(ctx, session_id, lang, kt(lang, "choice_saved", what=_choice_label(choice, lang, labels)))


def pin_house_style(ctx: AppContext, session_id: str, lang: str, report_id: str | None) -> ExamplesView:
    """Pin a whole report as the session's house-style example."""
    if not session_id:
        return examples_view(ctx, session_id, lang, kt(lang, "no_session"))
    if not report_id:
        return examples_view(ctx, session_id, lang, kt(lang, "pick_first"))
    try:
        info = library(ctx).get_report(report_id, workspace=ctx.session_workspace(session_id))
    except AssistantError as exc:
        return examples_view(ctx, session_id, lang, str(exc))
    choice = ExampleChoice(kind="house", report_id=report_id, title=info.title)
    add_choice(ctx.store, session_id, choice)
    return examples_view(ctx, session_id, lang, kt(lang, "choice_saved", what=_choice_label(choice, lang, {})))


def undo_choice(ctx: AppContext, session_id: str, lang: str, key: str | None) -> ExamplesView:
    if session_id and key:
        choices = load_choices(ctx.store, session_id).without(key)
        save_choices(ctx.store, session_id, choices)
    return examples_view(ctx, session_id, lang)


def clear_choices(ctx: AppContext, session_id: str, lang: str) -> ExamplesView:
    if session_id:
        save_choices(ctx.store, session_id, ExampleChoices())
    return examples_view(ctx, session_id, lang)


def redraft(ctx: AppContext, session_id: str, lang: str) -> ExamplesView:
    """Draft the session's notes again with its example choices applied, through the same session
    workflow as the chat (a model fault keeps the finished sections); stores a version (cause
    ``redraft``) and says so in the chat."""
    if not session_id:
        return examples_view(ctx, session_id, lang, kt(lang, "no_session"))
    notes_text = SessionWorkflow(ctx, session_id).notes_text()
    if not notes_text.strip():
        return examples_view(ctx, session_id, lang, kt(lang, "no_notes"))
    jobs = registry(ctx)  # one job per session: the page's Stop button cancels a redraft too
    try:
        job = jobs.start(session_id, kind="redraft")
    except JobRefused as exc:
        return examples_view(ctx, session_id, lang, exc.message(lang))
    work = SessionWorkflow(cast(Any, JobServices(ctx, job)), session_id)
    try:
        outcome: Drafted | None = None
        for event in work.draft(notes_text, cause="redraft", instruction=kt(lang, "redraft")):
            if isinstance(event, Drafted):
                outcome = event
    except AssistantError as exc:
        return examples_view(ctx, session_id, lang, mask_chat(str(exc), lang))
    finally:
        jobs.finish(job)
    if outcome is None:  # pragma: no cover - the workflow always ends with Drafted
        return examples_view(ctx, session_id, lang, kt(lang, "no_notes"))
    if outcome.interrupted is not None:
        text = mask_chat(fault_text(outcome, lang), lang)
        work.reply(text, {"kind": "redraft", "error": True, "interrupted": outcome.interrupted.section_id,
                          "fault": str(getattr(outcome.interrupted.error, "kind", "")),
                          "hits": outcome.hits_json})
        return examples_view(ctx, session_id, lang, text, sources=render.sources_markdown(outcome.hits_json, lang))
    n = len(outcome.hits_json)
    work.reply(kt(lang, "redrafted", n=n), {"kind": "redraft", "hits": outcome.hits_json,
                                           "provider": outcome.provider})
    return examples_view(ctx, session_id, lang, kt(lang, "redrafted", n=n),
                         sources=render.sources_markdown(outcome.hits_json, lang))
