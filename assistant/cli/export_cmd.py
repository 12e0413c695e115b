"""`report-assistant export` (to be implemented)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the command to the app (filled in by the issue that builds it)."""
    del app
