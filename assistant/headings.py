"""Recognise section headings of Chinese and English reports, one line at a time.

Shared by the importer's chunker (:mod:`assistant.ingest`) and the draft section parser.

Levels (smaller = higher in the outline). The scheme is fixed, so a heading's level does not depend
on what came before it; a parser that keeps a stack pops every entry whose level is ``>=`` the new one.

====  =====================================================  ==============================
level  Chinese                                               English / markdown
====  =====================================================  ==============================
0      ``第一部分`` ``第二章`` ``第三篇`` (kind ``part``)
1      ``一、`` ``二．`` (kind ``cn_number``)                 ``I.`` ``II.`` (kind ``roman``)
2      ``（一）`` ``(二)`` (kind ``cn_paren``)                ``A.`` (kind ``letter``); a short Title
                                                              Case or ALL CAPS line (kind ``title``)
3      ``1、`` ``1.`` ``1．`` ``１、`` (kind ``number``)       ``1. Summary of 2025`` (kind ``number``)
4      ``（1）`` ``(1)`` ``1)`` ``⑴`` (kind ``paren_number``),
       ``①`` (kind ``circled``)
1–6    markdown ``#`` … ``######`` (kind ``markdown``; level = number of ``#``)
====  =====================================================  ==============================

A Chinese heading often carries its body on the same line (``2、产业园区不断拓展。投资1146万元…``):
the title is the text up to the first ``。！？；：`` and the rest is returned as :attr:`Heading.body`.
A line is only a heading when its title is heading-like: short, not a sentence. Lines such as
``一是……``, ``——……``, dates, ``2025年`` or ``1.5亿元`` are never headings.

Unnumbered Chinese headings (``“十四五”时期工作回顾``, ``结束语``) are only offered as candidates by
:func:`plain_cjk_heading` (kind ``cn_plain``, weak): whether such a line is a heading depends on its
neighbours. The chunker takes one when the previous line ends a sentence and long prose follows, at
level 1 in a text without ``一、``/``第一部分`` headings and at level 5 (below every numbered level) otherwise.

The ``title`` kind (English Title Case / ALL CAPS lines without a marker) is *weak*: on its own a line
like ``Background`` may be a heading or a wrapped fragment of a PDF; callers that see the surrounding
lines should confirm it (the chunker accepts it only after a blank line or a finished sentence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.lang import has_cjk
from assistant.textnorm import WIDTH_TABLE  # 1:1 folding for matching: indices stay aligned

__all__ = ["Heading", "parse_heading", "plain_cjk_heading", "split_heading"]

#: Longest title (characters) of a Chinese heading at levels 0–2 and at deeper levels.
CJK_TITLE_MAX_HIGH = 50
CJK_TITLE_MAX_LOW = 40
#: Longest English heading title, in characters and in words.
EN_TITLE_MAX_CHARS = 100
EN_TITLE_MAX_WORDS = 14
EN_WEAK_MAX_WORDS = 10

_CN_NUM = "一二三四五六七八九十百零〇两"

_PART_RE = re.compile(rf"^(第[{_CN_NUM}\d]{{1,3}}(?:部分|章|篇|编))(?:\s*[、:.,，]?\s*)(.*)$")
_CN_NUMBER_RE = re.compile(rf"^([{_CN_NUM}]{{1,3}}\s*[、.])\s*(.*)$")
_CN_PAREN_RE = re.compile(rf"^(\(\s*[{_CN_NUM}]{{1,3}}\s*\)\s*[、.]?)\s*(.*)$")
_NUMBER_RE = re.compile(r"^(\d{1,2}\s*(?:、|\.(?!\d)))\s*(.*)$")
_PAREN_NUMBER_RE = re.compile(r"^((?:\(\s*\d{1,2}\s*\)|\d{1,2}\))\s*[、.]?)\s*(.*)$")
_PAREN_NUMBER_CHAR_RE = re.compile(r"^([\u2474-\u2487])\s*(.*)$")  # ⑴ … ⒇
_CIRCLED_RE = re.compile(r"^([\u2460-\u2473\u24ea\u2776-\u277f])\s*[、.]?\s*(.*)$")  # ① … ⑳, ❶ …
_MARKDOWN_RE = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_ROMAN_RE = re.compile(r"^((?=[IVXL])X{0,3}(?:IX|IV|V?I{0,3})\.)\s+(.*)$")
_LETTER_RE = re.compile(r"^([A-Z]\.)\s+(.*)$")

_NUMBER_CONTINUES_RE = re.compile(r"^\d+\s*[、.,%]")
_CN_SPLIT_RE = re.compile(r"[。！？；!?;：:]")
_SENTENCE_END = ("。", "！", "？", "；", ".", "!", "?", ";", "，", ",", "、")
_SMALL_WORDS = frozenset(
    ["a", "an", "the", "and", "or", "nor", "but", "of", "in", "on", "for", "to", "by", "with", "at", "from", "as", "vs", "via", "into", "over", "per", "than", "up", "its", "their", "our", "your", "his", "her", "is", "are", "be"]
)
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’\-]*|\d[\d,.]*")


@dataclass(frozen=True)
class Heading:
    """A recognised heading line.

    ``marker`` is the numbering as written (``二、``, ``（一）``, ``2、``, ``①``, ``1.``, ``##``,
    ``第一部分``; empty for an unnumbered English title); ``title`` is the heading text without the
    marker and without closing punctuation; ``body`` is text that followed the title on the same line.
    """

    level: int
    marker: str
    title: str
    kind: str
    body: str = ""

    @property
    def label(self) -> str:
        """The heading as it appears in a section path: ``二、进一步调整产业结构``, ``1. Summary``."""
        if self.kind in ("markdown", "title"):
            return self.title
        if not self.title:
            return self.marker
        if self.kind in ("roman", "letter") or (self.kind == "number" and not has_cjk(self.title)):
            return f"{self.marker} {self.title}"
        if self.kind == "part":
            return f"{self.marker} {self.title}"
        return f"{self.marker}{self.title}"

    @property
    def weak(self) -> bool:
        """True for headings recognised without a marker (English Title Case / ALL CAPS lines, plain
        Chinese lines from :func:`plain_cjk_heading`): confirm them from the surrounding lines."""
        return self.kind in ("title", "cn_plain")


def _strip_closing(title: str) -> str:
    return title.strip().rstrip("。！？；;!?:：，,、 ").strip()


def _split_cjk(rest: str, limit: int) -> tuple[str, str] | None:
    """Split ``rest`` (text after a Chinese marker) into a heading-like title and the body."""
    rest = rest.strip()
    m = _CN_SPLIT_RE.search(rest)
    if m is None:
        title, body = rest, ""
    else:
        if m.group(0) in "；;":
            return None  # "二、适当提高铁路短途运价…；": an item of an enumeration, not a heading
        title, body = rest[: m.start()], rest[m.end() :].strip()
    title = _strip_closing(title)
    if not title or len(title) > limit:
        return None
    if m is None and rest.endswith(_SENTENCE_END[4:]):  # ends with a comma: a broken sentence
        return None
    return title, body


def _english_title_ok(title: str) -> bool:
    """A numbered English title: short, not a sentence (no inner or closing full stop), and either at
    most 8 words or in Title Case (a wrapped sentence such as ``A. Inspect the receipt copies that``
    is neither)."""
    title = title.strip()
    if not title or len(title) > EN_TITLE_MAX_CHARS:
        return False
    words = title.split()
    if len(words) > EN_TITLE_MAX_WORDS or title.endswith((",", ";", ".")) or ". " in title:
        return False
    if "“" in title or title.count('"') == 1:
        return False
    if words[-1].lower() in _SMALL_WORDS:
        return False
    if len(words) <= 8:
        return True
    return all(w[0].isupper() or w[0].isdigit() for w in words if w.lower() not in _SMALL_WORDS)


def _weak_english_title(line: str) -> Heading | None:
    text = line.strip()
    if len(text) < 3 or len(text) > 80 or has_cjk(text):
        return None
    if not ("A" <= text[0] <= "Z"):
        return None
    if text.endswith((".", ",", ";", ":", "!")) or "|" in text or "http" in text or "**" in text:
        return None
    words = _WORD_RE.findall(text)
    if not words or len(words) > EN_WEAK_MAX_WORDS or len(text.split()) > EN_WEAK_MAX_WORDS:
        return None
    tokens = text.split()
    if tokens[-1].lower() in _SMALL_WORDS:
        return None  # a wrapped line: "Chairman Sessions, Ranking Member Mfume, and Members of the"
    if len(tokens) > 1 and re.fullmatch(r"\d{1,3}", tokens[-1]):
        return None  # running page header/footer: "GAO-26-900720 Fiscal Year 2027 Budget Request 1"
    if any(re.fullmatch(r"[A-Z]{2,}-\d[\d-]*", t) for t in tokens):
        return None  # a document number such as GAO-26-900720
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 3:
        return None
    if all(c.isupper() for c in letters):
        return Heading(level=2, marker="", title=text, kind="title")
    significant = [w for w in words if w.lower() not in _SMALL_WORDS or w is words[0]]
    if not significant:
        return None
    if all(w[0].isupper() or w[0].isdigit() for w in significant):
        if all(w[0].isdigit() for w in significant):
            return None
        return Heading(level=2, marker="", title=text, kind="title")
    return None


def parse_heading(line: str) -> Heading | None:
    """Return the :class:`Heading` that ``line`` starts with, or ``None`` for body text."""
    stripped = line.strip().lstrip("\ufeff")
    if not stripped:
        return None
    folded = stripped.translate(WIDTH_TABLE)

    m = _MARKDOWN_RE.match(folded)
    if m:
        title = stripped[m.start(2) : m.end(2)].strip().strip("*").strip()
        if not title:
            return None
        return Heading(level=len(m.group(1)), marker=m.group(1), title=title, kind="markdown")

    cjk_patterns: tuple[tuple[re.Pattern[str], int, str], ...] = (
        (_PART_RE, 0, "part"),
        (_CN_PAREN_RE, 2, "cn_paren"),
        (_CN_NUMBER_RE, 1, "cn_number"),
        (_PAREN_NUMBER_RE, 4, "paren_number"),
        (_PAREN_NUMBER_CHAR_RE, 4, "paren_number"),
        (_CIRCLED_RE, 4, "circled"),
        (_NUMBER_RE, 3, "number"),
    )
    for pattern, level, kind in cjk_patterns:
        m = pattern.match(folded)
        if not m:
            continue
        marker = stripped[m.start(1) : m.end(1)].strip()
        rest = stripped[m.start(2) :] if m.lastindex and m.lastindex >= 2 else ""
        if kind == "part" and not rest.strip():
            return Heading(level=level, marker=marker, title="", kind=kind)
        if kind == "part" and stripped[m.end(1) : m.start(2)].strip() in (",", "，"):
            return None  # "第二部分,杜总从安全…": a sentence about a part, not a heading
        if not rest.strip():
            return None
        if rest.lstrip()[0] in "、，,。.％%" or _NUMBER_CONTINUES_RE.match(rest.lstrip().translate(WIDTH_TABLE)):
            return None  # "2、3、4月", "1、2%": the marker is part of a list of numbers
        if has_cjk(rest[:40]):
            limit = CJK_TITLE_MAX_HIGH if level <= 2 else CJK_TITLE_MAX_LOW
            split = _split_cjk(rest, limit)
            if split is None:
                return None
            title, body = split
            return Heading(level=level, marker=marker, title=title, kind=kind, body=body)
        if kind in ("number", "paren_number", "circled") and _english_title_ok(rest):
            title = rest.strip().rstrip(":：").strip()
            return Heading(level=level, marker=marker, title=title, kind=kind)
        return None

    for pattern, level, kind in ((_ROMAN_RE, 1, "roman"), (_LETTER_RE, 2, "letter")):
        m = pattern.match(folded)
        if m and not has_cjk(m.group(2)) and _english_title_ok(m.group(2)):
            return Heading(level=level, marker=m.group(1), title=m.group(2).strip().rstrip(":"), kind=kind)

    return _weak_english_title(stripped)


_PLAIN_BAD_START = ("来源", "时间", "责任编辑", "记者", "编辑", "附件", "——", "一是", "二是", "三是")


def plain_cjk_heading(line: str, *, level: int = 1) -> Heading | None:
    """A *candidate* unnumbered Chinese heading (``“十四五”时期工作回顾``, ``结束语``): a short line
    (2–20 characters, no spaces) with CJK text and no sentence punctuation. Never returned by
    :func:`parse_heading`: only the caller sees whether the line stands between two paragraphs
    (the previous one finished, long prose following), which is what makes it a heading.
    """
    s = line.strip()
    if not (2 <= len(s) <= 20) or not has_cjk(s) or any(ch.isspace() for ch in s):
        return None
    if s.startswith(_PLAIN_BAD_START) or s.startswith("#") or parse_heading(s) is not None:
        return None
    if re.search(r"[。！？；;!?，,、:：]", s) or s.endswith(("）", ")")) or re.fullmatch(r"[\d０-９年月日.\-]+", s):
        return None
    return Heading(level=level, marker="", title=s, kind="cn_plain")


def split_heading(line: str) -> tuple[Heading | None, str]:
    """Split a line into its heading (or ``None``) and the body text that remains on the line.

    ``split_heading("2、产业园区不断拓展。投资1146万元…")`` gives the heading ``2、产业园区不断拓展``
    and the body ``投资1146万元…``; a line that is not a heading comes back whole as the body.
    """
    heading = parse_heading(line)
    if heading is None:
        return None, line.strip()
    return heading, heading.body
