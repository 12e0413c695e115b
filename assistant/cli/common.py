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
    from assistant.settings import Settings

    clean = {k: v for k, v in overrides.items() if v is not None}
    return Settings(**clean)  # type: ignore[arg-type]


def setup_logging(verbose: bool = False) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


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
