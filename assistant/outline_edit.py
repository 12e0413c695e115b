"""Editing the outline before drafting: JSON round trip, a plain-text editor form, and chat commands.

* :func:`outline_from_json` reads :meth:`Outline.to_json` (or a hand-edited copy) back for ``notes``,
  validated: every note item exactly once, unknown or misplaced ids an :class:`InputError` saying which.
* :func:`outline_to_text` / :func:`outline_from_text`: the page's editor form, one line per heading
  (``## `` a part, ``### `` a subsection, `` [锁定]``/`` [locked]`` a locked heading) and one line per
  note item (``- n3 全镇地区生产总值…``); the order of the lines is the order of the outline.
* :class:`OutlineEdit`, :func:`apply_edit`: rename, reorder, merge, split, move an item, lock / unlock.
  Headings are numbered in reading order (1 = the first part, 2 = its first subsection, …), as the page
  lists them; note items by their id number (``n5`` = item 5).
* :func:`parse_outline_edit` reads those edits from a chat message: "把第三项并入第一项",
  "把第二项改名为经济发展", "把第5条移到第一项", "把第三项移到第一项前面", "拆分第二项", "锁定第二项",
  "merge heading 3 into heading 1", "rename heading 2 to Economy", "move item 3 to heading 1".
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, cast, get_args

from assistant.errors import InputError
from assistant.genres import get_genre
from assistant.notes import Notes
from assistant.outline import Outline, OutlineOptions, OutlineSection, SectionKind, make_outline
from assistant.textnorm import first_int

__all__ = [
    "OutlineEdit",
    "apply_edit",
    "carry_locked",
    "headings",
    "outline_from_json",
    "outline_from_text",
    "outline_to_text",
    "parse_outline_edit",
    "reconcile",
    "required_items",
    "section_from_json",
]

EditOp = Literal["rename", "reorder", "merge", "split", "move", "lock", "unlock"]
_KINDS: tuple[str, ...] = get_args(SectionKind)
_MAX_TITLE = 200
MAX_EDITOR_CHARS = 200_000
_LOCK_WORDS = ("[锁定]", "[locked]")


def required_items(notes: Notes) -> list[str]:
    """The note items an outline must place, each once: the head items that are not metadata
    (a continuation travels with its head; metadata goes to the title)."""
    return [i.item_id for i in notes.items if i.continues is None and i.role != "metadata"]


def headings(outline: Outline) -> list[OutlineSection]:
    """Every heading in reading order: the numbering the page and the chat commands use (1-based)."""
    return outline.walk()


def _renumber(outline: Outline, notes: Notes) -> Outline:
    by_id = {i.item_id: i for i in notes.items}
    for n, top in enumerate(outline.sections, start=1):
        top.section_id, top.number, top.level = f"s{n}", n, 1
        for m, child in enumerate(top.children, start=1):
            child.section_id, child.number, child.level = f"s{n}.{m}", m, 2
    for leaf in outline.leaves():
        leaf.attached = [c for h in leaf.note_items for c in by_id[h].continuations if c in by_id]
    return outline


def _validate_items(outline: Outline, notes: Notes) -> None:
    by_id = {i.item_id: i for i in notes.items}
    where: dict[str, str] = {}
    for section in outline.walk():
        if section.children and section.note_items:
            raise InputError(f"the heading “{section.title}” has subsections and its own items "
                             f"({', '.join(section.note_items)}): put the items under one of its subsections")
        for item_id in section.note_items:
            item = by_id.get(item_id)
            if item is None:
                known = ", ".join(required_items(notes)[:3])
                raise InputError(f"unknown note item id {item_id!r} under “{section.title}”: the notes' items "
                                 f"are {known}… (see `report-assistant outline NOTES --json`)")
            if item.continues is not None:
                raise InputError(f"{item_id} continues {item.continues} and goes with it: list {item.continues} only")
            if item.role == "metadata":
                raise InputError(f"{item_id} (“{item.text[:30]}”) is the notes' title/metadata line, not a content item")
            if item_id in where:
                raise InputError(f"{item_id} is listed twice (under “{where[item_id]}” and “{section.title}”)")
            where[item_id] = section.title
    missing = [i for i in required_items(notes) if i not in where]
    if missing:
        first = by_id[missing[0]].text[:40]
        raise InputError(f"note item(s) {', '.join(missing)} are under no heading (e.g. {missing[0]}: “{first}”): "
                         "every item must be placed exactly once")


def _title(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{where}: a heading needs a non-empty \"title\"")
    title = " ".join(value.split())
    if len(title) > _MAX_TITLE:
        raise InputError(f"{where}: the heading is longer than {_MAX_TITLE} characters")
    return title


def _kind(value: Any, level: int, parent: OutlineSection | None) -> SectionKind:
    if isinstance(value, str) and value in _KINDS:
        return cast(SectionKind, value)
    if level == 2 and parent is not None and parent.kind == "summary":
        return "topic"
    return "custom"


def _section_from(data: Any, level: int, parent: OutlineSection | None, where: str) -> OutlineSection:
    if not isinstance(data, Mapping):
        raise InputError(f"{where}: each section must be an object with a \"title\"")
    section = OutlineSection("", _title(data.get("title"), where), "custom", level)
    section.kind = _kind(data.get("kind"), level, parent)
    section.locked = bool(data.get("locked", False))
    items = data.get("items", [])
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise InputError(f"{where}: \"items\" must be a list of note item ids such as \"n3\"")
    section.note_items = [i.strip() for i in items]
    children = data.get("children", [])
    if not isinstance(children, list):
        raise InputError(f"{where}: \"children\" must be a list")
    if children and level >= 2:
        raise InputError(f"{where}: an outline has two levels (parts and their subsections)")
    section.children = [_section_from(c, 2, section, f"{where}.{n}") for n, c in enumerate(children, start=1)]
    return section


def section_from_json(data: Any) -> OutlineSection:
    """One top-level section of :meth:`Outline.to_json` read back without checking its note items."""
    return _section_from(data, 1, None, "section")


def outline_from_json(notes: Notes, data: Any) -> Outline:
    """The outline in ``data`` (:meth:`Outline.to_json`'s form) for ``notes``: ``InputError`` unless every
    note item is placed exactly once under a heading with a title."""
    if not isinstance(data, Mapping) or not isinstance(data.get("sections"), list) or not data["sections"]:
        raise InputError("an outline is an object with a non-empty \"sections\" list")
    genre = get_genre(str(data.get("genre") or "") or None).name  # InputError for an unknown report type
    base = make_outline(notes, options=OutlineOptions(genre=genre))
    outline = Outline(title=base.title, language=base.language, sections=[], summary_year=base.summary_year,
                      plan_year=base.plan_year, title_items=list(base.title_items), year_missing=base.year_missing,
                      genre=genre)
    if data.get("title") is not None:
        outline.title = _title(data.get("title"), "title")
    outline.sections = [_section_from(s, 1, None, f"section {n}") for n, s in enumerate(data["sections"], start=1)]
    _validate_items(outline, notes)
    return _renumber(outline, notes)


# --- the editor's text form ------------------------------------------------------------------------

_ITEM_LINE = re.compile(r"^\s*[-*•]\s*(n\d+)\b")
_HEADING_LINE = re.compile(r"^\s*(#{2,3})\s+(.+?)\s*$")
_NUMBER_MARK = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.\s|\(\d+\)\s)")
_KIND_TAG = re.compile(r"\{(" + "|".join(_KINDS) + r")\}[ \t]*$")  # no leading \s*: linear on long blanks


def outline_to_text(outline: Outline, notes: Notes) -> str:
    """The outline as editable lines: ``## 一、2025年工作总结 {summary}``, ``### （一）… [锁定]``,
    ``- n3 全镇地区生产总值…`` (continuations are not listed: they follow their head)."""
    by_id = {i.item_id: i for i in notes.items}
    lock = _LOCK_WORDS[0] if outline.language == "zh" else _LOCK_WORDS[1]
    lines = [f"# {outline.title}"]
    for section in outline.walk():
        mark = "##" if section.level == 1 else "###"
        tail = f" {{{section.kind}}}" + (f" {lock}" if section.locked else "")
        lines.append(f"{mark} {section.heading(outline.language)}{tail}")
        lines.extend(f"- {i} {by_id[i].text}" for i in section.note_items if i in by_id)
    return "\n".join(lines) + "\n"


def outline_from_text(notes: Notes, text: str) -> Outline:
    """Read :func:`outline_to_text`'s form back (numbers in the headings are recomputed; a heading line
    may drop its ``{kind}``; an item line needs only its id)."""
    if len(text) > MAX_EDITOR_CHARS:
        raise InputError(f"the outline text is longer than {MAX_EDITOR_CHARS} characters")
    data: dict[str, Any] = {"sections": []}
    top: dict[str, Any] | None = None
    current: dict[str, Any] | None = None
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("# ") and not data["sections"]:
            data["title"] = line[2:].strip()
            continue
        heading = _HEADING_LINE.match(line)
        if heading:
            title = heading.group(2)
            locked = any(title.endswith(w) for w in _LOCK_WORDS)
            for word in _LOCK_WORDS:
                title = title.removesuffix(word).rstrip()
            kind_match = _KIND_TAG.search(title)
            kind = kind_match.group(1) if kind_match else None
            title = _NUMBER_MARK.sub("", _KIND_TAG.sub("", title).rstrip()).strip()
            current = {"title": title, "kind": kind, "locked": locked, "items": [], "children": []}
            if len(heading.group(1)) == 2:
                top = current
                data["sections"].append(current)
            elif top is None:
                raise InputError(f"line {n}: a subsection (###) before any part (##)")
            else:
                top["children"].append(current)
            continue
        item = _ITEM_LINE.match(line)
        if item:
            if current is None:
                raise InputError(f"line {n}: the item {item.group(1)} comes before any heading")
            current["items"].append(item.group(1))
            continue
        raise InputError(f"line {n} is neither a heading (## / ###) nor an item (- n3 …): “{line[:40]}”")
    return outline_from_json(notes, data)


# --- edits -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutlineEdit:
    """One edit. ``heading`` / ``target`` are 1-based heading numbers (:func:`headings`); ``item`` a note
    item id; ``title`` the new title (rename) or the second part's title (split)."""

    op: EditOp
    heading: int = 0
    target: int = 0
    item: str = ""
    title: str = ""


def _pick(outline: Outline, number: int) -> OutlineSection:
    flat = headings(outline)
    if not 1 <= number <= len(flat):
        raise InputError(f"there is no heading {number}: the outline has {len(flat)} (numbered in reading order)")
    return flat[number - 1]


def _siblings(outline: Outline, section: OutlineSection) -> list[OutlineSection]:
    if section in outline.sections:
        return outline.sections
    for top in outline.sections:
        if section in top.children:
            return top.children
    raise InputError(f"“{section.title}” is not in the outline")  # pragma: no cover - picked from it


def _parent_of(outline: Outline, section: OutlineSection) -> OutlineSection | None:
    return next((top for top in outline.sections if section in top.children), None)


def _items_of(section: OutlineSection) -> list[str]:
    return [i for leaf in section.leaves() for i in leaf.note_items]


def apply_edit(outline: Outline, edit: OutlineEdit, notes: Notes) -> Outline:
    """A new outline with ``edit`` applied (``outline`` is not changed); ``InputError`` when it cannot be."""
    out = copy.deepcopy(outline)
    if edit.op == "move":
        dest = _pick(out, edit.target)
        if dest.children:
            raise InputError(f"“{dest.title}” has subsections: move the item to one of them")
        source = next((s for s in out.leaves() if edit.item in s.note_items), None)
        if source is None:
            raise InputError(f"no heading holds the note item {edit.item!r}")
        source.note_items.remove(edit.item)
        dest.note_items.append(edit.item)
        if not source.note_items:  # a heading left with nothing to write goes
            _siblings(out, source).remove(source)
        return _renumber(out, notes)
    section = _pick(out, edit.heading)
    if edit.op in ("lock", "unlock"):
        section.locked = edit.op == "lock"
        return out
    if section.locked and edit.op in ("rename", "merge", "split"):
        raise InputError(f"the heading “{section.title}” is locked: unlock it first")
    if edit.op == "rename":
        section.title = _title(edit.title, "rename")
    elif edit.op == "reorder":
        siblings = _siblings(out, section)
        target = _pick(out, edit.target)
        if target not in siblings:
            raise InputError(f"“{section.title}” can only move among the headings of its own level and part")
        siblings.remove(section)
        siblings.insert(siblings.index(target) + (1 if edit.title == "after" else 0), section)
    elif edit.op == "merge":
        dest = _pick(out, edit.target)
        if dest is section or dest in section.children or section in dest.children:
            raise InputError("a heading cannot be merged into itself, its part or its own subsection")
        if dest.children:
            raise InputError(f"“{dest.title}” has subsections: merge into one of them")
        dest.note_items.extend(_items_of(section))
        _siblings(out, section).remove(section)
    elif edit.op == "split":
        if section.children:
            raise InputError(f"“{section.title}” has subsections: split one of them")
        if len(section.note_items) < 2:
            raise InputError(f"“{section.title}” has fewer than two items: nothing to split")
        half = (len(section.note_items) + 1) // 2
        if edit.item and edit.item in section.note_items[1:]:
            half = section.note_items.index(edit.item)
        default = f"{section.title}（续）" if outline.language == "zh" else f"{section.title} (continued)"
        second = OutlineSection("", _title(edit.title or default, "split"),
                                "custom" if section.kind in ("summary", "plan", "problems") else section.kind,
                                section.level, section.note_items[half:])
        section.note_items = section.note_items[:half]
        siblings = _siblings(out, section)
        siblings.insert(siblings.index(section) + 1, second)
    if not out.sections:
        raise InputError("the outline would have no heading left")
    _validate_items(out, notes)
    return _renumber(out, notes)


def carry_locked(fresh: Outline, old: Outline) -> Outline:
    """``fresh`` (a rebuilt outline) with the wording of ``old``'s locked headings kept (matched by
    position id), still locked."""
    locked = {s.section_id: s.title for s in old.walk() if s.locked}
    for section in fresh.walk():
        if section.section_id in locked:
            section.title, section.locked = locked[section.section_id], True
    return fresh


def reconcile(notes: Notes, data: Any) -> Outline | None:
    """The stored outline ``data`` for the current ``notes``: items no longer in the notes dropped, new
    ones placed where a fresh outline puts them (the same heading id, else the last heading); None when
    ``data`` cannot be read."""
    try:
        return outline_from_json(notes, data)
    except InputError:
        pass
    if not isinstance(data, Mapping) or not isinstance(data.get("sections"), list):
        return None
    known = set(required_items(notes))
    fresh = make_outline(notes)
    trimmed = copy.deepcopy(dict(data))

    def prune(sections: Sequence[Any]) -> None:
        for s in sections:
            if isinstance(s, dict):
                s["items"] = [i for i in s.get("items", []) if i in known]
                prune(s.get("children", []))

    prune(trimmed["sections"])
    placed = {i for s in _walk_data(trimmed["sections"]) for i in s.get("items", [])}
    by_pos = {id(s): s for s in _walk_data(trimmed["sections"])}
    leaves = [s for s in by_pos.values() if not s.get("children")]
    if not leaves:
        return None
    ids = _data_ids(trimmed["sections"])
    for leaf in fresh.leaves():
        for item in leaf.note_items:
            if item not in placed:
                home = ids.get(leaf.section_id)
                dest = home if home is not None and not home.get("children") else leaves[-1]
                dest["items"].append(item)
                placed.add(item)
    try:
        return outline_from_json(notes, trimmed)
    except InputError:
        return None


def _walk_data(sections: Sequence[Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for s in sections:
        if isinstance(s, dict):
            out.append(s)
            out.extend(_walk_data(s.get("children", [])))
    return out


def _data_ids(sections: Sequence[Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for n, s in enumerate(sections, start=1):
        if isinstance(s, dict):
            out[f"s{n}"] = s
            for m, c in enumerate(s.get("children", []), start=1):
                if isinstance(c, dict):
                    out[f"s{n}.{m}"] = c
    return out


# --- chat commands -------------------------------------------------------------------------------------

_NUM = r"[0-9０-９]+|[一二三四五六七八九十两]+"
_H = rf"第\s*(?:{_NUM})\s*(?:项|个标题|个小标题)|标题\s*(?:{_NUM})"
_I = rf"第\s*(?:{_NUM})\s*条|条目\s*(?:{_NUM})|\bn\d+\b"
_ZH_PATTERNS: tuple[tuple[EditOp, re.Pattern[str]], ...] = (
    ("rename", re.compile(rf"^(?:把|将)?\s*(?P<h>{_H})(?:的?标题)?\s*(?:改名为|改名成|重命名为|改为|改成|更名为)\s*[“\"'「]?(?P<title>.+?)[”\"'」]?$")),
    ("merge", re.compile(rf"^(?:把|将)?\s*(?P<h>{_H})\s*(?:并入|合并到|合并进|并到|归入)\s*(?P<t>{_H})$")),
    ("move", re.compile(rf"^(?:把|将)?\s*(?P<i>{_I})\s*(?:移到|移至|挪到|放到|放入|调到)\s*(?P<t>{_H})(?:下|中|里)?$")),
    ("reorder", re.compile(rf"^(?:把|将)?\s*(?P<h>{_H})\s*(?:移到|移至|挪到|放到|调到)\s*(?P<t>{_H})\s*(?P<where>前面|之前|前|后面|之后|后)$")),
    ("split", re.compile(rf"^(?:把|将)?\s*+(?:拆分|拆开)?\s*+(?P<h>{_H})\s*+(?:拆分|拆成两项|拆分为两项|拆分成两项|一分为二)?(?:[，,:：]\s*+(?:新标题|第二项)?(?:为|叫)?\s*+(?P<title>.+))?$")),
    ("lock", re.compile(rf"^(?:请)?锁定\s*(?P<h>{_H})(?:的?标题)?$")),
    ("unlock", re.compile(rf"^(?:请)?(?:解锁|取消锁定)\s*(?P<h>{_H})(?:的?标题)?$")),
)
_EH = r"(?:heading|section)\s+(\d+)"
_EN_PATTERNS: tuple[tuple[EditOp, re.Pattern[str]], ...] = (
    ("rename", re.compile(rf"^rename\s+{_EH}\s+(?:to|as)\s+[\"']?(?P<title>.+?)[\"']?$", re.I)),
    ("merge", re.compile(rf"^merge\s+{_EH}\s+(?:into|with)\s+(?:heading|section)\s+(?P<t>\d+)$", re.I)),
    ("move", re.compile(r"^move\s+item\s+(?:n)?(?P<i>\d+)\s+(?:to|under|into)\s+(?:heading|section)\s+(?P<t>\d+)$", re.I)),
    ("reorder", re.compile(rf"^move\s+{_EH}\s+(?P<where>before|after)\s+(?:heading|section)\s+(?P<t>\d+)$", re.I)),
    ("split", re.compile(rf"^split\s+{_EH}(?:\s*(?:[:,]|into)\s*(?P<title>.+))?$", re.I)),
    ("lock", re.compile(rf"^lock\s+{_EH}$", re.I)),
    ("unlock", re.compile(rf"^unlock\s+{_EH}$", re.I)),
)


def _number(text: str) -> int:
    return first_int(text) or 0


def parse_outline_edit(message: str) -> OutlineEdit | None:
    """The outline edit a one-line chat message asks for, or None."""
    text = message.strip().rstrip("。.!！")
    if not text or "\n" in text or len(text) > 160:
        return None
    for op, pattern in _ZH_PATTERNS:
        m = pattern.match(text)
        if m is None:
            continue
        groups = m.groupdict()
        if op == "split" and not re.search(r"拆|一分为二", text):
            continue
        heading = _number(groups["h"]) if groups.get("h") else 0
        target = _number(groups["t"]) if groups.get("t") else 0
        item = f"n{_number(groups['i'])}" if groups.get("i") else ""
        where = "after" if (groups.get("where") or "").startswith("后") or "之后" in (groups.get("where") or "") else ""
        title = (groups.get("title") or "").strip() if op in ("rename", "split") else where
        return OutlineEdit(op, heading=heading, target=target, item=item, title=title)
    for op, pattern in _EN_PATTERNS:
        m = pattern.match(text)
        if m is None:
            continue
        groups = m.groupdict()
        heading = int(m.group(1)) if op != "move" else 0
        target = int(groups["t"]) if groups.get("t") else 0
        item = f"n{groups['i']}" if groups.get("i") else ""
        title = (groups.get("title") or "").strip() if op in ("rename", "split") else \
            ("after" if (groups.get("where") or "").lower() == "after" else "")
        return OutlineEdit(op, heading=heading, target=target, item=item, title=title)
    return None
