"""Sessions that survive restarts: SQLite store of chats, notes, draft versions and check results.

One database file (``settings.sessions_db``) holds every session of a user:

* ``sessions``  — id, title, created/updated, language, settings snapshot, the head version;
* ``messages``  — the chat, in order;
* ``notes``     — every version of the notes text (the newest is the current notes);
* ``versions``  — every version of the draft: full text, section tree JSON, what caused it
  (``first_draft``, ``rewrite`` with section and instruction, ``manual_edit``, ``added_notes``,
  ``restore``, ``undo``), its parent version and the notes version it was checked against;
* ``checks``    — the checker's result (JSON) per version;
* ``pins``      — examples the user chose or pinned for a session.

Durability: WAL journal, ``synchronous=FULL``, foreign keys on, every change in one explicit
transaction (``BEGIN IMMEDIATE``), a busy timeout for concurrent processes. A ``kill -9`` at any
moment loses at most the transaction in flight. The schema is versioned by ``schema_migrations``;
migrations run in order at open time.

Thread safety: one connection guarded by a re-entrant lock, so Gradio's worker threads may share a
:class:`SessionStore`. Nothing here imports Gradio or reads the environment.
"""

from __future__ import annotations

import difflib
import json
import logging
import sqlite3
import threading
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from assistant.errors import StoreError

log = logging.getLogger(__name__)

Cause = Literal["first_draft", "rewrite", "manual_edit", "added_notes", "restore", "undo", "import", "restructure"]
# "restructure": the notes redrafted in another structure asked for in chat (no schema change: the
# column is free text, checked here only)
CAUSES: tuple[str, ...] = ("first_draft", "rewrite", "manual_edit", "added_notes", "restore", "undo", "import",
                           "restructure", "redraft")

_MIGRATIONS: tuple[tuple[int, str], ...] = (
    (
        1,
        """
        CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            language TEXT NOT NULL DEFAULT 'zh',
            settings_json TEXT NOT NULL DEFAULT '{}',
            head_version_id INTEGER
        );
        CREATE TABLE messages (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            role TEXT NOT NULL,
            content TEXT NOT NULL,
            meta_json TEXT NOT NULL DEFAULT '{}',
            created TEXT NOT NULL
        );
        CREATE INDEX messages_session ON messages(session_id, id);
        CREATE TABLE notes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            cause TEXT NOT NULL DEFAULT 'user',
            created TEXT NOT NULL
        );
        CREATE INDEX notes_session ON notes(session_id, id);
        CREATE TABLE versions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            parent_id INTEGER REFERENCES versions(id) ON DELETE SET NULL,
            text TEXT NOT NULL,
            tree_json TEXT NOT NULL DEFAULT 'null',
            cause TEXT NOT NULL,
            section_id TEXT,
            instruction TEXT,
            notes_id INTEGER REFERENCES notes(id) ON DELETE SET NULL,
            restored_from INTEGER,
            created TEXT NOT NULL,
            UNIQUE (session_id, seq)
        );
        CREATE TABLE checks (
            version_id INTEGER PRIMARY KEY REFERENCES versions(id) ON DELETE CASCADE,
            result_json TEXT NOT NULL,
            created TEXT NOT NULL
        );
        CREATE TABLE pins (
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            example_id TEXT NOT NULL,
            data_json TEXT NOT NULL DEFAULT '{}',
            created TEXT NOT NULL,
            PRIMARY KEY (session_id, example_id)
        );
        """,
    ),
)
SCHEMA_VERSION = _MIGRATIONS[-1][0]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


# --------------------------------------------------------------------------------------------- types


@dataclass(frozen=True)
class Session:
    session_id: str
    title: str
    created: str
    updated: str
    language: str
    settings: dict[str, Any]
    head_version_id: int | None


@dataclass(frozen=True)
class Message:
    message_id: int
    session_id: str
    role: str
    content: str
    meta: dict[str, Any]
    created: str


@dataclass(frozen=True)
class NotesVersion:
    notes_id: int
    session_id: str
    text: str
    cause: str
    created: str


@dataclass(frozen=True)
class Version:
    """One version of a session's draft."""

    version_id: int
    session_id: str
    seq: int  # 1, 2, 3 … within the session (what the UI shows as "v3")
    parent_id: int | None
    text: str
    tree: Any  # the section tree as JSON data (see sections.DraftTree.to_json)
    cause: str
    section_id: str | None
    instruction: str | None
    notes_id: int | None
    restored_from: int | None
    created: str

    def describe(self) -> str:
        """A one-line label for version lists, e.g. ``v3 · rewrite s2 · 更简洁``."""
        parts = [f"v{self.seq}", self.cause]
        if self.section_id:
            parts[-1] += f" {self.section_id}"
        if self.instruction:
            parts.append(self.instruction if len(self.instruction) <= 40 else self.instruction[:39] + "…")
        if self.restored_from is not None:
            parts.append(f"from #{self.restored_from}")
        return " · ".join(parts)


@dataclass(frozen=True)
class SectionDiff:
    section_id: str
    title: str
    status: Literal["same", "changed", "added", "removed"]
    unified: str


@dataclass(frozen=True)
class VersionDiff:
    """Difference between two versions: a unified diff, side-by-side rows and per-section changes."""

    a_id: int
    b_id: int
    unified: str
    side_by_side: list[tuple[str, str, str]]  # (tag, left line, right line); tag in equal/replace/delete/insert
    sections: list[SectionDiff] = field(default_factory=list)

    @property
    def changed_sections(self) -> list[str]:
        return [s.section_id for s in self.sections if s.status != "same"]


@dataclass(frozen=True)
class SessionSnapshot:
    """Everything needed to reopen a session exactly as it was."""

    session: Session
    messages: list[Message]
    notes: NotesVersion | None
    versions: list[Version]
    head: Version | None
    checks: dict[int, Any]
    pins: list[tuple[str, dict[str, Any]]]


# --------------------------------------------------------------------------------------------- diff


def diff_texts(a: str, b: str, *, a_label: str = "a", b_label: str = "b") -> tuple[str, list[tuple[str, str, str]]]:
    """Unified diff and side-by-side rows between two texts (line based)."""
    a_lines = a.splitlines()
    b_lines = b.splitlines()
    unified = "\n".join(
        difflib.unified_diff(a_lines, b_lines, fromfile=a_label, tofile=b_label, lineterm="")
    )
    rows: list[tuple[str, str, str]] = []
    matcher = difflib.SequenceMatcher(None, a_lines, b_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        left = a_lines[i1:i2]
        right = b_lines[j1:j2]
        for k in range(max(len(left), len(right))):
            rows.append((tag, left[k] if k < len(left) else "", right[k] if k < len(right) else ""))
    return unified, rows


def _section_map(tree: Any) -> dict[str, tuple[str, str]]:
    """``{section id: (title, full text)}`` from tree JSON (see sections.DraftTree.to_json)."""
    out: dict[str, tuple[str, str]] = {}
    if not isinstance(tree, Mapping):
        return out

    def walk(nodes: Sequence[Any]) -> None:
        for node in nodes:
            if not isinstance(node, Mapping):
                continue
            out[str(node.get("id", ""))] = (
                str(node.get("title", "")),
                str(node.get("heading", "")) + str(node.get("body", "")),
            )
            walk(node.get("children", ()) or ())

    walk(tree.get("sections", ()) or ())
    return out


def diff_versions(a: Version, b: Version) -> VersionDiff:
    """Diff two versions: whole text plus one entry per section id found in either tree."""
    unified, rows = diff_texts(a.text, b.text, a_label=f"v{a.seq}", b_label=f"v{b.seq}")
    a_map = _section_map(a.tree)
    b_map = _section_map(b.tree)
    sections: list[SectionDiff] = []
    for sid in list(a_map) + [s for s in b_map if s not in a_map]:
        if sid in a_map and sid in b_map:
            (_ta, xa), (tb, xb) = a_map[sid], b_map[sid]
            if xa.rstrip() == xb.rstrip():  # blank lines between sections are not a change
                sections.append(SectionDiff(sid, tb, "same", ""))
            else:
                u, _ = diff_texts(xa, xb, a_label=f"v{a.seq} {sid}", b_label=f"v{b.seq} {sid}")
                sections.append(SectionDiff(sid, tb, "changed", u))
        elif sid in a_map:
            u, _ = diff_texts(a_map[sid][1], "", a_label=f"v{a.seq} {sid}", b_label=f"v{b.seq}")
            sections.append(SectionDiff(sid, a_map[sid][0], "removed", u))
        else:
            u, _ = diff_texts("", b_map[sid][1], a_label=f"v{a.seq}", b_label=f"v{b.seq} {sid}")
            sections.append(SectionDiff(sid, b_map[sid][0], "added", u))
    return VersionDiff(a.version_id, b.version_id, unified, rows, sections)


def settings_snapshot(settings: Any) -> dict[str, Any]:
    """The settings worth remembering with a session, without any secret (keys are dropped)."""
    try:
        data = settings.model_dump(mode="json")
    except AttributeError:
        return {}
    return {
        k: v
        for k, v in data.items()
        if "key" not in k and "auth" not in k and "secret" not in k and "password" not in k
    }


# --------------------------------------------------------------------------------------------- store


class SessionStore:
    """SQLite-backed sessions. ``SessionStore(settings.sessions_db)``; close it when done."""

    def __init__(self, db_path: Path | str, *, synchronous: Literal["FULL", "NORMAL"] = "FULL",
                 busy_timeout_ms: int = 10_000) -> None:
        self.db_path = Path(db_path)
        self._lock = threading.RLock()
        try:
            if str(db_path) != ":memory:":
                self.db_path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(
                str(db_path), isolation_level=None, check_same_thread=False, timeout=busy_timeout_ms / 1000
            )
            self._conn.row_factory = sqlite3.Row
            self._conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            mode = self._conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal" and str(db_path) != ":memory:":
                log.warning("sessions database %s is not in WAL mode (%s)", self.db_path, mode)
            self._conn.execute(f"PRAGMA synchronous = {synchronous}")
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open the sessions database {self.db_path}: {exc}") from exc

    # ----------------------------------------------------------------------------- plumbing
    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> SessionStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE … COMMIT), rolled back on any error."""
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.DatabaseError as exc:
                raise StoreError(f"the sessions database is busy or unreadable: {exc}") from exc
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            else:
                try:
                    self._conn.execute("COMMIT")
                except sqlite3.DatabaseError as exc:
                    self._conn.execute("ROLLBACK")
                    raise StoreError(f"could not save to the sessions database: {exc}") from exc

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            try:
                return list(self._conn.execute(sql, params).fetchall())
            except sqlite3.DatabaseError as exc:
                raise StoreError(f"could not read the sessions database: {exc}") from exc

    def _migrate(self) -> None:
        with self._tx() as c:
            c.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied TEXT NOT NULL)"
            )
            done = {int(r[0]) for r in c.execute("SELECT version FROM schema_migrations")}
            if done and max(done) > SCHEMA_VERSION:
                raise StoreError(
                    f"the sessions database {self.db_path} was written by a newer report-assistant "
                    f"(schema {max(done)} > {SCHEMA_VERSION}); upgrade the application"
                )
            for version, sql in _MIGRATIONS:
                if version in done:
                    continue
                log.info("applying sessions schema migration %d", version)
                for statement in sql.split(";"):
                    if statement.strip():
                        c.execute(statement)
                c.execute("INSERT INTO schema_migrations VALUES (?, ?)", (version, _now()))
            c.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def schema_version(self) -> int:
        rows = self._read("SELECT MAX(version) FROM schema_migrations")
        return int(rows[0][0] or 0)

    def integrity_check(self) -> str:
        """``"ok"`` when SQLite finds the file intact."""
        return str(self._read("PRAGMA integrity_check")[0][0])

    def _touch(self, c: sqlite3.Connection, session_id: str) -> None:
        cur = c.execute("UPDATE sessions SET updated = ? WHERE id = ?", (_now(), session_id))
        if cur.rowcount == 0:
            raise StoreError(f"no such session: {session_id}")

    # ----------------------------------------------------------------------------- sessions
    @staticmethod
    def _session(row: sqlite3.Row) -> Session:
        return Session(
            session_id=row["id"],
            title=row["title"],
            created=row["created"],
            updated=row["updated"],
            language=row["language"],
            settings=json.loads(row["settings_json"] or "{}"),
            head_version_id=row["head_version_id"],
        )

    def create_session(self, title: str = "", *, language: str = "zh",
                       settings: Mapping[str, Any] | None = None) -> Session:
        sid = uuid.uuid4().hex
        now = _now()
        title = title.strip() or ("新的工作总结" if language == "zh" else "New report")
        with self._tx() as c:
            c.execute(
                "INSERT INTO sessions (id, title, created, updated, language, settings_json) VALUES (?,?,?,?,?,?)",
                (sid, title, now, now, language, _dumps(dict(settings or {}))),
            )
        return self.get_session(sid)

    def get_session(self, session_id: str) -> Session:
        rows = self._read("SELECT * FROM sessions WHERE id = ?", (session_id,))
        if not rows:
            raise StoreError(f"no such session: {session_id}")
        return self._session(rows[0])

    def list_sessions(self) -> list[Session]:
        """Every session, most recently updated first."""
        return [self._session(r) for r in self._read("SELECT * FROM sessions ORDER BY updated DESC, rowid DESC")]

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

    def delete_session(self, session_id: str) -> None:
        """Delete a session and everything in it (messages, notes, versions, checks, pins)."""
        with self._tx() as c:
            c.execute("UPDATE sessions SET head_version_id = NULL WHERE id = ?", (session_id,))
            cur = c.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
            if cur.rowcount == 0:
                raise StoreError(f"no such session: {session_id}")

    # ----------------------------------------------------------------------------- messages
    def add_message(self, session_id: str, role: str, content: str,
                    meta: Mapping[str, Any] | None = None) -> Message:
        now = _now()
        with self._tx() as c:
            self._touch(c, session_id)
            cur = c.execute(
                "INSERT INTO messages (session_id, role, content, meta_json, created) VALUES (?,?,?,?,?)",
                (session_id, role, content, _dumps(dict(meta or {})), now),
            )
            mid = int(cur.lastrowid or 0)
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
            cur = c.execute(
                "INSERT INTO notes (session_id, text, cause, created) VALUES (?,?,?,?)",
                (session_id, text, cause, now),
            )
            nid = int(cur.lastrowid or 0)
        return NotesVersion(nid, session_id, text, cause, now)

    def get_notes(self, session_id: str) -> NotesVersion | None:
        rows = self._read("SELECT * FROM notes WHERE session_id = ? ORDER BY id DESC LIMIT 1", (session_id,))
        return self._notes(rows[0]) if rows else None

    def list_notes(self, session_id: str) -> list[NotesVersion]:
        return [self._notes(r) for r in self._read("SELECT * FROM notes WHERE session_id = ? ORDER BY id", (session_id,))]

    @staticmethod
    def _notes(r: sqlite3.Row) -> NotesVersion:
        return NotesVersion(r["id"], r["session_id"], r["text"], r["cause"], r["created"])

    # ----------------------------------------------------------------------------- versions
    @staticmethod
    def _version(r: sqlite3.Row) -> Version:
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
            row = c.execute("SELECT head_version_id FROM sessions WHERE id = ?", (session_id,)).fetchone()
            if row is None:
                raise StoreError(f"no such session: {session_id}")
            parent = row[0] if parent_id == -1 else parent_id
            seq = int(
                c.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM versions WHERE session_id = ?", (session_id,))
                .fetchone()[0]
            )
            if notes_id is None:
                nrow = c.execute(
                    "SELECT id FROM notes WHERE session_id = ? ORDER BY id DESC LIMIT 1", (session_id,)
                ).fetchone()
                notes_id = nrow[0] if nrow else None
            cur = c.execute(
                "INSERT INTO versions (session_id, seq, parent_id, text, tree_json, cause, section_id, "
                "instruction, notes_id, restored_from, created) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (session_id, seq, parent, text, tree_json, cause, section_id, instruction, notes_id,
                 _restored_from, now),
            )
            vid = int(cur.lastrowid or 0)
            c.execute("UPDATE sessions SET head_version_id = ?, updated = ? WHERE id = ?", (vid, now, session_id))
            if check is not None:
                c.execute(
                    "INSERT OR REPLACE INTO checks (version_id, result_json, created) VALUES (?,?,?)",
                    (vid, _dumps(check), now),
                )
        return self.get_version(vid)

    def get_version(self, version_id: int) -> Version:
        rows = self._read("SELECT * FROM versions WHERE id = ?", (version_id,))
        if not rows:
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
        old = self.get_version(version_id)
        if old.session_id != session_id:
            raise StoreError(f"version {version_id} does not belong to this session")
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
            c.execute(
                "INSERT OR REPLACE INTO checks (version_id, result_json, created) VALUES (?,?,?)",
                (version_id, _dumps(result), _now()),
            )

    def load_check(self, version_id: int) -> Any:
        rows = self._read("SELECT result_json FROM checks WHERE version_id = ?", (version_id,))
        return json.loads(rows[0][0]) if rows else None

    # ----------------------------------------------------------------------------- pins
    def pin_example(self, session_id: str, example_id: str, data: Mapping[str, Any] | None = None) -> None:
        with self._tx() as c:
            self._touch(c, session_id)
            c.execute(
                "INSERT OR REPLACE INTO pins (session_id, example_id, data_json, created) VALUES (?,?,?,?)",
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
        with self._lock:
            self._conn.execute("BEGIN")
            try:
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
            finally:
                self._conn.execute("COMMIT")
        return snap
