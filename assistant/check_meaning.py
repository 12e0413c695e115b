"""Does a draft figure state what its note fact is the value of? (the checker's comparison).

Both sides are read by one reader, :mod:`assistant.meaning`: the note side is the fact table
(:func:`assistant.facts.build_facts`: header lines, continuation bullets and plan sections decide a
fact's role and period), the draft side :func:`assistant.meaning_doc.read_meanings` (the report part a
figure stands in settles a role its words leave open). :func:`disagreement` compares the two
:class:`~assistant.meaning.Meaning` values of a draft figure and the note figure of the same value and
returns the reason (in the draft's language) when the draft misstates it: a target or forecast stated
as achieved, or another period (上年's value as this year's, a 1—6月 value for the whole year, a
five-year total as one year's).

:func:`meaning_check` also blocks a plan's moved deadline (6月底前 → 年底前), one year's value stated as a
multi-year total, a later year header's figure stated as the draft's year's, a result written into the
plan part, and (through :mod:`assistant.check_indicator`) a value given to a contrasting indicator or to
another place of its 分别 list.

A comparison base (比上年, 比2010年, than in 2014) is not a period: ``比2010年增长77%`` is this year's
growth (the reader keeps bases apart, see :func:`assistant.meaning.read_base`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.check_indicator import indicator_check
from assistant.check_ledger import Ledger, compatible, rounding_ok
from assistant.check_meaning_change import change_direction_conflict, sign_reason, span_position_conflict
from assistant.check_meaning_direction import (
    contradicting_earlier,
    contradicting_rate,
    contradicting_span,
    magnitude_direction,
    previous_year_value,
    stated_level_direction,
)
from assistant.check_meaning_roles import (
    base_year_conflict,
    clause_around,
    deadline_conflict,
    estimate_as_final,
    inline_planned,
    later_work_as_done,
    past_occurrence,
    start_level_as_current,
    work_moved_later,
)
from assistant.check_meaning_spans import average_conflict, single_year_heading, span_reason
from assistant.check_meaning_target import result_as_target, result_in_plan, result_restated_as_target
from assistant.check_reasons import note_where
from assistant.check_types import FigureCheck
from assistant.figures import Figure
from assistant.meaning import UNKNOWN, Meaning
from assistant.meaning_doc import doc_year
from assistant.note_lines import header_line
from assistant.periods import Period

__all__ = ["Meaning", "disagreement", "doc_year", "kind_of_disagreement", "meaning_check", "other_meaning",
           "period_conflict", "role_conflict"]

_PLANNED = ("target", "forecast")
_DURATION_UNITS = frozenset({"年", "个月"})  # a duration (三年任务两年完成) is no period's value


def _sub_year(p: Period) -> bool:
    return bool(p.months or p.quarter or p.half)


def _months_of(p: Period) -> tuple[int, int]:
    """The months a part of a year covers: 一季度 (1, 3), 上半年 (1, 6), 1—9月 (1, 9)."""
    if p.months:
        return p.months
    if p.quarter:
        return 3 * p.quarter - 2, 3 * p.quarter
    return (1, 6) if p.half == 1 else (7, 12)


def _offset(p: Period, own: int | None) -> int | None:
    """The period's year relative to the text's own year (0: its own year; -1: the year before),
    or None when that cannot be told."""
    if p.year_source == "text" and p.year is not None:
        if p.relative is not None and own is None:
            return p.relative
        return p.year - own if own is not None else None
    if p.relative is not None:
        return p.relative
    return 0


def period_conflict(dm: Meaning, nm: Meaning, d_year: int | None, n_year: int | None) -> bool:
    """The draft states the value for another period than the note does."""
    if nm.role in _PLANNED and dm.role in _PLANNED:  # a plan moved to another year, or two named years
        return (_target_moved_later(dm.period, nm.period) or _deadline_as_this_year(dm.period, nm.period)
                or (_both_named(dm.period, nm.period) and dm.period.year != nm.period.year))
    if nm.role in _PLANNED or dm.role in _PLANNED:
        # a plan's period is read from the plan, not from the summary's, unless both name their year (年内新建公厕30座
        # under 2020年重点工作, written 明年新建公厕30座 in the plan for 2020: 2021)
        return _both_named(dm.period, nm.period) and dm.period.year != nm.period.year
    dp, np_ = dm.period, nm.period
    if _sub_year(np_):
        if _sub_year(dp):  # 上半年's value stated for 一季度: two parts of the year (上半年 = 1—6月 = 前两季度)
            return _months_of(dp) != _months_of(np_)
        return True  # a 1—6月 value stated for the whole year
    if np_.cumulative and np_.year_source == "context":
        # the notes' title spans years (FY2022-2024): only a draft that names one year of it contradicts
        return (dp.year_source == "text" and dp.relative is None  # a year, or 全年 / the whole year
                and not (dp.cumulative or _sub_year(dp) or dp.span))
    if np_.cumulative:
        if dp.year is None and dp.year_source == "" and dp.relative is None:
            return False  # period8: the draft names no period at all (no year, no heading's): nothing contradicts
        return not (dp.cumulative or _sub_year(dp) or dp.span)  # a five-year total stated as one year's
    if _sub_year(dp) or dp.cumulative:
        # the draft is more specific than terse notes: no contradiction we can prove, unless the notes date the
        # value to an earlier year (比上年的72起, "2024: 356") and the draft to a part of its own (三季度72起)
        own = dp.year if dp.year is not None else d_year
        return (_sub_year(dp) and dm.role != "baseline" and np_.year_source == "text" and np_.year is not None
                and own is not None and np_.year < own and not np_.span)
    if np_.span and dp.span:
        return False  # both read the value inside the same 由…到… span
    if nm.role == "baseline" and np_.year_source == "context":
        return False  # the start of the notes' from → to pair: an earlier year than theirs (see start_as_level)
    if (dp.year_source == "context" and dp.year is not None and np_.year is not None and np_.relative is None
            and dp.relative is None and not dp.span and nm.role != "baseline"
            and (np_.year_source == "text" or np_.year == n_year)):  # not a year a plan header implies
        # the draft's review heading (一、2014年工作回顾) dates a figure the notes give for 2015; the start of
        # a change (由X…) under it may be the year before's
        return np_.year not in ((dp.year, dp.year - 1) if dm.role == "baseline" else (dp.year,))
    if (np_.year_source == "text" and dp.year_source == "text" and np_.year is not None and dp.year is not None
            and np_.relative is None and dp.relative is None and np_.year != dp.year):
        return True  # both name the year: "(end of FY2022)" stated "at the end of fiscal year 2024"
    no, do = _offset(np_, n_year), _offset(dp, d_year)
    if no is not None and do is not None and no != do:
        if no < 0 and do == 0:
            return True  # last year's (or an earlier year's) value stated as this year's
        if do < 0 and no == 0:
            # the draft says 上年 / last year for this year's value, or names an earlier year (“十三五”末,
            # 2020年) for a value the notes give as their own year's
            # (only where the note line has no year of its own or from a header: the notes' year is then
            # read from what they state, not guessed from a plan header)
            if dp.relative is not None:
                return True
            plain = nm.role != "baseline" and dm.role != "baseline" and not dp.span
            # a note line under the notes' own year (2024年回顾 / the title's year) stated by the draft for a
            # year it names itself, before that one (2023年，粮食产量…): the draft dates it, not its place
            named_earlier = (np_.year_source == "context" and np_.year is not None and np_.year == n_year
                             and dp.year_source == "text" and dp.year is not None and dp.year < np_.year)
            return plain and (np_.year_source == "" or named_earlier)
        if do > 0 and no <= 0 and (np_.year is None or dp.year is None or dp.year > np_.year):
            return True  # this year's result stated for a later year ("for fiscal year 2025" in FY2024 notes)
        return no < 0 and do < 0  # two different earlier years
    if (np_.year_source == "text" and dp.year_source == "text" and np_.year is not None and dp.year is not None):
        return np_.year != dp.year
    return False


def _both_named(dp: Period, np_: Period) -> bool:
    """Both periods name one year of their own (2021年 / 明年 read in its part; 年内 / 2020年), whole years."""
    return (dp.year_source == "text" and np_.year_source == "text" and dp.year is not None and np_.year is not None
            and dp.relative is None and np_.relative in (None, 0)
            and not (dp.cumulative or dp.span or np_.cumulative or np_.span or _sub_year(dp) or _sub_year(np_)))


def _deadline_as_this_year(dp: Period, np_: Period) -> bool:
    """A plan the notes date with a year of their own (2017年底前…全部脱贫, "by the end of 2026") stated by the
    draft for the plan's own year (年内 / 今年 / this year, read as that year in its plan part)."""
    return (dp.year_source == "text" and dp.relative == 0 and dp.year is not None
            and np_.year_source == "text" and np_.relative is None and np_.year is not None
            and dp.year != np_.year
            and not (dp.cumulative or dp.span or np_.cumulative or np_.span or _sub_year(dp) or _sub_year(np_)))


def _target_moved_later(dp: Period, np_: Period) -> bool:
    """A plan's figure the draft puts in a later year than the notes' plan (2020年重点工作: 新建公厕30座 →
    明年 / 2021年新建公厕30座): the draft names that year itself, the notes' year is their plan's."""
    return (dp.year_source == "text" and dp.relative is None and dp.year is not None and np_.year is not None
            and (np_.year_source != "text" or np_.relative == 0) and dp.year > np_.year and not (dp.cumulative or dp.span or np_.cumulative
                                                                          or np_.span or _sub_year(dp)))


def later_year(dm: Meaning, nm: Meaning, d_year: int | None) -> bool:
    """Notes with two year headers (2015年： … 2016年：) and no year of their own: a figure under the later
    header (its period's year read from the header) stated as the draft's year's result."""
    np_, dp = nm.period, dm.period
    return (dm.role == "achieved" and nm.role not in _PLANNED and np_.year_source == "context"
            and np_.year is not None and (dp.year_source != "text" or dp.year in (None, d_year))
            and dp.relative is None and not _sub_year(dp)
            and not dp.cumulative and d_year is not None and np_.year > d_year)


_TOTAL_WORDS = re.compile(r"累计|共计|合计|总计|[五三两四十]年(?:来|间)|\bin total\b|\bcumulative(?:ly)?\b|"
                          r"\b(?:over|in|during|across|throughout)\s(?:the\s|these\s)?(?:past\s|last\s)?(?:\w{1,12}\s)?years\b|"
                          r"\bthese\s\w{1,12}\syears\b|\b\w{1,12}-year\stotal\b", re.I)


def _one_year_as_total(ledger: Ledger, idx: int, d: Figure, dm: Meaning, nm: Meaning) -> bool:
    """One stated year's value (2015年空港旅客吞吐量183万人次) stated as a multi-year total by the draft's own
    words (五年累计…183万人次), not only by the heading it stands under (“十二五”时期工作回顾)."""
    dp, np_ = dm.period, nm.period
    if not dp.cumulative or dp.span or _sub_year(dp) or np_.span or np_.cumulative or _sub_year(np_):
        return False
    if np_.year is None or (dp.year_source == "text" and dp.year == np_.year):
        return False
    if np_.year_source != "text" and not (np_.year_source == "context" and single_year_heading(ledger, ledger.figs[idx].line)):
        return False  # the year of its title or header ("City 2025 review"), not of a five-year review's
    if nm.role in _PLANNED or dm.role in _PLANNED or d.unit in _DURATION_UNITS:
        return False
    text = ledger.draft_text
    start = max(text.rfind(ch, 0, d.start) for ch in "。！？!?\n；;") + 1
    return _TOTAL_WORDS.search(text, max(start, d.start - 60), d.start) is not None


_BELOW, _ABOVE = frozenset({"nearly", "under"}), frozenset({"over"})


def _bound_conflict(d: Figure, note: Figure, zh: bool) -> str | None:
    """The draft puts the value on the other side of its bound: the notes' "nearly 100,000" (近10万, under
    one side) stated as "over 100,000" (超过10万), or the other way round."""
    if d.value != note.value or d.approx is None or note.approx is None:
        return None
    if not ((d.approx in _ABOVE and note.approx in _BELOW) or (d.approx in _BELOW and note.approx in _ABOVE)):
        return None
    below = note.approx in _BELOW
    return (f"{note_where(note, zh)}{'不到' if below else '超过'}这个数，草稿把{d.text}写成了"
            f"{'超过' if below else '不到'}" if zh else
            f"{note_where(note, zh)} is {'below' if below else 'above'} that value, but the draft states {d.text} "
            f"as {'above' if below else 'below'} it")


def role_conflict(dm: Meaning, nm: Meaning) -> bool:
    """A target or forecast stated as achieved (or a forecast as final)."""
    return nm.role in _PLANNED and dm.role == "achieved"


def achieved_as_target(dm: Meaning, nm: Meaning) -> bool:
    """An earlier year's result stated as a later year's target (2011年GDP 198.5亿元 → 2012年力争达到
    198.5亿元): the draft names the later year itself, so the two years are not a reading of context."""
    dp, np_ = dm.period, nm.period
    if (nm.role == "baseline" and np_.year_source == "text" and np_.year is not None and dm.role == "target"
            and dp.year is None and dp.relative is None and not (dp.cumulative or dp.span)):
        return True  # wave 12 (structure): a base value the notes date (去年基数：, "(2024: 3%)") as the plan's target
    if (nm.role == "achieved" and dm.role in _PLANNED and dp.year is None and (dp.relative or 0) >= 1
            and np_.year is None and np_.relative in (None, 0) and not (dp.cumulative or dp.span or np_.cumulative
                                                                       or np_.span or _sub_year(dp) or _sub_year(np_))):
        return True  # period8: 今年完成's value stated as 明年's target ("next year") in notes and a draft with no year
    return (nm.role in ("achieved", "baseline") and dm.role in _PLANNED and dp.year_source == "text"
            and dp.year is not None and np_.year is not None and dp.year > np_.year and dp.relative is None)


def kind_of_disagreement(dm: Meaning, nm: Meaning) -> str:
    """``role`` or ``period`` (for the repair instruction), given that :func:`disagreement` found one."""
    return "role" if role_conflict(dm, nm) or achieved_as_target(dm, nm) else "period"


def _period_words(p: Period, zh: bool, own: int | None) -> str:
    if p.cumulative and not (p.span or _sub_year(p)):
        return "多年累计" if zh else "a multi-year total"
    label = p.label("zh" if zh else "en")
    if p.year_source != "text" and not (_sub_year(p) or p.cumulative):
        if p.relative == -1:
            return "上年" if zh else "the previous year"
        year = p.year if p.year is not None else own
        return (f"{year}年全年" if year else "本年度") if zh else (f"the whole year {year}" if year else "this year")
    if p.relative == -1 and p.year_source == "text" and p.year is None:
        return "上年" if zh else "the previous year"
    return label or ("本年度" if zh else "this year")


def as_read(dm: Meaning, nm: Meaning, *, relative_plan: bool = False, base_marked: bool = False) -> Meaning | None:
    """``dm`` with the year its words alone give (去年 = the year before the notes' own), when the report part
    it stands in read them otherwise (去年 in a review written the year after) and the note fact is dated by
    such a word too (去年末…, "in the last year"): notes written on another day than the draft may mean
    either, so the draft figure is accepted when either reading fits. None otherwise (a note dated by a year
    or a header is read one way only)."""
    p = dm.period
    if p.as_read is None:
        return None
    if nm.period.relative_to != "report" and not (relative_plan and p.as_read[1] == 1 and dm.role in _PLANNED
                                                    and nm.role in _PLANNED and nm.period.year_source != "text") \
            and not (base_marked and p.as_read[1] == 0 and dm.role in _PLANNED):
        # (在今年…的基础上 in the plan: the base the plan builds on, 今年 as written in the review's year)
        # period8: a plan's 明年 / "next year" under its own year's title (2006 Plan) may be written the year before,
        # as the notes' "Next year:" header was (``relative_plan``: the note's header names no year)
        return None
    year, relative = p.as_read
    return replace(dm, period=replace(p, year=year, relative=relative, as_read=None,
                                      year_source="text" if year is not None else ""))


def disagreement(
    d: Figure, n: Figure, dm: Meaning, nm: Meaning, where: str, *, zh: bool,
    d_year: int | None, n_year: int | None,
) -> str | None:
    """The reason a draft figure misstates the note figure of the same value, or ``None`` (when either
    reading of a 去年 / 今年 / last year fits)."""
    reason = _disagreement(d, n, dm, nm, where, zh=zh, d_year=d_year, n_year=n_year)
    alt = as_read(dm, nm) if reason is not None else None
    if alt is not None and _disagreement(d, n, alt, nm, where, zh=zh, d_year=d_year, n_year=n_year) is None:
        return None
    return reason


def _disagreement(
    d: Figure, n: Figure, dm: Meaning, nm: Meaning, where: str, *, zh: bool,
    d_year: int | None, n_year: int | None,
) -> str | None:
    del n
    if nm is UNKNOWN:
        return None  # no fact for the note figure (a period expression such as 6年来): nothing to compare
    since = dm.period
    if dm.base == f"since:{since.year}" and since.year_source == "text" and not (since.span or _sub_year(since)):
        # "net losses have totaled $118 billion since FY2006": the year is where the count starts, not the
        # figure's year; the figure runs from it to the report's time
        dm = replace(dm, period=replace(since, year=None, year_source="", relative=None, cumulative=True))
    if role_conflict(dm, nm):
        if nm.role == "forecast":
            return (f"{where}是预计数，草稿把{d.text}写成了实际完成数" if zh
                    else f"{where} is a forecast, but the draft states {d.text} as the final figure")
        return (f"{where}是目标/计划，草稿把{d.text}写成了已完成" if zh
                else f"{where} is a target or plan, but the draft states {d.text} as achieved")
    if achieved_as_target(dm, nm):
        later = dm.period.year is None and (dm.period.relative or 0) >= 1
        return (f"{where}是{_period_words(nm.period, zh, n_year)}已完成的数，草稿把{d.text}写成了"
                f"{'明年' if later else str(dm.period.year or '计划') + '年'}的目标" if zh else
                f"{where} is the result for {_period_words(nm.period, zh, n_year)}, but the draft states {d.text} "
                f"as the target for {'next year' if later else dm.period.year or 'the plan'}")
    if base_year_conflict(dm, nm):
        # "-10.2% since end of FY2024" stated "10.2 percent below the FY2026 level": another year compared with
        n_base, d_base = (nm.base or "")[6:], (dm.base or "")[6:]
        return (f"{where}是与{n_base}年相比的数，草稿把{d.text}写成了与{d_base}年相比" if zh else
                f"{where} is the change since {n_base}, but the draft states {d.text} against {d_base}")
    average = average_conflict(d, dm, nm)
    if average is not None:
        if average == "avg":
            return (f"{where}是多年的年均增速，草稿把{d.text}写成了一年的增幅" if zh else
                    f"{where} is an average annual rate over several years, but the draft states {d.text} as one "
                    "year's change")
        return (f"{where}是一年的增幅，草稿把{d.text}写成了多年的年均增速" if zh else
                f"{where} is one year's change, but the draft states {d.text} as an average annual rate")
    if d.unit not in _DURATION_UNITS and period_conflict(dm, nm, d_year, n_year):
        np_ = _period_words(nm.period, zh, n_year)
        dp = _period_words(dm.period, zh, d_year)
        return (f"{where}是{np_}的数，草稿把{d.text}写成了{dp}的数" if zh
                else f"{where} is the figure for {np_}, but the draft states {d.text} for {dp}")
    return None


# --- the checker's meaning rules over the ledger --------------------------------------------------

def other_meaning(d: Figure, ledger: Ledger, strong: int, rounded: int) -> bool:
    """The note figure whose words fit ``d`` best (``strong``) means something else than the draft says
    (a plan's target for a review's result, another period), and the one ``d`` rounds (``rounded``) does not."""
    dm = ledger.draft_meanings.get(d.start, UNKNOWN)
    if dm is UNKNOWN:
        return False

    def differs(i: int) -> bool:
        return disagreement(d, ledger.figs[i], dm, ledger.meanings[i], "", zh=True, d_year=ledger.draft_year,
                            n_year=ledger.year) is not None

    return differs(strong) and not differs(rounded)


def meaning_check(
    fc: FigureCheck, ledger: Ledger, dm: Meaning, d_year: int | None, zh: bool
) -> FigureCheck:
    """Block a figure whose value is right but whose period or role the draft misstates (not when the
    year its words alone give fits: see :func:`as_read`)."""
    out = _meaning_check(fc, ledger, dm, d_year, zh)
    idx = ledger.by_start.get(fc.note.start) if fc.note is not None else None
    alt = (as_read(dm, ledger.meanings[idx], relative_plan=_relative_plan_header(ledger, idx),
                   base_marked=_BASE_MARK.search(clause_around(ledger.draft_text, fc.figure.start, fc.figure.end)) is not None)
           if out.status != fc.status and idx is not None else None)
    if alt is not None:
        other = _meaning_check(fc, ledger, alt, d_year, zh)
        if other.status == fc.status:
            return other
    return out


# the draft names the figure as the base the plan builds on (在今年…的基础上, "building on", "after"): no target
_BASE_MARK = re.compile(r"基础上|为基础|基数|\b(?:after|from|building\s++on|on\s++top\s++of|compared\s++with)\b", re.I)


def _relative_plan_header(ledger: Ledger, idx: int) -> bool:
    """The note figure stands under a plan header that names no year (Next year:, 明年目标和安排：)."""
    lines = ledger.text.split("\n")[:max(0, ledger.figs[idx].line - 1)]
    for line in reversed(lines[-40:]):
        head = header_line(line[:200]) if len(line) <= 200 else None
        if head is not None and head[0] is not None:
            return head[0] == "plan" and head[1] is None
    return False


def _meaning_check(
    fc: FigureCheck, ledger: Ledger, dm: Meaning, d_year: int | None, zh: bool
) -> FigureCheck:
    note = fc.note
    assert note is not None
    idx = ledger.by_start.get(note.start)
    if idx is None:
        return fc
    nm = inline_planned(ledger, idx)
    d = fc.figure
    change = (previous_year_value(ledger, idx, d, clause_around(ledger.draft_text, d.start, d.end))
              if fc.status == "approximate" else None)
    if change is not None:
        return FigureCheck(d, "mismatch", f"{note_where(note, zh)}比上年变化{change.text}，{d.text}是上年的数，草稿写成了本期的数"
                           if zh else f"{note_where(note, zh)} changed by {change.text} from the year before: {d.text} "
                           "is the previous year's value, but the draft states it as the current one", note=note,
                           meaning="period")
    reason = disagreement(d, note, dm, nm, note_where(note, zh), zh=zh, d_year=d_year, n_year=ledger.year)
    bound = _bound_conflict(d, ledger.figs[idx], zh) if reason is None and fc.status == "verified" else None
    if bound is not None:
        return FigureCheck(d, "mismatch", bound, note=note, meaning="value")
    if reason is None:
        reason = deadline_conflict(ledger, d, note, zh)
    if reason is None:  # a later year's work stated as done / a result stated as the plan's target (role3, wave 10)
        reason = (later_work_as_done(ledger, idx, d, dm, zh) or work_moved_later(ledger, idx, d, dm, zh)
                  or result_restated_as_target(ledger, idx, d, dm, zh))
    if (reason is None and nm.role is None and ledger.item_roles[idx] == "achieved"
            and achieved_as_target(dm, replace(nm, role="achieved"))
            and not _BASE_MARK.search(clause_around(ledger.draft_text, d.start, d.end))):
        # period8: a result whose own words say no role (GDP 67.7万亿元，增长6.9% under 2015年完成情况) stated as the
        # plan's own year's (今年国内生产总值增长6.9% in 二、2016年工作安排)
        reason = (f"{note_where(note, zh)}是{_period_words(nm.period, zh, ledger.year)}已完成的数，草稿把{d.text}写成了"
                  f"{dm.period.year or '明年'}{'年' if dm.period.year else ''}的目标" if zh else
                  f"{note_where(note, zh)} is the result for {_period_words(nm.period, zh, ledger.year)}, but the draft "
                  f"states {d.text} as the target for {dm.period.year or 'next year'}")
    if (reason is None and dm.role in _PLANNED and nm.role is None and ledger.item_roles[idx] in _PLANNED
            and _target_moved_later(dm.period, nm.period)):
        reason = (f"{note_where(note, zh)}是{nm.period.year}年的计划，草稿把{d.text}写成了{dm.period.year}年的" if zh else
                  f"{note_where(note, zh)} is planned for {nm.period.year}, but the draft plans {d.text} for "
                  f"{dm.period.year}")
    if reason is None and dm.role not in _PLANNED and estimate_as_final(ledger, d, note):
        reason = (f"{note_where(note, zh)}是估计数，草稿把{d.text}写成了最终/实际数" if zh else
                  f"{note_where(note, zh)} is an estimate, but the draft states {d.text} as the final figure")
    if reason is None and dm.role in _PLANNED and past_occurrence(ledger, d, note):
        reason = (f"{note_where(note, zh)}是上一次（已发生）的数，草稿把{d.text}写成了计划/目标" if zh else
                  f"{note_where(note, zh)} is the last (past) change, but the draft states {d.text} as planned")
    if reason is None:
        reason = span_reason(ledger, idx, d, dm, note_where(note, zh), zh)
    if reason is None and fc.status == "verified":
        reason = start_level_as_current(ledger, idx, d, dm, zh)
    if reason is None and _one_year_as_total(ledger, idx, d, dm, nm):
        reason = (f"{note_where(note, zh)}是{nm.period.year}年一年的数，草稿把{d.text}写成了多年累计的数" if zh else
                  f"{note_where(note, zh)} is the figure for {nm.period.year} alone, but the draft states {d.text} "
                  "as a multi-year total")
    if (reason is None and ledger.own_year is None and ledger.item_roles[idx] not in _PLANNED
            and later_year(dm, nm, d_year)):
        reason = (f"{note_where(note, zh)}是{nm.period.year}年的数，草稿把{d.text}写成了{d_year}年的数" if zh else
                  f"{note_where(note, zh)} is the figure for {nm.period.year}, but the draft states {d.text} for {d_year}")
    if reason is None:
        reason = result_as_target(ledger, idx, d, dm, note_where(note, zh), zh)
    if reason is None and zh:
        reason = result_in_plan(ledger, idx, d, dm, note_where(note, zh))
    if reason is None:
        n_size = magnitude_direction(ledger.text, note.start) if note.direction is None else None
        d_dir = d.direction or magnitude_direction(ledger.draft_text, d.start)
        if n_size is not None and d_dir is not None and d_dir != n_size:
            reason = (f"笔记第{note.line}行{note.text}是{'降幅' if n_size == 'down' else '增幅'}，草稿却写成"
                      f"{'增长' if d_dir == 'up' else '下降'}{d.text}" if zh else
                      f"notes line {note.line}: {note.text} is a {'fall' if n_size == 'down' else 'rise'}, but the "
                      f"draft states a {'rise' if d_dir == 'up' else 'fall'} of {d.text}")
            return FigureCheck(d, "wrong_direction", reason, note=note, meaning="direction")
        moved = _span_or_change(ledger, idx, d, dm, zh)
        if moved is not None:
            return FigureCheck(d, "wrong_direction", moved, note=note, meaning="direction")
        span = contradicting_span(ledger.draft_figs, ledger.draft_text, d, dm.direction)
        if span is not None:
            reason = (f"草稿写{'增加' if dm.direction == 'up' else '减少'}，但由{d.text}到{span.text}是"
                      f"{'减少' if dm.direction == 'up' else '增加'}" if zh else
                      f"the draft says {'rose' if dm.direction == 'up' else 'fell'}, but {d.text} to {span.text} "
                      f"{'falls' if dm.direction == 'up' else 'rises'}")
            return FigureCheck(d, "wrong_direction", reason, note=note, meaning="direction")
        before = ledger.draft_text[max(0, d.start - 16):d.start]
        stated = stated_level_direction(ledger.draft_text, d.start, d.end)
        lvl = replace(dm, direction=stated) if stated is not None else dm
        earlier = contradicting_earlier(ledger, idx, lvl, before, level=stated is not None)
        if earlier is None:
            rate = contradicting_rate(ledger, idx, lvl, before, level=stated is not None)
            if rate is not None:
                reason = (f"笔记第{note.line}行{note.text}比上年{'增长' if lvl.direction == 'down' else '下降'}"
                          f"{rate.text}，草稿却写成{'增加' if lvl.direction == 'up' else '减少'}到{d.text}" if zh else
                          f"notes line {note.line}: {note.text} is {'up' if lvl.direction == 'down' else 'down'} "
                          f"{rate.text}, but the draft says it {'rose' if lvl.direction == 'up' else 'fell'} to {d.text}")
                return FigureCheck(d, "wrong_direction", reason, note=note, meaning="direction")
        if earlier is None:
            return indicator_check(fc, ledger, dm, idx, zh) or fc
        reason = (f"笔记第{note.line}行由{earlier.text}变为{note.text}，草稿却写成{'增加' if lvl.direction == 'up' else '减少'}到"
                  f"{d.text}" if zh else f"notes line {note.line} goes from {earlier.text} to {note.text}, but the "
                  f"draft says it {'rose' if lvl.direction == 'up' else 'fell'} to {d.text}")
        return FigureCheck(d, "wrong_direction", reason, note=note, meaning="direction")
    # the same value stated elsewhere in the notes for this indicator, with the draft's meaning
    sims = ledger.sims(d)
    own = sims.get(idx, 0.0)
    for i in ledger.same_value(d) if fc.status == "verified" else ledger.near(d):
        if i == idx or sims.get(i, 0.0) < own - 0.1:
            continue
        c = ledger.form(i, d)
        if fc.status == "verified" and (c.value != d.value or not compatible(d, c)):
            continue
        if fc.status == "approximate" and not (compatible(d, c) and rounding_ok(d, c)):
            continue
        if disagreement(d, c, dm, ledger.meanings[i], "", zh=zh, d_year=d_year, n_year=ledger.year) is None:
            off_span = ledger.figs[idx].unit != c.unit  # list3: a count moved off a span (at 12 months) is read for its item
            return (indicator_check(replace(fc, note=c), ledger, dm, i, zh) if off_span else None) or replace(fc, note=c)
    return FigureCheck(d, "mismatch", reason, note=note, meaning=kind_of_disagreement(dm, nm))


def _span_or_change(ledger: Ledger, idx: int, d: Figure, dm: Meaning, zh: bool) -> str | None:
    """The reason the draft names the notes' from → to value at the other end of the span, or turns the
    notes' change round (see :mod:`assistant.check_meaning_change`); None otherwise."""
    note = ledger.figs[idx]
    where = note_where(note, zh)
    placed = span_position_conflict(ledger, idx, d)
    if placed is not None:
        n_pos, _ = placed
        if zh:
            return (f"{where}是变化的起始值（由{note.text}…），草稿把{d.text}写成了变化后达到的值" if n_pos == "start" else
                    f"{where}是变化后达到的值（…到{note.text}），草稿把{d.text}写成了起始值")
        return (f"{where} is the starting value of a change (from {note.text}), but the draft states {d.text} as "
                "the value it changed to" if n_pos == "start" else
                f"{where} is the value a change reached (to {note.text}), but the draft states {d.text} as its start")
    turned = change_direction_conflict(ledger, idx, d, dm)
    if turned is None:
        return sign_reason(ledger, idx, d, dm, zh)  # sign8 (wave 13): a sign lost, a removal stated as an addition
    n_dir, d_dir = turned
    if zh:
        return (f"{where}是{'增加' if n_dir == 'up' else '减少'}{note.text}，草稿却写成"
                f"{'增加' if d_dir == 'up' else '减少'}{d.text}")
    return (f"{where} is {'a rise' if n_dir == 'up' else 'a fall'} of {note.text}, but the draft states "
            f"{'a rise' if d_dir == 'up' else 'a fall'} of {d.text}")
