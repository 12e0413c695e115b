"""The offline writer: each section rendered from its note items with fixed sentence patterns (the
offline provider, and a fallback for what a model leaves out)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.documents import Language
from assistant.notes import NoteItem, Notes
from assistant.outline import OutlineSection, is_target

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
