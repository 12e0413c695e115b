"""The report's outline: sections derived from the notes and the retrieved example reports.

Default Chinese structure (工作总结暨工作安排)::

    一、2025年工作总结        topical subsections （一）（二）… grouped from the achievement items
    二、存在的问题            problem items (omitted when the notes hold none)
    三、2026年工作安排        （一）主要目标 (targets) then （二）重点举措 (measures)

English: "Summary of 2025" / "Challenges" / "Plan for 2026". Every content note item is assigned to
exactly one leaf section; metadata items (organisation, period, author) go to the title.

Other structures (asked for in chat) are :class:`OutlineOptions`; :func:`parse_structure_request`
reads them from a chat message ("分成四部分", "不要问题部分", "按季度", "no challenges section",
"sections: A; B; C").
"""

from __future__ import annotations

import datetime as _dt
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from assistant.documents import Hit, Language
from assistant.genres import ANNUAL, DEFAULT_GENRE, ReportType, get_genre
from assistant.notes import NoteItem, Notes, Role, note_years, period_label, placeholder_labels, plan_label
from assistant.periods import stated_years

log = logging.getLogger(__name__)

SectionKind = Literal["summary", "problems", "plan", "targets", "measures", "topic", "custom"]
ProblemsMode = Literal["section", "merge"]

ZH_TOP = "一二三四五六七八九十"


def zh_number(n: int) -> str:
    """1 → 一, 12 → 十二 (for headings up to 99)."""
    if n <= 10:
        return ZH_TOP[n - 1]
    tens, ones = divmod(n, 10)
    return (ZH_TOP[tens - 1] if tens > 1 else "") + "十" + (ZH_TOP[ones - 1] if ones else "")


@dataclass
class OutlineSection:
    """A section of the outline. Leaves carry note item ids; parents carry children."""

    section_id: str
    title: str
    kind: SectionKind
    level: int  # 1 = 一、 / 2 = （一）
    note_items: list[str] = field(default_factory=list)
    children: list[OutlineSection] = field(default_factory=list)
    number: int = 1
    # continuation items (年均增长… / 同比增长…) placed with their head in this leaf: they are written
    # inside the head's sentence (``NoteItem.prompt_text``), so they are not separate ``note_items``
    attached: list[str] = field(default_factory=list)
    locked: bool = False  # the user locked this heading's wording (kept when the outline is rebuilt)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.section_id, "title": self.title, "kind": self.kind, "level": self.level,
                "locked": self.locked, "items": list(self.note_items), "attached": list(self.attached),
                "children": [c.to_json() for c in self.children]}

    def heading(self, language: Language) -> str:
        """The numbered heading text, e.g. 一、2025年工作总结 / （一）经济运行 / 1. Summary of 2025."""
        if language == "zh":
            return f"{zh_number(self.number)}、{self.title}" if self.level == 1 else \
                f"（{zh_number(self.number)}）{self.title}"
        return f"{self.number}. {self.title}" if self.level == 1 else f"({self.number}) {self.title}"

    def leaves(self) -> list[OutlineSection]:
        if not self.children:
            return [self]
        return [leaf for c in self.children for leaf in c.leaves()]


YearLabel = int | str  # a year, or the visible placeholder (【年份】 / [year]) when the notes give none

YEAR_PLACEHOLDER: dict[str, tuple[str, str]] = {"zh": ("【年份】", "【下一年份】"), "en": ("[year]", "[next year]")}


@dataclass
class Outline:
    title: str
    language: Language
    sections: list[OutlineSection]
    summary_year: YearLabel
    plan_year: YearLabel
    title_items: list[str] = field(default_factory=list)  # metadata note items used in the title
    example_sections: list[str] = field(default_factory=list)  # example headings that shaped it
    year_missing: bool = False  # the notes give no year: headings carry YEAR_PLACEHOLDER, never a guess
    genre: str = DEFAULT_GENRE  # the report type (assistant.genres) that named the parts

    def leaves(self) -> list[OutlineSection]:
        return [leaf for s in self.sections for leaf in s.leaves()]

    def walk(self) -> list[OutlineSection]:
        out: list[OutlineSection] = []
        for s in self.sections:
            out.append(s)
            out.extend(s.children)
        return out

    def assigned_items(self) -> list[str]:
        return [i for leaf in self.leaves() for i in (*leaf.note_items, *leaf.attached)]

    def to_json(self) -> dict[str, Any]:
        """The outline as plain data (read back by :func:`assistant.outline_edit.outline_from_json`)."""
        return {"title": self.title, "language": self.language, "summary_year": self.summary_year,
                "plan_year": self.plan_year, "year_missing": self.year_missing,
                "title_items": list(self.title_items), "sections": [s.to_json() for s in self.sections],
                "genre": self.genre}

    def find(self, section_id: str) -> OutlineSection:
        for s in self.walk():
            if s.section_id == section_id:
                return s
        raise KeyError(section_id)


@dataclass(frozen=True)
class OutlineOptions:
    """Structure choices. ``custom_titles`` replaces the top-level structure entirely."""

    problems: ProblemsMode = "section"
    custom_titles: tuple[str, ...] = ()
    parts: int | None = None  # 2, 3 or 4 top-level parts
    group_by: Literal["topic", "quarter", "none"] = "topic"
    genre: str = DEFAULT_GENRE  # the report type (assistant.genres): its parts, titles, openings


# --- topics ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Topic:
    key: str
    zh_title: str
    en_title: str
    words: tuple[str, ...]


TOPICS: tuple[Topic, ...] = (
    Topic("economy", "经济运行稳中有进", "Economy and finances",
          ("生产总值", "GDP", "财政", "税收", "预算收入", "经济", "增加值", "社会消费品", "零售", "外贸",
           "进出口", "revenue", "budget", "economy", "economic", "sales", "profit", "income", "tax")),
    Topic("projects", "项目建设扎实推进", "Projects and investment",
          ("项目", "固定资产投资", "投资", "招商", "开工", "竣工", "签约", "到位资金", "project", "investment",
           "invest", "construction", "contract")),
    Topic("industry", "产业结构持续优化", "Industry and business",
          ("工业", "产业", "企业", "服务业", "旅游", "商贸", "园区", "电商", "物流", "规模以上", "制造",
           "industry", "industrial", "business", "company", "companies", "tourism", "manufactur", "logistics",
           "customers", "market", "product")),
    Topic("agriculture", "农业农村稳步发展", "Agriculture and rural areas",
          ("农业", "农村", "农田", "粮食", "牧", "乡村", "种植", "养殖", "农民", "农户", "耕地", "温室", "大棚",
           "蔬菜", "果树", "林业", "渔", "畜", "farm", "rural",
           "agricultur", "crop", "livestock")),
    Topic("urban", "城乡面貌持续改善", "Infrastructure and urban development",
          ("城市", "城区", "道路", "棚户", "管网", "供热", "供水", "绿化", "公里", "改造", "住房", "基础设施",
           "road", "housing", "infrastructure", "urban", "water supply")),
    Topic("welfare", "民生福祉不断增进", "Public services and welfare",
          ("民生", "就业", "失业", "教育", "医疗", "养老", "社保", "低保", "扶贫", "学校", "卫生", "文化", "居民收入",
           "可支配收入", "救助", "健康", "体育", "employment", "clinic", "hospital", "jobs", "hired", "staff", "school", "education",
           "health", "welfare", "training", "pension")),
    Topic("environment", "生态环境持续向好", "Environment",
          ("生态", "环境", "环保", "污染", "节能", "减排", "植树", "造林", "空气", "碳", "environment",
           "emission", "energy", "pollution", "green", "carbon")),
    Topic("party", "党的建设全面加强", "Organisation and governance",
          ("党建", "党员", "党组织", "党委", "廉政", "作风", "纪律", "从严治党", "理论学习", "干部", "支部",
           "governance", "audit", "compliance", "integrity")),
    Topic("safety", "社会治理扎实有效", "Safety and social governance",
          ("安全", "稳定", "信访", "治理", "法治", "平安", "应急", "消防", "safety", "security", "emergency")),
)
OTHER_TOPIC = Topic("other", "其他各项工作", "Other work", ())


def topic_of(text: str) -> Topic:
    """The first topic whose words occur most often in ``text``; :data:`OTHER_TOPIC` if none."""
    low = text.lower()
    best, best_score = OTHER_TOPIC, 0
    for topic in TOPICS:
        score = sum(1 for w in topic.words if w.lower() in low)
        if score > best_score:
            best, best_score = topic, score
    return best


_QUARTER_RE: tuple[tuple[int, re.Pattern[str]], ...] = tuple(
    (q, re.compile(p, re.I))
    for q, p in (
        (1, r"(一季度|第一季度|\bQ1\b|[1一]至[3三]月|[1一]-[3三]月|first quarter)"),
        (2, r"(二季度|第二季度|\bQ2\b|[4四]至[6六]月|[4四]-[6六]月|second quarter)"),
        (3, r"(三季度|第三季度|\bQ3\b|[7七]至[9九]月|[7七]-[9九]月|third quarter)"),
        (4, r"(四季度|第四季度|\bQ4\b|10至12月|10-12月|fourth quarter)"),
    )
)


def quarter_of(text: str) -> int | None:
    for q, pattern in _QUARTER_RE:
        if pattern.search(text):
            return q
    return None


_TARGET_RE = re.compile(r"(目标|力争|预期|左右|以上|不低于|控制在|确保|target|goal|aim|at least|around)", re.I)


_MEASURE_START = re.compile(
    r"^(?:(?:计划|拟|将|要|准备|继续)\s*)?(?:新建|建设|建成|修建|改造|实施|推进|开展|启动|加快|打造|培育|引进|"
    r"举办|组织|完善|创建|新增建设)|^(?:plan(?:s|ned)? to|will|to)?\s*(?:build|open|launch|repair|renovate|"
    r"introduce|hire|run|expand|upgrade|roll out|set up|complete)\b",
    re.I,
)


def is_target(item: NoteItem) -> bool:
    """A plan item that states a target (target words, or an indicator with a figure) rather than a
    measure (an action such as ``计划新建村级养老服务站5个`` / ``Plan to build 2 schools``, even with a
    figure)."""
    if _TARGET_RE.search(item.text):
        return True
    return bool(item.figures) and not _MEASURE_START.search(item.prompt_text.strip())


# --- titles from examples ------------------------------------------------------------------------

_MARK = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|第[一二三四五六七八九十]+部分[、:：\s]*|\d+[.、．]\s*|"
                   r"[（(][一二三四五六七八九十\d]+[）)]|#+\s*)")


def _example_top_titles(hits: Sequence[Hit]) -> list[str]:
    titles: list[str] = []
    for h in hits:
        top = h.chunk.section.split(" > ")[0].strip()
        top = _MARK.sub("", top).strip()
        if top and top not in titles:
            titles.append(top)
    return titles


# --- building ------------------------------------------------------------------------------------

def _group_summary(items: list[NoteItem], language: Language, group_by: str,
                   parent_id: str, genre: ReportType = ANNUAL) -> list[OutlineSection]:
    """Subsections of the summary part (empty when one group would hold everything)."""
    if group_by == "none" or not items:
        return []
    groups: dict[str, list[NoteItem]] = {}
    titles: dict[str, str] = {}
    order: list[str] = []
    if group_by == "quarter":
        for it in items:
            q = quarter_of(it.text)
            key = f"q{q}" if q else "q0"
            groups.setdefault(key, []).append(it)
        order = sorted(groups, key=lambda k: (k == "q0", k))
        for k in order:
            q = int(k[1:])
            if language == "zh":
                titles[k] = f"第{zh_number(q)}季度" if q else "全年综合"
            else:
                titles[k] = f"Quarter {q}" if q else "Full year"
    else:
        for it in items:
            t = topic_of(it.text + " " + it.prompt_text)
            groups.setdefault(t.key, []).append(it)
            titles[t.key] = genre.topic_title(t.key, language, t.zh_title if language == "zh" else t.en_title)
        rank = {t.key: n for n, t in enumerate((*TOPICS, OTHER_TOPIC))}
        order = sorted(groups, key=lambda k: rank[k])
    if len(order) < 2:
        return []
    return [
        OutlineSection(f"{parent_id}.{n}", titles[k], "topic", 2, [i.item_id for i in groups[k]], number=n)
        for n, k in enumerate(order, start=1)
    ]


def make_outline(
    notes: Notes,
    hits: Sequence[Hit] = (),
    options: OutlineOptions | None = None,
    *,
    today: _dt.date | None = None,
) -> Outline:
    """Build the outline for ``notes``; ``hits`` (retrieved example passages) shape the titles."""
    options = options or OutlineOptions()
    del today  # a missing year is never taken from the calendar: it is left as a visible placeholder
    language = notes.language
    stated, stated_plan = note_years(notes)
    year: YearLabel
    plan_year: YearLabel
    if stated is None or stated_plan is None:
        year, plan_year = placeholder_labels(notes, *YEAR_PLACEHOLDER["zh" if language == "zh" else "en"])
    else:  # a five-year review (2011—2015年) keeps its span in the titles
        year, plan_year = period_label(notes) or stated, plan_label(notes) or stated_plan
    examples = _example_top_titles(hits)
    genre = get_genre(options.genre)
    titles = genre.part_titles(language, year, plan_year, examples)
    heads = [i for i in notes.items if i.continues is None]  # continuations travel with their head
    achievements = [i for i in heads if i.role == "achievement"]
    problems = [i for i in heads if i.role == "problem"]
    plans = [i for i in heads if i.role == "plan"]
    if stated is not None:  # placement by period: a line that only speaks of later years is a plan
        later = [i for i in achievements if _later_only(i, stated)]
        if later:
            achievements = [i for i in achievements if i not in later]
            order = {i.item_id: n for n, i in enumerate(notes.items)}
            plans = sorted([*plans, *later], key=lambda i: order[i.item_id])
    outline = Outline(
        title=genre.report_title(notes.metadata.get("organisation", "").strip(), language, year, plan_year),
        language=language,
        sections=[],
        summary_year=year,
        plan_year=plan_year,
        title_items=[i.item_id for i in notes.by_role("metadata")],
        example_sections=examples,
        year_missing=stated is None,
        genre=genre.name,
    )
    if options.custom_titles:
        outline.sections = _custom_sections(options.custom_titles, notes)
        _attach_continuations(outline, notes)
        return outline

    parts = options.parts or genre.parts
    problems_mode: ProblemsMode = options.problems
    if parts == 2:
        problems_mode = "merge"
    sections: list[OutlineSection] = []

    summary = OutlineSection("s1", titles["summary"], "summary", 1)
    summary_items = list(achievements)
    summary.children = _group_summary(summary_items, language, options.group_by, summary.section_id, genre)
    if not summary.children:
        summary.note_items = [i.item_id for i in summary_items]
    if problems and problems_mode == "merge":
        merged_ids = [i.item_id for i in problems]
        if summary.children:
            summary.children.append(
                OutlineSection(f"s1.{len(summary.children) + 1}", titles["merged"], "problems", 2,
                               merged_ids, number=len(summary.children) + 1))
        elif summary.note_items:
            summary.children = [
                OutlineSection("s1.1", titles["results"], "topic", 2,
                               summary.note_items, number=1),
                OutlineSection("s1.2", titles["merged"], "problems", 2, merged_ids, number=2),
            ]
            summary.note_items = []
        else:
            summary.note_items = merged_ids
    if summary.note_items or summary.children or not (problems or plans):
        sections.append(summary)
    if problems and problems_mode == "section":
        sections.append(OutlineSection("s2", titles["problems"], "problems", 1,
                                       [i.item_id for i in problems]))
    if plans:
        targets = [i for i in plans if is_target(i)]
        measures = [i for i in plans if not is_target(i)]
        if parts == 4:
            t_title, m_title = titles["targets_part"], titles["measures_part"]
            if targets:
                sections.append(OutlineSection("s3", t_title, "targets", 1, [i.item_id for i in targets]))
            if measures:
                sections.append(OutlineSection("s4", m_title, "measures", 1, [i.item_id for i in measures]))
        else:
            plan = OutlineSection("s3", titles["plan"], "plan", 1)
            if targets and measures:
                plan.children = [
                    OutlineSection("s3.1", titles["targets"], "targets", 2, [i.item_id for i in targets], number=1),
                    OutlineSection("s3.2", titles["measures"], "measures", 2, [i.item_id for i in measures],
                                   number=2),
                ]
            else:
                plan.note_items = [i.item_id for i in targets + measures]
            sections.append(plan)
    for n, s in enumerate(sections, start=1):
        s.number = n
    outline.sections = sections
    _attach_continuations(outline, notes)
    return outline


def _later_only(item: NoteItem, year: int) -> bool:
    """True when every year the item states as its own period is after the summary ``year``."""
    years = stated_years(item.text)
    return bool(years) and min(years) > year


def _attach_continuations(outline: Outline, notes: Notes) -> None:
    """Each continuation item goes to its head's leaf (as ``attached``), beside its head."""
    by_id = {i.item_id: i for i in notes.items}
    for leaf in outline.leaves():
        leaf.attached = [c for h in leaf.note_items for c in by_id[h].continuations if c in by_id]


_CUSTOM_ROLE_WORDS: tuple[tuple[Role, re.Pattern[str]], ...] = (
    ("problem", re.compile(r"(问题|不足|困难|短板|挑战|风险|challenge|problem|issue|risk)", re.I)),
    ("plan", re.compile(r"(安排|计划|打算|思路|任务|目标|举措|下一步|明年|plan|target|goal|next|priorit)", re.I)),
)


def _custom_role(title: str) -> Role:
    for role, pattern in _CUSTOM_ROLE_WORDS:
        if pattern.search(title):
            return role
    return "achievement"


def _custom_sections(titles: Sequence[str], notes: Notes) -> list[OutlineSection]:
    """User-chosen top-level sections; each item goes to the best-matching one (role, then topic)."""
    sections = [
        OutlineSection(f"s{n}", t.strip(), "custom", 1, number=n) for n, t in enumerate(titles, start=1) if t.strip()
    ]
    roles = [_custom_role(s.title) for s in sections]
    topics = [topic_of(s.title) for s in sections]
    quarters = [quarter_of(s.title) for s in sections]
    for item in notes.content_items:
        item_topic = topic_of(item.text + " " + item.prompt_text)
        item_quarter = quarter_of(item.text)
        best, best_score = 0, -1
        for n in range(len(sections)):
            score = 0
            if roles[n] == item.role:
                score += 4
            elif roles[n] == "achievement" and item.role == "problem":
                score += 1
            if topics[n].key != "other" and topics[n].key == item_topic.key:
                score += 2
            if quarters[n] is not None and quarters[n] == item_quarter:
                score += 3
            if score > best_score:
                best, best_score = n, score
        sections[best].note_items.append(item.item_id)
    return sections


# --- structure requests from chat -------------------------------------------------------------------

_ZH_COUNT = {"两": 2, "二": 2, "三": 3, "四": 4, "2": 2, "3": 3, "4": 4}


def parse_structure_request(message: str) -> OutlineOptions | None:
    """Read a structure change from a chat message; None when the message asks for none.

    Recognised: "分成四部分" / "分三部分" / "two parts"; "不要问题部分" / "问题并入总结" / "no problems
    section" / "merge challenges into the summary" (problems merged into the summary's end);
    "按季度" / "by quarter"; "不分小节" / "no subsections"; an explicit list: "分成以下部分：A、B、C" /
    "sections: A; B; C".
    """
    text = message.strip()
    if not text:
        return None
    m = re.search(r"(?:部分|结构|章节|sections?|parts?|structure)\s*(?:(?:为|是|如下)\s*[:：]?|[:：])\s*(?P<list>.+)$",
                  text, re.I | re.S)
    if m:
        listed = m.group("list")
        raw = [t for t in re.split(r"\s*(?:[一二三四五六七八九十]+[、.．]|\d+[.、．)]|[（(][一二三四五六七八九十\d]+[）)])\s*",
                                   listed) if t.strip()]
        if len(raw) < 2:
            raw = re.split(r"[、;；,，/|\n]+", listed)
        titles = tuple(_MARK.sub("", t).strip().strip("。.") for t in raw if _MARK.sub("", t).strip().strip("。."))
        if len(titles) >= 2:
            return OutlineOptions(custom_titles=titles)
    opts = OutlineOptions()
    changed = False
    m = re.search(r"分(?:成|为)?\s*([两二三四234])\s*(?:个)?(?:部分|块|大部分)", text)
    m_en = re.search(r"\b(two|three|four|2|3|4)\s+(parts|sections)\b", text, re.I)
    if m or m_en:
        if m:
            n = _ZH_COUNT[m.group(1)]
        else:
            assert m_en is not None
            word = m_en.group(1).lower()
            n = {"two": 2, "three": 3, "four": 4}.get(word) or int(word)
        opts = replace(opts, parts=n)
        changed = True
    if re.search(r"(不要|去掉|删除|取消|不需要|不单列|不设|合并|并入|融入).{0,6}(问题|不足)|"
                 r"(问题|不足).{0,6}(并入|合并|融入|放到|放进)|"
                 r"\b(no|without|drop|remove|merge)\b.{0,20}\b(problems?|challenges?|issues?)\b", text, re.I):
        opts = replace(opts, problems="merge")
        changed = True
    if re.search(r"(单列|保留|加上|增加|单独).{0,6}(问题|不足)|\bwith\b.{0,10}\b(problems?|challenges?)\s+section",
                 text, re.I):
        opts = replace(opts, problems="section")
        changed = True
    if re.search(r"(按季度|分季度|by quarter|quarterly)", text, re.I):
        opts = replace(opts, group_by="quarter")
        changed = True
    if re.search(r"(不分小节|不要小节|不分小标题|no subsections)", text, re.I):
        opts = replace(opts, group_by="none")
        changed = True
    return opts if changed else None
