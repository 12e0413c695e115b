"""Cleaning a model reply into section text: cut where it runs on into another section or echoes the
prompt (:func:`cut_runaway`), drop letter framing, fences, repeated headings and list markers
(:func:`clean_model_output`), and the small-model guards (:func:`drop_unsupported_clauses`,
:func:`end_sentence`, :func:`trim_fragment`)."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from assistant.documents import Language
from assistant.notes import NoteItem

log = logging.getLogger(__name__)


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
        norm = norm_title(stripped)
        low = stripped.lower()
        if any(t and norm_title(t) in norm for t in titles) or any(w in low for w in _RUNAWAY_WORDS):
            return True
    return False


_ECHO_LINE = re.compile(r"^\s*(?:【(?:工作要点|本节任务|范文摘录|原小节|修改要求)】|〔范文\d|.{0,12}“[^”]{1,40}”部分的正文|"
                        r"(?:NOTES|SECTION TASK|STYLE EXCERPTS|ORIGINAL SECTION|REQUEST)\b(?:\s*\(|\s*$|:))")
_LABEL = re.compile(r"^\s*(?:【正文】|正文[：:]|Body( text)?:)\s*", re.I)
# [N] / 〔N〕 / (per section task) with the blanks before them, or [n3] with the blanks after it. The blanks
# before are taken only from the start of a run of blanks ((?<!\s)\s*+), or none when the previous match
# ended inside it ((?<=\s)): the same matches as a plain leading \s*, but linear on a long run of blanks.
_ITEM_REF = re.compile(r"(?:(?<!\s)\s*+|(?<=\s))(?:\[N\]|〔N〕|[（(](?:per (?:the )?section task|见本节任务|本节任务)[)）])"
                       r"|\[(?:n?\d{1,3})\]\s*", re.I)


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
# a prompt block label echoed by the model (【本节任务】, [初稿], SECTION TASK:)
_ECHO_LABEL = re.compile(r"^(?:[【\[](?:本节任务|本节要点|初稿|工作要点|范文摘录|SECTION TASK|SECTION NOTES|DRAFT|NOTES|"
                         r"STYLE EXCERPTS)[】\]]|(?:SECTION TASK|SECTION NOTES|STYLE EXCERPTS)\b)[：:]?\s*")
_SECTION_MARKER = re.compile(r"^\s*(第[一二三四五六七八九十]{1,3}部分|[一二三四五六七八九十]{1,3}[、．.]|[（(][一二三四五六七八九十]{1,3}[)）]"
                             r"|[0-9]{1,2}[.、．]|[（(][0-9]{1,2}[)）]|[IVX]{1,4}\.|[A-H]\.)\s*")


def strip_repeated_number(text: str, heading: str) -> str:
    """``text`` without a leading section number that repeats ``heading``'s (a body opening
    "（六）城镇居民…" under the heading "（六）…" would read as a heading in the page, .md and .docx)."""
    m = _SECTION_MARKER.match(heading)
    if not m:
        return text
    marker = m.group(1).translate(str.maketrans("()", "（）"))
    lead = _SECTION_MARKER.match(text)
    if lead and lead.group(1).translate(str.maketrans("()", "（）")) == marker:
        return text[lead.end():]
    return text


def norm_title(s: str) -> str:
    s = re.sub(r"[【】\[\]「」]", "", s.strip())
    s = _HEADING_MARK.sub("", s)
    s = s.replace("**", "").strip(" ：:。.")
    return re.sub(r"\s+", "", s).lower()


def clean_model_output(text: str, heading: str, title: str, language: Language) -> str:
    """Strip fences, letter framing, a repeated heading and list markers; rebuild paragraphs."""
    lines = text.replace("\r\n", "\n").split("\n")
    out: list[str] = []
    wanted = {norm_title(heading), norm_title(title)}
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
        stripped = _ECHO_LABEL.sub("", stripped).strip()
        if not stripped:
            continue
        norm = norm_title(stripped)
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
    return strip_repeated_number("\n\n".join(p for p in paragraphs if p).strip(), heading)


def _join(lines: list[str], language: Language) -> str:
    if language == "zh":
        return "".join(lines)
    return " ".join(lines)


# --- offline sentences ----------------------------------------------------------------------------
