"""Counts of parts (issue 10): "the two provisions together could save $5 billion", 三个项目合计投资….

A small count in a sentence whose total the checker derived from note figures is the number of that total's
parts when it equals their number: the notes list the parts, the draft counts them. :func:`parts_count_check`
turns such an unsupported count into a derived one; any other count stays as it was (a count that is not the
number of the derived total's parts is no part count).
"""

from __future__ import annotations

from dataclasses import replace

from assistant.check_types import FigureCheck
from assistant.figures import Figure

__all__ = ["parts_count_check"]

#: The largest count read as a number of parts (a total of at most this many note figures).
MAX_PARTS = 4
_SENTENCE_END = "。；;！？!?\n"


def _sentence_of(text: str, f: Figure) -> tuple[int, int]:
    a = f.start
    while a > 0 and text[a - 1] not in _SENTENCE_END and not (text[a - 1] == " " and text[a - 2:a - 1] == "."):
        a -= 1
    b = f.end
    while b < len(text) and text[b] not in _SENTENCE_END and not (
            text[b] == "." and (b + 1 == len(text) or text[b + 1] in " \n")):
        b += 1
    return a, b


def parts_count_check(results: list[FigureCheck], draft: str, zh: bool) -> list[FigureCheck]:
    """``results`` with each unsupported small count (2 to :data:`MAX_PARTS`, of things) that equals the number
    of operands of a total derived in its sentence marked derived."""
    out = list(results)
    for k, fc in enumerate(out):
        d = fc.figure
        if fc.status != "unsupported" or d.value is None or d.kind not in ("count", "number") or d.scale != 1:
            continue
        if d.value != int(d.value) or not 2 <= int(d.value) <= MAX_PARTS or not (d.noun or d.unit):
            continue
        a, b = _sentence_of(draft, d)
        for other in out:
            g = other.figure
            if other.status != "derived" or g is d or not (a <= g.start < b) or len(other.operands) != int(d.value):
                continue
            if "+" not in other.reason:
                continue  # a sum only: 9 / (14 − 1) has three operands, no three parts
            parts = "、".join(op.text for op in other.operands) if zh else ", ".join(op.text for op in other.operands)
            reason = (f"推算：{g.text}的组成部分共{int(d.value)}项（{parts}）" if zh
                      else f"derived: the {int(d.value)} parts of {g.text} ({parts})")
            out[k] = replace(fc, status="derived", reason=reason, note=other.operands[0], operands=other.operands)
            break
    return out
