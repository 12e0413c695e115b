"""Lists that pair a draft's values with its items: 分别 / respectively / the former … the latter.

A reader gives a list's k-th value to its k-th name, wherever the names stand: before the values (A、B分别为x、y;
"A and B grew x and y, respectively"), after them (分别完成x个、y个A和B; "x and y for A and B, respectively"), or
around them ("A and B …: the former x, the latter y"). :func:`read_list` finds the names and the values of the
list holding a draft figure; :func:`list_reading` compares each name with the own words of the note figures of the
list's values (the words of the figure's item on its note line — "16个老旧小区环境整治" → 老旧小区环境整治 — or its
place in the notes' own 分别 list) and says whether the draft's name for a value is its own item's (the list fits)
or another listed value's item (a swap). Only the words that tell two items apart are compared, and words the
whole list shares at its edges (政府[会议、发文]数量) name no single item.

Every reader looks at one sentence (at most 300 characters) and one note line around each figure: linear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

from assistant.check_indicator_label import (
    label_list,
)
from assistant.check_indicator_words import line_words
from assistant.check_ledger import Ledger, compatible
from assistant.figures import Figure
from assistant.meaning_cues import normalise_indicator

__all__ = ["DraftList", "ListReading", "item_tokens", "line_run", "list_reading", "near_figures", "note_item_words",
           "read_list"]

_REACH = 300
_NUMBER = re.compile(r"(?<![\d.])\d{1,4}(?![\d.])")
_ZH_SEP = re.compile(r"^\s*+(?:、|，|,|和|及|与|以及|跟)?\s*+$")
_EN_SEP = re.compile(r"^\s*+(?:,\s*+and|,|and|&)?\s*+$", re.I)
_ZH_SPLIT = re.compile(r"以及|[、和与及跟，,]")
_EN_SPLIT = re.compile(r",\s*+(?:and\s++)?|(?<!\s)\s++and\s++|(?<!\s)\s*+&\s*+", re.I)
_RESPECTIVELY = re.compile(r"\brespectively\b", re.I)
_FORMER = re.compile(r"\bthe former\b|前者", re.I)
_LATTER = re.compile(r"\bthe latter\b|后者", re.I)
_EN_LEAD = re.compile(r"^\s*+(?:(?:percent|per\s++cent|points?|million|billion|thousand|dollars|people|persons|"
                      r"units|each)\b\s*+)*+(?:(?:for|to|in|at|on|by|from|of|among|under|across)\b\s*+)?(?:the\s++)?",
                      re.I)
_ZH_LEAD = re.compile(r"^(?:[\s的了，,。：:]|是|为|达到|共计|全年|分别)++")
_INLINE_END = re.compile(r"\s*+(?:[、，,；;。！？!?）)]|和|$)")
_CHANGE = re.compile(r"增长|增加|下降|减少|提高|降低|上升|回落|同比|比上年|较上年|\b(?:up|down|rose|fell|grew|increased?|"
                     r"decreased?|growth|from|vs|compared|with|over|prior|previous)\b", re.I)
_FILLER = re.compile(r"其中|其余|分别|依次|among them|of which|of these|respectively", re.I)
_EN_SMALL = frozenset({"a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"})
_ZH_TAIL = " \t的了，,。：:"
_STOP_ZH_BEFORE = "，；;：:。！？!?（(\n"
_STOP_EN_BEFORE = ",;:!?\n"


@dataclass(frozen=True)
class DraftList:
    """A draft list: its names and its values (draft figures), in order, one name for each value."""

    names: tuple[str, ...]
    figs: tuple[Figure, ...]


@dataclass(frozen=True)
class ListReading:
    """What a draft list says of one of its values: ``fits`` (the name is its own note item's), or ``swapped``
    (the name is the item of ``other``, the note figure of another listed value), with the draft's name."""

    fits: int | None  # the note figure index whose item the draft's name holds
    other: int | None  # a swap: the note figure index of another listed value whose item the name holds
    name: str
    own: int | None = None  # a swap: the note figure of the value whose item the name does not hold


def _sentence(text: str, start: int, end: int, zh: bool) -> tuple[int, int]:
    lo = max(0, start - _REACH)
    cut = max(text.rfind(ch, lo, start) for ch in "。；;！？!?\n") + 1
    if not zh:
        stops = [m.end() for m in re.finditer(r"\.\s", text[lo:start])]
        cut = max(cut, lo + stops[-1]) if stops else cut
    tail = text[end:end + _REACH]
    m = re.search(r"[。；;！？!?\n]|\.(?:\s|$)", tail)
    return max(lo, cut), end + (m.start() if m else len(tail))


def _split(seg: str, zh: bool) -> list[str]:
    if zh:
        parts = [_ZH_LEAD.sub("", p).rstrip(_ZH_TAIL) for p in _ZH_SPLIT.split(seg)]
    else:
        parts = [p.strip(" ,;:") for p in _EN_SPLIT.split(seg)]
    return [p for p in parts if p]


def _runs(text: str, figs: list[Figure], zh: bool) -> list[list[Figure]]:
    """Runs of figures of one unit joined by list separators only (29个、16个 / 7.9% and 6.1%)."""
    sep = _ZH_SEP if zh else _EN_SEP
    runs: list[list[Figure]] = []
    for f in figs:
        if runs and runs[-1][-1].unit == f.unit and sep.match(text[runs[-1][-1].end:f.start]):
            runs[-1].append(f)
        else:
            runs.append([f])
    return runs


def read_list(ledger: Ledger, d: Figure, zh: bool) -> DraftList | None:
    """The list of the draft's sentence that holds ``d``, with a name for each of its values, or None."""
    key = ("read_list", ledger.draft_text, d, d.tokens, zh)  # perf (wt-perf): read once per check and figure
    if key not in ledger.draft_memo:
        near = ledger.draft_between(d.start - _REACH, d.end + _REACH)  # perf: its sentence's figures are among these
        ledger.draft_memo[key] = _read_list_in(ledger.draft_text, near, d, zh, inline=True)
    return cast(DraftList | None, ledger.draft_memo[key])


def _clean_names(names: list[str], zh: bool) -> list[str] | None:
    """The names, None when one holds a figure (从…46503元和16935元分别提高到58494元和…: values, not names)."""
    bad = r"\d" if zh else r"\d[\d,.]*+\s*+(?:%|percent|million|billion)|[$€£]\s*+\d|\d{3}"
    return None if any(re.search(bad, n) for n in names) else names


def _read_list_in(text: str, all_figs: list[Figure], d: Figure, zh: bool, inline: bool) -> DraftList | None:
    lo, hi = _sentence(text, d.start, d.end, zh)
    figs = [f for f in all_figs if lo <= f.start < hi and not f.ignored and f.value is not None][:12]
    if d not in figs:
        return None
    former, latter = _FORMER.search(text, lo, hi), _LATTER.search(text, lo, hi)
    if former and latter and former.start() < latter.start():
        pair = [next((f for f in figs if f.start >= m.end()), None) for m in (former, latter)]
        if pair[0] is None or pair[1] is None or pair[0] is pair[1] or d not in pair:
            return None
        total = next((f.start for f in figs if f.start < former.start()), former.start())  # 共17所，其中前者…
        names = _split(text[lo:total].rstrip(" ,:：，"), zh)
        names = [_EN_LEAD.sub("", n) for n in names] if not zh else names
        names = [n for n in names if not re.search(r"\d", n) and not _FILLER.fullmatch(n)]  # 共17所，其中: no name
        if len(names) < 2:
            return None
        return DraftList((names[-2], names[-1]), (pair[0], pair[1]))
    run = next((r for r in _runs(text, figs, zh) if d in r), None)
    if run is not None and len(run) == 1 and zh and inline:
        return _inline(text, lo, [f for f in figs if f.unit == d.unit], d)
    if run is not None and len(run) == 1 and inline:
        return _inline_en(text, hi, [f for f in figs if f.unit == d.unit], d)
    if run is None or not 2 <= len(run) <= 6:
        return None
    n = len(run)
    c_lo = max([lo] + [text.rfind(ch, lo, run[0].start) + 1 for ch in (_STOP_ZH_BEFORE if zh else ";:!?\n")])
    before = text[c_lo:run[0].start]
    if zh:
        after_end = min([hi] + [k for k in (text.find(ch, run[-1].end, hi) for ch in "，,；;：:。") if k >= 0])
        after = text[run[-1].end:after_end]
        k = before.find("分别")
        listed = k >= 0 or after.startswith("分别")
        segments = [before[:k], before[k + 2:]] if k >= 0 else [before]
        segments.append(after[2:] if after.startswith("分别") else after)
        if not listed and not (len(_split(before, zh)) == n and re.search(r"[、和与及]", before)):
            return None
        for seg in segments:
            names = _split(seg, zh)
            if len(names) == n:
                clean = _clean_names(names, zh)
                return DraftList(tuple(clean), tuple(run)) if clean else None
        return None
    resp = _RESPECTIVELY.search(text, run[-1].end, hi)
    if resp is not None:
        tail = text[run[-1].end:resp.start()]
        tail = tail[_EN_LEAD.match(tail).end():]  # type: ignore[union-attr]  # the pattern matches empty too
        names = _split(tail.rstrip(" ,"), zh)
        if len(names) != n:  # "x and y of the funds, respectively, to A and to B": the names follow respectively
            names = [_EN_LEAD.sub("", p) for p in _split(text[resp.end():hi].strip(" ,.:"), zh)]
        if len(names) == n:
            clean = _clean_names(names, zh)
            return DraftList(tuple(clean), tuple(run)) if clean else None
    names = _split(before, zh)
    if len(names) < n or (resp is None and not re.search(r"\band\b|,", before)):
        return None
    clean = _clean_names(names[-n:], zh)
    return DraftList(tuple(clean), tuple(run)) if clean else None


def _inline(text: str, lo: int, figs: list[Figure], d: Figure) -> DraftList | None:
    """A Chinese sentence of pairs, each name right before its value (新建幼儿园5所、改扩建中小学12所; 城镇居民…增长6.1%，
    农村居民增长7.4%): None when a value has no name of its own or a noun after it (16个老旧小区: the name follows)."""
    if not 2 <= len(figs) <= 6 or d not in figs:
        return None
    names = []
    prev = lo
    for f in figs:
        if not _INLINE_END.match(text, f.end):
            return None
        cut = max(text.rfind(ch, prev, f.start) for ch in "，,；;：:")  # the clause before the value only
        name = _ZH_LEAD.sub("", text[max(prev, cut + 1):f.start]).strip(_ZH_TAIL + "、；;")
        if len(name) > 30:
            return None
        if not re.search(r"[\u4e00-\u9fff]{2}", name) or re.search(r"\d", name):
            return None
        names.append(name)
        prev = f.end
    return DraftList(tuple(names), tuple(figs))


_EN_PAIR_NAME = re.compile(r"[ \t]{0,16}(?:\([^()\n]{0,40}\)\s*+)?(?:of\s++(?:the\s++|its\s++)?[a-z]++\s++)?"
                           r"(?:on|for|to|in|at)\s++(?:the\s++)?"
                           r"(?P<name>[A-Za-z][A-Za-z' -]{1,40}?)\s*+(?=,|;|\.|\band\b|$)", re.I)


def _inline_en(text: str, hi: int, figs: list[Figure], d: Figure) -> DraftList | None:
    """An English sentence of pairs, each value followed by its name ("$3.00 billion (60 percent) on housing and
    $2.00 billion on other programs"): None when a value has no such name."""
    if not 2 <= len(figs) <= 6 or d not in figs:
        return None
    names = []
    for k, f in enumerate(figs):
        stop = figs[k + 1].start if k + 1 < len(figs) else hi
        m = _EN_PAIR_NAME.match(text[f.end:stop])
        if m is None:
            return None
        names.append(m.group("name").strip())
    return DraftList(tuple(names), tuple(figs))


def _tokens(s: str, zh: bool) -> frozenset[str]:
    # perf (wt-perf): the same names and note items are tokenised for every listed figure; only short ones kept
    return _tokens_of(s, zh) if len(s) <= 300 else _tokens_of.__wrapped__(s, zh)


@lru_cache(maxsize=8192)
def _tokens_of(s: str, zh: bool) -> frozenset[str]:
    if zh:
        t = normalise_indicator(s, "zh")
        grams = {t[i:i + 2] for i in range(len(t) - 1)
                 if "\u4e00" <= t[i] <= "\u9fff" and "\u4e00" <= t[i + 1] <= "\u9fff"}
        return frozenset(grams | {w.lower() for w in re.findall(r"[A-Za-z]{2,}", t)} | set(_NUMBER.findall(s)))
    words = [w for w in re.findall(r"[A-Za-z]+", s) if w.lower() not in _EN_SMALL]
    initials = "".join(w[0] for w in words).lower() if 2 <= len(words) <= 4 else ""
    acronym = {initials, initials + "s"} if initials else set()  # "integrated circuits" is ICs, "solid state drives" SSDs
    spelled = {_NUMBER_WORDS[w.lower()] for w in re.findall(r"[A-Za-z]+", s) if w.lower() in _NUMBER_WORDS}  # six = 6
    return line_words(s) | frozenset(_NUMBER.findall(s)) | acronym | spelled  # numbers name items ("at 6 and 12 months")


_NUMBER_WORDS = {w: str(k) for k, w in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]) if k}


def _own_text(ledger: Ledger, f: Figure, zh: bool) -> str:
    """A note figure's own words on its line: back to a stop or the figure of its unit before it, on to the next."""
    on_line = _near(ledger, f)
    prev = [g.end for g in on_line if g.end <= f.start and g.unit == f.unit]
    own = _own_words(ledger.text, f.start, f.end, max(prev, default=0), zh)
    gap = ledger.text[max(prev, default=on_line[0].end):f.start]
    line_start = ledger.text.rfind("\n", 0, f.start) + 1
    if _tokens(_CHANGE.sub(" ", own), zh) or f is on_line[0] or not _CHANGE.search(gap) or \
            on_line[0].start - line_start > 80:
        return own
    # "FTE: 3,210, down 4.2%" / 收入17亿元，增长13%: a change with no words of its own is of the line's subject
    lead = ledger.text[line_start:on_line[0].start][:80].strip(" \t-*•·+:：$¥€£")
    return lead + ("" if zh else " ") + own


@lru_cache(maxsize=4096)
def _own_words(text: str, start: int, end: int, prev: int, zh: bool) -> str:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    lo = max(line_start, start - 60)
    stops = (_STOP_ZH_BEFORE + "、" if zh else _STOP_EN_BEFORE) + "/>→"  # a series' items: "75% at birth / 50% at 6 months"
    cut = max(lo, prev, max(text.rfind(ch, lo, start) for ch in stops) + 1)
    before = text[cut:start]
    after = text[end:min(line_end, end + 60)]
    paren = re.search(r"\(\s*+[$€£]?\s*+$", before) if not zh else None
    if paren is not None and after.startswith(")"):  # "rest ($1.99 billion) on other populations": read past it
        before, after = before[:paren.start()], after[1:]
    m = re.search(r"[，,；;、。：:（()）/→]|->|=>|\d+(?:\.\d+)?(?:[%％个件人元]|亿|万)" if zh
                  else r"[,;:!?()/→]|->|=>|\band\b|[$€£]?\d[\d,.]*+(?!\s*+-?\s*+(?:month|year|week|day|hour)s?\b)"
                       r"\s*+(?:%|percent|million|billion)?", after)  # "50% at 6 months": a span of time is its item
    after = after[:m.start()] if m else after
    if not _tokens(before + " " + after, zh) and cut > line_start and text[cut - 1] in ":：":
        reach = 61 if zh else 121  # "formula programs (cash/medical assistance + Refugee Support Services): 84%"
        label = text[max(line_start, cut - reach):cut - 1]
        if not zh and cut - reach > line_start:
            label = label.split(" ", 1)[-1]  # never a word cut at the reach
        label_cut = max(label.rfind(ch) for ch in stops) + 1
        before = re.split(r"[0-9\uff10-\uff19]", label[label_cut:])[-1]
    before = before.lstrip(" \t-*•·+").rstrip()
    after = after.strip()
    return before + ("" if zh else " ") + after if after else before


def _near(ledger: Ledger, f: Figure) -> list[Figure]:
    """The note figures of ``f``'s line within a sentence's reach of it (a paragraph line holds hundreds)."""
    ids = ledger.by_line.get(f.line, ())
    return [ledger.figs[i] for i in ids[:2000] if abs(ledger.figs[i].start - f.start) <= _REACH][:24]


def note_item_words(ledger: Ledger, j: int, zh: bool) -> str:
    """The words of note figure ``j``'s own item: its place in the notes' 分别 list, else its words on its line."""
    key = ("note_item_words", j, zh)  # perf (wt-perf): notes only, so shared by every check of these notes
    if key not in ledger.note_memo:
        ledger.note_memo[key] = _note_item_words(ledger, j, zh)
    return cast(str, ledger.note_memo[key])


def _note_item_words(ledger: Ledger, j: int, zh: bool) -> str:
    m = ledger.meanings[j]
    if m.order and len(m.listed) > 1:
        return m.listed[min(m.order, len(m.listed)) - 1]
    f = ledger.figs[j]
    line = _near(ledger, f)
    run = next((r for r in _runs(ledger.text, line, zh) if f in r), [f])
    if len(run) > 1:  # the notes' own list (城镇…和农村…实际增长8.4%和11.4%): its name, or none to read
        found = _read_list_in(ledger.text, line, f, zh, inline=False)
        if found is not None and f in found.figs:
            return found.names[found.figs.index(f)]
        labelled = label_list(ledger.text, run, zh)
        return labelled[run.index(f)] if labelled else ""
    return _own_text(ledger, f, zh)


def near_figures(ledger: Ledger, f: Figure) -> list[Figure]:
    """The note figures of ``f``'s line within a sentence's reach of it."""
    return _near(ledger, f)


def line_run(ledger: Ledger, f: Figure, zh: bool) -> list[Figure]:
    """The run of note figures of ``f``'s unit joined by list separators that holds ``f`` (29个、16个), or []."""
    return next((r for r in _runs(ledger.text, _near(ledger, f), zh) if f in r), [])


def item_tokens(s: str, zh: bool) -> frozenset[str]:
    """The words a list's name or a note item is compared by (bigrams / stems, numbers, acronyms, six = 6)."""
    return _tokens(s, zh)


def _common_edges(names: tuple[str, ...], items: tuple[str, str]) -> str:
    """The words a draft list and two note items share at the list's edges (政府[发文和会议]数量 / 政府会议、发文数量): a
    common prefix of the first name and the first item, a common suffix of the last ones (two characters or more, never
    a whole name or item)."""
    a, b = names[0], items[0]
    p = 0
    while p < min(len(a), len(b)) - 1 and a[p] == b[p]:
        p += 1
    a, b = names[-1], items[1]
    q = 0
    while q < min(len(a), len(b)) - 1 and a[-1 - q] == b[-1 - q]:
        q += 1
    return (names[0][:p] if p >= 2 else "") + " " + (a[len(a) - q:] if q >= 2 else "")


def _shared_head(names: tuple[str, ...], items: tuple[frozenset[str], frozenset[str]], zh: bool) -> frozenset[str]:
    """The head a list's short first name takes from its last name ("城镇和农村牧区常住居民人均可支配收入", "urban and
    rural residents' income"): the words of the item the first name is a part of that the first name lacks and the
    last name holds. They name the whole list, not the last item."""
    first, last = _tokens(names[0], zh), _tokens(names[-1], zh)
    shared: frozenset[str] = frozenset()
    for item in items:
        if first and first <= item and not first & last:
            shared |= (item - first) & last
    return shared


def _candidates(ledger: Ledger, f: Figure) -> list[int]:
    return [i for i in ledger.same_value(f) if compatible(f, ledger.figs[i])][:8]


def list_reading(ledger: Ledger, d: Figure, idx: int, zh: bool) -> ListReading | None:
    """Whether the draft list holding ``d`` names its own note item (``fits``: ``idx`` or another note figure of the
    value) or the item of another listed value's note figure (``other``), None when no list or nothing to tell."""
    key = ("list_reading", ledger.draft_text, d, d.tokens, d.noun, idx, zh)  # perf (wt-perf): once per check
    if key not in ledger.draft_memo:
        ledger.draft_memo[key] = _list_reading(ledger, d, idx, zh)
    return cast(ListReading | None, ledger.draft_memo[key])


def _list_reading(ledger: Ledger, d: Figure, idx: int, zh: bool) -> ListReading | None:
    found = read_list(ledger, d, zh)
    if found is None:
        return None
    k = found.figs.index(d)
    name = found.names[k]
    own_ids = [idx] + [i for i in _candidates(ledger, d) if i != idx]
    mates: list[tuple[int, int]] = []
    for j, f in enumerate(found.figs):
        if j == k or f.value == d.value:
            continue
        cands = [m for m in _candidates(ledger, f) if ledger.figs[m].value != d.value]
        named = _tokens(found.names[j], zh)
        fit = {m: len(named & _tokens(note_item_words(ledger, m, zh), zh)) for m in cands}
        top = max(fit.values(), default=0)  # the note figure the draft's name for that value names, when one does
        mates += [(j, m) for m in cands if fit[m] == top]
    if not mates:
        return None
    named_k = _tokens(name, zh)
    overlap = {i: len(named_k & _tokens(note_item_words(ledger, i, zh), zh)) for i in own_ids}
    best_fit: int | None = None
    swap: tuple[int, int] | None = None
    for own in own_ids:
        own_text = note_item_words(ledger, own, zh)
        best_own = max((v for i, v in overlap.items() if i != own), default=0)  # another note figure of the value
        fits_all = True
        for j, m in mates:
            m_text = note_item_words(ledger, m, zh)
            own_w, m_w = _tokens(own_text, zh), _tokens(m_text, zh)
            if not own_w or not m_w:  # an item without words of its own: nothing to tell
                fits_all = False
                continue
            edges: list[frozenset[str]] = [frozenset()]
            if ledger.figs[m].line == ledger.figs[own].line and zh:
                e1, e2 = (_tokens(_common_edges(found.names, (own_text, m_text)), zh),
                          _tokens(_common_edges(found.names, (m_text, own_text)), zh))
                edges = [e1 | e2, e1, e2, frozenset()]
            head = _shared_head(found.names, (own_w, m_w), zh)
            if head:  # 城镇和农村[常住居民人均可支配收入]: the last name's head is the whole list's
                edges = [e | head for e in edges] + edges
            for shared in edges:  # an edge that is an item's own word (城镇[居民…]增长 / 城镇、农村居民…) is kept
                own_only, m_only = own_w - m_w - shared, m_w - own_w - shared
                if own_only and m_only:
                    break
            name_k, name_j = _tokens(name, zh) - shared, _tokens(found.names[j], zh) - shared
            own_k, cross_k = len(name_k & own_only), len(name_k & m_only)
            own_j, cross_j = len(name_j & m_only), len(name_j & own_only)
            if not own_k > cross_k:
                fits_all = False
            # another value named with this value's own item, this value's name holding neither item's words
            # (芯片 / "chips" for the 工业机器人 line while 工业机器人 names the other value): a swap all the same
            mate_named = own_k == cross_k == 0 and cross_j >= 2 and own_j == 0 and best_own == 0
            if (((cross_k >= own_k + 2 or (cross_k > own_k and cross_j > own_j)) and
                    len(named_k & m_w) > best_own) or mate_named) and swap is None:  # no other note figure named
                swap = (own, m)
        if fits_all and best_fit is None:
            best_fit = own
    if best_fit is not None and _rival_on_mates_line(ledger, d, best_fit, mates, named_k, overlap[best_fit], zh):
        best_fit = None  # the notes' own list of these values names this item with another value (再就业2100人)
    if best_fit is not None:
        return ListReading(best_fit, None, name)
    if swap is not None:
        return ListReading(None, swap[1], name, swap[0])
    return None


def _rival_on_mates_line(ledger: Ledger, d: Figure, own: int, mates: list[tuple[int, int]], named: frozenset[str],
                         own_fit: int, zh: bool) -> bool:
    """The list's other values stand on one note line (not ``own``'s) that names the draft's item for ``d`` with
    another value at least as well as ``own``'s words do: the draft's list is that line's, with a value changed."""
    lines = {ledger.figs[m].line for _, m in mates}
    if len(lines) != 1 or ledger.figs[own].line in lines:
        return False
    mate_ids = {m for _, m in mates}
    anchor = ledger.figs[mates[0][1]]
    for g in _near(ledger, anchor):
        i = ledger.by_start.get(g.start)
        if i is None or i in mate_ids or g.unit != d.unit or g.value == d.value:
            continue
        if len(named & _tokens(note_item_words(ledger, i, zh), zh)) >= max(own_fit, 1):
            return True
    return False
