"""Lists that share one value: "COD、氨氮排放分别降2%，SO2、NOx排放分别降3%", "COD and ammonia down 2%; SO2 and NOx 3%".

A notes line often gives one value to a whole list of items, and a second value to a second list in the same words
(分别降2% … 分别降3%). Word similarity matches the draft's value to the note figure of that value, whatever items
the draft names: "化学需氧量、氨氮排放量分别下降3%" reads as the 3% of SO2/NOx. A human reads each value's *items*:
the parts of its clause split at 、/和/与/及 (", " and "and" in English), less the words the parallel lists share
(排放分别降). When the draft's words hold an item of the other list and none of the value's own, the value was
given to the other list. Abbreviations are read as their names (COD = 化学需氧量, SO2 = 二氧化硫, NOx = 氮氧化物).

Every reader looks at one clause (at most :data:`NAME_REACH` characters) of the figure's note line and its
neighbours.
"""

from __future__ import annotations

import re

from assistant.check_indicator_kind import NAME_REACH
from assistant.check_ledger import Ledger
from assistant.figures import Figure

__all__ = ["item_names", "names_own_part", "names_part_label", "part_label", "shared_list_sibling"]

_ABBREVIATIONS = (
    ("化学需氧量", "cod"), ("二氧化硫", "so2"), ("氮氧化物", "nox"), ("二氧化碳", "co2"), ("细颗粒物", "pm2.5"),
    ("可吸入颗粒物", "pm10"), ("挥发性有机物", "vocs"), ("sulfur dioxide", "so2"), ("sulphur dioxide", "so2"),
    ("nitrogen oxides", "nox"), ("chemical oxygen demand", "cod"), ("carbon dioxide", "co2"),
)
_ZH_SPLIT = re.compile(r"、|和|与|及|以及")
_EN_SPLIT = re.compile(r",|/|\band\b", re.I)  # parts are stripped: no unbounded spaces to scan
_STOPS = "，,。；;：:！？!?\n"
_LEAD = re.compile(r"^[\s\-–—*•·#>\d.、）)]+")


def _norm(text: str) -> str:
    t = text.lower()
    for name, abbr in _ABBREVIATIONS:
        t = t.replace(name, abbr)
    return t.replace("₂", "2").replace("ₓ", "x")


def _clause(text: str, pos: int) -> str:
    lo = max(0, pos - NAME_REACH)
    cut = max(text.rfind(ch, lo, pos) for ch in _STOPS) + 1
    return _LEAD.sub("", text[max(lo, cut):pos])


def item_names(clause: str, *, zh: bool) -> list[str]:
    """The items a clause lists before its value (["cod", "氨氮排放分别降"]), normalised; [] when it lists one."""
    parts = [p.strip() for p in (_ZH_SPLIT if zh else _EN_SPLIT).split(_norm(clause))]
    parts = [p for p in parts if p]
    return parts if len(parts) > 1 else []


def _common_suffix(a: str, b: str) -> int:
    k = 0
    while k < min(len(a), len(b)) and a[-1 - k] == b[-1 - k]:
        k += 1
    return k


def _trimmed(own: list[str], other: list[str]) -> tuple[list[str], list[str]]:
    """The two lists less the words their last items share (排放分别降, " emissions down")."""
    k = _common_suffix(own[-1], other[-1])
    if k == 0 or k >= min(len(own[-1]), len(other[-1])):
        return own, other
    return [*own[:-1], own[-1][:-k].strip()], [*other[:-1], other[-1][:-k].strip()]


def _holds(text: str, items: list[str], zh: bool) -> bool:
    for item in items:
        if len(item) < 2:
            continue
        if zh and item in text:
            return True
        if not zh and re.search(rf"(?<![a-z0-9]){re.escape(item)}(?![a-z0-9])", text):
            return True
    return False


def shared_list_sibling(ledger: Ledger, d: Figure, idx: int, zh: bool) -> Figure | None:
    """The note figure (same unit, another value, on ``idx``'s line or a neighbour) whose list of items the draft's
    words for ``d`` name while they name none of ``idx``'s own list: the value given to the other list."""
    note = ledger.figs[idx]
    own_items = item_names(_clause(ledger.text, note.start), zh=zh)
    if not own_items:
        return None
    d_words = _norm(_clause(ledger.draft_text, d.start))
    if not zh:
        d_words += " " + _norm(ledger.draft_text[d.end:d.end + NAME_REACH].split(".")[0])
    for line in (note.line, note.line - 1, note.line + 1):
        for j in ledger.by_line.get(line, ())[:16]:
            c = ledger.figs[j]
            if j == idx or c.unit != note.unit or c.value == note.value:
                continue
            other_items = item_names(_clause(ledger.text, c.start), zh=zh)
            if not other_items:
                continue
            own, other = _trimmed(own_items, other_items)
            if _holds(d_words, other, zh) and not _holds(d_words, own, zh):
                return c
    return None


_PART_CUE = re.compile(r"其中|\bof which\b|\bincluding\b|\bamong them\b", re.I)
_PART_STOPS = "，,、；;：:\n"


def part_label(ledger: Ledger, idx: int) -> str:
    """The label of a note figure stated as a part after 其中 / "of which" (其中中央1.4万亿元、地方7800亿元 → 中央, 地方):
    the words between the last separator and the figure; "" when the figure is no such part."""
    note = ledger.figs[idx]
    ls = ledger.text.rfind("\n", 0, note.start) + 1
    before = ledger.text[ls:note.start]
    cues = list(_PART_CUE.finditer(before))
    if not cues:
        return ""
    tail = before[cues[-1].end():]
    cut = max(tail.rfind(ch) for ch in _PART_STOPS) + 1
    label = _LEAD.sub("", tail[cut:]).strip(" ：:")
    return label if 0 < len(label) <= 12 else ""


def names_own_part(ledger: Ledger, d: Figure, idx: int, whole: int) -> bool:
    """True when note figure ``idx`` is a part (其中中央…) of ``whole`` (on its line before the 其中, or the line
    above) and the draft's words for ``d`` name that part's label (中央财政赤字): the part, not the whole."""
    note, total = ledger.figs[idx], ledger.figs[whole]
    if not (total.line == note.line - 1 or (total.line == note.line and total.start < note.start)):
        return False
    return names_part_label(ledger, d, idx)


def names_part_label(ledger: Ledger, d: Figure, idx: int) -> bool:
    """True when note figure ``idx`` is a part after 其中 / "of which" and the draft's words for ``d`` name its label."""
    label = part_label(ledger, idx).lower()
    if not label:
        return False
    d_words = _clause(ledger.draft_text, d.start).lower()
    note = ledger.figs[idx]
    ls = ledger.text.rfind("\n", 0, note.start) + 1
    whole = ledger.text[ledger.text.rfind("\n", 0, max(ls - 1, 0)) + 1:note.start].lower()
    for run in re.findall(r"[\u4e00-\u9fffa-z]+", whole):  # 出口 inside 进出口总额 is the whole's name, not the part
        if label in run and run != label:
            d_words = d_words.replace(run, " ")
    if label not in d_words:
        return False
    siblings = (part_label(ledger, j).lower() for j in ledger.by_line.get(note.line, ())[:16] if j != idx)
    return not any(s and s != label and s in d_words for s in siblings)  # 中央和地方…分别为: the list decides


# "X per unit of GDP", 单位GDP能耗, 每万元GDP能耗: the name after "per" / 单位 is the ratio's denominator, not its indicator
_EN_PER_UNIT = re.compile(r"\bper\s++(?:unit\s++of\s++|capita\s++)?([a-z][a-z0-9-]*+(?:\s++[a-z][a-z0-9-]*+)?)", re.I)
_ZH_PER_UNIT = re.compile(r"(?:单位|每万元|每亿元|万元)(GDP|地区生产总值|国内生产总值|增加值|工业增加值)")


def denominator_only(ledger: Ledger, d: Figure, rival: int, zh: bool) -> bool:
    """True when the draft's words for ``d`` name note figure ``rival``'s indicator (GDP) only as the denominator of a
    ratio ("energy consumption per unit of GDP", 单位GDP能耗): the ratio is another indicator than the denominator."""
    name = ledger.meanings[rival].indicator.lower()
    words = _clause(ledger.draft_text, d.start).lower()
    per = (_ZH_PER_UNIT if zh else _EN_PER_UNIT).findall(words)
    if not per or not name:
        return False
    head = re.findall(r"[a-z][a-z0-9]*|[\u4e00-\u9fff]{2,}", name)
    if not head:
        return False
    key = head[0]
    rest = (_ZH_PER_UNIT if zh else _EN_PER_UNIT).sub(" ", words)
    return any(key in p.lower() for p in per) and key not in rest
