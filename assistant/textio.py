"""Read user and knowledge files as text: .txt/.md, .docx, .html; encoding detection; size caps.

Every failure is an :class:`~assistant.errors.InputError` whose message names the file (the name is
sanitised: control characters removed, long names shortened) and says what is wrong.

Encoding detection, in order: a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32), strict UTF-8, strict
GB18030 (a superset of GBK and GB2312) when the result looks like Chinese text (Big5 when the bytes
are valid Big5 too and read better that way), then ``charset-normalizer``. Line ends are normalised to ``\\n``.
"""

from __future__ import annotations

import codecs
import io
import logging
import re
import time
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import InputError

log = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text", ""})
DOCX_SUFFIXES = frozenset({".docx"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | DOCX_SUFFIXES | HTML_SUFFIXES

#: Largest total uncompressed size of a .docx archive's members (zip-bomb guard).
DOCX_MAX_UNCOMPRESSED = 50 * 1024 * 1024
#: Most members a .docx archive may hold.
DOCX_MAX_MEMBERS = 5_000
#: Most paragraphs (``w:p``) a .docx body may hold (a long real report has a few thousand).
DOCX_MAX_PARAGRAPHS = 100_000
#: Most XML elements in all parts of a .docx together.
DOCX_MAX_ELEMENTS = 1_000_000
#: Largest uncompressed XML part of a .docx.
DOCX_MAX_XML_BYTES = 30 * 1024 * 1024
#: Deepest element nesting in a .docx part or an HTML page.
MAX_NESTING = 200
#: Most elements (start tags) of an HTML page.
HTML_MAX_ELEMENTS = 100_000
#: Longest time spent checking and decoding one .docx/.html file, in seconds.
DECODE_SECONDS = 15.0

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a zip archive"),
    (b"\xd0\xcf\x11\xe0", "an old-style Office document (.doc/.xls); save it as .docx"),
    (b"\x7fELF", "a program"),
    (b"\x1f\x8b", "a gzip archive"),
)

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class DecodedText:
    """Text read from a file, with the encoding it was decoded from."""

    text: str
    encoding: str
    path: Path


def display_name(path: Path | str, limit: int = 80) -> str:
    """The file's name made safe for a message: no control characters, at most ``limit`` chars."""
    raw = str(path)
    clean = "".join(ch if unicodedata.category(ch)[0] != "C" else "?" for ch in raw)
    if len(clean) > limit:
        clean = "…" + clean[-(limit - 1) :]
    return clean


def _human_size(n: int) -> str:
    size = float(n)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{int(size)} bytes" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} bytes"  # pragma: no cover


def normalize_newlines(text: str) -> str:
    """CRLF and CR to LF; drop a leading BOM and stray control characters (tabs are kept)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    return _CONTROL_RE.sub("", text)


def _looks_like_cjk_text(text: str) -> bool:
    """True when a GB18030 decoding produced plausible text (mostly ASCII, CJK and CJK punctuation)."""
    if not text:
        return False
    plausible = 0
    cjk = 0
    for ch in text:
        o = ord(ch)
        if o < 0x80:
            plausible += 1
        elif 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF:
            plausible += 1
            cjk += 1
        elif 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF or 0x2010 <= o <= 0x206F:
            plausible += 1
    return cjk > 0 and plausible / len(text) >= 0.95


def _also_big5(data: bytes) -> bool:
    try:
        data.decode("big5")
    except UnicodeDecodeError:
        return False
    return True


def _check_binary(data: bytes, name: str) -> None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"{name}: this is {what}, not a text file.")
    if b"\x00" in data[:65536] or b"\x00" in data[-65536:]:
        raise InputError(f"{name}: the file is binary (it contains NUL bytes), not text.")


def _check_control_share(text: str, name: str) -> None:
    if not text:
        return
    controls = len(_CONTROL_RE.findall(text))
    if controls > 8 and controls / len(text) > 0.02:
        raise InputError(f"{name}: the file looks binary (many control characters), not text.")


def decode_bytes(data: bytes, *, name: str) -> tuple[str, str]:
    """Decode file bytes to text; returns ``(text, encoding)`` with line ends normalised.

    ``name`` is only used in error messages (sanitise it first with :func:`display_name`).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding.replace("-sig", ""))
            except UnicodeDecodeError:
                raise InputError(
                    f"{name}: the file starts with a {encoding.upper()} byte-order mark but is not "
                    f"valid {encoding.upper()} text."
                ) from None
            _check_control_share(text, name)
            return normalize_newlines(text), encoding.replace("-sig", "")

    _check_binary(data, name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        _check_control_share(text, name)
        return normalize_newlines(text), "utf-8"

    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    else:
        if _looks_like_cjk_text(text):
            encoding = "gb18030"
            if _also_big5(data):
                # Big5 (traditional Chinese) bytes are usually valid GB18030 too, decoding to wrong
                # characters: let charset-normalizer's coherence check choose between the two.
                from charset_normalizer import from_bytes

                best = from_bytes(data, cp_isolation=["gb18030", "big5"]).best()
                if best is not None and best.encoding == "big5":
                    text, encoding = str(best), "big5"
            _check_control_share(text, name)
            return normalize_newlines(text), encoding

    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(
            f"{name}: the text encoding could not be recognised; save the file as UTF-8 and try again."
        )
    text = str(best)
    _check_control_share(text, name)
    return normalize_newlines(text), str(best.encoding)


# --- .docx ---------------------------------------------------------------------------------------


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
                    f"{name}: the .docx unpacks to {_human_size(total)}, over the limit of "
                    f"{_human_size(DOCX_MAX_UNCOMPRESSED)}; it is refused."
                )
            if "word/document.xml" not in {m.filename for m in members}:
                raise InputError(f"{name}: the zip archive is not a Word document (no word/document.xml).")
    except zipfile.BadZipFile:
        raise InputError(f"{name}: not a valid .docx file (the zip archive is damaged).") from None


class _DocxCaps(InputError):
    """A cap passed while streaming a .docx part or an HTML page (raised from the parser's callbacks)."""


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
            raise _DocxCaps(f"{self.name}: the .docx nests elements more than {MAX_NESTING} deep; it is refused.")
        if self.elements > DOCX_MAX_ELEMENTS:
            raise _DocxCaps(f"{self.name}: the .docx holds over {DOCX_MAX_ELEMENTS:,} XML elements; it is refused.")
        if tag == self.paragraph_tag:
            self.paragraphs += 1
            if self.paragraphs > DOCX_MAX_PARAGRAPHS:
                raise _DocxCaps(f"{self.name}: the .docx holds over {DOCX_MAX_PARAGRAPHS:,} paragraphs; "
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
                                f"{_human_size(DOCX_MAX_XML_BYTES)} of XML; it is refused."
                            )
                        parser.feed(chunk)
                        if time.monotonic() > deadline:
                            raise InputError(f"{name}: reading the .docx took over {DECODE_SECONDS:.0f} s; "
                                             "it is refused.")
                    elements = parser.close()
            except _DocxCaps as exc:
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


def _docx_text(data: bytes, name: str) -> str:
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


# --- .html -------------------------------------------------------------------------------------------

_HTML_DROP = ("script", "style", "nav", "noscript", "header", "footer", "aside", "form", "iframe", "svg",
              "template", "button", "select")
_HTML_BLOCKS = ("p", "div", "li", "tr", "section", "article", "main", "blockquote", "pre", "table",
                "ul", "ol", "dd", "dt", "figcaption", "td", "th")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)




def _html_plain_text(text: str, name: str, *, deadline: float) -> str:
    """The page's text in one streaming pass of libxml2's HTML parser (lxml, a parser target: no tree
    is built; linear where ``html.parser`` and BeautifulSoup were quadratic on unterminated ``<a``,
    ``<!--`` or attribute quotes, and on 40,000 ``<p>``).

    Dropped with their content: :data:`_HTML_DROP`; ``<br>`` is a line end; ``<h1>``…``<h6>`` become
    Markdown headings on their own paragraph; block elements (:data:`_HTML_BLOCKS`) are paragraph
    breaks; only the ``<body>`` text is kept (the parser puts ``<title>`` in the head). Refused (an
    ``InputError``) as soon as the page holds more than :data:`HTML_MAX_ELEMENTS` elements, nests deeper
    than :data:`MAX_NESTING` or takes longer than :data:`DECODE_SECONDS`.
    """
    from lxml import etree

    drop = frozenset(_HTML_DROP)
    blocks = frozenset(_HTML_BLOCKS)

    class Extract:
        def __init__(self) -> None:
            self.depth = 0
            self.count = 0
            self.skip = 0  # depth inside dropped elements
            self.heading: tuple[str, list[str]] | None = None
            self.all: list[str] = []
            self.body: list[str] = []
            self.in_body = 0

        def emit(self, piece: str) -> None:
            if self.heading is not None:
                self.heading[1].append(piece)
                return
            self.all.append(piece)
            if self.in_body:
                self.body.append(piece)

        def start(self, tag: str, attrib: object) -> None:
            self.count += 1
            self.depth += 1
            if self.count > HTML_MAX_ELEMENTS:
                raise _DocxCaps(f"{name}: the page holds over {HTML_MAX_ELEMENTS:,} HTML elements; it is refused.")
            if self.depth - 2 > MAX_NESTING:  # the parser's implied <html><body> do not count
                raise _DocxCaps(f"{name}: the page nests HTML elements more than {MAX_NESTING} deep; it is refused.")
            if self.skip or tag in drop:
                self.skip += 1
            elif tag == "body":
                self.in_body += 1
            elif tag == "br":
                self.emit("\n")
            elif len(tag) == 2 and tag[0] == "h" and tag[1] in "123456" and self.heading is None:
                self.heading = (tag, [])
            elif tag in blocks:
                self.emit("\n\n")

        def end(self, tag: str) -> None:
            self.depth -= 1
            if self.skip:
                self.skip -= 1
            elif tag == "body":
                self.in_body -= 1
            elif self.heading is not None and self.heading[0] == tag:
                level, parts = int(tag[1]), self.heading[1]
                self.heading = None
                title = " ".join("".join(parts).split())
                self.emit(f"\n\n{'#' * level} {title}\n\n" if title else "\n")
            elif tag in blocks:
                self.emit("\n\n")

        def data(self, value: str) -> None:
            if not self.skip:
                self.emit(value)

        def close(self) -> str:
            return "".join(self.body if self.body else self.all)

    target = Extract()
    parser = etree.HTMLParser(target=target, no_network=True, remove_comments=True, remove_pis=True)
    step = 64 * 1024
    try:
        for i in range(0, len(text), step):
            parser.feed(text[i : i + step])
            if time.monotonic() > deadline:
                raise InputError(f"{name}: reading the page took over {DECODE_SECONDS:.0f} s; it is refused.")
        result: str = parser.close()
    except _DocxCaps as exc:
        raise InputError(str(exc)) from None
    except etree.LxmlError:
        raise InputError(f"{name}: the page cannot be read as HTML.") from None
    return result


def _html_text(data: bytes, name: str) -> tuple[str, str]:
    text: str | None = None
    encoding = ""
    declared = _META_CHARSET.search(data[:4096])
    if declared and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        label = declared.group(1).decode("ascii", "replace").lower()
        if label in ("gbk", "gb2312", "gb_2312-80", "x-gbk"):
            label = "gb18030"
        try:
            text = normalize_newlines(data.decode(label))
            encoding = label
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text, encoding = decode_bytes(data, name=name)

    raw = _html_plain_text(text, name, deadline=time.monotonic() + DECODE_SECONDS)
    paragraphs: list[str] = []
    for line in raw.split("\n"):
        clean = " ".join(line.split())
        if clean:
            paragraphs.append(clean)
    return "\n\n".join(paragraphs), encoding


# --- entry point -----------------------------------------------------------------------------------------


def read_text_file(path: Path, *, max_bytes: int) -> DecodedText:
    """Read ``path`` (.txt/.md/.markdown, .docx, .html/.htm) as text.

    Raises :class:`InputError` naming the file when it is missing, a folder, empty, over ``max_bytes``,
    binary, undecodable, or a damaged/oversized .docx.
    """
    path = Path(path)
    name = display_name(path)
    if not path.exists():
        raise InputError(f"{name}: file not found.")
    if path.is_dir():
        raise InputError(f"{name}: is a folder, not a file.")
    if not path.is_file():
        raise InputError(f"{name}: is not a regular file.")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        if suffix == ".doc":
            raise InputError(f"{name}: old Word .doc files are not supported; save it as .docx.")
        raise InputError(
            f"{name}: unsupported file type '{display_name(suffix, 16)}'; use .txt, .md, .docx or .html."
        )
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"{name}: the file is {_human_size(size)}, over the limit of {_human_size(max_bytes)}."
            )
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"{name}: the file cannot be read ({exc.strerror or 'I/O error'}).") from None
    if len(data) > max_bytes:
        raise InputError(f"{name}: the file is over the limit of {_human_size(max_bytes)}.")
    if not data.strip():
        raise InputError(f"{name}: the file is empty.")

    if suffix in DOCX_SUFFIXES:
        text, encoding = _docx_text(data, name), "docx"
    elif suffix in HTML_SUFFIXES:
        text, encoding = _html_text(data, name)
    else:
        text, encoding = decode_bytes(data, name=name)
    if not text.strip():
        raise InputError(f"{name}: the file is empty (it holds no text).")
    log.debug("read %s as %s (%d chars)", name, encoding, len(text))
    return DecodedText(text=text, encoding=encoding, path=path)
