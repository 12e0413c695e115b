"""The figures tab's fact table and its editor.

Below the checked figures, the tab shows the notes' fact table — one row per figure of the notes:
indicator, value as written, period, role (achieved / target / forecast / baseline / problem),
comparison base and direction, the note line(s) and the line's text — built by the same
:meth:`assistant.facts.FactTable.rows` as ``report-assistant facts NOTES``, with the session's
corrections applied (:meth:`SessionWorkflow.fact_table`). Every cell goes through the sanitiser.

The editor (pick a figure, choose a role and/or type a period, apply) stores the correction for the
session (:meth:`SessionWorkflow.correct_fact`), redrafts the notes with it (cause ``redraft``: the item
is re-placed by its corrected role, the draft re-checked) and says so in the chat; ``ui/app.py`` then
refreshes the main view. Later drafts of the session keep the corrections.

The editor's message (the correction's confirmation, a "could not move" warning or an error) is kept
(:func:`notice_of`, the panel's ``notice`` state) while the draft it describes is the session's
current one: the page refresh that follows an applied correction changes the checked figures, whose
``change`` event refreshes the panel, and that refresh used to blank the message within a second —
the user never saw it. :func:`kept_message` gives it back to every refresh of the same session, page
language and head version; a new draft, a restore or another session clears it.

:func:`year_notices` is the chat's notice after a draft of notes that state no year.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.documents import Language
from assistant.errors import AssistantError, StoreError
from assistant.facts import FACT_ROLES, FactTable
from assistant.notes import Notes, year_warnings
from assistant.sanitize import clean_text, markdown_text
from assistant.services.session import Drafted, SessionWorkflow
from ui import render
from ui.context import AppContext
from ui.i18n import t
from ui.views import error_text, owns

log = logging.getLogger(__name__)

#: The columns of :meth:`FactTable.rows` shown, in order (the CLI's table has the same ones), then the
#: note line's own text.
FACT_COLUMNS: tuple[str, ...] = ("id", "indicator", "value", "period", "role", "change", "line")
NOTE_CHARS = 80  # the note text shown per row


@dataclass(frozen=True)
class FactsView:
    """What the fact panel shows: table rows, the editor's figure choices, a message."""

    lang: str
    rows: list[list[str]] = field(default_factory=list)
    choices: list[tuple[str, str]] = field(default_factory=list)  # (label, fact id)
    message: str = ""


def fact_headers(lang: str) -> list[str]:
    return [t(lang, f"fcol_{c}") for c in (*FACT_COLUMNS, "note")]


def role_choices(lang: str) -> list[tuple[str, str]]:
    return [(t(lang, f"role_{r}"), r) for r in FACT_ROLES]


def fact_rows(table: FactTable, notes_text: str, lang: str) -> list[list[str]]:
    """The table's display rows (``FactTable.rows``, the CLI's too) plus the note line's text, sanitised."""
    lines = notes_text.splitlines()
    out: list[list[str]] = []
    language: Language = "zh" if lang == "zh" else "en"
    for fact, row in zip(table.facts, table.rows(language), strict=True):
        n = fact.line
        note = lines[n - 1].strip() if 0 < n <= len(lines) else ""
        if len(note) > NOTE_CHARS:
            note = note[:NOTE_CHARS - 1] + "…"
        out.append([clean_text(row[c]) for c in FACT_COLUMNS] + [clean_text(note)])
    return out


def facts_view(ctx: AppContext, session_id: str, lang: str, message: str = "") -> FactsView:
    """The fact panel of a stored session (empty without notes)."""
    if not session_id:
        return FactsView(lang, message=message)
    work = SessionWorkflow(ctx, session_id)
    try:
        table = work.fact_table()
    except AssistantError as exc:
        return FactsView(lang, message=message or str(exc))
    if table is None or not table.facts:
        return FactsView(lang, message=message or t(lang, "facts_empty"))
    rows = fact_rows(table, work.notes_text(), lang)
    choices = [(clean_text(f"{r[0]} · {r[1]} {r[2]} · {r[4]} · {r[3]}"), f.fact_id)
               for f, r in zip(table.facts, rows, strict=True)]
    return FactsView(lang, rows=rows, choices=choices, message=message)


def notice_of(ctx: AppContext, session_id: str, lang: str, message: str) -> dict[str, Any] | None:
    """The panel's kept message after an apply: ``message`` tied to the session, the page language and
    the session's head version it describes (None when there is nothing to keep)."""
    if not session_id or not message:
        return None
    return {"session": session_id, "lang": lang, "version": _head_id(ctx, session_id), "text": message}


def kept_message(ctx: AppContext, session_id: str, lang: str, notice: Any) -> str:
    """The kept message a refresh of the panel shows: the last apply's, while the session, the page
    language and the session's head version are the ones it was written for; else empty."""
    if not isinstance(notice, Mapping) or not session_id:
        return ""
    if notice.get("session") != session_id or notice.get("lang") != lang:
        return ""
    version = _head_id(ctx, session_id)
    if version is None or version != notice.get("version"):
        return ""
    return str(notice.get("text") or "")


def _head_id(ctx: AppContext, session_id: str) -> int | None:
    try:
        head = ctx.store.head(session_id)
    except AssistantError:
        return None
    return head.version_id if head is not None else None


def current_role(ctx: AppContext, session_id: str, fact_id: str | None) -> str | None:
    """The (corrected) role of one fact, for the editor's role picker."""
    if not session_id or not fact_id:
        return None
    try:
        table = SessionWorkflow(ctx, session_id).fact_table()
        return table.get(fact_id).role if table is not None else None
    except (AssistantError, KeyError):
        return None


def apply_correction(ctx: AppContext, session_id: str, lang: str, fact_id: str | None, role: str | None,
                     period: str | None, user: str | None = None) -> FactsView:
    """Store one fact's correction, redraft the notes with it (cause ``redraft``) and say so in the chat.
    A failure is the panel's message (and the chat's), never an exception."""
    try:
        if not session_id or not owns(ctx, session_id, user):
            raise StoreError(f"no such session: {session_id}")
        if not fact_id:
            return facts_view(ctx, session_id, lang, t(lang, "msg_fact_pick"))
        work = SessionWorkflow(ctx, session_id)
        before = work.fact_table()
        old = before.get(fact_id) if before is not None and fact_id in {f.fact_id for f in before} else None
        fix = work.correct_fact(fact_id, role=role, period=period)
        what = ", ".join(p for p in (
            t(lang, f"role_{fix.role}") if fix.role else "",
            clean_text(fix.period or ""),
        ) if p)
        outcome = _redraft(work, t(lang, "facts_apply"))
        if outcome.interrupted is not None:
            from ui.views import fault_text

            text = fault_text(outcome, lang)
            work.reply(text, {"kind": "redraft", "error": True, "hits": outcome.hits_json})
            return facts_view(ctx, session_id, lang, markdown_text(text))
        text = t(lang, "msg_fact_corrected", fact=f"{fact_id} {fix.text}", what=what,
                 summary=render.summary_line(outcome.check, lang))
        work.reply(text, {"kind": "redraft", "fact": fact_id, "hits": outcome.hits_json,
                          "provider": outcome.provider})
        moved = _not_moved(work, fact_id, fix.role, old.role if old is not None else None, lang)
        if moved:
            work.reply(moved, {"kind": "warning", "warning": "fact_not_moved", "fact": fact_id})
            text = f"{text}\n\n{moved}"
        year_notices(work, lang, outcome.notes)
        return facts_view(ctx, session_id, lang, markdown_text(text))
    except Exception as exc:
        message = error_text(exc, lang)
        try:
            if session_id and isinstance(exc, AssistantError) and not isinstance(exc, StoreError):
                ctx.store.add_message(session_id, "assistant", message, meta={"error": True})
        except Exception:
            log.exception("could not record the error in the session")
        return FactsView(lang, message=markdown_text(message)) if isinstance(exc, StoreError) else facts_view(
            ctx, session_id, lang, markdown_text(message))


def _redraft(work: SessionWorkflow, instruction: str) -> Drafted:
    outcome: Drafted | None = None
    for event in work.draft(work.notes_text(), cause="redraft", instruction=instruction):
        if isinstance(event, Drafted):
            outcome = event
    if outcome is None:  # pragma: no cover - the workflow always ends with Drafted
        raise AssistantError("The redraft produced nothing. / 重新起草没有结果。")
    return outcome


def _not_moved(work: SessionWorkflow, fact_id: str, role: str | None, old_role: str | None, lang: str) -> str:
    """A notice when a role correction could not move its line: the line's other figures disagree."""
    placing = {"achieved", "target", "problem"}
    if role is None or role == old_role or role not in placing:
        return ""
    table = work.fact_table()
    if table is None:
        return ""
    fact = table.get(fact_id)
    others = [f for f in table.for_item(fact.item_id) if f.fact_id != fact_id and f.role in placing]
    if any(f.role != role for f in others):
        return t(lang, "msg_fact_not_moved", line=fact.line, role=t(lang, f"role_{role}"))
    return ""


def year_notices(work: SessionWorkflow, lang: str, notes: Notes) -> None:
    """The chat's notice, in the page language, after a draft of notes that give no year: the report
    shows a visible placeholder instead of an invented year."""
    for warning in year_warnings(notes, "zh" if lang == "zh" else "en"):
        work.reply(warning + t(lang, "msg_year_hint"), {"kind": "warning", "warning": "year_missing"})


# ============================================================================================ layout


@dataclass(frozen=True)
class FactsPanel:
    """The fact panel's components (built inside the figures tab)."""

    label: Any
    table: Any
    pick: Any
    role: Any
    period: Any
    apply: Any
    message: Any
    editor: Any
    notice: Any  # gr.State: the last apply's message, kept while its draft is current (:func:`notice_of`)

    def relabel_targets(self) -> list[tuple[Any, str, str]]:
        """(component, property, i18n key) for the page's language switch."""
        return [(self.editor, "label", "facts_edit_label"), (self.pick, "label", "facts_pick"),
                (self.role, "label", "facts_role"), (self.period, "label", "facts_period"),
                (self.apply, "value", "facts_apply")]


def build(gr: Any, lang0: str) -> FactsPanel:
    """The panel's layout (call inside the figures tab)."""
    label = gr.Markdown(f"**{t(lang0, 'facts_label')}**", elem_id="ra-facts-label")
    table = gr.Dataframe(value={"headers": fact_headers(lang0), "data": []}, interactive=False, wrap=True,
                         elem_id="ra-facts")
    with gr.Accordion(t(lang0, "facts_edit_label"), open=True, elem_id="ra-facts-editor") as editor, gr.Row():
        pick = gr.Dropdown(label=t(lang0, "facts_pick"), choices=[], elem_id="ra-fact-pick", scale=3)
        role = gr.Dropdown(label=t(lang0, "facts_role"), choices=role_choices(lang0), value=None,
                           elem_id="ra-fact-role", scale=1)
        period = gr.Textbox(label=t(lang0, "facts_period"), elem_id="ra-fact-period", scale=2)
        apply = gr.Button(t(lang0, "facts_apply"), variant="primary", elem_id="ra-fact-apply", scale=1, size="sm")
    message = gr.Markdown("", elem_id="ra-facts-message")
    notice = gr.State(None)
    return FactsPanel(label, table, pick, role, period, apply, message, editor, notice)


def wire(gr: Any, ctx: AppContext, panel: FactsPanel, *, sid: Any, lang: Any, triggers: Sequence[Any],
         refresh_page: Callable[..., Any], page_outputs: list[Any]) -> None:
    """Events: each trigger (the figures tab opened, the checked figures changed) refreshes the panel;
    applying a correction redrafts, updates the panel, then the page (``refresh_page``). The apply's
    message is kept in ``panel.notice``: the refresh its own page update triggers shows it again."""

    def updates(view: FactsView) -> dict[Any, Any]:
        return {
            panel.label: f"**{t(view.lang, 'facts_label')}**",
            panel.table: {"headers": fact_headers(view.lang), "data": view.rows},
            panel.pick: gr.update(choices=view.choices) if view.choices else gr.update(choices=[], value=None),
            panel.role: gr.update(choices=role_choices(view.lang)),
            panel.message: view.message,
        }

    outputs = [panel.label, panel.table, panel.pick, panel.role, panel.message]

    def on_refresh(session_id: str, page_lang: str, notice: Any, request: gr.Request) -> dict[Any, Any]:
        if session_id and not owns(ctx, session_id, _user(request)):
            return updates(FactsView(page_lang))
        return updates(facts_view(ctx, session_id, page_lang, kept_message(ctx, session_id, page_lang, notice)))

    def on_pick(session_id: str, fact_id: str | None, request: gr.Request) -> Any:
        if session_id and not owns(ctx, session_id, _user(request)):
            return gr.update(value=None)
        return gr.update(value=current_role(ctx, session_id, fact_id))

    def on_apply(session_id: str, page_lang: str, fact_id: str | None, role: str | None, period: str | None,
                 request: gr.Request) -> dict[Any, Any]:
        view = apply_correction(ctx, session_id, page_lang, fact_id, role, period, _user(request))
        out = updates(view)
        out[panel.period] = ""
        out[panel.notice] = notice_of(ctx, session_id, page_lang, view.message)
        return out

    for fn in (on_refresh, on_pick, on_apply):
        fn.__annotations__["request"] = gr.Request
    for trigger in triggers:
        trigger(on_refresh, inputs=[sid, lang, panel.notice], outputs=outputs, show_progress="hidden")
    panel.pick.input(on_pick, inputs=[sid, panel.pick], outputs=[panel.role], show_progress="hidden")
    panel.apply.click(
        on_apply, inputs=[sid, lang, panel.pick, panel.role, panel.period],
        outputs=[*outputs, panel.period, panel.notice],
        concurrency_limit=None,
    ).then(refresh_page, inputs=[sid, lang], outputs=page_outputs)


def _user(request: Any) -> str | None:
    name = getattr(request, "username", None) if request is not None else None
    return str(name) if name else None
