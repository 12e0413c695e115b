"""The fact table: every figure of the notes with what it is the value of.

One source for the drafter, the checker and the page. A :class:`Fact` is one figure of one note line:
its indicator (abbreviations spelled out: 固投 → 固定资产投资, 一产 → 第一产业, GDP → 地区生产总值), its
value in base units (as :mod:`assistant.figures` reads it), the period it applies to, its role
(``achieved`` / ``target`` / ``forecast`` / ``baseline`` / ``problem``), the comparison base (同比,
年均, 比2010年…), its direction, its place in a 分别 list, and the note line(s) it came from.

A continuation bullet (``年均增长12.1%`` under ``地区生产总值由…增加到…``) has no indicator of its own:
its facts take the head's indicator (and period, when they state none) and record the head's line too.

:func:`describe_figure` applies the same reader to any text (a draft), so the checker compares a
draft figure's :class:`Meaning` with the note :class:`Fact` its value matched.

Usage::

    table = build_facts(parse_notes(text))
    table.by_value(Decimal("12.1"), "%")   # facts with that value, O(1)
    table.rows("zh")                        # display rows (also `report-assistant facts NOTES`)
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from assistant.documents import Language
from assistant.figures import Figure, extract_figures, format_value
from assistant.meaning import (
    FACT_ROLES,
    Direction,
    FactRole,
    Meaning,
    Part,
    base_label,
    describe_figure,
    describe_figures,
    indicator_key,
    is_forecast_text,
    normalise_indicator,
    same_indicator,
)
from assistant.meaning_doc import is_summary_heading
from assistant.note_frames import FRAME_PART, bracket_baseline, framed_role, goal_met
from assistant.note_rows import locate, pair_values, row_meanings
from assistant.note_units import declared_note, declared_units, scale_line
from assistant.notes import FactFix, NoteItem, Notes, Role, bare_header_role, header_line, note_years
from assistant.periods import Period, period_spans, plan_years, read_period, year_range

__all__ = [
    "FACT_ROLES",
    "Direction",
    "Fact",
    "FactRole",
    "FactTable",
    "Meaning",
    "Part",
    "Period",
    "apply_fact_roles",
    "base_label",
    "build_facts",
    "describe_figure",
    "describe_figures",
    "figures_of",
    "fixed_facts",
    "indicator_key",
    "normalise_indicator",
    "read_period",
    "role_label",
    "same_indicator",
]

_ROLE_LABELS: dict[str, tuple[str, str]] = {
    "achieved": ("完成", "achieved"), "target": ("目标", "target"), "forecast": ("预计", "forecast"),
    "baseline": ("基期/上年", "baseline"), "problem": ("问题", "problem"),
}


def role_label(role: str, language: Language) -> str:
    zh, en = _ROLE_LABELS.get(role, (role, role))
    return zh if language == "zh" else en


@dataclass(frozen=True)
class Fact:
    """One figure of the notes and its meaning. ``fact_id`` ``L12.1`` = line 12, first figure of it."""

    fact_id: str
    indicator: str
    value: Decimal
    unit: str
    text: str  # the figure as written
    period: Period
    role: FactRole
    base: str | None  # yoy / avg / seq / since:YEAR (see meaning.base_label)
    direction: Direction | None
    lines: tuple[int, ...]  # 1-based note lines: its own first, then a continuation's head
    item_id: str
    #: the role the figure's own words (or its header line) state; None where only the item's
    #: classification gave ``role`` (the checker holds a draft only to a stated role)
    stated_role: FactRole | None = None
    order: int | None = None  # 1-based place in a 分别 / respectively list
    listed: tuple[str, ...] = ()  # the names of that list
    figure: Figure | None = field(default=None, compare=False, repr=False)

    @property
    def line(self) -> int:
        return self.lines[0]

    @property
    def meaning(self) -> Meaning:
        return Meaning(indicator=self.indicator, period=self.period, role=self.role, base=self.base,
                       direction=self.direction, order=self.order, listed=self.listed)

    def declared_unit(self, zh: bool) -> str:
        """The unit a table's caption declares for this figure (万元, thousand dollars), or ""."""
        return declared_note(self.figure, zh) if self.figure is not None else ""

    def value_text(self) -> str:
        return format_value(self.figure) if self.figure is not None else f"{self.value}{self.unit}"

    def to_json(self) -> dict[str, Any]:
        return {
            "fact_id": self.fact_id, "indicator": self.indicator, "value": f"{self.value:f}", "unit": self.unit,
            "text": self.text, "period": self.period.to_json(), "role": self.role, "base": self.base,
            "direction": self.direction, "order": self.order, "listed": list(self.listed),
            "lines": list(self.lines), "item_id": self.item_id,
        }

    def row(self, language: Language) -> dict[str, str]:
        """A display row: indicator, value, period, role, base/direction, note line."""
        zh = language == "zh"
        arrow = {"up": "↑", "down": "↓"}.get(self.direction or "", "")
        base = base_label(self.base, language)
        change = " ".join(p for p in (base, arrow) if p)
        where = ", ".join(str(n) for n in self.lines)
        order = (f"（分别 第{self.order}项）" if zh else f" (respectively, #{self.order})") if self.order else ""
        return {
            "id": self.fact_id,
            "indicator": (self.indicator or ("（未注明）" if zh else "(not named)")) + order,
            "value": self.text + (f"（{unit}）" if zh else f" ({unit})") if (unit := self.declared_unit(zh)) else self.text,
            "period": self.period.label(language) or ("—"),
            "role": role_label(self.role, language),
            "change": change or "—",
            "line": where,
        }


class FactTable:
    """The facts of one set of notes, indexed by value+unit, item and line."""

    def __init__(self, facts: Sequence[Fact], language: Language = "zh") -> None:
        self.facts: tuple[Fact, ...] = tuple(facts)
        self.language: Language = language
        self._by_value: dict[tuple[Decimal, str], list[Fact]] = defaultdict(list)
        self._by_item: dict[str, list[Fact]] = defaultdict(list)
        self._by_line: dict[int, list[Fact]] = defaultdict(list)
        self._by_id: dict[str, Fact] = {}
        for f in self.facts:
            self._by_value[(f.value, f.unit)].append(f)
            self._by_item[f.item_id].append(f)
            self._by_line[f.line].append(f)
            self._by_id[f.fact_id] = f

    def __len__(self) -> int:
        return len(self.facts)

    def __iter__(self) -> Iterator[Fact]:
        return iter(self.facts)

    def by_value(self, value: Decimal, unit: str) -> list[Fact]:
        """Facts with exactly this value (base units) and unit; O(1)."""
        return list(self._by_value.get((value, unit), ()))

    def for_item(self, item_id: str) -> list[Fact]:
        return list(self._by_item.get(item_id, ()))

    def for_line(self, line: int) -> list[Fact]:
        return list(self._by_line.get(line, ()))

    def get(self, fact_id: str) -> Fact:
        return self._by_id[fact_id]

    def with_role(self, fact_id: str, role: FactRole) -> FactTable:
        """A copy with one fact's role corrected (the page's fact table edits): the user's word is the
        role the notes *state* for it, so the checker holds a draft to it as well."""
        return FactTable([replace(f, role=role, stated_role=role) if f.fact_id == fact_id else f for f in self.facts],
                         self.language)

    def with_period(self, fact_id: str, period: Period) -> FactTable:
        return FactTable([replace(f, period=period) if f.fact_id == fact_id else f for f in self.facts],
                         self.language)

    def rows(self, language: Language | None = None) -> list[dict[str, str]]:
        return [f.row(language or self.language) for f in self.facts]

    def to_json(self) -> list[dict[str, Any]]:
        return [f.to_json() for f in self.facts]


def figures_of(text: str) -> list[Figure]:
    """The figures of a note text that are facts: not ignored, not inside a period (1—6月, 五年累计)."""
    spans = period_spans(text)
    return [f for f in pair_values(text, extract_figures(text))  # 2016/2017: 12/15个 — no code
            if not f.ignored and f.value is not None and not any(a <= f.start and f.end <= b for a, b in spans)]


def _as_written(text: str, fig: Figure) -> str:
    """The figure as written, with a currency sign the figure span leaves out ($4.2M)."""
    sign = text[fig.start - 1:fig.start] if fig.start > 0 else ""
    return sign + fig.text if sign in ("$", "€", "£", "¥", "￥") else fig.text


def _title_span(text: str) -> tuple[int, int] | None:
    """The span of years the notes' first line names when it is a title, not a bullet (ORR services FY2022-2024)."""
    first = text.lstrip().split("\n", 1)[0][:120]
    if not first or re.match(r"^\s*+(?:[-*•·]|\d{1,2}[.)、])", first) or re.search(r"[:：]\s*+\S", first):
        return None
    return year_range(first)


# English verbs whose base form is their past tense: opening a plan item they give an order, not a result
_SAME_FORM_VERB = re.compile(r"^\s*+(?:[-*•·]\s*+)?(?:cut|set|put|hit|cost|let|spread|shut|split|cast|quit|"
                             r"reset|upset|broadcast|forecast)\b", re.I)


def _fact_role(item: NoteItem, cue: FactRole | None, from_header: bool) -> FactRole:
    """The role of one figure of ``item``: its own words, as the reader read them (``cue``; for an item
    under a header the reader already placed it in that part: 完成 under ``明年目标：`` is a target unless
    实际 / 已 says otherwise). An item the classifier sent to the plan by its own words (力争…) keeps a
    figure its sentence states as achieved (实际建成128个); a figure with no cue takes the item's role."""
    if cue in ("baseline", "forecast", "target"):
        return cue
    if item.role == "problem":
        return "problem"
    if item.role == "plan":
        if from_header:
            return cue or "target"
        return "achieved" if cue == "achieved" else "target"
    return "achieved"


_HEADER_PART: dict[str, Part] = {"plan": "plan", "problem": "problems", "achievement": "summary"}


_YEAR_ONLY = re.compile(r"^\s*+(?:FY\s?)?(?:19|20)\d\d\s*+(?:年度?|年末|年底)?\s*+[：:]?\s*+$", re.I)


def _header_part(item: NoteItem, summary_year: int | None) -> Part | None:
    """The report part the item's header line puts it in (明年目标和安排： → plan, 2011年主要指标 →
    summary, 2016年： in notes about 2015 → plan), or None."""
    if not item.heading:
        return None
    head = header_line(item.heading) or bare_header_role(item.heading)  # "Next five years (15th FYP targets)"
    role = head[0]
    if is_summary_heading(item.heading) and role != "problem":
        return "summary"  # "2024年主要指标：", "完成情况：" report what was done
    if role is None and item.heading_year and summary_year and item.heading_year > summary_year:
        return "plan"
    if role is None and item.heading_year and item.heading_year == summary_year and _YEAR_ONLY.match(item.heading):
        return "summary"  # an untitled year header (2016年：) above the notes of the year they report on
    return _HEADER_PART.get(role or "")


def _with_header_period(period: Period, heading: str) -> Period:
    """A part of the year (1—6月：, 上半年：, 一季度：) named by the header line above an item is
    the period of its figures that name none."""
    if not heading or period.months or period.quarter or period.half or period.cumulative:
        return period
    head = read_period(heading[:200])
    if not (head.months or head.quarter or head.half):
        return period  # a multi-year header (回顾过去五年：) heads yearly figures as well as totals
    return replace(period, months=head.months, quarter=head.quarter, half=head.half)


_TABLES: dict[int, tuple[Notes, FactTable]] = {}  # the last few tables, by the identity of their notes
_TABLES_LOCK = threading.Lock()
_TABLES_KEPT = 4


def build_facts(notes: Notes) -> FactTable:
    """The fact table of ``notes`` (metadata items hold no facts). The same parsed notes give the same
    table: the checker, the indicators table and the drafter share one build (notes and tables are
    immutable)."""
    with _TABLES_LOCK:
        kept = _TABLES.get(id(notes))
    if kept is not None and kept[0] is notes:
        return kept[1]
    table = _build_facts(notes)
    with _TABLES_LOCK:
        _TABLES[id(notes)] = (notes, table)
        while len(_TABLES) > _TABLES_KEPT:
            del _TABLES[next(iter(_TABLES))]
    return table


_RESPECTIVE = re.compile(r"分别|\brespectively\b", re.I)


def _respective_place(text: str, figs: Sequence[Figure], fig: Figure) -> int | None:
    """The 0-based place of ``fig`` among the figures of its unit in a 分别 / respectively line, else None."""
    if not _RESPECTIVE.search(text):
        return None
    same = [g for g in figs if g.unit == fig.unit]
    return next((k for k, g in enumerate(same) if g is fig), None)


def _sheet_row(notes: Notes, item: NoteItem) -> tuple[str, int]:
    """The row of a spreadsheet line's cells (``FTE: FY2025 3,556; FY2026 3,353``: the notes give each
    period's cell as an item) and where ``item``'s cell starts in it."""
    row, at = "", 0
    for other in notes.items:
        if other.line == item.line and other.role != "metadata":
            row += "; " if row else ""
            if other is item:
                at = len(row)
            row += other.text
    return row, at


def _build_facts(notes: Notes) -> FactTable:
    summary_year, plan_year = note_years(notes)
    title_span = _title_span(notes.text)
    # a title naming the review year, with the plan set apart under a header below it
    title_review = bool(notes.metadata.get("period")) and any(h.role == "plan" for h in notes.headers)
    # a title naming the plan year only (Agency FY2028 request, 红星镇2026年预算说明): its undated lines are that year's
    plan_only = not notes.metadata.get("period") and bool(notes.metadata.get("plan_period"))
    language = notes.language
    by_id = {i.item_id: i for i in notes.items}
    facts: list[Fact] = []
    per_line: dict[int, int] = defaultdict(int)
    item_facts: dict[str, list[Fact]] = {}
    scopes = declared_units(notes.text)  # a table's declared unit (dollars in thousands, 单位：万元)
    text_lines = notes.text.split("\n")
    for item in notes.items:
        if item.role == "metadata":
            continue
        line, at = locate(text_lines, item.line, item.text)  # the whole line: a row's label, its cells
        if at == 0 and line == item.text and item.line <= len(text_lines) and "\t" in text_lines[item.line - 1]:
            line, at = _sheet_row(notes, item)  # a spreadsheet row's cell: read in its row, as a ; row is
        figs = scale_line(line, figures_of(item.text), scopes.get(item.line), -at)
        head = by_id.get(item.continues or "")
        heading_year = item.heading_year
        if heading_year is None and item.heading and item.role != "plan":
            # period8: a five-year plan's header (十二五：, “十三五”时期：) over results: their year is the plan's last,
            # not the title's (十二五回顾及2016年民生安排)
            named = plan_years(item.heading[:200])
            heading_year = named[1] if named else None
        hint = heading_year - 1 if (heading_year and item.role == "plan") else (heading_year or summary_year)
        part = _header_part(item, summary_year)
        frame = item.frame if not (item.frame == "target" and goal_met(item.text)) else None  # goal: +15% - met
        if frame in FRAME_PART:  # a plan title, 预期（2026）：…, 实绩（2025）：…, "Next year: …"
            part = FRAME_PART[frame]
            if item.frame_year is not None:
                hint = item.frame_year - 1 if frame == "target" else item.frame_year
        if part == "plan" and item.role == "achievement" and (header_line(item.heading) or (None,))[0] == "plan":
            part = "summary"  # "FY2026: hired 165" / 成绩：… labelled as a result of its own under a plan header
        if part is None and not item.heading and item.role == "achievement" and title_review:
            part = "summary"  # 红星镇2023年工作总结 … 2024年目标： the title heads the review as 2023年工作回顾 would
        head_forecast = bool(item.heading) and is_forecast_text(item.heading)
        meanings = row_meanings(line, at, figs, describe_figures(item.text, figs, language=language, year_hint=hint,
                                                                  part=part), zh=language == "zh")  # FY2025 x; FY2026 y
        own: list[Fact] = []
        head_facts = item_facts.get(head.item_id, []) if head is not None else []
        head_fact = next((f for f in reversed(head_facts) if f.indicator), head_facts[-1] if head_facts else None)
        for fig, m in zip(figs, meanings, strict=True):
            assert fig.value is not None
            indicator = m.indicator
            period = m.period
            if not indicator and own:
                indicator = own[-1].indicator
            if head_fact is not None:
                # a continuation speaks of its head's indicator (同比多建1所 → 新建学校), unless it names a
                # part or a share of it (其中… / of which… / 占…)
                own_name = bool(indicator) and re.match(r"^\s*(?:其中|占|of which|including)", item.text, re.I)
                if not own_name:
                    indicator = head_fact.indicator
                    # 同比分别增长17%、22.1% under 城镇…、农民…分别为x、y: the k-th value is the head's k-th fact's
                    listed = [f for f in head_facts if f.order is not None]
                    k = _respective_place(item.text, figs, fig)
                    if k is not None and len(listed) > 1 and k < len(listed):
                        indicator = listed[k].indicator or indicator
                if period.year is None and period.span is None and not (period.months or period.quarter or period.half
                                                                        or period.cumulative):
                    period = head_fact.period
            if period.year is None and period.span is None and not period.cumulative and item.frame_year:
                # 去年基数： under 2020年工作安排要点: the header states the year (the year before the sheet's)
                period = replace(period, year=item.frame_year,
                                 year_source="text" if item.frame == "baseline" else "context")
            if period.year is None and period.span is None and not period.cumulative:
                default = heading_year or (plan_year if item.role == "plan" or plan_only else summary_year)
                if default is not None:
                    # notes titled with a span (ORR services FY2022-2024): an undated figure is the span's total
                    spanned = heading_year is None and item.role != "plan" and title_span is not None \
                        and title_span[1] == default
                    period = replace(period, year=default, year_source="context", cumulative=spanned)
            period = _with_header_period(period, item.heading)
            stated = m.role
            if head_forecast and stated in (None, "achieved", "target"):
                stated = "forecast"  # 全年预计： above the bullets
            if stated == "achieved" and item.role == "plan" and _SAME_FORM_VERB.match(item.text):
                stated = "target"  # "plan: cut by half": an imperative whose past tense is spelled the same
            stated = framed_role(frame, stated)
            role = _fact_role(item, stated, part is not None or frame is not None)
            prev = bracket_baseline(item.text, fig.start, fig.end)
            if prev is not None:  # "~4% (2024: 3%)", （上年3.2%）, "vs 1,320 in 2024": the value beside the line's own
                role = stated = "baseline"
                line_year = item.frame_year or heading_year or (
                    plan_year if item.role == "plan" or plan_only else summary_year)
                if prev[0] is not None:
                    period = replace(period, year=prev[0], year_source="text", relative=None)
                elif period.relative is None and line_year is not None:  # (prev. 2.1 million): the year before
                    period = replace(period, year=line_year - 1, year_source="text")
            per_line[item.line] += 1
            lines = (item.line,) if head is None or head.line == item.line else (item.line, head.line)
            fact = Fact(
                fact_id=f"L{item.line}.{per_line[item.line]}", indicator=indicator, value=fig.value, unit=fig.unit,
                text=_as_written(item.text, fig), period=period, role=role, base=m.base, direction=m.direction, lines=lines,
                item_id=item.item_id, stated_role=stated, order=m.order, listed=m.listed, figure=fig,
            )
            own.append(fact)
        item_facts[item.item_id] = own
        facts.extend(own)
    return _with_fixes(FactTable(facts, language), notes.fact_fixes, (summary_year, plan_year))


def _moved_period(fact: Fact, role: FactRole, years: tuple[int | None, int | None]) -> Period:
    """The period of a fact whose role the user corrected: a year the notes gave only by context (the
    summary year of an undated result, the plan year of an undated target) follows the new role, as the
    notes' own undated lines do (a result corrected to a target is the plan year's; a target corrected to
    a result the summary year's). A year the line states stays."""
    p = fact.period
    summary, plan = years
    if p.year_source != "context" or p.span or p.cumulative or summary is None or plan is None or summary == plan:
        return p
    if role == "target" and fact.role == "achieved" and p.year == summary:
        return replace(p, year=plan)
    if role == "achieved" and fact.role in ("target", "forecast") and p.year == plan:
        return replace(p, year=summary)
    return p


def _with_fixes(table: FactTable, fixes: Sequence[FactFix],
                years: tuple[int | None, int | None] = (None, None)) -> FactTable:
    """``table`` with the user's corrections applied (a fix whose figure text no longer matches its
    fact, because the notes were edited, is skipped); a corrected role moves a context-given year along
    (:func:`_moved_period`) unless the user corrected the period too."""
    for fix in fixes:
        try:
            fact = table.get(fix.fact_id)
        except KeyError:
            continue
        if fact.text != fix.text:
            continue
        role = next((r for r in FACT_ROLES if r == fix.role), None)
        if role is not None and (role != fact.role or fact.stated_role != role):
            moved = _moved_period(fact, role, years)
            table = table.with_role(fix.fact_id, role)
            if fix.period is None and moved != fact.period:
                table = table.with_period(fix.fact_id, moved)
        if fix.period is not None:
            table = table.with_period(fix.fact_id, fix.period)
    return table


def fixed_facts(notes: Notes) -> FactTable | None:
    """The fact table the checker must use for drafts of ``notes``: the corrected one when the user
    corrected any fact (:attr:`Notes.fact_fixes`); None when it may build its own from the notes' text."""
    return build_facts(notes) if notes.fact_fixes else None


_ITEM_ROLE: dict[str, Role] = {"target": "plan", "achieved": "achievement", "problem": "problem"}


def _placed_as(fact: Fact, summary_year: int | None, period_fixed: bool) -> Role | None:
    """Where a fact puts its item: by its role, or, when the user corrected its period, by that period
    too (a year after the summary year is the plan's; the summary year or before, the summary's)."""
    year = fact.period.year
    if period_fixed and year is not None and summary_year is not None and fact.role in ("achieved", "target"):
        return "plan" if year > summary_year else "achievement"
    return _ITEM_ROLE.get(fact.role)


def apply_fact_roles(notes: Notes, table: FactTable) -> Notes:
    """``notes`` with each item's role following its facts' (corrected) roles and periods, so that
    redrafting re-places it: an item whose facts are all targets (or, by a corrected period, all of a
    later year than the summary's) goes to the plan part, all achieved to the summary, all problems to
    the problems. Forecast and baseline facts leave the item's role as it is; continuations follow
    their head."""
    summary_year = note_years(notes)[0]
    period_fixed = {f.fact_id for f in notes.fact_fixes if f.period is not None}

    def placed(item_id: str) -> set[Role]:
        return {r for f in table.for_item(item_id)
                if (r := _placed_as(f, summary_year, f.fact_id in period_fixed)) is not None}

    wanted: dict[str, Role] = {}
    for item in notes.items:
        if item.role == "metadata" or item.continues is not None:
            continue
        roles = placed(item.item_id)
        if not roles:  # a head without figures of its own: its continuations' facts speak for it
            for cont in item.continuations:
                roles |= placed(cont)
        if len(roles) == 1 and (role := roles.pop()) != item.role:
            wanted[item.item_id] = role
            wanted.update(dict.fromkeys(item.continuations, role))
    if not wanted:
        return notes
    items = tuple(replace(i, role=wanted[i.item_id]) if i.item_id in wanted else i for i in notes.items)
    return replace(notes, items=items)
