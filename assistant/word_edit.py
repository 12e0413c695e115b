"""An edited Word copy of a draft as a new version: sections, diff, comments, every figure re-checked.

``reimport_docx(docx, notes_text=…, previous_text=…)`` reads the .docx (:mod:`assistant.word_in`:
accepted tracked changes, comments), parses it into sections, diffs it section by section against
the version it was exported from, re-checks every figure against the notes
(:func:`assistant.check.check_draft`) and lists the figures the edit changed or added with their
status. :func:`store_word_edit` stores the result as a new version whose cause is ``word_edit``;
:func:`import_into_session` does both for a session of a :class:`~assistant.store.SessionStore`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from assistant.check import CheckResult, FigureCheck, check_draft, find_markers
from assistant.errors import InputError
from assistant.sections import DraftTree, parse_draft
from assistant.word_in import DEFAULT_MAX_BYTES, TrackedChange, WordComment, read_docx

if TYPE_CHECKING:
    from assistant.store import SessionStore, Version

__all__ = [
    "ChangedFigure",
    "SectionChange",
    "WordEdit",
    "WordMarker",
    "import_into_session",
    "reimport_docx",
    "section_changes",
    "store_word_edit",
]

ChangeStatus = Literal["same", "changed", "renamed", "added", "removed"]
PREAMBLE = "preamble"


@dataclass(frozen=True)
class SectionChange:
    """How one section differs from the previous version (own body only; subsections are their own entries)."""

    section_id: str  # id in the new version (in the previous one for ``removed``)
    title: str
    status: ChangeStatus
    old_title: str = ""
    modified: tuple[tuple[str, str], ...] = ()  # (old paragraph, new paragraph)
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    unified: str = ""


@dataclass(frozen=True)
class ChangedFigure:
    """A figure on a line the edit changed or added, with the checker's verdict."""

    check: FigureCheck
    section_id: str
    kind: Literal["changed", "added"]
    old_line: str  # the paragraph it replaced ("" for an added paragraph)


@dataclass(frozen=True)
class WordMarker:
    """A 【待核实：…】 / [to verify: …] marker still in the text."""

    figure: str
    line: int
    section_id: str


@dataclass
class WordEdit:
    """The re-imported draft."""

    text: str
    tree: DraftTree
    comments: list[WordComment]
    comment_sections: dict[str, str]  # comment id -> section id ("preamble" before the first heading)
    tracked: list[TrackedChange]
    changes: list[SectionChange]
    unified: str
    check: CheckResult
    changed_figures: list[ChangedFigure]
    markers: list[WordMarker] = field(default_factory=list)

    @property
    def changed_sections(self) -> list[SectionChange]:
        return [c for c in self.changes if c.status != "same"]

    @property
    def flagged(self) -> list[FigureCheck]:
        return [fc for fc in self.check.figures if fc.blocking]

    def section_label(self, section_id: str) -> str:
        if section_id == PREAMBLE:
            return self.tree.title or PREAMBLE
        try:
            return self.tree.get(section_id).label
        except InputError:
            return section_id

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.check.ok,
            "sections": [{"id": s.id, "level": s.level, "title": s.label} for s in self.tree.walk()],
            "changes": [
                {"id": c.section_id, "title": c.title, "status": c.status, "old_title": c.old_title,
                 "modified": [list(m) for m in c.modified], "added": list(c.added), "removed": list(c.removed)}
                for c in self.changed_sections
            ],
            "comments": [
                {"id": c.comment_id, "author": c.author, "date": c.date, "text": c.text, "anchor": c.anchor,
                 "line": c.line, "section": self.comment_sections.get(c.comment_id)}
                for c in self.comments
            ],
            "tracked": [{"kind": t.kind, "author": t.author, "text": t.text} for t in self.tracked],
            "changed_figures": [
                {"text": cf.check.figure.text, "line": cf.check.figure.line, "status": cf.check.status,
                 "blocking": cf.check.blocking, "reason": cf.check.reason, "section": cf.section_id,
                 "kind": cf.kind}
                for cf in self.changed_figures
            ],
            "markers": [{"figure": m.figure, "line": m.line, "section": m.section_id} for m in self.markers],
            "check": self.check.to_json(),
            "text": self.text,
        }


# --------------------------------------------------------------------------------------------- diff

_BULLET = re.compile(r"^(?:[-*+]\s+|#{1,6}\s+)")


def _norm(line: str) -> str:
    """A paragraph as compared: no markdown bullets/heading marks/bold marks, no whitespace."""
    s = _BULLET.sub("", line.strip().strip("\u3000").strip())
    return re.sub(r"\s+", "", s.replace("**", ""))


def _paragraphs(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if _norm(ln) and not re.fullmatch(r"\|[\s:|-]*\|?", ln.strip())]


def _units(tree: DraftTree) -> list[tuple[str, str, list[str]]]:
    """(section id, label, own paragraphs) in order; the text before the first heading is ``preamble``."""
    units: list[tuple[str, str, list[str]]] = []
    if not tree.headingless:
        units.append((PREAMBLE, tree.title or "", _paragraphs(tree.preamble)))
    for s in tree.walk():
        if s.kind == "body":
            units.append((s.id, tree.title or "", _paragraphs(tree.preamble + s.body)))
        else:
            units.append((s.id, s.label, _paragraphs(s.body)))
    return units


def _para_diff(old: list[str], new: list[str]) -> tuple[list[tuple[str, str]], list[str], list[str]]:
    modified: list[tuple[str, str]] = []
    added: list[str] = []
    removed: list[str] = []
    sm = difflib.SequenceMatcher(None, [_norm(x) for x in old], [_norm(x) for x in new], autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        a, b = old[i1:i2], new[j1:j2]
        pairs = min(len(a), len(b)) if tag == "replace" else 0
        modified.extend(zip(a[:pairs], b[:pairs], strict=True))
        removed.extend(a[pairs:])
        added.extend(b[pairs:])
    return modified, added, removed


def section_changes(previous: DraftTree, current: DraftTree) -> list[SectionChange]:
    """Per-section differences, sections matched by their heading labels (renamed ones by position)."""
    old_units, new_units = _units(previous), _units(current)
    out: list[SectionChange] = []

    def pair(o: tuple[str, str, list[str]], n: tuple[str, str, list[str]]) -> None:
        modified, added, removed = _para_diff(o[2], n[2])
        renamed = _norm(o[1]) != _norm(n[1])
        status: ChangeStatus = "changed" if (modified or added or removed) else "renamed" if renamed else "same"
        unified = "" if status == "same" else "\n".join(difflib.unified_diff(
            o[2], n[2], fromfile=o[1] or o[0], tofile=n[1] or n[0], lineterm=""))
        out.append(SectionChange(n[0], n[1], status, o[1] if renamed else "", tuple(modified), tuple(added),
                                 tuple(removed), unified))

    sm = difflib.SequenceMatcher(None, [_norm(u[1]) for u in old_units], [_norm(u[1]) for u in new_units],
                                 autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        olds, news = old_units[i1:i2], new_units[j1:j2]
        k = len(olds) if tag == "equal" else min(len(olds), len(news)) if tag == "replace" else 0
        for o, n in zip(olds[:k], news[:k], strict=True):
            pair(o, n)
        for o in olds[k:]:
            out.append(SectionChange(o[0], o[1], "removed", removed=tuple(o[2])))
        for n in news[k:]:
            out.append(SectionChange(n[0], n[1], "added", added=tuple(n[2])))
    return out


def _section_at(tree: DraftTree, offset: int) -> str:
    """Id of the deepest section whose heading or own body holds ``offset``."""
    best = PREAMBLE
    for s in tree.walk():
        if s.start <= offset < max(s.end, s.start + 1):
            best = s.id
    if tree.headingless and tree.sections:
        return tree.sections[0].id
    return best


def _line_offsets(text: str) -> list[int]:
    offsets = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            offsets.append(i + 1)
    return offsets


def _changed_lines(previous: str, current: str) -> dict[int, str]:
    """``{1-based line of current: the old paragraph it replaced, or "" when added}``."""
    old = previous.splitlines()
    new = current.splitlines()
    out: dict[int, str] = {}
    sm = difflib.SequenceMatcher(None, [_norm(x) for x in old], [_norm(x) for x in new], autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag in ("equal", "delete"):
            continue
        olds = [x for x in old[i1:i2] if _norm(x)]
        news = [j for j in range(j1, j2) if _norm(new[j])]
        for k, j in enumerate(news):
            out[j + 1] = olds[k] if tag == "replace" and k < len(olds) else ""
    return out


# --------------------------------------------------------------------------------------------- re-import


def reimport_docx(
    docx: Path | str | bytes,
    *,
    notes_text: str,
    previous_text: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    name: str | None = None,
    language: Literal["zh", "en"] | None = None,
) -> WordEdit:
    """Read an edited .docx of a draft back as a :class:`WordEdit`.

    Every figure of the new text is checked against ``notes_text``; with ``previous_text`` (the
    version the .docx came from) the sections are diffed against it and the figures on changed or
    added paragraphs are listed in :attr:`WordEdit.changed_figures` (without it every figure counts
    as added). Raises :class:`InputError` for a file that is not a readable, bounded .docx.
    """
    read = read_docx(docx, max_bytes=max_bytes, name=name, previous_text=previous_text)
    text = read.text
    tree = parse_draft(text)
    prev = previous_text or ""
    changes = section_changes(parse_draft(prev), tree) if prev.strip() else []
    unified = "\n".join(difflib.unified_diff(prev.splitlines(), text.splitlines(), fromfile="previous",
                                             tofile="word", lineterm="")) if prev.strip() else ""
    result = check_draft(notes_text, text, language=language)
    offsets = _line_offsets(text)

    def section_of_line(line: int) -> str:
        return _section_at(tree, offsets[min(max(line, 1), len(offsets)) - 1])

    changed_lines = _changed_lines(prev, text) if prev.strip() else {i: "" for i in range(1, len(offsets) + 1)}
    changed: list[ChangedFigure] = []
    for fc in result.figures:
        f = fc.figure
        if f.line not in changed_lines:
            continue
        old_line = changed_lines[f.line]
        if old_line and _norm(f.text) in _norm(old_line):
            continue  # the paragraph changed around this figure, not the figure
        changed.append(ChangedFigure(fc, section_of_line(f.line), "changed" if old_line else "added", old_line))
    markers = [
        WordMarker(fig, text.count("\n", 0, start) + 1, _section_at(tree, start))
        for start, _end, fig in find_markers(text)
    ]
    comment_sections = {c.comment_id: section_of_line(c.line) for c in read.comments if c.line is not None}
    return WordEdit(text=text, tree=tree, comments=read.comments, comment_sections=comment_sections,
                    tracked=read.tracked, changes=changes, unified=unified, check=result,
                    changed_figures=changed, markers=markers)


# --------------------------------------------------------------------------------------------- store


def store_word_edit(store: SessionStore, session_id: str, edit: WordEdit, *, source_name: str = "") -> Version:
    """Store the re-imported draft as the session's new head version, cause ``word_edit``, with its check."""
    instruction = source_name or None
    if edit.comments:
        n = len(edit.comments)
        instruction = f"{source_name} · {n} comment{'s' if n != 1 else ''}".strip(" ·")
    return store.add_version(session_id, edit.text, cause="word_edit", tree=edit.tree.to_json(),
                             instruction=instruction, check=edit.check.to_json())


def import_into_session(store: SessionStore, session_id: str, docx: Path | str | bytes, *,
                        max_bytes: int = DEFAULT_MAX_BYTES, name: str | None = None) -> tuple[WordEdit, Version]:
    """Re-import an edited .docx into a session: diffed against the head, checked against the current
    notes, stored as a new ``word_edit`` version. Raises :class:`InputError` when the session has no notes."""
    notes = store.get_notes(session_id)
    if notes is None or not notes.text.strip():
        raise InputError("this session has no notes to check the edited document against")
    head = store.head(session_id)
    label = name or (Path(docx).name if isinstance(docx, str | Path) else "")
    edit = reimport_docx(docx, notes_text=notes.text, previous_text=head.text if head else None,
                         max_bytes=max_bytes, name=name)
    return edit, store_word_edit(store, session_id, edit, source_name=label)
