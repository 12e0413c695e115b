"""Period-labelled value rows in notes: one indicator's value for several periods on one line.

``FTE: FY2025 3,556; FY2026 3,353; FY2027 request 3,210``, ``地区生产总值：2014年 265.3亿元，2015年
287.9亿元``, ``增速：一季度 5.2%、二季度 6.1%``, ``2016/2017: 12/15 个``, and a spreadsheet row under a
period header row. Each value gets its own period, the row's label as indicator and the role its words
give (request / budget / 目标 / 计划 → target; 预计 / estimate → forecast; enacted / actual / 实际 →
achieved), for the fact table (:func:`row_meanings`, :func:`pair_values`), the notes' prompt texts
(:func:`label_cell`), the checker's note figures (:func:`with_row_labels`) and its one rule
(:func:`row_period_check`: a row's value stated for another period of the same row). A row is a list of
cells only: prose with several years in it is none. Declared units are :mod:`assistant.note_units`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from itertools import pairwise

from assistant.check_ledger import Ledger, rounding_ok
from assistant.check_types import FigureCheck
from assistant.figures import Figure, _unit_word, context_tokens, extract_figures
from assistant.meaning import FactRole, Meaning, normalise_indicator
from assistant.note_lines import strip_marker
from assistant.note_units import UnitInfo
from assistant.periods import Period, read_period

__all__ = [
    "PeriodCell",
    "PeriodRow",
    "label_cell",
    "locate",
    "pair_values",
    "period_row",
    "row_meanings",
    "row_period_check",
    "split_row",
    "with_row_labels",
]


# --- period rows ----------------------------------------------------------------------------

_PERIOD = (r"(?:FY\s*+(?:19|20)\d\d|(?:19|20)\d\d\s*+年度?|(?:19|20)\d\d(?=\s)|[一二三四1-4]\s*+季度|Q[1-4]\b|"
           r"上半年|下半年|1\s*+[—\-–~至]\s*+\d{1,2}\s*+月)")
_ROLE = (r"(?:requested|request|enacted|actual|estimated|estimate|budgeted|budget|proposed|projected|planned|"
         r"target|forecast|实际|预计|预算|目标|计划|完成|预期)")
_CELL_RE = re.compile(r"(?P<period>" + _PERIOD + r")\s*+(?P<role>" + _ROLE + r")?\s*+[:：]?\s*+", re.I)
_SEP_RE = re.compile(r"[；;、]|，(?!\d{3}(?!\d))|,\s|\s/\s")  # 5，905万人 is one number
_PAIR_RE = re.compile(r"^(?P<label>[^\d:：]{0,30}?)\s*+(?P<a>(?:19|20)\d\d)\s*+年?\s*+/\s*+(?P<b>(?:19|20)\d\d)\s*+年?\s*+"
                      r"[:：]\s*+(?P<x>\d[\d.,]*+)\s*+/\s*+(?P<y>\d[\d.,]*+)")
_ROLE_OF: dict[str, FactRole] = {
    "request": "target", "requested": "target", "budget": "target", "budgeted": "target", "proposed": "target",
    "planned": "target", "target": "target", "预算": "target", "目标": "target", "计划": "target",
    "estimate": "forecast", "estimated": "forecast", "projected": "forecast", "forecast": "forecast",
    "预计": "forecast", "预期": "forecast",
    "enacted": "achieved", "actual": "achieved", "实际": "achieved", "完成": "achieved",
}


@dataclass(frozen=True)
class PeriodCell:
    """One value of a period row: its span in the line (from its period to the next cell), the
    period's words and the role its words give (None: not stated)."""

    start: int
    end: int
    period: str
    role: FactRole | None


@dataclass(frozen=True)
class PeriodRow:
    label: str  # the indicator the row gives values of ("" when the line names none before its cells)
    cells: tuple[PeriodCell, ...]

    def cell_at(self, pos: int) -> PeriodCell | None:
        return next((c for c in self.cells if c.start <= pos < c.end), None)


def period_row(line: str) -> PeriodRow | None:
    """The period cells of a note line (offsets into ``line``) when it gives one indicator's values for
    two or more periods, each period before its value; None otherwise."""
    if len(line) > 600:
        return None
    pair = _PAIR_RE.match(line.strip())
    if pair is not None:
        base = len(line) - len(line.lstrip())
        x0, x1, y0 = base + pair.start("x"), base + pair.end("x"), base + pair.start("y")
        return PeriodRow(pair.group("label").strip(), (
            PeriodCell(x0, x1, pair.group("a") + "年", None), PeriodCell(y0, len(line), pair.group("b") + "年", None)))
    body = strip_marker(line)[0]
    lead = max(line.find(body), 0) if body else 0
    colon = re.search(r"[:：]", body)
    label = ""
    body_start = lead
    if colon is not None and not re.search(r"\d", body[:colon.start()]) and colon.start() <= 40:
        label, body_start = body[:colon.start()], lead + colon.end()
    rest = line[body_start:].rstrip().rstrip("。.")
    if re.search(r"[。！？!?]|\.\s", rest):
        return None  # prose: a row is a list of cells, not sentences
    cells: list[tuple[int, re.Match[str]]] = []
    pos = body_start
    for seg in _SEP_RE.split(rest):
        at = line.find(seg, pos)
        pos = at + len(seg)
        if not seg.strip():
            continue
        m = _CELL_RE.match(seg.strip())
        if m is None or len(seg.strip()) > 48 or not any(
                not f.ignored and f.value is not None for f in extract_figures(seg.strip()[m.end():])):
            return None  # every part of a row is a period and its value
        cells.append((at, m))
    if len(cells) < 2 or len({re.sub(r"\s", "", m.group("period")) for _, m in cells}) < len(cells):
        return None
    out: list[PeriodCell] = []
    for k, (at, m) in enumerate(cells):
        end = cells[k + 1][0] if k + 1 < len(cells) else len(line)
        role = _ROLE_OF.get((m.group("role") or "").lower())
        out.append(PeriodCell(at, end, m.group("period"), role))
    label = re.sub(r"^\s*+(?:[-*•·]\s*+)?", "", label).strip()
    return PeriodRow(label, tuple(out))



def split_row(text: str) -> list[str]:
    """``text`` (one note item) cut into its period cells when it is a period row whose cells are not
    already apart (``一般公共预算收入：2014年 12,345，2015年 13,210`` → ``一般公共预算收入：2014年 12,345`` /
    ``2015年 13,210``), so each cell is an item of its own and is placed by its own period and role;
    ``[text]`` otherwise."""
    row = period_row(text) if re.search(r"\d.*\d", text) and not _PAIR_RE.match(text.strip()) else None
    if row is None or not row.label or _NO_NAME_RE.fullmatch(row.label):
        return [text]  # a pair (2016/2017：12/15个) stays whole; so does a row naming no indicator before its cells
    bounds = [0, *(c.start for c in row.cells[1:]), len(text)]
    parts = [text[a:b].strip().rstrip("，,、；;/ ").strip() for a, b in pairwise(bounds)]
    return [p for p in parts if p] or [text]


def _trailing_unit(rest: str) -> UnitInfo | None:
    """The unit word that opens ``rest`` (`` 个``, ``亿元``, `` FTEs``), longest first."""
    rest = rest.lstrip()
    for n in range(min(8, len(rest)), 0, -1):
        info = _unit_word(rest[:n])
        if info is not None and (n == len(rest) or not (rest[n - 1].isascii() and rest[n - 1].isalpha()
                                                       and rest[n].isascii() and rest[n].isalpha())):
            return info
    return None


def pair_values(text: str, figs: Sequence[Figure]) -> list[Figure]:
    """``figs`` of ``text`` with the two values of a period pair (``2016/2017: 12/15 个``, ``2016/2017年：
    3.2/4.5亿元``) read as figures in the unit written after the second (the pair is no code or date)."""
    if "/" not in text:
        return list(figs)
    out = list(figs)
    index = {f.start: k for k, f in enumerate(out)}
    pos = 0
    for line in text.split("\n"):
        body = strip_marker(line)[0]
        pair = _PAIR_RE.match(body) if "/" in body else None
        if pair is not None:
            base = pos + max(line.find(body), 0)
            ys, ye = base + pair.start("y"), base + pair.end("y")
            yk = index.get(ys)
            y = out[yk] if yk is not None else None
            unit: UnitInfo | None
            if y is not None and not y.ignored and y.value is not None and y.unit:
                unit = (y.unit, y.scale, y.kind)
            else:
                unit = _trailing_unit(text[ye:pos + len(line)])
            if unit is not None:
                for key in ("x", "y"):
                    k = index.get(base + pair.start(key))
                    if k is None:
                        continue
                    f = out[k]
                    if not f.ignored and f.unit:
                        continue  # 4.5亿元 states its own
                    number = Decimal(pair.group(key).replace(",", ""))
                    out[k] = replace(f, value=number * unit[1], number=number, unit=unit[0], scale=unit[1],
                                     kind=unit[2], ignored=False, ignore_reason="")
        pos += len(line) + 1
    return out


def locate(lines: Sequence[str], line_no: int, part: str) -> tuple[str, int]:
    """The note line ``line_no`` (1-based) that ``part`` (one item of it: notes split a line at ；)
    was read from, and where ``part`` starts in it; ``(part, 0)`` when it is not found there."""
    line = lines[line_no - 1] if 0 < line_no <= len(lines) else ""
    at = line.find(part) if part else -1
    return (line, at) if at >= 0 else (part, 0)


_NO_NAME_RE = re.compile(r"[\d\s/／年度FYfy:：,，、;；.()（）-]*+")


def row_meanings(line: str, offset: int, figs: Sequence[Figure], meanings: Sequence[Meaning], *,
                 zh: bool) -> list[Meaning]:
    """``meanings`` of ``figs`` (found in a part of note line ``line`` that starts at ``offset``) with
    each value of a period row given its own period, the row's label as indicator and its cell's role."""
    row = period_row(line) if re.search(r"\d.*\d", line) else None
    if row is None:
        return list(meanings)
    out: list[Meaning] = []
    for f, m in zip(figs, meanings, strict=True):
        cell = row.cell_at(f.start + offset)
        if cell is None:
            out.append(m)
            continue
        period = read_period(cell.period)
        indicator = normalise_indicator(row.label, "zh" if zh else "en") if row.label else m.indicator
        if _NO_NAME_RE.fullmatch(indicator):
            indicator = ""  # 2016/2017: 12/15个 names no indicator; its periods are none
        out.append(replace(m, indicator=indicator, period=period, role=cell.role or m.role))
    return out


def label_cell(text: str, line: str, part: str, *, zh: bool) -> str:
    """``text`` (the prompt text of ``part``, one cell of note line ``line`` split off at ；) with the
    row's label before it when the cell does not name it: ``FY2026 3,353`` → ``FTE: FY2026 3,353``, so
    the drafted sentence says what the value is of."""
    if not re.search(r"\d.*\d", line) or len(line) > 600:
        return text
    row = period_row(line)
    if row is None or not row.label or row.label in part or _NO_NAME_RE.fullmatch(row.label):
        return text
    return f"{row.label}{'：' if zh else ': '}{text}"


def with_row_labels(text: str, figs: Sequence[Figure]) -> list[Figure]:
    """Note figures (of ``text``) with their period row's label among their indicator tokens: the
    values after the first of ``FTE: FY2025 3,556; FY2026 3,353`` are FTE values too."""
    if not re.search(r"(?:FY\s*+|(?<!\d))(?:19|20)\d\d", text):
        return list(figs)
    lines = text.split("\n")
    rows: dict[int, PeriodRow | None] = {}
    out: list[Figure] = []
    for f in figs:
        if f.line not in rows:
            line = lines[f.line - 1] if f.line - 1 < len(lines) else ""
            rows[f.line] = period_row(strip_marker(line)[0]) if re.search(r"\d.*\d", line) else None
        row = rows[f.line]
        if row is None or not row.label or f.ignored:
            out.append(f)
            continue
        extra = context_tokens(row.label)
        if extra <= f.tokens:
            out.append(f)
            continue
        context = f.context if row.label in f.context else f"{row.label} {f.context}".strip()
        out.append(replace(f, tokens=f.tokens | extra, context=context))
    return out


# --- the checker: a value given to another period of its row -----------------------------------

_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def _heading_year(text: str, pos: int) -> int | None:
    """The one year named by the nearest heading line above ``pos`` (``2. Fiscal Year 2027 Request``,
    ``二、2013年工作安排``): a short line with no sentence end."""
    end = text.rfind("\n", 0, pos)
    for _ in range(40):
        if end < 0:
            return None
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end].strip()
        body = _YEAR_RE.sub("", strip_marker(line)[0])
        if line and len(line) <= 60 and not re.search(r"[。！？.!?；;]$", line) and not re.search(r"\d", body):
            years = set(_YEAR_RE.findall(line))
            if len(years) == 1:
                return int(years.pop())
            if years:
                return None
        end = start - 1
    return None


def _cell_key(p: Period) -> tuple[int | None, str]:
    return p.year, p.part


@lru_cache(maxsize=4096)
def _line_row(line: str) -> PeriodRow | None:
    return period_row(line) if re.search(r"\d.*\d", line) else None


def _row_periods(ledger: Ledger, idx: int) -> tuple[str, dict[int, Period]]:
    """The row label and the period of each note figure on note figure ``idx``'s line when that line
    is a period row (``FTE: FY2025 3,556; FY2026 3,353``) or a tab-separated table row whose header
    gave its cells their years; ``("", {})`` otherwise."""
    note, notes = ledger.figs[idx], ledger.text
    begin = notes.rfind("\n", 0, note.start) + 1
    stop = notes.find("\n", note.start)
    line = notes[begin:stop if stop >= 0 else len(notes)]
    row = _line_row(line) if len(line) <= 600 else None  # a row is short (and the cache keeps its lines)
    out: dict[int, Period] = {}
    if row is not None:
        for j in ledger.by_line.get(note.line, ()):
            cell = row.cell_at(ledger.figs[j].start - begin)
            if cell is not None:
                out[j] = read_period(cell.period)
        return row.label, out
    if "\t" in line:  # a spreadsheet row: the fact table read each cell's period from the header row
        for j in ledger.by_line.get(note.line, ()):
            m = ledger.meanings[j]
            if m.period.year_source == "text" and m.indicator == ledger.meanings[idx].indicator:
                out[j] = m.period
        if len({_cell_key(p) for p in out.values()}) == len(out):
            return ledger.meanings[idx].indicator, out
    return "", {}


def row_period_check(fc: FigureCheck, ledger: Ledger, dm: Meaning, d_year: int | None, zh: bool) -> FigureCheck:
    """Block a draft figure whose value is one period's value of a note row (``FTE: FY2025 3,556;
    FY2026 3,353; FY2027 request 3,210``) stated for another period the same row gives a value for
    (3,353 as the FY2027 request). The row itself shows the value for the draft's period is another,
    so no reading of context is needed; a draft that names the value's own period is left alone, and
    one that states the other period's value as well (about $0.9 billion for either) is linked to it."""
    if fc.status not in ("verified", "approximate") or fc.note is None:
        return fc
    idx = ledger.by_start.get(fc.note.start)
    if idx is None:
        return fc
    label, periods = _row_periods(ledger, idx)
    if idx not in periods or len(periods) < 2:
        return fc
    note = ledger.figs[idx]
    np_ = periods[idx]
    dp = dm.period
    if dp.span or dp.cumulative:
        return fc
    want = (dp.year if dp.year is not None else _heading_year(ledger.draft_text, fc.figure.start) or d_year, dp.part)
    own = _cell_key(np_)
    if (own[0] is None or own[0] == want[0]) and own[1] == want[1]:
        return fc
    if want[0] is None and own[1] == want[1]:
        return fc
    text = ledger.draft_text
    s = max(text.rfind(ch, 0, fc.figure.start) for ch in "。！？!?\n；;") + 1
    e = min((k for k in (text.find(ch, fc.figure.end) for ch in "。！？!?\n；;") if k >= 0), default=len(text))
    if np_.year is not None and str(np_.year) in text[s:e]:
        return fc  # the draft names the value's own year
    for j, cp in periods.items():
        c = ledger.figs[j]
        if j == idx or c.value == note.value or (c.unit != note.unit and "" not in (c.unit, note.unit)):
            continue
        key = _cell_key(cp)
        if (key[0] is None or key[0] == want[0]) and key[1] == want[1]:
            if c.value == fc.figure.value or rounding_ok(fc.figure, c):
                return replace(fc, note=c)  # it states the draft's period's value as well (about $0.9 billion)
            label = label or ledger.meanings[idx].indicator or note.context
            mine, theirs = np_.label("zh" if zh else "en"), cp.label("zh" if zh else "en")
            reason = (f"笔记第{note.line}行“{label}”{note.text}是{mine}的数，{theirs}的数是{c.text}，草稿把{fc.figure.text}"
                      f"写成了{theirs}的数" if zh else
                      f"notes line {note.line}: {label} {note.text} is the figure for {mine}; for {theirs} the notes "
                      f"give {c.text}, but the draft states {fc.figure.text} for {theirs}")
            return FigureCheck(fc.figure, "mismatch", reason, note=note, meaning="period")
    return fc
