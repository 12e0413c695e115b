"""Prompt blocks for one section: the notes block, masked style excerpts, the section task, length and
sentence-pattern hints, and the small-model guards (per-section token budget, stop sequences)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.documents import Hit, Language
from assistant.genres import get_genre
from assistant.llm.prompts import load_prompt, mask_figures, quote_data
from assistant.notes import NoteItem, Notes

if TYPE_CHECKING:
    from langchain_core.messages import BaseMessage


STYLE_EXCERPTS = 3
# Longest all-notes block kept in the shared prompt prefix. Beyond it (long notes against a 4096-token
# local context) the prefix says the notes are given per section; each section task still lists its
# own notes in full, so no figure is lost.
SHARED_NOTES_CHARS = 2400
# The shared prefix carries all notes only with ``draft_report(shared_notes=True)``. Off by default: with
# all notes in view, the local 1.5B model pulled other sections' notes into a section (and contradicted a
# problem note); with only the section's own notes it stays on topic. The prefix (system message + style
# excerpts) is still shared.
EXCERPT_CHARS_ZH = 220
EXCERPT_CHARS_EN = 450


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


def length_hint(language: Language, kind: str = "", items: int = 0, genre: str | None = None) -> str:
    """The closing instruction of a section task: length, the role's sentence pattern, and "this section
    only" (a small model otherwise runs on into the next sections). With one note the pattern says so
    (a "一是……；二是……" pattern made the 1.5B model invent 二是…五是…)."""
    pattern = get_genre(genre).pattern_hint(kind, language)
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
# A small local model's prompt quotes no style excerpts (``draft_report(local=True)``). The masked 〔N〕
# placeholders invited the 1.5B model to copy the excerpt and fill every 〔N〕 with an invented number;
# the section task carries a sentence pattern without any placeholder instead (``length_hint``).


def section_token_budget(items: Sequence[NoteItem], language: Language, cap: int = LOCAL_BUDGET_MAX) -> int:
    base, per = LOCAL_BUDGET["zh" if language == "zh" else "en"]
    return max(64, min(cap, base + per * max(1, len(items))))


def stop_sequences(language: Language) -> list[str]:
    """Stop strings for the local server: a new top-level part, a Markdown heading, a prompt echo."""
    common = ["\n#", "\n**", "\n【", "\n\n\n"]
    if language == "zh":
        return [*common, *(f"\n{n}、" for n in "二三四五六七"), "\n（二）", "\n(二)"]
    return [*common, *(f"\n{n}. " for n in range(2, 8)), "\n(2)", "\nSECTION TASK", "\nNOTES"]
