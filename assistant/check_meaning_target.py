"""A result the notes report, restated in the plan part as the next year's target (issue 10; one reader since
wave 12, where two had grown apart: the header reading of wave 10 and the later-plan reading of wave 11).
Beside it (moved here from :mod:`assistant.check_meaning` in wave 12): :func:`result_as_target`, a result whose
draft clause itself sets it as a target (力争达到…), and :func:`result_in_plan`, a result written into the plan
part as what next year will do.

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

import bisect
import re

from assistant.check_ledger import Ledger
from assistant.check_meaning_roles import RESULT_NAMED, clause_around, plan_qualified
from assistant.check_meaning_spans import KEEP_LEVEL, clause_floor, plan_part_year
from assistant.check_reasons import note_where
from assistant.figures import Figure
from assistant.meaning import Meaning, same_indicator, states_target
from assistant.notes import note_years, parse_notes

__all__ = ["result_as_target", "result_in_plan", "result_restated_as_target"]

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


# "reduce its workforce of about 4,100 by half": the figure describes the level the plan starts from
_LEVEL_OF = re.compile(r"\b(?:its|their|our|the current|the existing|the present)\s(?:[a-z-]{2,20}\s){0,2}"
                       r"(?!(?:targets?|goals?|aims?|plans?|caps?|ceilings?|limits?|objectives?)\s)[a-z-]{3,20} of\s"
                       r"(?:about |around |nearly |some |roughly |over |more than |almost |approximately )?\$?$", re.I)
_KEEP_LEVEL = re.compile(r"保持|稳定在|不低于|维持|巩固|\bmaintain|\bkeep\b|\bsustain", re.I)


def result_as_target(ledger: Ledger, idx: int, d: Figure, dm: Meaning, where: str, zh: bool) -> str | None:
    """The notes' result for their own year (or an earlier one) restated as a target: the figure's own
    clause sets it (力争达到149.2亿元, "will aim for"), the notes state it as achieved. Keeping a level
    (保持 / 稳定在 / maintain) is a target that may equal a result. Only the clause: a 目标是： opening a
    long list of targets is read by the notes' reader item by item, so it cannot be compared."""
    nm = ledger.meanings[idx]
    role = nm.role or ledger.item_roles[idx]  # stated by its words or header, else the notes' classification
    if dm.role != "target" or role != "achieved":
        return None
    text = ledger.draft_text
    plans = list(_PLAN_TITLE_YEAR.finditer(text, max(0, d.start - 3000), d.start))
    plan_year = int(plans[-1].group(1)) if plans else None
    if nm.period.year is not None and ((ledger.year is not None and nm.period.year > ledger.year)
                                       or (plan_year is not None and nm.period.year >= plan_year)):
        return None  # the figure of the plan's own year (the notes' 2016年： under 2015年：) is its plan
    start = max(text.rfind(ch, 0, d.start) for ch in "。！？!?\n，,；;：:") + 1  # its own clause only
    before = text[max(start, d.start - 80):d.start]
    if not states_target(before) or _KEEP_LEVEL.search(before) or _LEVEL_OF.search(before):
        return None
    year = nm.period.year
    when = (f"{year}年" if zh else f"for {year}") if year is not None else ("" if zh else "already")
    return (f"{where}是{when}已完成的数，草稿把{d.text}写成了目标" if zh
            else f"{where} is the result {when}, but the draft states {d.text} as a target")


_PLAN_TITLE_YEAR = re.compile(r"((?:19|20)\d\d)\s?年(?:度)?(?:工作)?(?:安排|计划|打算|目标|要点)")
_PLAN_VERB = re.compile(r"新增|新建|新开|新办|新设|建成|完成|实现|达到|栽植|种植|培训|引进|改造|安排|实施|推进")
# (a 继续 / 再 of another clause of the sentence, 继续完善城市路网，新建…61条, is that clause's)
_NOT_NEW_SENTENCE = re.compile(r"今年|本年|当年|上年|去年|已|现有|目前|现已|基础上|累计|保持|稳定在|不低于|维持|巩固|共有|总数")
_NOT_NEW = re.compile(r"今年|本年|当年|上年|去年|已|现有|目前|现已|基础上|累计|保持|稳定在|不低于|维持|巩固|继续|再|共有|总数")


def result_in_plan(ledger: Ledger, idx: int, d: Figure, dm: Meaning, where: str) -> str | None:
    """A result the notes report as achieved above their plan header (新增商业营业面积12万平方米 before
    明年目标和安排：) written into the
    plan part as what next year will do (二、2013年工作安排：全年新增商业营业面积12万平方米): the draft gives it
    no year of its own and its clause a verb of doing, not of a level or a base (现有, 在…基础上, 保持, 再)."""
    nm = ledger.meanings[idx]
    if dm.role != "target" or nm.role not in (None, "achieved") or ledger.item_roles[idx] != "achieved":
        return None
    line = ledger.figs[idx].line
    lines = [h for h, _ in ledger.headers]
    k = bisect.bisect_left(lines, line)
    under_review = k > 0 and ledger.headers[k - 1][1] == "achievement"
    if k > 0 and not under_review:
        return None  # under a header that is no review (主要预期目标是：), the notes may list targets
    heads = ledger.headers if under_review else ledger.headers[k:]
    if not any(role == "plan" for _, role in heads):
        return None  # only notes that set their plan apart under a header (明年目标和安排： … 今年完成：) say what is done
    if dm.period.year_source == "text" or dm.period.relative is not None or dm.period.months or dm.period.quarter or dm.period.half:
        return None
    own = ledger.own_year
    text = ledger.draft_text
    plans = list(_PLAN_TITLE_YEAR.finditer(text, max(0, d.start - 3000), d.start))
    plan_year = int(plans[-1].group(1)) if plans else None
    if nm.period.year_source == "text" and nm.period.year is not None and (
        plan_year is None or own is None or nm.period.year > own
    ):
        return None  # the note line names its own year (2026年新增就业300人以上) and the draft no plan year to
        # tell it from (a section checked without its heading): its year, not its place, says what it is
    if nm.period.year is not None and ((ledger.year is not None and nm.period.year > ledger.year)
                                       or (plan_year is not None and nm.period.year >= plan_year)):
        return None  # the figure of the plan's own year (the notes' 2016年： under 2015年：) is its plan
    s_start = max(text.rfind(ch, 0, d.start) for ch in "。！？!?\n") + 1
    # its own words: from the figure before it in the sentence (再建学校3所，新增学位4800个: 再 is 3所's)
    own_start = max([s_start, *(f.end for f in ledger.draft_figs if s_start <= f.end <= d.start and f is not d)])
    sentence = text[own_start:d.start][-120:]
    clause = sentence[max(sentence.rfind(ch) for ch in "，,；;：:") + 1:]
    if not _PLAN_VERB.search(clause) or _NOT_NEW.search(clause) or _NOT_NEW_SENTENCE.search(sentence):
        return None
    year = nm.period.year
    return f"{where}是{f'{year}年' if year else ''}已完成的数，草稿把{d.text}写进了工作安排，当成了计划"
