"""Period rows in the offline writer: the cells of one note row (``total budget authority: FY2025
$923,596; FY2026 $903,260``, ``一般公共预算收入：2014年 12,345，2015年 13,210``, ``增速：一季度 5.2%、二季度
6.1%``), which the notes split into one item per cell (:func:`assistant.note_rows.split_row`), are
written back as one sentence per row and section:

* review: ``Total budget authority was $923,596 thousand in fiscal year 2025 and $903,260 thousand in
  fiscal year 2026.`` / ``一般公共预算收入2014年为12,345万元，2015年为13,210万元。`` (quarters and other parts
  of a year are joined with ``；``, so each value keeps its own period for the reader and the checker);
* plan: ``The fiscal year 2027 request for total budget authority is $910,347 thousand.`` /
  ``一般公共预算支出2016年预算为21,500万元。``

Every value, period and role word is the note's own (a declared unit already spelled out by the notes:
``$923,596 thousand``, ``12,345万元``); the patterns add only the verb (was / is / 为). A row cell that
repeats another note of the same section (``FTE: FY2027 request 3,210`` beside ``support 3,210
full-time equivalents``) is left out: the other note says it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.documents import Language
from assistant.notes import NoteItem

_PERIOD = (r"(?:fiscal\s++year\s++(?:19|20)\d\d|FY\s*+(?:19|20)?\d\d|(?:19|20)\d\d\s*+年度?|(?:19|20)\d\d|"
           r"第?[一二三四1-4]\s*+季度|Q[1-4]|[上下]半年|1\s*+[—\-–~至]\s*+\d{1,2}\s*+月)")
_ROLE = (r"(?:requested|request|enacted|actual|estimated|estimate|budgeted|budget|proposed|projected|planned|"
         r"target|forecast|实际|预计|预算|目标|计划|完成|预期|执行|决算|预算数|执行数|决算数)")
# label: period [role] value — the value a figure and at most a short unit (thousand, 万元, %, FTEs)
_CELL = re.compile(r"^(?:(?P<label>[^:：\d]{1,40}?)\s*+[:：]\s*+)?(?P<period>" + _PERIOD + r")\s*+(?P<role>" + _ROLE
                   + r")?\s*+[:：]?\s*+(?P<value>(?:[$€£¥]\s*+)?\d[\d,.]*+(?:\s?[A-Za-z%‰％]{1,12}(?:\s[A-Za-z]{1,12})?|[\u4e00-\u9fff%‰％]{1,4})?)$",
                   re.I)
_ZH_VERB_ROLES = ("执行", "完成", "决算")  # 2025年执行3,200万元: the role word is the verb
_PART = re.compile(r"季度|半年|月|^Q[1-4]$", re.I)
_NUM = re.compile(r"\d[\d,]*(?:\.\d+)?")


@dataclass(frozen=True)
class RowCell:
    """One period cell of a note row, read from its item's prompt text (label, period and role as
    the notes write them; the value with its unit)."""

    item: NoteItem
    label: str
    period: str
    role: str
    value: str


def row_cell(item: NoteItem) -> RowCell | None:
    """The cell an item holds when it is one period's value of a labelled row, else None."""
    text = item.prompt_text.strip().rstrip("。.;；，,")
    if len(text) > 120 or item.continuations:
        return None
    m = _CELL.match(text)
    if m is None:
        return None
    label = (m.group("label") or "").strip()
    if label and not re.search(r"[A-Za-z\u4e00-\u9fff]", label):
        return None
    if not label and not m.group("role"):
        return None  # "2025 $4.6 million" alone: no row to speak of
    return RowCell(item, label, m.group("period").strip(), (m.group("role") or "").strip(), m.group("value").strip())


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[^A-Za-z]+", text.lower()) if w]


def repeats(cell: RowCell, other: NoteItem) -> bool:
    """True when ``other`` (a note that is no row cell) states the cell's value for the same thing:
    every number of the value is in it, and it names the row's label (or spells out its acronym:
    FTE → full-time equivalents)."""
    nums = {n.replace(",", "") for n in _NUM.findall(cell.value)}
    theirs = {n.replace(",", "") for n in _NUM.findall(other.prompt_text)}
    if not nums or not nums <= theirs:
        return False
    label = re.sub(r"[（(][^）)]*[）)]", "", cell.label).strip()
    if re.search(r"[\u4e00-\u9fff]", label):
        return label in other.prompt_text
    mine, words = _words(label), _words(other.prompt_text)
    if mine and all(w in words or w.rstrip("s") in words or w + "s" in words for w in mine if len(w) > 2):
        return True
    if re.fullmatch(r"[A-Z]{2,6}s?", label):
        acronym = label.rstrip("s").lower()
        return acronym in "".join(w[0] for w in words)
    return False


def take_rows(items: Sequence[NoteItem]) -> tuple[list[list[RowCell] | NoteItem], bool]:
    """``items`` in note order with the cells of one row (same note line and label) gathered at the
    first cell's place; a cell another item of ``items`` repeats is dropped. The flag: any row found."""
    cells = {i.item_id: c for i in items if (c := row_cell(i)) is not None}
    others = [i for i in items if i.item_id not in cells]
    out: list[list[RowCell] | NoteItem] = []
    groups: dict[tuple[int, str], list[RowCell]] = {}
    for item in items:
        cell = cells.get(item.item_id)
        if cell is None:
            out.append(item)
            continue
        if any(repeats(cell, o) for o in others):
            continue
        key = (item.line, cell.label.lower())
        if key in groups:
            groups[key].append(cell)
        else:
            groups[key] = [cell]
            out.append(groups[key])
    return out, bool(cells)


def _en_join(parts: Sequence[str], sep: str = ", ") -> str:
    if len(parts) == 1:
        return parts[0]
    return sep.join(parts[:-1]) + ("; and " if sep == "; " and len(parts) > 2 else " and ") + parts[-1]


def _plural(label: str) -> bool:
    words = re.sub(r"[（(][^）)]*[）)]", "", label).split()
    last = words[-1] if words else ""
    return bool(re.search(r"[a-z]s$", last)) and not re.search(r"(?:ss|us|is)$", last)


def _lower_first(s: str) -> str:
    return s[:1].lower() + s[1:] if s and not s[:2].isupper() else s


def _zh_period(period: str) -> str:
    """A cell's period as Chinese prose writes it: 2014年, 一季度; FY2025 / fiscal year 2025 → 2025财年."""
    p = "".join(period.split())
    fiscal = re.fullmatch(r"(?:fiscalyear|FY)((?:19|20)\d\d)", p, re.I)
    if fiscal:
        return f"{fiscal.group(1)}财年"
    return f"{p}年" if re.fullmatch(r"(?:19|20)\d\d", p) else p


_NOUN_ROLES = ("request", "budget", "target", "estimate", "forecast")


def _what(c: RowCell) -> str:
    """What an English cell's value is: "fiscal year 2027 request", "enacted level for fiscal year 2026"."""
    return f"{c.period} {c.role}" if c.role.lower() in _NOUN_ROLES else f"{c.role} level for {c.period}"


def row_sentence(cells: Sequence[RowCell], language: Language, *, plan: bool) -> str:
    """One sentence for the cells of one row (see the module docstring)."""
    label = cells[0].label
    if all(re.search(r"\D$", c.value) for c in cells):  # 农牧业收入（万元）: the values state the unit already
        label = re.sub(r"\s*+[（(][^（）()]{1,12}[）)]$", "", label) or label
    if language == "zh":
        sep = "；" if any(_PART.search(c.period) for c in cells) else "，"
        clauses = [_zh_period(c.period) + c.role + ("" if c.role in _ZH_VERB_ROLES else "为") + c.value for c in cells]
        return f"{label}{sep.join(clauses)}。"
    roles = {c.role.lower() for c in cells}
    # parts of a year (Q1, Q2) are set apart with "; ", so each value keeps its own period
    sep = "; " if any(_PART.search(c.period) for c in cells) else ", "
    if not label:  # a cell with its period and role but no label: "FY2026 enacted $811,894"
        verb = "is" if plan else "was"
        text = _en_join([f"the {_what(c)} {verb} {c.value}" for c in cells], sep)
        return f"{text[:1].upper()}{text[1:]}."
    if not plan:
        shared = len(roles) == 1 and "" not in roles
        parts = [f"{c.value} in {c.period}" + (f" ({c.role})" if c.role and not shared else "") for c in cells]
        subject = f"{cells[0].role} {_lower_first(label)}" if shared else label
        verb = "were" if _plural(label) else "was"
        return f"{subject[:1].upper()}{subject[1:]} {verb} {_en_join(parts, sep)}."
    name = _lower_first(label)
    if len(cells) == 1:
        c = cells[0]
        if c.role.lower() in _NOUN_ROLES:
            return f"The {c.period} {c.role} for {name} is {c.value}."
        if c.role:  # enacted, estimated: "The enacted appropriation for fiscal year 2027 is …"
            return f"The {c.role} {name} for {c.period} is {c.value}."
        return f"The target for {name} in {c.period} is {c.value}."
    parts = [f"the {_what(c)} is {c.value}" if c.role else f"the target for {c.period} is {c.value}" for c in cells]
    return f"For {name}, {_en_join(parts, sep)}."
