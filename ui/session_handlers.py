"""Handlers of the page's session and version controls: load the page, new/open/rename/delete a session,
switch the language, restore/undo/diff versions, save a manual edit, export. Inputs →
:class:`~assistant.services.session.SessionWorkflow` → :class:`~ui.views.View`; the chat's handlers are
in :mod:`ui.handlers`."""

from __future__ import annotations

import logging
import os
import re

from assistant.errors import AssistantError
from assistant.services.session import SessionWorkflow
from assistant.store import Session
from ui import render
from ui.context import AppContext
from ui.guard import download_owners
from ui.i18n import normalize_language, t
from ui.views import View, error_text, fail_view, owner_of, owns, render_view, safe, session_choices

log = logging.getLogger(__name__)


# ============================================================================================ sessions

def _require_owner(ctx: AppContext, session_id: str, user: str | None) -> None:
    ctx.store.check_owner(session_id, owner_of(user))


def _create(ctx: AppContext, lang: str, user: str | None) -> Session:
    return ctx.store.create_session(t(lang, "session_untitled"), language=lang, owner=owner_of(user))

# ============================================================================================ page load


def detect_language(stored: str | None, navigator: str | None, accept_language: str | None) -> str:
    """The page language: the user's toggle if stored, else the browser's language."""
    if stored in ("zh", "en"):
        return stored
    if navigator:
        return normalize_language(navigator)
    return normalize_language(accept_language)


def load_page(ctx: AppContext, stored_session: str | None, lang: str, user: str | None = None) -> View:
    """Reopen the browser's own session (kept in its local storage), or start a new one.

    With authentication, a stored session id of another user is ignored (a new session starts).
    """
    try:
        if stored_session:
            try:
                if owns(ctx, stored_session, user):
                    return render_view(ctx, stored_session, lang)
                log.info("stored session belongs to another user; starting a new one")
            except AssistantError:
                log.info("stored session %s no longer exists; starting a new one", stored_session)
        session = _create(ctx, lang, user)
        return render_view(ctx, session.session_id, lang)
    except Exception as exc:
        return fail_view(ctx, "", lang, exc)


# ============================================================================================ sessions


@safe
def new_session(ctx: AppContext, session_id: str, lang: str, user: str | None = None) -> View:
    del session_id
    session = _create(ctx, lang, user)
    return render_view(ctx, session.session_id, lang, notice="")


@safe
def open_session(ctx: AppContext, session_id: str, lang: str, target: str | None, user: str | None = None) -> View:
    if not target:
        return render_view(ctx, session_id, lang)
    _require_owner(ctx, target, user)
    return render_view(ctx, target, lang)


@safe
def rename_session(ctx: AppContext, session_id: str, lang: str, title: str) -> View:
    ctx.store.rename_session(session_id, title or "")
    return render_view(ctx, session_id, lang)


@safe
def delete_session(ctx: AppContext, session_id: str, lang: str, target: str | None = None,
                   user: str | None = None) -> View:
    victim = target or session_id
    ctx.store.delete_session(victim, owner=owner_of(user))
    ctx.store.audit(owner_of(user), "delete_session", victim)
    if victim != session_id:
        return render_view(ctx, session_id, lang)
    remaining = session_choices(ctx, user)
    if remaining:
        return render_view(ctx, remaining[0][1], lang)
    return new_session(ctx, "", lang, user)


@safe
def switch_language(ctx: AppContext, session_id: str, lang: str) -> View:
    return render_view(ctx, session_id, lang)


# ============================================================================================ versions


@safe
def restore_version(ctx: AppContext, session_id: str, lang: str, version_id: int | None) -> View:
    if version_id is None:
        return render_view(ctx, session_id, lang)
    work = SessionWorkflow(ctx, session_id)
    version, old = work.restore(int(version_id))
    work.reply(t(lang, "msg_restored", version=f"v{old.seq}"), {"kind": "restore", "version": version.version_id})
    return render_view(ctx, session_id, lang)


@safe
def undo(ctx: AppContext, session_id: str, lang: str) -> View:
    work = SessionWorkflow(ctx, session_id)
    version = work.undo()
    if version is None:
        return render_view(ctx, session_id, lang, notice=t(lang, "msg_nothing_to_undo"))
    work.reply(t(lang, "msg_undone", version=f"v{version.seq}"), {"kind": "undo"})
    return render_view(ctx, session_id, lang)


def diff_versions(ctx: AppContext, session_id: str, lang: str, a: int | None, b: int | None) -> str:
    """HTML of the differences between two versions of this session (empty note when identical)."""
    try:
        if a is None or b is None:
            return render.diff_html([], lang)
        va = ctx.store.get_version(int(a), session_id=session_id)
        vb = ctx.store.get_version(int(b), session_id=session_id)
        return render.diff_html(ctx.store.diff(va.version_id, vb.version_id).side_by_side, lang)
    except Exception as exc:
        return f'<p class="ra-empty">{error_text(exc, lang)}</p>'


@safe
def save_manual_edit(ctx: AppContext, session_id: str, lang: str, text: str) -> View:
    """The user's own edit of the draft: stored as a version (cause manual_edit) and re-checked."""
    text = (text or "").replace("\r\n", "\n")
    head = ctx.store.head(session_id)
    if head is None and not text.strip():
        return render_view(ctx, session_id, lang, notice=t(lang, "msg_no_draft"))
    if head is not None and head.text == text:
        return render_view(ctx, session_id, lang, notice=t(lang, "msg_edit_unchanged"))
    work = SessionWorkflow(ctx, session_id)
    version, check = work.manual_edit(text)
    work.reply(t(lang, "msg_edit_saved", version=f"v{version.seq}", summary=render.summary_line(check, lang)),
               {"kind": "manual_edit"})
    return render_view(ctx, session_id, lang)


# ============================================================================================ export


def export_files(ctx: AppContext, session_id: str, lang: str) -> tuple[str | None, str | None, str]:
    """Write the head version as .md and .docx under the data directory; (md path, docx path, error).

    The files are named after the draft's title and version (``2025年工作总结暨2026年工作安排-v3.docx``).
    """
    try:
        head = ctx.store.head(session_id)
        if head is None:
            return None, None, t(lang, "msg_no_draft")
        from assistant import export

        if ctx.store.files_dir is not None:  # removed with the session (store.delete_session)
            folder = ctx.store.session_files_dir(session_id, create=True)
        else:
            folder = ctx.settings.files_root / "exports" / _safe_name(session_id)
            folder.mkdir(parents=True, exist_ok=True)
        stem = export.suggest_filename(head.text, ext="").rstrip(".") or "report"
        md_path = folder / export.safe_filename(f"{stem}-v{head.seq}", ext="md")
        docx_path = folder / export.safe_filename(f"{stem}-v{head.seq}", ext="docx")
        md_path.write_text(export.to_markdown(head.text), encoding="utf-8")
        export.to_docx(head.text, docx_path)
        for written in (md_path, docx_path):  # private like the folder: the draft is the user's
            os.chmod(written, 0o600)
        owner = ctx.store.get_session(session_id).owner
        for written in (md_path, docx_path):  # its download copies are served to the owner alone (ui/guard.py)
            download_owners(ctx.settings.files_root).register(written, owner)
        ctx.store.audit(owner, "export", session_id, {"version": head.seq, "files": [md_path.name, docx_path.name]})
        return str(md_path), str(docx_path), ""
    except Exception as exc:
        return None, None, error_text(exc, lang)


def _safe_name(name: str) -> str:
    cleaned = re.sub(r"[^\w\u4e00-\u9fff.-]+", "_", name, flags=re.UNICODE).strip("._")
    return cleaned[:60]
