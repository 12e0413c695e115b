"""The contrast words of indicator names: which kind of thing a figure is the value of.

Word similarity cannot tell 城镇居民收入 from 农村居民收入, 公共预算收入 from 公共预算支出, 总产值 from
增加值, "state grants" from "federal grants": the names share almost every word, and the one word that
differs is the whole meaning. :func:`indicator_conflict` reads each name for the words of a few *contrast
groups* — alternatives that exclude each other inside one indicator name (town / country, revenue / spending,
gross output / value added, imports / exports, first / second / third industry, one sector / the whole economy,
state / federal, public / private, domestic / foreign, capital / operating, one category 类 / another, a flow
新增 / a stock 总数 累计) — and returns the two words when the draft's name holds one alternative and the
note's another. A name that holds two alternatives of one group (城乡, "imports and exports") says nothing
about that group. :func:`kind_conflict` reads the kind of statistic (平均 / 最高 / 年末, registered /
surveyed), :func:`per_unit_conflict` a per-head value against a total, :func:`whole_for_part` the whole of a
town / country split named for one part's value.

Every reader looks at a bounded name (at most :data:`NAME_REACH` characters): linear in the draft.
"""

from __future__ import annotations

import re

from assistant.meaning_cues import indicator_key

__all__ = ["NAME_REACH", "category", "indicator_conflict", "kind_conflict", "modifier_conflict", "per_unit_conflict",
           "stage_conflict", "whole_for_part", "work_conflict"]

NAME_REACH = 60  # characters of a name (or a clause) read for its contrast words

# Each group: alternatives that exclude each other inside one indicator name (a pattern per alternative).
_ZH_GROUPS: tuple[tuple[tuple[str, re.Pattern[str]], ...], ...] = tuple(
    tuple((label, re.compile(pattern)) for label, pattern in group) for group in (
        (("城镇", r"城镇|城市居民|市区"), ("农村", r"农村|农民|农牧民|乡村|牧区|牧民")),
        (("收入", r"收入|收益|营收"), ("支出", r"支出|开支|花费")),
        (("总产值", r"产值"), ("增加值", r"增加值")),
        (("进口", r"进口"), ("出口", r"出口")),
        (("存款", r"存款"), ("贷款", r"贷款")),
        (("第一产业", r"第一产业"), ("第二产业", r"第二产业"), ("第三产业", r"第三产业")),
        (("全社会", r"全社会"), ("工业", r"工业"), ("农业", r"农(?:牧)?业(?!人口)"), ("服务业", r"服务业"),
         ("民间", r"民间"), ("房地产", r"房地产"), ("建筑业", r"建筑业")),
    )
)
# a flow (what was added this period) against a stock (what there is in all): read from the whole clause,
# since a name reader drops 累计 / 全年 as fillers
_ZH_FLOW = (("新增", re.compile(r"新增|新开|新建|新设|新引进|新认定|新注册")),
            ("总数", re.compile(r"总数|总量|总计|共有|累计|保有量|存量")))

_EN_GROUPS: tuple[tuple[tuple[str, re.Pattern[str]], ...], ...] = tuple(
    tuple((label, re.compile(pattern, re.I)) for label, pattern in group) for group in (
        (("urban", r"\burban\b|\bcit(?:y|ies)\b"), ("rural", r"\brural\b|\bfarm(?:ers?)?\b|\bvillages?\b")),
        (("revenue", r"\brevenues?\b|\breceipts\b|\bincome\b"),
         ("spending", r"\bspending\b|\bexpenditures?\b|\bexpenses?\b|\boutlays?\b")),
        (("imports", r"\bimports?\b"), ("exports", r"\bexports?\b")),
        (("deposits", r"\bdeposits?\b"), ("loans", r"\bloans?\b")),
    )
)
_EN_FLOW = (("new", re.compile(r"\bnew(?:ly)?\b|\badded\b|\bopened\b", re.I)),
            ("in all", re.compile(r"\bin all\b|\btotal\b|\bcumulative\b|\bstock\b|\bso far\b", re.I)))

# What kind of statistic a figure is (an average, a peak, the year-end level) and how it is measured (registered /
# surveyed): alternatives read from the name *and* the clause on both sides, since a name reader drops them as
# fillers (城镇调查失业率全年平均5.6% is not 城镇调查失业率最高5.6%, nor 登记失业率5.6%)
_ZH_KIND: tuple[tuple[tuple[str, re.Pattern[str]], ...], ...] = tuple(
    tuple((label, re.compile(pattern)) for label, pattern in group) for group in (
        (("平均", r"平均|均值"), ("最高", r"最高(?!人民|法院|检察)|峰值|最多"),
         ("最低", r"最低(?!生活|工资|收购|保障)|最少"), ("年末", r"年末|期末")),
        (("登记", r"登记"), ("调查", r"调查")),
    )
)
_EN_KIND: tuple[tuple[tuple[str, re.Pattern[str]], ...], ...] = tuple(
    tuple((label, re.compile(pattern, re.I)) for label, pattern in group) for group in (
        (("average", r"\baverage\b|\bmean\b"),
         ("maximum", r"\blongest\b|\bmaximum\b|\bhighest\b|\bpeak\b|\bup to\b|\bat most\b"),
         ("minimum", r"\bshortest\b|\bminimum\b|\blowest\b|\bat least\b")),
        (("registered", r"\bregistered\b"), ("surveyed", r"\bsurvey(?:ed)?\b")),
    )
)
# the whole of a split (town + country) named for one part's value, unless the draft lists the parts (分别)
_ZH_WHOLE = re.compile(r"城乡")
_LISTED = re.compile(r"分别|各自|respectively", re.I)
# a value for each household / person (每户, "per household") against a plain total, and the reverse
_ZH_PER = re.compile(r"每(?:户|人|家|名|位|所|个|村|校)|户均")
_ZH_PER_ANY = re.compile(r"每|[户人]均|平均|/[户人]")
_ZH_TOTAL = re.compile(r"总(?!体|结|书记|之|的|值)|合计|共计")
_EN_PER = re.compile(r"\b(?:per|each|a) (?:person|capita|head|household|family|student|school|veteran|caregiver|"
                     r"recipient|beneficiary|participant|worker|employee|child|resident)\b|\beach\b|\bapiece\b", re.I)
_EN_PER_ANY = re.compile(r"\bper\b|\beach\b|\baverag|\bapiece\b", re.I)
_EN_TOTAL = re.compile(r"\bin total\b|\btotal(?:ed|ing|s)?\b|\baltogether\b|\bin all\b|\bcombined\b", re.I)
_CATEGORY = re.compile(r"([\u4e00-\u9fff]{2,8})类")


def _alternatives(name: str, group: tuple[tuple[str, re.Pattern[str]], ...]) -> set[str]:
    return {label for label, pattern in group if pattern.search(name)}


def category(name: str) -> str | None:
    """The one category a name holds (其中民生社会事业类 → 民生社会事业), None for none or several."""
    cats = {m.group(1) for m in _CATEGORY.finditer(name.replace("其中", "，"))}
    return next(iter(cats)) if len(cats) == 1 else None


def indicator_conflict(draft_name: str, note_name: str, *, zh: bool, draft_clause: str = "",
                       note_clause: str = "") -> tuple[str, str] | None:
    """(the draft's word, the note's word) when the two indicator names hold different alternatives of
    one contrast group (城镇 / 农村, 收入 / 支出, 工业类 / 民生类), or the two clauses (the words before
    each figure) a flow and a stock (新增 / 总数), else None."""
    d = indicator_key(draft_name[-NAME_REACH:]) if zh else draft_name[-NAME_REACH:].lower()
    n = indicator_key(note_name[-NAME_REACH:]) if zh else note_name[-NAME_REACH:].lower()
    if not d or not n:
        return None
    for group in _ZH_GROUPS if zh else _EN_GROUPS:
        da, na = _alternatives(d, group), _alternatives(n, group)
        if len(da) == 1 and len(na) == 1 and da != na:
            return next(iter(da)), next(iter(na))
    if zh:
        dc, nc = category(d), category(n)
        if dc and nc and dc[-4:] not in nc and nc[-4:] not in dc:
            return dc + "类", nc + "类"
    if draft_clause and note_clause:
        da, na = (_alternatives(draft_clause[-NAME_REACH:], _ZH_FLOW if zh else _EN_FLOW),
                  _alternatives(note_clause[-NAME_REACH:], _ZH_FLOW if zh else _EN_FLOW))
        if len(da) == 1 and len(na) == 1 and da != na:
            return next(iter(da)), next(iter(na))
    return None


# The work done to a counted thing (buildings lit up are not façades repaired, roads paved are not roads greened): read
# from the words on both sides of the figure (新增亮化楼宇82栋 / 82栋建筑物的立面修复)
_ZH_WORK: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("亮化", re.compile(r"亮化|照明|灯光|路灯")), ("立面", re.compile(r"立面|外墙|外立")),
    ("绿化", re.compile(r"绿化|植树|造林|种树")), ("硬化", re.compile(r"硬化|铺装|铺设路面")),
    ("拆除", re.compile(r"拆除|拆迁|拆改")), ("防水", re.compile(r"防水|防渗")),
)
_EN_WORK: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("lighting", re.compile(r"\b(?:lighting|lit|illuminat\w*|street ?lights?)\b", re.I)),
    ("facade", re.compile(r"\b(?:fa[cç]ades?|exterior walls?)\b", re.I)),
    ("paving", re.compile(r"\b(?:paved|paving|resurfac\w*)\b", re.I)),
    ("demolition", re.compile(r"\b(?:demolish\w*|demolition|torn down)\b", re.I)),
    ("waterproofing", re.compile(r"\b(?:waterproof\w*|leak[- ]proof\w*)\b", re.I)),
)


# The stage of a process a figure counts (works started are not works completed, applications are not approvals, a
# budget is not money spent, signed contracts are not funds in place): each group's alternatives exclude each other
# for one noun, read from the clause before the figure (and after it in English)
_ZH_STAGE: tuple[tuple[tuple[str, re.Pattern[str]], ...], ...] = tuple(
    tuple((label, re.compile(pattern)) for label, pattern in group) for group in (
        (("开工", r"开工|动工|开建|开始建设|启动建设"), ("建成", r"建成|竣工|完工|交付|交房|投用|投入使用|落成")),
        (("申报", r"申报|申请(?!人)|报送|提交"), ("获批", r"获批|批准|批复|授权(?!书)|核准|立项|审批通过|通过审批")),
        (("预算安排", r"预算(?!执行|支出|收入)|安排资金|计划安排"), ("实际支出", r"实际支出|已支出|拨付|已使用|执行数")),
        (("签约", r"签约|协议|合同(?!工)"), ("到位", r"到位|实际使用|实际利用|落地")),
        (("新增", r"新增|新建|新上|投产|扩建|扩能"), ("关停", r"关停|关闭|淘汰|拆除|压减|化解|取缔")),
    )
)
_EN_STAGE: tuple[tuple[tuple[str, re.Pattern[str]], ...], ...] = tuple(
    tuple((label, re.compile(pattern, re.I)) for label, pattern in group) for group in (
        (("started", r"\bstart(?:ed|s)?\b|\bbegan\b|\bbegun\b|\bbroke ground\b|\bgroundbreaking\b|\bunder construction\b"),
         ("completed", r"\bcomplet(?:ed|ion)\b|\bfinished\b|\bhanded over\b")),
        (("applied", r"\bapplied\b|\bsubmitted\b|\bfiled\b"),
         ("approved", r"\bapprov(?:ed|als?)\b|\bgranted\b|\bawarded\b")),
        (("budgeted", r"\bbudget(?:ed)?\b|\ballocated\b|\bappropriated\b|\bearmarked\b"),
         ("spent", r"\bspent\b|\bdisbursed\b|\bpaid out\b|\bexpended\b")),
        (("added", r"\badded\b|\bnew\b|\bexpanded\b"),
         ("closed", r"\bclosed\b|\bshut(?: down)?\b|\bphased out\b|\bdemolished\b|\bretired\b")),
        (("signed", r"\bsigned\b|\bcontracted\b|\bpledged\b"), ("in place", r"\bin place\b|\bactually used\b|\breceived\b")),
    )
)


def stage_conflict(draft_words: str, note_words: str, *, zh: bool) -> tuple[str, str] | None:
    """(the draft's stage, the note's) when the words before a draft figure name one stage of a process (开工,
    "applied", "budgeted") and the note figure's words another (建成, "approved", "spent"); a text naming both stages
    of a group says nothing about it."""
    for group in _ZH_STAGE if zh else _EN_STAGE:
        da, na = _alternatives(draft_words[-2 * NAME_REACH:], group), _alternatives(note_words[-2 * NAME_REACH:], group)
        if len(da) == 1 and len(na) == 1 and da != na:
            return next(iter(da)), next(iter(na))
    return None


def work_conflict(draft_words: str, note_words: str, *, zh: bool) -> tuple[str, str] | None:
    """(the draft's work, the note's) when the words around a draft figure name one kind of work done to the thing
    counted (立面修复, "facades repaired") and the note figure's words another (亮化, "lighting"), neither naming the
    other's."""
    group = _ZH_WORK if zh else _EN_WORK
    da, na = _alternatives(draft_words[:4 * NAME_REACH], group), _alternatives(note_words[:4 * NAME_REACH], group)
    if len(da) == 1 and len(na) == 1 and da != na:
        return next(iter(da)), next(iter(na))
    return None


def kind_conflict(draft_text: str, note_text: str, *, zh: bool) -> tuple[str, str] | None:
    """(the draft's word, the note's) when the draft's and the note's words for a figure name different kinds of
    statistic (平均 / 最高 / 年末, average / up to) or ways of measuring it (登记 / 调查)."""
    for group in _ZH_KIND if zh else _EN_KIND:
        da, na = _alternatives(draft_text[-2 * NAME_REACH:], group), _alternatives(note_text[-2 * NAME_REACH:], group)
        if len(da) == 1 and len(na) == 1 and da != na:
            return next(iter(da)), next(iter(na))
    return None


def per_unit_conflict(draft_clause: str, note_line: str, note_clause: str, *, zh: bool) -> tuple[str, str] | None:
    """(the draft's word, the note's) when the draft states a total as each household's / person's value (每户,
    "per household") and the note line says nothing per head, or a per-head value (人均) as a total (总, "in total")."""
    per, per_any, total = (_ZH_PER, _ZH_PER_ANY, _ZH_TOTAL) if zh else (_EN_PER, _EN_PER_ANY, _EN_TOTAL)
    m = per.search(draft_clause)
    if m is not None and not per_any.search(note_line + " " + note_clause):
        return m.group(), "总数" if zh else "the total"
    t = total.search(draft_clause)
    n = per_any.search(note_clause)
    if t is not None and n is not None and not per_any.search(draft_clause):
        return t.group(), n.group()
    return None


def whole_for_part(draft_text: str, note_text: str, sentence: str, *, zh: bool) -> tuple[str, str] | None:
    """("城乡", the note's part) when the draft names the whole of a town / country split (城乡居民) for the value
    the note gives one part (农村居民), and lists no parts (分别) in its sentence."""
    if not zh or not _ZH_WHOLE.search(draft_text) or _ZH_WHOLE.search(note_text) or _LISTED.search(sentence):
        return None
    na = _alternatives(indicator_key(note_text[-NAME_REACH:]), _ZH_GROUPS[0])
    return ("城乡", next(iter(na))) if len(na) == 1 else None




# Modifiers that name another thing of one head noun (state grants are not federal grants, 公办幼儿园 not 民办幼儿园):
# a group's alternatives exclude each other only in front of the same noun, so they are read with the noun after them
_EN_MODIFIERS: tuple[tuple[str, ...], ...] = (
    ("state", "federal"), ("public", "private"), ("domestic", "foreign"), ("existing", "new"),
    ("capital", "operating"), ("urban", "rural"),
)
_ZH_MODIFIERS: tuple[tuple[str, ...], ...] = (
    ("公办", "民办"), ("公立", "私立"), ("国有", "民营"), ("境内", "境外"), ("国内", "国外"), ("中央", "地方"),
    ("城镇", "农村"),
)
_EN_MOD_RE = {w: re.compile(rf"\b{w}\s++([a-z]{{3,30}})", re.I)
              for group in _EN_MODIFIERS for w in group}
_ZH_MOD_RE = {w: re.compile(rf"{w}([\u4e00-\u9fff]{{2}})") for group in _ZH_MODIFIERS for w in group}
_EN_ANY = {w: re.compile(rf"\b{w}\b", re.I) for group in _EN_MODIFIERS for w in group}


def _heads(text: str, word: str, zh: bool) -> set[str]:
    """The nouns right after ``word`` in ``text`` (state *grants*, 公办*幼儿*园), English ones stemmed."""
    if zh:
        return {m.group(1) for m in _ZH_MOD_RE[word].finditer(text)}
    return {w[:-1] if w.endswith("s") and not w.endswith("ss") else w
            for w in (m.group(1).lower() for m in _EN_MOD_RE[word].finditer(text))}


def modifier_conflict(draft_text: str, note_text: str, *, zh: bool) -> tuple[str, str] | None:
    """(the draft's modifier, the note's) when both put alternatives of one group in front of the same noun
    ("federal grants" for the note's "state grants", 民办幼儿园 for 公办幼儿园) and neither text names the other's
    alternative anywhere ("state and federal grants" names both: nothing to contrast)."""
    d, n = draft_text[-2 * NAME_REACH:], note_text[-2 * NAME_REACH:]
    for group in _ZH_MODIFIERS if zh else _EN_MODIFIERS:
        for a in group:
            for b in group:
                if a == b:
                    continue
                if zh:
                    if b in d or a in n:
                        continue
                elif _EN_ANY[b].search(d) or _EN_ANY[a].search(n):
                    continue
                if _heads(d, a, zh) & _heads(n, b, zh):
                    return a, b
    return None
