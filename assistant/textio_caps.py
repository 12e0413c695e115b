"""The limits on what the readers accept (size, members, elements, nesting, time) and how a passed limit
is said: shared by :mod:`assistant.textio`, :mod:`assistant.textio_docx`, the Word round trip and the
example library; :func:`display_name` is how a message names a file."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from assistant.errors import InputError

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


class CapExceeded(InputError):
    """A cap passed while streaming a .docx part or an HTML page (raised from the parser's callbacks)."""


def human_size(n: int) -> str:
    """``512 bytes``, ``1.5 KB``, ``2.0 MB``, ``1.2 GB``."""
    size = float(n)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{int(size)} bytes" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} bytes"  # pragma: no cover


def display_name(path: Path | str, limit: int = 80) -> str:
    """The file's name made safe for a message: no control characters, at most ``limit`` chars."""
    raw = str(path)
    clean = "".join(ch if unicodedata.category(ch)[0] != "C" else "?" for ch in raw)
    if len(clean) > limit:
        clean = "…" + clean[-(limit - 1) :]
    return clean

