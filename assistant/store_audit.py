"""The workspace records of :class:`assistant.store.SessionStore` (migration 2): the audit log of
uploads, deletions and exports per user, and the team-library memberships stored with
``report-assistant teams add``. A mixin over the store's transaction and read helpers, so both
dialects (SQLite, PostgreSQL) run the same SQL.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

from assistant.errors import StoreError
from assistant.store_model import AuditEntry
from assistant.store_sql import Conn, Row

AUDIT_ACTIONS: tuple[str, ...] = ("upload", "delete_example", "delete_session", "export", "team_add", "team_remove")
LOCAL_OWNER = "local"  # the single-user workspace (loopback mode without authentication)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


class WorkspaceRecords:
    """Audit log and team members; :class:`~assistant.store.SessionStore` provides the two helpers."""

    def _tx(self) -> AbstractContextManager[Conn]:  # pragma: no cover - provided by SessionStore
        raise NotImplementedError

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:  # pragma: no cover - idem
        raise NotImplementedError

    # ----------------------------------------------------------------------------- audit log
    def audit(self, username: str, action: str, target: str = "", detail: Mapping[str, Any] | None = None) -> None:
        """Record one upload, deletion or export by ``username`` (the workspace; ``local`` single-user)."""
        if action not in AUDIT_ACTIONS:
            raise StoreError(f"unknown audit action {action!r}")
        with self._tx() as c:
            c.execute("INSERT INTO audit (created, username, action, target, detail_json) VALUES (?,?,?,?,?)",
                      (now_iso(), username or LOCAL_OWNER, action, target, dumps(dict(detail or {}))))

    def list_audit(self, *, username: str | None = None, limit: int = 1000) -> list[AuditEntry]:
        """The newest ``limit`` audit entries (of one user when given), oldest first."""
        where, params = ("WHERE username = ? ", [username]) if username is not None else ("", [])
        rows = self._read(f"SELECT * FROM audit {where}ORDER BY id DESC LIMIT ?", (*params, int(limit)))
        return [AuditEntry(r["id"], r["created"], r["username"], r["action"], r["target"], json.loads(r["detail_json"]))
                for r in reversed(rows)]

    # ----------------------------------------------------------------------------- team libraries
    def add_team_member(self, team: str, member: str) -> None:
        with self._tx() as c:
            c.execute("INSERT INTO team_members (team, member, created) VALUES (?,?,?) ON CONFLICT (team, member) "
                      "DO NOTHING", (team, member, now_iso()))

    def remove_team_member(self, team: str, member: str) -> bool:
        with self._tx() as c:
            cur = c.execute("DELETE FROM team_members WHERE team = ? AND member = ?", (team, member))
            return cur.rowcount > 0

    def list_team_members(self) -> list[tuple[str, str]]:
        """(team, member) pairs stored with ``report-assistant teams add``, sorted."""
        return [(r[0], r[1]) for r in self._read("SELECT team, member FROM team_members ORDER BY team, member")]
