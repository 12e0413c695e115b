"""What a chat message asks for: new notes, a rewrite or regeneration of one section, another structure,
or a question about the draft (:func:`classify`), and which section a reference names
(:func:`resolve_section_ref`). Pure functions over the message text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from assistant.lang import has_cjk
from assistant.outline import OutlineOptions, parse_structure_request
from assistant.outline_edit import OutlineEdit, parse_outline_edit
from assistant.rewrite.requests import (
    Ambiguity,
    NotFound,
    RewriteRequest,
    parse_rewrite_request,
    resolve_section_ref,
)

__all__ = ["Ambiguity", "Intent", "NotFound", "SectionRequest", "classify", "is_chat", "is_question", "is_stop",
           "resolve_section_ref", "section_request", "structure_request", "year_statement"]

IntentKind = Literal["notes", "first_notes", "rewrite", "regenerate", "structure", "question", "chat", "stop",
                     "outline_edit", "year"]

_QUESTION_START = re.compile(
    r"^(?:请问|什么|哪些|哪个|哪里|多少|为什么|为何|怎么|怎样|如何|是否|有没有|有几|几个|能否|可否|"
    r"(?:what|which|how|why|does|do|is|are|can|could|where|who|when)\b)",
    re.IGNORECASE,
)
_QUESTION_WORDS = re.compile(r"(吗|呢|么)[？?。.!！]?$|[?？]\s*$")
_STOP = re.compile(
    r"^(?:请|快)?(?:停止|停下|停|暂停|中止|终止|取消|别写了|不要写了|先停一下)(?:生成|撰写|写作|吧|一下)?[!！。.~～]*$"
    r"|^(?:please\s+)?(?:stop|cancel|abort|halt)(?:\s+(?:it|now|that|writing|the draft|drafting))?[!.]*$",
    re.IGNORECASE,
)
_GREETING = re.compile(
    r"^(?:你好|您好|嗨|哈喽|哈啰|在吗|在不在|早上好|上午好|下午好|晚上好|早|谢谢|多谢|感谢|辛苦了|好的|好|行|嗯|收到|"
    r"ok|okay|hi|hello|hey|thanks|thank you|good (?:morning|afternoon|evening)|yes|no)"
    r"[\s!！。.,，~～?？]*(?:[\u4e00-\u9fff]{0,2}|there|you)?[\s!！。.,，~～?？]*$",
    re.IGNORECASE,
)
# a figure that would make a line a note: any digit, a Chinese numeral with a unit, a percentage in words
_FIGURE = re.compile(r"[0-9０-９]|[一二三四五六七八九十两]{1,4}[百千万亿]?[个项次件户人家所座条元%％]|百分之")
_LIST_LINE = re.compile(r"^\s*(?:[-*•·]|\d{1,2}[.、)）])\s*")
_REGENERATE = re.compile(
    r"^(?:请|麻烦|帮我)?\s*(?:重新生成|重新撰写|重新起草|重写一遍|再生成)\s*(?:一下)?\s*(?P<ref>.+?)[。.!！]?$"
    r"|^(?:please\s+)?(?:regenerate|redraft|rewrite from scratch)\s+(?P<eref>.+?)[.!]?$",
    re.IGNORECASE,
)

# the user telling the report's year after the notice for notes without one: "年份是2025年", "是2025年的",
# "报告年度：2025", "2025年度", "补充：年份为2025年", "the year is 2025", "Year: 2025", "it's for 2025", "2025".
# The whole (short, one-line) message must be the statement: a note such as "2025年新增就业1200人" is notes.
_YEAR_ZH = re.compile(
    r"^(?:补充|说明|注|更正|改一下|修改)?[：:，,\s]*+(?:报告|总结|笔记|材料|这|这是|这份|本|今年|本年)?(?:的)?"
    r"(?:年份|年度|时间|年)?(?:应该?|应当)?(?:是|为|改为|改成|写|填|：|:)?[：:\s]*+"
    r"(?P<year>(?:19|20)\d\d)\s*+年?度?(?:的)?(?:工作)?(?:总结|报告|材料|笔记)?"
    r"[。.!！~～\s]*+$")
_YEAR_ZH_CUE = re.compile(r"年份|年度|时间|是|为|改|写|填|[：:]|的|^\s*(?:19|20)\d\d\s*年?度?[。.!！\s]*$")
_YEAR_EN = re.compile(
    r"^(?:(?:the\s+)?(?:report(?:ing)?\s+)?(?:year|period)\s*(?:is|was|should\s+be|:|=)\s*|"
    r"(?:it'?s|it\s+is|this\s+is|these\s+are|the\s+notes\s+are|the\s+report\s+is)?\s*(?:for\s+|about\s+|from\s+)?"
    r"(?:the\s+)?(?:year\s+|fy\s*)?)"
    r"(?P<year>(?:19|20)\d\d)(?:\s+(?:report|notes|summary))?\s*[.!]*$",
    re.IGNORECASE)


def year_statement(message: str) -> int | None:
    """The report year a short one-line message states ("年份是2025年", "2025年度", "the year is 2025"),
    or None; a note that goes on after the year ("2025年新增就业1200人") is not one."""
    text = message.strip()
    if not text or "\n" in text or len(text) > 40:
        return None
    m = _YEAR_ZH.match(text) if has_cjk(text) else _YEAR_EN.match(text)
    if m is None or (has_cjk(text) and not _YEAR_ZH_CUE.search(text)):
        return None
    return int(m.group("year"))


@dataclass(frozen=True)
class SectionRequest:
    """A request about one section: ``ref`` names it (as the user wrote it, or a section id), ``instruction``
    says how it should change; ``regenerate`` when it is to be written afresh from the notes."""

    ref: str
    instruction: str
    regenerate: bool = False


@dataclass(frozen=True)
class Intent:
    kind: IntentKind
    text: str
    section: SectionRequest | None = None  # rewrite / regenerate
    structure: OutlineOptions | None = None  # structure
    edit: OutlineEdit | None = None  # outline_edit ("把第三项并入第一项", "move item 3 to heading 1")
    year: int | None = None  # year ("年份是2025年", "the year is 2025": the report's year, never a note)


def is_question(message: str) -> bool:
    """A follow-up that asks about the draft rather than adding notes."""
    text = message.strip()
    if "\n" in text.strip():
        return False
    return bool(_QUESTION_WORDS.search(text) or _QUESTION_START.match(text))


def is_stop(message: str) -> bool:
    """"停止" / "stop" on its own: stop the running draft, never a note."""
    return bool(_STOP.match(message.strip()))


def is_chat(message: str) -> bool:
    """A short message that is not notes: a greeting, one word, or a question without figures
    ("你好", "报告", "hello", "can you write a report?"). One line only; a figure makes it notes."""
    text = message.strip()
    if not text or "\n" in text:
        return False
    if _GREETING.match(text):
        return True
    if _FIGURE.search(text):
        return False
    if is_question(text) and len(text) <= 120:
        return True
    core = text.strip("!！。.,，~～?？ ")
    if has_cjk(core):
        return " " not in core and len(core) <= 4
    return len(core.split()) == 1 and len(core) <= 30


def structure_request(message: str, current: OutlineOptions | None = None) -> OutlineOptions | None:
    """The :class:`~assistant.outline.OutlineOptions` a chat message asks for ("分成四部分", "不要问题部分",
    "no challenges section", "sections: A; B; C"), or None. Only a short one-line message counts (a
    pasted notes line such as "- no problems with the new clinic" stays notes), and a request for the
    default structure counts only when the session has another one (so "加上问题分析" on a default
    draft is not taken as a structure change)."""
    text = message.strip()
    if not text or "\n" in text or len(text) > 160 or _LIST_LINE.match(text):
        return None
    options = parse_structure_request(text)
    if options is None or (options == OutlineOptions() and (current is None or current == OutlineOptions())):
        return None
    return options


def section_request(message: str) -> SectionRequest | None:
    """A request to regenerate ("重新生成第二部分") or rewrite ("把第二部分改写得更简洁") one section."""
    m = _REGENERATE.match(message.strip())
    if m:
        ref = (m.group("ref") or m.group("eref") or "").strip()
        zh = has_cjk(message)
        return SectionRequest(ref, "根据工作要点重新撰写这一部分" if zh else "rewrite this section afresh from the notes",
                              regenerate=True)
    request: RewriteRequest | None = parse_rewrite_request(message)
    if request is None:
        return None
    return SectionRequest(request.ref, request.instruction)


def classify(message: str, *, has_draft: bool, structure: OutlineOptions | None = None) -> Intent:
    """What ``message`` asks for, in this order: stop the running work; with a draft, the report's year
    ("年份是2025年": :func:`year_statement`); another structure; an outline
    edit; a short message that is not notes (``chat``: a greeting, one word, a question without figures
    when there is no draft); without a draft, the first notes; a section request; a question; else notes
    to add."""
    text = message.strip()
    if is_stop(text):
        return Intent("stop", text)
    year = year_statement(text) if has_draft else None
    if year is not None:
        return Intent("year", text, year=year)
    options = structure_request(text, structure)
    if options is not None:
        return Intent("structure", text, structure=options)
    edit = parse_outline_edit(text)
    if edit is not None:
        return Intent("outline_edit", text, edit=edit)
    if not has_draft:
        return Intent("chat" if is_chat(text) else "first_notes", text)
    if is_chat(text) and not is_question(text) and section_request(text) is None:
        return Intent("chat", text)
    request = section_request(text)
    if request is not None:
        return Intent("regenerate" if request.regenerate else "rewrite", text, section=request)
    if is_question(text):
        return Intent("question", text)
    return Intent("notes", text)
