"""The sessions database's schema: the migration steps shared by SQLite and PostgreSQL
(:func:`assistant.store_sql.render_migration` fills the per-dialect placeholders) and the data
fix-ups that go with them. :class:`assistant.store.SessionStore` applies them in order at open time.
"""

from __future__ import annotations

import json

from assistant.store_sql import Conn

__all__ = ["SCHEMA_VERSION", "backfill_owners"]

# Migration steps run by both dialects (assistant.store_sql.render_migration): ``{id}`` is an
# auto-numbered integer key (SQLite AUTOINCREMENT, PostgreSQL identity); timestamps are ISO-8601
# UTC TEXT (fixed width, so they sort as text); JSON is TEXT. Append steps, never edit one.

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
            id {id},
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            role TEXT NOT NULL,
            content TEXT NOT NULL,
            meta_json TEXT NOT NULL DEFAULT '{}',
            created TEXT NOT NULL
        );
        CREATE INDEX messages_session ON messages(session_id, id);
        CREATE TABLE notes (
            id {id},
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            cause TEXT NOT NULL DEFAULT 'user',
            created TEXT NOT NULL
        );
        CREATE INDEX notes_session ON notes(session_id, id);
        CREATE TABLE versions (
            id {id},
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
    (
        2,
        # workspaces (issue 13): every session belongs to one workspace (the logged-in user; "local"
        # in single-user loopback mode); the audit log of uploads, deletions and exports; team
        # libraries managed with `report-assistant teams` (besides REPORT_ASSISTANT_TEAMS)
        """
        ALTER TABLE sessions ADD COLUMN owner TEXT NOT NULL DEFAULT 'local';
        CREATE INDEX sessions_owner ON sessions(owner, updated);
        CREATE TABLE audit (
            id {id},
            created TEXT NOT NULL,
            username TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL DEFAULT '',
            detail_json TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX audit_user ON audit(username, id);
        CREATE TABLE team_members (
            team TEXT NOT NULL,
            member TEXT NOT NULL,
            created TEXT NOT NULL,
            PRIMARY KEY (team, member)
        );
        """,
    ),
)
SCHEMA_VERSION = _MIGRATIONS[-1][0]


def backfill_owners(c: Conn) -> None:
    """Sessions made before migration 2 kept their user as ``settings["owner"]``: move it to the column."""
    for row in c.execute("SELECT id, settings_json FROM sessions WHERE settings_json LIKE ?", ("%owner%",)).fetchall():
        try:
            owner = json.loads(row[1] or "{}").get("owner")
        except (ValueError, AttributeError):
            continue
        if isinstance(owner, str) and owner:
            c.execute("UPDATE sessions SET owner = ? WHERE id = ?", (owner, row[0]))
