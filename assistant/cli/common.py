"""Helpers shared by the CLI commands: settings, logging and user-safe error reporting."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import typer

from assistant.errors import AssistantError

if TYPE_CHECKING:
    from assistant.settings import Settings

T = TypeVar("T")
log = logging.getLogger(__name__)


def load_settings(**overrides: object) -> Settings:
    """The settings; a bad ``REPORT_ASSISTANT_*`` value raises :class:`ConfigError` naming the variable."""
    from pydantic import ValidationError

    from assistant.errors import ConfigError
    from assistant.settings import Settings

    clean = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(**clean)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            name = str(err["loc"][0]) if err["loc"] else "?"
            upper = name.upper()
            var = upper if upper.startswith(("REPORT_ASSISTANT_", "OPENAI_")) else f"REPORT_ASSISTANT_{upper}"
            problems.append(f"{var}={err.get('input')!r}: {err['msg']}")
        raise ConfigError("bad setting: " + "; ".join(problems)) from None


def setup_logging(verbose: bool = False) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    from assistant.redact import install_log_redaction

    install_log_redaction()  # no credential in a logged URL (httpx logs request URLs with --verbose)


@contextmanager
def user_errors(exit_code: int = 2) -> Iterator[None]:
    """Turn an :class:`AssistantError` into a one-line message on stderr and an exit code."""
    try:
        yield
    except AssistantError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(exit_code) from None


def read_input_text(path: Path, max_bytes: int) -> str:
    """Read a notes/draft file through the project's decoder (encoding detection, caps)."""
    from assistant.textio import read_text_file

    return read_text_file(path, max_bytes=max_bytes).text


def call(fn: Callable[[], T]) -> T:
    with user_errors():
        return fn()
