"""The .docx archive behind :func:`assistant.word_in.read_docx`: the size caps (:data:`MAX_PARAGRAPHS`,
:data:`MAX_RATIO`, :data:`DEFAULT_MAX_BYTES`), reading the file within ``max_bytes``, opening the zip
within the member, size and expansion bounds, parsing one XML part safely, and the paragraph styles
(title / heading level by name, outline level or ``basedOn`` chain). Every refusal is an
:class:`~assistant.errors.InputError` naming the file. :mod:`assistant.word_in` re-exports the caps
and :func:`load_docx_bytes`.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.errors import InputError
from assistant.textio import DOCX_MAX_MEMBERS, DOCX_MAX_UNCOMPRESSED, display_name

#: Most paragraphs (body, table cells and comments together) a re-imported document may hold.
MAX_PARAGRAPHS = 20_000
#: Largest expansion ratio of one archive member over 1 MiB (a .docx's XML deflates ~5-20 times).
MAX_RATIO = 200
#: Default size cap when none is given (the default of ``Settings.max_file_bytes``).
DEFAULT_MAX_BYTES = 5_000_000

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def local_name(tag: Any) -> str:
    """An element's tag without its namespace."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def w_attr(el: Any, name: str) -> str:
    """The ``w:`` attribute ``name`` of an element, '' when absent."""
    return str(el.get(f"{{{W_NS}}}{name}", "") or "")


# --------------------------------------------------------------------------------------------- bounds


def load_docx_bytes(source: Path | str | bytes, *, max_bytes: int = DEFAULT_MAX_BYTES,
                    name: str | None = None) -> tuple[bytes, str]:
    """The bytes of a .docx given as a path or as bytes, within ``max_bytes``; (data, display name)."""
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
        label = display_name(name or "document.docx")
    else:
        path = Path(source)
        label = display_name(name or path)
        if not path.is_file():
            raise InputError(f"{label}: file not found.")
        if path.stat().st_size > max_bytes:
            raise InputError(f"{label}: the file is {path.stat().st_size:,} bytes, over the limit of {max_bytes:,}.")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"{label}: the file cannot be read ({exc.strerror or 'I/O error'}).") from None
    if len(data) > max_bytes:
        raise InputError(f"{label}: the file is {len(data):,} bytes, over the limit of {max_bytes:,}.")
    if not data.strip():
        raise InputError(f"{label}: the file is empty.")
    return data, label


def open_archive(data: bytes, name: str) -> zipfile.ZipFile:
    """The zip of a Word document, refused when damaged, too many parts, too large unpacked or a zip bomb."""
    if not data.startswith(b"PK"):
        raise InputError(f"{name}: not a Word .docx file (it is not a zip archive).")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InputError(f"{name}: not a valid .docx file (the zip archive is damaged).") from None
    members = archive.infolist()
    if len(members) > DOCX_MAX_MEMBERS:
        raise InputError(f"{name}: the .docx archive holds too many parts ({len(members)}).")
    total = sum(m.file_size for m in members)
    if total > DOCX_MAX_UNCOMPRESSED:
        raise InputError(f"{name}: the .docx unpacks to {total:,} bytes, over the limit of "
                         f"{DOCX_MAX_UNCOMPRESSED:,}; it is refused.")
    for m in members:
        if m.file_size > 1 << 20 and m.file_size > MAX_RATIO * max(1, m.compress_size):
            raise InputError(f"{name}: a part of the .docx expands {m.file_size // max(1, m.compress_size)} "
                             f"times (over {MAX_RATIO}); it looks like a zip bomb and is refused.")
    if "word/document.xml" not in {m.filename for m in members}:
        raise InputError(f"{name}: the zip archive is not a Word document (no word/document.xml).")
    return archive


def parse_xml(archive: zipfile.ZipFile, member: str, name: str, *, max_paragraphs: int = MAX_PARAGRAPHS) -> Any:
    """One XML part of the archive (None when absent), parsed without entities, DTDs or network;
    refused when it holds more than ``max_paragraphs`` paragraphs."""
    from lxml import etree

    try:
        blob = archive.read(member)
    except KeyError:
        return None
    except (zipfile.BadZipFile, OSError, RuntimeError, EOFError):
        raise InputError(f"{name}: the .docx part {member} is damaged.") from None
    if blob.count(b"<w:p>") + blob.count(b"<w:p ") > max_paragraphs:  # before building a huge tree
        raise InputError(f"{name}: the document has more than {max_paragraphs:,} paragraphs; it is refused.")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True,
                             remove_pis=True, load_dtd=False)
    try:
        return etree.fromstring(blob, parser)
    except etree.XMLSyntaxError:
        raise InputError(f"{name}: the .docx part {member} is not valid XML.") from None


# --------------------------------------------------------------------------------------------- styles


@dataclass(frozen=True)
class Style:
    """One paragraph style of ``word/styles.xml``."""

    name: str
    based_on: str | None
    outline: int | None  # 0-based outline level (9 = body text)


def read_styles(root: Any) -> tuple[dict[str, Style], str | None]:
    """The paragraph styles by id, and the default one's id."""
    styles: dict[str, Style] = {}
    default: str | None = None
    if root is None:
        return styles, default
    for st in root.iter(f"{{{W_NS}}}style"):
        if w_attr(st, "type") != "paragraph":
            continue
        sid = w_attr(st, "styleId")
        name_el = st.find(f"{{{W_NS}}}name")
        based = st.find(f"{{{W_NS}}}basedOn")
        lvl = st.find(f"{{{W_NS}}}pPr/{{{W_NS}}}outlineLvl")
        outline = int(w_attr(lvl, "val")) if lvl is not None and w_attr(lvl, "val").isdigit() else None
        styles[sid] = Style(w_attr(name_el, "val") if name_el is not None else sid,
                             w_attr(based, "val") if based is not None else None, outline)
        if w_attr(st, "default") in ("1", "true"):
            default = sid
    return styles, default


_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*(\d)$")


def style_level(style_id: str | None, styles: dict[str, Style], default: str | None) -> int | None:
    """0 for the title, N for a heading of level N, None for body text (following ``basedOn``)."""
    sid = style_id or default
    seen: set[str] = set()
    while sid and sid not in seen and sid in styles:
        seen.add(sid)
        st = styles[sid]
        lowered = st.name.strip().lower()
        if lowered in ("title", "标题"):
            return 0
        m = _HEADING_NAME.match(lowered)
        if m:
            return max(1, int(m.group(1)))
        if st.outline is not None:
            return st.outline + 1 if st.outline < 9 else None
        sid = st.based_on
    return None
