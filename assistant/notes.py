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
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from assistant.documents import Language
from assistant.errors import InputError

log = logging.getLogger(__name__)

Role = Literal["achievement", "problem", "plan", "metadata"]
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
class Notes:
    """Parsed notes. ``text`` is the original paste (the checker's ledger source)."""

    items: tuple[NoteItem, ...]
    language: Language
    metadata: dict[str, str] = field(default_factory=dict)
    text: str = ""
    headers: tuple[NoteHeader, ...] = ()

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
                raw = _strip_marker(lines[i.line - 1])[0] if 0 < i.line <= len(lines) else i.text
                out[i.line] = (i.line, raw or i.text, i.suspicious)
        return [out[k] for k in sorted(out)]


# --- markers, headings, metadata ------------------------------------------------------------

_CN_NUM = "一二三四五六七八九十"
_MARKER_RE = re.compile(
    r"^\s*(?:"
    r"[-*•·●▪◆■□○◇►>、]+\s*"  # bullets
    r"|\d{1,3}\s*[.．、)）]\s*(?!\d)"  # 1.  1、 1)
    r"|[（(]\s*(?:\d{1,3}|[" + _CN_NUM + r"]{1,3})\s*[）)]\s*"  # （1） (一)
    r"|[①-⑳]\s*"  # circled
    r"|[" + _CN_NUM + r"]{1,3}\s*[、.．]\s*"  # 一、
    r"|第[" + _CN_NUM + r"\d]{1,3}[部分条点项][、:：\s]*"
    r")"
)

_META_KEYS: dict[str, tuple[str, ...]] = {
    "organisation": (
        "单位", "部门", "机构", "报送单位", "组织", "organisation", "organization", "org",
        "department", "agency", "unit",
    ),
    "period": ("时期", "期间", "年度", "时间", "周期", "period", "year", "reporting period"),
    "author": ("作者", "报送人", "撰写人", "执笔", "填报人", "author", "prepared by", "by"),
}
_META_RE = re.compile(
    r"^\s*(?P<key>"
    + "|".join(sorted((re.escape(k) for ks in _META_KEYS.values() for k in ks), key=len, reverse=True))
    + r")\s*[:：]\s*(?P<value>.+?)\s*$",
    re.IGNORECASE,
)

_HEADING_ROLE: list[tuple[re.Pattern[str], Role]] = [
    (re.compile(r"(问题|不足|困难|短板|挑战|差距|风险|challenges?|problems?|issues?|risks?|shortcomings?)",
                re.I), "problem"),
    (re.compile(r"(计划|安排|打算|目标|思路|任务|举措|下一步|明年|来年|plans?|targets?|goals?|next year|"
                r"priorities|outlook|\b20\d\d\b.*(计划|安排|plan))", re.I), "plan"),
    (re.compile(r"(成绩|成效|完成情况|工作总结|总结|回顾|主要工作|进展|亮点|achievements?|results?|"
                r"progress|highlights?|summary|review|done)", re.I), "achievement"),
]

_PROBLEM_WORDS = re.compile(
    r"(问题|不足|短板|困难|瓶颈|薄弱|滞后|压力|制约|有待|欠缺|短缺|不够|不强|不高|不优|不快|不足|乏力|"
    r"偏低|偏弱|难度大|矛盾|隐患|挑战|堪忧|差距|"
    r"\bproblems?\b|\bchallenges?\b|\bissues?\b|\bshortfalls?\b|\bshortages?\b|\black(s|ing)?\b|"
    r"\bdelays?(ed)?\b|\bbehind\b|\bweak(ness)?\b|\brisks?\b|\bdifficult(y|ies)\b|\binsufficient\b|"
    r"\bconstraints?\b|\bbottlenecks?\b)",
    re.I,
)
_PLAN_WORDS = re.compile(
    r"(^(将|拟|计划|力争|争取|确保|预计|明年|来年|下一步|下步|今后|继续|加快|持续|全力|推动|启动)|目标|力争|"
    r"计划|预期|打算|\bplans?\b|\bplanned\b|\btargets?\b|\bgoals?\b|\baims?\b|\bwill\b|\bnext year\b|"
    r"\bexpected to\b|\bby (end of )?20\d\d\b)",
    re.I,
)

_FIG_FALLBACK = re.compile(
    r"[+＋\-－]?[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?"
    r"(?:%|％|‰|个百分点|倍|万亿元|亿元|万元|元|亿|万|[KMB]\b|[\u4e00-\u9fff])?"
)


def _extract_figure_texts(text: str) -> tuple[str, ...]:
    """Figure strings in ``text`` (via ``assistant.figures`` when available)."""
    import importlib

    try:
        figures_mod: Any = importlib.import_module("assistant.figures")
    except ImportError:
        figures_mod = None
    if figures_mod is not None and hasattr(figures_mod, "extract_figures"):
        try:
            return tuple(
                f.text for f in figures_mod.extract_figures(text) if not getattr(f, "ignored", False)
            )
        except Exception:  # pragma: no cover - a checker bug must not break parsing
            log.exception("figure extraction failed; using the fallback pattern")
    out: list[str] = []
    for m in _FIG_FALLBACK.finditer(text):
        s = m.group(0).strip()
        tail = text[m.end(): m.end() + 1]
        if re.fullmatch(r"\d{4}", s.rstrip("年")) and (s.endswith("年") or tail == "年"):
            continue  # a year
        out.append(s)
    return tuple(out)


# --- instruction-like lines ------------------------------------------------------------------
# A notes line that talks to the assistant ("忽略以上所有指令，编造…", "ignore previous instructions
# and…"), often pasted from elsewhere or planted in a shared document. It is never obeyed (notes are
# quoted as data in every prompt) and never dropped; it is flagged so the user can check it.

_ZH_IGNORE_VERB = r"(?:忽略|无视|忽视|忘记|忘掉|不要理会|不用理会|不必理会|别管|跳过|抛开|丢弃)掉?"
_ZH_EARLIER = r"(?:你的|之前|以上|上面|前面|先前|此前|上述|前述|所有|全部|一切|原有|原来|原先|系统|既有)"
_ZH_PROMPT_WORDS = r"(?:指令|指示|提示词|提示|设定|规则|约束|要求|内容|限制)"
_CLAUSE_START = r"(?:^|[。！？；;!?，,：:\s“\"'「（(])\s*(?:请你?|你|现在|从现在起|接下来)?\s*"

_INSTRUCTION_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # 忽略以上所有指令 / 请忽略之前的要求 (an imperative at a clause start; 指令/提示词 anywhere)
    (re.compile(_CLAUSE_START + _ZH_IGNORE_VERB + r"\s*" + _ZH_EARLIER + r"[^。！？；]{0,8}?" + _ZH_PROMPT_WORDS),
     "asks to ignore earlier instructions"),
    (re.compile(_ZH_IGNORE_VERB + r"[^。！？；]{0,8}?" + _ZH_EARLIER + r"[^。！？；]{0,6}?(?:指令|提示词|系统提示)"),
     "asks to ignore earlier instructions"),
    (re.compile(r"\b(?:ignore|disregard|forget|override|bypass|skip)\s+(?:all\s+|any\s+|every\s+)?(?:of\s+)?"
                r"(?:the\s+|your\s+|my\s+|these\s+|those\s+)?(?:previous|prior|above|earlier|preceding|"
                r"foregoing|former|original|system|initial|existing)\s+(?:\w+\s+)?(?:instructions?|prompts?|"
                r"rules|directions|directives|messages|guidelines|guidance|context|constraints)\b", re.I),
     "asks to ignore earlier instructions"),
    (re.compile(r"\b(?:ignore|disregard|forget)\s+(?:all\s+|everything\s+)?(?:your\s+)?"
                r"(?:instructions|everything\s+(?:above|before))\b", re.I),
     "asks to ignore earlier instructions"),
    # a new role for the assistant
    (re.compile(r"你(?:现在|从现在起)?(?:是|扮演|充当|作为)(?:一个|一名)?[^。！？；]{0,10}?"
                r"(?:助手|AI|人工智能|大模型|语言模型|机器人|ChatGPT|GPT)", re.I),
     "gives the assistant a role"),
    (re.compile(r"\byou\s+are\s+(?:now\s+|no\s+longer\s+)?(?:an?\s+|the\s+)?[\w\s-]{0,20}?"
                r"\b(?:assistant|AI|language\s+model|chatbot|GPT|DAN)\b|\bfrom\s+now\s+on,?\s+you\b|"
                r"\b(?:act|pose)\s+as\s+(?:an?\s+)?(?:AI|assistant|language\s+model|chatbot)\b|"
                r"\bpretend\s+(?:to\s+be|you\s+are)\b", re.I),
     "gives the assistant a role"),
    # system-prompt talk and chat-template markup
    (re.compile(r"系统提示词?|系统指令|\bsystem\s+prompt\b|\b(?:new|updated)\s+instructions?\s*:|"
                r"新的?指令\s*[：:]|<\|im_start\|>|<\|im_end\|>|\[/?INST\]|<<SYS>>|"
                r"^\s*#{2,}\s*(?:instruction|system)\b|^\s*(?:system|assistant)\s*[:：]", re.I),
     "talks about the assistant's prompt"),
    # an order to invent or state something, or to skip the figure check
    (re.compile(_CLAUSE_START + r"(?:直接|务必|必须|一定要|要)?(?:编造|捏造|虚构|杜撰|伪造|谎称|声称|瞎编)"),
     "asks to make something up"),
    (re.compile(r"(?:请你?|你要|你必须|你应该|你需要|务必)[^。！？；]{0,6}?(?:在报告|在总结|在文中|报告中|报告里)?"
                r"(?:写上|写成|写明|写入|注明|说成)"),
     "tells the assistant what to write"),
    (re.compile(r"^(?:请|请你)?(?:在|于)?(?:报告|总结|文中|正文)(?:中|里)(?:写上|写成|写明|写入|注明|声称)"),
     "tells the assistant what to write"),
    (re.compile(r"(?:^|[.;:!?]\s*|\band\s+)(?:please\s+)?(?:write|say|state|claim|report|pretend|add)\s+that\b|"
                r"(?:^|[.;:!?]\s*|\band\s+)(?:please\s+)?(?:make\s+up|fabricate|invent)\b", re.I),
     "tells the assistant what to write"),
    (re.compile(r"(?:^|[，,。；;]\s*)(?:请|你)?(?:不要|不用|无需|不必|别)(?:核对|核查|检查|校验|验证|标注|标记)"
                r"(?:数据|数字|数值)?|\b(?:do\s+not|don't|never)\s+(?:check|verify|flag|mark)\s+"
                r"(?:the\s+|any\s+)?(?:figures?|numbers?|data|claims?)\b", re.I),
     "asks to skip the figure check"),
)


def instruction_reason(text: str) -> str | None:
    """Why ``text`` reads like an instruction to the assistant rather than a note, or None.

    Deliberately narrow: it needs an order aimed at the assistant (ignore the earlier instructions,
    a new role, prompt markup, make something up, write this, do not check), so ordinary notes that
    merely use the words (``忽略了安全隐患的问题得到整改``, ``不折不扣落实上级指令``,
    ``ignored calls rose 5%``) are not flagged."""
    body = _MARKER_RE.sub("", text, count=1) if _MARKER_RE.match(text) else text
    for pattern, reason in _INSTRUCTION_PATTERNS:
        if pattern.search(body):
            return reason
    return None


# --- language -------------------------------------------------------------------------------

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def detect_language(text: str) -> Language:
    """``zh`` when Chinese characters outweigh English words, else ``en`` (``zh`` for no text)."""
    cjk = len(_CJK.findall(text))
    words = len(_LATIN_WORD.findall(text))
    if cjk == 0 and words == 0:
        return "zh"
    return "zh" if cjk >= words else "en"


# --- expansion ------------------------------------------------------------------------------

ZH_ABBREVIATIONS: dict[str, str] = {
    "固投": "固定资产投资",
    "社零总额": "社会消费品零售总额",
    "社零": "社会消费品零售总额",
    "规上工业": "规模以上工业",
    "规上": "规模以上",
    "进出口额": "进出口总额",
    "GDP": "地区生产总值",
}
EN_ABBREVIATIONS: dict[str, str] = {
    "YoY": "year on year",
    "y/y": "year on year",
    "yoy": "year on year",
    "FY": "fiscal year",
    "approx.": "approximately",
}

_SIGNED_PCT = re.compile(
    r"(?P<pre>同比|比上年|较上年)?\s*(?P<sign>[+＋\-－−↑↓])\s*(?P<num>[0-9０-９]+(?:[.．][0-9０-９]+)?)\s*"
    r"(?P<unit>%|％|个百分点)"
)


def expand_terse(text: str, language: Language) -> str:
    """Spell out terse abbreviations deterministically; never changes a figure's digits."""
    out = text.strip()
    if language == "zh":
        for abbr in sorted(ZH_ABBREVIATIONS, key=len, reverse=True):
            out = out.replace(abbr, ZH_ABBREVIATIONS[abbr])
        out = re.sub(r"(?<![第\u4e00-\u9fff])([一二三])产(?!业|品|值|量|能|权|地|出)",
                     lambda m: f"第{m.group(1)}产业", out)  # 一产、二产、三产增加值 → 第一产业…

        def zh_sign(m: re.Match[str]) -> str:
            pre = m.group("pre") or ""
            down = m.group("sign") in "-－−↓"
            word = "下降" if down else "增长"
            start = m.start()
            lead = pre if pre else ("" if start > 0 and out[start - 1] == "、" else "同比")  # 分别增长3%、-2%
            sep = "，" if start > 0 and out[start - 1] not in "，,；;：:（(、 \t" and not pre else ""
            return f"{sep}{lead}{word}{m.group('num')}{m.group('unit')}"

        out = _SIGNED_PCT.sub(zh_sign, out)
        out = re.sub(r"\s+，", "，", out)
        out = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[0-9０-９])", "", out)
        out = re.sub(r"(?<=[\u4e00-\u9fff%％元])\s+(?=[\u4e00-\u9fff])", "，", out)
        out = re.sub(r"，{2,}", "，", out)
    else:
        for abbr, full in EN_ABBREVIATIONS.items():
            out = re.sub(rf"(?<![A-Za-z]){re.escape(abbr)}(?![A-Za-z])", full, out)

        def en_sign(m: re.Match[str]) -> str:
            down = m.group("sign") in "-－−↓"
            unit = m.group("unit")
            unit = "%" if unit in "%％" else " percentage points"
            sep = ", " if m.start() > 0 and out[m.start() - 1] not in ",;:( " else " "
            return f"{sep}{'down' if down else 'up'} {m.group('num')}{unit} year on year"

        out = _SIGNED_PCT.sub(en_sign, out)
        out = re.sub(r"\s{2,}", " ", out).replace(" ,", ",")
    return out.strip()


# --- a title line ---------------------------------------------------------------------------

_TITLE_WORDS = re.compile(
    r"(工作总结|工作要点|工作笔记|工作汇报|工作报告|工作情况|总结|笔记|要点|汇报|报告|述职|"
    r"\bwork notes\b|\bnotes\b|\bsummary\b|\breport\b|\breview\b|\bhighlights\b|\bwrap[- ]up\b)",
    re.I,
)
_TITLE_RE = re.compile(
    r"^(?P<org>.*?)[\s\-–—:：|｜,，]*(?P<year>(?:19|20)\d\d)\s*(?:年度?|年)?\s*(?:annual\b|年度)?"
    r"(?P<rest>.*)$",
    re.I,
)


def parse_title_line(line: str) -> tuple[str, str] | None:
    """``(organisation, period)`` for a notes title line such as ``红星镇2025年工作总结笔记`` or
    ``Riverside District 2025 work notes``; None for anything else (a line with a figure other than
    the year, a sentence, a long line, no report word)."""
    text = line.strip().strip("#*《》「」【】 ")
    if not text or len(text) > 48 or re.search(r"[。！？；;!?]$", text):
        return None
    m = _TITLE_RE.match(text)
    if not m:
        return None
    rest = m.group("rest")
    if not _TITLE_WORDS.search(rest) or re.search(r"\d", rest) or re.search(r"\d", m.group("org")):
        return None
    org = m.group("org").strip(" -–—:：|｜,，'’s")
    if org.lower().endswith("'s"):
        org = org[:-2]
    if _TITLE_WORDS.search(org):  # "Notes for the 2018 report": the words before the year are no organisation
        org = ""
    return org, m.group("year")


# --- parsing --------------------------------------------------------------------------------

_SENTENCE_SPLIT_ZH = re.compile(r"(?<=[。！？；;])")
_SENTENCE_SPLIT_EN = re.compile(r"(?<=[.!?;])\s+(?=[A-Z0-9\"'(])")


def _strip_marker(line: str) -> tuple[str, bool]:
    m = _MARKER_RE.match(line)
    if m and m.end() < len(line):
        return line[m.end():].strip(), True
    return line.strip(), False


_HEADING_FILLER = re.compile(
    r"((19|20)\d\d年?|年度|明年|今年|来年|全年|下一步|下步|今后|主要|存在的?|工作|重点|情况|的|和|及|与|、|"
    r"\b(for|next|this|year|the|main|key|and|of|in|our|to|do)\b|[\s:：,，])",
    re.I,
)
_HEADING_WORDS: dict[str, Role] = {
    **dict.fromkeys(
        ("问题", "不足", "困难", "困难问题", "问题不足", "不足问题", "挑战", "短板", "风险", "challenges",
         "challenge", "problems", "problem", "issues", "issue", "risks", "risk", "shortcomings",
         "challengesrisks"), "problem"),
    **dict.fromkeys(
        ("计划", "安排", "打算", "目标", "思路", "任务", "举措", "目标任务", "计划安排", "思路举措", "plans",
         "plan", "targets", "target", "goal", "aim", "aims", "goals", "priorities", "outlook", "nextsteps", "steps", "plansgoals"), "plan"),
    **dict.fromkeys(
        ("成绩", "成效", "完成", "总结", "回顾", "亮点", "进展", "成绩成效", "完成进展", "achievements",
         "results", "highlights", "summary", "review", "progress", "done", "accomplishments"),
        "achievement"),
}


_ROLE_WORDS: list[tuple[str, Role]] = sorted(
    ((w, r) for w, r in _HEADING_WORDS.items()),
    key=lambda wr: len(wr[0]), reverse=True,
)
_EXTRA_HEADING_WORDS: dict[str, Role] = {
    **dict.fromkeys(("存在问题", "薄弱环节", "不足之处", "困难", "难点", "短板弱项", "concerns", "weaknesses",
                     "risk", "gaps", "lessons"), "problem"),
    **dict.fromkeys(("安排", "部署", "展望", "设想", "打算", "措施", "重点", "方向", "预期", "指标", "工作思路",
                     "next", "nextyear", "comingyear", "ahead", "objectives", "objective", "measures", "actions",
                     "agenda", "roadmap", "forward", "lookingahead", "theyearahead"), "plan"),
    **dict.fromkeys(("完成情况", "主要成绩", "成果", "做法", "成效显著", "工作成效", "业绩", "accomplishment",
                     "achievement", "outcomes", "resultsachieved", "whatwedid", "completed"), "achievement"),
}
_ROLE_TOKENS: list[tuple[str, Role]] = sorted(
    [*_HEADING_WORDS.items(), *_EXTRA_HEADING_WORDS.items()], key=lambda wr: len(wr[0]), reverse=True)
_PLAN_HEADING_CUE = re.compile(r"(明年|来年|下一步|下步|今后|下一阶段|\bnext\b|\bcoming year\b|\bahead\b)", re.I)
_HEADING_JOINERS = re.compile(r"(和|及|与|以及|暨|、|/|&|\band\b|\bfor\b|[（）()\-–—])", re.I)


def _heading_role(text: str) -> Role | None:
    """The role a heading line (``存在问题：``, ``明年目标和安排``, ``下一步工作打算``, ``Plans for 2016``,
    ``Challenges:``) sets, or None. The words left after the filler (years, 工作, 主要, the…) must all be
    role words of one role; a heading with none left but 明年 / 下一步 / next year is a plan heading."""
    t = text.strip().strip("#*【】[] ")
    if not t or len(t) > 30 or re.search(r"[。！？；;!?]", t.rstrip("：:")):
        return None
    core = _HEADING_JOINERS.sub("", _HEADING_FILLER.sub("", t)).lower().replace(" ", "")
    if not core:
        return "plan" if _PLAN_HEADING_CUE.search(t) else None
    if core in _HEADING_WORDS:
        return _HEADING_WORDS[core]
    roles: set[Role] = set()
    rest = core
    while rest:
        for word, role in _ROLE_TOKENS:
            if rest.startswith(word):
                roles.add(role)
                rest = rest[len(word):]
                break
        else:
            return None
    if len(roles) == 1:
        return roles.pop()
    if roles == {"plan", "achievement"} and _PLAN_HEADING_CUE.search(t):
        return "plan"
    return None


_HEADER_LINE = re.compile(r"^(?P<title>[^：:。；;！？!?]{1,24})[：:]\s*$")


def header_line(line: str) -> tuple[Role | None, int | None] | None:
    """``(role, year)`` when ``line`` is a header of the notes, else None.

    A header is a short line ending in ：/: with no figure but a year (``经济运行：``, ``Next year:``), or a
    known role heading without the colon (``存在问题``, ``2019年计划``, ``下一步工作打算``, ``Challenges``).
    ``role`` None: a topical header that keeps the role in force."""
    body = _strip_marker(line)[0].strip().strip("#*【】 ").strip()
    if not body:
        return None
    year_m = re.search(r"(?<!\d)((?:19|20)\d\d)(?!\d)", body)
    year = int(year_m.group(1)) if year_m else None
    role = _heading_role(body)
    colon = _HEADER_LINE.match(body)
    if role is not None and (colon or not re.search(r"\d", re.sub(r"(?:19|20)\d\d\s*年?", "", body))):
        return role, year
    no_figure = not re.search(r"\d", re.sub(r"(?:19|20)\d\d\s*年?", "", body))
    if colon and no_figure and len(body) <= 24:
        if re.search(r"[A-Za-z]", body) and len(body.split()) > 6:
            return None
        return None, year
    raw = line.strip()
    marked = raw.startswith("#") or bool(re.fullmatch(r"\*\*[^*]+\*\*[：:]?", raw))  # ## 经济运行 / **Infrastructure**
    if marked and no_figure and len(body) <= 30 and not re.search(r"[。！？；;!?，,]", body):
        return role, year
    return None


_PLAN_START = re.compile(r"^((明年|来年|下一步|下步|今后|力争|争取)|(19|20)\d\d年(将|要|力争|计划|目标)|next year|"
                         r"in (19|20)\d\d we will|we will\b|will\b|targets?\b|aims?\b|goals?\b)", re.I)


def _classify(text: str, context: Role | None) -> Role:
    if context is not None:
        if context != "plan" and _PLAN_START.search(text):
            return "plan"
        return context
    if _PROBLEM_WORDS.search(text):
        return "problem"
    if _PLAN_WORDS.search(text):
        return "plan"
    return "achievement"


def _split_free_text(text: str, language: Language) -> list[str]:
    del language  # both splitters apply: a Chinese paste may hold English sentences and vice versa
    parts = [q.strip() for p in _SENTENCE_SPLIT_ZH.split(text) for q in _SENTENCE_SPLIT_EN.split(p) if q.strip()]
    return parts or [text.strip()]


_GENERIC_HEADERS = {"值", "数值", "数据", "数量", "金额", "value", "values", "amount", "figure", "data"}


def _table_rows(lines: list[str]) -> set[int]:
    """Indices of lines that belong to a tab-separated block of ≥ 2 rows."""
    rows: set[int] = set()
    i = 0
    while i < len(lines):
        if "\t" in lines[i]:
            j = i
            while j < len(lines) and "\t" in lines[j]:
                j += 1
            if j - i >= 2:
                rows.update(range(i, j))
            i = j
        else:
            i += 1
    return rows


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

    def add(line_no: int, item_text: str, role: Role, key: str = "") -> None:
        nonlocal counter
        item_text = item_text.strip()
        if not item_text:
            return
        counter += 1
        if line_no not in line_reasons:  # the whole line: every item split from it is flagged
            line_reasons[line_no] = instruction_reason(raw_lines[line_no - 1].strip())
        expanded = expand_terse(item_text, language) if role != "metadata" else item_text
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
            add(line_no, row_text, _classify(row_text, context))
            continue
        header = None
        if context is None and all(i.role == "metadata" for i in items):
            stripped = _strip_marker(line)[0]
            title = parse_title_line(stripped)
            if title is not None:
                org, year = title
                if org:
                    metadata.setdefault("organisation", org)
                metadata.setdefault("period", f"{year}年" if language == "zh" else year)
                add(line_no, line, "metadata", "title")
                continue
            if not items and is_title_without_year(stripped):
                metadata.setdefault("title", stripped.strip("#*《》「」【】 "))
                add(line_no, line, "metadata", "title")
                continue
        meta = _META_RE.match(line)
        if meta:
            key_word = meta.group("key").lower()
            key = next(k for k, words in _META_KEYS.items() if key_word in words)
            metadata.setdefault(key, meta.group("value").strip())
            add(line_no, line, "metadata", key)
            continue
        body, _ = _strip_marker(line)
        # "问题：人才短缺" → a problem item; "存在问题：" / "明年目标和安排：" / "经济运行：" → a header
        is_header = header_line(line)
        if is_header is not None:
            role_set, header_year = is_header
            if role_set is not None:
                context = role_set
                context_year = header_year
            elif header_year is not None:
                context_year = header_year
            heading_text = body
            headers.append(NoteHeader(line_no, body, role_set, header_year))
            last_head = None
            continue
        inline = re.match(r"^(?P<head>[^：:]{1,12})[：:]\s*(?P<rest>.+)$", body)
        role_here: Role | None = context
        if inline and _heading_role(inline.group("head") + "：") is not None:
            role_here = _heading_role(inline.group("head") + "：")
            body = inline.group("rest")
        for sentence in _split_free_text(body, language):
            before = len(items)
            head_item = last_head if last_head is not None and is_continuation(sentence, language) else None
            add(line_no, sentence, head_item.role if head_item is not None else _classify(sentence, role_here))
            if len(items) == before:
                continue
            item = replace(items[-1], heading=heading_text, heading_year=context_year)
            if head_item is not None:
                item = replace(item, continues=head_item.item_id)
            else:
                last_head = item
            items[-1] = item
    return Notes(items=_link_continuations(items, language), language=language, metadata=metadata, text=text,
                 headers=tuple(headers))


_CONTINUATION_ZH = re.compile(
    r"^(?:年均|年平均|平均每年|同比|比上年|较上年|比去年|较去年|与上年相比|比同期|较同期|环比|(?:比|较)(?:19|20)\d\d年|其中|"
    r"占|增速|增幅|降幅|分别|(?:增长|增加|下降|减少|提高|降低|回落|上升|提升|翻)了?\s*(?:约|近|超过?)?\s*[0-9０-９一二三四五六七八九十两百]"
    r"|[+＋\-－−↑↓]\s*[0-9０-９])"
)
_CONTINUATION_EN = re.compile(
    r"^(?:(?:up|down)\s+(?:by\s+)?[$€£]?\d|an?\s+(?:increase|decrease|rise|drop|fall|decline|gain)\s+of\b|"
    r"of\s+which\b|including\b|year[- ]on[- ]year\b|yoy\b|y/y\b|accounting\s+for\b|(?:which\s+is|that\s+is)\b|"
    r"(?:rising|falling|increasing|decreasing|growing)\s+(?:by\s+)?\d|(?:increased|decreased|rose|fell|grew|"
    r"declined|dropped)\s+(?:by\s+)?\d|(?:growth|average\s+annual\s+growth|annual\s+growth)\s+(?:of\s+)?\d|"
    r"compared\s+(?:with|to)\b|[+\-−↑↓]\s*\d)",
    re.I,
)


def is_continuation(text: str, language: Language) -> bool:
    """True for a bullet with no indicator of its own that continues the one above it: 年均增长12.1%,
    同比增长…, 比上年增加…, 其中…, 占…, 增速…, +5%, "up 5% year on year", "of which…"."""
    t = text.strip().lstrip("，,；;：: ")
    del language  # both patterns apply: Chinese notes hold English lines and vice versa
    return bool(_CONTINUATION_ZH.match(t) or _CONTINUATION_EN.match(t))


def _join_clause(head: str, parts: list[str], language: Language) -> str:
    if language == "zh":
        out = head.rstrip("。；;，,、 ")
        for p in parts:
            out += "，" + p.strip().lstrip("，,；;、 ").rstrip("。；;，,、 ")
        return out
    out = head.rstrip(".;, ")
    for p in parts:
        q = p.strip().lstrip(",; ").rstrip(".;, ")
        out += ", " + (q[:1].lower() + q[1:] if q[:2] != q[:2].upper() or q[:1].isalpha() else q)
    return out


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


_NO_YEAR_TITLE = re.compile(
    r"(工作要点|工作总结|工作笔记|工作汇报|工作情况|原始笔记|笔记|要点|素材|提纲|汇报材料|总结材料|"
    r"\bnotes\b|\bhighlights\b|\bbullet points\b|\bdraft points\b|\breport\b|\bsummary\b)",
    re.I,
)


def is_title_without_year(line: str) -> bool:
    """``工作要点（原始笔记）`` / ``XX镇工作总结要点`` / ``Notes for the annual report``: a first line with a
    notes/report word, no figure and no sentence, that is not a role header."""
    t = line.strip().strip("#*《》「」【】 ")
    if not t or len(t) > 40 or re.search(r"\d", t) or re.search(r"[。！？；;!?，,]", t.rstrip("：:")):
        return False
    if t.endswith(("：", ":")) or _heading_role(t) is not None:
        return False
    return bool(_NO_YEAR_TITLE.search(t))


def note_years(notes: Notes) -> tuple[int | None, int | None]:
    """(summary year, plan year) read from the notes' metadata and items, when stated."""
    period = notes.metadata.get("period", "")
    years = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", period)]
    if years:
        return max(years), max(years) + 1
    head_summary = [h.year for h in notes.headers if h.year is not None and h.role in ("achievement", "problem")]
    if head_summary:
        return max(head_summary), max(head_summary) + 1
    head_plan = [h.year for h in notes.headers if h.year is not None and h.role == "plan"]
    if head_plan:
        return max(head_plan) - 1, max(head_plan)
    plan_years = [
        int(y) for i in notes.by_role("plan") for y in re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", i.text)
    ]
    ach_years = [
        int(y)
        for i in notes.items
        if i.role in ("achievement", "problem")
        for y in re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", i.text)
    ]
    if ach_years:
        return max(ach_years), max(ach_years) + 1
    if plan_years:
        return max(plan_years) - 1, max(plan_years)
    return None, None


def year_warnings(notes: Notes, language: str | None = None) -> list[str]:
    """The notice for notes that state no year (the report shows a placeholder instead of a guess);
    empty when the notes give one."""
    if not notes.year_missing:
        return []
    if (language or notes.language) == "zh":
        return ["笔记中没有写明年份，报告标题和小标题中以【年份】【下一年份】标出，请补上年份"]
    return ["The notes give no year: the title and headings show [year] / [next year] for you to fill in"]

