"""The ``report-assistant`` command line.

Each command lives in its own module with a ``register(app)`` function; heavy libraries are
imported inside the commands so that ``--help`` stays fast.
"""

from __future__ import annotations

import typer

from assistant.cli import (
    check_cmd,
    draft_cmd,
    export_cmd,
    import_cmd,
    index_cmd,
    model_cmd,
    rewrite_cmd,
    search_cmd,
    ui_cmd,
)

app = typer.Typer(
    name="report-assistant",
    help="Turn raw notes into a finished work report whose every figure is traced to the notes.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for _module in (import_cmd, index_cmd, model_cmd, search_cmd, draft_cmd, check_cmd, rewrite_cmd, export_cmd, ui_cmd):
    _module.register(app)


def main() -> None:
    app()
