"""The draft versions and check results of :class:`assistant.store.SessionStore`: every version of
the draft (full text, section tree, what caused it, its parent and the notes it was checked against),
the session's head, restore, undo, the diff of two versions, and the checker's result per version. A
mixin over the store's transaction and read helpers (as :mod:`assistant.store_audit`), so both
dialects run the same SQL; :mod:`assistant.store` re-exports ``CAUSES`` and ``Cause``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any, Literal

from assistant.errors import StoreError
from assistant.store_audit import dumps as _dumps
from assistant.store_audit import now_iso as _now
from assistant.store_model import Session, Version, VersionDiff, diff_versions
from assistant.store_sql import Backend, Conn, Cursor, Row

Cause = Literal["first_draft", "rewrite", "manual_edit", "added_notes", "restore", "undo", "import", "restructure",
                "redraft", "word_edit"]
# "restructure": the notes redrafted in another structure asked for in chat; "redraft": the whole
# draft written again from the notes; "word_edit": the draft as edited in Word and imported back
# (no schema change: the column is free text, checked here only)
CAUSES: tuple[str, ...] = ("first_draft", "rewrite", "manual_edit", "added_notes", "restore", "undo", "import",
                           "restructure", "redraft", "word_edit")
_UPSERT_CHECK = (
    "INSERT INTO checks (version_id, result_json, created) VALUES (?,?,?) "
    "ON CONFLICT (version_id) DO UPDATE SET result_json = excluded.result_json, created = excluded.created"
)


def new_id(cur: Cursor) -> int:
    """The id an ``INSERT … RETURNING id`` returned."""
    row = cur.fetchone()
    if row is None:  # pragma: no cover - INSERT … RETURNING always returns the row
        raise StoreError("the database returned no id for a new row")
    return int(row[0])


class VersionRecords:
    """Versions and checks; :class:`~assistant.store.SessionStore` provides the backend, the two
    helpers and ``get_session``."""

    _db: Backend

    def _tx(self) -> AbstractContextManager[Conn]:  # pragma: no cover - provided by SessionStore
        raise NotImplementedError

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:  # pragma: no cover - idem
        raise NotImplementedError

    def get_session(self, session_id: str, *, owner: str | None = None) -> Session:  # pragma: no cover - idem
        raise NotImplementedError

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
            vid = new_id(c.execute(
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

