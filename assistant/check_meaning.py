"""Does a draft figure state what its note fact is the value of? (the checker's comparison).

Both sides are read by one reader, :mod:`assistant.meaning`: the note side is the fact table
(:func:`assistant.facts.build_facts`: header lines, continuation bullets and plan sections decide a
fact's role and period), the draft side :func:`assistant.meaning_doc.read_meanings` (the report part a
figure stands in settles a role its words leave open). :func:`disagreement` compares the two
:class:`~assistant.meaning.Meaning` values of a draft figure and the note figure of the same value and
returns the reason (in the draft's language) when the draft misstates it: a target or forecast stated
as achieved, or another period (上年's value as this year's, a 1—6月 value for the whole year, a
five-year total as one year's).

A comparison base (比上年, 比2010年, than in 2014) is not a period: ``比2010年增长77%`` is this year's
growth (the reader keeps bases apart, see :func:`assistant.meaning.read_base`).
"""

from __future__ import annotations

from assistant.figures import Figure
from assistant.meaning import UNKNOWN, Meaning
from assistant.meaning_doc import doc_year
from assistant.periods import Period

__all__ = ["Meaning", "disagreement", "doc_year", "kind_of_disagreement", "period_conflict", "role_conflict"]

_PLANNED = ("target", "forecast")


def _sub_year(p: Period) -> bool:
    return bool(p.months or p.quarter or p.half)


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
    if nm.role in _PLANNED or dm.role in _PLANNED:
        return False  # a plan's period is read from the plan, not from the summary's
    dp, np_ = dm.period, nm.period
    if _sub_year(np_):
        return not _sub_year(dp)  # a 1—6月 value stated for the whole year
    if np_.cumulative:
        return not (dp.cumulative or _sub_year(dp) or dp.span)  # a five-year total stated as one year's
    if _sub_year(dp) or dp.cumulative:
        return False  # the draft is more specific than terse notes: not a contradiction we can prove
    if np_.span and dp.span:
        return False  # both read the value inside the same 由…到… span
    no, do = _offset(np_, n_year), _offset(dp, d_year)
    if no is not None and do is not None and no != do:
        if no < 0 and do == 0:
            return True  # last year's (or an earlier year's) value stated as this year's
        if do < 0 and no == 0:
            return dp.relative is not None  # the draft says 上年 / last year for this year's value
        return no < 0 and do < 0  # two different earlier years
    if (np_.year_source == "text" and dp.year_source == "text" and np_.year is not None and dp.year is not None):
        return np_.year != dp.year
    return False


def role_conflict(dm: Meaning, nm: Meaning) -> bool:
    """A target or forecast stated as achieved (or a forecast as final)."""
    return nm.role in _PLANNED and dm.role == "achieved"


def achieved_as_target(dm: Meaning, nm: Meaning) -> bool:
    """An earlier year's result stated as a later year's target (2011年GDP 198.5亿元 → 2012年力争达到
    198.5亿元): the draft names the later year itself, so the two years are not a reading of context."""
    dp, np_ = dm.period, nm.period
    return (nm.role in ("achieved", "baseline") and dm.role == "target" and dp.year_source == "text"
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
        return (f"{own}年全年" if own else "本年度") if zh else (f"the whole year {own}" if own else "this year")
    if p.relative == -1 and p.year_source == "text" and p.year is None:
        return "上年" if zh else "the previous year"
    return label or ("本年度" if zh else "this year")


def disagreement(
    d: Figure, n: Figure, dm: Meaning, nm: Meaning, where: str, *, zh: bool,
    d_year: int | None, n_year: int | None,
) -> str | None:
    """The reason a draft figure misstates the note figure of the same value, or ``None``."""
    del n
    if nm is UNKNOWN:
        return None  # no fact for the note figure (a period expression such as 6年来): nothing to compare
    if role_conflict(dm, nm):
        if nm.role == "forecast":
            return (f"{where}是预计数，草稿把{d.text}写成了实际完成数" if zh
                    else f"{where} is a forecast, but the draft states {d.text} as the final figure")
        return (f"{where}是目标/计划，草稿把{d.text}写成了已完成" if zh
                else f"{where} is a target or plan, but the draft states {d.text} as achieved")
    if achieved_as_target(dm, nm):
        return (f"{where}是{_period_words(nm.period, zh, n_year)}已完成的数，草稿把{d.text}写成了"
                f"{dm.period.year}年的目标" if zh else
                f"{where} is the result for {_period_words(nm.period, zh, n_year)}, but the draft states {d.text} "
                f"as the target for {dm.period.year}")
    if period_conflict(dm, nm, d_year, n_year):
        np_ = _period_words(nm.period, zh, n_year)
        dp = _period_words(dm.period, zh, d_year)
        return (f"{where}是{np_}的数，草稿把{d.text}写成了{dp}的数" if zh
                else f"{where} is the figure for {np_}, but the draft states {d.text} for {dp}")
    return None
