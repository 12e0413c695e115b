"""A result the notes report, restated in the plan part as the next year's target (issue 10; one reader since
wave 12, where two had grown apart: the header reading of wave 10 and the later-plan reading of wave 11).

The notes give the same indicator a target of its own (规上工业增加值 +7.9% in 2025's lines, 增5.5%左右 under
2026年预期目标：), and the draft writes the result as the target. Two things license the reading, either is
enough:

- **the notes' plan header**: the result stands above a plan header line (2026年预期目标：) and the target
  under it — the notes themselves set result and plan apart;
- **the draft's plan part**: the draft's figure stands in the plan part of a later year than the result's
  (二、2026年工作安排 against a 2025 result, or a review's yearly average 年均1270多万人 over 2018—2022) and the
  notes give that year (or no year) a target for the indicator.

Never when the draft's clause names the figure as the year before's or as a level kept (上年, 在…基础上, 保持,
"after 7.3 percent last year", "maintain"), nor when the notes' own words make it a goal (左右, 力争, "around").
"""

from __future__ import annotations

from assistant.check_ledger import Ledger
from assistant.check_meaning_roles import RESULT_NAMED, clause_around, plan_qualified
from assistant.check_meaning_spans import KEEP_LEVEL, clause_floor, plan_part_year
from assistant.check_reasons import note_where
from assistant.figures import Figure
from assistant.meaning import Meaning, same_indicator
from assistant.notes import note_years, parse_notes

__all__ = ["result_restated_as_target"]

_PLANNED = ("target", "forecast")


def _header_licence(ledger: Ledger, idx: int, dm: Meaning) -> int | None:
    """The line of the first plan header below the result, when the notes set their plan apart under one
    and the draft does not name an earlier year (or, outside a part-year report, the result's own); else None."""
    nm, note = ledger.meanings[idx], ledger.figs[idx]
    if ledger.item_roles[idx] != "achieved" or nm.role not in (None, "achieved") or not nm.indicator:
        return None
    dp = dm.period
    # a part-year report plans the rest of its own year (上半年工作总结和下半年打算): the same year is later there
    summary_year, plan_year = note_years(parse_notes(ledger.text)) if ledger.text.strip() else (None, None)
    same_year_plan = summary_year is not None and summary_year == plan_year
    if dp.relative is not None or (dp.year_source == "text" and nm.period.year is not None and dp.year is not None
                                   and (dp.year < nm.period.year or (dp.year == nm.period.year and not same_year_plan))):
        return None
    if note.value is None or plan_qualified(ledger, idx):
        return None  # 城镇化率达63%左右 / 力争…: the notes' own figure reads as a goal, not a result
    plan_heads = [line for line, role in ledger.headers if role == "plan"]
    if not plan_heads or any(line < note.line for line in plan_heads):
        return None
    return min(line for line in plan_heads if line > note.line)


def _later_plan_licence(ledger: Ledger, idx: int, d: Figure, dm: Meaning) -> int | None:
    """The year of the draft's plan part, when it is later than the result's and the draft gives the figure
    no year of its own; else None."""
    nm = ledger.meanings[idx]
    np_, dp = nm.period, dm.period
    role = nm.role or ledger.item_roles[idx]
    if role not in ("achieved", None) or ledger.item_roles[idx] in _PLANNED:
        return None
    if dp.year_source == "text" or dp.relative is not None or dp.cumulative or dp.span:
        return None
    if np_.year is None or np_.span or np_.months or np_.quarter or np_.half or np_.relative is not None:
        return None  # a review's total or yearly average (年均1270多万人 over 2018—2022) ends in its last year
    text = ledger.draft_text
    if KEEP_LEVEL.search(text, max(clause_floor(text, d.start), d.start - 60), d.start):
        return None
    plan_year = plan_part_year(text, d.start)
    return plan_year if plan_year is not None and np_.year < plan_year else None


def _header_target(ledger: Ledger, idx: int, j: int, first_plan: int) -> bool:
    """Note figure ``j`` is the indicator's own target under the notes' plan header: a year's (not a five-year
    goal), of the result's kind (a growth rate's target is a growth rate) and order (194亿元 is no 12.7亿元's)."""
    note, c = ledger.figs[idx], ledger.figs[j]
    nm, cm = ledger.meanings[idx], ledger.meanings[j]
    if c.line <= first_plan or cm.period.cumulative or nm.period.cumulative or cm.period.span or nm.period.span:
        return False
    same_kind = ((cm.direction or c.direction) is None) == ((nm.direction or note.direction) is None)
    assert c.value is not None and note.value is not None
    return (same_kind and c.value / 2 <= note.value <= c.value * 2
            and same_indicator(cm.indicator, nm.indicator) is True)


def _later_target(ledger: Ledger, idx: int, j: int, plan_year: int) -> bool:
    """Note figure ``j`` is the indicator's target for the draft's plan year (or for no year): the indicator as
    the fact table names it, else the words before the result on its line (城镇新增就业：年均…)."""
    note, nm, cm = ledger.figs[idx], ledger.meanings[idx], ledger.meanings[j]
    if cm.period.year not in (None, plan_year):
        return False
    return bool(same_indicator(cm.indicator, nm.indicator) or (
        len(nm.indicator) < 2 and note.context and same_indicator(cm.indicator, note.context)))


def result_restated_as_target(ledger: Ledger, idx: int, d: Figure, dm: Meaning, zh: bool) -> str | None:
    """The reason a result of the notes is written in the plan part as the target, while the notes give the
    indicator a target of its own (licensed by the notes' plan header or by the draft's later plan part);
    None otherwise."""
    nm, note = ledger.meanings[idx], ledger.figs[idx]
    if dm.role != "target" or nm.role in _PLANNED or note.value is None:
        return None
    if RESULT_NAMED.search(clause_around(ledger.draft_text, d.start, d.end)):
        return None
    first_plan = _header_licence(ledger, idx, dm)
    plan_year = _later_plan_licence(ledger, idx, d, dm)
    if first_plan is None and plan_year is None:
        return None
    where = note_where(note, zh)
    for j, c in enumerate(ledger.figs):
        if j == idx or c.unit != note.unit or c.value is None or c.value == note.value:
            continue
        if ledger.item_roles[j] not in _PLANNED and ledger.meanings[j].role not in _PLANNED:
            continue
        if first_plan is not None and _header_target(ledger, idx, j, first_plan):
            return (f"{where}是已完成的数，笔记第{c.line}行给该指标的目标是{c.text}，草稿把{d.text}写成了目标" if zh else
                    f"{where} is a result; notes line {c.line} gives this indicator the target {c.text}, but the "
                    f"draft states {d.text} as the target")
        if plan_year is not None and _later_target(ledger, idx, j, plan_year):
            done = nm.period.year
            if nm.period.cumulative:
                return (f"{where}是截至{done}年的多年数（合计或年均），笔记中{plan_year}年的目标是{c.text}，草稿把{d.text}"
                        f"写成了{plan_year}年的目标" if zh else
                        f"{where} is a figure over the years up to {done} (a total or a yearly average; the notes' "
                        f"target for {plan_year} is {c.text}), but the draft states {d.text} as the target for {plan_year}")
            return (f"{where}是{done}年已完成的数（笔记中{plan_year}年的目标是{c.text}），草稿把{d.text}写成了"
                    f"{plan_year}年的目标" if zh else
                    f"{where} is the result for {done} (the notes' target for {plan_year} is {c.text}), but the "
                    f"draft states {d.text} as the target for {plan_year}")
    return None
