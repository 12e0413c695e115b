"""The shared context of the web UI: the application's :class:`~assistant.services.container.Services`
plus what only the page needs (the i18n catalogue, the browser-state secret, the status line).

One :class:`AppContext` is built per app (``build_app(settings, services=ctx)`` accepts one made by
a test). Every handler receives it as its first argument; the Knowledge tab (``ui/knowledge_tab.py``)
receives it too, through ``knowledge_tab.build(ctx, page)``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from assistant.errors import AssistantError
from assistant.services.container import ProviderInfo, Services
from assistant.services.events import offline_banner
from assistant.status import DENSE_TASK, MODEL_TASK, render_status
from assistant.workspaces import LOCAL, Workspace, workspace_of
from ui import i18n

log = logging.getLogger(__name__)

__all__ = ["AppContext", "page_user"]


def page_user(request: Any) -> str | None:
    """The logged-in user of a Gradio request (``request.username``; None without authentication)."""
    name = getattr(request, "username", None) if request is not None else None
    return str(name) if name else None


@dataclass
class AppContext(Services):
    """The services plus the page's i18n catalogue, browser secret and status line."""

    i18n: ModuleType = field(default=i18n, repr=False)

    def browser_secret(self) -> str:
        """A per-installation secret for the page's local-storage state, stable across restarts
        (so a browser reopens its session after the app restarts). Kept in the files root: the
        shared ``FILES_DIR`` when set, so every replica reads the same secret and a browser moved to
        another replica still reopens its session; otherwise the data directory. The first writer
        wins (a hard link never replaces a file), so replicas starting together agree."""
        import os
        import secrets

        path = self.settings.files_root / ".browser-state-secret"

        def stored() -> str | None:
            try:
                value = path.read_text(encoding="ascii").strip()
            except OSError:
                return None
            return value if len(value) >= 16 else None

        found = stored()
        if found is not None:
            return found
        value = secrets.token_urlsafe(24)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".browser-state-secret.{os.getpid()}.{secrets.token_hex(4)}.tmp")
            tmp.write_text(value, encoding="ascii")
            tmp.chmod(0o600)
            try:
                os.link(tmp, path)  # fails when another replica stored its secret first
            except FileExistsError:
                if stored() is None:  # a short or damaged secret: replace it
                    tmp.replace(path)
            finally:
                tmp.unlink(missing_ok=True)
        except OSError:
            log.warning("could not store the browser-state secret; sessions reopen only until restart")
            return value
        return stored() or value

    # --- workspaces --------------------------------------------------------------------------------
    def workspace(self, user: str | None) -> Workspace:
        """The workspace of the page's logged-in user (``request.username``; None: single-user ``local``)."""
        return workspace_of(self.settings, self.store, user)

    def session_workspace(self, session_id: str) -> Workspace:
        """The workspace a stored session belongs to (its examples are the ones it may pin)."""
        owner = self.store.get_session(session_id).owner
        return self.workspace(None if owner == LOCAL else owner)

    # --- status line -----------------------------------------------------------------------------
    def status_markdown(self, lang: str) -> str:
        """Provider/model line, its banner, and first-run progress (model assembly, dense index)."""
        lines: list[str] = []
        info = self._provider_info
        if info is None and not self.local_preparing():
            try:
                self.provider()
                info = self._provider_info
            except AssistantError as exc:
                info = ProviderInfo(name="?", model="", error=str(exc))
            except Exception:
                log.exception("could not make the chat model")
                info = ProviderInfo(name="?", model="", error="model unavailable")
        if info is not None:
            if info.name == "offline" and not info.model:  # not "offline (-)": no model is in use
                lines.append(i18n.t(lang, "provider_line_offline"))
            else:
                lines.append(i18n.t(lang, "provider_line", name=info.name, model=info.model or "-"))
            if info.name == "offline":
                # The page's own wording, in the page language, plus the reason the factory gave.
                reason = info.banner
                for known in (offline_banner("zh"), offline_banner("en")):
                    reason = reason.replace(known, "")
                lines.append(f"> {i18n.t(lang, 'offline_banner')} {reason.strip()}".rstrip())
            elif info.banner:
                lines.append(f"> {info.banner}")
            if info.error:
                lines.append(f"> {info.error}")
        snap = self.board.snapshot()
        if snap.tasks or snap.pending:
            # One paragraph per line (the status module joins them with single newlines).
            lines.append("\n\n".join(render_status(snap, "zh" if lang == "zh" else "en").splitlines()))
        task = self.board.task(MODEL_TASK)
        if task is not None and task.state == "done" and not any(
            t.key == DENSE_TASK and t.state == "running" for t in snap.tasks
        ):
            lines.append(i18n.t(lang, "local_ready"))
        if self._retriever_failed:
            lines.append(f"> {self._retriever_failed}")
        return "\n\n".join(lines)
