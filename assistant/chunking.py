"""Chunking a report along its own structure (the importer's last step, :mod:`assistant.ingest`).

:func:`chunk_report` cuts a report along its own headings (:mod:`assistant.headings`), then paragraphs,
then sentences, keeping the section path (``二、进一步调整产业结构 > 2、产业园区不断拓展``) on every chunk
(ids ``report_id#NNNN``). :func:`section_paragraphs` is the structure it reads; :func:`split_sentences`
and :func:`split_long` cut prose that is longer than a chunk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.documents import Chunk, ReportMeta
from assistant.headings import Heading, parse_heading, plain_cjk_heading
from assistant.lang import has_cjk
from assistant.page_split import TITLE_END_RE

SECTION_SEPARATOR = " > "

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
