"""Ranks as checkable claims: 排名第三, 居全省第四位, 由第六升至第四, "ranked 3rd".

The figure reader leaves an ordinal (第四, 4th) ignored, since most ordinals enumerate (第一，…第二，…) or name
things (第三产业, 第二季度). An ordinal that states a *rank* — one after a rank word in its clause (排名, 位居,
居全市, 跃居, 升至, "ranked", "placed") or one written as a place (第四位, 第二名) — is a claim about an indicator,
and when the notes give ranks it is read against them: the rank belongs to the indicator of the notes line its
sentence draws on (the line of the sentence's verified figures, else the rank line sharing most words with the
sentence). A rank the notes give that line is verified; one they give another line is ``misattributed``; one they
give no line is a ``mismatch``. Notes that give no rank leave every ordinal ignored, as before.

Linear in the text: each reader looks at a bounded clause (:data:`REACH` characters).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import pairwise

from assistant.check_types import FigureCheck

__all__ = ["REACH", "Rank", "rank_check", "ranks_in"]

REACH = 24  # characters of the clause before an ordinal read for a rank word

_CN = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_EN_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
             "ninth": 9, "tenth": 10}
_ZH_ORD = re.compile(r"第([一二两三四五六七八九十]{1,3}|\d{1,3})(?![\d一二两三四五六七八九十])")
# a rank word in the clause before an ordinal
_ZH_CUE = re.compile(r"排名|排位|排在|排序|名次|位居|位列|居(?:全|世界|各|同类|第)|跃居|跃升|升至|升到|上升到|上升至|"
                     r"降至|降到|下降到|下滑至|前移|进位|→|->")
# what follows an ordinal that names a thing, not a rank (第三产业, 第二季度, 第十四次, 第一书记)
_ZH_NAME_AFTER = re.compile(r"[季产次批届条章款轮期个年天周部书阶类档级梯道家支]|大(?!关)|方|中心|人民|小学|中学|医院")
_ZH_PLACE_AFTER = re.compile(r"[位名]")
_CLAUSE_STOPS = "，,。；;：:！？!?\n、"
_EN_RANK = re.compile(
    r"\b(?:rank(?:ed|s|ing)?|placed|plac(?:es|ing)|came|finished|stood)\s++(?:at\s++)?(?:No\.\s*+|#|number\s++)?"
    r"(\d{1,3}(?:st|nd|rd|th)?|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b"
    r"|\b(\d{1,3}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)"
    r"[- ](?:largest|biggest|highest|lowest|best|worst|most|fastest|place)\b", re.I)


@dataclass(frozen=True)
class Rank:
    """One rank stated in a text: its place, where it is written and the 1-based line."""

    value: int
    start: int
    end: int
    line: int


def _cn_int(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    if s == "十":
        return 10
    if "十" in s:
        tens, _, ones = s.partition("十")
        t = _CN.get(tens, 0) if tens else 1
        o = _CN.get(ones, 0) if ones else 0
        return t * 10 + o if (not tens or tens in _CN) and (not ones or ones in _CN) else None
    return _CN.get(s) if len(s) == 1 else None


def _en_int(s: str) -> int | None:
    s = s.lower()
    if s in _EN_WORDS:
        return _EN_WORDS[s]
    digits = re.match(r"\d+", s)
    return int(digits.group()) if digits else None


def _clause_before(text: str, pos: int) -> str:
    lo = max(0, pos - REACH)
    cut = max(text.rfind(ch, lo, pos) for ch in _CLAUSE_STOPS) + 1
    return text[max(lo, cut):pos]


def ranks_in(text: str, *, zh: bool) -> list[Rank]:
    """Every rank ``text`` states (an ordinal after a rank word in its clause, or written as a place: 第四位)."""
    out: list[Rank] = []
    if zh:
        for m in _ZH_ORD.finditer(text):
            after = text[m.end():m.end() + 3]
            if _ZH_NAME_AFTER.match(after):
                continue
            if not (_ZH_PLACE_AFTER.match(after) or _ZH_CUE.search(_clause_before(text, m.start()))):
                continue
            value = _cn_int(m.group(1))
            if value is not None:
                out.append(Rank(value, m.start(), m.end(), text.count("\n", 0, m.start()) + 1))
    else:
        for m in _EN_RANK.finditer(text):
            word = m.group(1) or m.group(2)
            value = _en_int(word)
            s = m.start(1) if m.group(1) else m.start(2)
            if value is not None:
                out.append(Rank(value, s, s + len(word), text.count("\n", 0, s) + 1))
    return out


def _sentence_span(text: str, pos: int) -> tuple[int, int]:
    lo = max(text.rfind(ch, 0, pos) for ch in "。；;\n!?！？") + 1
    ends = [k for k in (text.find(ch, pos) for ch in "。；;\n!?！？") if k >= 0]
    return lo, min(ends, default=len(text))


def _grams(text: str, zh: bool) -> frozenset[str]:
    if zh:
        cjk = re.sub(r"[^\u4e00-\u9fff]", " ", text)
        return frozenset(a + b for a, b in pairwise(cjk) if " " not in a + b)
    return frozenset(w[:5] for w in re.findall(r"[a-z]{3,}", text.lower()))


_NEUTRAL = frozenset({"排名", "世界", "全国", "全省", "全市", "rank", "ranke", "place", "provi", "state", "count"})


def _anchor_lines(results: list[FigureCheck], lo: int, hi: int) -> set[int]:
    return {fc.note.line for fc in results
            if lo <= fc.figure.start < hi and fc.note is not None and not fc.figure.ignored
            and fc.status in ("verified", "approximate")}


def _own_line(notes: str, draft: str, rank: Rank, lo: int, lines: dict[int, list[int]], zh: bool) -> int | None:
    """The rank line of the notes sharing most words with the draft's words before ``rank`` (one best, else None)."""
    words = _grams(draft[lo:rank.start], zh) - _NEUTRAL
    note_lines = notes.split("\n")
    scored = sorted(((len(words & (_grams(note_lines[ln - 1], zh) - _NEUTRAL)), ln) for ln in lines), reverse=True)
    if not scored or scored[0][0] == 0 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][1]


def rank_check(results: list[FigureCheck], notes_text: str, draft_text: str, zh: bool) -> list[FigureCheck]:
    """``results`` with each ignored draft ordinal that states a rank read against the ranks the notes give (see the
    module doc); unchanged when the notes give no rank."""
    note_ranks = ranks_in(notes_text, zh=zh)
    if not note_ranks:
        return results
    by_line: dict[int, list[int]] = {}
    for r in note_ranks:
        by_line.setdefault(r.line, []).append(r.value)
    draft_ranks = {r.start: r for r in ranks_in(draft_text, zh=zh)}
    out: list[FigureCheck] = []
    for fc in results:
        d = fc.figure
        rank = next((r for s, r in draft_ranks.items() if d.ignored and d.start <= s < d.end), None)
        if rank is None:
            out.append(fc)
            continue
        lo, hi = _sentence_span(draft_text, rank.start)
        anchors = _anchor_lines(results, lo, hi) & set(by_line)
        own = next(iter(anchors)) if len(anchors) == 1 else _own_line(notes_text, draft_text, rank, lo, by_line, zh)
        if own is None:
            out.append(fc)
            continue
        if rank.value in by_line[own]:
            out.append(replace(fc, status="verified", reason=(
                f"与笔记第{own}行的排名（第{rank.value}）一致" if zh else f"matches the rank on notes line {own}")))
            continue
        others = [ln for ln, vals in by_line.items() if ln != own and rank.value in vals]
        given = "、".join(f"第{v}" for v in by_line[own]) if zh else ", ".join(str(v) for v in by_line[own])
        if others:
            out.append(replace(fc, status="misattributed", meaning="indicator", reason=(
                f"排名第{rank.value}在笔记中属于第{others[0]}行；草稿这句所写指标在笔记第{own}行的排名是{given}" if zh else
                f"rank {rank.value} belongs to notes line {others[0]}; the indicator of this sentence is ranked {given} "
                f"on notes line {own}")))
        else:
            out.append(replace(fc, status="mismatch", reason=(
                f"草稿写排名第{rank.value}，但笔记第{own}行的排名是{given}" if zh else
                f"the draft states rank {rank.value}, but notes line {own} gives rank {given}")))
    return out
