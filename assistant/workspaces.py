"""Workspaces (issue 13): who may see, open, pin and delete which sessions and example reports.

Every authenticated user (``REPORT_ASSISTANT_AUTH``) works in a workspace of their own, named after
the user; single-user loopback mode is the workspace ``"local"`` (zero configuration). A session
belongs to one workspace (``sessions.owner`` in the store). Example reports:

* shipped ones (``knowledge/``, origin ``shipped``) are read by everybody, deleted by nobody;
* a user's uploads live under ``user/<workspace>/`` of the library (report ids
  ``user/<workspace>/<name>``); the local workspace keeps the historical ``user/<name>``;
* a team library's uploads live under ``team/<team>/<uploader>/`` (report ids
  ``team/<team>/<uploader>/<name>``): its members read them; the uploader or an admin deletes them.

Teams come from ``REPORT_ASSISTANT_TEAMS`` (``"planning:alice,bob;audit:carol"``) plus those stored
with ``report-assistant teams add`` (the store's ``team_members`` table); admins from
``REPORT_ASSISTANT_ADMINS``. The rules are here, in pure functions over report ids, so the index
filter (:mod:`assistant.retrieve`), the library (:mod:`assistant.knowledge`) and the page apply the
same ones.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from assistant.errors import ConfigError

__all__ = [
    "LOCAL", "ExampleScope", "Workspace", "folder_name", "parse_teams", "report_scope", "workspace_for",
]

LOCAL = "local"
_SAFE_RE = re.compile(r"[^A-Za-z0-9_-]+")
_NAME_RE = re.compile(r"[\w.@-]{1,64}", re.UNICODE)


def folder_name(name: str) -> str:
    """A user or team name as one path segment / report-id part (``[A-Za-z0-9_-]``; a short hash
    keeps names that differ only in other characters apart)."""
    safe = _SAFE_RE.sub("_", name).strip("_")[:40] or "x"
    if safe != name:
        safe = f"{safe}-{hashlib.sha1(name.encode('utf-8')).hexdigest()[:8]}"
    return safe


def parse_teams(spec: str) -> dict[str, frozenset[str]]:
    """``"planning:alice,bob;audit:carol"`` → ``{"planning": {"alice", "bob"}, "audit": {"carol"}}``."""
    teams: dict[str, set[str]] = {}
    for part in (spec or "").split(";"):
        if not part.strip():
            continue
        team, sep, members = part.partition(":")
        team = team.strip()
        if not sep or not _NAME_RE.fullmatch(team):
            raise ConfigError(f"REPORT_ASSISTANT_TEAMS: {part.strip()!r} is not 'team:user,user'")
        names = {m.strip() for m in members.split(",") if m.strip()}
        bad = [m for m in names if not _NAME_RE.fullmatch(m)]
        if bad:
            raise ConfigError(f"REPORT_ASSISTANT_TEAMS: {bad[0]!r} is not a user name")
        teams.setdefault(team, set()).update(names)
    return {t: frozenset(m) for t, m in teams.items()}


@dataclass(frozen=True)
class ExampleScope:
    """Whose an example report is: ``kind`` shipped / private / team, the workspace that uploaded
    it (folder form) and the team (folder form) for a team library."""

    kind: str
    owner: str = ""
    team: str = ""


def report_scope(report_id: str, origin: str) -> ExampleScope:
    """The scope of an indexed report, from its origin and id (see the module docstring)."""
    if origin == "shipped":
        return ExampleScope("shipped")
    parts = report_id.split("/")
    if parts[0] == "team" and len(parts) >= 4:
        return ExampleScope("team", owner=parts[2], team=parts[1])
    if parts[0] == "user" and len(parts) >= 3:
        return ExampleScope("private", owner=parts[1])
    return ExampleScope("private", owner=LOCAL)  # user/<name>: the single-user library


@dataclass(frozen=True)
class Workspace:
    """One user's view of the application: ``name`` is the store's session owner."""

    name: str = LOCAL
    teams: frozenset[str] = field(default_factory=frozenset)
    admin: bool = False

    @property
    def key(self) -> str:
        """The workspace as a path segment / report-id part."""
        return LOCAL if self.name == LOCAL else folder_name(self.name)

    @property
    def team_keys(self) -> frozenset[str]:
        return frozenset(folder_name(t) for t in self.teams)

    def upload_folder(self, team: str | None = None) -> str:
        """The library folder (relative to the library root) an upload goes to."""
        if team:
            if team not in self.teams:
                raise ConfigError(f"you are not a member of the team library '{team}'")
            return f"team/{folder_name(team)}/{self.key}"
        return "user" if self.key == LOCAL else f"user/{self.key}"

    def can_read(self, report_id: str, origin: str) -> bool:
        scope = report_scope(report_id, origin)
        if scope.kind == "shipped":
            return True
        if scope.kind == "team":
            return scope.team in self.team_keys
        return scope.owner == self.key

    def can_delete(self, report_id: str, origin: str) -> bool:
        scope = report_scope(report_id, origin)
        if scope.kind == "shipped":
            return False
        if scope.kind == "team":
            return scope.owner == self.key or (self.admin and scope.team in self.team_keys)
        return scope.owner == self.key

    def visible(self, reports: Mapping[str, Any]) -> set[str]:
        """The ids among ``reports`` (report id → ReportMeta-like with ``origin``) this workspace reads."""
        return {rid for rid, meta in reports.items() if self.can_read(rid, str(getattr(meta, "origin", "user")))}


def workspace_for(user: str | None, *, teams_spec: str = "", admins: str = "",
                  stored_teams: Iterable[tuple[str, str]] = ()) -> Workspace:
    """The workspace of ``user`` (None: the single-user loopback workspace ``local``, admin of itself)."""
    if not user:
        return Workspace(LOCAL, frozenset(), admin=True)
    member_of = {t for t, members in parse_teams(teams_spec).items() if user in members}
    member_of |= {t for t, m in stored_teams if m == user}
    admin_names = {a.strip() for a in (admins or "").split(",") if a.strip()}
    return Workspace(user, frozenset(member_of), admin=user in admin_names)


def workspace_of(settings: Any, store: Any, user: str | None) -> Workspace:
    """:func:`workspace_for` with the teams of the settings and of the store (either may be None)."""
    stored: list[tuple[str, str]] = []
    if user and store is not None and hasattr(store, "list_team_members"):
        stored = store.list_team_members()
    return workspace_for(
        user,
        teams_spec=str(getattr(settings, "teams", "") or ""),
        admins=str(getattr(settings, "admins", "") or ""),
        stored_teams=stored,
    )
