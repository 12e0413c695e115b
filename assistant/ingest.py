"""Importer: turn example-report files into clean reports and structure-aware chunks.

* :func:`strip_clutter` removes web-page clutter ("版权声明 我要投稿", "原创,尽在…网", "上一篇…下一篇…").
* :func:`split_page` splits a page holding several reports (``… 篇1`` … ``… 篇8``) into reports.
* :func:`read_front_matter` / :func:`write_report_file`: knowledge files carry their metadata in a
  front-matter block of ``key: value`` lines between two ``---`` lines (title, issuer, level, year,
  language, source, optional report_id; any other key is kept but not used).
* :func:`load_report_files` reads files and folders (.txt .md .docx .html); a bad file becomes a
  :class:`FileError` naming it and the rest of the batch continues.
* :func:`chunk_report` cuts a report along its own headings (:mod:`assistant.headings`), then
  paragraphs, keeping the section path (``二、进一步调整产业结构 > 2、产业园区不断拓展``).
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

from assistant.documents import Chunk, Language, ReportMeta
from assistant.errors import AssistantError, InputError
from assistant.headings import Heading, parse_heading, plain_cjk_heading
from assistant.lang import detect_language, has_cjk
from assistant.page_split import TITLE_END_RE, SplitReport, split_page, strip_clutter, title_like
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
SECTION_SEPARATOR = " > "


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


# --- chunking ---------------------------------------------------------------------------------------------------

_SENTENCE_RE = re.compile(r"[^。！？!?]*?(?:[。！？!?]+[”’」』\")）]*|\.+[”’\")]*(?=\s)|$)", re.S)
_SOFT_BREAK_RE = re.compile(r"(?<=[；;，,、])|(?<=\s)")
_BULLET_ARTIFACT_RE = re.compile(r"^[a-z•▪]\s+(?=\[)")
_SENTENCE_ENDS = ("。", "！", "？", "!", "?", "”", "」")
_STRONG_END = ("。", "！", "？", ".", "!", "?", "：", ":", "；", ";", "”", "\"", ")", "）")


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text`` (Chinese 。！？ and English . ! ? followed by a space), ends kept."""
    pieces = [m.group(0) for m in _SENTENCE_RE.finditer(text) if m.group(0)]
    return [p for p in pieces if p.strip()]


def _hard_split(sentence: str, max_chars: int) -> list[str]:
    out: list[str] = []
    current = ""
    for piece in _SOFT_BREAK_RE.split(sentence):
        if not piece:
            continue
        while len(piece) > max_chars:
            if current:
                out.append(current)
                current = ""
            out.append(piece[:max_chars])
            piece = piece[max_chars:]
        if len(current) + len(piece) > max_chars and current:
            out.append(current)
            current = ""
        current += piece
    if current:
        out.append(current)
    return out


def split_long(paragraph: str, max_chars: int) -> list[str]:
    """Cut a paragraph into pieces of at most ``max_chars`` at sentence ends (then at commas)."""
    if len(paragraph) <= max_chars:
        return [paragraph]
    pieces: list[str] = []
    current = ""
    for sentence in split_sentences(paragraph):
        parts = [sentence] if len(sentence) <= max_chars else _hard_split(sentence, max_chars)
        for part in parts:
            if current and len(current) + len(part) > max_chars:
                pieces.append(current.strip())
                current = ""
            current += part
    if current.strip():
        pieces.append(current.strip())
    return [p for p in pieces if p]


@dataclass
class _Section:
    path: str
    paragraphs: list[str] = field(default_factory=list)


def _absorb_part_title(lines: list[str], i: int) -> tuple[str, int]:
    """For ``第一部分`` alone on a line, the next short line is its title. Returns (title, next index)."""
    j = i + 1
    while j < len(lines) and not lines[j].strip():
        j += 1
    if j < len(lines):
        candidate = lines[j].strip()
        if len(candidate) <= 30 and parse_heading(candidate) is None and not TITLE_END_RE.search(candidate):
            return candidate, j + 1
    return "", i + 1


def _prose_follows(lines: list[str], i: int) -> bool:
    """True when the block after line ``i`` reads like prose (long lines), not an address or a table."""
    j = i + 1
    while j < len(lines) and not lines[j].strip():
        j += 1
    block: list[str] = []
    while j < len(lines) and lines[j].strip() and len(block) < 12:
        block.append(lines[j].strip())
        j += 1
    if not block:
        return False
    total = sum(len(b) for b in block)
    return (total >= 60 and total / len(block) >= 40) or has_cjk(block[0])


def _cjk_prose_follows(lines: list[str], i: int) -> bool:
    j = i + 1
    while j < len(lines) and not lines[j].strip():
        j += 1
    if j >= len(lines):
        return False
    following = lines[j].strip()
    if len(following) >= 30 and has_cjk(following):
        return True
    heading = parse_heading(following)
    return heading is not None and heading.kind in ("cn_number", "cn_paren", "number")


def section_paragraphs(text: str, *, report_title: str = "") -> list[tuple[str, str]]:
    """``(section path, paragraph)`` pairs of a report, in order, following its headings.

    Chinese lines are paragraphs of their own; consecutive English lines (hard-wrapped PDF text) are
    joined until a blank line or a heading. Heading lines are not paragraphs; a heading's same-line
    body is. A level-1 markdown heading equal to the report title is not part of the path.
    """
    lines = text.split("\n")
    stack: list[tuple[int, str]] = []
    out: list[tuple[str, str]] = []
    buffer: list[str] = []
    title_key = report_title.strip().lower()

    def path() -> str:
        return SECTION_SEPARATOR.join(label for _, label in stack)

    def flush() -> None:
        if buffer:
            out.append((path(), " ".join(buffer)))
            buffer.clear()

    # Weak (typographic) headings are used only where the text has no markdown headings.
    has_markdown = any(
        (h := parse_heading(line)) is not None
        and h.kind == "markdown"
        and not _BULLET_ARTIFACT_RE.match(h.title)
        and h.title.strip().lower() != title_key
        for line in lines
        if line.startswith("#")
    )
    # Unnumbered Chinese headings sit at the top level in a text without 一、/第一部分 headings, else
    # below every numbered level (a sub-item such as 精心培育大型企业).
    top_numbered = any(
        (h := parse_heading(line)) is not None and h.kind in ("cn_number", "part") for line in lines
    )
    plain_level = 5 if top_numbered else 1
    prev_sentence_end = False  # the previous non-empty line ended a sentence
    prev_end_ok = True  # the previous non-empty line ended a sentence (or there was none / a blank)
    i = 0
    while i < len(lines):
        s = lines[i].strip()
        if not s:
            flush()
            prev_end_ok = True
            i += 1
            continue
        ended = prev_sentence_end
        prev_sentence_end = s.endswith(_SENTENCE_ENDS)
        heading: Heading | None = parse_heading(s)
        if heading is not None and heading.weak and (not prev_end_ok or has_markdown or not _prose_follows(lines, i)):
            heading = None
        if heading is None and ended and _cjk_prose_follows(lines, i):
            heading = plain_cjk_heading(s, level=plain_level)
        if heading is not None and heading.kind == "markdown" and _BULLET_ARTIFACT_RE.match(heading.title):
            # PDF-to-markdown artefact: a bullet glyph ("y") turned into a heading; it is body text.
            s = _BULLET_ARTIFACT_RE.sub("", heading.title).replace("] [", "").strip("[] ")
            heading = None
        if (
            heading is not None
            and heading.level >= 3
            and heading.kind != "markdown"
            and not heading.body
            and s.endswith(("。", "；", ";", "！", "？"))
        ):
            # "①某公司年产120万吨…项目，该项目投资50亿元。": a whole sentence behind a list marker is a
            # list item, not a section title: keep it as text, or its content never reaches a chunk.
            flush()
            out.append((path(), s))
            prev_end_ok = True
            prev_sentence_end = True
            i += 1
            continue
        if heading is not None:
            flush()
            next_i = i + 1
            label = heading.label
            if heading.kind == "part" and not heading.title:
                extra_title, next_i = _absorb_part_title(lines, i)
                if extra_title:
                    label = f"{heading.marker} {extra_title}"
            if title_key and heading.title.strip().lower() == title_key and heading.level <= 1:
                stack.clear()
            else:
                while stack and stack[-1][0] >= heading.level:
                    stack.pop()
                stack.append((heading.level, label))
            if heading.body:
                out.append((path(), heading.body))
            prev_end_ok = True
            i = next_i
            continue
        if has_cjk(s):
            flush()
            out.append((path(), s))
        else:
            buffer.append(s)
        prev_end_ok = s.endswith(_STRONG_END)
        i += 1
    flush()
    return out


def chunk_report(meta: ReportMeta, text: str, *, max_chars: int = 600, min_chars: int | None = None) -> list[Chunk]:
    """Cut a report into chunks along its own structure.

    Each chunk stays inside one section (its path in :attr:`Chunk.section`); paragraphs longer than
    ``max_chars`` are split at sentence ends; paragraphs shorter than ``min_chars`` (default
    ``max_chars // 5``) are merged with their neighbours in the same section while the result fits.
    Chunk ids are ``<report_id>#<position>`` (positions 0, 1, … in reading order).
    """
    if max_chars < 20:
        raise ValueError("max_chars must be at least 20")
    small = max_chars // 5 if min_chars is None else min_chars
    sections: list[_Section] = []
    for section, paragraph in section_paragraphs(text, report_title=meta.title):
        if not sections or sections[-1].path != section:
            sections.append(_Section(section))
        sections[-1].paragraphs.extend(split_long(paragraph.strip(), max_chars))

    texts: list[tuple[str, str]] = []
    for sec in sections:
        current = ""
        for piece in sec.paragraphs:
            if not piece:
                continue
            if current and (len(current) < small or len(piece) < small) and len(current) + 1 + len(piece) <= max_chars:
                current = f"{current}\n{piece}"
                continue
            if current:
                texts.append((sec.path, current))
            current = piece
        if current:
            texts.append((sec.path, current))

    return [
        Chunk(
            chunk_id=f"{meta.report_id}#{position:04d}",
            report_id=meta.report_id,
            report_title=meta.title,
            section=section,
            text=body,
            language=meta.language,
            position=position,
        )
        for position, (section, body) in enumerate(texts)
    ]
