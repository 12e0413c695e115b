"""Export a draft as Markdown or Word (.docx): :func:`to_markdown`, :func:`to_docx`, :func:`export_file`
(a safe name from the title: :func:`safe_filename`, :func:`suggest_filename`).

The Word document itself (GB/T 9704 layout for Chinese, an English report layout, 待核实 markers
highlighted) is built by :mod:`assistant.export_docx`; a user's Word template replaces the built-in
layout (:mod:`assistant.export_layout`). A .docx of a draft with flagged figures is written only when
the caller confirms (:class:`FlaggedFiguresError`).
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import unicodedata
from pathlib import Path
from typing import Literal

from assistant.errors import InputError
from assistant.export_docx import EN_LAYOUT as EN_LAYOUT
from assistant.export_docx import MARKER_RE as MARKER_RE
from assistant.export_docx import ZH_LAYOUT as ZH_LAYOUT
from assistant.export_docx import as_tree as as_tree
from assistant.export_docx import build_docx as build_docx
from assistant.export_docx import layout_for as layout_for
from assistant.export_docx import preamble_without_title
from assistant.export_docx import unverified_spans as unverified_spans
from assistant.export_layout import (
    FlaggedFiguresError as FlaggedFiguresError,  # re-exported: callers catch it from here
)
from assistant.export_layout import flagged_figures
from assistant.lang import detect_language
from assistant.sanitize import clean_text
from assistant.sections import DraftTree, render

log = logging.getLogger(__name__)

Language = Literal["zh", "en"]


# --------------------------------------------------------------------------------------------- markdown


def to_markdown(draft: DraftTree | str) -> str:
    """Markdown text of a draft.

    A draft that already uses markdown headings comes back unchanged (byte for byte). A plain-text
    draft (``一、…`` / ``（一）…`` lines) gets ``#`` headings: the title as ``#``, top-level
    sections as ``##``, and so on; bodies are kept as they are.
    """
    tree = as_tree(draft)
    text = render(tree)
    if tree.headingless or any(s.kind.startswith("md") for s in tree.walk()):
        return text if text.endswith("\n") or not text else text + "\n"
    out: list[str] = []
    if tree.title:
        out.append(f"# {tree.title}\n")
        rest = preamble_without_title(tree)
        if rest.strip():
            out.append("\n" + rest.strip("\n") + "\n")
    elif tree.preamble.strip():
        out.append(tree.preamble.strip("\n") + "\n")
    for s in tree.walk():
        out.append(f"\n{'#' * min(6, s.level + 1)} {s.label}\n")
        body = s.body.strip("\n")
        if body.strip():
            out.append("\n" + body + "\n")
    return "".join(out).lstrip("\n")



# --------------------------------------------------------------------------------------------- file names


_BAD_CHARS = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def safe_filename(name: str, *, ext: str, default: str = "report", max_chars: int = 80) -> str:
    """A file name safe on Windows, macOS and Linux; Chinese characters are kept.

    ``safe_filename("2025年/工作:总结?", ext="docx") == "2025年_工作_总结.docx"``.
    """
    s = unicodedata.normalize("NFC", name)
    s = clean_text(_BAD_CHARS.sub("_", s))  # then no bidi override can reorder the name
    s = re.sub(r"\s+", " ", s).strip(" ._")
    s = re.sub(r"_+", "_", s)
    if not s or s.upper().split(".")[0] in _RESERVED:
        s = default
    s = s[:max_chars].rstrip(" ._") or default
    ext = ext.lstrip(".")
    return f"{s}.{ext}" if ext else s


def suggest_filename(draft: DraftTree | str, *, ext: str) -> str:
    """File name from the draft's title (``某镇2025年工作总结.docx``)."""
    tree = as_tree(draft)
    default = "工作总结" if detect_language(render(tree), default="en") == "zh" else "report"
    return safe_filename(tree.title or default, ext=ext, default=default)



def to_docx(draft: DraftTree | str, path: Path | str, *, language: Language | None = None,
            template: Path | str | bytes | None = None, author: str = "", company: str = "",
            warnings: list[str] | None = None) -> Path:
    """Write the draft as .docx to ``path`` (atomically: a temp file renamed into place).

    ``language`` picks the layout (``zh``: official-document layout, ``en``: English report
    layout); by default it is detected from the text. ``template``: a user's Word template whose
    styles replace the built-in layout. Warnings (fonts missing on this machine, with the
    fallback Word uses) are appended to ``warnings`` when a list is given.
    """
    doc = build_docx(draft, language=language, template=template, author=author, company=company,
                     warnings=warnings)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".export-", suffix=".docx", dir=out.parent)
    os.close(fd)
    try:
        doc.save(tmp)
        os.replace(tmp, out)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(f"cannot write {out}: {exc.strerror or exc}") from exc
    log.info("exported %s (%s layout)", out, language or "auto")
    return out


def export_file(draft: DraftTree | str, directory: Path | str, *, fmt: Literal["docx", "md"],
                language: Language | None = None, template: Path | str | bytes | None = None,
                notes_text: str | None = None, confirm: bool = False,
                warnings: list[str] | None = None) -> Path:
    """Write the draft into ``directory`` under a safe name from its title; for download buttons.

    A .docx (the deliverable) of a draft with flagged figures (【待核实】 markers left in the text,
    or figures the checker blocks against ``notes_text``) is written only with ``confirm=True``;
    otherwise :class:`FlaggedFiguresError` lists them (the page asks the user, then calls again).
    Markdown, the working copy, is always written.
    """
    tree = as_tree(draft)
    if fmt == "docx" and not confirm:
        flagged = flagged_figures(render(tree), notes_text)
        if flagged:
            raise FlaggedFiguresError(flagged)
    target = Path(directory) / suggest_filename(tree, ext=fmt)
    if fmt == "docx":
        return to_docx(tree, target, language=language, template=template, warnings=warnings)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(to_markdown(tree), encoding="utf-8")
    return target
