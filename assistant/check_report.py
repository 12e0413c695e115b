"""What the checker's result is used for: the repair instructions re-asked of the model, the
【待核实】 / [to verify] markers, the UI's highlight spans and the one-line summary."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from assistant.check_ledger import compatible
from assistant.check_types import MARKER_RE, STATUS_ZH, STATUSES, CheckResult, FigureCheck
from assistant.figures import Figure


def blocking_figures(result: CheckResult) -> list[FigureCheck]:
    """The draft figures with a blocking status, in draft order."""
    return [fc for fc in result.figures if fc.blocking]


def _draft_line(result: CheckResult, fc: FigureCheck) -> str:
    lines = result.draft_text.split("\n")
    return lines[fc.figure.line - 1].strip() if fc.figure.line <= len(lines) else ""


def repair_instructions(result: CheckResult, language: str = "zh") -> str:
    """The exact problems, with the right note lines, to re-ask the model. Empty when none."""
    zh = language.startswith("zh")
    out: list[str] = []
    ledger_by_value: dict[Decimal | None, list[Figure]] = {}
    for n in result.ledger:
        ledger_by_value.setdefault(n.value, []).append(n)
    for fc in blocking_figures(result):
        f = fc.figure
        fix = ""
        if fc.note is not None and fc.status != "misattributed":
            note_line = result.note_line(fc.note.line)
            fix = (f"笔记第{fc.note.line}行原文：“{note_line}”" if zh
                   else f"Notes line {fc.note.line}: \"{note_line}\"")
        elif fc.note is not None:
            own = [n for n in ledger_by_value.get(f.value, ()) if compatible(f, n)]
            parts = [f"第{fc.note.line}行：“{result.note_line(fc.note.line)}”" if zh
                     else f"line {fc.note.line}: \"{result.note_line(fc.note.line)}\""]
            if own:
                parts.append(f"第{own[0].line}行：“{result.note_line(own[0].line)}”" if zh
                             else f"line {own[0].line}: \"{result.note_line(own[0].line)}\"")
            fix = ("笔记原文 " if zh else "Notes ") + "；".join(parts) if zh else "Notes " + "; ".join(parts)
        if fc.meaning and zh:
            action = "数值没错，但请按笔记写明它是哪一期的数、是已完成还是目标/预计"
            out.append(f"- 第{f.line}行“{f.text}”（{STATUS_ZH[fc.status]}）：{fc.reason}。{fix + '。' if fix else ''}{action}。")
        elif fc.meaning:
            action = ("The value is right: state its period, and whether it was achieved or only planned, "
                      "as the notes do")
            out.append(f"- Line {f.line} \"{f.text}\" ({fc.status}): {fc.reason}. {fix + '. ' if fix else ''}{action}.")
        elif zh:
            action = {
                "mismatch": "请使用笔记中的数值",
                "misattributed": "请把数字放回它所属的指标",
                "wrong_direction": "请按笔记写明增减方向",
                "unsupported": "笔记中没有这个数字：请删除，或改为不含数字的表述",
            }[fc.status]
            out.append(f"- 第{f.line}行“{f.text}”（{STATUS_ZH[fc.status]}）：{fc.reason}。{fix + '。' if fix else ''}{action}。")
        else:
            action = {
                "mismatch": "Use the value the notes give",
                "misattributed": "Put the figure back with the indicator it belongs to",
                "wrong_direction": "State the direction (up/down) as the notes do",
                "unsupported": "The notes do not contain this figure: remove it or say it without a figure",
            }[fc.status]
            out.append(f"- Line {f.line} \"{f.text}\" ({fc.status}): {fc.reason}. {fix + '. ' if fix else ''}{action}.")
    if not out:
        return ""
    head = ("以下数字与笔记不符，请只改正这些数字，其余内容保持不变：" if zh
            else "These figures do not match the notes; fix only them and keep everything else:")
    return head + "\n" + "\n".join(out)


def marker(figure_text: str, language: str = "zh") -> str:
    """The visible marker for a figure that could not be verified."""
    if language.startswith("zh"):
        return f"【待核实：{figure_text}】"
    return f"[to verify: {figure_text}]"


def mark_unverified(draft_text: str, result: CheckResult, language: str = "zh") -> str:
    """Replace every blocking figure of ``draft_text`` by a marker that keeps the figure inside.

    Figures already inside a marker are left as they are (marking twice never nests markers).

    ``result`` must come from checking this very ``draft_text``. Markers are parsed back with
    :data:`MARKER_RE` (or :func:`find_markers`).
    """
    if result.draft_text != draft_text:
        raise ValueError("the check result belongs to another draft text")
    marked = [(a, b) for a, b, _ in find_markers(draft_text)]
    marked_starts = [a for a, _ in marked]
    pieces: list[str] = []
    tail = len(draft_text)
    for fc in sorted(blocking_figures(result), key=lambda fc: fc.figure.start, reverse=True):
        f = fc.figure
        k = bisect.bisect_right(marked_starts, f.start) - 1
        if k >= 0 and f.start < marked[k][1]:
            continue  # already inside a marker: never mark twice
        pieces.append(draft_text[f.end:tail])
        pieces.append(marker(f.text, language))
        tail = f.start
    pieces.append(draft_text[:tail])
    out = "".join(reversed(pieces))
    return out


def find_markers(text: str) -> list[tuple[int, int, str]]:
    """(start, end, figure text) of every 【待核实：…】 / [to verify: …] marker in ``text``."""
    return [
        (m.start(), m.end(), m.group("figure") if m.group("figure") is not None else m.group("figure_en"))
        for m in MARKER_RE.finditer(text)
    ]


def highlight_spans(result: CheckResult) -> list[dict[str, Any]]:
    """Spans of the draft to colour in the UI: start, end, status, blocking, tooltip, note line."""
    spans: list[dict[str, Any]] = []
    for fc in result.figures:
        f = fc.figure
        note_line = result.note_line(fc.note.line) if fc.note is not None else ""
        tooltip = fc.reason + (f"\n{note_line}" if note_line else "")
        spans.append(
            {
                "start": f.start, "end": f.end, "text": f.text, "status": fc.status,
                "blocking": fc.blocking, "tooltip": tooltip,
                "note_line": fc.note.line if fc.note is not None else None,
            }
        )
    return spans


def format_summary(summary: dict[str, int], language: str = "en") -> str:
    """"42 verified · 3 derived · 1 unsupported" or "已核实 42 · 推算 3 · 无依据 1"."""
    parts: Iterable[str]
    if language.startswith("zh"):
        parts = (f"{STATUS_ZH[s]} {summary[s]}" for s in STATUSES if summary.get(s))
    else:
        parts = (f"{summary[s]} {s.replace('_', ' ')}" for s in STATUSES if summary.get(s))
    text = " · ".join(parts)
    return text or ("没有数字" if language.startswith("zh") else "no figures")
