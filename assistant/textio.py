"""Read user and knowledge files as text: .txt/.md, .docx, .html; encoding detection; size caps.

Every failure is an :class:`~assistant.errors.InputError` whose message names the file (the name is
sanitised: control characters removed, long names shortened) and says what is wrong.

Encoding detection, in order: a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32), strict UTF-8, strict
GB18030 (a superset of GBK and GB2312) when the result looks like Chinese text (Big5 when the bytes
are valid Big5 too and read better that way), then ``charset-normalizer``. Line ends are normalised to ``\\n``.
"""

from __future__ import annotations

import codecs
import logging
import re
import time
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import InputError
from assistant.textio_caps import DECODE_SECONDS as DECODE_SECONDS
from assistant.textio_caps import DOCX_MAX_MEMBERS as DOCX_MAX_MEMBERS
from assistant.textio_caps import DOCX_MAX_UNCOMPRESSED as DOCX_MAX_UNCOMPRESSED
from assistant.textio_caps import HTML_MAX_ELEMENTS, MAX_NESTING, CapExceeded, human_size
from assistant.textio_caps import display_name as display_name
from assistant.textio_docx import docx_text

log = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text", ""})
DOCX_SUFFIXES = frozenset({".docx"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | DOCX_SUFFIXES | HTML_SUFFIXES


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
                raise CapExceeded(f"{name}: the page holds over {HTML_MAX_ELEMENTS:,} HTML elements; it is refused.")
            if self.depth - 2 > MAX_NESTING:  # the parser's implied <html><body> do not count
                raise CapExceeded(f"{name}: the page nests HTML elements more than {MAX_NESTING} deep; it is refused.")
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
    except CapExceeded as exc:
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
                f"{name}: the file is {human_size(size)}, over the limit of {human_size(max_bytes)}."
            )
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"{name}: the file cannot be read ({exc.strerror or 'I/O error'}).") from None
    if len(data) > max_bytes:
        raise InputError(f"{name}: the file is over the limit of {human_size(max_bytes)}.")
    if not data.strip():
        raise InputError(f"{name}: the file is empty.")

    if suffix in DOCX_SUFFIXES:
        text, encoding = docx_text(data, name), "docx"
    elif suffix in HTML_SUFFIXES:
        text, encoding = _html_text(data, name)
    else:
        text, encoding = decode_bytes(data, name=name)
    if not text.strip():
        raise InputError(f"{name}: the file is empty (it holds no text).")
    log.debug("read %s as %s (%d chars)", name, encoding, len(text))
    return DecodedText(text=text, encoding=encoding, path=path)
