"""Read an edited Word (.docx) copy of a draft back into draft text (issue 14 item 3).

:func:`read_docx` turns the document body into the Markdown-like text that
:func:`assistant.sections.parse_draft` understands, the way :mod:`assistant.export` wrote it:

* the ``Title`` paragraph becomes ``# title``; ``Heading N`` paragraphs (by style name, ``标题 N``
  too, or by an outline level on the paragraph or its style chain) become ``#`` headings one level
  below; a Normal paragraph that reads as a numbered heading (``（五）…``, :mod:`assistant.headings`)
  gets the level of the last heading of the same numbering scheme; a plain-text previous version
  (``一、…`` lines, no ``#``) is mirrored as plain lines;
* body paragraphs are paragraphs; bold runs are ``**bold**`` again; tables are ``| a | b |`` rows;
* tracked changes are read in their accepted state: text inside ``w:ins`` / ``w:moveTo`` counts,
  text inside ``w:del`` / ``w:moveFrom`` does not, a deleted paragraph mark joins the paragraph
  with the next one, a deleted table row is dropped;
* comments (``word/comments.xml``) are listed with their author, date, text and the text they
  anchor to; the caller maps the anchor line to a section.

Bounded: the file must be at most ``max_bytes`` (the importer's ``settings.max_file_bytes``), a zip
with at most :data:`assistant.textio.DOCX_MAX_MEMBERS` members unpacking to at most
:data:`assistant.textio.DOCX_MAX_UNCOMPRESSED` bytes, no member may expand more than
:data:`MAX_RATIO` times (zip bomb), and the body may hold at most :data:`MAX_PARAGRAPHS` paragraphs.
Every refusal is an :class:`~assistant.errors.InputError` naming the file. The archive side (caps,
zip bounds, safe XML parsing, paragraph styles) is :mod:`assistant.word_in_archive`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.errors import InputError
from assistant.headings import parse_heading
from assistant.word_in_archive import (
    DEFAULT_MAX_BYTES,
    MAX_PARAGRAPHS,
    MAX_RATIO,
    W_NS,
    Style,
    load_docx_bytes,
    local_name,
    open_archive,
    parse_xml,
    read_styles,
    style_level,
    w_attr,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "MAX_PARAGRAPHS",
    "MAX_RATIO",
    "DocxText",
    "TrackedChange",
    "WordComment",
    "load_docx_bytes",
    "read_docx",
]

_SKIP = frozenset({
    "pPr", "rPr", "del", "moveFrom", "delText", "instrText", "delInstrText", "drawing", "pict", "object",
    "AlternateContent", "footnoteReference", "endnoteReference", "commentReference", "fldChar", "sectPr",
    "tblPr", "trPr", "tcPr", "tblGrid", "bookmarkStart", "bookmarkEnd", "proofErr", "lastRenderedPageBreak",
    "sdtPr", "sdtEndPr", "rt", "sym", "annotationRef", "separator", "continuationSeparator",
})


@dataclass(frozen=True)
class WordComment:
    """One comment: who wrote it, its text, the text it is anchored to and the output line of that text."""

    comment_id: str
    author: str
    date: str
    text: str
    anchor: str
    line: int | None  # 1-based line of the re-imported text where the anchor starts (None: not found)


@dataclass(frozen=True)
class TrackedChange:
    """One tracked change: ``insert``, ``delete``, ``move_from`` or ``move_to``, with its author and text."""

    kind: str
    author: str
    text: str


@dataclass
class DocxText:
    """What :func:`read_docx` found: the draft text, comments and tracked changes."""

    text: str
    comments: list[WordComment] = field(default_factory=list)
    tracked: list[TrackedChange] = field(default_factory=list)
    paragraphs: int = 0


# --------------------------------------------------------------------------------------------- body


@dataclass
class _Block:
    kind: str  # title | heading | para | table
    text: str
    level: int = 0
    centred: bool = False
    comment_ids: list[str] = field(default_factory=list)


class _Reader:
    def __init__(self, styles: dict[str, Style], default: str | None) -> None:
        self.styles, self.default = styles, default
        self.blocks: list[_Block] = []
        self.tracked: list[TrackedChange] = []
        self.anchors: dict[str, list[str]] = {}
        self.open: set[str] = set()
        self.paragraphs = 0
        self._pending: _Block | None = None  # a paragraph whose mark was deleted: joined with the next
        self._carried: list[str] = []  # comment ranges opened at body level, for the next block

    # -- runs
    def _segments(self, el: Any, out: list[tuple[str, bool]], starts: list[str], bold: bool = False) -> None:
        for child in el:
            tag = local_name(child.tag)
            if tag == "del" or tag == "moveFrom":
                text = "".join(t.text or "" for t in child.iter(f"{{{W_NS}}}delText", f"{{{W_NS}}}t"))
                if text:
                    self.tracked.append(TrackedChange("delete" if tag == "del" else "move_from",
                                                      w_attr(child, "author"), text))
                continue
            if tag in _SKIP:
                continue
            if tag == "commentRangeStart":
                cid = w_attr(child, "id")
                self.open.add(cid)
                self.anchors.setdefault(cid, [])
                starts.append(cid)
                continue
            if tag == "commentRangeEnd":
                self.open.discard(w_attr(child, "id"))
                continue
            if tag in ("ins", "moveTo"):
                before = len(out)
                self._segments(child, out, starts, bold)
                text = "".join(t for t, _ in out[before:])
                if text:
                    self.tracked.append(TrackedChange("insert" if tag == "ins" else "move_to",
                                                      w_attr(child, "author"), text))
                continue
            if tag == "r":
                self._segments(child, out, starts, _run_bold(child))
                continue
            piece: str | None = {"t": str(child.text or ""), "tab": "\t", "br": "\n", "cr": "\n",
                                 "noBreakHyphen": "-", "softHyphen": ""}.get(tag)
            if piece is None:
                self._segments(child, out, starts, bold)
                continue
            if piece:
                out.append((piece, bold))
                for cid in self.open:
                    self.anchors[cid].append(piece)

    def paragraph(self, p: Any, *, in_table: bool = False, bold: bool = False) -> tuple[str, list[str]]:
        """The paragraph's accepted text (``**bold**`` runs marked when ``bold``) and the comments starting in it."""
        self.paragraphs += 1
        if self.paragraphs > MAX_PARAGRAPHS:
            raise _TooMany
        segs: list[tuple[str, bool]] = []
        starts: list[str] = []
        self._segments(p, segs, starts)
        if bold and not in_table:
            return _join_bold(segs), starts
        return "".join(t for t, _ in segs), starts

    def body(self, el: Any) -> None:
        for child in el:
            tag = local_name(child.tag)
            if tag == "commentRangeStart":  # a range opened between paragraphs: it anchors at the next one
                cid = w_attr(child, "id")
                self.open.add(cid)
                self.anchors.setdefault(cid, [])
                self._carried.append(cid)
            elif tag == "commentRangeEnd":
                self.open.discard(w_attr(child, "id"))
            elif tag == "p":
                self._para(child)
            elif tag == "tbl":
                self._flush()
                self._table(child)
            elif tag in ("sdt", "customXml"):
                content = child.find(f"{{{W_NS}}}sdtContent")
                self.body(content if content is not None else child)
        self._flush()

    def _para(self, p: Any) -> None:
        ppr = p.find(f"{{{W_NS}}}pPr")
        style_el = ppr.find(f"{{{W_NS}}}pStyle") if ppr is not None else None
        level = style_level(w_attr(style_el, "val") if style_el is not None else None, self.styles, self.default)
        own = ppr.find(f"{{{W_NS}}}outlineLvl") if ppr is not None else None
        if own is not None and w_attr(own, "val").isdigit():
            lvl = int(w_attr(own, "val"))
            level = lvl + 1 if lvl < 9 else None
        text, starts = self.paragraph(p, bold=level is None)  # headings are bold by their style
        jc = ppr.find(f"{{{W_NS}}}jc") if ppr is not None else None
        centred = jc is not None and w_attr(jc, "val") == "center"
        mark_deleted = ppr is not None and (ppr.find(f"{{{W_NS}}}rPr/{{{W_NS}}}del") is not None
                                            or ppr.find(f"{{{W_NS}}}rPr/{{{W_NS}}}moveFrom") is not None)
        if self._pending is not None:  # the previous paragraph mark was deleted: one paragraph now
            block = self._pending
            block.text += text
            block.comment_ids.extend(starts)
        else:
            kind = "para" if level is None else "title" if level == 0 else "heading"
            block = _Block(kind, text, level or 0, centred, list(starts))
        if mark_deleted:
            self._pending = block
            return
        self._pending = None
        self._add(block)

    def _flush(self) -> None:
        if self._pending is not None:
            self._add(self._pending)
            self._pending = None

    def _add(self, block: _Block) -> None:
        if self._carried:
            block.comment_ids[:0] = self._carried
            self._carried = []
        block.text = block.text.strip()
        if block.text or block.comment_ids:
            self.blocks.append(block)

    def _table(self, tbl: Any) -> None:
        rows: list[list[str]] = []
        ids: list[str] = []
        for tr in tbl.findall(f"{{{W_NS}}}tr"):  # a nested table is read as its cell's text
            trpr = tr.find(f"{{{W_NS}}}trPr")
            if trpr is not None and trpr.find(f"{{{W_NS}}}del") is not None:
                continue
            cells: list[str] = []
            for tc in tr.findall(f"{{{W_NS}}}tc"):
                parts = []
                for p in tc.iter(f"{{{W_NS}}}p"):
                    text, starts = self.paragraph(p, in_table=True)
                    ids.extend(starts)
                    parts.append(" ".join(text.split()))
                cells.append(" ".join(x for x in parts if x).replace("|", "｜"))
            if any(cells):
                rows.append(cells)
        if not rows:
            return
        width = max(len(r) for r in rows)
        lines = ["| " + " | ".join(r + [""] * (width - len(r))) + " |" for r in rows]
        lines.insert(1, "|" + "---|" * width)
        self._add(_Block("table", "\n".join(lines), comment_ids=ids))


class _TooMany(Exception):
    pass


def _run_bold(r: Any) -> bool:
    b = r.find(f"{{{W_NS}}}rPr/{{{W_NS}}}b")
    return b is not None and w_attr(b, "val") not in ("0", "false", "off")


def _join_bold(segs: list[tuple[str, bool]]) -> str:
    out: list[str] = []
    i = 0
    while i < len(segs):
        text, bold = segs[i]
        j = i + 1
        while j < len(segs) and segs[j][1] == bold:
            text += segs[j][0]
            j += 1
        if bold and text.strip():
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()):]
            out.append(f"{lead}**{text.strip()}**{trail}")
        else:
            out.append(text)
        i = j
    return "".join(out)


# --------------------------------------------------------------------------------------------- text


def _render(blocks: list[_Block], *, markdown: bool, base: int, blank_lines: bool) -> tuple[str, dict[str, int]]:
    """The draft text and ``{comment id: 1-based line}`` of each block's first line."""
    if blocks and markdown and not any(b.kind == "title" for b in blocks):
        first = blocks[0]
        if first.kind == "para" and first.centred and len(first.text) <= 60 and "\n" not in first.text:
            first.kind = "title"
    out: list[str] = []
    lines_of: dict[str, int] = {}
    kind_level: dict[str, int] = {}
    line_no = 1
    sep = "\n\n" if blank_lines else "\n"
    for b in blocks:
        text = b.text.replace("\r", "")
        if b.kind == "title":
            text = f"# {text}" if markdown else text
        elif b.kind == "heading":
            h = parse_heading(text)
            if h is not None:
                kind_level[h.kind] = b.level
            if markdown:
                head, body = text, ""
                if h is not None and h.body:
                    head, body = text[: len(text) - len(h.body)].rstrip(), h.body.strip()
                text = "#" * min(6, base + b.level - 1) + " " + head.replace("\n", " ")
                if body:
                    text += sep + body
        elif b.kind == "para" and markdown:
            h = parse_heading(text)
            if h is not None and not h.body and h.kind in kind_level and not h.weak:
                text = "#" * min(6, base + kind_level[h.kind] - 1) + " " + text
        for cid in b.comment_ids:
            lines_of.setdefault(cid, line_no)
        out.append(text)
        line_no += text.count("\n") + sep.count("\n")
    return sep.join(out) + ("\n" if out else ""), lines_of


def read_docx(source: Path | str | bytes, *, max_bytes: int = DEFAULT_MAX_BYTES, name: str | None = None,
              previous_text: str | None = None) -> DocxText:
    """Read a .docx (a path or its bytes) as draft text, with its comments and tracked changes.

    ``previous_text`` (the version the .docx was exported from) decides the text's form: a plain
    draft (no ``#`` headings) gives plain heading lines; its heading depth and blank-line spacing
    are mirrored so unchanged sections come back byte for byte.
    """
    data, label = load_docx_bytes(source, max_bytes=max_bytes, name=name)
    with open_archive(data, label) as archive:
        doc = parse_xml(archive, "word/document.xml", label, max_paragraphs=MAX_PARAGRAPHS)
        styles, default = read_styles(parse_xml(archive, "word/styles.xml", label, max_paragraphs=MAX_PARAGRAPHS))
        comments_root = parse_xml(archive, "word/comments.xml", label, max_paragraphs=MAX_PARAGRAPHS)
    body = doc.find(f"{{{W_NS}}}body") if doc is not None else None
    if body is None:
        raise InputError(f"{label}: the Word document has no body.")
    reader = _Reader(styles, default)
    try:
        reader.body(body)
        raw_comments: list[tuple[str, str, str, str]] = []
        if comments_root is not None:
            for c in comments_root.iter(f"{{{W_NS}}}comment"):
                parts = [reader.paragraph(p, in_table=True)[0] for p in c.iter(f"{{{W_NS}}}p")]
                raw_comments.append((w_attr(c, "id"), w_attr(c, "author"), w_attr(c, "date"),
                                     "\n".join(x.strip() for x in parts if x.strip())))
    except _TooMany:
        raise InputError(f"{label}: the document has more than {MAX_PARAGRAPHS:,} paragraphs; it is refused.") from None
    markdown, base, blank = True, 2, True
    if previous_text is not None and previous_text.strip():
        markdown, base, blank = _form_of(previous_text)
    text, lines_of = _render(reader.blocks, markdown=markdown, base=base, blank_lines=blank)
    if not text.strip():
        raise InputError(f"{label}: the Word document holds no text.")
    comments = [
        WordComment(cid, author, date, body_text, "".join(reader.anchors.get(cid, [])).strip(), lines_of.get(cid))
        for cid, author, date, body_text in raw_comments
    ]
    return DocxText(text=text, comments=comments, tracked=reader.tracked, paragraphs=reader.paragraphs)


def _form_of(previous: str) -> tuple[bool, int, bool]:
    """(markdown headings?, number of ``#`` of a level-1 section, blank lines between paragraphs?)."""
    from assistant.sections import parse_draft

    tree = parse_draft(previous)
    md_levels = [(s.level, len(s.marker)) for s in tree.walk() if s.kind.startswith("md")]
    markdown = bool(md_levels) or tree.headingless
    base = next((n for lvl, n in md_levels if lvl == 1), 2)
    blank = "\n\n" in previous.strip()
    return markdown, base, blank
