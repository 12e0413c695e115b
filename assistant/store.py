"""Sessions that survive restarts: chats, notes, draft versions and check results, on SQLite (the
default: one file, ``settings.sessions_db``) or PostgreSQL (``settings.database_url``, shared by app
replicas). The SQL and the migrations are the same for both (:mod:`assistant.store_sql`).

Tables:

* ``sessions``  — id, title, created/updated, language, settings snapshot, the head version;
* ``messages``  — the chat, in order;
* ``notes``     — every version of the notes text (the newest is the current notes);
* ``versions``  — every version of the draft: full text, section tree JSON, what caused it
  (``first_draft``, ``rewrite`` with section and instruction, ``manual_edit``, ``added_notes``,
  ``restore``, ``undo``), its parent version and the notes version it was checked against;
* ``checks``    — the checker's result (JSON) per version (versions and checks:
  :mod:`assistant.store_versions`);
* ``pins``      — examples the user chose or pinned for a session.
* ``audit``, ``team_members`` — the audit log and stored team memberships (:mod:`assistant.store_audit`).

Workspaces: every session has an ``owner`` (the logged-in user; ``"local"`` in single-user mode).
``get_session``/``list_sessions``/``delete_session``/``get_version`` take ``owner=`` and answer
"no such …" for an id of another workspace, exactly as for an id that does not exist.

Durability: every change in one explicit transaction. SQLite: WAL journal, ``synchronous=FULL``,
foreign keys on, ``BEGIN IMMEDIATE``, a busy timeout for concurrent processes, ``secure_delete`` and
a truncating WAL checkpoint after deletes, the file created 0600. PostgreSQL: ``READ COMMITTED``
transactions with the session row locked (``FOR UPDATE``) where versions are numbered or the head
moves. A ``kill -9`` at any moment loses at most the transaction in flight. The schema is versioned
by ``schema_migrations``; migrations run in order at open time (on PostgreSQL under an advisory lock).

Deleting a session also removes its files folder (:meth:`SessionStore.session_files_dir`: exports
and cached uploads). Thread safety: one connection guarded by a re-entrant lock, so Gradio's worker
threads may share a :class:`SessionStore`. Nothing here imports Gradio or reads the environment.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import sqlite3
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from assistant.errors import StoreError
from assistant.store_audit import AUDIT_ACTIONS, LOCAL_OWNER, WorkspaceRecords
from assistant.store_model import (
    AuditEntry,
    Message,
    NotesVersion,
    SectionDiff,
    Session,
    SessionSnapshot,
    Version,
    VersionDiff,
    diff_texts,
    diff_versions,
    settings_snapshot,
)
from assistant.store_schema import _MIGRATIONS, SCHEMA_VERSION, backfill_owners
from assistant.store_sql import Backend, Conn, Row, is_database_url, open_backend, render_migration
from assistant.store_versions import CAUSES, Cause, VersionRecords, new_id

if TYPE_CHECKING:
    from assistant.settings import Settings

log = logging.getLogger(__name__)

__all__ = [
    "AUDIT_ACTIONS",
    "CAUSES",
    "LOCAL_OWNER",
    "SCHEMA_VERSION",
    "AuditEntry",
    "Cause",
    "Message",
    "NotesVersion",
    "SectionDiff",
    "Session",
    "SessionSnapshot",
    "SessionStore",
    "Version",
    "VersionDiff",
    "diff_texts",
    "diff_versions",
    "open_store",
    "settings_snapshot",
]

_SESSION_ID_RE = re.compile(r"[0-9a-f]{32}")

def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def open_store(settings: Settings) -> SessionStore:
    """The store the settings name: PostgreSQL at ``database_url`` when set, else the SQLite file
    ``sessions_db``; per-session files under ``files_root / "exports"``."""
    target: Path | str = settings.database_url or settings.sessions_db
    return SessionStore(target, files_dir=settings.files_root / "exports")


# --------------------------------------------------------------------------------------------- store


class SessionStore(VersionRecords, WorkspaceRecords):
    """Sessions on SQLite (a file path: the default) or PostgreSQL (a ``postgresql://`` URL).

    ``SessionStore(settings.sessions_db)`` or :func:`open_store` (``settings.database_url`` when set);
    close it when done. ``files_dir`` is where per-session files live (exports, cached uploads:
    :meth:`session_files_dir`); deleting a session removes its folder there. It defaults to the
    ``exports`` folder next to a SQLite file (today's ``DATA_DIR/exports``) and to none for a URL.
    """

    def __init__(self, db_path: Path | str, *, synchronous: Literal["FULL", "NORMAL"] = "FULL",
                 busy_timeout_ms: int = 10_000, files_dir: Path | str | None = None) -> None:
        remote = is_database_url(db_path)
        self.db_path = None if remote else Path(db_path)
        if files_dir is not None:
            self.files_dir: Path | None = Path(files_dir)
        elif self.db_path is not None and str(db_path) != ":memory:":
            self.files_dir = self.db_path.parent / "exports"
        else:
            self.files_dir = None
        try:
            self._db: Backend = open_backend(db_path, synchronous=synchronous, busy_timeout_ms=busy_timeout_ms)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open the sessions database {db_path}: {exc}") from exc
        self.dialect = self._db.dialect
        try:
            self._migrate()
        except StoreError:
            self._db.close()
            raise
        except self._db.errors as exc:
            self._db.close()
            raise StoreError(f"cannot open the sessions database {self._db.label}: {exc}") from exc

    # ----------------------------------------------------------------------------- plumbing
    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> SessionStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[Conn]:
        """One write transaction, rolled back on any error (SQLite: BEGIN IMMEDIATE)."""
        try:
            with self._db.tx() as c:
                yield c
        except StoreError:
            raise
        except self._db.errors as exc:
            raise StoreError(f"could not save to the sessions database: {exc}") from exc

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        try:
            return self._db.read(sql, params)
        except self._db.errors as exc:
            raise StoreError(f"could not read the sessions database: {exc}") from exc

    def _migrate(self) -> None:
        with self._tx() as c:
            self._db.migrate_lock(c)
            c.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied TEXT NOT NULL)"
            )
            done = {int(r[0]) for r in c.execute("SELECT version FROM schema_migrations").fetchall()}
            if done and max(done) > SCHEMA_VERSION:
                raise StoreError(
                    f"the sessions database {self._db.label} was written by a newer report-assistant "
                    f"(schema {max(done)} > {SCHEMA_VERSION}); upgrade the application"
                )
            for version, sql in _MIGRATIONS:
                if version in done:
                    continue
                log.info("applying sessions schema migration %d (%s)", version, self.dialect)
                for statement in render_migration(sql, self.dialect):
                    c.execute(statement)
                if version == 2:
                    backfill_owners(c)
                c.execute("INSERT INTO schema_migrations (version, applied) VALUES (?, ?)", (version, _now()))
            self._db.after_migrate(c, SCHEMA_VERSION)

    def schema_version(self) -> int:
        rows = self._read("SELECT MAX(version) FROM schema_migrations")
        return int(rows[0][0] or 0)

    def integrity_check(self) -> str:
        """``"ok"`` when the database finds itself intact."""
        try:
            return self._db.integrity_check()
        except self._db.errors as exc:
            raise StoreError(f"could not check the sessions database: {exc}") from exc

    def session_files_dir(self, session_id: str, *, create: bool = False) -> Path:
        """The folder for one session's files (exports, cached uploads); removed with the session.

        ``create=True`` makes it (and the files folder) private, 0700, so whatever is written in it
        is unreadable to other local users. Raises :class:`StoreError` when no files folder is
        configured or the id is not a session id (32 hex digits, so a crafted id can never name
        another folder).
        """
        if self.files_dir is None:
            raise StoreError("no files folder is configured for session files")
        if not _SESSION_ID_RE.fullmatch(session_id or ""):
            raise StoreError(f"not a session id: {session_id!r}")
        folder = self.files_dir / session_id
        if create:
            for made in (self.files_dir, folder):
                made.mkdir(parents=True, exist_ok=True)
                os.chmod(made, 0o700)
        return folder

    def _touch(self, c: Conn, session_id: str) -> None:
        cur = c.execute("UPDATE sessions SET updated = ? WHERE id = ?", (_now(), session_id))
        if cur.rowcount == 0:
            raise StoreError(f"no such session: {session_id}")

    # ----------------------------------------------------------------------------- sessions
    @staticmethod
    def _session(row: Row) -> Session:
        return Session(
            session_id=row["id"],
            title=row["title"],
            created=row["created"],
            updated=row["updated"],
            language=row["language"],
            settings=json.loads(row["settings_json"] or "{}"),
            head_version_id=row["head_version_id"],
            owner=row["owner"],
        )

    def create_session(self, title: str = "", *, language: str = "zh",
                       settings: Mapping[str, Any] | None = None, owner: str | None = None) -> Session:
        """A new session in workspace ``owner`` (default ``"local"``: the single-user workspace)."""
        sid = uuid.uuid4().hex
        now = _now()
        title = title.strip() or ("新的工作总结" if language == "zh" else "New report")
        with self._tx() as c:
            c.execute(
                "INSERT INTO sessions (id, title, created, updated, language, settings_json, owner) "
                "VALUES (?,?,?,?,?,?,?)",
                (sid, title, now, now, language, _dumps(dict(settings or {})), owner or LOCAL_OWNER),
            )
        return self.get_session(sid)

    def get_session(self, session_id: str, *, owner: str | None = None) -> Session:
        """The session; with ``owner``, only when it belongs to that workspace (else "no such
        session", the same answer as for an id that does not exist, so ids cannot be probed)."""
        rows = self._read("SELECT * FROM sessions WHERE id = ?", (session_id,))
        if not rows or (owner is not None and rows[0]["owner"] != owner):
            raise StoreError(f"no such session: {session_id}")
        return self._session(rows[0])

    def check_owner(self, session_id: str, owner: str | None) -> None:
        """Raise :class:`StoreError` unless the session belongs to workspace ``owner`` (None: any)."""
        if owner is not None:
            self.get_session(session_id, owner=owner)

    def list_sessions(self, *, owner: str | None = None) -> list[Session]:
        """Every session (of workspace ``owner`` when given), most recently updated first."""
        order = " ORDER BY updated DESC, created DESC, id DESC"
        if owner is None:
            return [self._session(r) for r in self._read("SELECT * FROM sessions" + order)]
        return [self._session(r) for r in self._read("SELECT * FROM sessions WHERE owner = ?" + order, (owner,))]

    def rename_session(self, session_id: str, title: str) -> Session:
        title = title.strip()
        if not title:
            raise StoreError("a session title cannot be empty")
        with self._tx() as c:
            cur = c.execute("UPDATE sessions SET title = ?, updated = ? WHERE id = ?", (title, _now(), session_id))
            if cur.rowcount == 0:
                raise StoreError(f"no such session: {session_id}")
        return self.get_session(session_id)

    def set_session_language(self, session_id: str, language: str) -> None:
        with self._tx() as c:
            c.execute("UPDATE sessions SET language = ? WHERE id = ?", (language, session_id))
            self._touch(c, session_id)

    def delete_session(self, session_id: str, *, owner: str | None = None) -> None:
        """Delete a session and everything in it (messages, notes, versions, checks, pins, its files);
        with ``owner``, only a session of that workspace.

        On SQLite the deleted rows are zeroed (``secure_delete``) and the WAL is checkpointed and
        truncated, so the text is gone from every file of the database, not just unreachable.
        """
        self.check_owner(session_id, owner)
        with self._tx() as c:
            c.execute("UPDATE sessions SET head_version_id = NULL WHERE id = ?", (session_id,))
            cur = c.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
            if cur.rowcount == 0:
                raise StoreError(f"no such session: {session_id}")
        self._db.after_delete()
        if self.files_dir is not None and _SESSION_ID_RE.fullmatch(session_id):
            folder = self.session_files_dir(session_id)
            if folder.exists():
                shutil.rmtree(folder, ignore_errors=True)
                if folder.exists():
                    log.warning("could not remove every file of deleted session %s under %s", session_id, folder)

    # ----------------------------------------------------------------------------- messages
    def add_message(self, session_id: str, role: str, content: str,
                    meta: Mapping[str, Any] | None = None) -> Message:
        now = _now()
        with self._tx() as c:
            self._touch(c, session_id)
            mid = new_id(c.execute(
                "INSERT INTO messages (session_id, role, content, meta_json, created) VALUES (?,?,?,?,?) RETURNING id",
                (session_id, role, content, _dumps(dict(meta or {})), now),
            ))
        return Message(mid, session_id, role, content, dict(meta or {}), now)

    def list_messages(self, session_id: str) -> list[Message]:
        return [
            Message(r["id"], r["session_id"], r["role"], r["content"], json.loads(r["meta_json"]), r["created"])
            for r in self._read("SELECT * FROM messages WHERE session_id = ? ORDER BY id", (session_id,))
        ]

    # ----------------------------------------------------------------------------- notes
    def set_notes(self, session_id: str, text: str, *, cause: str = "user") -> NotesVersion:
        """Store a new version of the notes (the newest one is the session's current notes)."""
        now = _now()
        with self._tx() as c:
            self._touch(c, session_id)
            nid = new_id(c.execute(
                "INSERT INTO notes (session_id, text, cause, created) VALUES (?,?,?,?) RETURNING id",
                (session_id, text, cause, now),
            ))
        return NotesVersion(nid, session_id, text, cause, now)

    def get_notes(self, session_id: str) -> NotesVersion | None:
        rows = self._read("SELECT * FROM notes WHERE session_id = ? ORDER BY id DESC LIMIT 1", (session_id,))
        return self._notes(rows[0]) if rows else None

    def list_notes(self, session_id: str) -> list[NotesVersion]:
        return [self._notes(r) for r in self._read("SELECT * FROM notes WHERE session_id = ? ORDER BY id", (session_id,))]

    @staticmethod
    def _notes(r: Row) -> NotesVersion:
        return NotesVersion(r["id"], r["session_id"], r["text"], r["cause"], r["created"])

    # ----------------------------------------------------------------------------- pins
    def pin_example(self, session_id: str, example_id: str, data: Mapping[str, Any] | None = None) -> None:
        with self._tx() as c:
            self._touch(c, session_id)
            c.execute(
                "INSERT INTO pins (session_id, example_id, data_json, created) VALUES (?,?,?,?) "
                "ON CONFLICT (session_id, example_id) DO UPDATE SET data_json = excluded.data_json, "
                "created = excluded.created",
                (session_id, example_id, _dumps(dict(data or {})), _now()),
            )

    def unpin_example(self, session_id: str, example_id: str) -> None:
        with self._tx() as c:
            self._touch(c, session_id)
            c.execute("DELETE FROM pins WHERE session_id = ? AND example_id = ?", (session_id, example_id))

    def list_pins(self, session_id: str) -> list[tuple[str, dict[str, Any]]]:
        return [
            (r["example_id"], json.loads(r["data_json"]))
            for r in self._read("SELECT * FROM pins WHERE session_id = ? ORDER BY created, example_id", (session_id,))
        ]

    # ----------------------------------------------------------------------------- whole session
    def load_session(self, session_id: str) -> SessionSnapshot:
        """Everything of one session in one consistent read (used to reopen it)."""
        with self._db.snapshot():
            session = self.get_session(session_id)
            versions = self.list_versions(session_id)
            checks = {
                int(r[0]): json.loads(r[1])
                for r in self._read(
                    "SELECT c.version_id, c.result_json FROM checks c JOIN versions v ON v.id = c.version_id "
                    "WHERE v.session_id = ?",
                    (session_id,),
                )
            }
            snap = SessionSnapshot(
                session=session,
                messages=self.list_messages(session_id),
                notes=self.get_notes(session_id),
                versions=versions,
                head=next((v for v in versions if v.version_id == session.head_version_id), None),
                checks=checks,
                pins=self.list_pins(session_id),
            )
        return snap
