"""The ``report-assistant`` command line.

Each command lives in its own module with a ``register(app)`` function; heavy libraries are
imported inside the commands so that ``--help`` stays fast.
"""

from __future__ import annotations

import logging

import typer

from assistant.cli import (
    check_cmd,
    draft_cmd,
    export_cmd,
    facts_cmd,
    import_cmd,
    index_cmd,
    model_cmd,
    outline_cmd,
    rewrite_cmd,
    search_cmd,
    ui_cmd,
    word_cmd,
    workspace_cmd,
)
from assistant.errors import AssistantError

log = logging.getLogger(__name__)

app = typer.Typer(
    name="report-assistant",
    help="Turn raw notes into a finished work report whose every figure is traced to the notes.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for _module in (import_cmd, index_cmd, model_cmd, search_cmd, draft_cmd, check_cmd, facts_cmd, outline_cmd, rewrite_cmd,
                export_cmd, word_cmd, ui_cmd, workspace_cmd):
    _module.register(app)


def main() -> None:
    """The console script: a configuration or file-system failure is one line on stderr (exit 2)."""
    try:
        app()
    except AssistantError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise SystemExit(2) from None
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            raise
        log.debug("file-system error", exc_info=True)
        where = f": {exc.filename}" if exc.filename else ""
        typer.echo(f"error: {exc.strerror or exc}{where}", err=True)
        raise SystemExit(2) from None
