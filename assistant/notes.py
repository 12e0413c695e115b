"""Parse raw pasted notes into items with line numbers, figures and roles.

Notes come as bullets (``- * • · ● ▪``), numbered lines (``1.`` ``1、`` ``（1）`` ``①`` ``一、``),
free text (split into sentences), or rows pasted from a spreadsheet (tab-separated, first row a
header). Each item gets a role:

* ``achievement`` – what was done (the default);
* ``problem`` – shortcomings, difficulties, challenges;
* ``plan`` – targets and measures for the coming period;
* ``metadata`` – organisation, period, author (``单位：…`` / ``Organisation: …``), and a title line
  at the top (``红星镇2025年工作总结笔记`` / ``Riverside District 2025 work notes``: key ``title``),
  which gives the organisation and period when no ``单位：``/``时期：`` line does.

A heading line in the notes (``存在问题：`` / ``明年计划`` / ``Plans:``) sets the role of the items
that follow it. Each item keeps its original text (the checker's ledger is built from the notes
themselves) and an ``expanded`` text for prompts and offline sentences, in which terse
abbreviations are spelled out (固投 → 固定资产投资, ``+16.6%`` → 同比增长16.6%). Expansion never adds
or changes a figure.

Usage::

    notes = parse_notes("- 固投100.6亿 +16.6%\\n- 问题：人才短缺")
    notes.items[0].expanded  # '固定资产投资100.6亿，同比增长16.6%'

This module holds the notes model (:class:`Notes`, :class:`NoteItem`, :class:`NoteHeader`, :class:`FactFix`),
:func:`parse_notes` and the notes' years; how a note's text is read (metadata lines, role words, expansion,
tables, title roles) is :mod:`assistant.note_text`, whose public names are re-exported here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from assistant.documents import Language
from assistant.errors import InputError
from assistant.lang import detect_language
from assistant.note_frames import SheetFrames, fold_digits
from assistant.note_lines import (
    YEAR_TOKEN,
    Role,
    header_line,
    instruction_reason,
    is_continuation,
    is_title_without_year,
    parse_title_line,
    period_text,
    period_years,
    read_title,
    strip_marker,
)
from assistant.note_lines import heading_role as _heading_role
from assistant.note_rows import label_cell, split_row
from assistant.note_text import (
    _GENERIC_HEADERS,
    _META_KEYS,
    _META_RE,
    _SUB_BULLET,
    _SUBJECTLESS,
    EN_ABBREVIATIONS,
    ZH_ABBREVIATIONS,
    _classify,
    _extract_figure_texts,
    _join_clause,
    _split_free_text,
    _table_rows,
    _title_role,
    bare_header,
    bare_header_role,
    dated_result,
    expand_terse,
    leading_plan_label,
    split_inline_plan,
)
from assistant.note_units import declared_units, spell_declared
from assistant.note_years import (
    note_years,
    period_label,
    placeholder_labels,
    plan_label,
    report_part,
    year_warnings,
)
from assistant.periods import Period
from assistant.report_period import report_months

__all__ = [
    "EN_ABBREVIATIONS",
    "ROLES",
    "ZH_ABBREVIATIONS",
    "FactFix",
    "NoteHeader",
    "NoteItem",
    "Notes",
    "Role",
    "bare_header",
    "bare_header_role",
    "detect_language",
    "expand_terse",
    "header_line",
    "instruction_reason",
    "is_continuation",
    "is_title_without_year",
    "note_years",
    "parse_notes",
    "parse_title_line",
    "period_label",
    "placeholder_labels",
    "plan_label",
    "report_part",
    "year_warnings",
]

ROLES: tuple[Role, ...] = ("achievement", "problem", "plan", "metadata")


@dataclass(frozen=True)
class NoteItem:
    """One note: ``item_id`` like ``n3``; ``line`` is 1-based in the pasted text."""

    item_id: str
    line: int
    text: str
    figures: tuple[str, ...]
    role: Role
    expanded: str = ""
    key: str = ""  # for metadata items: organisation / period / author / title
    # why the line reads like an instruction to the assistant (see instruction_reason); the item
    # stays ordinary note text, drafted and in the ledger; the draft carries a warning for it
    suspicious: str | None = None
    # a continuation bullet (年均增长12.1% / 同比增长… / 其中… / up 5% year on year) names the item it
    # continues; that head lists its continuations and its ``merged`` text holds them all in one clause
    continues: str | None = None
    continuations: tuple[str, ...] = ()
    merged: str = ""
    merged_lines: tuple[int, ...] = ()
    heading: str = ""  # the notes' header line this item falls under ("明年目标和安排：")
    heading_year: int | None = None  # the year that header names ("2019年计划" → 2019)
    # what the sheet's structure (its title, the header above, an inline label) says this item's figures
    # are (see :mod:`assistant.note_frames`): target / achieved / forecast / baseline, and for which year
    frame: str | None = None
    frame_year: int | None = None

    @property
    def prompt_text(self) -> str:
        """The text used in prompts and offline sentences (expanded abbreviations; a head item's
        continuations joined into the same clause: ``…增加到287.9亿元，年均增长12.1%``)."""
        return self.merged or self.expanded or self.text

    @property
    def own_prompt_text(self) -> str:
        """This item's own expanded text, without its continuations."""
        return self.expanded or self.text

    @property
    def lines(self) -> tuple[int, ...]:
        """The note lines this item's prompt text comes from (its own, then its continuations')."""
        return self.merged_lines or (self.line,)


@dataclass(frozen=True)
class NoteHeader:
    """A header line of the notes (``明年目标和安排：`` / ``Challenges``): not content, it sets the role
    (None: a topical header that keeps the role in force) of the items under it."""

    line: int
    text: str
    role: Role | None
    year: int | None = None


@dataclass(frozen=True)
class FactFix:
    """The user's correction of one fact of the notes (``fact_id`` ``L12.1``): its role and/or period;
    ``text`` is the figure as written, so a fix whose line now holds another figure is not applied."""

    fact_id: str
    text: str
    role: str | None = None
    period: Period | None = None


@dataclass(frozen=True)
class Notes:
    """Parsed notes. ``text`` is the original paste (the checker's ledger source). ``fact_fixes`` are
    the user's corrections of its fact table (the figures tab): :func:`assistant.facts.build_facts`
    applies them, so the drafter, the checker and the page read the corrected roles and periods."""

    items: tuple[NoteItem, ...]
    language: Language
    metadata: dict[str, str] = field(default_factory=dict)
    text: str = ""
    headers: tuple[NoteHeader, ...] = ()
    fact_fixes: tuple[FactFix, ...] = ()

    @property
    def year_missing(self) -> bool:
        """True when the notes state no year at all: the report shows a 【年份】 / [year] placeholder."""
        return note_years(self) == (None, None)

    def by_role(self, role: Role) -> list[NoteItem]:
        return [i for i in self.items if i.role == role]

    def item(self, item_id: str) -> NoteItem:
        for i in self.items:
            if i.item_id == item_id:
                return i
        raise KeyError(item_id)

    @property
    def content_items(self) -> list[NoteItem]:
        """Items that go into the report body (everything but metadata). A continuation is not listed:
        it is written inside its head's ``prompt_text`` (see :attr:`continuation_items`)."""
        return [i for i in self.items if i.role != "metadata" and i.continues is None]

    @property
    def continuation_items(self) -> list[NoteItem]:
        return [i for i in self.items if i.continues is not None]

    @property
    def suspicious_lines(self) -> list[tuple[int, str, str]]:
        """``(line number, the line as pasted, reason)`` for each notes line that reads like an
        instruction to the assistant, in line order, once per line."""
        lines = self.text.splitlines()
        out: dict[int, tuple[int, str, str]] = {}
        for i in self.items:
            if i.suspicious and i.line not in out:
                raw = strip_marker(lines[i.line - 1])[0] if 0 < i.line <= len(lines) else i.text
                out[i.line] = (i.line, raw or i.text, i.suspicious)
        return [out[k] for k in sorted(out)]


# the organisation at the start of a Chinese title line that gives no year: 红星镇工作要点 → 红星镇
_YEARLESS_ORG_RE = re.compile(
    r"(?![全本我各今明去该此上下])(?P<org>[\u4e00-\u9fffXx×Ｘ]{1,20}?(?:街道办事处|街道|镇|乡|县|区|市|省|自治州|旗|盟|局|委员会|办公室|公司|中心|学校|医院|"
    r"研究院|集团|村|社区|厅|署))(?:本?年度?|全年|上半年|下半年|前三季度|第?[一二三四]季度|(?:1[0-2]|[1-9])月份?)?"
    r"(?:工作|年度工作|重点工作)"
)


_YEAR_LABEL = re.compile(r"^\s*+(?:FY\s*+)?((?:19|20)\d\d)\s*+(?:年度?|财年)?\s*+[：:]?\s*+$", re.I)
# a year with the words of its work (2027年重点工作, 2027年主要任务, "2027 priorities"): a later year's is its plan
_WORK_LABEL = re.compile(r"^\s*+(?:FY\s*+)?((?:19|20)\d\d)\s*+(?:年度?|财年)?\s*+(?:重点工作|重点任务|主要任务|工作任务|"
                         r"主要工作|工作重点|工作要点|要点|priorities|tasks)\s*+[：:]?\s*+$", re.I)


def _later_year_label(label: str, metadata: dict[str, str], headers: list[NoteHeader]) -> int | None:
    """The year of ``label`` when it is only a year (2026年：, FY2026:) later than the year the notes are
    for: the title's, or an earlier bare-year header's (2025年： … 2026年：); such a year's items are next
    year's plan. None otherwise."""
    m = _YEAR_LABEL.match(label) or _WORK_LABEL.match(label)
    if m is None:
        return None
    year = int(m.group(1))
    span = period_years(metadata.get("period", ""))
    if span is not None:
        return year if year > span[1] else None
    if metadata.get("plan_period", "").isdigit():  # 某县“十四五”时期工作回顾和2026年打算 … 2026年：
        return year if year >= int(metadata["plan_period"]) else None
    earlier = [h.year for h in headers if h.year is not None and _YEAR_LABEL.match(h.text)]
    return year if earlier and year > max(earlier) else None


def _org_after_year(title: str) -> str:
    """The organisation a Chinese title names after its year: 2025年区教育局工作要点 → 区教育局,
    2025年度XX县农业农村局工作总结（笔记） → XX县农业农村局; "" when none (2025年上半年工作总结, 2025年经济运行情况)."""
    m = YEAR_TOKEN.search(title)
    if m is None:
        return ""
    org_m = _YEARLESS_ORG_RE.match(title[m.end():].lstrip(" 度"))
    return org_m.group("org") if org_m else ""


# a part of a year before the year in a title ("Riverside Library - first half 2025 notes", "Depot Q1 2025
# report"): no organisation
_PART_OF_YEAR_TAIL = re.compile(r"(?<![\s\-–—:：|,，])[\s\-–—:：|,，]*+(?:(?:the\s++)?(?:first|second|third|fourth)[- ](?:half|quarter)(?:\s++of)?|"
                        r"H[12]|Q[1-4]|mid-?year|上半年|下半年|前三季度|第?[一二三四]季度|(?:1[0-2]|[1-9])月份?)\s*+$", re.I)


# after a count on the same line, a share of it with no noun of its own ("inspections 2,310; 97% passed")
_SHARE_OF_HEAD = re.compile(r"^(?:about\s++|nearly\s++|over\s++)?\d{1,3}(?:\.\d++)?\s*+(?:%|percent)\s++"
                            r"(?:of\s++(?:them|those|these)\s++)?(?:were\s++|was\s++)?[a-z]{1,20}?ed\b", re.I)


# after a result on the same line, the target that result was measured against ("goal was 1,000")
_OWN_TARGET = re.compile(r"^(?:the\s++|our\s++|its\s++)?(?:(?:annual|yearly|original|stated)\s++)?(?:goal|target)s?"
                         r"\s++(?:was|were|had\s++been)\b", re.I)


@lru_cache(maxsize=4)  # one paste is parsed by the session, the checker and the fact table: once (Notes is frozen)
def parse_notes(text: str) -> Notes:
    """Parse pasted notes. Raises :class:`InputError` for notes with no text at all."""
    if not text or not text.strip():
        raise InputError(
            "The notes are empty: paste or upload your notes (one point per line, figures as you "
            "have them). / 笔记为空：请粘贴或上传工作要点（每行一条，数据照实填写）。"
        )
    language = detect_language(text)
    raw_lines = text.splitlines()
    table_lines = _table_rows(raw_lines)
    scopes = declared_units("\n".join(raw_lines))  # a table's declared unit (dollars in thousands, 单位：万元)
    items: list[NoteItem] = []
    metadata: dict[str, str] = {}
    context: Role | None = None
    header: list[str] | None = None
    counter = 0
    line_reasons: dict[int, str | None] = {}
    headers: list[NoteHeader] = []
    heading_text = ""
    context_year: int | None = None
    last_head: NoteItem | None = None
    frames = SheetFrames()

    def add(line_no: int, item_text: str, role: Role, key: str = "") -> None:
        nonlocal counter
        item_text = item_text.strip()
        if not item_text:
            return
        counter += 1
        if line_no not in line_reasons:  # the whole line: every item split from it is flagged
            line_reasons[line_no] = instruction_reason(raw_lines[line_no - 1].strip())
        expanded = expand_terse(item_text, language) if role != "metadata" else item_text
        if role != "metadata" and line_no in scopes:  # a table's declared unit, in words: $923,596 thousand
            expanded = spell_declared(expanded, raw_lines[line_no - 1], scopes[line_no], zh=language == "zh")
        if role != "metadata" and item_text != raw_lines[line_no - 1].strip():  # FY2026 3,353 → FTE: FY2026 3,353
            labelled = label_cell(expanded, raw_lines[line_no - 1], item_text, zh=language == "zh")
            if labelled != expanded and labelled.endswith(expanded):  # the row's label spelled out like its cells
                head = expand_terse(labelled[:len(labelled) - len(expanded)], language)
                labelled = head + ("" if language == "zh" else " ") + expanded
            expanded = labelled
        items.append(
            NoteItem(
                item_id=f"n{counter}",
                line=line_no,
                text=item_text,
                figures=_extract_figure_texts(item_text),
                role=role,
                expanded=expanded,
                key=key,
                suspicious=line_reasons[line_no],
            )
        )

    for idx, raw in enumerate(raw_lines):
        line_no = idx + 1
        line = raw.strip().lstrip("\ufeff")
        if not line:
            header = None if idx not in table_lines else header
            continue
        if idx in table_lines:
            cells = [c.strip() for c in raw.split("\t")]
            if header is None or idx - 1 not in table_lines:
                header = cells
                role = _heading_role(" ".join(cells))
                if role is not None:
                    context = role
                continue
            label = cells[0]
            parts = []
            for col, val in enumerate(cells[1:], start=1):
                if not val:
                    continue
                head = header[col] if col < len(header) else ""
                parts.append(val if not head or head.lower() in _GENERIC_HEADERS else f"{head} {val}")
            if not label and not parts:
                continue
            sep = "：" if language == "zh" else ": "
            joined = ("，" if language == "zh" else ", ").join(parts)
            row_text = f"{label}{sep}{joined}" if label and parts else (label or joined)
            for k, cell in enumerate(split_row(row_text)):  # a period per column: each cell its own item
                before = len(items)
                add(line_no, cell, _classify(cell if k == 0 or not label else f"{label}{sep}{cell}", context))
                if k and label and len(items) > before:  # FY2026 3,353 → FTE: FY2026 3,353, as ; rows read
                    items[-1] = replace(items[-1], expanded=f"{label}{sep}{items[-1].expanded}")
            continue
        header = None
        if context is None and all(i.role == "metadata" for i in items):
            stripped = strip_marker(line)[0]
            title = parse_title_line(fold_digits(stripped))  # ２０１９年主要预期目标: fullwidth digits
            if title is not None:
                org, year = title
                org = _PART_OF_YEAR_TAIL.sub("", org) or _org_after_year(stripped)  # 2025年区教育局工作要点 → 区教育局
                if org:
                    metadata.setdefault("organisation", org)
                metadata.setdefault("period", f"{year}年" if language == "zh" else year)  # 2025 / 2011—2015
                if (months := report_months(stripped)) is not None:  # 2025年上半年工作总结和下半年打算
                    metadata.setdefault("months", f"{months[0]}-{months[1]}")
                add(line_no, line, "metadata", "title")
                context = context or _title_role(stripped)
                frames.title(stripped, period_years(year), None)
                continue
            head_read = header_line(line)
            span = period_years(stripped) if head_read is not None and head_read[0] == "achievement" else None
            if span is not None and span[0] < span[1]:  # "Review of 2021-2025" opening the notes: their title
                metadata.setdefault("period", period_text(span, language) + ("年" if language == "zh" else ""))
                add(line_no, line, "metadata", "title")
                frames.title(stripped, span, None)
                continue
            read = read_title(fold_digits(stripped)) if head_read is None else None
            if read is not None:  # GAO budget notes FY2027 request / 红星镇2026年预算说明 / 2013年工作和2014年打算
                org, review, plan_year = read
                org = _PART_OF_YEAR_TAIL.sub("", org) or _org_after_year(stripped)
                if org:
                    metadata.setdefault("organisation", org)
                if review is not None:
                    metadata.setdefault("period", period_text(review, language) + ("年" if language == "zh" else ""))
                    if review[0] == review[1] and plan_year is None and (months := report_months(stripped)):
                        metadata.setdefault("months", f"{months[0]}-{months[1]}")
                if plan_year is not None:
                    metadata.setdefault("plan_period", str(plan_year))
                add(line_no, line, "metadata", "title")
                context = context or _title_role(stripped)
                frames.title(stripped, review, plan_year)  # a plan-only title: its lines are its year's plan (not a table's)
                continue
            if not items and is_title_without_year(stripped):
                metadata.setdefault("title", stripped.strip("#*《》「」【】 "))
                if (months := report_months(stripped)) is not None:  # 10月份工作总结和11月份工作计划
                    metadata.setdefault("months", f"{months[0]}-{months[1]}")
                org_m = _YEARLESS_ORG_RE.match(stripped.strip("#*《》「」【】 "))
                if org_m:  # 红星镇工作要点（原始笔记）: the organisation without a year (none is invented)
                    metadata.setdefault("organisation", org_m.group("org"))
                add(line_no, line, "metadata", "title")
                context = context or _title_role(stripped)
                continue
        meta = _META_RE.match(line)
        if meta:
            key_word = meta.group("key").lower()
            key = next(k for k, words in _META_KEYS.items() if key_word in words)
            if key == "organisation" and (cap := scopes.get(line_no)) is not None and cap.line == line_no:
                key = "unit"  # 单位：万元 declares a table's unit: no organisation
            metadata.setdefault(key, meta.group("value").strip())
            add(line_no, line, "metadata", key)
            continue
        body, marked = strip_marker(line)
        line_body = body
        # "问题：人才短缺" → a problem item; "存在问题：" / "明年目标和安排：" / "经济运行：" → a header
        is_header = header_line(line)
        caption = scopes.get(line_no)
        if is_header is None and caption is not None and caption.line == line_no and not caption.label:
            is_header = (None, None)  # a table's caption (单位：万元, dollars in thousands): no sentence of the report
        if is_header is None and not marked and items and (bare := bare_header(body, raw_lines, idx)) is not None:
            is_header = bare  # 今年重点工作 / "Next five years (15th FYP targets)" above bullets: a header
        if is_header is None and (year_head := frames.bare_label(body)) is not None:
            is_header = (None, year_head or None)  # 一、2014年底数 / 去年基数 / 今年 on a line of its own: a header
        if is_header is None and _WORK_LABEL.match(body) and (later := _later_year_label(body, metadata, headers)):
            is_header = (None, later)  # 2027年重点工作 after the notes' 2026 lines: next year's work, a header
        if is_header is not None:
            role_set, header_year = is_header
            if role_set is None and _later_year_label(body, metadata, headers) is not None:
                role_set = "plan"  # 2026年： after notes for 2025: next year's plan
            if role_set is not None:
                context = role_set
                context_year = header_year
            elif header_year is not None:
                context_year = header_year
            context = frames.header(body, role_set, context)  # 去年基数： / 今年： / 预计：
            heading_text = body
            headers.append(NoteHeader(line_no, body, role_set, header_year))
            last_head = None
            continue
        inline = re.match(r"^(?P<head>[^：:]{1,12})[：:]\s*(?P<rest>.+)$", body)
        role_here: Role | None = context or frames.sheet_role()
        if inline and _heading_role(inline.group("head") + "：") is not None:
            role_here = _heading_role(inline.group("head") + "：")
            body = inline.group("rest")
            if role_here == "plan" and marked and leading_plan_label(line_body) is not None:
                context = "plan"  # "8. 下步：年内新增…": a list item opening with a plan label heads the items after it
        elif (inline and context == "plan" and context_year is not None
              and (past := _YEAR_LABEL.match(inline.group("head") + "：")) is not None
              and int(past.group(1)) < context_year):
            role_here = "achievement"  # "FY2026: hired 165 inspectors" under FY2027 plan: that year's result
        elif inline and (label_year := _later_year_label(inline.group("head"), metadata, headers)) is not None:
            # 2026年：GDP增长6%，固投增长8% in notes for 2025: a header for next year with its first item
            context, role_here, body = "plan", "plan", inline.group("rest")
            context_year = label_year
            heading_text = inline.group("head").strip() + "："
            headers.append(NoteHeader(line_no, heading_text, "plan", context_year))
            last_head = None
        sub_bullet = bool(_SUB_BULLET.match(raw))
        segments: list[tuple[str, Role | None]] = [(body, role_here)]
        if (split := split_inline_plan(body)) is not None:  # "…，下步：计划新建X个": the rest is a plan
            segments = [(split[0], role_here), (split[1], "plan")]
        framed = frames.segments(body, line_body, role_here)  # 实绩（2025）：…  预期（2026）：…
        cut = framed if framed is not None else [(t, r, *frames.now) for t, r in segments]
        if framed is not None and frames.lead is not None and not any(h.line == line_no for h in headers):
            headers.append(NoteHeader(line_no, frames.lead[0], "plan", frames.lead[1]))  # 今年（2023）目标：…
        for sentence, seg_role, frame, frame_year in ((c, r, f, y) for seg, r, f, y in cut
                                                      for s in _split_free_text(seg, language) for c in split_row(s)):
            before = len(items)
            continues = is_continuation(sentence, language) or (sub_bullet and bool(_SUBJECTLESS.match(sentence)))
            if (role_here != "plan" and seg_role != "plan" and items and items[-1].line == line_no
                    and (_OWN_TARGET.match(sentence) or _SHARE_OF_HEAD.match(sentence))):
                continues = True  # "1,150 trees; goal was 1,000": the result's own target, not next year's plan
            if seg_role == "plan" and role_here != "plan":
                continues = False  # the plan after an inline label never continues the review before it
            head_item = last_head if last_head is not None and continues else None
            item_role = head_item.role if head_item is not None else _classify(sentence, seg_role)
            if frame == "achieved" and item_role == "plan":
                frame = None  # a plan line of its own words (力争…, "will…") under a review title stays a plan
            if frame == "target" and frames.dated_earlier(sentence):
                item_role, frame, frame_year = "achievement", None, None  # "FY2025 $923,596" under a FY2027 request
            if item_role == "plan" and context == "plan" and context_year and dated_result(sentence, context_year):
                item_role = "achievement"  # "hired 165 inspectors in FY2026 (actual)" under FY2027 plan
            add(line_no, sentence, item_role)
            if len(items) == before:
                continue
            item = replace(items[-1], heading=heading_text, heading_year=context_year, frame=frame,
                           frame_year=frame_year)
            if head_item is not None:
                item = replace(item, continues=head_item.item_id)
            else:
                last_head = item
            items[-1] = item
    return Notes(items=_link_continuations(items, language), language=language, metadata=metadata, text=text,
                 headers=tuple(headers))


def _link_continuations(items: list[NoteItem], language: Language) -> tuple[NoteItem, ...]:
    """Each head item learns its continuations; its ``merged`` text holds them in one clause."""
    conts: dict[str, list[NoteItem]] = {}
    for i in items:
        if i.continues is not None:
            conts.setdefault(i.continues, []).append(i)
    out: list[NoteItem] = []
    for i in items:
        mine = conts.get(i.item_id)
        if mine:
            i = replace(
                i,
                continuations=tuple(c.item_id for c in mine),
                merged=_join_clause(i.own_prompt_text, [c.own_prompt_text for c in mine], language),
                merged_lines=tuple(dict.fromkeys((i.line, *(c.line for c in mine)))),
            )
        out.append(i)
    return tuple(out)
