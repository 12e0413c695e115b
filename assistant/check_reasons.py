"""The checker's reasons, in the draft's language: where a note figure is, and why a draft figure
has its status (verified, approximate, misattributed, wrong direction, mismatch, ignored)."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.figures import Figure

_GAPS = re.compile(r"\s+")


def quoted(f: Figure) -> str:
    return f"‘{f.text}’"


def note_where(c: Figure, zh: bool) -> str:
    return _where(c.line, c.text, c.context, zh)


@lru_cache(maxsize=4096)  # a note figure is named in several readers' reasons for every draft figure it backs
def _where(line: int, text: str, context: str, zh: bool) -> str:
    ctx = _GAPS.sub("…", (context or text).strip())  # gaps left by other figures read as elisions
    return f"笔记第{line}行“{ctx}”{text}" if zh else f"notes line {line}: {ctx} {text}"


def ignored_reason(reason: str, zh: bool) -> str:
    if not zh:
        return reason
    table = {
        "year": "年份", "date": "日期", "heading marker": "标题序号", "list marker": "列表序号",
        "ordinal": "序数", "version number": "版本号", "fiscal year": "财年", "code or identifier": "编号/代码",
        "reference number": "引用编号", "enumeration (一是/二是)": "列举序号（一是/二是）",
        "rate base": "比率基数",  # 每万人, per 1,000 (derive6)
    }
    if reason.startswith("fixed phrase"):
        return "固定提法" + reason[len("fixed phrase"):]
    return table.get(reason, reason)


def verified_reason(d: Figure, c: Figure, zh: bool) -> str:
    return f"与{note_where(c, zh)}一致" if zh else f"matches {note_where(c, zh)}"


def approx_reason(d: Figure, c: Figure, zh: bool) -> str:
    if zh:
        return f"{d.text}是{note_where(c, zh)}的约数，取整一致"
    return f"{d.text} rounds {note_where(c, zh)} consistently"


def misattributed_reason(d: Figure, own: Figure, other: Figure, zh: bool) -> str:
    if zh:
        return (
            f"{d.text}在笔记中属于第{own.line}行“{own.context or own.text}”；"
            f"这里的指标“{other.context}”在笔记第{other.line}行是{other.text}"
        )
    return (
        f"{d.text} belongs to ‘{own.context or own.text}’ (notes line {own.line}); "
        f"‘{other.context}’ is {other.text} in the notes (line {other.line})"
    )


def direction_reason(d: Figure, c: Figure, zh: bool) -> str:
    words = {"up": ("增长/提高", "up"), "down": ("下降/减少", "down")}
    dd = words[d.direction or "up"]
    cd = words[c.direction or "up"]
    if zh:
        return f"草稿写的是{dd[0]}{d.text}，而{note_where(c, zh)}是{cd[0]}"
    return f"the draft says {dd[1]} {d.text} but {note_where(c, zh)} is {cd[1]}"


def mismatch_reason(d: Figure, c: Figure, zh: bool) -> str:
    scale_note = ""
    if d.number == c.number and d.scale != c.scale:
        scale_note = "（单位量级不同）" if zh else " (the unit scale differs)"
    elif d.unit == c.unit == "倍" and d.value == c.value:
        scale_note = ("（“增长N倍”是“是…的N+1倍”，两种说法相差1倍）" if zh
                      else " (grew by N times is N+1 times the base: the two forms differ by one)")
    if zh:
        return f"草稿为{d.text}，但{note_where(c, zh)}{scale_note}"
    return f"the draft says {d.text} but {note_where(c, zh)}{scale_note}"
