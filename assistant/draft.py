"""Section-by-section drafting, streamed as events, with the figure-repair loop.

``draft_report(notes, model=..., hits=..., outline=...)`` yields, in order::

    SectionStarted(section_id, heading, level, note_items)   for every section (parents too)
    Token(section_id, text)                                  the model's raw stream (or offline sentences)
    RepairAttempt(section_id, attempt, problems)             before a re-ask; the UI clears the section
    SectionDone(section, check)                              ``section.text`` is the final, cleaned text
    DraftDone(draft)                                         once, at the end

With ``model=None`` (the offline provider) each section is rendered from its note items with fixed
sentence patterns. With a model, each leaf section is one chat call whose prompt shares its prefix
(system message + all notes + masked style excerpts) with every other section, so a llama.cpp server's
prompt cache is reused; the section task comes last. With ``retrieve=`` each section quotes its own
retrieved examples, so only the system message is shared (the local provider quotes none, so its
prefix stays shared). Model output is cleaned (letter framing, fences,
repeated headings, list markers) and the heading layout is produced here, never by the model.

After each section the checker (``assistant.check``, when installed) runs against the notes; blocking
figures trigger up to ``max_repairs`` re-asks with the checker's instructions, and what still fails is
marked 【待核实】/[to verify] by ``mark_unverified``. Every repair is recorded in the draft.
"""

from __future__ import annotations

import datetime as _dt
import inspect
import json
import logging
import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any, Union

from assistant.documents import Hit, Language
from assistant.errors import ModelError
from assistant.notes import NoteItem, Notes
from assistant.outline import Outline, OutlineOptions, OutlineSection, is_target, make_outline
from assistant.prompts import load_prompt, mask_figures, quote_data

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage

log = logging.getLogger(__name__)

STYLE_EXCERPTS = 3
# Longest all-notes block kept in the shared prompt prefix. Beyond it (long notes against a 4096-token
# local context) the prefix says the notes are given per section; each section task still lists its
# own notes in full, so no figure is lost.
SHARED_NOTES_CHARS = 2400
# Whether the shared prefix carries all notes. Off by default: with all notes in view, the local 1.5B
# model pulled other sections' notes into a section (and contradicted a problem note); with only the
# section's own notes it stays on topic. The prefix (system message + style excerpts) is still shared.
SHARED_NOTES = False
EXCERPT_CHARS_ZH = 220
EXCERPT_CHARS_EN = 450


# --- the draft -----------------------------------------------------------------------------------

@dataclass
class Repair:
    """One re-ask of a section: the blocking figures that caused it and whether it cleared them."""

    attempt: int
    problems: list[str]
    resolved: bool = False


@dataclass
class DraftSection:
    section_id: str
    title: str
    heading: str
    level: int
    text: str = ""
    note_items: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)  # chunk ids of the style excerpts in the prompt
    # the example passages retrieved for this section (with ``retrieve=``: its own query; else the
    # draft's fixed ``hits``); those in ``examples`` were quoted (masked) in its prompt
    example_hits: list[Hit] = field(default_factory=list)
    draft_id: str = ""  # the id assistant.sections.parse_draft gives this section in to_markdown()
    repairs: list[Repair] = field(default_factory=list)
    check: dict[str, int] | None = None
    unverified: int = 0
    parent_id: str | None = None
    seconds: float = 0.0
    model_seconds: float = 0.0
    fallback: bool = False  # the model wrote nothing usable; the text was rendered offline
    appended_items: list[str] = field(default_factory=list)  # notes the model left out, appended offline

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.section_id,
            "title": self.title,
            "heading": self.heading,
            "level": self.level,
            "parent": self.parent_id,
            "text": self.text,
            "note_items": list(self.note_items),
            "examples": list(self.examples),
            "draft_id": self.draft_id,
            "example_passages": [
                {"report": h.chunk.report_title, "report_id": h.chunk.report_id, "section": h.chunk.section,
                 "score": round(h.score, 6), "chunk_id": h.chunk.chunk_id, "text": h.chunk.text,
                 "in_prompt": h.chunk.chunk_id in self.examples}
                for h in self.example_hits
            ],
            "check": self.check,
            "unverified": self.unverified,
            "fallback": self.fallback,
            "appended_items": list(self.appended_items),
            "repairs": [
                {"attempt": r.attempt, "problems": r.problems, "resolved": r.resolved} for r in self.repairs
            ],
        }


@dataclass
class Draft:
    title: str
    language: Language
    provider: str
    sections: list[DraftSection]
    examples: list[dict[str, object]] = field(default_factory=list)
    banner: str | None = None
    title_items: list[str] = field(default_factory=list)
    # notices for the user about the notes (a line that reads like an instruction to the assistant),
    # in the notes' language; see instruction_warnings
    warnings: list[str] = field(default_factory=list)

    def section(self, section_id: str) -> DraftSection:
        for s in self.sections:
            if s.section_id == section_id:
                return s
        raise KeyError(section_id)

    def to_markdown(self) -> str:
        """``# title``, ``## 一、…``, ``### （一）…``, each followed by its text."""
        parts = [f"# {self.title}"]
        for s in self.sections:
            parts.append(f"{'#' * (s.level + 1)} {s.heading}")
            if s.text.strip():
                parts.append(s.text.strip())
        return "\n\n".join(parts) + "\n"

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "language": self.language,
            "provider": self.provider,
            "banner": self.banner,
            "title_items": list(self.title_items),
            "warnings": list(self.warnings),
            "sections": [s.as_json() for s in self.sections],
            "examples": self.examples,
            "markdown": self.to_markdown(),
        }

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=2)

    @property
    def repairs(self) -> list[tuple[str, Repair]]:
        return [(s.section_id, r) for s in self.sections for r in s.repairs]


# --- events --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SectionStarted:
    section_id: str
    heading: str
    level: int
    note_items: tuple[str, ...]


@dataclass(frozen=True)
class Token:
    section_id: str
    text: str


@dataclass(frozen=True)
class RepairAttempt:
    section_id: str
    attempt: int
    problems: tuple[str, ...]


@dataclass(frozen=True)
class SectionDone:
    section: DraftSection
    check: dict[str, int] | None


@dataclass(frozen=True)
class DraftDone:
    draft: Draft


DraftEvent = Union[SectionStarted, Token, RepairAttempt, SectionDone, DraftDone]  # noqa: UP007


# --- prompt blocks -------------------------------------------------------------------------------

def notes_block(notes: Notes) -> str:
    """All content notes as ``[n3] text`` lines (expanded abbreviations, figures verbatim)."""
    lines = [f"[{i.item_id}] {quote_data(i.prompt_text)}" for i in notes.content_items]
    if not lines:
        return "（无）" if notes.language == "zh" else "(none)"
    return "\n".join(lines)


def style_block(hits: Sequence[Hit], language: Language, limit: int = STYLE_EXCERPTS) -> tuple[str, list[str]]:
    """Masked, quoted excerpts of the retrieved examples, and the chunk ids used."""
    size = EXCERPT_CHARS_ZH if language == "zh" else EXCERPT_CHARS_EN
    lines: list[str] = []
    used: list[str] = []
    for n, hit in enumerate(hits[:limit], start=1):
        c = hit.chunk
        text = re.sub(r"\s+", " " if c.language == "en" else "", c.text).strip()
        if c.language == "zh":
            text = re.sub(r"\s+", "", text)
        excerpt = quote_data(mask_figures(text[:size]))
        where = quote_data(mask_figures(f"{c.report_title} > {c.section}".strip(" >")))
        label = f"〔范文{n}｜{where}〕" if language == "zh" else f"[Example {n} | {where}]"
        lines.append(f"{label}\n{excerpt}")
        used.append(c.chunk_id)
    if not lines:
        return ("（无范文）" if language == "zh" else "(no examples)"), used
    return "\n\n".join(lines), used


def section_items_block(items: Sequence[NoteItem]) -> str:
    return "\n".join(f"[{i.item_id}] {quote_data(i.prompt_text)}" for i in items)


_PATTERN_HINTS: dict[str, dict[str, str]] = {
    "zh": {
        "summary": "句式：每条要点写成一句平实的陈述，例如“全年完成……，同比增长……”。",
        "problems": "句式：用“一是……；二是……”逐条写问题，只写不足和困难本身，不写成绩和成效。",
        "targets": "句式：用“力争……”“确保……”写目标，目标值照抄要点。",
        "measures": "句式：用“一是……；二是……”逐条写举措，每条以动词开头。",
        "plan": "句式：先写主要目标（“力争……”），再用“一是……；二是……”写重点任务。",
    },
    "en": {
        "summary": "Pattern: one plain statement per note (what was done, the figure, the change). ",
        "problems": "Pattern: 'First, …; second, …', the problems only, no achievements. ",
        "targets": "Pattern: 'We aim to …' for each target, with the target copied from the note. ",
        "measures": "Pattern: 'First, …; second, …', each measure starting with a verb. ",
        "plan": "Pattern: the targets first ('We aim to …'), then the measures ('First, …; second, …'). ",
    },
}


def length_hint(language: Language, kind: str = "", items: int = 0) -> str:
    """The closing instruction of a section task: length, the role's sentence pattern, and "this section
    only" (a small model otherwise runs on into the next sections). With one note the pattern says so
    (a "一是……；二是……" pattern made the 1.5B model invent 二是…五是…)."""
    pattern = _PATTERN_HINTS["zh" if language == "zh" else "en"].get(kind, "")
    if items == 1 and kind:
        pattern = ("本节只有一条要点：只写这一条，一两句即可，不要列举“一是、二是”，不要补充其他内容。" if language == "zh"
                   else "This section has a single note: write one or two sentences about it and nothing else. ")
    if language == "zh":
        return ("篇幅与要点数量相称，每条要点写成一到两句，写成连贯的段落；要点少就写短，不要补充要点以外的任何数字或事实。"
                + pattern + "不要展开“其中……”之类的分项数据。写完本节即停止，不要续写其他部分或小节，不要加标题。")
    return ("Keep the length proportional to the notes: one or two sentences per note, as connected prose; "
            "with few notes write little, and add no figure, comparison or fact beyond the notes. " + pattern
            + "Stop at the end of this section: do not go on to other sections, add no headings. ")


def shared_notes_block(notes: Notes, budget: int = SHARED_NOTES_CHARS) -> str:
    """The notes block of the shared prefix: all notes (``budget`` > 0 and they fit), else a pointer to
    the section task, which always lists the section's own notes in full."""
    block = notes_block(notes)
    if budget > 0 and len(block) <= budget:
        return block
    if notes.language == "zh":
        return "（此处从略；本节所需要点见【本节任务】。）"
    return "(Given per section: the section task lists the notes it needs.)"


def section_messages(
    *,
    notes: Notes,
    report_title: str,
    style: str,
    heading: str,
    items: Sequence[NoteItem],
    notes_budget: int = SHARED_NOTES_CHARS,
    kind: str = "",
) -> list[BaseMessage]:
    """The chat messages for one section (shared prefix first, the section task last)."""
    prompt = load_prompt("draft_section", notes.language)
    return prompt.to_messages(
        report_title=quote_data(report_title),
        notes_block=shared_notes_block(notes, notes_budget),
        style_block=style,
        section_heading=quote_data(heading),
        section_items=section_items_block(items),
        length_hint=length_hint(notes.language, kind, len(items)),
    )


# --- guards for small local models ------------------------------------------------------------------

# Per-section completion budget for the local model: proportional to the section's notes (a Chinese
# sentence per note is ~40-70 tokens for Qwen2.5), capped; the settings' max_tokens stays the ceiling
# for other providers. A tight budget is what stops a 1.5B model from padding a section with invented
# figures or running on into the next sections.
LOCAL_BUDGET = {"zh": (48, 64), "en": (40, 48)}  # (base, per note item)
LOCAL_BUDGET_MAX = 640
# Style excerpts in a local model's prompt: off. The masked 〔N〕 placeholders invited the 1.5B model to
# copy the excerpt and fill every 〔N〕 with an invented number; the section task carries a sentence
# pattern without any placeholder instead (``length_hint``).
LOCAL_STYLE_EXCERPTS = False


def section_token_budget(items: Sequence[NoteItem], language: Language, cap: int = LOCAL_BUDGET_MAX) -> int:
    base, per = LOCAL_BUDGET["zh" if language == "zh" else "en"]
    return max(64, min(cap, base + per * max(1, len(items))))


def stop_sequences(language: Language) -> list[str]:
    """Stop strings for the local server: a new top-level part, a Markdown heading, a prompt echo."""
    common = ["\n#", "\n**", "\n【", "\n\n\n"]
    if language == "zh":
        return [*common, *(f"\n{n}、" for n in "二三四五六七"), "\n（二）", "\n(二)"]
    return [*common, *(f"\n{n}. " for n in range(2, 8)), "\n(2)", "\nSECTION TASK", "\nNOTES"]


_TOP_MARK = re.compile(r"^\s*(?:#{1,6}\s*\S|[一二三四五六七八九十]+[、.．]\s*\S|第[一二三四五六七八九十]+部分|"
                       r"\*\*[^*]{1,40}\*\*\s*$|【|(?:SECTION TASK|NOTES|STYLE EXCERPTS)\b|Part [IVX\d]+\b)")
_SUB_MARK = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.、．]\s*(?!\d))\s*\S")
_INLINE_PART = re.compile(r"(?<=[。；;！？!?])\s*(?=[二三四五六七八九十]、|#{1,4}\s|【)")
_SENTENCE_END = re.compile(r"[。；;！？!?]$|[.!?][\"'”’)]?$")
_RUNAWAY_WORDS = ("存在的问题", "存在问题", "工作安排", "工作打算", "工作思路", "下一步", "未来展望", "主要目标",
                  "重点举措", "重点工作", "工作总结", "工作回顾", "challenges", "plan for", "targets", "measures",
                  "next steps", "outlook", "summary of")


def _looks_like_heading(line: str, titles: Sequence[str]) -> bool:
    stripped = line.strip()
    if _TOP_MARK.match(stripped):
        return True
    short = len(stripped) <= 40 and not _SENTENCE_END.search(stripped)
    if short and _SUB_MARK.match(stripped):
        return True
    if short and len(stripped) <= 30:
        norm = _norm_title(stripped)
        low = stripped.lower()
        if any(t and _norm_title(t) in norm for t in titles) or any(w in low for w in _RUNAWAY_WORDS):
            return True
    return False


_ECHO_LINE = re.compile(r"^\s*(?:【(?:工作要点|本节任务|范文摘录|原小节|修改要求)】|〔范文\d|.{0,12}“[^”]{1,40}”部分的正文|"
                        r"(?:NOTES|SECTION TASK|STYLE EXCERPTS|ORIGINAL SECTION|REQUEST)\b(?:\s*\(|\s*$|:))")
_LABEL = re.compile(r"^\s*(?:【正文】|正文[：:]|Body( text)?:)\s*", re.I)
_ITEM_REF = re.compile(r"\s*(?:\[N\]|〔N〕)|\[(?:n?\d{1,3})\]\s*|\s*[（(](?:per (?:the )?section task|见本节任务|本节任务)[)）]", re.I)


def cut_runaway(text: str, titles: Sequence[str] = ()) -> str:
    """Cut a section's model output where it runs on into another section: at the first line, after some
    body text, that looks like a new heading (一、/二、, ``#``, （二）, ``2.``, a bold line, a prompt
    echo such as 【本节任务】, or a short line naming another section, e.g. ``存在的问题``), or at an
    inline ``。二、`` / ``。## `` after a sentence. Headings before any body text are left for
    :func:`clean_model_output` to drop; echoed prompt lines (【工作要点】…, 【本节任务】…) before the body
    are dropped, as are ``【正文】`` labels and ``[n3]`` note references."""
    lines = text.replace("\r\n", "\n").split("\n")
    out: list[str] = []
    body = False
    for line in lines:
        line = _ITEM_REF.sub("", _LABEL.sub("", line))
        stripped = line.strip()
        if not stripped:
            out.append(line)
            continue
        if _ECHO_LINE.match(stripped):  # the prompt echoed back: never text of the section
            if body:
                log.info("model output echoed the prompt after its section; cut")
                break
            continue
        if _looks_like_heading(stripped, titles):
            if body:
                log.info("model output ran on past its section at %r; cut", stripped[:40])
                break
            out.append(line)
            continue
        m = _INLINE_PART.search(line)
        if m and m.start() > 0:
            out.append(line[: m.start()])
            body = True
            log.info("model output ran on past its section inline; cut")
            break
        out.append(line)
        if len(stripped) >= 6:
            body = True
    return "\n".join(out).rstrip()


_EN_STOP = frozenset(
    ["the", "and", "for", "with", "that", "this", "which", "our", "their", "its", "are", "was", "were", "has", "have", "had", "will", "been", "from", "into", "over", "about", "more", "than", "also", "each", "all", "per", "new", "year", "years"])
_ZH_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]是|首先|其次|再次|最后|同时|此外|另外|其中)[，,]?")
_EN_ORDINAL = re.compile(r"^(?:first|second|third|fourth|fifth|finally|also|in addition|meanwhile),?\s+", re.I)


def _zh_grams(text: str) -> set[str]:
    t = "".join(re.findall(r"[\u4e00-\u9fff]", text))
    return {t[i: i + 2] for i in range(len(t) - 1)}


def _en_words(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[a-z]{3,}", text.lower()) if w not in _EN_STOP}


def drop_unsupported_clauses(text: str, items: Sequence[NoteItem], language: Language,
                             threshold: float = 0.34) -> str:
    """Drop clauses that hold no figure and share almost nothing with the section's notes: the padding
    a small model adds (\"通过实施创新驱动发展战略……\", "二是基础设施落后……" with one problem note,
    "This will significantly enhance …"), i.e. claims that are not in the notes. Clauses with a figure
    stay (the checker rates those); a paragraph left empty disappears."""
    source = " ".join(f"{i.text} {i.prompt_text}" for i in items)
    zh = language == "zh"
    ref = _zh_grams(source) if zh else _en_words(source)
    paragraphs: list[str] = []
    for para in text.split("\n\n"):
        if zh:
            pieces = re.findall(r"[^，,；;。！？!?]+[，,；;。！？!?]?", para)
        else:
            pieces = re.findall(r".+?(?:[,;](?=\s)|[.!?](?=\s|$)|$)", para)
        kept: list[str] = []
        for piece in pieces:
            core = piece.strip()
            if not core:
                continue
            bare = _ZH_ORDINAL.sub("", core) if zh else _EN_ORDINAL.sub("", core)
            grams = _zh_grams(bare) if zh else _en_words(bare)
            has_figure = re.search(r"[0-9０-９]", re.sub(r"(?<!\d)(?:19|20)\d\d(?:年|\b)", "", core))
            if has_figure or len(grams) < 2 or len(grams & ref) / len(grams) >= threshold:
                kept.append(core)
            elif kept and kept[-1][-1:] in "，,":
                kept[-1] = kept[-1][:-1] + ("。" if zh else ".") if core[-1:] in "。.!?！？" else kept[-1]
        if not kept:
            continue
        joined = ("" if zh else " ").join(kept).strip()
        if zh and joined.startswith("一是") and "二是" not in joined:
            joined = joined[2:]  # a lone "一是" once the invented 二是… are gone
        joined = re.sub(r"[，,；;]$", "。" if zh else ".", joined)
        if zh and not re.search(r"[。！？]$", joined) and re.search(r"[。！？]$", para.strip()):
            joined += "。"
        paragraphs.append(joined)
    return "\n\n".join(paragraphs)


def end_sentence(text: str, language: Language) -> str:
    """Close every paragraph with a full stop (a reply stopped by a stop sequence often lacks one)."""
    stop = "。" if language == "zh" else "."
    paras = [p.rstrip(" ，,；;：:") for p in text.split("\n\n")]
    return "\n\n".join(p if not p or re.search(r"[。！？.!?”\"'）)]$", p) else p + stop for p in paras)


def trim_fragment(text: str) -> str:
    """Drop a trailing unfinished sentence (a reply cut by the token budget), keeping at least one."""
    t = text.rstrip()
    if not t or _SENTENCE_END.search(t):
        return t
    ends = [m.end() for m in re.finditer(r"[。；;！？!?]|[.!?](?=\s|$)", t)]
    if not ends:
        return t
    cut = t[: ends[-1]].rstrip()
    return cut[:-1] + "。" if cut.endswith("；") else (cut[:-1] + "." if cut.endswith(";") else cut)


# --- cleaning model output ------------------------------------------------------------------------

_FENCE = re.compile(r"^\s*```[\w-]*\s*$")
_SALUTATION = re.compile(r"^\s*(尊敬的|各位(领导|代表|同志)|领导[：:,，]|Dear\b|To whom|Hi\b|Hello\b)", re.I)
_CLOSING = re.compile(r"^\s*(此致|敬礼|特此报告|以上(报告|是我们的)|Sincerely|Best regards|Kind regards|"
                      r"Yours (truly|sincerely|faithfully)|Respectfully)", re.I)
_LIST_MARK = re.compile(r"^\s*(?:[-*•·●▪]\s+|\d{1,2}[.、．)）]\s*(?!\d)|[（(]\d{1,2}[)）]\s*|[①-⑳]\s*)")
_HEADING_MARK = re.compile(r"^\s*(?:#{1,6}\s*|\*\*|[一二三四五六七八九十]+[、.．]\s*|[（(【\[][一二三四五六七八九十\d]+[)）】\]]\s*|"
                           r"\d+(?:\.\d+)*[.、]?\s+)")


_PLACEHOLDERS = {"（无范文）", "(no examples)", "（无）", "(none)"}


def _norm_title(s: str) -> str:
    s = re.sub(r"[【】\[\]「」]", "", s.strip())
    s = _HEADING_MARK.sub("", s)
    s = s.replace("**", "").strip(" ：:。.")
    return re.sub(r"\s+", "", s).lower()


def clean_model_output(text: str, heading: str, title: str, language: Language) -> str:
    """Strip fences, letter framing, a repeated heading and list markers; rebuild paragraphs."""
    lines = text.replace("\r\n", "\n").split("\n")
    out: list[str] = []
    wanted = {_norm_title(heading), _norm_title(title)}
    for line in lines:
        if _FENCE.match(line):
            continue
        if _CLOSING.match(line):
            break  # the sign-off and everything after it (signature, date)
        stripped = line.strip()
        if not stripped:
            out.append("")
            continue
        if (_SALUTATION.match(stripped) and len(stripped) <= 40) or stripped in _PLACEHOLDERS:
            continue
        norm = _norm_title(stripped)
        if norm and (norm in wanted or (stripped.startswith("#") and len(stripped) <= 60)):
            continue
        if not any(out) and any(w and w in norm for w in wanted) and len(norm) <= max(map(len, wanted)) + 8 \
                and not re.search(r"[。；;.!?！？]$", stripped):
            continue  # a first line that restates the heading (【一】…, "一、…：")
        if stripped.startswith("**") and stripped.endswith("**") and len(stripped) <= 40:
            continue  # a bold pseudo-heading
        stripped = _LIST_MARK.sub("", stripped).replace("**", "")
        out.append(stripped)
    # join lines into paragraphs: list items and wrapped lines become one paragraph
    paragraphs: list[str] = []
    current: list[str] = []
    for line in out:
        if line:
            current.append(line)
        elif current:
            paragraphs.append(_join(current, language))
            current = []
    if current:
        paragraphs.append(_join(current, language))
    return "\n\n".join(p for p in paragraphs if p).strip()


def _join(lines: list[str], language: Language) -> str:
    if language == "zh":
        return "".join(lines)
    return " ".join(lines)


# --- offline sentences ----------------------------------------------------------------------------

_MONEY_INDICATOR = re.compile(r"(投资|收入|总值|总额|产值|增加值|销售额|营业额|资金|税收|支出|零售额)$")
_ZH_ENDS = "。；;！？!?，,、：:"
_ORDINALS_ZH = "一二三四五六七八九十"
_ORDINALS_EN = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def _zh_clause(item: NoteItem, achieved: bool = True) -> str:
    s = item.prompt_text.strip().rstrip(_ZH_ENDS)
    s = re.sub(r"^(?P<ind>[^：:，,]{2,16})[：:]\s*", r"\g<ind>", s)  # 指标：值 → 指标值
    s = re.sub(r"\s+", "", s) if not re.search(r"[A-Za-z]\s+[A-Za-z]", s) else s
    m = re.match(r"^(?P<ind>[\u4e00-\u9fff]{2,14}?)(?P<num>[0-9０-９])", s)
    if m:
        ind = m.group("ind")
        if ind.endswith("率"):
            s = f"{ind}为{s[len(ind):]}"
        elif (achieved and len(ind) >= 4 and _MONEY_INDICATOR.search(ind)
              and not re.search(r"(完成|实现|达到|累计|共计)", ind) and not re.search(r"(达|为)$", ind)
              and not re.match(r"^[^，,；]*的", s[len(ind):])):
            s = f"全年完成{s}"
    return s


def _en_clause(item: NoteItem) -> str:
    s = item.prompt_text.strip().rstrip(".;,")
    s = re.sub(r"^(?P<ind>[^:]{2,40}):\s*", r"\g<ind> ", s)
    return s


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


_ZH_CONNECTIVES = ("同时，", "此外，", "另外，")
_EN_CONNECTIVES = ("In addition, ", "Meanwhile, ", "Also, ")
_ZH_PLAN_LEAD = re.compile(r"^(?:计划|拟|将要|将|准备|打算)\s*")
_EN_PLAN_LEAD = re.compile(r"^(?:(?:we\s+)?plan(?:s|ned)?\s+to|(?:we\s+)?will|to)\s+", re.I)
_ZH_COMMIT = re.compile(r"^(力争|确保|争取|努力|目标)")
_EN_PAST_VERB = re.compile(r"^(?:[A-Za-z]+ed|built|won|ran|held|set|made|began|grew|hired|opened|cut|paid|sold|"
                           r"took|led|met|spent|brought|began|wrote|kept|put)\b")


def _lower_first(s: str) -> str:
    return s[:1].lower() + s[1:] if s and not s[:2].isupper() else s


def _zh_list(clauses: Sequence[str]) -> str:
    return "；".join(f"{_ORDINALS_ZH[n] if n < 10 else n + 1}是{c}" for n, c in enumerate(clauses))


def _en_list(clauses: Sequence[str]) -> str:
    return "; ".join(f"{_ORDINALS_EN[n] if n < 10 else n + 1}, {_lower_first(c)}" for n, c in enumerate(clauses))


def _en_statement(clause: str) -> str:
    """A note as an English sentence: a bare past-tense verb (\"Opened 3 clinics\") gets the subject "we"."""
    if _EN_PAST_VERB.match(clause) and clause[:1].isupper():
        return "We " + _lower_first(clause)
    return _cap(clause)


def _connect(sentences: list[str], language: Language, start: int = 0) -> list[str]:
    """Vary the flow: every other sentence after the first opens with a connective, in rotation."""
    out: list[str] = []
    turn = start
    for n, sentence in enumerate(sentences):
        if n % 2 == 1 and not re.match(r"^(同时|此外|另外|其中|并|In addition|Meanwhile|Also)", sentence):
            if language == "zh":
                sentence = _ZH_CONNECTIVES[turn % len(_ZH_CONNECTIVES)] + sentence
            else:
                sentence = _EN_CONNECTIVES[turn % len(_EN_CONNECTIVES)] + _lower_first(sentence)
            turn += 1
        out.append(sentence)
    return out


def _is_measure_clause(item: NoteItem) -> bool:
    return not is_target(item)


def _drop_year(clause: str, year: int | str) -> str:
    """"2026年力争…" under a "2026年，" lead would say the year twice."""
    return re.sub(rf"^{re.escape(str(year))}年[，,、]?\s*", "", clause) or clause


def _zh_targets(clauses: Sequence[str], plan_year: int | str) -> str:
    clauses = [_ZH_PLAN_LEAD.sub("", _drop_year(c, plan_year)) or c for c in clauses]
    if len(clauses) == 1:
        c = clauses[0]
        if "目标" in c or _ZH_COMMIT.match(c):
            return f"{plan_year}年，{c}。"
        return f"{plan_year}年，力争{c}。"
    if any("目标" in c for c in clauses[:1]):
        return f"{plan_year}年，{'；'.join(clauses)}。"
    return f"{plan_year}年主要预期目标是：{'；'.join(clauses)}。"


def _zh_measures(items: Sequence[NoteItem], clauses: Sequence[str], plan_year: int | str, lead: bool = True) -> str:
    prefix = f"{plan_year}年，" if lead else ""
    if lead:
        clauses = [_drop_year(c, plan_year) for c in clauses]
    body = [_ZH_PLAN_LEAD.sub("", c) or c for c in clauses]
    if len(body) == 1:
        if _ZH_PLAN_LEAD.match(clauses[0]) or not items[0].figures:
            return f"{prefix}将{body[0]}。" if not _ZH_COMMIT.match(body[0]) else f"{prefix}{body[0]}。"
        return f"{prefix}重点抓好以下工作：{body[0]}。"
    return f"{prefix}重点抓好以下工作：{_zh_list(body)}。"


def _en_targets(clauses: Sequence[str], plan_year: int | str) -> str:
    if len(clauses) == 1:
        return f"Our main target for {plan_year}: {_lower_first(clauses[0])}."
    return f"Our main targets for {plan_year} are: {'; '.join(_lower_first(c) for c in clauses)}."


def _en_measures(clauses: Sequence[str], plan_year: int | str) -> str:
    stripped = [_EN_PLAN_LEAD.sub("", c) for c in clauses]
    if len(clauses) == 1:
        if stripped[0] != clauses[0]:
            return f"In {plan_year} we will {_lower_first(stripped[0])}."
        return f"In {plan_year} we will focus on the following: {_lower_first(stripped[0])}."
    return f"In {plan_year} we will focus on the following: {_en_list(stripped)}."


def offline_text(kind: str, items: Sequence[NoteItem], language: Language, *, plan_year: int | str,
                 first_in_summary: bool = False, summary_year: int | str | None = None,
                 connective_start: int = 0) -> list[str]:
    """Sentences for one section from its items (deterministic 公文 / report patterns).

    Every note is written verbatim (abbreviations spelled out, 指标：值 → 指标值); the patterns add
    only connectives and the role's frame (一是…；二是… for problems, 力争… / 主要预期目标是… for
    targets, 重点抓好以下工作 for measures), never a claim of their own.
    """
    if not items:
        return []
    if language == "zh":
        clauses = [_zh_clause(i, achieved=kind == "summary") for i in items]
        if kind == "problems":
            if len(clauses) == 1:
                return [f"工作中还存在一些不足，主要是{clauses[0]}。"]
            return [f"工作中还存在一些问题和不足：{_zh_list(clauses)}。"]
        if kind == "targets":
            return [_zh_targets(clauses, plan_year)]
        if kind == "measures":
            return [_zh_measures(items, clauses, plan_year)]
        if kind == "plan":
            targets = [c for c, i in zip(clauses, items, strict=True) if not _is_measure_clause(i)]
            measures = [(i, c) for c, i in zip(clauses, items, strict=True) if _is_measure_clause(i)]
            if targets and measures:
                return [f"{plan_year}年主要目标：{'；'.join(targets)}。",
                        "重点任务：" + _zh_measures([i for i, _ in measures], [c for _, c in measures],
                                                 plan_year, lead=False)]
            if targets:
                return [_zh_targets(targets, plan_year)]
            return [_zh_measures(items, clauses, plan_year)]
        sentences = _connect([c + "。" for c in clauses], language, connective_start)
        if first_in_summary and summary_year and not re.match(r"^(\d{4}年|全年|今年|[一二三四]季度)", sentences[0]):
            sentences[0] = f"{summary_year}年，{sentences[0]}"
        return sentences
    clauses = [_en_clause(i) for i in items]
    if kind == "problems":
        if len(clauses) == 1:
            return [f"One challenge remains: {_lower_first(clauses[0])}."]
        return [f"Several challenges remain: {_en_list(clauses)}."]
    if kind == "targets":
        return [_en_targets(clauses, plan_year)]
    if kind == "measures":
        return [_en_measures(clauses, plan_year)]
    if kind == "plan":
        en_targets = [c for c, i in zip(clauses, items, strict=True) if not _is_measure_clause(i)]
        en_measures = [c for c, i in zip(clauses, items, strict=True) if _is_measure_clause(i)]
        out: list[str] = []
        if en_targets:
            out.append(_en_targets(en_targets, plan_year))
        if en_measures:
            out.append(_en_measures(en_measures, plan_year))
        return out
    sentences = _connect([_en_statement(c) + "." for c in clauses], language, connective_start)
    if first_in_summary and summary_year and not re.match(r"^(In \d{4}|\d{4})", sentences[0]):
        sentences[0] = f"In {summary_year}, {_lower_first(sentences[0])}"
    return sentences


def opening_text(kind: str, language: Language, *, organisation: str, summary_year: int | str,
                 plan_year: int | str) -> str:
    """The lead sentence of a top-level part with subsections, from the notes' metadata only."""
    if language == "zh":
        if kind == "summary":
            return f"现将{organisation}{summary_year}年主要工作情况总结如下。"
        if kind == "plan":
            return f"{plan_year}年，{organisation}主要目标和重点任务如下。"
        return ""
    if kind == "summary":
        who = f"{organisation}'s work" if organisation else "the work"
        return f"This part summarises {who} in {summary_year}."
    if kind == "plan":
        return f"The main targets and measures for {plan_year} are set out below."
    return ""


def _section_kind(section: OutlineSection, parent: OutlineSection | None, notes: Notes,
                  items: Sequence[NoteItem]) -> str:
    kind = section.kind
    if kind == "topic":
        return "summary"
    if kind == "plan" and items and all(is_target(i) for i in items):
        return "targets"
    if kind == "custom":
        roles = {i.role for i in items}
        if roles == {"problem"}:
            return "problems"
        if roles == {"plan"}:
            return "targets" if all(is_target(i) for i in items) else "plan"
        return "summary"
    return kind


_NUM = re.compile(r"\d+(?:\.\d+)?")
_FULL = str.maketrans("０１２３４５６７８９．", "0123456789.")


def missing_items(items: Sequence[NoteItem], text: str) -> list[NoteItem]:
    """Items with figures none of which appears in ``text`` (the model left the note out)."""
    plain = text.translate(_FULL).replace(",", "")
    found = set(_NUM.findall(plain))
    out = []
    for item in items:
        nums = [n for f in item.figures for n in _NUM.findall(f.translate(_FULL).replace(",", ""))]
        if nums and not any(n in found for n in nums):
            out.append(item)
    return out


# --- the checker (optional) -----------------------------------------------------------------------

def _checker() -> ModuleType | None:
    """The figure checker (always installed; callers also accept None for drafting without it)."""
    from assistant import check

    return check


def _summary_of(result: Any) -> dict[str, int]:
    summary = getattr(result, "summary", None)
    if callable(summary):
        summary = summary()
    if isinstance(summary, dict):
        return {str(k): int(v) for k, v in summary.items()}
    counts: dict[str, int] = {}
    for f in getattr(result, "figures", []) or []:
        status = str(getattr(f, "status", "unknown"))
        counts[status] = counts.get(status, 0) + 1
    return counts


def _describe(figure: Any) -> str:
    fig = getattr(figure, "figure", figure)
    text = getattr(fig, "text", str(fig))
    status = getattr(figure, "status", "")
    reason = getattr(figure, "reason", "")
    return f"{text} ({status}{': ' + reason if reason else ''})" if status else str(text)


def _example_texts(checker: ModuleType, hits: Sequence[Hit]) -> list[Any]:
    make = getattr(checker, "ExampleText", None)
    if make is None:
        return []
    return [make(title=h.chunk.report_title, text=h.chunk.text) for h in hits]


# --- drafting -------------------------------------------------------------------------------------

def _stream_text(model: BaseChatModel, messages: list[BaseMessage], section_id: str,
                 buffer: list[str], call: dict[str, Any] | None = None) -> Iterator[Token]:
    from assistant.providers import stream_text

    for content in stream_text(model, messages, **(call or {})):
        buffer.append(content)
        yield Token(section_id, content)


QUOTE_CHARS = {"zh": 40, "en": 80}  # how much of a flagged notes line a warning quotes


def quote_note_line(text: str, language: str) -> str:
    """A flagged notes line as a warning quotes it: stripped, shortened with … past
    :data:`QUOTE_CHARS`."""
    quoted = text.strip()
    limit = QUOTE_CHARS["zh" if language == "zh" else "en"]
    return quoted[:limit].rstrip() + "…" if len(quoted) > limit else quoted


def instruction_warning(line: int, text: str, language: str) -> str:
    """The notice for notes line ``line`` (``text``) that reads like an instruction to the assistant
    (the web UI shows the same text from ``ui/i18n.py``, ``msg_instruction_line``)."""
    quoted = quote_note_line(text, language)
    if language == "zh":
        return f"笔记第{line}行像是写给助手的指令（“{quoted}”），已按普通笔记文字处理，请确认是否保留"
    return (f"Notes line {line} reads like an instruction to the assistant (“{quoted}”); it was treated "
            f"as ordinary note text — check whether it belongs in the report")


def instruction_warnings(notes: Notes, language: str | None = None) -> list[str]:
    """One notice per notes line flagged by :func:`assistant.notes.instruction_reason`, in
    ``language`` (default: the notes' language). The line itself is drafted like any other note."""
    return [instruction_warning(line, text, language or notes.language)
            for line, text, _reason in notes.suspicious_lines]


# (query, language) -> hits, or (query, language, section=draft id) -> hits: a section's own examples
SectionRetrieve = Callable[..., Sequence[Hit]]


def section_query(title: str, items: Sequence[NoteItem], limit: int = 300) -> str:
    """The retrieval query for a section's examples: its title and its note items' text."""
    return " ".join([title, *(i.prompt_text for i in items)]).strip()[:limit]


def draft_ids(outline: Outline) -> dict[str, str]:
    """Outline section id → the id :func:`assistant.sections.parse_draft` gives that section in the
    draft's Markdown (positional: ``s2``, ``s2.1``), which is what the UI's example pins are scoped to."""
    out: dict[str, str] = {}
    for n, top in enumerate(outline.sections, start=1):
        out[top.section_id] = f"s{n}"
        for m, child in enumerate(top.children, start=1):
            out[child.section_id] = f"s{n}.{m}"
    return out


def _takes_section(retrieve: SectionRetrieve) -> bool:
    try:
        params = inspect.signature(retrieve).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(p.name == "section" or p.kind is inspect.Parameter.VAR_KEYWORD for p in params)


def _unique_hits(*groups: Sequence[Hit]) -> list[Hit]:
    seen: set[str] = set()
    out: list[Hit] = []
    for group in groups:
        for h in group:
            if h.chunk.chunk_id not in seen:
                seen.add(h.chunk.chunk_id)
                out.append(h)
    return out


def _section_hits(retrieve: SectionRetrieve | None, takes_section: bool, query: str, language: Language,
                  draft_id: str, fallback: Sequence[Hit]) -> list[Hit]:
    if retrieve is None:
        return list(fallback)
    try:
        found = retrieve(query, language, section=draft_id) if takes_section else retrieve(query, language)
        return list(found)
    except Exception as exc:  # examples only shape style: a failed search drafts without them
        log.warning("example retrieval for section %s failed: %s", draft_id, exc)
        return list(fallback)


def draft_report(
    notes: Notes,
    *,
    model: BaseChatModel | None = None,
    hits: Sequence[Hit] = (),
    outline: Outline | None = None,
    options: OutlineOptions | None = None,
    provider: str = "offline",
    banner: str | None = None,
    check: bool = True,
    max_repairs: int = 2,
    today: _dt.date | None = None,
    shared_notes: bool = SHARED_NOTES,
    local: bool | None = None,
    retrieve: SectionRetrieve | None = None,
) -> Iterator[DraftEvent]:
    """Draft the report for ``notes`` section by section; see the module docstring for the events.

    ``model`` None renders offline. ``hits`` are retrieved example passages (style only). ``outline``
    defaults to :func:`make_outline` (``options`` picks another structure). ``check`` runs the figure
    checker per section when ``assistant.check`` is installed. ``shared_notes`` puts all notes in the
    shared prompt prefix (see :data:`SHARED_NOTES`). A section the model leaves empty is rendered offline.
    ``local`` (default: ``provider == "local"``) applies the small-model guards: no style excerpts
    (:data:`LOCAL_STYLE_EXCERPTS`), a per-section token budget proportional to its notes, stop
    sequences, and a trailing unfinished sentence dropped. Every model's output is cut where it runs on
    into another section (:func:`cut_runaway`).

    ``retrieve`` retrieves each leaf section's own examples: ``retrieve(query, language)`` (or with
    ``section=`` the section's :func:`draft_ids` id, when it accepts that keyword) with the query
    :func:`section_query`; the section's prompt quotes its own hits (masked, not for the local
    provider), its :class:`DraftSection` records them, and the checker's example-leak detection sees
    ``hits`` plus the section's own. ``hits`` still shape the outline's titles, and without
    ``retrieve`` every section uses them.
    """
    local = provider == "local" if local is None else local
    outline = outline or make_outline(notes, hits, options, today=today)
    language = notes.language
    by_id = {i.item_id: i for i in notes.items}
    checker = _checker() if check else None
    excerpts = model is not None and not (local and not LOCAL_STYLE_EXCERPTS)
    positions = draft_ids(outline)
    takes_section = retrieve is not None and _takes_section(retrieve)
    all_hits: list[Hit] = list(hits)
    draft = Draft(
        title=outline.title,
        language=language,
        provider=provider,
        sections=[],
        examples=[h.as_json() for h in hits],
        banner=banner,
        title_items=list(outline.title_items),
        warnings=instruction_warnings(notes),
    )
    for line, _text, reason in notes.suspicious_lines:
        log.warning("notes line %d reads like an instruction to the assistant (%s); drafted as text", line,
                    reason)
    first_summary_leaf = True
    connectives = 0  # rotation of the offline connectives across sections
    for top in outline.sections:
        for section, parent in [(top, None), *[(c, top) for c in top.children]]:
            heading = section.heading(language)
            ds = DraftSection(section.section_id, section.title, heading, section.level,
                              note_items=list(section.note_items),
                              parent_id=parent.section_id if parent else None,
                              draft_id=positions.get(section.section_id, ""))
            draft.sections.append(ds)
            yield SectionStarted(ds.section_id, heading, ds.level, tuple(ds.note_items))
            if section.children:
                if model is None and section.kind == "summary":
                    ds.text = opening_text(section.kind, language,
                                           organisation=notes.metadata.get("organisation", "").strip(),
                                           summary_year=outline.summary_year, plan_year=outline.plan_year)
                    if ds.text:
                        yield Token(ds.section_id, ds.text)
                        if section.kind == "summary":
                            first_summary_leaf = False  # the opening already names the year
                yield SectionDone(ds, None)
                continue
            started = time.perf_counter()
            items = [by_id[i] for i in section.note_items]
            kind = _section_kind(section, parent, notes, items)
            ds.example_hits = _section_hits(retrieve, takes_section, section_query(section.title, items), language,
                                            ds.draft_id, hits)
            all_hits = _unique_hits(all_hits, ds.example_hits)
            check_hits = _unique_hits(hits, ds.example_hits)  # the leak check sees every example in play
            if excerpts:
                style, used_examples = style_block(ds.example_hits, language)
            else:
                style, used_examples = style_block((), language)
            if model is None:
                sentences = offline_text(kind, items, language, plan_year=outline.plan_year,
                                         first_in_summary=first_summary_leaf and kind == "summary",
                                         summary_year=outline.summary_year, connective_start=connectives)
                connectives += len(items) // 2
                joiner = "" if language == "zh" else " "
                for n, s in enumerate(sentences):
                    yield Token(ds.section_id, (joiner if n else "") + s)
                ds.text = joiner.join(sentences)
            else:
                ds.examples = list(used_examples)
                yield from _draft_with_model(model, notes, outline, ds, items, style, checker, check_hits,
                                             max_repairs, SHARED_NOTES_CHARS if shared_notes else 0,
                                             kind=kind, local=local)
                if items and not ds.text.strip():
                    log.warning("section %s: the model wrote nothing usable; rendered offline", ds.section_id)
                    joiner = "" if language == "zh" else " "
                    ds.text = joiner.join(offline_text(kind, items, language, plan_year=outline.plan_year,
                                                       summary_year=outline.summary_year))
                    ds.fallback = True
                    ds.check = None
                missing = missing_items(items, ds.text)
                if missing and not ds.fallback:
                    joiner = "" if language == "zh" else " "
                    extra = joiner.join(offline_text(kind, missing, language, plan_year=outline.plan_year,
                                                     summary_year=outline.summary_year))
                    ds.text = f"{ds.text.rstrip()}\n\n{extra}" if ds.text.strip() else extra
                    ds.appended_items = [i.item_id for i in missing]
                    log.info("section %s: the model left out %s; appended from the notes", ds.section_id,
                             ds.appended_items)
                    yield Token(ds.section_id, "\n\n" + extra)
                    if checker is not None and ds.check is not None:
                        ds.check = _summary_of(checker.check_draft(notes.text, ds.text,
                                                                   examples=_example_texts(checker, check_hits)))
            if kind == "summary":
                first_summary_leaf = False
            if checker is not None and ds.text and ds.check is None:
                result = checker.check_draft(notes.text, ds.text, examples=_example_texts(checker, check_hits))
                ds.check = _summary_of(result)
                blocking = list(checker.blocking_figures(result))
                if blocking:
                    ds.text = checker.mark_unverified(ds.text, result, language)
                    ds.unverified = len(blocking)
            ds.seconds = time.perf_counter() - started
            yield SectionDone(ds, ds.check)
    draft.examples = [h.as_json() for h in all_hits]
    yield DraftDone(draft)


def _draft_with_model(
    model: BaseChatModel,
    notes: Notes,
    outline: Outline,
    ds: DraftSection,
    items: Sequence[NoteItem],
    style: str,
    checker: ModuleType | None,
    hits: Sequence[Hit],
    max_repairs: int,
    notes_budget: int = SHARED_NOTES_CHARS,
    *,
    kind: str = "",
    local: bool = False,
) -> Iterator[DraftEvent]:
    from langchain_core.messages import AIMessage

    language = notes.language
    if not items:
        ds.text = ""
        return
    messages = section_messages(notes=notes, report_title=outline.title, style=style, heading=ds.heading,
                                items=items, notes_budget=notes_budget, kind=kind)
    call: dict[str, Any] | None = None
    if local:
        call = {"stop": stop_sequences(language),
                "extra_body": {"max_tokens": section_token_budget(items, language)}}
    others = [s.title for s in outline.walk() if s.section_id != ds.section_id and s.title != ds.title]

    def finish(reply: str) -> tuple[str, str]:
        cut = cut_runaway(reply, others)
        cleaned = clean_model_output(cut, ds.heading, ds.title, language)
        if not local:
            return cut, cleaned
        report = _norm_title(outline.title)
        cleaned = "\n\n".join(p for p in cleaned.split("\n\n") if _norm_title(p) != report)
        return cut, end_sentence(drop_unsupported_clauses(trim_fragment(cleaned), items, language), language)

    buffer: list[str] = []
    t0 = time.perf_counter()
    yield from _stream_text(model, messages, ds.section_id, buffer, call)
    ds.model_seconds += time.perf_counter() - t0
    raw, text = finish("".join(buffer))
    if checker is None:
        ds.text = text
        return
    result = checker.check_draft(notes.text, text, examples=_example_texts(checker, hits))
    blocking = list(checker.blocking_figures(result))
    attempt = 0
    while blocking and attempt < max_repairs:
        attempt += 1
        problems = [_describe(f) for f in blocking]
        repair = Repair(attempt, problems)
        ds.repairs.append(repair)
        yield RepairAttempt(ds.section_id, attempt, tuple(problems))
        instructions = checker.repair_instructions(result, language)
        follow = load_prompt("repair_section", language).to_messages(
            section_heading=quote_data(ds.heading), instructions=str(instructions))
        convo = [*messages, AIMessage(content=raw), *follow]
        buffer = []
        t0 = time.perf_counter()
        yield from _stream_text(model, convo, ds.section_id, buffer, call)
        ds.model_seconds += time.perf_counter() - t0
        raw, text = finish("".join(buffer))
        result = checker.check_draft(notes.text, text, examples=_example_texts(checker, hits))
        blocking = list(checker.blocking_figures(result))
        repair.resolved = not blocking
    ds.check = _summary_of(result)
    if blocking:
        text = checker.mark_unverified(text, result, language)
        ds.unverified = len(blocking)
        log.info("section %s: %d figure(s) marked unverified after %d repair(s)", ds.section_id,
                 len(blocking), attempt)
    ds.text = text


def run_draft(events: Iterator[DraftEvent]) -> Draft:
    """Consume the events and return the final draft (for callers that do not stream)."""
    final: Draft | None = None
    for event in events:
        if isinstance(event, DraftDone):
            final = event.draft
    if final is None:  # pragma: no cover - draft_report always ends with DraftDone
        raise ModelError("drafting ended without a draft")
    return final


def example_queries(notes: Notes, outline: Outline, limit: int = 3) -> list[str]:
    """Retrieval queries for the style excerpts: one per top-level section, from its notes."""
    by_id = {i.item_id: i for i in notes.items}
    queries: list[str] = []
    for top in outline.sections:
        ids = [i for leaf in top.leaves() for i in leaf.note_items]
        text = " ".join(by_id[i].prompt_text for i in ids[:4])
        if text:
            queries.append(f"{top.title} {text}"[:300])
    return queries[:limit]


def retrieve_examples(retriever: Any, notes: Notes, outline: Outline | None = None, k: int = STYLE_EXCERPTS) -> list[Hit]:
    """Retrieve style examples with ``retriever.search(query, k, language=...)``; unique chunks."""
    outline = outline or make_outline(notes)
    seen: set[str] = set()
    hits: list[Hit] = []
    for q in example_queries(notes, outline):
        for h in retriever.search(q, k, language=notes.language):
            if h.chunk.chunk_id not in seen:
                seen.add(h.chunk.chunk_id)
                hits.append(h)
                break
    if len(hits) < k:
        for q in example_queries(notes, outline):
            for h in retriever.search(q, k, language=notes.language):
                if h.chunk.chunk_id not in seen and len(hits) < k:
                    seen.add(h.chunk.chunk_id)
                    hits.append(h)
    return hits[:k]
