"""Is a draft figure given to the indicator its note fact is the value of? (contrasting names).

A value matched to a note figure can still be given to another indicator. The contrast words of names
(城镇 / 农村, 收入 / 支出, 平均 / 最高, 每户 / a total) are read in :mod:`assistant.check_indicator_kind`;
English word-level readings in :mod:`assistant.check_indicator_en`. This module reads the note's structure:
another figure of the line, another line's words, another fact's name, a part given the total.

:func:`names_a_part` finds the total given to one of its parts: the draft names the category that only
the note's ``其中`` line under the total has (重点项目105个 / 其中民生类46个 → "民生类重点项目105个").

Every reader looks at a bounded name (at most :data:`NAME_REACH` characters): linear in the draft.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from assistant.check_indicator_en import english_indicator_check
from assistant.check_indicator_kind import (
    NAME_REACH,
    category,
    indicator_conflict,
    kind_conflict,
    modifier_conflict,
    per_unit_conflict,
    stage_conflict,
    whole_for_part,
    work_conflict,
)
from assistant.check_indicator_list import list_reading, note_item_words
from assistant.check_indicator_pair import change_of_another_level, paired_elsewhere
from assistant.check_indicator_series import level_of_change, note_list_other, series_sibling
from assistant.check_indicator_shared import names_own_part, names_part_label, shared_list_sibling
from assistant.check_ledger import Ledger
from assistant.check_reasons import note_where, verified_reason
from assistant.check_types import FigureCheck
from assistant.figures import Figure
from assistant.meaning import Meaning
from assistant.meaning_cues import indicator_key, normalise_indicator, same_indicator

__all__ = ["NAME_REACH", "clause_around", "clause_before", "indicator_check", "indicator_conflict", "kind_conflict",
           "line_of_another", "name_of_another", "names_a_part", "note_clause", "other_place", "part_words", "per_unit_conflict",
           "whole_for_part"]



_LABEL_FILLER = re.compile(r"^[\s$¥€£]*+(?:(?:about|approximately|around|nearly|almost|some|约|近|达|为|共)[\s$¥€£]*+)?$",
                           re.I)

_PART_LEAD = re.compile(r"^\s*+(?:[-*•·]\s*+)?(?:其中|of which|including)", re.I)


def names_a_part(draft_name: str, total_name: str, part_lines: list[str], *, zh: bool) -> str | None:
    """The category a draft name takes from one of ``part_lines`` (the note's 其中 / "of which" lines
    right under the total) that the total's own name lacks: the total stated as that part's value."""
    if not zh:
        return None
    d, n = indicator_key(draft_name[-NAME_REACH:]), indicator_key(total_name[-NAME_REACH:])
    for line in part_lines:
        if not _PART_LEAD.match(line):
            continue
        cat = category(indicator_key(line[:NAME_REACH]))
        if cat and cat[-4:] in d and cat[-4:] not in n:
            return cat + "类"
    return None


def _after(text: str, end: int) -> str:
    """The words right after a figure up to a stop (投资3500万元改造二三级供水管网 → 改造二三级供水管网)."""
    return re.split(r"[，,；;。：:\n、]", text[end:end + 30], maxsplit=1)[0].strip()


@lru_cache(maxsize=16384)  # the same note lines and names are read for every draft figure
def _bigrams(s: str) -> frozenset[str]:
    return frozenset(s[i:i + 2] for i in range(len(s) - 1)
                     if "\u4e00" <= s[i] <= "\u9fff" and "\u4e00" <= s[i + 1] <= "\u9fff")


def _purpose_of_another(ledger: Ledger, d: Figure, idx: int) -> Figure | None:
    """The note figure of the same line and unit whose purpose (the words after it: 3800万元改造背街巷道)
    is the one the draft gives ``d`` (投资3800万元完成二三级供水管网改造), when ``d``'s own note figure's
    purpose shares next to nothing with it: the value was moved to another item of the line."""
    d_after = _bigrams(_after(ledger.draft_text, d.end))
    if len(d_after) < 3:
        return None
    note = ledger.figs[idx]
    own = len(d_after & _bigrams(_after(ledger.text, note.end)))
    if own > 1:
        return None
    for j in ledger.by_line.get(note.line, ())[:16]:
        c = ledger.figs[j]
        if j == idx or c.unit != note.unit or c.value == note.value:
            continue
        if len(d_after & _bigrams(_after(ledger.text, c.end))) >= own + 3:
            return c
    return None


def _named_sibling(ledger: Ledger, dm: Meaning, idx: int) -> Figure | None:
    """The note figure of the same line and unit (another value) whose name the draft's name holds while the
    figure's own name is not in it (城镇新增就业6790人，再就业1582人 stated as 城镇再就业6790人)."""
    note, own = ledger.figs[idx], ledger.meanings[idx].indicator
    name = dm.indicator
    if not name or not own or own in name:
        return None
    for j in ledger.by_line.get(note.line, ())[:16]:
        c, other = ledger.figs[j], ledger.meanings[j].indicator
        if j == idx or c.unit != note.unit or c.value == note.value or len(other) < 3:
            continue
        if other in name and other not in own and own not in other:
            return c
    return None


def other_place(dm: Meaning, nm: Meaning) -> str | None:
    """The name the draft gives a value of a 分别 / respectively list when that name is another place of the
    note's own list (A、B分别为x、y stated as "B x"): the two lists name the same things in another order."""
    if not (nm.order and dm.order and len(nm.listed) > 1 and dm.indicator and nm.indicator):
        return None
    if same_indicator(dm.indicator, nm.indicator) is not False:
        return None
    others = [n for k, n in enumerate(nm.listed) if k != nm.order - 1 and n != nm.indicator]
    hits = [n for n in others if same_indicator(dm.indicator, n)]
    return dm.indicator if len(hits) == 1 else None


_CLAUSE_STOPS = "，,。；;：:！？!?\n"


def clause_before(text: str, pos: int) -> str:
    """The words of the clause before ``pos`` (at most :data:`NAME_REACH` characters)."""
    lo = max(0, pos - NAME_REACH)
    cut = max(text.rfind(ch, lo, pos) for ch in _CLAUSE_STOPS) + 1
    return text[max(lo, cut):pos]


def clause_around(text: str, start: int, end: int, zh: bool) -> str:
    """The clause before a figure, and for English the words after it too ("41 clinics in total")."""
    if zh:
        return clause_before(text, start)
    after = text[end:end + NAME_REACH]
    cut = min((k for k in (after.find(ch) for ch in _CLAUSE_STOPS + ".") if k >= 0), default=len(after))
    return clause_before(text, start) + " " + after[:cut]


def _part_lines(text: str, pos: int) -> list[str]:
    """The note lines right under the line of ``pos`` (at most three, each read to 200 characters)."""
    out: list[str] = []
    k = text.find("\n", pos)
    while k >= 0 and len(out) < 3:
        nxt = text.find("\n", k + 1, k + 202)
        out.append(text[k + 1:nxt if nxt >= 0 else k + 201])
        k = nxt
    return out


def note_clause(text: str, start: int, end: int, zh: bool) -> str:
    """:func:`clause_around`, and the label before a colon when the figure is all its clause holds
    (``DOT difference: $10 million``, ``城镇调查失业率：5.5%``): a note line's ``label: value``."""
    c = clause_around(text, start, end, zh)
    before = clause_before(text, start)
    lo = start - len(before)
    if lo > 0 and text[lo - 1] in ":：" and _LABEL_FILLER.match(before):
        return clause_before(text, lo - 1) + " " + c
    return c


def _line_before(text: str, pos: int) -> str:
    """The note line's words before ``pos`` (at most 200 characters)."""
    return text[max(text.rfind("\n", 0, pos) + 1, pos - 200):pos]


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around a figure (to 。！？ or a line end, at most 200 characters each side)."""
    lo = max(0, start - 200)
    cut = max(text.rfind(ch, lo, start) for ch in "。！？!?\n") + 1
    tail = text[end:end + 200]
    stop = min((k for k in (tail.find(ch) for ch in "。！？!?\n") if k >= 0), default=len(tail))
    return text[max(lo, cut):end + stop]


@lru_cache(maxsize=16384)
def _cjk_bigrams(text: str) -> frozenset[str]:
    return _bigrams(re.sub(r"[^\u4e00-\u9fff]", " ", text))


def part_words(draft_text: str, total_line: str, part_text: str, *, zh: bool) -> str | None:
    """The words of the note's part (its 其中 / "of which" text) that the total's own line lacks, when the draft's
    words for the total hold them (贫困人口611人全部实现稳定脱贫, 其中349人稳定脱贫): the total stated as the part."""
    if not part_text:
        return None
    if zh:
        own = _cjk_bigrams(re.sub(r"^\s*+(?:[-*•·]\s*+)?其中", "", part_text)) - _cjk_bigrams(total_line)
        hits = sorted(own & _cjk_bigrams(draft_text))
        return "".join(dict.fromkeys("".join(hits))) if len(hits) >= 2 else None
    from assistant.check_indicator_en import content_words
    words = content_words(part_text) - content_words(total_line) - {"which", "including"}
    hits = sorted(words & content_words(draft_text))
    return " ".join(hits) if len(hits) >= 2 else None


def _part_text(text: str, note: Figure) -> tuple[str, str]:
    """(the note's part of the total at ``note``, the total's own words after it): the 其中 / "of which" clause
    that follows it in its sentence (301户611人全部脱贫，其中173户349人稳定脱贫), or the 其中 line right under it."""
    line_end = text.find("\n", note.end)
    rest = text[note.end:line_end if line_end >= 0 else len(text)][:200]
    stop = re.search(r"[。；;!?！？]|\.(?:\s|$)", rest)
    sentence = rest[:stop.start()] if stop else rest
    m = re.search(r"其中|\bof which\b|\bincluding\b", sentence[:40], re.I)
    if m is not None:
        return sentence[m.start():], sentence[:m.start()]
    if stop is not None or len(rest) >= 200:
        return "", ""
    lines = _part_lines(text, note.end)
    return (lines[0], rest) if lines and _PART_LEAD.match(lines[0]) else ("", "")


#: abbreviations of price indices that notes use inside Chinese text (CPI +0.2%) and drafts write out
_ZH_PRICE_ABBR = {"CPI": "居民消费价格", "PPI": "工业生产者出厂价格"}
_ZH_PRICE_RE = re.compile(r"(?<![A-Za-z])(?:CPI|PPI)(?![A-Za-z])", re.I)
#: the verb of a change a draft name may end with (居民消费价格上涨): not the indicator's head word
_HEAD_VERB = re.compile(r"(?:上涨|增长|增加|下降|减少|提高|降低|上升|回落|提升|达到|突破|超过|实现|完成|达|为)+$")


def _key(name: str) -> str:
    """:func:`indicator_key` with the price indices spelled out too (CPI → 居民消费价格)."""
    return _keyed(name) if len(name) <= 300 else _keyed.__wrapped__(name)  # perf (wt-perf): short names kept


@lru_cache(maxsize=8192)  # perf (wt-perf): the notes' names are keyed again for every draft figure
def _keyed(name: str) -> str:
    return indicator_key(_ZH_PRICE_RE.sub(lambda m: _ZH_PRICE_ABBR[m.group().upper()], name))


def _spell(text: str) -> str:
    """``normalise_indicator`` for a note or draft text, the price indices spelled out too."""
    return normalise_indicator(_ZH_PRICE_RE.sub(lambda m: _ZH_PRICE_ABBR[m.group().upper()], text), "zh")


def _head(name: str) -> str:
    key = _HEAD_VERB.sub("", _key(name[-NAME_REACH:]))
    grams = [g for g in (key[i:i + 2] for i in range(len(key) - 1)) if len(_cjk_bigrams(g)) == 1]
    return grams[-1] if grams else ""


#: a name that only says "the total / the amount" of the line's subject (固投…，总额46.2亿元)
_GENERIC_NAME = re.compile(r"(?:其)?(?:总额|总量|总数|总计|合计|共计|金额|数额|规模|数量|总规模|累计|共|增长率|增速|增幅|降幅|同比增长|比上年增长|占比|比重)")

#: note figures read for a name the draft's name might be (bounded: linear in the notes, capped)
_NAMES_READ = 400


def name_of_another(ledger: Ledger, dm: Meaning, idx: int) -> Figure | None:
    """The note figure (another value) whose name the draft's name for ``idx``'s value is: the draft name's head
    word (吞吐量) is not in the note figure's own name or line but is in that figure's, which shares more of the
    draft name's words than the own line does (the part's rate 出入境人数增长85.3% stated for 旅客吞吐量)."""
    head = _head(dm.indicator)
    note = ledger.figs[idx]
    if not head:
        return None
    own_text = ledger.meanings[idx].indicator + " " + _line_before(ledger.text, note.start) + " " + note_item_words(
        ledger, idx, True)  # 14份材料不全退回: the words after a value of a series are its own
    own = _cjk_bigrams(own_text) | _cjk_bigrams(_key(own_text))  # 固投 on the line is 固定资产投资
    if head in own:
        return None
    if _GENERIC_NAME.fullmatch(ledger.meanings[idx].indicator.strip()):
        return None  # 固投完成年度目标的108%，总额46.2亿元: a bare 总额 is the total of the line's subject
    words = _cjk_bigrams(_key(dm.indicator[-NAME_REACH:]))
    own_name = _cjk_bigrams(_key(ledger.meanings[idx].indicator[-NAME_REACH:]))
    if not own_name or own_name <= words:
        return None  # no name of its own, or the draft's holds it whole (旅游接待 stated as 旅游接待人数)
    mine = len(words & own)
    for j, m in enumerate(ledger.meanings[:_NAMES_READ]):
        c = ledger.figs[j]
        if j == idx or c.value == note.value or head not in _key(m.indicator[-NAME_REACH:]):
            continue
        if len(words & _cjk_bigrams(_key(m.indicator[-NAME_REACH:]))) >= mine + 2:
            return c
    return None


@lru_cache(maxsize=4)
def _line_grams(text: str) -> tuple[tuple[frozenset[str], ...], dict[str, int]]:
    """Each note line's CJK bigrams (first 1000 characters; index: line number - 1) and each bigram's count of lines."""
    lines = tuple(frozenset(_cjk_bigrams(_spell(line[:1000]))) for line in text.split("\n"))
    df: dict[str, int] = {}
    for grams in lines:
        for g in grams:
            df[g] = df.get(g, 0) + 1
    return lines, df


def line_of_another(ledger: Ledger, d: Figure, idx: int) -> int | None:
    """The one other note line (with a figure of the unit, another value) whose own words — bigrams no other line
    uses — the draft's clause and purpose for ``d`` hold (three more than of ``d``'s own line, which has at most one):
    投资1100万元完成道路高低压线路改造 when 1100万元 is the 污水管线 line's and 高低压线路改造 has its own 920万元."""
    text = ledger.draft_text
    lines, df = _line_grams(ledger.text)
    note = ledger.figs[idx]
    if not 0 < note.line <= len(lines):
        return None
    words = _spell(clause_before(text, d.start) + " " + _after(text, d.end))  # GDP, 固投 spelled out
    rare = {g for g in _cjk_bigrams(words) if df.get(g, 0) == 1}
    own_clause = clause_before(text, d.start)
    lead = d.start - len(own_clause) - 1
    if len(rare) < 3 and lead > 0 and text[lead] in "，,":  # 村医补助再次提高，年人均增加960元: the subject clause
        subject = clause_before(text, lead)
        if not re.search(r"\d", subject):  # a clause with a figure of its own is another item, not the subject
            words = _spell(subject + own_clause + " " + _after(text, d.end))
            rare = {g for g in _cjk_bigrams(words) if df.get(g, 0) == 1}
    line_end = ledger.text.find("\n", note.end, note.end + NAME_REACH)
    near = _line_before(ledger.text, note.start)[-NAME_REACH:] + ledger.text[
        note.start:line_end if line_end >= 0 else note.end + NAME_REACH]  # its own words, in a long line too
    own = len(rare & (lines[note.line - 1] | _cjk_bigrams(_spell(near))))
    if len(rare) < 3 or own > 1:
        return None
    best = []
    for ln, ids in list(ledger.by_line.items())[:_NAMES_READ]:
        if ln == note.line or not 0 < ln <= len(lines) or len(rare & lines[ln - 1]) < own + 3:
            continue
        if any(ledger.figs[j].unit == note.unit and ledger.figs[j].value != note.value for j in ids):
            best.append(ln)
    return best[0] if len(best) == 1 else None


def _conflict_at(ledger: Ledger, d: Figure, dm: Meaning, i: int, zh: bool,
                 contrast_only: bool = False) -> tuple[str, str, str] | None:
    """(the draft's word, the note's word, the kind: contrast / part / another) when the draft's words for ``d``
    name another indicator than note figure ``i``'s, else None."""
    note, nm = ledger.figs[i], ledger.meanings[i]
    d_clause = clause_around(ledger.draft_text, d.start, d.end, zh)
    n_clause = note_clause(ledger.text, note.start, note.end, zh)
    found = indicator_conflict(dm.indicator, nm.indicator, zh=zh, draft_clause=d_clause, note_clause=n_clause)
    if found is None:
        found = kind_conflict(dm.indicator + " " + d_clause, nm.indicator + " " + n_clause, zh=zh)
    if found is None:
        found = whole_for_part(dm.indicator + d_clause, nm.indicator + n_clause,
                               _sentence(ledger.draft_text, d.start, d.end), zh=zh)
    if found is None:
        found = per_unit_conflict(d_clause, _line_before(ledger.text, note.start), n_clause, zh=zh)
    if found is None:
        found = modifier_conflict(dm.indicator + " " + d_clause, nm.indicator + " " + n_clause, zh=zh)
    if found is None:  # 开工772万套 for 基本建成772万套, "spent" for "budgeted": another stage of the same work
        found = stage_conflict(d_clause, n_clause, zh=zh)
    if found is None:  # 82栋建筑物的立面修复 for 新增亮化楼宇82栋: the words after a count name the work done
        found = work_conflict(d_clause + " " + _after(ledger.draft_text, d.end),
                              _line_before(ledger.text, note.start)[-NAME_REACH:] + " " + n_clause + " "
                              + _after(ledger.text, note.end), zh=zh)
    if found is not None:
        return found[0], found[1], "contrast"
    part = names_a_part(dm.indicator or d_clause, nm.indicator or n_clause, _part_lines(ledger.text, note.end), zh=zh)
    if part is None:
        d_after = _after(ledger.draft_text, d.end) if zh else d_clause[len(clause_before(ledger.draft_text, d.start)):]
        d_after = re.split(r"其中|\bof which\b|\bincluding\b", d_after, maxsplit=1, flags=re.I)[0]  # states the part too
        d_words = clause_before(ledger.draft_text, d.start) + " " + d_after
        part_text, own_rest = _part_text(ledger.text, note)
        part = part_words(d_words, _line_before(ledger.text, note.start) + ledger.text[note.start:note.end] + own_rest,
                          part_text, zh=zh)
    if part is not None:
        return part, "", "part"
    if contrast_only:  # a list's name is its value's own item: no other item's words to read
        return None
    other = name_of_another(ledger, dm, i) if zh and dm.indicator else None
    if other is not None:
        return dm.indicator, other.text, "another"
    line = line_of_another(ledger, d, i) if zh else None
    if line is not None:
        return _after(ledger.draft_text, d.end) or dm.indicator, f"第{line}行", "line"
    return None


def _list_fit(fc: FigureCheck, ledger: Ledger, i: int, zh: bool) -> FigureCheck:
    """``fc`` matched to note figure ``i``, whose item the draft's list names (no "worded differently" caveat)."""
    b = ledger.form(i, fc.figure)
    if fc.status != "verified":
        return replace(fc, note=b)
    return replace(fc, note=b, reason=verified_reason(fc.figure, b, zh))


#: units of a span of time: "at 12 months", "within 3 days" say when, not how many
_SPAN_UNITS = frozenset({"个月", "月", "年", "周", "天", "日", "小时"})


def _count_not_span(ledger: Ledger, d: Figure, idx: int) -> int | None:
    """The note figure of ``d``'s value and bare unit that fits it best, when ``d`` is a bare count ("12 of them") and
    its matched note figure is a span of time ("at 12 months"): a count is the value of a count, not of a span."""
    if d.unit or ledger.figs[idx].unit not in _SPAN_UNITS:
        return None
    sims = ledger.sims(d)
    counts = [i for i in ledger.same_value(d)[:16] if i != idx and ledger.figs[i].unit == d.unit]
    return max(counts, key=lambda i: sims.get(i, 0.0)) if counts else None


def indicator_check(fc: FigureCheck, ledger: Ledger, dm: Meaning, idx: int, zh: bool) -> FigureCheck | None:
    """A verified (or rounded) figure blocked as ``misattributed`` when the draft gives the note fact's
    value to a contrasting indicator (农村 for 城镇, 支出 for 收入, 新增 for 总数, 最高 for 平均, 每户 for a
    total, a part's words for the total, another fact's name); None when the names do not contrast, or another
    note figure of that value fits the draft's words."""
    d = fc.figure
    counted = _count_not_span(ledger, d, idx)
    if counted is not None:  # "excluded 12 of them" is a count, not the span "at 12 months" of another line
        idx = counted
        fc = replace(fc, note=ledger.form(idx, d), reason=verified_reason(d, ledger.form(idx, d), zh))
    note, nm = ledger.figs[idx], ledger.meanings[idx]
    listed = list_reading(ledger, d, idx, zh)
    if listed is not None and listed.other is not None and not names_own_part(
            ledger, d, listed.own if listed.own is not None else idx, listed.other):  # 其中中央…、地方… listed as parts
        other = ledger.figs[listed.other]
        note = ledger.figs[listed.own if listed.own is not None else idx]
        where = note_where(note, zh)
        return FigureCheck(d, "misattributed", (
            f"{where}；草稿的列表把{d.text}给了“{listed.name}”，而那是笔记第{other.line}行{other.text}的事项" if zh else
            f"{where}, but the draft's list gives {d.text} to ‘{listed.name}’, the item of {other.text} (notes line "
            f"{other.line})"), note=note, meaning="indicator")
    paired = paired_elsewhere(ledger, d)
    if paired is not None:  # "47 percent of the funds, $1.99 billion" when the notes give 47% $1.79 billion
        where = note_where(note, zh)
        sh, am = paired.share, paired.amount
        return FigureCheck(d, "misattributed", (
            f"{where}；草稿把{d.text}写成{sh.text}对应的数额，而笔记第{sh.line}行{sh.text}对应的是{am.text}" if zh else
            f"{where}, but the draft gives {d.text} as the amount of {sh.text}, which the notes (line {sh.line}) "
            f"give as {am.text}"), note=note, meaning="indicator")
    moved_change = change_of_another_level(ledger, d, idx, zh,
                                           level_of_change(ledger.draft_text, ledger.draft_figs, d, zh))
    if moved_change is not None:  # 花费1.27万亿元（+41.6%） stated as the growth of 游客17.52亿人次
        level, own = moved_change
        where = note_where(note, zh)
        return FigureCheck(d, "misattributed", (
            f"{where}是笔记中{own.text}的增幅；草稿把它写成了{level.text}的增幅" if zh else
            f"{where} is the change of {own.text} in the notes, but the draft gives it as the change of {level.text}"),
            note=note, meaning="indicator")
    if listed is not None and listed.fits is not None and _conflict_at(ledger, d, dm, listed.fits, zh, True) is None:
        return _list_fit(fc, ledger, listed.fits, zh)  # the list names the value's own item: its words are read
    labelled = note_list_other(ledger, d, idx, zh)
    if labelled is not None:  # staff/contractors: 42, 17 stated as "17 staff"
        where = note_where(note, zh)
        return FigureCheck(d, "misattributed", (
            f"{where}在笔记的列表中不是草稿所写的事项；草稿的说法是同一列表中{labelled.text}的事项" if zh else
            f"{where} is another item of its list in the notes; the draft's words name the item of {labelled.text}"),
            note=note, meaning="indicator")
    step = series_sibling(ledger, d, idx, zh)
    if step is not None:  # 受理60份 -> 14份材料不全退回 -> 46份通过 stated as 退回46份
        where = note_where(note, zh)
        return FigureCheck(d, "misattributed", (
            f"{where}是“{note_item_words(ledger, idx, zh).strip()}”的数；草稿的说法是笔记同一行{step.text}的事项" if zh else
            f"{where} is the figure for ‘{note_item_words(ledger, idx, zh).strip()}’, but the draft's words are those of "
            f"{step.text} on the same notes line"), note=note, meaning="indicator")
    swapped = other_place(dm, nm)
    if swapped is not None:
        where = note_where(note, zh)
        return FigureCheck(d, "misattributed", (
            f"{where}在“分别”列表中属于“{nm.indicator}”，草稿把{d.text}给了“{swapped}”" if zh else
            f"{where} belongs to ‘{nm.indicator}’ in its respectively list, but the draft gives {d.text} to ‘{swapped}’"),
            note=note, meaning="indicator")
    shared = shared_list_sibling(ledger, d, idx, zh)
    if shared is not None:  # 化学需氧量、氨氮分别下降3% when the notes give COD、氨氮 2%, SO2、NOx 3%
        where = note_where(note, zh)
        return FigureCheck(d, "misattributed", (
            f"{where}是另一组事项的数；草稿所列的事项在笔记第{shared.line}行是{shared.text}" if zh else
            f"{where} is the value of another list of items; the items the draft names are given {shared.text} "
            f"(notes line {shared.line})"), note=note, meaning="indicator")
    if not zh:
        named = english_indicator_check(fc, ledger, idx)
        if named is not None:
            return named
    if zh:
        moved = _purpose_of_another(ledger, d, idx)
        if moved is not None:
            where = note_where(note, zh)
            return FigureCheck(d, "misattributed", (
                f"{where}用于“{_after(ledger.text, note.end)}”；草稿写的“{_after(ledger.draft_text, d.end)}”"
                f"是笔记同一行{moved.text}的用途"), note=moved, meaning="indicator")
        sibling = _named_sibling(ledger, dm, idx)
        if sibling is not None and not any(ledger.meanings[i].indicator in dm.indicator
                                           for i in ledger.same_value(d) if i != idx and ledger.meanings[i].indicator):
            where = note_where(note, zh)
            return FigureCheck(d, "misattributed", (
                f"{where}是“{nm.indicator}”的数；草稿写的“{dm.indicator}”是笔记同一行{sibling.text}的指标"),
                note=note, meaning="indicator")
    found = _conflict_at(ledger, d, dm, idx, zh)
    if found is None:
        return None
    # another note figure of this value whose name the draft's does not contradict
    for i in ledger.same_value(d):
        if i == idx:
            continue
        m = ledger.meanings[i]
        if m.indicator and same_indicator(dm.indicator, m.indicator) and _conflict_at(ledger, d, dm, i, zh) is None:
            return replace(fc, note=ledger.form(i, d))
    dw, nw, kind = found
    if kind in ("line", "another") and names_part_label(ledger, d, idx):
        return None  # 地方财政赤字7800亿元 for 其中…地方7800亿元: the words name the part's own label
    where = note_where(note, zh)
    if kind == "contrast":
        reason = (f"{where}是“{nw}”的数，草稿把{d.text}写成了“{dw}”的数" if zh
                  else f"{where} is the figure for ‘{nw}’, but the draft gives {d.text} to ‘{dw}’")
    elif kind == "part":
        reason = (f"{where}是总数，“{dw}”只是其中一部分，草稿把总数{d.text}写成了“{dw}”的数" if zh
                  else f"{where} is the total, but the draft gives {d.text} to one of its parts ({dw})")
    elif kind == "line":
        reason = f"{where}是“{nm.indicator or _after(ledger.text, note.end)}”的数；草稿写的“{dw}”是笔记{nw}的事项"
    else:
        reason = (f"{where}是“{nm.indicator}”的数；草稿写的“{dw}”是笔记中{nw}的指标" if zh
                  else f"{where} is the figure for ‘{nm.indicator}’, but the draft's ‘{dw}’ names {nw} in the notes")
    return FigureCheck(d, "misattributed", reason, note=note, meaning="indicator")
