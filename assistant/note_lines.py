"""Single notes lines: list markers, header lines, continuation bullets, the title line, and lines that
read like an instruction to the assistant. :mod:`assistant.notes` parses whole notes with these.

A header line (``存在问题：``, ``明年目标和安排``, ``下一步工作打算``, ``2019年计划``, ``Next year:``,
``Challenges``, ``## 经济运行``) is not content: :func:`header_line` gives the role it sets (None for a
topical header) and the year it names. :func:`is_continuation` tells a bullet with no indicator of its
own (``年均增长12.1%``, ``同比增长…``, ``其中…``, ``+5%``, ``up 5% year on year``) that continues the one
above it. :func:`parse_title_line` / :func:`is_title_without_year` recognise the notes' title line.
"""

from __future__ import annotations

import re
from typing import Literal

from assistant.documents import Language
from assistant.periods import MONTHS_RE, PART_TOKEN_RE, canon_split_years, spell_split_years
from assistant.periods import canon_compact as _compact

Role = Literal["achievement", "problem", "plan", "metadata"]

# --- markers --------------------------------------------------------------------------------

_CN_NUM = "一二三四五六七八九十"
_MARKER_RE = re.compile(
    r"^\s*(?:"
    r"[-*•·●▪◆■□○◇►>、]+\s*"  # bullets
    r"|\d{1,3}\s*(?:[.．]\s*(?!\d)|[、)）]\s*)"  # 1.  1、 1)  (5、1-6月… is item 5; 2.5万元 is no marker)
    r"|[（(]\s*(?:\d{1,3}|[" + _CN_NUM + r"]{1,3})\s*[）)]\s*"  # （1） (一)
    r"|[①-⑳]\s*"  # circled
    r"|[" + _CN_NUM + r"]{1,3}\s*[、.．]\s*"  # 一、
    r"|第[" + _CN_NUM + r"\d]{1,3}[部分条点项][、:：\s]*"
    r")"
)


def strip_marker(line: str) -> tuple[str, bool]:
    m = _MARKER_RE.match(line)
    if m and m.end() < len(line):
        return line[m.end():].strip(), True
    return line.strip(), False



# --- headers --------------------------------------------------------------------------------

_HEADING_FILLER = re.compile(
    r"((?:\bFY\s?|\bfiscal\s(?:year\s)?)?(19|20)\d\d年?|年度|明年|今年|来年|全年|下一步|下步|今后|主要|存在的?|工作|重点|情况|的|和|及|与|、|"
    r"[上下]半年|(?:前|第?[一二三四1-4])季度|\bQ[1-4]\b|本月|本季度|当月|下个?月|下一?个?季度|(?:1[0-2]|[1-9])月份?|\d{1,2}\s*[-—–~至]\s*\d{1,2}\s*月(?:份)?|\b(?:first|second)\s++half\b|\bH[12]\b|"
    r"\b(for|next|this|year|quarter|month|the|main|key|and|of|in|our|to|do)\b|[\s:：,，])",
    re.I,
)
_HEADING_WORDS: dict[str, Role] = {
    **dict.fromkeys(
        ("问题", "不足", "困难", "困难问题", "问题不足", "不足问题", "挑战", "短板", "风险", "challenges",
         "challenge", "problems", "problem", "issues", "issue", "risks", "risk", "shortcomings",
         "challengesrisks"), "problem"),
    **dict.fromkeys(
        ("计划", "安排", "打算", "目标", "思路", "任务", "举措", "目标任务", "计划安排", "思路举措", "plans",
         "plan", "targets", "target", "goal", "aim", "aims", "goals", "priorities", "outlook", "nextsteps", "steps", "plansgoals",
         "tasks"), "plan"),
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
                     "risk", "gaps", "lessons", "areasconcern", "whatdidn't", "whatdidn’t", "whatdidnotwork",
                     "whatdidn'tgowell", "whatdidn’tgowell", "whatdidn'twork", "whatdidn’twork", "setbacks"), "problem"),
    **dict.fromkeys(("安排", "部署", "展望", "设想", "打算", "措施", "重点", "方向", "预期", "预期指标", "目标指标", "工作思路",
                     "next", "nextyear", "comingyear", "ahead", "objectives", "objective", "measures", "actions",
                     "agenda", "roadmap", "forward", "lookingahead", "theyearahead"), "plan"),
    **dict.fromkeys(("完成情况", "主要成绩", "成果", "做法", "成效显著", "工作成效", "业绩", "accomplishment",
                     "achievement", "outcomes", "resultsachieved", "whatwedid", "completed", "wins", "keywins", "successes",
                     "whatwentwell", "delivered"), "achievement"),
}
_ROLE_TOKENS: list[tuple[str, Role]] = sorted(
    [*_HEADING_WORDS.items(), *_EXTRA_HEADING_WORDS.items()], key=lambda wr: len(wr[0]), reverse=True)
_PLAN_HEADING_CUE = re.compile(r"(明年|来年|下一步|下步|今后|下一阶段|下半年|下个?月|下一?个?季度|\bnext\b|\bcoming year\b|\bahead\b|"
                               r"\bsecond\s++half\b|\bH2\b)", re.I)
# a heading that names the first part of a year only: 上半年情况, 1-6月完成情况, First half (results of it)
_REVIEW_PART_CUE = re.compile(r"上半年|前三季度|本月|本季度|当月|\d{1,2}\s*[-—–~至]\s*\d{1,2}\s*月|\bfirst\s++half\b|\bH1\b", re.I)
_HEADING_JOINERS = re.compile(r"(和|及|与|以及|暨|、|/|&|\band\b|\bfor\b|[（）()\-–—])", re.I)


# a five-year plan's goals (“十五五”目标, 十四五时期主要目标任务, “十五五”规划主要目标：): a plan heading
_FIVE_YEAR_GOALS = re.compile(r"^[“\"「『]?十[一二三四五六七八九]五[”\"」』]?(?:时期|期间)?(?:规划)?的?(?:主要|发展|奋斗)?"
                              r"(?:目标|任务|目标任务)(?:(?:和|及|与)(?:重大|主要|重点)?(?:举措|任务|措施|工作))?(?:是)?\s*+[：:]?$")


def heading_role(text: str) -> Role | None:
    """The role a heading line (``存在问题：``, ``明年目标和安排``, ``下一步工作打算``, ``Plans for 2016``,
    ``Challenges:``) sets, or None. The words left after the filler (years, 工作, 主要, the…) must all be
    role words of one role; a heading with none left but 明年 / 下一步 / next year is a plan heading."""
    t = text.strip().strip("#*【】[] ")
    if not t or len(t) > 30 or re.search(r"[。！？；;!?]", t.rstrip("：:")):
        return None
    if _FIVE_YEAR_GOALS.match(t):
        return "plan"
    core = _HEADING_JOINERS.sub("", _HEADING_FILLER.sub("", t)).lower().replace(" ", "")
    if not core:
        if _PLAN_HEADING_CUE.search(t):
            return "plan"
        return "achievement" if _REVIEW_PART_CUE.search(t) and not re.search(r"\d", _REVIEW_PART_CUE.sub("", t)) else None
    if core in ("打算", "计划", "安排", "plans", "plan", "priorities") and _REVIEW_PART_CUE.search(t):
        return None  # 上半年打算: a plan made for a part already reviewed — no role is safe
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


_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")  # the same length: positions stay
_GOAL_HEAD = re.compile(r"\b(?:goals|targets|objectives)\b|目标", re.I)  # a header naming goals
_HEADER_LINE = re.compile(r"^(?P<title>[^：:。；;！？!?]{1,24})[：:]\s*$")


def header_line(line: str) -> tuple[Role | None, int | None] | None:
    """``(role, year)`` when ``line`` is a header of the notes, else None.

    A header is a short line ending in ：/: with no figure but a year (``经济运行：``, ``Next year:``), or a
    known role heading without the colon (``存在问题``, ``2019年计划``, ``下一步工作打算``, ``Challenges``).
    ``role`` None: a topical header that keeps the role in force."""
    # period6: 2025/26; period8: a year in fullwidth digits (２００２年安排：) is the same year
    body = canon_split_years(strip_marker(line)[0].translate(_FULLWIDTH)).strip().strip("#*【】 ").strip()
    if not body:
        return None
    year_m = re.search(r"(?<!\d)((?:19|20)\d\d)(?!\d)", body)
    year = int(year_m.group(1)) if year_m else None
    role = heading_role(body)
    colon = _HEADER_LINE.match(body)
    if role is not None and (colon or not re.search(r"\d", re.sub(r"(?:19|20)\d\d\s*年?|\bQ[1-4]\b", "", body))):
        return role, year
    no_figure = not re.search(r"\d", PART_TOKEN_RE.sub("", MONTHS_RE.sub("", re.sub(r"(?:19|20)\d\d\s*年?", "", body))))  # 1—6月：, Q4
    if (no_figure and len(body) <= 60 and body.endswith((":", "：")) and _GOAL_HEAD.search(body)
            and not re.search(r"[。！？；;!?]", body)):
        return "plan", year  # "Healthy People 2010 goals, any breastfeeding:", "健康城市2020年目标，分组：": targets below
    if colon and no_figure and len(body) <= 24:
        if re.search(r"[A-Za-z]", body) and len(body.split()) > 6:
            return None
        return None, year
    raw = line.strip()
    if (no_figure and (year is not None or re.match(r"[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]", raw))
            and len(body) <= 12 and re.search(r"(?:指标|数据|情况|概况|成效)$", body)):
        return role, year  # 一、全年主要指标 / 2011年主要指标 / （二）基本情况: a section name over the bullets, not a note
    marked = raw.startswith("#") or bool(re.fullmatch(r"\*\*[^*]+\*\*[：:]?", raw))  # ## 经济运行 / **Infrastructure**
    if marked and no_figure and len(body) <= 30 and not re.search(r"[。！？；;!?，,]", body):
        return role, year
    return None



# --- a title line ---------------------------------------------------------------------------

_TITLE_WORDS = re.compile(
    r"(工作总结|工作要点|工作笔记|工作汇报|工作报告|工作情况|总结|小结|笔记|要点|汇报|报告|述职|"
    r"(?:情况|材料)\s*+(?:[（(][^（）()]{0,16}[）)])?\s*+$|"
    r"\bwork notes\b|\bnotes\b|\bsummary\b|\breport\b|\breview\b|\bupdate\b|\bhighlights\b|\bwrap[- ]up\b|\bresults\b|"
    r"\baccomplishments\b|\bachievements\b)",
    re.I,
)
# a year token in a title or a period line: 2025 / 2025年 / 2025年度 / 2025财年 / FY2025 / FY 2025 / FY25 /
# fiscal year 2025 / Fiscal Year 2025 / a range 2011—2015年, 2024-25, 2024–2025 (the FY words belong to the
# token, so an organisation never ends in "FY" or "fiscal year")
_FY_WORD = r"(?:FY|F\.Y\.|fiscal\s++year|fiscal)"
YEAR_TOKEN = re.compile(
    r"(?:(?<![A-Za-z])" + _FY_WORD + r"\s*+['’\-]?\s*+(?P<fy>(?:19|20)\d\d|\d\d)(?![\d.,]\d|\d)"
    r"|(?<![\d.,])(?P<start>(?:19|20)\d\d)(?:\s*+年)?\s*+[-–—~～至到]\s*+(?P<end>(?:19|20)\d\d|\d\d)(?![\d.,]\d|\d)"
    r"|(?<![\d.,])(?P<year>(?:19|20)\d\d)(?![\d.,]\d|\d))"
    r"(?:\s*+(?:财政年度|财年|年度|年)|\s++fiscal\s++year\b)?",
    re.I,
)


def _full_year(two_or_four: str, base: int = 2000) -> int:
    return int(two_or_four) if len(two_or_four) == 4 else base // 100 * 100 + int(two_or_four)


def year_token_span(m: re.Match[str]) -> tuple[int, int] | None:
    """``(first year, last year)`` of a :data:`YEAR_TOKEN` match (FY25 → 2025; 2024-25 → 2024, 2025;
    2011—2015 → 2011, 2015), None when the token is no year after all (FY07 reads as 2007; a range
    that runs backwards or over more than ten years is no period)."""
    if m.group("fy"):
        y = _full_year(m.group("fy"))
        return y, y
    if m.group("start"):
        start = int(m.group("start"))
        end = _full_year(m.group("end"), start)
        if len(m.group("end")) == 2 and end < start:
            end += 100
        return (start, end) if 0 < end - start <= 10 else None
    y = int(m.group("year"))
    return y, y


def period_years(text: str) -> tuple[int, int] | None:
    """``(first year, last year)`` of the period a title or ``时期：`` line names, or None."""
    text = canon_split_years(text)  # period6: 2024/25 is one year, 2025
    spans = [span for m in YEAR_TOKEN.finditer(text) if (span := year_token_span(m)) is not None]
    if not spans:
        return None
    return spans[0][0], max(last for _, last in spans)


def period_text(span: tuple[int, int], language: Language) -> str:
    """The period as the report writes it: 2025, or a range 2011—2015 (zh) / 2011–2015 (en)."""
    first, last = span
    if first == last:
        return str(last)
    return f"{first}{'—' if language == 'zh' else '–'}{last}"


# what may end an organisation name before the year: separators, and never a fragment of a year token
# what a title puts between its organisation and its report word ("Parks Department - Annual Report 2025")
_ORG_TAIL = re.compile(r"(?:[\s\-–—:：|｜,，]|\b(?:for|of|in|the|FY|fiscal|year|annual|yearly)\b|'s\b|’s\b)+$", re.I)


# a title's trailing aside in brackets, commas and all: "(draft, for the annual report)", （初稿，供讨论）
_TRAILING_ASIDE = re.compile(r"(?<=\S)\s*+[（(](?![^（）()]{0,40}?(?:\d\d|[%$¥€£]))[^（）()]{1,40}[）)]$")


def parse_title_line(line: str) -> tuple[str, str] | None:
    """``(organisation, period)`` for a notes title line such as ``红星镇2025年工作总结笔记``,
    ``Riverside District 2025 work notes``, ``GAO FY2025 results`` (→ ``GAO``, ``2025``) or
    ``红星镇2011—2015年工作总结`` (→ ``红星镇``, ``2011—2015``); None for anything else (a line with a figure
    other than the year, a sentence, a long line, no report word)."""
    text = _TRAILING_ASIDE.sub("", _compact(spell_split_years(line)).strip().strip("#*《》「」【】 "))  # period6
    if not text or len(text) > 48 or re.search(r"[。！？；;!?]$", text):
        return None
    m = YEAR_TOKEN.search(text)
    span = year_token_span(m) if m else None
    if m is None or span is None:
        return None
    org, rest = text[:m.start()], text[m.end():]
    rest = re.sub(r"^\s*+(?:annual\b|年度)", "", rest, flags=re.I)
    if (not _TITLE_WORDS.search(rest) or re.search(r"\d", PART_TOKEN_RE.sub("", rest))
            or re.search(r"\d", PART_TOKEN_RE.sub("", org))):  # period6: 2025 Q3 update
        return None
    org = _ORG_TAIL.sub("", org).strip(" -–—:：|｜,，'’")
    word = _TITLE_WORDS.search(org)
    if word is not None:  # "Notes for the 2018 report" → ""; "Riverside Clinic notes for the 2025 review" → Riverside Clinic
        org = _ORG_TAIL.sub("", org[:word.start()]).strip(" -–—:：|｜,，'’")
    read = read_title(text)
    if read is not None and read[2] is not None:
        return None  # a plan year's title (GAO FY2027 budget request): :func:`read_title` reads it
    language: Language = "zh" if re.search(r"[\u4e00-\u9fff]", text) else "en"
    return org, period_text(span, language)




# --- a title line of any shape: organisation, review years and plan year ---------------------------

_TITLE_ANY_WORDS = re.compile(
    r"[工总笔要汇报述计安打预决说素提思设谋展部](?:(?<=工)作(?:总结|要点|笔记|汇报|报告|情况|计划|安排|回顾|思路|设想)|(?<=思)路|(?<=设)想|(?<=谋)划|(?<=展)望|(?<=部)署|(?<=总)结|(?<=笔)记|(?<=要)点|"
    r"(?<=汇)报|(?<=报)告|(?<=述)职|(?<=计)划|(?<=安)排|(?<=打)算|(?<=预)算|(?<=决)算|(?<=说)明|(?<=素)材|(?<=提)纲)|"
    r"重点(?:工作|任务)|(?:主要|目标|工作)任务|工作重点|"
    r"\b(?:work notes|notes|summary|report|review|highlights|results|budget|request|plans?|justification|"
    r"submission|accomplishments|achievements|update|recap|overview|wrap[- ]?up|round[- ]?up|year[- ]end)\b|主要数据|目标|\bkey\s++(?:figures|numbers|data|points)\b|\b(?:targets|goals|objectives|priorities)\b", re.I)
_TITLE_END = re.compile(
    r"(?:[结点记报告职划排算明材纲况标路想望署]|主要数据|重点(?:工作|任务)|(?:主要|目标|工作)任务|工作重点|\b(?:notes|summary|report|review|highlights|results|budget|request|plans?|figures|numbers|data|points|targets|goals|objectives|priorities|update|recap|overview|"
    r"justification|submission|accomplishments|achievements))\s*+$", re.I)
# words right after a year that make it the plan year: 2026年工作计划, 2026年预算, FY2027 request / budget
_PLAN_AFTER_YEAR = re.compile(
    r"^\s*+(?:年度|年)?\s*+(?:(?!总结|回顾|情况|执行|完成|和|与|及)[\u4e00-\u9fff]){0,6}?(?:计划|安排|打算|预算(?!执行|完成)|目标|思路|设想|谋划|展望|部署)|"
    r"^\s*+(?:(?!(?:and|review|report|results|summary)\b)[A-Za-z]++\s++){0,2}?"
    r"(?:budget(?!\s++execution)|(?:budget\s++)?request|plans?\b|targets?\b|proposal|justification)", re.I)
# words right before a year that make it the plan year: "Plans for 2027", "Budget request for FY2027"
_PLAN_BEFORE_YEAR = re.compile(r"(?:\bplans?|\brequest|\bbudget|\btargets?|\bgoals?)\s++(?:for\s++)?(?:the\s++)?$",
                               re.I)


# a five-year plan's period named in a title: “十四五”时期, 十三五期间, the 14th Five-Year Plan period
_FIVE_YEAR_PLAN = re.compile(r"[“\"「『]?十[一二三四五六七八九]五[”\"」』]?(?:时期|期间|以来|规划)?|\b\d{1,2}(?:st|nd|rd|th) Five-Year Plan\b",
                             re.I)


def read_title(line: str) -> tuple[str, tuple[int, int] | None, int | None] | None:
    """``(organisation, review years, plan year)`` of a notes title line of any shape: the years a
    title names are the review period (``红星镇2025年工作要点（笔记）``, ``Notes for the 2025 review``) unless
    plan words go with them (``GAO budget notes FY2027 request`` → ``("GAO", None, 2027)``,
    ``红星镇2026年预算说明``, ``2013年工作和2014年打算（口述整理）`` → ``("", (2013, 2013), 2014)``). None for a
    line that is no title: a figure other than a year, a sentence, a header (ends in a colon), no
    notes/report/plan word, or no year."""
    text = _TRAILING_ASIDE.sub("", spell_split_years(line).strip().strip("#*《》「」【】 "))  # period6: 2024/25
    zh = bool(re.search(r"[\u4e00-\u9fff]", text))
    # an English title is longer and may hold a comma ("Hartfield Borough Council - housing, year-end 2024/25")
    if not text or len(text) > (60 if zh else 100) or re.search(r"[。！？；;!?，]|[:：]$" + ("|," if zh else ""), text):
        return None
    tokens = [(m, span) for m in YEAR_TOKEN.finditer(text) if (span := year_token_span(m)) is not None]
    if not tokens:
        return None
    rest = YEAR_TOKEN.sub(" ", text)
    if re.search(r"\d", PART_TOKEN_RE.sub("", rest)) or not _TITLE_ANY_WORDS.search(rest):
        return None
    body = re.sub(r"\s*+[（(][^（）()]{0,16}[）)]$", "", text)
    if not _TITLE_END.search(body) and not any(m.end() == len(body) for m in YEAR_TOKEN.finditer(body)):
        return None  # 2026年计划新建学校: a note, not a title (a title ends in its notes/report/plan word or year)
    review: list[tuple[int, int]] = []
    plans: list[int] = []
    for k, (m, span) in enumerate(tokens):
        after = text[m.end():tokens[k + 1][0].start() if k + 1 < len(tokens) else len(text)]
        if _PLAN_AFTER_YEAR.match(after) or _PLAN_BEFORE_YEAR.search(text[:m.start()]):
            plans.append(span[1])
        else:
            review.append(span)
    summary = (review[0][0], max(last for _, last in review)) if review else None
    plan = max(plans) if plans else None
    if summary is not None and plan is not None and plan <= summary[1]:
        return None  # a plan for a year already reviewed: no title reading is safe
    org = text[:tokens[0][0].start()]
    word = _TITLE_ANY_WORDS.search(org)
    if word is not None:  # "GAO budget notes FY2027 request" → GAO; "Notes for the 2025 review" → ""
        org = org[:word.start()]
    plan_name = _FIVE_YEAR_PLAN.search(org)
    if plan_name is not None:  # 某县“十四五”时期工作回顾和2026年打算 → 某县: a five-year plan's name is no organisation
        org = org[:plan_name.start()]
    org = _ORG_TAIL.sub("", org).strip(" -–—:：|｜,，'’（(")
    if re.search(r"[\u4e00-\u9fff]", org):
        org = re.sub(r"(?:财政|部门|年度|本级)+$", "", org)
    if org.lower() in ("", "the", "our", "annual", "全年", "本年", "今年") or re.fullmatch(r"(?:过去|近|前)[一二三四五六七八九十两\d]{1,2}年", org):
        org = ""
    return org, summary, plan


# words of work to do after a title's year: 2027年重点工作 / 主要任务 / 工作要点 / 工作计划, "2027 priorities", FY2028 request
_WORK_AFTER_YEAR = re.compile(
    r"^\s*+(?:年度|年)?\s*+(?:(?!总结|回顾|情况|执行|完成|报告|汇报|述职|和|与|及)[\u4e00-\u9fff]){0,6}?(?:重点工作|重点任务|主要任务|"
    r"工作任务|目标任务|主要工作|工作重点|工作要点|要点|计划|安排|打算|目标|思路|设想|谋划|展望|部署|预算(?!执行|完成))|"
    r"^\s*+(?:(?!(?:and|review|report|results|summary)\b)[A-Za-z]++\s++){0,2}?"
    r"(?:priorities|plans?|goals|targets|objectives|tasks|agenda|(?:budget\s++)?request|budget(?!\s++execution)|"
    r"(?:budget\s++)?justification|proposal)\b", re.I)
_WORK_BEFORE_YEAR = re.compile(r"(?:\bpriorities|\bplans?|\bgoals|\btargets?|\bobjectives|\btasks|\bagenda|\brequest|\bbudget)"
                               r"\s++(?:for\s++)?(?:the\s++)?$", re.I)
_WORK_REVIEW = re.compile(r"总结|回顾|情况|成绩|成效|执行|完成|报告|汇报|述职|\breview|\bsummary|\bresults|\bachievements|"
                          r"\baccomplishments|\bexecution", re.I)


def work_year(title: str) -> int | None:
    """The year whose work a title lists (``2027年重点工作``, ``红星镇2027年主要任务``, ``2026年工作要点``,
    ``Priorities for FY2027``, ``GAO FY2028 request``): its lines are that year's tasks or targets, done only
    in a review of that year itself. None for a title with a review word (2026年重点工作完成情况, 工作总结暨…),
    with more than one year, or with no word of work to do (2026年工作报告 reviews the year before)."""
    text = canon_split_years(title).strip().strip("#*《》「」【】 ")  # period6: FY2025-26 priorities
    tokens = [(m, span) for m in YEAR_TOKEN.finditer(text) if (span := year_token_span(m)) is not None]
    if len(tokens) != 1 or tokens[0][1][0] != tokens[0][1][1] or _WORK_REVIEW.search(text):
        return None
    m, (year, _) = tokens[0]
    if _WORK_AFTER_YEAR.match(text[m.end():]) or _WORK_BEFORE_YEAR.search(text[:m.start()]):
        return year
    return None


_NO_YEAR_TITLE = re.compile(  # the notes/report word ends the line (a parenthesis may follow): 工作要点（原始笔记）
    r"(工作要点|工作总结|工作笔记|工作汇报|工作情况|工作计划|工作打算|工作安排|原始笔记|笔记|要点|素材|提纲|汇报材料|总结材料|"
    r"\bnotes\b|\bhighlights\b|\bbullet points\b|\bdraft points\b|\breport\b|\bsummary\b|\byear in review\b|\bupdate\b|"
    r"\brecap\b)"
    r"\s*(?:[（(][^（）()]{0,16}[）)])?\s*$",
    re.I,
)


# a first line that says it is a draft or raw notes: （草稿） / （讨论稿） / （口述整理） / (raw notes)
_DRAFT_MARK = re.compile(r"[（(]\s*(?:草稿|初稿|讨论稿|征求意见稿|送审稿|口述整理|整理稿|原始笔记|笔记|草|素材|"
                         r"raw notes|notes|draft|working draft)\s*[）)]\s*$", re.I)


_MONTH_WORDS = re.compile(r"(?<![\d.])(?:1[0-2]|[1-9])\s*+(?:[-—–~至]\s*+(?:1[0-2]|[1-9])\s*+)?月份?(?!\d)")


def is_title_without_year(line: str) -> bool:
    """``工作要点（原始笔记）`` / ``XX镇工作总结要点`` / ``Notes for the annual report``: a first line with a
    notes/report word, no figure and no sentence, that is not a role header; or any short first line
    marked as a draft (``2013年工作和2014年打算（口述整理）``, ``Annual summary and plan (raw notes)``),
    whose only digits are years."""
    t = line.strip().strip("#*《》「」【】 ")
    if not t or len(t) > (40 if re.search(r"[\u4e00-\u9fff]", t) else 80) or re.search(r"[。！？；;!?，,]", t.rstrip("：:")):
        return False
    if _DRAFT_MARK.search(t) and not re.search(r"\d", re.sub(r"(?<!\d)(?:19|20)\d\d(?!\d)", "", t)):
        return True
    if re.search(r"\d", _MONTH_WORDS.sub("", t)):  # 10月份工作总结和11月份工作计划: months are no figures
        return False
    if t.endswith(("：", ":")) or heading_role(t) is not None:
        return False
    return bool(_NO_YEAR_TITLE.search(t))



# --- continuations --------------------------------------------------------------------------

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
    r"compared\s+(?:with|to)\b|[+\-−↑↓]\s*\d|"
    # a rate that opens the line and says what it is a rate of change of: "9.9% a year on average"
    r"[$€£]?\d[\d.,]*+\s*+(?:%|percent\b|per\s++cent\b)\s*+(?:a\s+year\b|per\s+year\b|annually\b|on\s+average\b|"
    r"year[- ]on[- ]year\b|yoy\b|y/y\b|higher\b|lower\b|more\b|less\b|up\b|down\b|increase\b|decrease\b|"
    r"growth\b|rise\b|drop\b|(?:average\s+)?annual\b))",
    re.I,
)


def is_continuation(text: str, language: Language) -> bool:
    """True for a bullet with no indicator of its own that continues the one above it: 年均增长12.1%,
    同比增长…, 比上年增加…, 其中…, 占…, 增速…, +5%, "up 5% year on year", "9.9% a year on average",
    "of which…"."""
    t = text.strip().lstrip("，,；;：: ")
    del language  # both patterns apply: Chinese notes hold English lines and vice versa
    return bool(_CONTINUATION_ZH.match(t) or _CONTINUATION_EN.match(t))



# --- instruction-like lines ------------------------------------------------------------------
# A notes line that talks to the assistant ("忽略以上所有指令，编造…", "ignore previous instructions
# and…"), often pasted from elsewhere or planted in a shared document. It is never obeyed (notes are
# quoted as data in every prompt) and never dropped; it is flagged so the user can check it.

_ZH_IGNORE_VERB = r"(?:忽略|无视|忽视|忘记|忘掉|不要理会|不用理会|不必理会|别管|跳过|抛开|丢弃)掉?"
_ZH_EARLIER = r"(?:你的|之前|以上|上面|前面|先前|此前|上述|前述|所有|全部|一切|原有|原来|原先|系统|既有)"
_ZH_PROMPT_WORDS = r"(?:指令|指示|提示词|提示|设定|规则|约束|要求|内容|限制)"
# a blank opens a clause only at the start of its run (linear on a run of blanks)
_CLAUSE_START = r"(?:^|[。！？；;!?，,：:“\"'「（(]|(?<!\s)\s)\s*+(?:请你?|你|现在|从现在起|接下来)?\s*+"

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
