"""The offline writer: each section rendered from its note items with fixed sentence patterns (the
offline provider, and a fallback for what a model leaves out)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.documents import Language
from assistant.drafting.offline_en import lower_first, measure_sentences, summary_sentence, target_sentences
from assistant.drafting.offline_rows import RowCell, row_sentence, take_rows
from assistant.genres import get_genre
from assistant.notes import NoteItem, Notes
from assistant.outline import OutlineSection, is_target
from assistant.report_period import within_year, year_words
from assistant.textnorm import NUMERIC_TABLE

_MONEY_INDICATOR = re.compile(r"(投资|收入|总值|总额|产值|增加值|销售额|营业额|资金|税收|支出|零售额)$")
_ZH_ENDS = "。；;！？!?，,、：:"
_ORDINALS_ZH = "一二三四五六七八九十"
_ORDINALS_EN = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def _zh_clause(item: NoteItem, achieved: bool = True, whole: str = "全年") -> str:
    s = item.prompt_text.strip().rstrip(_ZH_ENDS)
    s = re.sub(r"^(?P<ind>[^：:，,]{2,16})(?<![0-9０-９])[：:]\s*", r"\g<ind>", s)  # 指标：值 → 指标值 (1:0.45 is a ratio)
    s = re.sub(r"(?<![A-Za-z0-9])\s+|\s+(?![A-Za-z0-9])", "", s)  # blanks go, except between Latin/digits: 急诊PCI 187台
    s = _ZH_SIGN_UP.sub("增加", s)  # 比去年+74人 → 比去年增加74人; 7.1天，↓0.6天 → 7.1天，减少0.6天
    s = _ZH_SIGN_DOWN.sub("减少", s)
    m = re.match(r"^(?P<ind>[\u4e00-\u9fff]{2,14}?)(?P<num>[0-9０-９])", s)
    if m:
        ind = m.group("ind")
        after = s[len(ind):]
        if ind.endswith("率"):
            s = f"{ind}为{after}"
        elif achieved and _ZH_AVERAGE.search(ind) and not _ZH_VERB.search(ind):
            s = f"{ind}为{after}"  # 人均可支配收入21560元 is a level, never 全年完成…; 平均住院日为7.1天
        elif (achieved and len(ind) >= 4 and _MONEY_INDICATOR.search(ind) and not _ZH_WHOLE_YEAR.match(ind)
              and not re.search(r"(完成|实现|达到|累计|共计)", ind) and not re.search(r"(达|为)$", ind)
              and not re.match(r"^[^，,；]*的", after)):
            s = f"{whole}完成{s}"
        elif achieved and _ZH_MEASURE_NOUN.search(ind) and not _ZH_VERB.match(ind):
            s = f"{ind}为{after}"  # 地产蔬菜产量9.2万吨 → 地产蔬菜产量为9.2万吨 (a value, no verb of its own)
        elif achieved and not _ZH_VERB.search(ind) and _ZH_COUNT.match(after):
            s = f"{ind}共{after}"  # 重点工业项目28个 → 重点工业项目共28个
    return s


# a sign that the notes type for a change (not a negative value): after 比去年/同比/环比, or an arrow after a comma
_ZH_SIGN_UP = re.compile(r"(?:(?<=比去年)|(?<=比上年)|(?<=较去年)|(?<=较上年)|(?<=同比)|(?<=环比)|(?<=[，,]))\s*+(?:↑|[+＋](?=[0-9０-９]))")
_ZH_SIGN_DOWN = re.compile(r"(?:(?<=比去年)|(?<=比上年)|(?<=较去年)|(?<=较上年)|(?<=同比)|(?<=环比))\s*+[-－−↓](?=[0-9０-９])|"
                           r"(?<=[，,])\s*+↓(?=[0-9０-９])")
_ZH_AVERAGE = re.compile(r"(?:人均|平均|可支配收入|纯收入)")
_ZH_WHOLE_YEAR = re.compile(r"^(?:全年|今年|本年|全区|全市|全县|全镇|全旗)")  # 全年融入资金: no second 全年完成
# an indicator that names a quantity (a value is stated with 为), and Chinese verbs that make a clause a sentence
_ZH_MEASURE_NOUN = re.compile(r"(?:产量|人数|人次|增速|增幅|比重|面积|吞吐量|总量|规模|总数|数量|指数|里程|长度|密度|"
                              r"存栏|出栏|单产|总产|销量|用量|储量)$")
_ZH_VERB = re.compile(r"(?:完成|实现|达到|新建|建成|实施|开工|引进|新增|改造|培训|安置|发放|解决|争取|落实|开通|打造|建设|创建|"
                      r"举办|签约|招商|累计|共计|培育|帮扶|种植|栽植|投入|修建|硬化|铺设|治理|整治|开展|办理|受理|化解|清理|"
                      r"拆除|征收|搬迁|救助|慰问|资助|扶持|吸纳|带动|接待|转移|输出|发展|融入|融资|增长|下降|增加|减少|提高|"
                      r"降低|获得|荣获|评为|列入|入选|超过|突破|缩减|压缩|精简|扩大|提升|上升|递增|递减|达|有|为|是|占|共|获|超|到|至|由|从)")
_ZH_COUNT = re.compile(r"^[0-9０-９][0-9０-９,，.．]*(?:余|多)?(?:个|条|家|所|座|项|处|户|栋|辆|架|名|台|套|间|批|支|场|次|片|只|头)"
                       r"(?:[，,；;]|$)")


def _en_clause(item: NoteItem) -> str:
    s = item.prompt_text.strip().rstrip(".;,")
    s = re.sub(r"^(?P<ind>[^:]{2,40}):\s*", r"\g<ind> ", s)
    return s


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


_ZH_PLAN_LEAD = re.compile(r"^(?:计划|拟|将要|将|准备|打算)\s*")
_ZH_COMMIT = re.compile(r"^(力争|确保|争取|努力|目标)")


def _lower_first(s: str) -> str:
    return s[:1].lower() + s[1:] if s and not s[:2].isupper() else s


def _zh_list(clauses: Sequence[str]) -> str:
    return "；".join(f"{_ORDINALS_ZH[n] if n < 10 else n + 1}是{c}" for n, c in enumerate(clauses))


def _en_list(clauses: Sequence[str]) -> str:
    return "; ".join(f"{_ORDINALS_EN[n] if n < 10 else n + 1}, {_lower_first(c)}" for n, c in enumerate(clauses))


def _connect(sentences: list[str], language: Language, start: int = 0) -> list[str]:
    """Vary the flow: every other sentence after the first opens with a connective, in rotation."""
    out: list[str] = []
    turn = start
    for n, sentence in enumerate(sentences):
        if n % 2 == 1 and not re.match(r"^(同时|此外|另外|其中|并|In addition|Meanwhile|Also)", sentence):
            words = get_genre().connectives(language)  # the genre's (assistant.genres): no figure, no fact
            sentence = words[turn % len(words)] + (sentence if language == "zh" else _lower_first(sentence))
            turn += 1
        out.append(sentence)
    return out


def _is_measure_clause(item: NoteItem) -> bool:
    return not is_target(item)


def _drop_year(clause: str, year: int | str) -> str:
    """"2026年力争…" under a "2026年，" lead would say the year twice."""
    return re.sub(rf"^{re.escape(year_words(year))}[，,、]?\s*", "", clause) or clause


def _zh_targets(clauses: Sequence[str], plan_year: int | str) -> str:
    clauses = [_ZH_PLAN_LEAD.sub("", _drop_year(c, plan_year)) or c for c in clauses]
    if len(clauses) == 1:
        c = clauses[0]
        if "目标" in c or _ZH_COMMIT.match(c):
            return f"{year_words(plan_year)}，{c}。"
        return f"{year_words(plan_year)}，力争{c}。"
    if any("目标" in c for c in clauses[:1]):
        return f"{year_words(plan_year)}，{'；'.join(clauses)}。"
    return f"{year_words(plan_year)}主要预期目标是：{'；'.join(clauses)}。"


# a plan clause that opens with its deadline or time: 9月底前完成…, 年底前建成…, 6月份启动…, 年内实现…
_ZH_DEADLINE = re.compile(r"^(?:(?:1[0-2]|[1-9])月(?:底|末|中旬|上旬|下旬|份)?(?:前|以前)?|年底前|年内|年末前|[上下]半年|"
                          r"第?[一二三四]季度(?:末|内)?)")


def _zh_measures(items: Sequence[NoteItem], clauses: Sequence[str], plan_year: int | str, lead: bool = True) -> str:
    prefix = f"{year_words(plan_year)}，" if lead else ""
    if lead:
        clauses = [_drop_year(c, plan_year) for c in clauses]
    body = [_ZH_PLAN_LEAD.sub("", c) or c for c in clauses]
    if len(body) == 1:
        if _ZH_PLAN_LEAD.match(clauses[0]) or not items[0].figures:
            if _ZH_COMMIT.match(body[0]):
                return f"{prefix}{body[0]}。"
            when = "将于" if _ZH_DEADLINE.match(body[0]) else "将"  # 将于9月底前完成…, not 将9月底前完成…
            return f"{prefix}{when}{body[0]}。"
        return f"{prefix}重点抓好以下工作：{body[0]}。"
    return f"{prefix}重点抓好以下工作：{_zh_list(body)}。"


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
    entries, any_row = take_rows(items)
    if any_row:  # a period row's cells: one sentence per row (assistant.drafting.offline_rows)
        return _with_rows(kind, entries, language, plan_year=plan_year, first_in_summary=first_in_summary,
                          summary_year=summary_year, connective_start=connective_start)
    if language == "zh":
        clauses = [_zh_clause(i, achieved=kind == "summary", whole=within_year(summary_year)) for i in items]
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
                return [f"{year_words(plan_year)}主要目标：{'；'.join(targets)}。",
                        "重点任务：" + _zh_measures([i for i, _ in measures], [c for _, c in measures],
                                                 plan_year, lead=False)]
            if targets:
                return [_zh_targets(targets, plan_year)]
            return [_zh_measures(items, clauses, plan_year)]
        sentences = _connect([c + "。" for c in clauses], language, connective_start)
        if first_in_summary and summary_year and not re.match(r"^(\d{4}年|全年|今年|[上下]半年|第?[一二三四]季度|前三季度|\d{1,2}月)", sentences[0]):
            sentences[0] = f"{year_words(summary_year)}，{sentences[0]}"
        return sentences
    clauses = [_en_clause(i) for i in items]
    if kind == "problems":
        clauses = [lower_first(summary_sentence(i.prompt_text)) for i in items]  # "staff turnover stood at 12%"
        if len(clauses) == 1:
            return [f"One challenge remains: {_lower_first(clauses[0])}."]
        return [f"Several challenges remain: {_en_list(clauses)}."]
    if kind == "targets":
        return target_sentences(clauses, plan_year)
    if kind == "measures":
        return measure_sentences(clauses, plan_year)
    if kind == "plan":
        en_targets = [c for c, i in zip(clauses, items, strict=True) if not _is_measure_clause(i)]
        en_measures = [c for c, i in zip(clauses, items, strict=True) if _is_measure_clause(i)]
        out: list[str] = []
        if en_targets:
            out.extend(target_sentences(en_targets, plan_year))
        if en_measures:
            out.extend(measure_sentences(en_measures, plan_year))
        return out
    sentences = _connect([summary_sentence(i.prompt_text) + "." for i in items], language, connective_start)
    if first_in_summary and summary_year and not re.match(r"^(In \d{4}|\d{4})", sentences[0]):
        sentences[0] = f"In {summary_year}, {_lower_first(sentences[0])}"
    return sentences


def _with_rows(kind: str, entries: Sequence[list[RowCell] | NoteItem], language: Language, *,
               plan_year: int | str, first_in_summary: bool, summary_year: int | str | None,
               connective_start: int) -> list[str]:
    """:func:`offline_text` for a section whose items hold period-row cells: each row one sentence
    (in note order in a review; before the other plans in a plan part)."""
    if kind != "summary":
        rows = [row_sentence(e, language, plan=kind != "problems") for e in entries if isinstance(e, list)]
        rest = [e for e in entries if not isinstance(e, list)]
        return rows + (offline_text(kind, rest, language, plan_year=plan_year, summary_year=summary_year)
                       if rest else [])
    sentences: list[str] = []
    for e in entries:
        if isinstance(e, list):
            sentences.append(row_sentence(e, language, plan=False))
        else:
            sentences.append(_zh_clause(e, whole=within_year(summary_year)) + "。" if language == "zh"
                             else summary_sentence(e.prompt_text) + ".")
    sentences = _connect(sentences, language, connective_start)
    if first_in_summary and summary_year and entries and not isinstance(entries[0], list):
        if language == "zh" and not re.match(r"^(\d{4}年|全年|今年|[上下]半年|第?[一二三四]季度|前三季度|\d{1,2}月)", sentences[0]):
            sentences[0] = f"{year_words(summary_year)}，{sentences[0]}"
        elif language != "zh" and not re.match(r"^(In \d{4}|\d{4})", sentences[0]):
            sentences[0] = f"In {summary_year}, {_lower_first(sentences[0])}"
    return sentences


def opening_text(kind: str, language: Language, *, organisation: str, summary_year: int | str,
                 plan_year: int | str, genre: str | None = None) -> str:
    """The lead sentence of a top-level part with subsections, from the notes' metadata only."""
    return get_genre(genre).opening(kind, language, organisation=organisation, summary_year=summary_year,
                                    plan_year=plan_year)


_ZH_LEAD = re.compile(r"^(?:全年|全区|全镇|全县|全市|区本级|预计|完成|实现|其中|累计|共)+")
# an indicator name ends with one of these nouns (地区生产总值, 地方财政总收入, 社会消费品零售总额, …)
_ZH_INDICATOR = re.compile(r"^(?P<ind>[\u4e00-\u9fff]{1,10}?(?:生产总值|总收入|预算收入|财政收入|零售总额|固定资产投资"
                           r"|工业总产值|工业增加值|增加值|可支配收入|纯收入|旅游收入|接待人数|营业面积|产量|总产值))")
_ZH_UP = re.compile(r"(增长|提高|增加|上升|\+\s*[0-9])")
_ZH_DOWN = re.compile(r"(下降|减少|降低|回落|-\s*[0-9]|−)")
_EN_INDICATOR = re.compile(r"^(?P<ind>(?:[A-Za-z][A-Za-z&'-]*\s){0,3}(?:revenue|sales|income|profit|output|"
                           r"investment|spending|exports|customers|members|visitors|employees|jobs))\b", re.I)
_EN_UP = re.compile(r"(\bup\b|\bgrew\b|\brose\b|\bincrease|\+\s*[0-9])", re.I)
_EN_DOWN = re.compile(r"(\bdown\b|\bfell\b|\bdecreas|\bdeclin)", re.I)
OVERVIEW_NAMES = 4  # indicators an overview names


def _indicator(item: NoteItem, language: Language) -> str:
    """The indicator a note with figures opens with (地区生产总值 / Revenue), or ""."""
    if not item.figures:
        return ""
    if language == "zh":
        m = _ZH_INDICATOR.match(_ZH_LEAD.sub("", _zh_clause(item)))
        name = m.group("ind") if m else ""
        return "" if re.search(r"[由的到超达为和与及]|五年|十[一二三四五]五|累计|新增|以来", name) else name
    m = _EN_INDICATOR.match(_en_clause(item))
    return m.group("ind").strip() if m else ""


def overview_text(kind: str, items: Sequence[NoteItem], language: Language, *, summary_year: int | str,
                  plan_year: int | str) -> str:
    """An overview sentence for a top-level part, built only from its notes: the main indicators by
    name (the first notes with figures), and "均实现增长" / "all grew" only when every one of those
    notes states a rise. No figure, no count: the sections below give the figures as the notes state
    them. "" when the notes name no indicator."""
    names: list[str] = []
    rising = True
    for item in items:
        name = _indicator(item, language)
        if not name or name in names:
            continue
        names.append(name)
        text = item.prompt_text
        up = _ZH_UP if language == "zh" else _EN_UP
        down = _ZH_DOWN if language == "zh" else _EN_DOWN
        rising = rising and bool(up.search(text)) and not down.search(text)
        if len(names) == OVERVIEW_NAMES:
            break
    if len(names) < 2:
        return ""
    if language == "zh":
        listed = "、".join(names)
        if kind == "summary":
            if rising:
                return f"从主要指标看，{listed}等指标均实现增长。"
            return f"从主要指标看，{listed}等指标的完成情况分述如下。"
        if kind == "plan":
            return f"{year_words(plan_year)}的主要预期目标涉及{listed}等指标。"
        return ""
    listed = ", ".join(n[:1].lower() + n[1:] if not n[:2].isupper() else n for n in names)
    if kind == "summary":
        tail = "all grew" if rising else "are reported below"
        return f"Among the main indicators, {listed} {tail}."
    if kind == "plan":
        return f"The main targets for {plan_year} cover {listed}."
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
_FULL = NUMERIC_TABLE


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
