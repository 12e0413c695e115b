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
from assistant.lang import has_cjk
from assistant.textnorm import WIDTH_TABLE, cn_to_int, roman_to_int

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

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


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
    weak: bool = False  # recognised by typography only (English Title Case line): needs a blank line before


# Canonical rank of each scheme: markdown levels 1..6 come first, then the outline conventions of
# Chinese official documents (第一部分 > 一、 > （一） > 1、/1. > （1） > ①) and English reports.
_RANKS = {
    "part": 10, "roman": 20, "cn_num": 20, "letter": 30, "cn_paren": 30, "bold": 32,
    "arabic": 40, "decimal2": 45, "decimal3": 47, "arabic_paren": 50, "circled": 50,
}

_MD = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")
_DECIMAL = re.compile(r"^((\d{1,2})(\.\d{1,2}){1,2}\.?)[ \t　]+(.+)$")
_EN_PART = re.compile(r"^((Part|Section|Chapter)[ \t]+(\d{1,2}|[IVXL]{1,5}))\b[ \t]*[:.\-–—]?[ \t]*(.*)$", re.I)
_BOLD = re.compile(r"^\*\*([^*]{1,60})\*\*[:：]?$")
_SENTENCE_END = re.compile(r"[。；;，,！？!?]$")


def _title_ok(title: str, *, allow_period: bool = False) -> bool:
    """A heading title is short and is not a sentence of body text."""
    t = title.strip().strip("*").strip()
    if not t:
        return False
    limit = 40 if has_cjk(t) else 100
    if len(t) > limit:
        return False
    if _SENTENCE_END.search(t):
        return False
    if not allow_period and (t.endswith(".") or "。" in t[:-1] or ". " in t):
        return False
    return not t.endswith("。") or len(t) <= 16


_KIND_MAP = {"cn_number": "cn_num", "number": "arabic", "paren_number": "arabic_paren"}
_LEVEL_RANK = {"part": 10, "cn_num": 20, "roman": 20, "cn_paren": 30, "letter": 30, "title": 30,
               "arabic": 40, "arabic_paren": 50, "circled": 50}
_SPLIT_CHARS = re.compile(r"[。！？；!?;：:]")


def _marker_number(marker: str) -> int | None:
    core = marker.translate(WIDTH_TABLE).strip("#()（）、.． \t:")
    if core.startswith("第"):
        core = re.sub(r"(部分|章|篇|编|节)$", "", core[1:])
    if not core:
        return None
    if core.isascii() and core.isdigit():
        return int(core)
    if len(core) == 1 and core in _CIRCLED:
        return _CIRCLED.index(core) + 1
    if "\u2474" <= core[:1] <= "\u2487":
        return ord(core[0]) - 0x2474 + 1
    return cn_to_int(core) or roman_to_int(core) or (ord(core) - 64 if len(core) == 1 and "A" <= core <= "Z" else None)


_CN_MARKER_DIGIT = re.compile(r"^(第[一二三四五六七八九十两〇零\d]{1,3}(?:部分|章|篇|编)\s*[、:：.，,]?\s*|[（(][一二三四五六七八九十]{1,3}[）)]\s*|[一二三四五六七八九十]{1,3}\s*[、．.]\s*)([0-9０-９]+)")


def _year_title_heading(s: str, parse: Callable[[str], Any]) -> Any:
    """``一、2025年工作总结`` / ``第二部分 2026年工作安排``: a Chinese-numbered heading whose title
    starts with a year. The shared parser refuses a digit right after a marker (``1.5亿元``), which
    is right for Arabic markers but not for Chinese ones; retry with the digits masked."""
    m = _CN_MARKER_DIGIT.match(s)
    if not m:
        return None
    masked = s[: m.start(2)] + "某" * len(m.group(2)) + s[m.end(2) :]
    h = parse(masked)
    if h is None or h.kind == "markdown":
        return None
    pos = masked.find(h.title)
    title = s[pos : pos + len(h.title)] if pos >= 0 else h.title
    body = s[len(s) - len(h.body) :] if h.body else ""
    return type(h)(level=h.level, marker=h.marker, title=title, kind=h.kind, body=body)


def find_heading(line: str) -> HeadingInfo | None:
    """Recognise one line as a heading (``None`` for body text, list items and ``——`` lines).

    The numbering schemes come from :func:`assistant.headings.parse_heading` (shared with the
    importer's chunker); this adds what a draft also uses: ``1.1``/``1.1.1`` decimal headings,
    ``Part 2`` / ``Section III`` lines, ``**bold**`` heading lines, and run-in headings whose body
    continues on the same line (``split``). Numbered sentences (``1. 完成投资1.2亿元，增长8%。``)
    are list items, not headings.
    """
    from assistant.headings import parse_heading

    raw = line.rstrip("\r\n")
    s = raw.strip().strip("\u3000")
    if not s or s.startswith(("——", "--", ">", "|", "- ", "* ", "+ ", "```")):
        return None
    bold = _BOLD.match(s)
    if bold:
        inner = find_heading(bold.group(1))
        if inner is not None:
            return HeadingInfo(inner.kind, inner.rank, inner.marker, inner.title, inner.number)
        return HeadingInfo("bold", _RANKS["bold"], "**", bold.group(1).strip(), None)
    norm = s.translate(WIDTH_TABLE)
    m = _DECIMAL.match(norm)
    if m and _title_ok(m.group(4)):
        depth = m.group(1).rstrip(".").count(".") + 1
        kind = "decimal2" if depth == 2 else "decimal3"
        return HeadingInfo(kind, _RANKS[kind], s[: len(m.group(1))], m.group(4).strip(), int(m.group(2)))
    m = _EN_PART.match(s)
    if m and (not m.group(4) or _title_ok(m.group(4))):
        n = m.group(3)
        return HeadingInfo("part", _RANKS["part"], m.group(1), m.group(4).strip() or m.group(1),
                           int(n) if n.isdigit() else roman_to_int(n))

    h = parse_heading(s)
    if h is None:
        h = _year_title_heading(s, parse_heading)
    if h is None:
        return None
    if h.kind == "markdown":
        inner = find_heading(h.title)
        return HeadingInfo(f"md{h.level}", h.level, h.marker, h.title, inner.number if inner else None)
    kind = _KIND_MAP.get(h.kind, h.kind)
    rank = _LEVEL_RANK.get(kind, 10 + 10 * h.level)
    split: int | None = None
    if h.body:
        start = raw.find(h.marker) + len(h.marker) if h.marker else 0
        cut = _SPLIT_CHARS.search(raw, max(start, 0))
        if cut is None:
            return None
        split = cut.end()
    elif s.endswith(("。", ".", "！", "!")) and ("，" in h.title or "," in h.title) and (
            kind in ("arabic", "arabic_paren", "circled") or re.search(r"[0-9０-９%％]", h.title)):
        # a numbered sentence in a list, or a body paragraph that repeats its section number
        # (（六）城镇居民人均可支配收入完成25852元，同比增长11.1%。): body text, not a heading
        return None
    title = h.title or h.marker
    return HeadingInfo(kind, rank, h.marker, title, _marker_number(h.marker), split, weak=h.weak)


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
        tight = has_cjk(self.marker) or self.marker[-1] in "、．）)" or self.kind == "circled"
        if self.kind == "cn_paren" or has_cjk(self.title[:1]):
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
        limit = 40 if has_cjk(s) else 120
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
        if h is not None and h.weak and not (i > 0 and not lines[i - 1].strip() and i + 1 < len(lines)):
            h = None
        if h is not None:
            found.append((i, h))

    if any(h.kind.startswith("md") for _, h in found):
        found = [(i, h) for i, h in found if not h.weak]  # markdown drafts mark their headings

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


def replace_section(tree: DraftTree, section_id: str, new_body: str, *, own_body_only: bool = False) -> str:
    """Replace everything of one section after its heading line (body and subsections).

    With ``own_body_only`` only the text between the heading and the first subsection changes.
    Leading and trailing whitespace of the old section (blank lines around it) is kept, so the
    bytes of every other section stay identical. Returns the new draft text; parse it again
    with :func:`parse_draft` — the ids of all other sections are unchanged.
    """
    sec = tree.get(section_id)
    source = render(tree)
    stop = sec.end if own_body_only else sec.span_end
    old = source[sec.body_start : stop]
    content = new_body.strip()
    if not content:
        raise InputError("the new text of the section is empty")
    lead = _leading_ws(old) if old.strip() else ("" if sec.heading.endswith("\n") or not sec.heading else "\n")
    trail = _trailing_ws(old) if old.strip() else old
    if stop < len(source) and "\n" not in trail:
        trail = "\n" + trail.lstrip(" \t")
    elif stop == len(source) and not trail and source.endswith("\n"):
        trail = "\n"
    return source[: sec.body_start] + lead + content + trail + source[stop:]
