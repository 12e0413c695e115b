"""Importer: turn example-report files into clean reports and structure-aware chunks.

* :func:`strip_clutter` removes web-page clutter ("版权声明 我要投稿", "原创,尽在…网", "上一篇…下一篇…").
* :func:`split_page` splits a page holding several reports (``… 篇1`` … ``… 篇8``) into reports.
* :func:`read_front_matter` / :func:`write_report_file`: knowledge files carry their metadata in a
  front-matter block of ``key: value`` lines between two ``---`` lines (title, issuer, level, year,
  language, source, optional report_id; any other key is kept but not used).
* :func:`load_report_files` reads files and folders (.txt .md .docx .html); a bad file becomes a
  :class:`FileError` naming it and the rest of the batch continues.
* :func:`chunk_report` (:mod:`assistant.chunking`, re-exported here) cuts a report along its own
  headings, then paragraphs, keeping the section path (``二、进一步调整产业结构 > 2、产业园区不断拓展``).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from assistant.chunking import SECTION_SEPARATOR as SECTION_SEPARATOR
from assistant.chunking import chunk_report as chunk_report
from assistant.chunking import section_paragraphs as section_paragraphs
from assistant.chunking import split_long as split_long
from assistant.chunking import split_sentences as split_sentences
from assistant.documents import Language, ReportMeta
from assistant.errors import AssistantError, InputError
from assistant.headings import parse_heading
from assistant.lang import detect_language
from assistant.page_split import SplitReport, split_page, strip_clutter, title_like
from assistant.textio import SUPPORTED_SUFFIXES, display_name, read_text_file
from assistant.textnorm import fold_numeric

log = logging.getLogger(__name__)

#: Bump when cleaning, splitting or chunking changes: it is part of every content hash, so an
#: incremental index re-chunks everything after an upgrade.
INGEST_VERSION = "4"  # 4: saved web pages read by assistant.webpage

#: Suffixes picked up when a folder is expanded.
KNOWLEDGE_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".docx", ".html", ".htm"})
#: File names never treated as reports when a folder is expanded (documentation of the folder).
SKIPPED_NAMES = frozenset({"readme", "sources", "license", "licence", "changelog", "notice"})

FRONT_MATTER_KEYS = ("title", "issuer", "level", "year", "language", "source", "report_id")
LEVELS = ("national", "provincial", "municipal", "county", "township", "agency", "other")


# --- value types -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadedReport:
    meta: ReportMeta
    text: str
    content_hash: str
    path: Path
    extra: dict[str, str] = field(default_factory=dict)  # unused front-matter keys (e.g. "via")


@dataclass(frozen=True)
class FileError:
    path: Path
    message: str


@dataclass
class LoadResult:
    reports: list[LoadedReport] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)


# --- clutter -------------------------------------------------------------------------------------------

_FRONT_KEY_RE = re.compile(r"^([A-Za-z_][A-Za-z0-9_\-]*)\s*:\s?(.*)$")


def read_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Split ``---`` / ``key: value`` lines / ``---`` at the top of ``text`` from the body.

    Returns ``({}, text)`` when there is no well-formed block. Keys are lower-cased; surrounding
    quotes around a value are removed.
    """
    stripped = text.lstrip("\ufeff")
    lines = stripped.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, text
    meta: dict[str, str] = {}
    for i, line in enumerate(lines[1:80], start=1):
        if line.strip() in ("---", "..."):
            body = "\n".join(lines[i + 1 :]).lstrip("\n")
            return meta, body
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _FRONT_KEY_RE.match(line)
        if not m:
            return {}, text
        value = m.group(2).strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        meta[m.group(1).lower()] = value
    return {}, text


def format_front_matter(meta: Mapping[str, object]) -> str:
    keys = [k for k in FRONT_MATTER_KEYS if k in meta] + sorted(k for k in meta if k not in FRONT_MATTER_KEYS)
    out = ["---"]
    for key in keys:
        value = meta[key]
        if value is None or value == "":
            continue
        text = " ".join(str(value).split())
        if not _FRONT_KEY_RE.match(f"{key}: x"):
            raise ValueError(f"bad front-matter key {key!r}")
        out.append(f"{key}: {text}")
    out.append("---")
    return "\n".join(out) + "\n"


def write_report_file(path: Path, meta: Mapping[str, object], body: str) -> None:
    """Write ``body`` with a front-matter block (atomically: a temporary file then a rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    content = format_front_matter(meta) + "\n" + body.strip("\n") + "\n"
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --- metadata inference ------------------------------------------------------------------------------------

_YEAR_RE = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])")
_ISSUER_LINE_RE = re.compile(
    r"^[\w（）()·]{2,30}?(?:人民政府|政府|管委会|管理委员会|委员会|办公室|办公厅|党委|党组|公司|集团|局|厅|工作室)$"
)
_LEVEL_PATTERNS: tuple[tuple[str, str], ...] = (
    ("national", r"全国|国务院|我国"),
    ("provincial", r"全省|我省|全区各族|自治区"),
    ("municipal", r"全市|我市|市委、市政府"),
    ("county", r"全县|我县|全区|我区|县委、县政府"),
    ("township", r"全镇|我镇|全乡|我乡|本镇|镇党委|乡党委|街道"),
    ("agency", r"园区|分公司|集团|公司|工作室|学员|系统办公室"),
)


def infer_year(*texts: str) -> int | None:
    """The first plausible year (1949–2100) in the given texts, in order."""
    for text in texts:
        for m in _YEAR_RE.finditer(fold_numeric(text)):
            year = int(m.group(1))
            if 1949 <= year <= 2100:
                return year
    return None


def infer_title(text: str, fallback: str) -> str:
    for line in text.split("\n")[:15]:
        s = line.strip()
        if not s:
            continue
        h = parse_heading(s)
        if h is not None and h.kind == "markdown" and h.level == 1:
            return h.title
        if title_like(s, max_len=120):
            return s
        break
    return fallback


def infer_issuer(text: str) -> str:
    for line in [ln.strip() for ln in text.split("\n") if ln.strip()][:8]:
        if _ISSUER_LINE_RE.match(line):
            return line
    return ""


def infer_level(issuer: str, title: str, text: str) -> str:
    """A level from the issuer's name, else from words such as 全镇/我市/全省 in the text."""
    for name in (issuer, title):
        if not name:
            continue
        if "国务院" in name:
            return "national"
        if re.search(r"镇|乡|街道", name):
            return "township"
        if re.search(r"县|区(?:人民)?政府", name):
            return "county"
        if re.search(r"市(?:人民)?政府|市长", name):
            return "municipal"
        if re.search(r"省|自治区", name):
            return "provincial"
    sample = text[:20000]
    counts = {level: len(re.findall(pattern, sample)) for level, pattern in _LEVEL_PATTERNS}
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] >= 3 else "other"


def slugify_id(raw: str) -> str:
    """A stable id from a relative path: ``[A-Za-z0-9._/-]`` only; a short hash keeps non-ASCII
    names (``报告.md``) distinct."""
    base = raw.replace("\\", "/").strip("/")
    slug = re.sub(r"[^A-Za-z0-9._/\-]+", "-", base).strip("-") or "report"
    slug = re.sub(r"-{2,}", "-", slug)
    if slug != base:
        slug = f"{slug}-{hashlib.sha1(base.encode('utf-8')).hexdigest()[:8]}"
    return slug


def _content_hash(meta: ReportMeta, text: str) -> str:
    h = hashlib.sha256()
    h.update(f"ingest:{INGEST_VERSION}\n".encode())
    for key in ("report_id", "title", "issuer", "level", "year", "language", "source", "origin"):
        h.update(f"{key}={getattr(meta, key)}\n".encode())
    h.update(text.encode("utf-8"))
    return h.hexdigest()


def build_meta(
    fields: Mapping[str, str],
    text: str,
    *,
    report_id: str,
    path: str,
    origin: str,
    fallback_title: str,
    title_is_own: bool = True,
) -> ReportMeta:
    """A :class:`ReportMeta` from explicit ``fields`` (front matter), inferring what is missing."""
    title = fields.get("title", "").strip() or infer_title(text, fallback_title)
    language_raw = fields.get("language", "").strip().lower()
    language: Language = "en" if language_raw.startswith("en") else "zh" if language_raw.startswith("zh") else detect_language(text, default="en")
    issuer = fields.get("issuer", "").strip() or infer_issuer(text)
    level = fields.get("level", "").strip().lower() or infer_level(issuer, title if title_is_own else "", text)
    year_raw = fields.get("year", "").strip()
    year = int(year_raw) if year_raw.isdigit() else infer_year(title)
    rid = slugify_id(fields["report_id"]) if fields.get("report_id", "").strip() else report_id
    return ReportMeta(
        report_id=rid,
        title=title,
        language=language,
        issuer=issuer,
        level=level,
        year=year,
        source=fields.get("source", "").strip(),
        path=path,
        origin=origin,
    )


# --- loading -------------------------------------------------------------------------------------------------


def _skipped(path: Path) -> bool:
    if path.name.startswith((".", "~")) or path.name.endswith("~"):
        return True
    return path.stem.lower() in SKIPPED_NAMES or path.stem.lower().startswith("readme")


def iter_report_paths(paths: Iterable[Path]) -> Iterator[tuple[Path, Path | None]]:
    """Expand folders recursively (sorted; hidden entries, README/SOURCES files skipped).

    Yields ``(file, folder it was found in)``; the folder is ``None`` for a file named directly.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for dirpath, dirnames, filenames in os.walk(path):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "__")))
                for name in sorted(filenames):
                    candidate = Path(dirpath) / name
                    if candidate.suffix.lower() in KNOWLEDGE_SUFFIXES and not _skipped(candidate):
                        yield candidate, path
        else:
            yield path, None


def _relative_id(path: Path, root: Path | None, found_in: Path | None) -> str:
    for base in (root, found_in):
        if base is None:
            continue
        try:
            rel = path.resolve().relative_to(base.resolve())
        except ValueError:
            continue
        return rel.with_suffix("").as_posix()
    return path.with_suffix("").name


def load_report_files(
    paths: Iterable[Path],
    *,
    max_bytes: int,
    root: Path | None = None,
    origin: str = "shipped",
) -> LoadResult:
    """Read report files and folders into clean reports with metadata.

    Folders are expanded recursively (``.txt .md .markdown .docx .html .htm``; README/SOURCES files
    and hidden entries skipped). Metadata comes from the front matter, else it is inferred. A page
    without front matter holding several reports is split. ``report_id`` is the path relative to
    ``root`` (else to the folder named in ``paths``), plus ``-pNN`` for a part of a page.
    Bad files are reported in :attr:`LoadResult.errors`; the others load.
    """
    result = LoadResult()
    seen: set[Path] = set()
    for path, found_in in iter_report_paths(paths):
        key = path.resolve() if path.exists() else path
        if key in seen:
            continue
        seen.add(key)
        try:
            reports = _load_one(path, max_bytes=max_bytes, root=root, found_in=found_in, origin=origin)
        except AssistantError as exc:
            log.warning("skipped %s: %s", display_name(path), exc)
            result.errors.append(FileError(path=path, message=str(exc)))
            continue
        except Exception as exc:  # an unexpected failure in one file must not stop the batch
            log.exception("failed to load %s", display_name(path))
            result.errors.append(
                FileError(path=path, message=f"{display_name(path)}: could not be read ({type(exc).__name__}).")
            )
            continue
        result.reports.extend(reports)
    return result


def _load_one(path: Path, *, max_bytes: int, root: Path | None, found_in: Path | None, origin: str) -> list[LoadedReport]:
    if path.suffix.lower() not in SUPPORTED_SUFFIXES and path.exists() and path.is_file():
        raise InputError(
            f"{display_name(path)}: unsupported file type; use .txt, .md, .docx or .html."
        )
    decoded = read_text_file(path, max_bytes=max_bytes)
    fields, body = read_front_matter(decoded.text)
    base_id = slugify_id(_relative_id(path, root, found_in))
    if fields:
        parts = [SplitReport(title=fields.get("title", ""), text=strip_clutter(body))]
    elif path.suffix.lower() in (".html", ".htm"):  # saved web pages: main text, title, split (assistant.webpage)
        from assistant.webpage import page_parts

        parts = [part for part, _ in page_parts(path, max_bytes=max_bytes)]
    else:
        parts = split_page(strip_clutter(body))
    out: list[LoadedReport] = []
    for split in parts:
        text = split.text.strip("\n")
        if not text.strip():
            continue
        if split.part is None:
            report_id = base_id
            part_fields = dict(fields)
            if split.title and "title" not in part_fields:
                part_fields["title"] = split.title
        else:
            report_id = f"{base_id}-p{split.part:02d}"
            part_fields = {"title": split.title, **fields}
        meta = build_meta(
            part_fields,
            text,
            report_id=report_id,
            path=str(path),
            origin=origin,
            fallback_title=path.stem,
            title_is_own=split.part is None or split.has_own_title or "title" in fields,
        )
        extra = {k: v for k, v in fields.items() if k not in FRONT_MATTER_KEYS}
        out.append(LoadedReport(meta=meta, text=text + "\n", content_hash=_content_hash(meta, text), path=path, extra=extra))
    if not out:
        raise InputError(f"{display_name(path)}: no report text is left after removing page clutter.")
    return out
