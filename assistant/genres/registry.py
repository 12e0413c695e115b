"""The genres by name: :func:`register`, :func:`get_genre`, :func:`genre_names`."""

from __future__ import annotations

from assistant.errors import InputError
from assistant.genres.annual import ANNUAL
from assistant.genres.base import DEFAULT_GENRE, ReportType

_REGISTRY: dict[str, ReportType] = {ANNUAL.name: ANNUAL}


def register(genre: ReportType) -> ReportType:
    """Make ``genre`` available by its name (a later registration under the same name replaces it)."""
    if not isinstance(genre, ReportType) or not genre.name:
        raise TypeError("a genre is a ReportType with a name")
    if genre.parts not in (2, 3, 4):
        raise ValueError(f"genre {genre.name!r}: parts must be 2, 3 or 4, not {genre.parts!r}")
    _REGISTRY[genre.name] = genre
    return genre


def get_genre(name: str | None = None) -> ReportType:
    """The genre registered as ``name`` (the default genre for None or ""); ``InputError`` naming the
    known genres otherwise."""
    key = name or DEFAULT_GENRE
    try:
        return _REGISTRY[key]
    except KeyError:
        raise InputError(f"Unknown report type {key!r}; known: {', '.join(sorted(_REGISTRY))}.") from None


def genre_names() -> list[str]:
    """The names of the registered genres."""
    return sorted(_REGISTRY)
