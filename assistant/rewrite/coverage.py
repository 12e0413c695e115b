"""What a model rewrite must keep: every note item the section covered before (numeric and not), and
the form the user asked for ("分成几条" / "in points"). :func:`rewrite_problems` names what a rewrite
got wrong; :func:`follow_up` is the one re-ask (``rewrite.engine``), after which what is still wrong
is reported in the result."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.drafting.coverage import uncovered_items
from assistant.notes import NoteItem

POINTS_REQUEST = re.compile(r"(分成几条|分成\S{0,3}条|分条|逐条|分点|分几点|列成\S{0,3}条|条目化|"
                            r"\bin points\b|\bas points\b|\bbullet|\bnumbered list|\bas a list\b|\bpoint by point\b)",
                            re.I)
_ENUMERATORS = re.compile(r"(?:^|[。；;\n])[ \t\u3000]{0,4}(?:[一二三四五六七八九十]是|（[一二三四五六七八九十\d]+）|\([0-9]+\)|"
                          r"[0-9]{1,2}[.、．]\s*(?!\d)|[一二三四五六七八九十][、．]|[①-⑩])"
                          r"|\b(?:First|Second|Third|Fourth|Firstly|Secondly)\b,?", re.M)


def asks_for_points(instruction: str) -> bool:
    return bool(POINTS_REQUEST.search(instruction))


def in_points(text: str) -> bool:
    """Whether ``text`` is laid out as at least two numbered points (一是…二是… / 1. … 2. … / First, …)."""
    return len(_ENUMERATORS.findall(text)) >= 2


def dropped_items(items: Sequence[NoteItem], before: str, after: str) -> list[NoteItem]:
    """The note items ``before`` covered and ``after`` leaves out."""
    missing_before = {i.item_id for i in uncovered_items(items, before)}
    return [i for i in uncovered_items(items, after) if i.item_id not in missing_before]


def rewrite_problems(items: Sequence[NoteItem], before: str, after: str, instruction: str, *,
                     zh: bool) -> list[str]:
    """What the rewrite ``after`` of ``before`` got wrong, in words (empty when nothing)."""
    problems: list[str] = []
    for item in dropped_items(items, before, after):
        problems.append(f"漏写了要点：{item.text}" if zh else f"left out the note: {item.text}")
    if asks_for_points(instruction) and not in_points(after):
        problems.append("没有按要求分条列出" if zh else "not laid out in points as asked")
    return problems


def follow_up(problems: Sequence[str], *, zh: bool) -> str:
    """The one re-ask naming the problems."""
    if zh:
        return ("改写稿有以下问题：" + "；".join(problems) + "。请重新改写：保留原小节的每一条要点和每一个数字（原样照抄），"
                "如要求分条，用“一是……二是……”分条列出。只输出改写后的正文：")
    return ("The rewrite has these problems: " + "; ".join(problems) + ". Rewrite it again: keep every note and every "
            "figure of the original section (copied exactly); if points were asked for, write 'First, … Second, …'. "
            "Output the rewritten body text only:")
