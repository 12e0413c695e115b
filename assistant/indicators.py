"""The key indicators table (主要指标完成情况表) built from the notes' fact table.

One row per indicator the notes give a value of this year together with its growth rate (同比 / 年均) or
a target for this year: indicator, unit, this year's value, growth, target, met or not. Every figure in
a cell is written as the notes write it (so the checker verifies it against its note line like any
other figure); a cell the notes do not state is "—". The only computed cell is "met or not" (the value or
its growth against this year's target), marked ※ and explained under the table as derived.

Usage::

    table = build_indicators(notes)            # IndicatorTable (rows, language, year)
    table.markdown()                           # the Markdown table with its caption and note
    insert_indicators(markdown, table, "summary", summary_id="s1")   # or "appendix" / "none"
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from assistant.documents import Language
from assistant.facts import Fact, FactTable, build_facts, same_indicator
from assistant.notes import Notes, note_years
from assistant.sections import parse_draft

__all__ = ["PLACEMENTS", "IndicatorRow", "IndicatorTable", "Placement", "build_indicators", "insert_indicators",
           "parse_placement"]

Placement = Literal["summary", "appendix", "none"]
PLACEMENTS: tuple[Placement, ...] = ("summary", "appendix", "none")
MAX_ROWS = 20
MIN_ROWS = 2  # a single indicator is a sentence, not a table

_TEXTS: dict[str, dict[str, str]] = {
    # the caption is a plain line (never bold): parse_draft must not take it for a heading
    "zh": {"caption": "主要指标完成情况表", "appendix": "附表　主要指标完成情况",
           "header": "| 指标 | 单位 | 本年完成 | 增速 | 目标 | 是否完成 |", "yes": "完成※", "no": "未完成※",
           "note": "注：“—”表示笔记未提供。", "derived": "注：标※者为根据笔记中的完成值与目标推算（推算项）。", "up": "增长", "down": "下降",
           "target": "目标", "avg": "年均", "avg_after": ""},
    "en": {"caption": "The key indicators are shown in the table below:", "appendix": "Appendix: Key indicators",
           "header": "| Indicator | Unit | This year | Growth | Target | Met |", "yes": "yes※", "no": "no※",
           "note": "Note: “—” = not in the notes.",
           "derived": "Note: ※ = derived from the value and the target in the notes.",
           "up": "up ", "down": "down ", "target": "target ", "avg": "", "avg_after": " a year on average"},
}
_UNIT_RE = re.compile(r"^[\s+\-−约近超逾]*(?:[0-9０-９][0-9０-９.,，．]*|[零〇一二三四五六七八九十两点]+)")


def parse_placement(value: str | None) -> Placement:
    """``summary`` / ``appendix`` / ``none`` (also 总结 / 附表 / 不要); ValueError otherwise."""
    text = (value or "").strip().lower()
    aliases = {"summary": "summary", "总结": "summary", "总结部分": "summary", "appendix": "appendix", "附表": "appendix",
               "附录": "appendix", "none": "none", "不要": "none", "无": "none", "off": "none"}
    if text not in aliases:
        raise ValueError(f"indicators placement must be summary, appendix or none, not {value!r}")
    return aliases[text]  # type: ignore[return-value]


@dataclass(frozen=True)
class IndicatorRow:
    indicator: str
    unit: str
    value: Fact
    growth: Fact | None
    target: Fact | None
    met: bool | None  # derived: the value (or its growth) against the target; None when not comparable

    @property
    def derived(self) -> tuple[str, ...]:
        """The cells computed rather than copied from the notes."""
        return ("met",) if self.met is not None else ()

    def cells(self, language: Language) -> list[str]:
        texts = _TEXTS["zh" if language == "zh" else "en"]
        met = "—" if self.met is None else texts["yes" if self.met else "no"]
        indicator = self.indicator
        period = self.value.period
        if period.year_source == "text" and period.year is not None:  # the note line names its year: so does the row
            indicator = f"{period.year}年{indicator}" if language == "zh" else f"{indicator} ({period.year})"
        return [indicator, self.unit or "—", self.value.text.strip(), _growth_text(self.growth, texts),
                _target_text(self.target, texts), met]

    def to_json(self) -> dict[str, Any]:
        return {"indicator": self.indicator, "unit": self.unit, "value": self.value.text,
                "value_fact": self.value.fact_id, "growth": self.growth.text if self.growth else None,
                "growth_fact": self.growth.fact_id if self.growth else None,
                "target": self.target.text if self.target else None,
                "target_fact": self.target.fact_id if self.target else None, "met": self.met,
                "derived": list(self.derived)}


def _growth_text(fact: Fact | None, texts: dict[str, str]) -> str:
    if fact is None:
        return "—"
    written = fact.text.strip().lstrip("+＋")
    avg = fact.base == "avg"  # 年均增长12.1% / "up 12.1% a year on average": a yearly average is no one year's growth
    head, tail = (texts["avg"], texts["avg_after"]) if avg else ("", "")
    if fact.direction == "down":
        return head + texts["down"] + written.lstrip("-−") + tail
    return head + texts["up"] + written + tail


def _target_text(fact: Fact | None, texts: dict[str, str]) -> str:
    if fact is None:
        return "—"
    written = fact.text.strip().lstrip("+＋")
    if fact.unit == "%":
        written = (texts["down"] if fact.direction == "down" else texts["up"]) + written.lstrip("-−")
    return texts["target"] + written  # the role word: the checker reads the cell as a target, not a result


def _unit_of(fact: Fact) -> str:
    return _UNIT_RE.sub("", fact.text.strip()).strip() or fact.unit


@dataclass(frozen=True)
class IndicatorTable:
    rows: tuple[IndicatorRow, ...]
    language: Language
    year: int | None

    def __bool__(self) -> bool:
        return len(self.rows) >= MIN_ROWS

    def table_lines(self) -> list[str]:
        texts = _TEXTS["zh" if self.language == "zh" else "en"]
        lines = [texts["header"], "|" + "---|" * 6]
        lines.extend("| " + " | ".join(_cell(c) for c in row.cells(self.language)) + " |" for row in self.rows)
        return lines

    def markdown(self, *, caption: bool = True) -> str:
        """The table (with its caption line and, when a cell is derived, the note under it)."""
        texts = _TEXTS["zh" if self.language == "zh" else "en"]
        parts = [texts["caption"]] if caption else []
        parts.append("\n".join(self.table_lines()))
        if any(r.derived for r in self.rows):
            parts.append(texts["derived"])
        if any(r.growth is None or r.target is None for r in self.rows):
            parts.append(texts["note"])
        return "\n\n".join(parts)

    def to_json(self) -> dict[str, Any]:
        return {"language": self.language, "year": self.year, "rows": [r.to_json() for r in self.rows]}


def _cell(text: str) -> str:
    return text.replace("|", "／").replace("\n", " ")


def _met(value: Fact, growth: Fact | None, target: Fact) -> bool | None:
    if target.unit == "%":
        if growth is None:
            return None
        actual = -growth.value if growth.direction == "down" else growth.value
        goal = -target.value if target.direction == "down" else target.value
        return actual >= goal
    if target.unit == value.unit:
        return value.value >= target.value
    return None


def build_indicators(notes: Notes, facts: FactTable | None = None) -> IndicatorTable:
    """The key indicators of the summary year from ``notes`` (``facts``: their fact table, built when
    not given). Values only from the notes; nothing guessed."""
    facts = facts if facts is not None else build_facts(notes)
    year, _plan = note_years(notes)
    achieved = [f for f in facts if f.role == "achieved" and (year is None or f.period.year in (None, year))
                and not f.period.cumulative and not f.period.months and f.period.quarter is None]
    roles = {i.item_id: i.role for i in notes.items}
    # this year's own targets: stated among the achievements (年初目标…), never the plan's next-year goals
    targets = [f for f in facts if f.role == "target" and year is not None and f.period.year == year
               and roles.get(f.item_id) == "achievement"]
    by_item: dict[str, list[Fact]] = {}
    for f in achieved:  # a fact's growth is on its own note line: look there, never through every fact
        by_item.setdefault(f.item_id, []).append(f)
    rows: list[IndicatorRow] = []
    seen: list[str] = []
    for fact in achieved:
        if fact.unit == "%" or not fact.indicator or len(fact.indicator) < 2:
            continue
        if any(same_indicator(fact.indicator, s) for s in seen):
            continue
        growth = next((g for g in by_item[fact.item_id] if g.unit == "%" and g is not fact
                       and g.base in ("yoy", "avg") and same_indicator(g.indicator, fact.indicator)), None)
        target = next((t for t in targets if same_indicator(t.indicator, fact.indicator)
                       and (t.unit == "%" or t.unit == fact.unit)), None)
        if growth is None and target is None:
            continue
        seen.append(fact.indicator)
        rows.append(IndicatorRow(fact.indicator, _unit_of(fact), fact, growth, target,
                                 _met(fact, growth, target) if target is not None else None))
        if len(rows) >= MAX_ROWS:
            break
    return IndicatorTable(tuple(rows), notes.language, year)


def insert_indicators(markdown: str, table: IndicatorTable, placement: Placement, *,
                      summary_id: str = "s1") -> str:
    """``markdown`` with the table at the end of the summary part (``summary_id``, a parse_draft id) or
    as an appendix at the end; unchanged for ``none`` or a table of fewer than :data:`MIN_ROWS` rows."""
    if placement == "none" or not table:
        return markdown
    texts = _TEXTS["zh" if table.language == "zh" else "en"]
    if placement == "appendix":
        return f"{markdown.rstrip()}\n\n## {texts['appendix']}\n\n{table.markdown(caption=False)}\n"
    tree = parse_draft(markdown)
    try:
        section = tree.get(summary_id)
    except Exception:
        return f"{markdown.rstrip()}\n\n{table.markdown()}\n"
    end = section.span_end
    head, tail = markdown[:end].rstrip(), markdown[end:].lstrip("\n")
    return f"{head}\n\n{table.markdown()}\n" + (f"\n{tail}" if tail else "")
