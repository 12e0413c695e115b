"""Reading a .docx file as text (a part of :mod:`assistant.textio`): the archive and its XML parts are
checked against the caps of :mod:`assistant.textio_caps` while streaming (no tree is built), then
python-docx reads the paragraphs (Word heading styles become markdown headings) and tables (one line a
row, cells separated by tabs)."""

from __future__ import annotations

import io
import logging
import re
import time
import zipfile

from assistant.errors import InputError
from assistant.textio_caps import (
    DECODE_SECONDS,
    DOCX_MAX_ELEMENTS,
    DOCX_MAX_MEMBERS,
    DOCX_MAX_PARAGRAPHS,
    DOCX_MAX_UNCOMPRESSED,
    DOCX_MAX_XML_BYTES,
    MAX_NESTING,
    CapExceeded,
    display_name,
    human_size,
)

log = logging.getLogger(__name__)


def _check_docx_archive(data: bytes, name: str) -> None:
    if not data.startswith(b"PK"):
        raise InputError(f"{name}: not a valid .docx file (it is not a zip archive).")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > DOCX_MAX_MEMBERS:
                raise InputError(f"{name}: the .docx archive holds too many parts ({len(members)}).")
            total = sum(m.file_size for m in members)
            if total > DOCX_MAX_UNCOMPRESSED:
                raise InputError(
                    f"{name}: the .docx unpacks to {human_size(total)}, over the limit of "
                    f"{human_size(DOCX_MAX_UNCOMPRESSED)}; it is refused."
                )
            if "word/document.xml" not in {m.filename for m in members}:
                raise InputError(f"{name}: the zip archive is not a Word document (no word/document.xml).")
    except zipfile.BadZipFile:
        raise InputError(f"{name}: not a valid .docx file (the zip archive is damaged).") from None



class _PartCounter:
    """lxml parser target: counts and checks while parsing, builds no tree (memory stays flat)."""

    paragraph_tag = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"

    def __init__(self, name: str, elements: int) -> None:
        self.name = name
        self.elements = elements
        self.paragraphs = 0
        self.depth = 0

    def start(self, tag: str, attrib: object) -> None:
        self.depth += 1
        self.elements += 1
        if self.depth > MAX_NESTING:
            raise CapExceeded(f"{self.name}: the .docx nests elements more than {MAX_NESTING} deep; it is refused.")
        if self.elements > DOCX_MAX_ELEMENTS:
            raise CapExceeded(f"{self.name}: the .docx holds over {DOCX_MAX_ELEMENTS:,} XML elements; it is refused.")
        if tag == self.paragraph_tag:
            self.paragraphs += 1
            if self.paragraphs > DOCX_MAX_PARAGRAPHS:
                raise CapExceeded(f"{self.name}: the .docx holds over {DOCX_MAX_PARAGRAPHS:,} paragraphs; "
                                "it is refused (split it into smaller files).")

    def end(self, tag: str) -> None:
        self.depth -= 1

    def data(self, text: str) -> None:
        pass

    def close(self) -> int:
        return self.elements


def _scan_docx_parts(data: bytes, name: str, *, deadline: float) -> None:
    """Stream every XML part of the archive through a parser that builds no tree, refusing the file
    as soon as a cap is passed (paragraphs, elements, bytes, nesting, time): a small file holding
    millions of empty paragraphs is refused in well under a second instead of being built."""
    from lxml import etree

    elements = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.infolist():
            if not member.filename.endswith((".xml", ".rels")):
                continue
            counter = _PartCounter(name, elements)
            parser = etree.XMLParser(target=counter, resolve_entities=False, no_network=True, huge_tree=False,
                                     load_dtd=False)
            size = 0
            try:
                with archive.open(member) as fh:
                    while chunk := fh.read(256 * 1024):
                        size += len(chunk)
                        if size > DOCX_MAX_XML_BYTES:
                            raise InputError(
                                f"{name}: the .docx part {display_name(member.filename, 40)} is over "
                                f"{human_size(DOCX_MAX_XML_BYTES)} of XML; it is refused."
                            )
                        parser.feed(chunk)
                        if time.monotonic() > deadline:
                            raise InputError(f"{name}: reading the .docx took over {DECODE_SECONDS:.0f} s; "
                                             "it is refused.")
                    elements = parser.close()
            except CapExceeded as exc:
                raise InputError(str(exc)) from None
            except etree.XMLSyntaxError as exc:
                if "depth" in str(exc).lower():  # libxml2's own nesting limit
                    raise InputError(f"{name}: the .docx nests elements more than {MAX_NESTING} deep; "
                                     "it is refused.") from None
                raise InputError(f"{name}: the .docx file cannot be read (its XML is damaged or too "
                                 "deeply nested).") from None
            except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, ValueError):
                raise InputError(f"{name}: not a valid .docx file (the zip archive is damaged).") from None


def _docx_heading_level(style_name: str) -> int | None:
    lowered = style_name.strip().lower()
    if lowered == "title":
        return 1
    m = re.match(r"(?:heading|标题)\s*(\d)$", lowered)
    if m:
        return max(1, min(6, int(m.group(1))))
    return None


def docx_text(data: bytes, name: str) -> str:
    _check_docx_archive(data, name)
    _scan_docx_parts(data, name, deadline=time.monotonic() + DECODE_SECONDS)
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises assorted errors on damaged files
        log.debug("python-docx failed on %s: %r", name, exc)
        raise InputError(f"{name}: the .docx file cannot be read (it is damaged or not a Word file).") from None

    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            para = Paragraph(child, document)
            text = para.text.strip()
            if not text:
                continue
            style = para.style.name if para.style is not None and para.style.name else ""
            level = _docx_heading_level(style)
            lines.append(f"{'#' * level} {text}" if level else text)
        elif tag == "tbl":
            table = Table(child, document)
            for row in table.rows:
                cells: list[str] = []
                for cell in row.cells:
                    value = " ".join(cell.text.split())
                    if not cells or cells[-1] != value:  # merged cells repeat their text
                        cells.append(value)
                if any(cells):
                    lines.append("\t".join(cells))
    return "\n\n".join(lines)

