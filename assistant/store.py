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
* ``checks``    — the checker's result (JSON) per version;
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
from assistant.store_sql import Backend, Conn, Cursor, Row, is_database_url, open_backend, render_migration

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

Cause = Literal["first_draft", "rewrite", "manual_edit", "added_notes", "restore", "undo", "import", "restructure",
                "redraft", "word_edit"]
# "restructure": the notes redrafted in another structure asked for in chat; "redraft": the whole
# draft written again from the notes; "word_edit": the draft as edited in Word and imported back
# (no schema change: the column is free text, checked here only)
CAUSES: tuple[str, ...] = ("first_draft", "rewrite", "manual_edit", "added_notes", "restore", "undo", "import",
                           "restructure", "redraft", "word_edit")
_SESSION_ID_RE = re.compile(r"[0-9a-f]{32}")
_UPSERT_CHECK = (
    "INSERT INTO checks (version_id, result_json, created) VALUES (?,?,?) "
    "ON CONFLICT (version_id) DO UPDATE SET result_json = excluded.result_json, created = excluded.created"
)

def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _new_id(cur: Cursor) -> int:
    row = cur.fetchone()
    if row is None:  # pragma: no cover - INSERT … RETURNING always returns the row
        raise StoreError("the database returned no id for a new row")
    return int(row[0])


def open_store(settings: Settings) -> SessionStore:
    """The store the settings name: PostgreSQL at ``database_url`` when set, else the SQLite file
    ``sessions_db``; per-session files under ``files_root / "exports"``."""
    target: Path | str = settings.database_url or settings.sessions_db
    return SessionStore(target, files_dir=settings.files_root / "exports")


# --------------------------------------------------------------------------------------------- store


class SessionStore(WorkspaceRecords):
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
            mid = _new_id(c.execute(
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
            nid = _new_id(c.execute(
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

    # ----------------------------------------------------------------------------- versions
    @staticmethod
    def _version(r: Row) -> Version:
        return Version(
            version_id=r["id"],
            session_id=r["session_id"],
            seq=r["seq"],
            parent_id=r["parent_id"],
            text=r["text"],
            tree=json.loads(r["tree_json"]),
            cause=r["cause"],
            section_id=r["section_id"],
            instruction=r["instruction"],
            notes_id=r["notes_id"],
            restored_from=r["restored_from"],
            created=r["created"],
        )

    def add_version(
        self,
        session_id: str,
        text: str,
        *,
        cause: str,
        tree: Any = None,
        section_id: str | None = None,
        instruction: str | None = None,
        notes_id: int | None = None,
        parent_id: int | None = -1,
        check: Any = None,
        _restored_from: int | None = None,
    ) -> Version:
        """Add a version and make it the head. ``parent_id`` defaults to the current head.

        ``tree`` is the section tree JSON (``DraftTree.to_json()``); when omitted the text is
        parsed with :func:`assistant.sections.parse_draft`. ``check`` (JSON data) is stored with
        the version in the same transaction.
        """
        if cause not in CAUSES:
            raise StoreError(f"unknown version cause {cause!r}")
        if tree is None:
            from assistant.sections import parse_draft

            tree = parse_draft(text).to_json()
        tree_json = tree if isinstance(tree, str) else _dumps(tree)
        now = _now()
        with self._tx() as c:
            # the session row lock serialises numbering across processes (SQLite: BEGIN IMMEDIATE)
            row = c.execute("SELECT head_version_id FROM sessions WHERE id = ?" + self._db.for_update,
                            (session_id,)).fetchone()
            if row is None:
                raise StoreError(f"no such session: {session_id}")
            parent = row[0] if parent_id == -1 else parent_id
            seq = int(c.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM versions WHERE session_id = ?",
                                (session_id,)).fetchall()[0][0])
            if notes_id is None:
                nrow = c.execute(
                    "SELECT id FROM notes WHERE session_id = ? ORDER BY id DESC LIMIT 1", (session_id,)
                ).fetchone()
                notes_id = nrow[0] if nrow else None
            vid = _new_id(c.execute(
                "INSERT INTO versions (session_id, seq, parent_id, text, tree_json, cause, section_id, "
                "instruction, notes_id, restored_from, created) VALUES (?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
                (session_id, seq, parent, text, tree_json, cause, section_id, instruction, notes_id,
                 _restored_from, now),
            ))
            c.execute("UPDATE sessions SET head_version_id = ?, updated = ? WHERE id = ?", (vid, now, session_id))
            if check is not None:
                c.execute(_UPSERT_CHECK, (vid, _dumps(check), now))
        return self.get_version(vid)

    def get_version(self, version_id: int, *, owner: str | None = None, session_id: str | None = None) -> Version:
        """A version; with ``owner`` / ``session_id`` only one of that workspace / session (else "no
        such version", as for an id that does not exist)."""
        rows = self._read("SELECT v.*, s.owner AS _owner FROM versions v JOIN sessions s ON s.id = v.session_id "
                          "WHERE v.id = ?", (version_id,))
        if (not rows or (owner is not None and rows[0]["_owner"] != owner)
                or (session_id is not None and rows[0]["session_id"] != session_id)):
            raise StoreError(f"no such version: {version_id}")
        return self._version(rows[0])

    def list_versions(self, session_id: str) -> list[Version]:
        """Every version of the session, oldest first."""
        return [
            self._version(r)
            for r in self._read("SELECT * FROM versions WHERE session_id = ? ORDER BY seq", (session_id,))
        ]

    def head(self, session_id: str) -> Version | None:
        """The version the session currently shows."""
        sess = self.get_session(session_id)
        return self.get_version(sess.head_version_id) if sess.head_version_id is not None else None

    def restore_version(self, session_id: str, version_id: int) -> Version:
        """Make an old version current again, as a new version whose cause is ``restore``."""
        try:
            old = self.get_version(version_id, session_id=session_id)
        except StoreError:
            raise StoreError(f"version {version_id} does not belong to this session") from None
        return self.add_version(
            session_id, old.text, cause="restore", tree=old.tree, notes_id=None,
            instruction=f"v{old.seq}", _restored_from=old.version_id,
            check=self.load_check(version_id),
        )

    def undo(self, session_id: str) -> Version:
        """Undo the last change: the head goes back to its parent version.

        The undone version stays in the history (it can be restored). Raises :class:`StoreError`
        when there is nothing to undo.
        """
        with self._tx() as c:
            c.execute("SELECT id FROM sessions WHERE id = ?" + self._db.for_update, (session_id,)).fetchall()
            row = c.execute(
                "SELECT v.parent_id FROM sessions s JOIN versions v ON v.id = s.head_version_id WHERE s.id = ?",
                (session_id,),
            ).fetchone()
            if row is None or row[0] is None:
                raise StoreError("nothing to undo")
            c.execute("UPDATE sessions SET head_version_id = ?, updated = ? WHERE id = ?", (row[0], _now(), session_id))
            parent = int(row[0])
        return self.get_version(parent)

    def diff(self, version_a: int, version_b: int) -> VersionDiff:
        return diff_versions(self.get_version(version_a), self.get_version(version_b))

    # ----------------------------------------------------------------------------- checks
    def save_check(self, version_id: int, result: Any) -> None:
        """Store the checker's result (JSON-serialisable data) for a version, replacing any earlier one."""
        with self._tx() as c:
            c.execute(_UPSERT_CHECK, (version_id, _dumps(result), _now()))

    def load_check(self, version_id: int) -> Any:
        rows = self._read("SELECT result_json FROM checks WHERE version_id = ?", (version_id,))
        return json.loads(rows[0][0]) if rows else None

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
