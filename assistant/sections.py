"""A draft as a tree of sections with stable ids, parsed from any pasted or generated text.

``parse_draft(text)`` recognises markdown headings (``#`` … ``######``), Chinese headings
(第一部分 / 第一章, 一、, （一）, 1、, 1., （1）, ①) and English numbered headings (``1.``, ``1.1``,
``I.``, ``A.``, ``Part II``, ``Section 3``). Text before the first heading is the *preamble*; a
short first line there is the document *title*. A draft with no heading at all is one body section.

Ids are position paths — ``s1``, ``s2``, ``s2.1`` — so a rewrite of one section's text keeps
every id. The tree keeps the raw bytes of every heading line and body, so
``render(parse_draft(t)) == t`` for every text, and :func:`replace_section` changes the bytes
of one section only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from assistant.errors import InputError

__all__ = [
    "DraftTree",
    "HeadingInfo",
    "Section",
    "find_heading",
    "parse_draft",
    "render",
    "replace_section",
]

# ----------------------------------------------------------------------------------- numbers

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_FULLWIDTH = str.maketrans("０１２３４５６７８９．（）", "0123456789.()")


def cn_to_int(s: str) -> int | None:
    """一 → 1, 十二 → 12, 二十三 → 23 (the numerals used in heading markers, up to 99)."""
    if not s or any(ch not in _CN_DIGITS and ch != "十" for ch in s):
        return None
    if "十" not in s:
        return _CN_DIGITS[s] if len(s) == 1 else None
    tens, _, ones = s.partition("十")
    t = _CN_DIGITS.get(tens, 0) if tens else 1
    o = _CN_DIGITS.get(ones, 0) if ones else 0
    if (tens and tens not in _CN_DIGITS) or (ones and ones not in _CN_DIGITS):
        return None
    return t * 10 + o


def roman_to_int(s: str) -> int | None:
    s = s.upper()
    if not s or any(ch not in _ROMAN for ch in s):
        return None
    total = 0
    for i, ch in enumerate(s):
        v = _ROMAN[ch]
        total += -v if i + 1 < len(s) and _ROMAN[s[i + 1]] > v else v
    return total


# ----------------------------------------------------------------------------------- headings


@dataclass(frozen=True)
class HeadingInfo:
    """A recognised heading line.

    ``kind`` names the numbering scheme (``md2``, ``part``, ``cn_num``, ``cn_paren``, ``arabic``,
    ``arabic_paren``, ``circled``, ``decimal2``, ``roman``, ``letter``, ``bold``); ``rank`` orders
    schemes from outer (small) to inner (large) when nesting cannot be inferred from the text.
    """

    kind: str
    rank: int
    marker: str
    title: str
    number: int | None
    split: int | None = None  # heading ends inside the line (body text follows after 。 on the same line)


# Canonical rank of each scheme: markdown levels 1..6 come first, then the outline conventions of
# Chinese official documents (第一部分 > 一、 > （一） > 1、/1. > （1） > ①) and English reports.
_RANKS = {
    "part": 10, "roman": 20, "cn_num": 20, "letter": 25, "cn_paren": 30, "bold": 32,
    "arabic": 40, "decimal2": 45, "decimal3": 47, "arabic_paren": 50, "circled": 60,
}

_MD = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")
_PART = re.compile(r"^(第([一二三四五六七八九十两〇零]{1,3}|\d{1,2})(部分|章|篇|节))[ \t　:：、]*(.*)$")
_CN_NUM = re.compile(r"^(([一二三四五六七八九十]{1,3})[、，,．.])[ \t　]*(.+)$")
_CN_PAREN = re.compile(r"^([（(]([一二三四五六七八九十]{1,3})[）)])[ \t　、]*(.+)$")
_ARABIC_PAREN = re.compile(r"^([（(](\d{1,2})[）)])[ \t　、]*(.+)$")
_CIRCLED_RE = re.compile(rf"^(([{_CIRCLED}]))[ \t　、.]*(.+)$")
_DECIMAL = re.compile(r"^((\d{1,2})(\.\d{1,2}){1,2}\.?)[ \t　]+(.+)$")
_ARABIC = re.compile(r"^((\d{1,2})(?:[、．]|\.(?!\d)))[ \t　]*(.+)$")
_ROMAN_RE = re.compile(r"^(([IVXL]{1,5})\.)[ \t]+(.+)$")
_LETTER = re.compile(r"^(([A-H])\.)[ \t]+(.+)$")
_EN_PART = re.compile(r"^((Part|Section|Chapter)[ \t]+(\d{1,2}|[IVXL]{1,5}))\b[ \t]*[:.\-–—]?[ \t]*(.*)$", re.I)
_BOLD = re.compile(r"^\*\*([^*]{1,60})\*\*[:：]?$")
_SENTENCE_END = re.compile(r"[。；;，,！？!?]$")


def _is_cjk(s: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in s)


def _title_ok(title: str, *, allow_period: bool = False) -> bool:
    """A heading title is short and is not a sentence of body text."""
    t = title.strip().strip("*").strip()
    if not t:
        return False
    limit = 40 if _is_cjk(t) else 100
    if len(t) > limit:
        return False
    if _SENTENCE_END.search(t):
        return False
    if not allow_period and (t.endswith(".") or "。" in t[:-1] or ". " in t):
        return False
    return not t.endswith("。") or len(t) <= 16


def _inline_heading(raw: str, rest: str) -> tuple[str, int] | None:
    """``（一）经济增长进一步加快，综合实力显著提高。2011年，…``: a run-in heading ended by 。."""
    cut = rest.find("。")
    if cut <= 0 or cut > 30 or not rest[cut + 1 :].strip() or "；" in rest[:cut]:
        return None
    return rest[:cut], raw.find("。") + 1


def find_heading(line: str) -> HeadingInfo | None:
    """Recognise one line as a heading (``None`` for body text, list items and ``——`` lines)."""
    raw = line.rstrip("\r\n")
    s = raw.strip().strip("\u3000")
    if not s or s.startswith(("——", "--", ">", "|", "- ", "* ", "+ ")):
        return None
    m = _MD.match(s)
    if m:
        inner = find_heading(m.group(2))
        number = inner.number if inner else None
        return HeadingInfo(f"md{len(m.group(1))}", len(m.group(1)), m.group(1), m.group(2).strip().strip("*"), number)
    bold = _BOLD.match(s)
    if bold:
        inner = find_heading(bold.group(1))
        if inner is not None:
            return inner
        if _is_cjk(bold.group(1)) or len(bold.group(1)) <= 60:
            return HeadingInfo("bold", _RANKS["bold"], "**", bold.group(1).strip(), None)
    s = s.strip("*").strip()
    norm = s.translate(_FULLWIDTH)

    m = _PART.match(s)
    if m and (not m.group(4) or _title_ok(m.group(4))):
        num = cn_to_int(m.group(2)) if not m.group(2).isdigit() else int(m.group(2))
        return HeadingInfo("part", _RANKS["part"], m.group(1), m.group(4).strip() or m.group(1), num)
    m = _EN_PART.match(s)
    if m and (not m.group(4) or _title_ok(m.group(4))):
        n = m.group(3)
        return HeadingInfo("part", _RANKS["part"], m.group(1), m.group(4).strip() or m.group(1),
                           int(n) if n.isdigit() else roman_to_int(n))
    for kind, rx in (("cn_paren", _CN_PAREN), ("cn_num", _CN_NUM)):
        m = rx.match(s)
        if m and _title_ok(m.group(3)):
            return HeadingInfo(kind, _RANKS[kind], m.group(1), m.group(3).strip(), cn_to_int(m.group(2)))
        if m:
            inline = _inline_heading(raw, m.group(3))
            if inline is not None:
                return HeadingInfo(kind, _RANKS[kind], m.group(1), inline[0], cn_to_int(m.group(2)), inline[1])
    m = _CIRCLED_RE.match(s)
    if m and _title_ok(m.group(3)):
        return HeadingInfo("circled", _RANKS["circled"], m.group(1), m.group(3).strip(), _CIRCLED.index(m.group(2)) + 1)
    m = _ARABIC_PAREN.match(norm)
    if m and _title_ok(m.group(3)):
        return HeadingInfo("arabic_paren", _RANKS["arabic_paren"], s[: len(m.group(1))], m.group(3).strip(), int(m.group(2)))
    m = _DECIMAL.match(norm)
    if m and _title_ok(m.group(4)):
        depth = m.group(1).rstrip(".").count(".") + 1
        kind = "decimal2" if depth == 2 else "decimal3"
        return HeadingInfo(kind, _RANKS[kind], s[: len(m.group(1))], m.group(4).strip(), int(m.group(2)))
    m = _ARABIC.match(norm)
    if m and _title_ok(m.group(3)) and not re.match(r"^\d{1,2}[.．]\d", norm):
        return HeadingInfo("arabic", _RANKS["arabic"], s[: len(m.group(1))], m.group(3).strip(), int(m.group(2)))
    m = _ROMAN_RE.match(s)
    if m and _title_ok(m.group(3)):
        return HeadingInfo("roman", _RANKS["roman"], m.group(1), m.group(3).strip(), roman_to_int(m.group(2)))
    m = _LETTER.match(s)
    if m and _title_ok(m.group(3)):
        return HeadingInfo("letter", _RANKS["letter"], m.group(1), m.group(3).strip(), ord(m.group(2)) - 64)
    return None


# ----------------------------------------------------------------------------------- tree


@dataclass
class Section:
    """One section: its heading line, its own body and its subsections.

    ``heading`` and ``body`` are the raw text (line ends included); ``start``/``body_start``/
    ``end``/``span_end`` are offsets into :attr:`DraftTree.text` (``end``: end of the own body,
    ``span_end``: end of the last descendant).
    """

    id: str
    level: int
    kind: str
    marker: str
    title: str
    number: int | None
    heading: str
    body: str
    start: int
    body_start: int
    end: int
    span_end: int
    children: list[Section] = field(default_factory=list)
    parent_id: str | None = None

    @property
    def label(self) -> str:
        """``一、2025年工作总结`` style label for questions and menus."""
        if self.kind.startswith("md") or self.kind == "bold" or not self.marker:
            return self.title
        if self.kind == "part" and self.title == self.marker:
            return self.marker
        tight = _is_cjk(self.marker) or self.marker[-1] in "、．）)" or self.kind == "circled"
        if self.kind == "cn_paren" or _is_cjk(self.title[:1]):
            tight = True
        return f"{self.marker}{'' if tight else ' '}{self.title}"

    def walk(self) -> Iterator[Section]:
        yield self
        for c in self.children:
            yield from c.walk()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "level": self.level,
            "kind": self.kind,
            "marker": self.marker,
            "title": self.title,
            "number": self.number,
            "heading": self.heading,
            "body": self.body,
            "start": self.start,
            "end": self.span_end,
            "children": [c.to_json() for c in self.children],
        }


@dataclass
class DraftTree:
    """A parsed draft. ``text`` is the exact source; ``render(tree) == tree.text``."""

    text: str
    title: str | None
    preamble: str
    sections: list[Section]
    headingless: bool = False

    def walk(self) -> Iterator[Section]:
        for s in self.sections:
            yield from s.walk()

    def get(self, section_id: str) -> Section:
        for s in self.walk():
            if s.id == section_id:
                return s
        raise InputError(f"no section {section_id!r} in this draft")

    def section_text(self, section_id: str) -> str:
        """Heading, body and subsections of one section, exactly as in the draft."""
        s = self.get(section_id)
        return self.text[s.start : s.span_end]

    def section_body(self, section_id: str) -> str:
        """Everything of one section after its heading line (body and subsections)."""
        s = self.get(section_id)
        return self.text[s.body_start : s.span_end]

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "preamble": self.preamble,
            "headingless": self.headingless,
            "sections": [s.to_json() for s in self.sections],
        }


HeadingFn = Callable[[str], HeadingInfo | None]


def _detect_title(preamble_lines: list[str]) -> str | None:
    for line in preamble_lines:
        s = line.strip().strip("\u3000")
        if not s:
            continue
        if s.startswith(("—", "-", "（", "(")):
            return None
        m = _MD.match(s)
        if m:
            return m.group(2).strip().strip("*")
        s = s.strip("*").strip()
        limit = 40 if _is_cjk(s) else 120
        if len(s) <= limit and not _SENTENCE_END.search(s) and not any(c in s for c in "。：:"):
            return s
        return None
    return None


def parse_draft(text: str, *, heading_fn: HeadingFn | None = None) -> DraftTree:
    """Parse a draft (markdown or plain text, Chinese or English) into a :class:`DraftTree`."""
    find = heading_fn or find_heading
    lines = text.splitlines(keepends=True)
    offsets: list[int] = []
    pos = 0
    for line in lines:
        offsets.append(pos)
        pos += len(line)

    found: list[tuple[int, HeadingInfo]] = []
    in_fence = False
    for i, line in enumerate(lines):
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        h = find(line)
        if h is not None:
            found.append((i, h))

    # A single markdown H1 at the very top of a document with other headings is the title.
    title: str | None = None
    if found and found[0][1].kind == "md1" and len(found) > 1:
        first_text_line = next((i for i, ln in enumerate(lines) if ln.strip()), None)
        if first_text_line == found[0][0] and not any(h.kind == "md1" for _, h in found[1:]):
            title = found[0][1].title
            found = found[1:]

    if not found:
        # No headings: the title (if any) stays in the preamble, the rest is one body section.
        cut = 0
        t = _detect_title(lines[:1]) if len(lines) > 1 else None
        if t is not None and lines:
            cut = 1
            while cut < len(lines) and not lines[cut].strip():
                cut += 1
            title = t
        start = offsets[cut] if cut < len(lines) else len(text)
        body = text[start:]
        sec = Section("s1", 1, "body", "", "", None, "", body, start, start, len(text), len(text))
        return DraftTree(text, title, text[:start], [sec], headingless=True)

    first = found[0][0]
    preamble = text[: offsets[first]]
    if title is None:
        title = _detect_title(lines[:first])

    # Nest: a scheme already on the stack closes back to its sibling; a new scheme nests inside
    # unless its canonical rank says it is an outer level.
    roots: list[Section] = []
    stack: list[tuple[HeadingInfo, Section]] = []
    flat: list[Section] = []
    for k, (i, h) in enumerate(found):
        next_line = found[k + 1][0] if k + 1 < len(found) else len(lines)
        start = offsets[i]
        body_start = start + len(lines[i])
        end = offsets[next_line] if next_line < len(lines) else len(text)
        kinds = [sh.kind for sh, _ in stack]
        if h.kind in kinds:
            del stack[kinds.index(h.kind):]
        else:
            while stack and stack[-1][0].rank >= h.rank:
                stack.pop()
        parent = stack[-1][1] if stack else None
        siblings = parent.children if parent else roots
        sid = f"{parent.id}.{len(siblings) + 1}" if parent else f"s{len(siblings) + 1}"
        if h.split is not None:
            body_start = start + h.split
        sec = Section(sid, len(stack) + 1, h.kind, h.marker, h.title, h.number, text[start:body_start],
                      text[body_start:end],
                      start, body_start, end, end, parent_id=parent.id if parent else None)
        siblings.append(sec)
        stack.append((h, sec))
        flat.append(sec)

    def close(sec: Section) -> int:
        sec.span_end = max([sec.end] + [close(c) for c in sec.children])
        return sec.span_end

    for r in roots:
        close(r)
    return DraftTree(text, title, preamble, roots)


def render(tree: DraftTree) -> str:
    """The draft text from its tree: the preamble, then every heading and body in order."""
    return tree.preamble + "".join(s.heading + s.body for s in tree.walk())


def _trailing_ws(s: str) -> str:
    return s[len(s.rstrip()):]


def _leading_ws(s: str) -> str:
    return s[: len(s) - len(s.lstrip())]


def replace_section(tree: DraftTree, section_id: str, new_body: str) -> str:
    """Replace everything of one section after its heading line (body and subsections).

    Leading and trailing whitespace of the old section (blank lines around it) is kept, so the
    bytes of every other section stay identical. Returns the new draft text; parse it again
    with :func:`parse_draft` — the ids of all other sections are unchanged.
    """
    sec = tree.get(section_id)
    source = render(tree)
    old = source[sec.body_start : sec.span_end]
    content = new_body.strip()
    if not content:
        raise InputError("the new text of the section is empty")
    lead = _leading_ws(old) if old.strip() else ("" if sec.heading.endswith("\n") or not sec.heading else "\n")
    trail = _trailing_ws(old) if old.strip() else old
    if sec.span_end < len(source) and "\n" not in trail:
        trail = "\n" + trail.lstrip(" \t")
    elif sec.span_end == len(source) and not trail and source.endswith("\n"):
        trail = "\n"
    # Keep the indentation style of the first body line (e.g. full-width spaces) when the old body had it.
    return source[: sec.body_start] + lead + content + trail + source[sec.span_end :]
