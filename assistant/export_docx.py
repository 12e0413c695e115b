"""Building the Word (.docx) document of a draft (:func:`build_docx`; :func:`assistant.export.to_docx`
writes it).

The .docx follows the usual layout of Chinese official documents (GB/T 9704): A4, margins top 37 mm,
bottom 35 mm, left 28 mm, right 26 mm; title centred in 方正小标宋简体 二号 (22 pt); 一级标题 黑体
三号 (16 pt); 二级标题 楷体_GB2312 三号; 三级标题 仿宋_GB2312 三号 bold; body 仿宋_GB2312 三号,
first-line indent of two characters, fixed line spacing of 28 pt. East-Asian fonts are set through
``w:rFonts/@w:eastAsia``; each such font is declared in the document's font table with an
``w:altName`` fallback (仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体, 方正小标宋简体 → 宋体) so Word uses a
font that exists on machines without the GB2312 families. English drafts get Times New Roman
12 pt body text and Calibri headings on A4 with 25.4 mm margins.

The built-in layout has page numbers ``— 1 —`` (odd pages right, even pages left) and document
properties from the report; a user's Word template (``template=``) replaces the built-in layout
with its own styles, margins, headers and footers (see :mod:`assistant.export_layout`).

Figures the checker could not verify (``【待核实…】`` / ``[to verify…]`` markers, see
:mod:`assistant.check`) are shown in red on a yellow highlight, together with the figure right
before the marker.

Here too: :func:`as_tree` (a draft text, tree or ``Draft`` → a clean :class:`DraftTree`), the marker
spans (:data:`MARKER_RE`, :func:`unverified_spans`) and the two built-in layouts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from assistant.errors import InputError
from assistant.export_layout import (
    FontSpec,
    Layout,
    add_page_numbers,
    apply_template,
    missing_font_warnings,
    set_properties,
)
from assistant.lang import detect_language
from assistant.sanitize import clean_text
from assistant.sections import DraftTree, Section, parse_draft, render

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.text.paragraph import Paragraph

Language = Literal["zh", "en"]

#: A checker marker (``【待核实…】`` / ``[to verify…]``), its note at most 200 characters, on one line.
MARKER_RE = re.compile(r"【待核实[^】\n]{0,200}】|\[to verify[^\]\n]{0,200}\]", re.I)
#: The figure written right before a marker (searched in a bounded window that ends at the marker:
#: no quantifier is unbounded, so a line of 100,000 digits costs linear time, not quadratic).
_FIGURE_TAIL_RE = re.compile(
    r"[+\-－]?[0-9０-９][0-9０-９,，.．]{0,40}\s{0,4}(?:[%％‰]|个百分点|[万亿千百]?[元人户个项台头只吨亩米倍]|"
    r"万|亿|公里|平方米|million|billion|percent)?\s{0,4}\Z",
    re.I,
)
_FIGURE_WINDOW = 64


def unverified_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each checker marker together with the figure right before it."""
    spans: list[tuple[int, int]] = []
    floor = 0
    for m in MARKER_RE.finditer(text):
        lo = max(floor, m.start() - _FIGURE_WINDOW)
        fig = _FIGURE_TAIL_RE.search(text, lo, m.start())
        start = fig.start() if fig is not None else m.start()
        spans.append((start, m.end()))
        floor = m.end()
    return spans


_MD_INLINE = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")


def as_tree(draft: DraftTree | str | Any) -> DraftTree:
    """A :class:`DraftTree` from a tree, a draft text, or any object with ``to_markdown()`` (draft.Draft).

    Bidi overrides and control characters are dropped (:func:`assistant.sanitize.clean_text`):
    they would reorder what the reader sees in the file, or its name.
    """
    if isinstance(draft, DraftTree):
        text = render(draft)
        cleaned = clean_text(text)
        return draft if cleaned == text else parse_draft(cleaned)
    if isinstance(draft, str):
        return parse_draft(clean_text(draft))
    to_md = getattr(draft, "to_markdown", None)
    if callable(to_md):
        return parse_draft(clean_text(str(to_md())))
    raise InputError("nothing to export: expected a draft text")



def preamble_without_title(tree: DraftTree) -> str:
    lines = tree.preamble.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.strip():
            return "".join(lines[i + 1 :])
    return ""



# --------------------------------------------------------------------------------------------- docx layout


ZH_LAYOUT = Layout(
    language="zh",
    page_mm=(210, 297),
    margins_mm=(37, 35, 28, 26),
    title=FontSpec("方正小标宋简体", "Times New Roman", 22, bold=False, alt_name="宋体"),
    headings=(
        FontSpec("黑体", "Times New Roman", 16, alt_name="SimHei"),
        FontSpec("楷体_GB2312", "Times New Roman", 16, alt_name="楷体"),
        FontSpec("仿宋_GB2312", "Times New Roman", 16, bold=True, alt_name="仿宋"),
        FontSpec("仿宋_GB2312", "Times New Roman", 16, alt_name="仿宋"),
    ),
    body=FontSpec("仿宋_GB2312", "Times New Roman", 16, alt_name="仿宋"),
    line_spacing_pt=28.0,
    line_spacing_multiple=1.0,
    first_line_chars=2,
    space_after_pt=0,
)

EN_LAYOUT = Layout(
    language="en",
    page_mm=(210, 297),
    margins_mm=(25.4, 25.4, 25.4, 25.4),
    title=FontSpec("宋体", "Calibri", 18, bold=True),
    headings=(
        FontSpec("黑体", "Calibri", 14, bold=True),
        FontSpec("黑体", "Calibri", 12, bold=True),
        FontSpec("黑体", "Calibri", 12, bold=True),
        FontSpec("黑体", "Calibri", 12, bold=False),
    ),
    body=FontSpec("宋体", "Times New Roman", 12),
    line_spacing_pt=None,
    line_spacing_multiple=1.15,
    first_line_chars=0,
    space_after_pt=6,
)


def layout_for(language: Language) -> Layout:
    return ZH_LAYOUT if language == "zh" else EN_LAYOUT


def _set_fonts(rpr_owner: Any, spec: FontSpec) -> None:
    """Set ascii/hAnsi/eastAsia fonts on a run or style, dropping theme fonts that would override them."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = rpr_owner.font
    font.name = spec.latin
    font.size = Pt(spec.size_pt)
    font.bold = spec.bold
    rpr = rpr_owner.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, rfonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    rfonts.set(qn("w:ascii"), spec.latin)
    rfonts.set(qn("w:hAnsi"), spec.latin)
    rfonts.set(qn("w:cs"), spec.latin)
    rfonts.set(qn("w:eastAsia"), spec.east_asia)
    rfonts.set(qn("w:hint"), "eastAsia")


def _declare_font_fallbacks(doc: DocxDocument, specs: Iterable[FontSpec]) -> None:
    """Add ``w:font`` entries with ``w:altName`` to the font table (Word's substitution hint)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.ns import qn
    from lxml import etree

    part = next((r.target_part for r in doc.part.rels.values() if r.reltype == RT.FONT_TABLE), None)
    if part is None:
        return
    root = etree.fromstring(part.blob)
    existing = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    for spec in specs:
        if spec.alt_name is None or spec.east_asia in existing:
            continue
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), spec.east_asia)
        alt = etree.SubElement(font, qn("w:altName"))
        alt.set(qn("w:val"), spec.alt_name)
        charset = etree.SubElement(font, qn("w:charset"))
        charset.set(qn("w:val"), "86")  # GB2312
        family = etree.SubElement(font, qn("w:family"))
        family.set(qn("w:val"), "modern" if "黑" in spec.east_asia else "roman")
        existing.add(spec.east_asia)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _paragraph_format(p: Paragraph, layout: Layout, *, indent: bool, align: str = "justify",
                      size_pt: float | None = None) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt

    pf = p.paragraph_format
    pf.alignment = {
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }[align]
    if layout.line_spacing_pt is not None:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(layout.line_spacing_pt if (size_pt or 0) < 20 else layout.line_spacing_pt + 8)
    else:
        pf.line_spacing = layout.line_spacing_multiple
    pf.space_before = Pt(0)
    pf.space_after = Pt(layout.space_after_pt)
    if indent and layout.first_line_chars:
        size = size_pt or layout.body.size_pt
        pf.first_line_indent = Pt(size * layout.first_line_chars)
        ind = p._p.get_or_add_pPr().find(qn("w:ind"))
        if ind is not None:
            ind.set(qn("w:firstLineChars"), str(layout.first_line_chars * 100))


def _add_runs(p: Paragraph, text: str, spec: FontSpec) -> None:
    """Add ``text`` as runs: ``**bold**`` kept as bold, unverified figures red on yellow."""
    from docx.enum.text import WD_COLOR_INDEX
    from docx.shared import RGBColor

    pos = 0
    for start, end in unverified_spans(text):
        _add_plain_runs(p, text[pos:start], spec)
        run = p.add_run(text[start:end])
        _set_fonts(run, spec)
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        run.font.color.rgb = RGBColor(0xFF, 0x00, 0x00)
        pos = end
    _add_plain_runs(p, text[pos:], spec)


def _add_plain_runs(p: Paragraph, text: str, spec: FontSpec) -> None:
    if not text:
        return
    pos = 0
    for m in _MD_INLINE.finditer(text):
        if m.start() > pos:
            _set_fonts(p.add_run(text[pos : m.start()]), spec)
        run = p.add_run(m.group(1) or m.group(2))
        _set_fonts(run, spec)
        run.font.bold = True
        pos = m.end()
    if pos < len(text):
        _set_fonts(p.add_run(text[pos:]), spec)


def _clean_line(line: str) -> str:
    s = line.strip().strip("\u3000").strip()
    s = re.sub(r"^[-*+]\s+", "", s)  # markdown bullets become plain paragraphs
    return s


def _table_rows(lines: list[str]) -> list[list[str]]:
    rows = []
    for ln in lines:
        cells = [c.strip() for c in ln.strip().strip("|").split("|")]
        if all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
            continue
        rows.append(cells)
    return rows


def _add_body(doc: DocxDocument, text: str, layout: Layout) -> None:
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.strip().startswith("|"):
            block = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                block.append(lines[i])
                i += 1
            _add_table(doc, _table_rows(block), layout)
            continue
        i += 1
        s = _clean_line(line)
        if not s or s.startswith("```"):
            continue
        p = doc.add_paragraph()
        _paragraph_format(p, layout, indent=True)
        _add_runs(p, s, layout.body)


#: Word's own limit on table columns; cells beyond it are joined into the last column.
MAX_TABLE_COLUMNS = 63


def _add_table(doc: DocxDocument, rows: list[list[str]], layout: Layout) -> None:
    """A Markdown table as a Word table in 公文 style: body font (仿宋) in the cells, the header row in the
    first heading font (黑体), single borders all round, centred; 待核实 markers highlighted as in text."""
    if not rows:
        return
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    rows = [r if len(r) <= MAX_TABLE_COLUMNS else [*r[: MAX_TABLE_COLUMNS - 1], " | ".join(r[MAX_TABLE_COLUMNS - 1 :])]
            for r in rows]
    width = max(len(r) for r in rows)
    table = doc.add_table(rows=len(rows), cols=width)
    import contextlib

    with contextlib.suppress(KeyError, ValueError):  # a user template without it: the borders draw the grid
        table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _table_borders(table)
    size = max(10.5, layout.body.size_pt - 4)
    small = FontSpec(layout.body.east_asia, layout.body.latin, size, alt_name=layout.body.alt_name)
    head = layout.headings[0]
    header = FontSpec(head.east_asia, head.latin, size, bold=layout.language != "zh", alt_name=head.alt_name)
    cells = table._cells  # once: table.cell(r, c) rebuilds this list on every call (quadratic)
    for r, row in enumerate(rows):
        for c in range(width):
            cell = cells[r * width + c]
            p = cell.paragraphs[0]
            _add_runs(p, row[c] if c < len(row) else "", header if r == 0 else small)
            if r == 0 or c > 0:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if r == 0 and layout.language != "zh":
                for run in p.runs:
                    run.font.bold = True


def _table_borders(table: Any) -> None:
    """Single 0.5 pt black borders on every edge and inner line (``w:tblBorders``)."""
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    borders = tbl_pr.find(qn("w:tblBorders"))
    if borders is None:
        borders = tbl_pr.makeelement(qn("w:tblBorders"), {})
        tbl_pr.append(borders)
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = borders.find(qn(f"w:{edge}"))
        if element is None:
            element = borders.makeelement(qn(f"w:{edge}"), {})
            borders.append(element)
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), "4")
        element.set(qn("w:space"), "0")
        element.set(qn("w:color"), "000000")


def _heading_spec(layout: Layout, level: int) -> FontSpec:
    return layout.headings[min(level, len(layout.headings)) - 1]


def _style_document(doc: DocxDocument, layout: Layout) -> None:
    from docx.shared import Mm, Pt, RGBColor

    for section in doc.sections:
        section.page_width, section.page_height = Mm(layout.page_mm[0]), Mm(layout.page_mm[1])
        top, bottom, left, right = layout.margins_mm
        section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
        section.left_margin, section.right_margin = Mm(left), Mm(right)
    styles = doc.styles
    _set_fonts(styles["Normal"], layout.body)
    _set_fonts(styles["Title"], layout.title)
    for level in range(1, 5):
        style = styles[f"Heading {level}"]
        _set_fonts(style, _heading_spec(layout, level))
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.font.italic = False
        style.paragraph_format.space_before = Pt(layout.space_after_pt)
        style.paragraph_format.space_after = Pt(layout.space_after_pt)
    styles["Title"].font.color.rgb = RGBColor(0, 0, 0)
    # The default template draws a rule under Title; official documents have none.
    from docx.oxml.ns import qn

    ppr = styles["Title"].element.find(qn("w:pPr"))
    if ppr is not None:
        for border in ppr.findall(qn("w:pBdr")):
            ppr.remove(border)
    _declare_font_fallbacks(doc, [layout.title, *layout.headings, layout.body])


def _add_heading(doc: DocxDocument, sec: Section, layout: Layout) -> None:
    level = min(sec.level, 4)
    spec = _heading_spec(layout, level)
    p = doc.add_paragraph(style=f"Heading {level}")
    centred = sec.kind == "part" and layout.language == "zh"
    _paragraph_format(p, layout, indent=layout.language == "zh" and not centred,
                      align="center" if centred else "left" if layout.language == "en" else "justify")
    label = sec.label
    if sec.heading and not sec.heading.endswith("\n") and sec.heading.rstrip().endswith(("。", "：", ":")):
        label += sec.heading.rstrip()[-1]  # a run-in heading keeps its closing punctuation
    _add_runs(p, label, spec)
    if sec.heading and not sec.heading.endswith("\n"):
        # run-in heading: the rest of the line is body text in the same paragraph (公文 practice)
        first, _, rest = sec.body.partition("\n")
        _add_runs(p, first.strip(), layout.body)
        if rest.strip():
            _add_body(doc, rest, layout)
        return
    _add_body(doc, sec.body, layout)


def build_docx(draft: DraftTree | str, *, language: Language | None = None,
               template: Path | str | bytes | None = None, author: str = "", company: str = "",
               warnings: list[str] | None = None) -> DocxDocument:
    """The draft as a python-docx ``Document`` (not saved).

    Without ``template`` the built-in layout (GB/T 9704 for Chinese) with page numbers ``— 1 —``
    in the footer; with ``template`` (a user's .docx/.dotx, a path or its bytes) that document's
    styles, margins, headers and footers (see :func:`apply_template`). ``author``/``company`` go
    into the document properties. Missing fonts of the built-in layout are appended to ``warnings``.
    """
    import docx

    tree = as_tree(draft)
    text = render(tree)
    if not text.strip():
        raise InputError("the draft is empty: nothing to export")
    lang = language or detect_language(text, default="en")
    layout = layout_for(lang)
    doc = docx.Document()
    _style_document(doc, layout)
    doc.core_properties.title = tree.title or ""
    if tree.title:
        p = doc.add_paragraph(style="Title")
        _paragraph_format(p, layout, indent=False, align="center", size_pt=layout.title.size_pt)
        _add_runs(p, tree.title, layout.title)
        _add_body(doc, preamble_without_title(tree), layout)
    else:
        _add_body(doc, tree.preamble, layout)
    for sec in tree.walk():
        if sec.kind == "body":
            _add_body(doc, sec.body, layout)
        else:
            _add_heading(doc, sec, layout)
    if template is not None:
        doc = apply_template(doc, template)
    else:
        add_page_numbers(doc, layout)
        if warnings is not None:
            warnings.extend(missing_font_warnings(layout))
    set_properties(doc, title=tree.title or "", language=lang, author=author, company=company)
    return doc

