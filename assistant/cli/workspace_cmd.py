"""Administration of workspaces (issue 13), on the store the settings name (SQLite or PostgreSQL):

* ``report-assistant audit [--user U] [--limit N] [--json]`` — the audit log of uploads, deletions and
  exports, oldest first (one user's with ``--user``);
* ``report-assistant teams list`` — team libraries and their members (``REPORT_ASSISTANT_TEAMS`` and
  the stored ones, marked);
* ``report-assistant teams add TEAM USER…`` / ``teams remove TEAM USER…`` — stored memberships
  (read by every app replica sharing the database).
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from assistant.cli.common import load_settings, setup_logging, user_errors


def register(app: typer.Typer) -> None:
    @app.command("audit")
    def audit(
        user: Annotated[str | None, typer.Option("--user", "-u", help="Only this user's entries.")] = None,
        limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="The newest N entries.")] = 1000,
        as_json: Annotated[bool, typer.Option("--json", help="One JSON object a line.")] = False,
        verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Debug logging on stderr.")] = False,
    ) -> None:
        """Show the audit log: who uploaded, deleted or exported what, and when."""
        setup_logging(verbose)
        with user_errors():
            from assistant.store import open_store

            with open_store(load_settings()) as store:
                entries = store.list_audit(username=user, limit=limit)
            for e in entries:
                if as_json:
                    typer.echo(json.dumps({"time": e.created, "user": e.username, "action": e.action,
                                           "target": e.target, "detail": e.detail}, ensure_ascii=False))
                else:
                    detail = json.dumps(e.detail, ensure_ascii=False) if e.detail else ""
                    typer.echo(f"{e.created[:19].replace('T', ' ')}  {e.username}  {e.action}  {e.target}  {detail}"
                               .rstrip())

    teams = typer.Typer(help="Team libraries: list, add or remove members.", no_args_is_help=True)
    app.add_typer(teams, name="teams")

    @teams.command("list")
    def teams_list() -> None:
        """Every team and its members (from REPORT_ASSISTANT_TEAMS and the database)."""
        with user_errors():
            from assistant.store import open_store
            from assistant.workspaces import parse_teams

            settings = load_settings()
            configured = parse_teams(settings.teams)
            with open_store(settings) as store:
                stored = store.list_team_members()
            names = sorted(set(configured) | {t for t, _ in stored})
            for team in names:
                members = sorted(set(configured.get(team, ())) | {m for t, m in stored if t == team})
                typer.echo(f"{team}: {', '.join(members)}")

    @teams.command("add")
    def teams_add(team: Annotated[str, typer.Argument()], users: Annotated[list[str], typer.Argument()]) -> None:
        """Add USERS to TEAM's library (stored in the database)."""
        _change(team, users, add=True)

    @teams.command("remove")
    def teams_remove(team: Annotated[str, typer.Argument()], users: Annotated[list[str], typer.Argument()]) -> None:
        """Remove USERS from TEAM's library (memberships from REPORT_ASSISTANT_TEAMS stay)."""
        _change(team, users, add=False)


def _change(team: str, users: list[str], *, add: bool) -> None:
    with user_errors():
        from assistant.store import open_store
        from assistant.workspaces import parse_teams

        parse_teams(f"{team}:{','.join(users)}")  # the same name rules as REPORT_ASSISTANT_TEAMS
        with open_store(load_settings()) as store:
            for user in users:
                if add:
                    store.add_team_member(team, user)
                else:
                    store.remove_team_member(team, user)
                store.audit("admin", "team_add" if add else "team_remove", team, {"member": user})
        typer.echo(f"{team}: {'added' if add else 'removed'} {', '.join(users)}")
