"""The page around an exported draft: page numbers, document properties, the user's Word template,
missing-font warnings, and the flagged-figure gate (issue 14 item 4, issue 12 item 6).

* :func:`add_page_numbers` — GB/T 9704 page numbers ``— 1 —`` (宋体 四号, a ``PAGE`` field between em
  dashes): odd pages right, even pages left, one character in from the edge; ``w:evenAndOddHeaders``
  is switched on in settings.xml. English drafts get a centred page number.
* :func:`set_properties` — title from the draft, author/company as given (empty by default), the
  language, creation time now; nothing says "python-docx".
* :func:`apply_template` — the built draft moved into a user's .docx/.dotx: its styles (by name:
  Title, Heading 1…4, Normal, Table Grid), margins, headers and footers (letterhead, 红头 line), with
  direct run/paragraph formatting of the built-in layout removed so the template's styles show.
* :func:`missing_font_warnings` — which layout fonts this machine lacks (``fc-list``) and the
  fallback the document declares for them.
* :func:`flagged_figures` / :class:`FlaggedFiguresError` — figures still flagged in a draft.
"""

from __future__ import annotations

import copy
import io
import logging
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from assistant.errors import InputError

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument


log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FontSpec:
    east_asia: str  # w:eastAsia
    latin: str  # w:ascii / w:hAnsi
    size_pt: float
    bold: bool = False
    alt_name: str | None = None  # fallback declared in the font table


@dataclass(frozen=True)
class Layout:
    language: Literal["zh", "en"]
    page_mm: tuple[float, float]
    margins_mm: tuple[float, float, float, float]  # top, bottom, left, right
    title: FontSpec
    headings: tuple[FontSpec, ...]  # level 1, 2, 3, 4+
    body: FontSpec
    line_spacing_pt: float | None  # fixed spacing (zh) or None for a multiple (en)
    line_spacing_multiple: float
    first_line_chars: int  # first-line indent in characters (0: none)
    space_after_pt: float



__all__ = [
    "TEMPLATE_MAX_BYTES",
    "FlaggedFiguresError",
    "FontSpec",
    "Layout",
    "add_page_numbers",
    "apply_template",
    "flagged_figures",
    "installed_font_families",
    "missing_font_warnings",
    "open_template",
    "set_properties",
]

#: Largest Word template accepted.
TEMPLATE_MAX_BYTES = 20 * 1024 * 1024
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_TEMPLATE_CT = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_DOCUMENT_CT = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_MACRO_CTS = (b"application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
              b"application/vnd.ms-word.document.macroEnabled.main+xml")


def _q(tag: str) -> str:
    return f"{{{_W}}}{tag}"


# --------------------------------------------------------------------------------------------- page numbers


def _page_field(paragraph: Any) -> None:
    """``— {PAGE} —`` as runs of ``paragraph`` (the field shows 1 until Word updates it)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph.add_run("— ")
    for kind in ("begin", None, "separate", "1", "end"):
        run = paragraph.add_run()
        if kind is None:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = " PAGE "
            run._r.append(instr)
        elif kind == "1":
            run.text = "1"
        else:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
    paragraph.add_run(" —")


def _footer_font(paragraph: Any, east_asia: str, latin: str, size_pt: float) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    for run in paragraph.runs:
        run.font.name = latin
        run.font.size = Pt(size_pt)
        rfonts = run._r.get_or_add_rPr().get_or_add_rFonts()
        rfonts.set(qn("w:eastAsia"), east_asia)


def add_page_numbers(doc: DocxDocument, layout: Layout) -> None:
    """Page numbers in every section's footer: ``— 1 —`` odd right / even left (zh), centred (en)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    zh = layout.language == "zh"
    size = 14.0 if zh else 10.5  # 四号
    if zh:
        doc.settings.odd_and_even_pages_header_footer = True  # w:evenAndOddHeaders
    for section in doc.sections:
        footers = [(section.footer, "right" if zh else "center")]
        if zh:
            footers.append((section.even_page_footer, "left"))
        for footer, side in footers:
            footer.is_linked_to_previous = False
            p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
            for r in list(p.runs):
                r._r.getparent().remove(r._r)
            p.alignment = {"right": WD_ALIGN_PARAGRAPH.RIGHT, "left": WD_ALIGN_PARAGRAPH.LEFT,
                           "center": WD_ALIGN_PARAGRAPH.CENTER}[side]
            if side == "right":
                p.paragraph_format.right_indent = Pt(size)  # one character in from the edge
            elif side == "left":
                p.paragraph_format.left_indent = Pt(size)
            _page_field(p)
            _footer_font(p, "宋体" if zh else layout.body.east_asia, "宋体" if zh else layout.body.latin, size)


# --------------------------------------------------------------------------------------------- properties


def set_properties(doc: DocxDocument, *, title: str, language: str, author: str = "", company: str = "") -> None:
    """Core (and app) properties from the report instead of python-docx's defaults."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    cp = doc.core_properties
    cp.title = title[:255]
    cp.author = author
    cp.last_modified_by = author
    cp.comments = ""
    cp.subject = ""
    cp.keywords = ""
    cp.category = ""
    cp.language = "zh-CN" if language == "zh" else "en-US"
    cp.created = now
    cp.modified = now
    cp.revision = 1
    # docProps/app.xml: the application name and company
    pkg = doc.part.package
    part = next((r.target_part for r in pkg.rels.values() if r.reltype == RT.EXTENDED_PROPERTIES), None)
    if part is None:
        return
    from lxml import etree

    root = etree.fromstring(part.blob)
    ns = root.nsmap.get(None, "")
    for name, value in (("Application", "report-assistant"), ("Company", company), ("Template", "")):
        el = root.find(f"{{{ns}}}{name}")
        if el is None:
            el = etree.SubElement(root, f"{{{ns}}}{name}")
        el.text = value
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --------------------------------------------------------------------------------------------- template


def _template_bytes(source: Path | str | bytes) -> tuple[bytes, str]:
    if isinstance(source, bytes | bytearray):
        return bytes(source), "template.docx"
    path = Path(source)
    name = path.name
    if path.suffix.lower() not in (".docx", ".dotx", ".docm", ".dotm"):
        raise InputError(f"Word template {name}: use a .docx or .dotx file.")
    if not path.is_file():
        raise InputError(f"Word template {name}: file not found.")
    if path.stat().st_size > TEMPLATE_MAX_BYTES:
        raise InputError(f"Word template {name}: the file is over the limit of {TEMPLATE_MAX_BYTES:,} bytes.")
    return path.read_bytes(), name


def _as_document_package(data: bytes, name: str) -> bytes:
    """A .dotx's bytes with its main part's content type rewritten to a document (in memory)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as src:
            infos = src.infolist()
            from assistant.textio import DOCX_MAX_MEMBERS, DOCX_MAX_UNCOMPRESSED

            if len(infos) > DOCX_MAX_MEMBERS or sum(i.file_size for i in infos) > DOCX_MAX_UNCOMPRESSED:
                raise InputError(f"Word template {name}: the archive is too large; it is refused.")
            ct = src.read("[Content_Types].xml")
            if _TEMPLATE_CT not in ct and not any(m in ct for m in _MACRO_CTS):
                return data
            ct = ct.replace(_TEMPLATE_CT, _DOCUMENT_CT)
            for macro in _MACRO_CTS:
                ct = ct.replace(macro, _DOCUMENT_CT)
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
                for info in infos:
                    if info.filename.lower().endswith("vbaproject.bin"):
                        continue  # macros are never carried over
                    dst.writestr(info, ct if info.filename == "[Content_Types].xml" else src.read(info))
            return out.getvalue()
    except (zipfile.BadZipFile, KeyError):
        raise InputError(f"Word template {name}: not a valid Word file.") from None


def open_template(source: Path | str | bytes) -> DocxDocument:
    """A user's .docx/.dotx as a python-docx document (a .dotx is opened as a document)."""
    import docx

    data, name = _template_bytes(source)
    if not data.startswith(b"PK"):
        raise InputError(f"Word template {name}: not a Word .docx/.dotx file.")
    try:
        return docx.Document(io.BytesIO(_as_document_package(data, name)))
    except InputError:
        raise
    except Exception as exc:  # python-docx raises assorted errors on damaged files
        log.debug("template %s: %r", name, exc)
        raise InputError(f"Word template {name}: the file cannot be read as a Word document.") from None


_STYLE_LEVEL = re.compile(r"^(?:heading|标题)\s*(\d)$")


def _style_key(name: str) -> str:
    lowered = name.strip().lower()
    m = _STYLE_LEVEL.match(lowered)
    return f"heading {m.group(1)}" if m else lowered


def _style_ids(doc: DocxDocument) -> dict[str, tuple[str, Any]]:
    """``{normalised style name: (style id, element)}`` of a document's styles."""
    out: dict[str, tuple[str, Any]] = {}
    for st in doc.styles.element.findall(_q("style")):
        name_el = st.find(_q("name"))
        name = name_el.get(_q("val")) if name_el is not None else st.get(_q("styleId"))
        out.setdefault(_style_key(str(name or "")), (str(st.get(_q("styleId"))), st))
    return out


def _ensure_style(template: DocxDocument, key: str, source_el: Any, known: dict[str, tuple[str, Any]]) -> str:
    """The template's style id for ``key``; a missing heading/title style is added, based on Normal."""
    if key in known:
        return known[key][0]
    from lxml import etree

    m = re.match(r"heading (\d)", key)
    if m is None and key not in ("title",):
        # other styles (Table Grid, …) are copied as the built-in document defines them
        el = copy.deepcopy(source_el)
    else:
        sid = "Title" if key == "title" else f"Heading{m.group(1) if m else 1}"
        el = etree.SubElement(etree.Element("x"), _q("style"))
        el.set(_q("type"), "paragraph")
        el.set(_q("styleId"), sid)
        for tag, val in (("name", "Title" if key == "title" else key), ("basedOn", known.get("normal", ("Normal",))[0]),
                         ("next", known.get("normal", ("Normal",))[0])):
            child = etree.SubElement(el, _q(tag))
            child.set(_q("val"), val)
        etree.SubElement(el, _q("qFormat"))
        ppr = etree.SubElement(el, _q("pPr"))
        etree.SubElement(ppr, _q("keepNext"))
        if key == "title":
            jc = etree.SubElement(ppr, _q("jc"))
            jc.set(_q("val"), "center")
        else:
            lvl = etree.SubElement(ppr, _q("outlineLvl"))
            lvl.set(_q("val"), str(int(m.group(1)) - 1 if m else 0))
        rpr = etree.SubElement(el, _q("rPr"))
        etree.SubElement(rpr, _q("b"))
    template.styles.element.append(el)
    sid = str(el.get(_q("styleId")))
    known[key] = (sid, el)
    return sid


_RUN_DIRECT = ("rFonts", "sz", "szCs", "b", "bCs", "i", "iCs", "color", "kern", "lang")
_PARA_DIRECT = ("spacing", "ind", "jc")


def _strip_direct(el: Any) -> None:
    """Remove the built-in layout's direct formatting; keep bold on runs the draft marked **bold**,
    and the red-on-yellow highlight of unverified figures."""
    for rpr in el.iter(_q("rPr")):
        parent = rpr.getparent()
        if parent is None or parent.tag != _q("r"):
            continue
        keep_highlight = rpr.find(_q("highlight")) is not None
        explicit_bold = rpr.find(_q("b")) is not None and rpr.find(_q("b")).get(_q("val")) not in ("0", "false")
        for tag in _RUN_DIRECT:
            if tag == "color" and keep_highlight:
                continue
            if tag in ("b", "bCs") and explicit_bold and not _in_heading(parent):
                continue
            for child in rpr.findall(_q(tag)):
                rpr.remove(child)
    for ppr in el.iter(_q("pPr")):
        for tag in _PARA_DIRECT:
            for child in ppr.findall(_q(tag)):
                ppr.remove(child)


def _in_heading(run: Any) -> bool:
    p = run.getparent()
    while p is not None and p.tag != _q("p"):
        p = p.getparent()
    style = p.find(f"{_q('pPr')}/{_q('pStyle')}") if p is not None else None
    return style is not None


def _style_name(style_el: Any) -> str:
    name_el = style_el.find(_q("name"))
    name = name_el.get(_q("val")) if name_el is not None else style_el.get(_q("styleId"))
    return _style_key(str(name or ""))


def apply_template(built: DocxDocument, template: Path | str | bytes | DocxDocument) -> DocxDocument:
    """Move the body of ``built`` into the user's template and return the template document.

    The template's body is cleared (its sections' headers/footers, margins and styles stay); the
    draft's paragraphs and tables keep their style *names*, mapped to the template's style ids
    (a template without a Heading/Title style gets one based on its Normal style); the built-in
    layout's direct fonts, sizes, spacing and indents are removed so the template's styles apply.
    """
    doc = template if not isinstance(template, Path | str | bytes) else open_template(template)
    body = doc.element.body
    final_sect = body.find(_q("sectPr"))
    for child in list(body):
        if child is not final_sect:
            body.remove(child)
    known = _style_ids(doc)
    built_styles = {str(e.get(_q("styleId"))): (_style_name(e), e) for e in built.styles.element.findall(_q("style"))}
    for child in list(built.element.body):
        if child.tag == _q("sectPr"):
            continue
        el = copy.deepcopy(child)
        for ref in ("pStyle", "tblStyle", "rStyle"):
            for node in el.iter(_q(ref)):
                sid = str(node.get(_q("val")))
                key, src = built_styles.get(sid, (sid.lower(), None))
                node.set(_q("val"), _ensure_style(doc, key, src, known) if src is not None or key in known else sid)
        _strip_direct(el)
        if final_sect is not None:
            final_sect.addprevious(el)
        else:
            body.append(el)
    return doc


# --------------------------------------------------------------------------------------------- fonts


@lru_cache(maxsize=1)
def installed_font_families() -> frozenset[str] | None:
    """Font family names known to fontconfig (every localised name), or None without ``fc-list``."""
    exe = shutil.which("fc-list")
    if exe is None:
        return None
    try:
        proc = subprocess.run([exe, ":", "family"], capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if proc.returncode != 0:
        return None
    names: set[str] = set()
    for line in proc.stdout.splitlines():
        names.update(n.strip() for n in line.split(",") if n.strip())
    return frozenset(names)


@lru_cache(maxsize=32)
def system_substitute(family: str) -> str | None:
    """The font fontconfig picks for ``family`` on this machine (``fc-match``), or None."""
    exe = shutil.which("fc-match")
    if exe is None:
        return None
    try:
        proc = subprocess.run([exe, "-f", "%{family[0]}", family], capture_output=True, text=True, timeout=20,
                              check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    name = proc.stdout.strip()
    return name if proc.returncode == 0 and name else None


def missing_font_warnings(layout: Layout, families: frozenset[str] | None = None) -> list[str]:
    """One line per layout font this machine lacks, naming the fallback the document declares.

    Nothing when the installed fonts cannot be listed (no ``fc-list``).
    """
    installed = families if families is not None else installed_font_families()
    if installed is None:
        return []
    zh = layout.language == "zh"
    out: list[str] = []
    seen: set[str] = set()
    for spec in (layout.title, *layout.headings, layout.body):
        if spec.alt_name is None or spec.east_asia in seen or spec.east_asia in installed:
            continue
        seen.add(spec.east_asia)
        fallback_there = spec.alt_name in installed
        sub = None if fallback_there or families is not None else system_substitute(spec.alt_name)
        if zh:
            here = f"，本机显示为“{sub}”" if sub else ""
            tail = "" if fallback_there else f"（本机也没有“{spec.alt_name}”{here}）"
            out.append(f"本机未安装字体“{spec.east_asia}”：文档已声明以“{spec.alt_name}”代替{tail}。")
        else:
            here = f"; this machine shows “{sub}”" if sub else ""
            tail = "" if fallback_there else f" (“{spec.alt_name}” is missing too{here})"
            out.append(f"font “{spec.east_asia}” is not installed here: the document names “{spec.alt_name}” "
                       f"as its fallback{tail}.")
    return out


# --------------------------------------------------------------------------------------------- flagged


class FlaggedFiguresError(InputError):
    """The draft still has flagged figures; export again with confirmation to write it anyway."""

    def __init__(self, flagged: list[str]) -> None:
        self.flagged = list(flagged)
        shown = "; ".join(flagged[:10]) + (f"; … ({len(flagged)} in all)" if len(flagged) > 10 else "")
        super().__init__(f"the draft has {len(flagged)} flagged figure(s): {shown}. Confirm to export anyway.")


def flagged_figures(text: str, notes_text: str | None = None) -> list[str]:
    """The figures still flagged in ``text``: its 【待核实：…】 markers and, with the notes, the figures
    the checker blocks (``line N: 3.5亿元 [unsupported]``)."""
    from assistant.check import check_draft, find_markers

    out: list[str] = []
    marked: list[tuple[int, int]] = []
    for start, end, _fig in find_markers(text):
        marked.append((start, end))
        line = text.count("\n", 0, start) + 1
        before = (text[max(0, start - 40):start].splitlines() or [""])[-1]
        before = re.split(r"[。！？；;!?]", before)[-1][-16:].lstrip("，,、 ")
        out.append(f"line {line}: {before}{text[start:end]}")
    if notes_text is not None and notes_text.strip():
        result = check_draft(notes_text, text)
        for fc in result.figures:
            f = fc.figure
            if fc.blocking and not any(a - 20 <= f.start < b for a, b in marked):
                out.append(f"line {f.line}: {f.text} [{fc.status}]")
    return out
