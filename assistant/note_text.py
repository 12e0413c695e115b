"""How :func:`assistant.notes.parse_notes` reads the text of a note: metadata lines (``单位：…`` /
``Organisation: …``), the role words of a line (problem / plan / achievement, a plan start under another
header), the figure strings it holds, terse expansion (固投 → 固定资产投资, ``+16.6%`` → 同比增长16.6%),
free-text sentences, tab-separated table blocks, the role a title line sets, and joining a head item's
continuations into one clause.

Single lines (markers, header lines, titles, instructions) are :mod:`assistant.note_lines`; the notes model
and the parser are :mod:`assistant.notes`, which re-exports the public names of this module.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from assistant.documents import Language
from assistant.meaning_cues import GOAL_MET, PROGRESS_AGAINST_TARGET
from assistant.note_lines import Role, strip_marker
from assistant.note_lines import heading_role as _heading_role

log = logging.getLogger(__name__)


# --- markers, headings, metadata ------------------------------------------------------------

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
# 争取中央资金1.2亿元 / 争取上级资金: funding obtained (an achievement), not a plan to strive for
_FUNDS = r"(?:中央|上级|自治区|省|国家|市级|各类|各级|专项|资金|项目资金|政策|债券|债|到位)"
# a problem the line says was solved is a result (period8): 6434万农村人口饮水安全问题得到解决, "12 issues resolved"
_SOLVED = re.compile(r"(?:问题|困难|矛盾|隐患|短板|瓶颈|难题)(?:得到|获得|已经?|全部|基本|有效){0,2}(?:解决|化解|消除|破解|整改|补齐)|"
                     r"\b(?:problems?|issues?|risks?|delays?|bottlenecks?|shortfalls?|backlogs?)\s++(?:(?:were|was|have been|has been)\s++)?"
                     r"(?:resolved|solved|fixed|addressed|closed|cleared|mitigated)\b", re.I)
_PLAN_WORDS = re.compile(
    r"(^(将|拟|计划|力争|争取(?!" + _FUNDS + r")|确保|预计|明年|来年|下一步|下步|今后|继续|加快|持续|全力|推动|启动)|目标|力争|"
    r"计划|预期(?!寿命)|打算|\bplans?\b|\bplanned\b|\btargets?\b|\bgoals?\b|\baims?\b|\bwill\b|\bnext year\b|"
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
    r"(?P<pre>同比|环比|比上年|较上年|比去年|较去年|比上月|较上月|比上季度|较上季度)?(?<!\s)\s*+(?P<sign>[+＋\-－−↑↓])\s*(?P<num>[0-9０-９]+(?:[.．][0-9０-９]+)?)\s*"
    r"(?P<unit>%|％|个百分点)"
)


def _spelled(full: str) -> Callable[[re.Match[str]], str]:
    """The replacement for an abbreviation: ``full``, and a blank before a figure that follows (FY2025)."""
    def repl(m: re.Match[str]) -> str:
        return full + (" " if m.group("gap") or m.string[m.end():m.end() + 1].isdigit() else "")
    return repl


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
            clause = re.split(r"[，,；;：:（(、。\n]", out[max(0, start - 60):start])[-1]
            # "固投100.6亿+16.6%" → "…100.6亿，同比增长16.6%"; "规上工业增加值-2.1%" → "…增加值同比下降2.1%"
            has_figure = re.search(r"[0-9０-９]", re.sub(r"(?:19|20)\d\d(?:年度?|—|-|～|~)?", "", clause)) is not None
            sep = "，" if start > 0 and out[start - 1] not in "，,；;：:（(、 \t" and not pre and has_figure else ""
            return f"{sep}{lead}{word}{m.group('num')}{m.group('unit')}"

        out = _SIGNED_PCT.sub(zh_sign, out)
        out = re.sub(r"\s+，", "，", out)
        out = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[0-9０-９])", "", out)
        out = re.sub(r"(?<=[\u4e00-\u9fff%％元])\s+(?=[\u4e00-\u9fff])", "，", out)
        out = re.sub(r"，{2,}", "，", out)
    else:
        for abbr, full in EN_ABBREVIATIONS.items():
            # FY2025 → fiscal year 2025; FY25 stays as written (spelling out its year would add digits)
            out = re.sub(rf"(?<![A-Za-z]){re.escape(abbr)}(?![A-Za-z])(?!\s*+['’\-]?\d\d(?!\d))(?P<gap>\s*+)",
                         _spelled(full), out)

        def en_sign(m: re.Match[str]) -> str:
            down = m.group("sign") in "-－−↓"
            unit = m.group("unit")
            unit = "%" if unit in "%％" else " percentage points"
            sep = ", " if m.start() > 0 and out[m.start() - 1] not in ",;:( " else " "
            # "-4.2% vs prior year" / "+5% from 2024": the note names its own base
            based = re.match(r"\s*+(?:vs\.?|versus|compared|from|over|on|against|than|year[- ]on[- ]year|yoy|y/y)\b",
                             m.string[m.end():], re.I)
            return f"{sep}{'down' if down else 'up'} {m.group('num')}{unit}{'' if based else ' year on year'}"

        out = _SIGNED_PCT.sub(en_sign, out)
        out = re.sub(r"\s{2,}", " ", out).replace(" ,", ",")
    return out.strip()


# --- parsing --------------------------------------------------------------------------------

_SENTENCE_SPLIT_ZH = re.compile(r"(?<=[。！？；;])")
# not after an abbreviation that a figure follows: "(prev. 2.1 million)", "vs. 3%", "approx. 40", "est. 12"
_SENTENCE_SPLIT_EN = re.compile(r"(?<=[.!?;])(?<!\bprev\.)(?<!\bvs\.)(?<!\bapprox\.)(?<!\best\.)(?<!\bno\.)(?<!\bNo\.)"
                                r"\s+(?=[A-Z0-9\"'(])")


_PLAN_START = re.compile(r"^((明年|来年|下一步|下步|今后|力争|争取(?!" + _FUNDS + r"))|(19|20)\d\d年(将|要|力争|计划|目标)|next year|"
                         r"in (19|20)\d\d we will|we will\b|will\b|targets?\b|aims?\b|goals?\b)", re.I)


def _classify(text: str, context: Role | None) -> Role:
    if context is not None:
        if context != "plan" and _PLAN_START.search(text):
            return "plan"
        return context
    if _PROBLEM_WORDS.search(_SOLVED.sub(" ", text)):
        return "problem"
    if GOAL_MET.search(text):
        return "achievement"  # period8: "goal +15% -> met in FY2025", 目标50亿元，已全部完成
    if _PLAN_WORDS.search(PROGRESS_AGAINST_TARGET.sub(" ", text)):
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


def _without_title_note(title: str) -> str:
    """``title`` without a short trailing note in brackets (（草）, （原始笔记）, (notes))."""
    body = title.rstrip()
    if body.endswith(("）", ")")):
        k = max(body.rfind("（", 0, len(body) - 1), body.rfind("(", 0, len(body) - 1))
        if k >= 0 and len(body) - k <= 18:
            return body[:k].rstrip()
    return body
_TITLE_SUMMARY = re.compile(r"总结|回顾|情况|成绩|工作[和与及]|review|summary|results|\band\b", re.I)


def _title_role(title: str) -> Role | None:
    """A title line that names a plan only (2016年工作安排（草）, "Plans for 2025"): its lines are plans
    until a header says otherwise; a title naming a review as well (工作总结暨…安排) sets nothing."""
    body = _without_title_note(title.strip("#*《》「」【】 "))
    if _TITLE_SUMMARY.search(body) or len(set(re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", body))) > 1:
        return None  # 2013年工作和2014年打算: a review and a plan
    return "plan" if _heading_role(body) == "plan" else None


# an indented bullet under a numbered or bulleted line ("1. 重点项目47个" / "  - 完成投资46.9亿元") that
# opens with a verb or a method of counting has no subject of its own: it continues the line above
_SUB_BULLET = re.compile(r"^(?:\s{2,}|\t)[-*•·●▪]")
_SUBJECTLESS = re.compile(r"^(?:完成|实现|达到|累计完成|累计|共计|新增|计划|预计|总投资|按可比价格?(?:计算)?|按现价(?:计算)?|"
                          r"(?:total(?:l)?ed|reached|completed|invested|of which)\b)", re.I)


# a plan label inside a note line, after text of its own ("…，下步：计划新建X个", "…。下一步打算：…",
# "…; next: open 5 clinics"): the text after it is a plan item (see :func:`split_inline_plan`)
_PLAN_LABEL = (r"(?:下一步(?:工作)?(?:打算|计划|安排|思路|目标)?|下步(?:工作)?(?:打算|计划|安排)?|下一阶段(?:打算|计划)?|"
               r"明年(?:工作)?(?:计划|打算|目标|安排)?|来年(?:计划|打算|目标)?|今后(?:工作)?(?:打算|计划)?|"
               r"(?:(?:19|20)\d\d年)(?:计划|目标|打算)|"
               r"next(?:\s++(?:year|steps?))?|plans?(?:\s++for\s++(?:19|20)\d\d)?|"
               r"targets?(?:\s++for\s++(?:19|20)\d\d)?|(?:the\s++)?year\s++ahead)")
_INLINE_PLAN = re.compile(r"(?:(?<=[，,；;。！？!?])|(?<=\.)(?=\s))\s*+" + _PLAN_LABEL + r"\s*+[：:]\s*+(?=\S)", re.I)
_LEADING_PLAN = re.compile(r"^" + _PLAN_LABEL + r"\s*+[：:]\s*+(?=\S)", re.I)


def split_inline_plan(body: str) -> tuple[str, str] | None:
    """``(text before, plan text)`` when a plan label follows text of the same line
    (``新建大棚200栋，下步：计划新建大棚300栋`` → ``新建大棚200栋，`` / ``计划新建大棚300栋``), else None."""
    m = _INLINE_PLAN.search(body)
    if m is None or not body[:m.start()].strip(" ，,；;。.!?！？"):
        return None
    return body[:m.start()].rstrip(" ，,；;"), body[m.end():]


def leading_plan_label(body: str) -> str | None:
    """The text after a plan label that opens a line (``下步：年内新增…`` / ``Next: open…``), else None."""
    m = _LEADING_PLAN.match(body)
    return body[m.end():] if m else None


# a plan line's own earlier year (2026年已招聘64名, "hired 165 inspectors in FY2026 (actual)"), not a base
# (比2026年, "vs FY2026", "up from 165 in FY2026"): with a word of a result, the line reports that year's result
_BASE_BEFORE_YEAR = re.compile(r"(?:\b(?:vs\.?|versus|than|since|from|over|compared\s(?:with|to)|against|until|by|"
                               r"through|before)\s(?:the\s)?(?:end\s of\s)?(?:FY\s?|fiscal\syear\s)?|[比较与从由至到截]|相比)$",
                               re.I)
_RESULT_MARK = re.compile(r"已|实际|完成了|\bactuals?\b|\bwas\b|\bwere\b|^\s*+(?!(?:planned|proposed|expected|scheduled|"
                          r"targeted|projected|needed|intended)\b)[a-z]+ed\b", re.I)


def dated_result(text: str, plan_year: int) -> bool:
    """A line under a plan header (``FY2027 plan``) that reports an earlier year's result of its own
    (``hired 165 inspectors in FY2026 (actual)``, ``2026年已招聘专业技术人员64名``): it names a year before the
    plan's, not as a base (比2026年, vs FY2026, "up from 165 in FY2026"), and a word of a result (已, 实际,
    actual, a past tense opening the line)."""
    if not _RESULT_MARK.search(text):
        return False
    for m in re.finditer(r"(?<!\d)((?:19|20)\d\d)(?!\d)", text):
        if int(m.group(1)) < plan_year and not _BASE_BEFORE_YEAR.search(text[max(0, m.start() - 24):m.start()].rstrip()
                                                                         .removesuffix("FY").rstrip()):
            return True
    return False


# what a bare header may hold beside words: years, ordinals (15th), a five-year plan's name (十四五)
_BARE_NOISE = re.compile(r"(?:FY\s?)?(?:19|20)\d\d\s*+年?|\d{1,2}(?:st|nd|rd|th)\b|十[一二三四五六七八九]五", re.I)
_BARE_PLAN = re.compile(r"\b(?:next|coming|upcoming|targets?|goals?|plans?|outlook|ahead|priorities)\b|明年|来年|下一步|下步|"
                        r"今后|目标|计划|打算|安排|展望", re.I)
_PLAN_NAME = re.compile(r"(?:\b\d{1,2}(?:st|nd|rd|th)\s++)?\bfive[- ]year\s++plan\b|\bFYP\b|“?十[一二三四五六七八九]五”?(?:规划)?",
                        re.I)
_HEADING_NOUN = re.compile(r"(?:工作|情况|任务|要点|重点|指标|举措|措施|事项)$")
_BARE_PROBLEM = re.compile(r"\b(?:challenges|issues|problems|risks|concerns)\b|问题|困难|不足|短板", re.I)


def bare_header(body: str, lines: list[str], idx: int) -> tuple[Role | None, int | None] | None:
    """``(role, year)`` when line ``idx`` (its text ``body``, with no list marker) is a header by its place:
    a short line without a figure or a sentence stop, right above a bulleted line (今年重点工作, "Next five
    years (15th FYP targets)"); its role by its words (a plan's, a problem's; None keeps the role in force)."""
    if re.search(r"\d", _BARE_NOISE.sub("", body)) or re.search(r"[。！？；;!?，,]|\.\s|\.$", body):
        return None
    if (len(body) > 24 if re.search(r"[\u4e00-\u9fff]", body) else len(body.split()) > 8):
        return None
    nxt = next((ln for ln in lines[idx + 1:idx + 3] if ln.strip()), "")
    if not nxt or not strip_marker(nxt.strip())[1]:
        return None
    read = bare_header_role(body)
    if read[0] is None and not _HEADING_NOUN.search(body):
        return None  # 全镇经济运行平稳 above bullets: a statement of its own, not a header
    return read


def bare_header_role(body: str) -> tuple[Role | None, int | None]:
    """``(role, year)`` a bare header line (see :func:`bare_header`) sets by its words."""
    years = re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", body)
    words = _PLAN_NAME.sub(" ", body)  # "14th Five-Year Plan (2020-2025)": a plan's name is no plan header
    role = _heading_role(words) if words.strip(" ()（）-–—") else None
    if role is None and _BARE_PLAN.search(words):
        role = "plan"
    elif role is None and _BARE_PROBLEM.search(body):
        role = "problem"
    return role, int(years[0]) if len(years) == 1 else None
