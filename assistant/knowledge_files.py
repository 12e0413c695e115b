"""The example library's file names and value types (a part of :mod:`assistant.knowledge`): where the
user's examples live, safe names for uploads, and what an upload, a listing or a re-index returns.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.index import SourceFile, UpdateResult
    from assistant.settings import Settings

USER_FOLDER = "user"
UPLOAD_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".docx", ".html", ".htm"})
MAX_NAME_CHARS = 80


# --------------------------------------------------------------------------------------------
# paths and names


def library_root(settings: Settings) -> Path:
    """The folder the user's examples are indexed from (report ids are relative to it)."""
    return settings.uploads_dir / "knowledge"


def library_dir(settings: Settings) -> Path:
    """The folder holding the user's example files (one front-matter ``.md`` per report)."""
    return library_root(settings) / USER_FOLDER


_UNSAFE_RE = re.compile(r"[^\w\-.()（）【】《》·]+", re.UNICODE)


def sanitize_filename(name: str, *, default: str = "report") -> str:
    """A safe file name from an uploaded name: no folders, no control or shell characters, NFC,
    no leading dots, the stem at most :data:`MAX_NAME_CHARS` characters, the suffix lower-cased.

    >>> sanitize_filename("../../etc/passwd")
    'passwd'
    >>> sanitize_filename("2024年 工作总结?.DOCX")
    '2024年_工作总结.docx'
    """
    base = unicodedata.normalize("NFC", str(name)).replace("\\", "/").split("/")[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    suffix = re.sub(r"[^A-Za-z0-9]", "", suffix).lower()[:10]
    stem = _UNSAFE_RE.sub("_", stem).strip("._ -")
    stem = re.sub(r"_{2,}", "_", stem)[:MAX_NAME_CHARS].strip("._ -") or default
    return f"{stem}.{suffix}" if suffix else stem


# --------------------------------------------------------------------------------------------
# value types


@dataclass(frozen=True)
class UploadFile:
    """An uploaded file: where it lies now and the name the user gave it."""

    path: Path
    name: str = ""

    @property
    def display(self) -> str:
        from assistant.textio import display_name

        return display_name(self.name or self.path.name)


@dataclass(frozen=True)
class FileProblem:
    """Why one uploaded file was not added (the message names the file and is safe to show)."""

    name: str
    message: str


@dataclass(frozen=True)
class ReportInfo:
    """One report of the library as the Knowledge tab lists it."""

    report_id: str
    title: str
    issuer: str
    level: str
    year: int | None
    language: str
    origin: str  # shipped / user
    chars: int
    chunks: int
    path: str
    file_bytes: int | None = None

    @property
    def deletable(self) -> bool:
        return self.origin == "user"


@dataclass
class UploadResult:
    added: list[ReportInfo] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)  # report ids that an upload replaced
    errors: list[FileProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    lexical_seconds: float = 0.0  # upload start → searchable lexically
    dense_seconds: float | None = None  # upload start → searchable densely (None: not embedded)

    @property
    def ok(self) -> bool:
        return bool(self.added) and not self.errors


@dataclass
class ReindexResult:
    update: list[UpdateResult] = field(default_factory=list)
    reports: int = 0
    chunks: int = 0
    embedded: int = 0
    errors: list[FileProblem] = field(default_factory=list)
    seconds: float = 0.0



def unique_name(name: str, taken: set[str]) -> str:
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    candidate, n = stem, 2
    while candidate.lower() in taken:
        candidate = f"{stem}-{n}"
        n += 1
    return f"{candidate}.{suffix}" if suffix else candidate


_PART_RE = re.compile(r"_p\d{2}$")


def upload_stem(filename: str) -> str:
    return _PART_RE.sub("", Path(filename).stem).lower()


def owner_of(path: Path, written_by: dict[str, list[Path]]) -> str:
    for name, paths in written_by.items():
        if any(p.name == path.name for p in paths):
            return name
    return path.name


def rename_in_message(message: str, local: str, shown: str) -> str:
    """Put the name the user gave in place of the staging path the importer's message names."""
    marker = f"{local}: "
    at = message.find(marker)
    if at >= 0:
        return f"{shown}: {message[at + len(marker):]}"
    return message.replace(local, shown)


def relocated(src: SourceFile, final: Path) -> SourceFile:
    metas = tuple(replace(m, path=str(final)) for m in src.reports)
    return replace(src, path=str(final), reports=metas)

