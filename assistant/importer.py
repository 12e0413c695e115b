"""Turn raw source files into knowledge files: one front-matter file per report.

Used by ``report-assistant import`` (and ``scripts/build_knowledge.sh``, which builds ``knowledge/``).
Each source file is read (:mod:`assistant.textio`), cleaned of page clutter and split into reports
(:mod:`assistant.ingest`); metadata comes from a ``SOURCES.md``-style table when one is given
(``--meta-from``), else it is inferred from the text.
"""

from __future__ import annotations

import fnmatch
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import AssistantError, InputError
from assistant.ingest import (
    FileError,
    build_meta,
    iter_report_paths,
    read_front_matter,
    write_report_file,
)
from assistant.page_split import split_page, strip_clutter
from assistant.textio import display_name, read_text_file
from assistant.webpage import is_webpage, page_parts

log = logging.getLogger(__name__)

_LEVEL_WORDS = {
    "national": "national",
    "provincial": "provincial",
    "municipal": "municipal",
    "city": "municipal",
    "county": "county",
    "district": "county",
    "township": "township",
    "agency": "agency",
}
#: Issuers written in short form in the sources table.
_ISSUER_ALIASES = {
    "US GAO": ("U.S. Government Accountability Office (GAO)", "agency"),
    "U.S. GAO": ("U.S. Government Accountability Office (GAO)", "agency"),
}
_PUBLISHED_RE = re.compile(r"published\s+((?:19|20)\d{2})-\d{2}-\d{2}", re.I)
_TEXT_PUBLISHED_RE = re.compile(r"(?:Published:\**\s*|时间[:：]\s*)((?:19|20)\d{2})-\d{1,2}-\d{1,2}")


@dataclass(frozen=True)
class SourceEntry:
    """Metadata of one source file, read from a sources table."""

    file: str
    fields: dict[str, str]


@dataclass
class ImportResult:
    written: list[Path] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)


def _table_rows(text: str) -> Iterable[list[dict[str, str]]]:
    """Markdown tables of ``text`` as lists of row dicts keyed by lower-cased header."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        if line.startswith("|") and i + 1 < len(lines) and re.match(r"^\|?\s*:?-{3,}", lines[i + 1].strip()):
            header = [c.strip().lower() for c in line.strip("|").split("|")]
            rows: list[dict[str, str]] = []
            i += 2
            while i < len(lines) and lines[i].strip().startswith("|"):
                cells = [c.strip() for c in lines[i].strip().strip("|").split("|")]
                rows.append(dict(zip(header, cells, strict=False)))
                i += 1
            yield rows
        else:
            i += 1


def _parse_what(what: str) -> dict[str, str]:
    """Fields from a ``TITLE [REGION] — ISSUER (level) — published DATE — URL`` description."""
    parts = [p.strip() for p in what.split(" — ") if p.strip()]
    out: dict[str, str] = {}
    if not parts:
        return out
    title = parts[0]
    region = ""
    m = re.match(r"^(.*?)\s*\[([^\]]+)\]\s*$", title)
    if m:
        title, region = m.group(1).strip(), m.group(2).strip()
    out["title"] = title
    for part in parts[1:]:
        if re.match(r"^https?://", part):
            out["source"] = part
            continue
        pm = _PUBLISHED_RE.search(part)
        if pm:
            out["year"] = pm.group(1)
            continue
        if part in _ISSUER_ALIASES:
            out["issuer"], out["level"] = _ISSUER_ALIASES[part]
            continue
        lm = re.match(r"^(.*?)\s*\(([^)]*)\)\s*$", part)
        name, level_text = (lm.group(1).strip(), lm.group(2)) if lm else (part, "")
        word = level_text.split(",")[0].strip().lower()
        if word in _LEVEL_WORDS:
            out["level"] = _LEVEL_WORDS[word]
        if name and not name.endswith("级"):
            out["issuer"] = name
        elif region:
            out["issuer"] = f"{region}人民政府"
    return out


def parse_sources_table(text: str) -> dict[str, SourceEntry]:
    """Read a ``SOURCES.md`` (a *Files* table with ``file``, ``what it is`` and ``source repo / path``
    columns, and a *Sources* table of repositories with their commits) into per-file metadata.

    Recognised keys: title, issuer, level, year, source (URL) and ``via`` (repository @ commit / path).
    """
    commits: dict[str, str] = {}
    entries: dict[str, SourceEntry] = {}
    for rows in _table_rows(text):
        for row in rows:
            if "repo" in row and "commit" in row:
                sha = re.match(r"\s*([0-9a-f]{7,40})", row.get("commit", ""))
                if sha:
                    commits[row["repo"].strip()] = sha.group(1)
    for rows in _table_rows(text):
        for row in rows:
            name = row.get("file", "").strip().strip("`")
            if not name:
                continue
            fields = _parse_what(row.get("what it is", ""))
            via = row.get("source repo / path", "").strip()
            if via:
                repo = via.split(" / ", 1)[0].strip()
                rest = via.split(" / ", 1)[1].strip() if " / " in via else ""
                commit = commits.get(repo)
                fields["via"] = f"{repo}@{commit} / {rest}" if commit else via
            entries[name] = SourceEntry(file=name, fields=fields)
    return entries


def _excluded(path: Path, patterns: Sequence[str]) -> bool:
    return any(fnmatch.fnmatch(path.name, p) for p in patterns)


def import_files(
    sources: Iterable[Path],
    out_dir: Path,
    *,
    max_bytes: int,
    meta_table: dict[str, SourceEntry] | None = None,
    exclude: Sequence[str] = (),
) -> ImportResult:
    """Clean and split every source file and write one front-matter file per report into ``out_dir``.

    A page holding several reports becomes ``<stem>_pNN.md`` files; a single report ``<stem>.md``.
    Metadata: the sources table's row for the file name, else what the text shows (title line,
    issuer line, year in the title, language, level from words such as 全镇/我市/全省). Bad files are
    reported in the result and the others are still written.
    """
    result = ImportResult()
    table = meta_table or {}
    for path, _folder in iter_report_paths(sources):
        if _excluded(path, exclude):
            log.info("excluded %s", display_name(path))
            result.skipped.append(path)
            continue
        try:
            result.written.extend(_import_one(path, out_dir, max_bytes=max_bytes, table=table))
        except AssistantError as exc:
            result.errors.append(FileError(path=path, message=str(exc)))
    return result


def _import_one(path: Path, out_dir: Path, *, max_bytes: int, table: dict[str, SourceEntry]) -> list[Path]:
    decoded = read_text_file(path, max_bytes=max_bytes)
    front, body = read_front_matter(decoded.text)
    parts_meta = (page_parts(path, max_bytes=max_bytes) if is_webpage(path) and not front
                  else [(p, {}) for p in split_page(strip_clutter(body))])  # saved web pages: assistant.webpage
    parts = [p for p, _ in parts_meta]
    entry = table.get(path.name)
    written: list[Path] = []
    for split, page_fields in parts_meta:
        text = split.text.strip("\n")
        if not text.strip():
            continue
        fields: dict[str, str] = {**page_fields, **front}
        if entry is not None:
            fields.update(entry.fields)
        if split.title and "title" not in fields:
            fields["title"] = split.title
        if "year" not in fields:
            pm = _TEXT_PUBLISHED_RE.search(text[:2000])
            if pm:
                fields["year"] = pm.group(1)
        if split.part is not None:
            fields.setdefault(
                "source",
                f"网页范文合集《{split.page_title}》(共{len(parts)}篇)之篇{split.part}: a web page collecting "
                f"{len(parts)} example texts, page clutter removed (file {path.name})",
            )
        else:
            fields.setdefault("source", f"file {path.name}")
        name = f"{path.stem}_p{split.part:02d}.md" if split.part is not None else f"{path.stem}.md"
        meta = build_meta(
            fields,
            text,
            report_id="",
            path=name,
            origin="shipped",
            fallback_title=path.stem,
            title_is_own=split.part is None or split.has_own_title or entry is not None,
        )
        record: dict[str, object] = {
            "title": meta.title,
            "issuer": meta.issuer,
            "level": meta.level,
            "year": meta.year,
            "language": meta.language,
            "source": meta.source,
        }
        for key, value in fields.items():
            if key not in record and key != "report_id":
                record[key] = value
        target = out_dir / name
        write_report_file(target, record, text)
        written.append(target)
    if not written:
        raise InputError(f"{display_name(path)}: no report text is left after removing page clutter.")
    return written
