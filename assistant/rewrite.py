"""Rewrite one section of a draft, from chat ("把第二部分改写得更简洁") or from the UI.

* :func:`resolve_section_ref` turns "第二部分", "二、", "第2部分", "存在的问题那部分", "the plan section",
  "section 3", "3", "s2.1" or title words into a :class:`~assistant.sections.Section`, or into an
  :class:`Ambiguity` (a short question listing the candidates — never a guess) or :class:`NotFound`.
* :func:`parse_rewrite_request` finds ``(ref, instruction)`` in a chat message, or ``None`` when the
  message is not a request to rewrite a section.
* :func:`iter_rewrite` streams the rewrite of one section (:class:`RewriteToken` events, then one
  :class:`RewriteDone`); :func:`rewrite_section` is the same without streaming. Only that section
  changes: every other byte of the draft stays identical. With a model, each body of the section
  (its own text and each subsection's text; headings are never sent for rewriting) is one streamed
  call of ``prompts/rewrite_section.*``; offline, deterministic transformations apply (more concise:
  filler clauses and words dropped, every figure kept; more formal: colloquial words replaced; add:
  the matching note lines, or the user's own words, appended).
* The rewritten section is re-checked against the notes with :mod:`assistant.check`: blocking
  figures get one repair re-ask, and what still fails is marked 【待核实：…】/[to verify: …].
  Facts the user typed in the instruction ("加上林蛙养殖园区投资300万元") are appended to the notes as
  a new line, so the checker accepts them; the new notes text is returned.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any, NamedTuple, Union

from assistant.errors import InputError, ModelError
from assistant.sections import DraftTree, Section, cn_to_int, find_heading, parse_draft, replace_section

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage

    from assistant.documents import Hit

log = logging.getLogger(__name__)

__all__ = [
    "Ambiguity",
    "NotFound",
    "RewriteDone",
    "RewriteRepair",
    "RewriteRequest",
    "RewriteResult",
    "RewriteToken",
    "added_facts",
    "iter_rewrite",
    "parse_rewrite_request",
    "resolve_section_ref",
    "rewrite_section",
]


# ============================================================================ section references


@dataclass(frozen=True)
class Ambiguity:
    """The reference fits several sections: ask ``question`` instead of guessing."""

    ref: str
    candidates: tuple[Section, ...]
    question: str


@dataclass(frozen=True)
class NotFound:
    """No section fits the reference; ``message`` lists the sections there are."""

    ref: str
    message: str


_ORDINALS_EN = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "last": -1,
}
_WORD_NUMS_EN = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10}
# Words that name a section without being part of its title.
_REF_FILLER_ZH = re.compile(
    r"(那一?部分|这一?部分|那一?段|这一?段|那一?节|这一?节|那一?块|这一?块|部分|小节|章节|一节|段落|一段|板块|里面|里|中|的内容|内容|的)$"
)
_REF_FILLER_EN = re.compile(
    r"\b(the|section|sections|part|chapter|paragraph|heading|on|about|of the report|of the draft|please)\b", re.I
)
# Title words that mean the same thing across languages and report styles.
_ALIASES: tuple[frozenset[str], ...] = (
    frozenset({"plan", "plans", "安排", "计划", "打算", "思路", "任务", "工作安排", "planning", "next year", "明年",
               "下一步", "展望", "outlook", "priorities", "goals", "目标"}),
    frozenset({"problem", "problems", "问题", "不足", "困难", "短板", "challenges", "challenge", "issues",
               "weaknesses", "存在的问题"}),
    frozenset({"summary", "总结", "回顾", "成绩", "成效", "review", "achievements", "results", "工作总结",
               "工作回顾", "this year", "今年"}),
)


def _norm(s: str) -> str:
    s = s.lower()
    s = re.sub(r"[\s\u3000`'\"“”‘’「」『』《》<>()（）\[\]【】:：,，.。!！?？;；、\-—_*#]+", "", s)
    return s


def _title_core(sec: Section) -> str:
    """Title without its numbering (``二、存在的问题`` → ``存在的问题``)."""
    inner = find_heading(sec.title) if sec.kind.startswith("md") or sec.kind == "bold" else None
    return inner.title if inner is not None else sec.title


def _marker_kind(sec: Section) -> str:
    if sec.kind.startswith("md") or sec.kind == "bold":
        inner = find_heading(sec.title)
        return inner.kind if inner is not None else sec.kind
    return sec.kind


def _describe(tree: DraftTree, sec: Section, zh: bool) -> str:
    label = sec.label or ("正文" if zh else "body")
    if sec.parent_id:
        parent = tree.get(sec.parent_id)
        return f"{sec.id} {label}（{parent.label}）" if zh else f"{sec.id} {label} (in {parent.label})"
    return f"{sec.id} {label}"


def _ambiguity(tree: DraftTree, ref: str, cands: Sequence[Section]) -> Ambiguity:
    zh = _is_zh(ref) or _is_zh(tree.text[:2000])
    listing = "；".join(_describe(tree, c, zh) for c in cands) if zh else "; ".join(
        _describe(tree, c, zh) for c in cands)
    q = (f"“{ref}”可能指以下几个部分：{listing}。请问是哪一个？（可回复编号，如 {cands[0].id}）" if zh else
         f'"{ref}" could mean: {listing}. Which one? (reply with the id, e.g. {cands[0].id})')
    return Ambiguity(ref, tuple(cands), q)


def _not_found(tree: DraftTree, ref: str) -> NotFound:
    zh = _is_zh(ref) or _is_zh(tree.text[:2000])
    tops = [s for s in tree.sections]
    listing = ("；" if zh else "; ").join(_describe(tree, s, zh) for s in tops)
    msg = (f"没有找到“{ref}”对应的部分。草稿中的部分有：{listing}。" if zh else
           f'No section matches "{ref}". The draft has: {listing}.')
    return NotFound(ref, msg)


def _is_zh(s: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in s)


def _collapse_lineage(cands: list[Section]) -> list[Section]:
    """When a section and one of its descendants both match, keep the outer one."""
    ids = {c.id for c in cands}
    return [c for c in cands if not any(c.id.startswith(o + ".") for o in ids if o != c.id)]


def _by_number(tree: DraftTree, n: int) -> Section | None:
    """The n-th top-level section (negative counts from the end); numbering wins over position."""
    tops = tree.sections
    numbered = [s for s in tops if s.number == n]
    if len(numbered) == 1:
        return numbered[0]
    if n < 0 and len(tops) >= -n:
        return tops[n]
    if 1 <= n <= len(tops):
        return tops[n - 1]
    return None


def _parse_number(token: str) -> int | None:
    token = token.strip()
    if token.isascii() and token.isdigit():
        return int(token)
    if token.lower() in _ORDINALS_EN:
        return _ORDINALS_EN[token.lower()]
    if token.lower() in _WORD_NUMS_EN:
        return _WORD_NUMS_EN[token.lower()]
    m = re.fullmatch(r"(\d+)(st|nd|rd|th)", token.lower())
    if m:
        return int(m.group(1))
    return cn_to_int(token)


_PART_REF = re.compile(r"^第\s*([一二三四五六七八九十两\d]{1,3})\s*(部分|章|节|篇|块|段|大部分)")
_EN_NUM_REF = re.compile(
    r"^(?:the\s+)?(?:(?:section|part|chapter|no\.?|number|#)\s*([0-9]+(?:\.[0-9]+)*|[ivxl]+|one|two|three|four|five|six|seven|eight|nine|ten)"
    r"|(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|\d+(?:st|nd|rd|th))\s+(?:section|part|chapter))\b",
    re.I,
)
_ID_REF = re.compile(r"^s\d+(?:\.\d+)*$", re.I)
_DOTTED = re.compile(r"^\d+(?:\.\d+)+$")


def resolve_section_ref(tree: DraftTree, ref: str) -> Section | Ambiguity | NotFound:
    """Find the section a user means. Never guesses: several equally good matches → :class:`Ambiguity`."""
    raw = ref.strip().strip("“”\"'「」《》")
    if not raw:
        return _not_found(tree, ref)
    all_secs = list(tree.walk())

    # 1. an id: s2, s2.1
    if _ID_REF.match(raw):
        sid = raw.lower()
        return next((s for s in all_secs if s.id == sid), None) or _not_found(tree, ref)
    # 2. dotted numbers: 2.1 → s2.1 ; a bare number: 3 → third top-level section
    if _DOTTED.match(raw):
        sid = "s" + raw
        return next((s for s in all_secs if s.id == sid), None) or _not_found(tree, ref)
    bare = _parse_number(raw)
    if bare is not None and (raw.isdigit() or re.fullmatch(r"[一二三四五六七八九十]{1,3}", raw)):
        return _by_number(tree, bare) or _not_found(tree, ref)
    # 3. 第二部分 / 第2部分 / 第三节
    m = _PART_REF.match(raw)
    if m:
        n = _parse_number(m.group(1))
        rest = raw[m.end():]
        parts = [s for s in all_secs if s.kind == "part" and s.number == n]
        if len(parts) == 1:
            return parts[0]
        hit = _by_number(tree, n) if n is not None else None
        if hit is not None and (not _norm(_REF_FILLER_ZH.sub("", rest)) or _title_matches(hit, rest)):
            return hit
        return _not_found(tree, ref)
    # 4. English: section 3, part II, the second section, section 2.1
    m = _EN_NUM_REF.match(raw)
    if m:
        token = m.group(1) or m.group(2)
        if token and _DOTTED.match(token):
            return next((s for s in all_secs if s.id == "s" + token), None) or _not_found(tree, ref)
        n = _parse_number(token) if token else None
        if n is None and token:
            from assistant.sections import roman_to_int

            n = roman_to_int(token)
        hit = _by_number(tree, n) if n is not None else None
        return hit or _not_found(tree, ref)
    # 5. a heading marker, maybe with title words: 二、 / （一） / 三、工作安排 / 2. / ①
    h = find_heading(raw if len(raw) > 2 and not raw.endswith(("、", "）", ")", ".")) else raw + "标题")
    marker_only = re.fullmatch(r"[（(]?[一二三四五六七八九十\d①-⑳]{1,3}[)）]?[、.．]?", raw) is not None
    if h is not None and h.number is not None and (marker_only or h.kind not in ("title", "bold")):
        words = "" if marker_only else h.title
        cands = [s for s in all_secs if _marker_kind(s) == h.kind and s.number == h.number]
        if words and len(cands) > 1:
            narrowed = [s for s in cands if _title_matches(s, words)]
            cands = narrowed or cands
        if len(cands) == 1:
            return cands[0]
        if len(cands) > 1:
            return _ambiguity(tree, ref, cands)
        if words:
            return _resolve_by_title(tree, words, ref)
        return _not_found(tree, ref)
    # 6. title words: 存在的问题那部分, the plan section, 工作安排
    return _resolve_by_title(tree, raw, ref)


def _clean_title_query(q: str) -> str:
    prev = None
    q = q.strip()
    while prev != q:
        prev = q
        q = _REF_FILLER_ZH.sub("", q).strip()
    q = _REF_FILLER_EN.sub(" ", q)
    return re.sub(r"\s+", " ", q).strip()


def _alias_groups(text: str) -> set[int]:
    t = text.lower()
    return {i for i, group in enumerate(_ALIASES) if any(w in t for w in group)}


def _title_score(sec: Section, q: str) -> float:
    title = _title_core(sec)
    nt, nq = _norm(title), _norm(q)
    if not nq or not nt:
        return 0.0
    if nt == nq:
        return 4.0
    if nq in nt:
        return 3.0
    if len(nt) >= 2 and nt in nq:
        return 2.5
    qa, ta = _alias_groups(q), _alias_groups(title)
    if qa and qa & ta:
        return 2.0
    words = [w for w in re.findall(r"[a-z0-9]+|[\u4e00-\u9fff]{2,}", q.lower()) if len(w) > 2 or _is_zh(w)]
    if words and all(w in title.lower() for w in words):
        return 1.5
    from rapidfuzz import fuzz

    ratio = fuzz.partial_ratio(nq, nt)
    return 1.0 if ratio >= 90 and len(nq) >= 3 else 0.0


def _title_matches(sec: Section, q: str) -> bool:
    q = _clean_title_query(q)
    return bool(q) and _title_score(sec, q) > 0


def _resolve_by_title(tree: DraftTree, q: str, ref: str) -> Section | Ambiguity | NotFound:
    query = _clean_title_query(q)
    if not query:
        return _not_found(tree, ref)
    scored = [(s, _title_score(s, query)) for s in tree.walk() if s.kind != "body"]
    best = max((sc for _, sc in scored), default=0.0)
    if best <= 0:
        return _not_found(tree, ref)
    cands = _collapse_lineage([s for s, sc in scored if sc == best])
    if len(cands) == 1:
        return cands[0]
    return _ambiguity(tree, ref, cands)


# ============================================================================ chat requests


class RewriteRequest(NamedTuple):
    """A chat message asking to rewrite a section: where (``ref``) and how (``instruction``)."""

    ref: str
    instruction: str

    @property
    def added_text(self) -> str:
        """Facts the user typed in the instruction, one per line (what becomes new notes lines)."""
        return "\n".join(added_facts(self.instruction))


_ZH_VERBS = r"(?:改写|重写|改|修改|调整|润色|压缩|精简|缩写|扩写|扩充|丰富|完善|写|优化|简化)"
_ZH_ADD = r"(?:加上|加入|增加|补充|添加|写上|写进|补上|增补|插入|删去|删除|去掉|删掉)"
_REF_HEAD = (
    r"(?:第\s*[一二三四五六七八九十两\d]{1,3}\s*(?:部分|章|节|篇|段)|[一二三四五六七八九十]{1,3}、[^，。,；;里中]{0,20}"
    r"|[（(][一二三四五六七八九十\d]{1,3}[)）][^，。,；;里中]{0,20}|s\d+(?:\.\d+)*)"
)
_ZH_PATTERNS = (
    # 把第二部分改写得更简洁 / 将“存在的问题”部分改得正式一些
    re.compile(rf"^(?:请|麻烦|帮我|请帮我|能不能|可以)?\s*(?:把|将)\s*(?P<ref>.+?)\s*(?P<ins>{_ZH_VERBS}.*|{_ZH_ADD}.+|(?:写|改|变)得.+)$"),
    # 三、工作安排里加上林蛙养殖园区的内容 / 第二部分中补充…
    re.compile(rf"^(?:请|麻烦|帮我|请帮我)?\s*(?:在)?\s*(?P<ref>{_REF_HEAD}|.{{1,20}}?(?:部分|一节|小节|段))\s*(?:里面|里|中|当中)?\s*[，,]?\s*(?P<ins>{_ZH_ADD}.+)$"),
    re.compile(rf"^(?:请|麻烦|帮我|请帮我)?\s*(?:在)?\s*(?P<ref>.{{1,20}}?)(?:里面|里|中|当中)\s*[，,]?\s*(?P<ins>{_ZH_ADD}.+)$"),
    # 重写第三部分 / 精简一下存在的问题部分
    re.compile(rf"^(?:请|麻烦|帮我|请帮我)?\s*(?P<verb>{_ZH_VERBS}|{_ZH_ADD})(?:一下)?\s*(?P<ref>{_REF_HEAD}|.{{1,20}}?(?:部分|一节|小节|段))(?P<rest>.*)$"),
    # 第二部分更简洁一些 / 第二部分改得更正式
    re.compile(rf"^(?P<ref>{_REF_HEAD})\s*[，,]?\s*(?P<ins>(?:要|需要|请|再|写|改|改写)?得?(?:更|再|更加|稍微|简洁|精简|正式|具体|详细|简短|规范).+)$"),
)
_EN_VERBS = r"(?:rewrite|revise|rephrase|reword|shorten|condense|tighten|expand|edit|redo|polish|simplify|improve|update|trim)"
_EN_CONNECT = r"(?:\s+(?:to\s+be|to|in|into|so\s+that|so|with|and\s+make\s+it|making\s+it|more|less|as|using|by)\b|,|:|;)"
_EN_PATTERNS = (
    re.compile(rf"^(?:please\s+|can you\s+|could you\s+)?(?P<verb>{_EN_VERBS})\s+(?P<ref>.+?)(?P<rest>{_EN_CONNECT}.*)?[.!?]?$", re.I),
    re.compile(r"^(?:please\s+|can you\s+|could you\s+)?make\s+(?P<ref>.+?)\s+(?P<rest>(?:more|less|shorter|longer|clearer|simpler|crisper)\b.*?)[.!?]?$", re.I),
    re.compile(r"^(?:please\s+|can you\s+|could you\s+)?(?P<verb>add|include|mention|insert|remove|delete|drop)\s+(?P<what>.+?)\s+(?:to|in|into|from)\s+(?P<ref>(?:the\s+)?.{1,40}?)[.!?]?$", re.I),
    re.compile(r"^(?:in|for)\s+(?P<ref>.{1,40}?)\s*,\s*(?P<ins>.+)$", re.I),
)
_EN_REF_OK = re.compile(
    r"(section|part|chapter|plan|summary|challenges?|problems?|issues|outlook|review|priorities|goals|"
    r"^s\d|^\d|first|second|third|last)", re.I)


_EXPLICIT_REF = re.compile(rf"^(?:{_REF_HEAD})$|^(?:the\s+)?(?:section|part|chapter)\s+\S+$|部分$|section$|part$", re.I)


def parse_rewrite_request(message: str, tree: DraftTree | None = None) -> RewriteRequest | None:
    """``"把第二部分改写得更简洁"`` → ``RewriteRequest("第二部分", "改写得更简洁")``; other messages → ``None``.

    With the current draft's ``tree``, a reference that is neither an explicit section reference
    (第二部分, 二、, section 3, s2 …) nor anything :func:`resolve_section_ref` can match is not a
    rewrite request ("把投资改为1.3亿元" is then a note, not a section).
    """
    req = _parse_rewrite_request(message)
    if req is None or tree is None or _EXPLICIT_REF.search(req.ref.strip()):
        return req
    return None if isinstance(resolve_section_ref(tree, req.ref), NotFound) else req


def _parse_rewrite_request(message: str) -> RewriteRequest | None:
    text = message.strip().rstrip("。.!！?？ ")
    if not text or len(text) > 400 or "\n" in text.strip():
        return None
    if _is_zh(text):
        for rx in _ZH_PATTERNS:
            m = rx.match(text)
            if not m:
                continue
            ref = m.group("ref").strip(" ，,“”\"'")
            gd = m.groupdict()
            ins = gd.get("ins") or ((gd.get("verb") or "") + (gd.get("rest") or "")).strip(" ，,")
            ref = re.sub(r"(里面|里|中|当中)$", "", ref).strip()
            if ref and ins and len(ref) <= 30:
                return RewriteRequest(ref, ins.strip())
        return None
    for rx in _EN_PATTERNS:
        m = rx.match(text)
        if not m:
            continue
        gd = m.groupdict()
        ref = (gd.get("ref") or "").strip(" ,\"'")
        if not ref or not _EN_REF_OK.search(ref) or len(ref) > 60:
            continue
        if gd.get("what"):
            ins = f"{gd['verb']} {gd['what']}"
        elif gd.get("ins"):
            ins = gd["ins"]
        else:
            ins = " ".join(x for x in (gd.get("verb") or ("make it" if rx is _EN_PATTERNS[1] else ""),
                                       (gd.get("rest") or "").strip(" ,:;")) if x)
        return RewriteRequest(ref, ins.strip())
    return None


# ============================================================================ instruction intents

_CONCISE = re.compile(r"简洁|精简|压缩|简短|简练|缩短|简化|删繁|短一些|短一点|concise|shorter|shorten|brief|condense|tighten|trim|succinct|simplif", re.I)
_FORMAL = re.compile(r"正式|规范|公文|书面|庄重|formal|professional|official", re.I)
_ADD_ZH = re.compile(r"(?:加上|加入|增加|补充|添加|写上|写进|补上|增补|插入|提到|提及)[：:，,\s]*(?P<what>.+)$")
_ADD_EN = re.compile(r"\b(?:add|include|mention|insert)\b\s*(?:that\s+|a\s+(?:note|sentence)\s+(?:on|about)\s+)?(?P<what>.+)$", re.I)
_WHAT_TAIL = re.compile(r"(?:的相关内容|相关内容|的内容|等内容|的情况|情况|内容|这件事|这一点|一句话?|的介绍)$")
_EN_WHAT_TAIL = re.compile(r"\s+(?:to|in|into)\s+(?:the\s+)?(?:this\s+)?(?:section|part|paragraph|plan|summary)\b.*$", re.I)


def added_facts(instruction: str) -> list[str]:
    """What the user asks to add, as note lines: ``"加上林蛙养殖园区的内容"`` → ``["林蛙养殖园区"]``.

    Clauses of the instruction that state figures ("投资改为1.3亿元") count as facts too.
    """
    facts: list[str] = []
    s = instruction.strip().rstrip("。.")
    m = _ADD_ZH.search(s) or _ADD_EN.search(s)
    if m:
        what = m.group("what").strip(" ：:，,“”\"'")
        what = _WHAT_TAIL.sub("", what).strip()
        what = _EN_WHAT_TAIL.sub("", what).strip()
        if what:
            facts.append(what)
    for clause in re.split(r"[，,；;。]", s):
        c = re.sub(r"^(?:并且|并|另外|同时|and|also)\s*", "", clause.strip())
        c = re.sub(r"^.*?(?:加上|加入|增加|补充|添加|写上|写进|补上|增补|插入|提到|提及)[：:\s]*", "", c)
        if (c and re.search(r"\d|[一二三四五六七八九十百千万]+(?:个|项|户|人|元|亿|万)", c)
                and not any(c in f or f in c for f in facts)
                and not re.search(r"第\s*[一二三四五六七八九十\d]+\s*部分|section\s*\d", c, re.I)):
            facts.append(c)
    return [f for f in facts if f]


# ============================================================================ offline transformations

_FILLER_WORDS_ZH = ("进一步", "切实", "认真", "扎实地", "积极", "大力", "不断", "有力地", "充分", "深入地", "稳步地",
                    "全力", "着力", "努力")
_FILLER_CLAUSE_ZH = re.compile(
    r"^(在[^，,]{0,30}(领导|支持|指导|关心|帮助)下|[^，,]{0,12}高度重视|[^，,]{0,10}精心(组织|谋划|部署)|"
    r"经过[^，,]{0,12}(共同)?努力|[^，,]{0,12}共同努力下|[^，,]{0,10}凝心聚力|[^，,]{0,10}攻坚克难|[^，,]{0,8}迎难而上|"
    r"[^，,]{0,8}主动作为|[^，,]{0,8}锐意进取|[^，,]{0,8}开拓创新|总体来看|总的来说|总而言之|综上所述|一年来|今年以来)$"
)
_FILLER_SENTENCE_ZH = re.compile(
    r"(取得了?(显著|明显|良好|较好|积极|长足)?(的)?(成效|成绩|进展)|圆满完成|较好地完成|为[^。]{0,20}奠定了?(坚实|良好)?(的)?基础|"
    r"成效(显著|明显)|得到了?[^。]{0,10}(认可|好评|肯定))"
)
_FILLER_EN = (
    (re.compile(r"\bin order to\b", re.I), "to"),
    (re.compile(r"\bdue to the fact that\b", re.I), "because"),
    (re.compile(r"\bat this point in time\b", re.I), "now"),
    (re.compile(r"\bin the event that\b", re.I), "if"),
    (re.compile(r"\bwith regard to\b", re.I), "on"),
    (re.compile(r"\b(very|really|quite|truly|actually|basically|essentially|significantly|successfully|effectively)\s+", re.I), ""),
    (re.compile(r"\bit should be noted that\s*", re.I), ""),
    (re.compile(r"\boverall,\s*", re.I), ""),
)
_FILLER_SENTENCE_EN = re.compile(
    r"^(overall|in summary|in conclusion|all in all)\b|\b(achieved (good|great|remarkable|significant) (results|progress))\b|"
    r"\b(laid a (solid|good) foundation)\b", re.I)
_FORMAL_ZH = (
    ("搞好", "做好"), ("搞", "开展"), ("弄好", "做好"), ("很多", "大量"), ("非常", "十分"), ("特别", "尤为"),
    ("大概", "约"), ("差不多", "基本"), ("还不错", "良好"), ("挺好", "良好"), ("老百姓", "群众"), ("抓紧", "加快"),
    ("但是", "但"), ("所以", "因此"), ("然后", "随后"), ("一下", ""), ("等等", "等"), ("啥", "何"), ("咱们", "我们"),
    ("我们", "我单位"), ("没有", "未"), ("马上", "尽快"), ("好多", "较多"), ("有点", "略"), ("！", "。"),
)
_FORMAL_EN = (
    (r"\bdon't\b", "do not"), (r"\bdoesn't\b", "does not"), (r"\bcan't\b", "cannot"), (r"\bwon't\b", "will not"),
    (r"\bisn't\b", "is not"), (r"\baren't\b", "are not"), (r"\bit's\b", "it is"), (r"\bwe're\b", "we are"),
    (r"\bwe've\b", "we have"), (r"\bwe'll\b", "we will"), (r"\bthey're\b", "they are"), (r"\bthat's\b", "that is"),
    (r"\ba lot of\b", "a large number of"), (r"\blots of\b", "many"), (r"\bbig\b", "major"), (r"\bkids\b", "children"),
    (r"\bokay\b", "acceptable"), (r"\bget\b", "obtain"), (r"\bgot\b", "obtained"), (r"\bstuff\b", "material"),
    (r"\bthings\b", "matters"), (r"\bpretty\s+", ""), (r"\bkind of\s+", ""), (r"!", "."),
)


def _split_sentences(text: str, zh: bool) -> list[str]:
    if zh:
        return [s for s in re.findall(r"[^。！？!?；;]+[。！？!?；;]?", text) if s.strip()]
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def _figure_texts(text: str) -> list[str]:
    try:
        from assistant.figures import extract_figures

        return sorted(f.text for f in extract_figures(text) if not f.ignored)
    except ImportError:  # pragma: no cover - figures.py is part of the package
        return sorted(re.findall(r"[0-9０-９][0-9０-９,.．]*", text))


def _has_figure(text: str) -> bool:
    return bool(re.search(r"[0-9０-９]|百分之|[一二三四五六七八九十两百千]+[个项户人家所座台头只元亿万倍%]", text))


def _concise_paragraph(p: str, zh: bool, *, may_drop: bool = False) -> str:
    sentences = _split_sentences(p, zh)
    may_drop = may_drop or len(sentences) > 1
    out: list[str] = []
    seen: list[str] = []
    for s in sentences:
        core = s.strip()
        if zh:
            clauses = re.split(r"(?<=[，,])", core)
            kept = [c for c in clauses if _has_figure(c) or not _FILLER_CLAUSE_ZH.match(c.rstrip("，,").strip())]
            core = "".join(kept) if kept else core
            for w in _FILLER_WORDS_ZH:
                core = core.replace(w, "")
            if not _has_figure(core) and _FILLER_SENTENCE_ZH.search(core) and may_drop:
                continue
        else:
            for rx, rep in _FILLER_EN:
                core = rx.sub(rep, core)
            core = core[:1].upper() + core[1:] if core else core
            if not _has_figure(core) and _FILLER_SENTENCE_EN.search(core) and may_drop:
                continue
        n = _norm(core)
        if any(n and (n in o or o in n) for o in seen):
            continue  # a repeated statement
        seen.append(n)
        out.append(core)
    return ("" if zh else " ").join(out)


def _formal(p: str, zh: bool) -> str:
    if zh:
        for a, b in _FORMAL_ZH:
            p = p.replace(a, b)
        return p
    for a, b in _FORMAL_EN:
        p = re.sub(a, b, p, flags=re.I)
    return p


def _note_lines_about(notes_text: str, what: str) -> list[str]:
    """Note lines that mention what the user asked to add (longest common words)."""
    keys = [w for w in re.findall(r"[\u4e00-\u9fff]{2,}|[A-Za-z]{4,}|\d[\d.]*", what)]
    if not keys:
        return []
    hits = []
    for line in notes_text.splitlines():
        s = line.strip().lstrip("-*•·0123456789.、） )").strip()
        if not s:
            continue
        if all(k.lower() in s.lower() for k in keys) or (len(keys[0]) >= 4 and keys[0] in s):
            hits.append(s)
    return hits


def _as_sentence(s: str, zh: bool) -> str:
    s = s.strip()
    if zh:
        return s if s.endswith(("。", "！", "？", "；")) else s.rstrip("，,;；.") + "。"
    s = s[:1].upper() + s[1:]
    return s if s.endswith((".", "!", "?")) else s + "."


_EXPAND = re.compile(r"具体|详细|详实|充实|丰富|展开|扩写|扩充|补全|more detail|detailed|expand|elaborate|specific|fuller", re.I)
_ROLE_OF_GROUP = {0: "plan", 1: "problem", 2: "achievement"}


def _bigrams(s: str) -> set[str]:
    t = _norm(s)
    return {t[i : i + 2] for i in range(len(t) - 1)}


def _omitted_note_lines(notes_text: str, draft_text: str, section_title: str, body: str) -> list[str]:
    """Note items the draft does not use yet that belong here (same role, closest wording first)."""
    try:
        from assistant.notes import parse_notes

        notes = parse_notes(notes_text)
    except (InputError, ImportError):
        return []
    groups = _alias_groups(section_title)
    roles = {_ROLE_OF_GROUP[g] for g in groups}
    draft_norm = _norm(draft_text)
    body_grams = _bigrams(body + section_title)
    scored: list[tuple[float, str]] = []
    for item in notes.content_items:
        text = item.text.strip().lstrip("-*•· ").strip()
        if not text or _norm(text) in draft_norm or (roles and item.role not in roles):
            continue
        if item.figures and all(f in draft_text for f in item.figures):
            continue  # its figures are already in the draft
        grams = _bigrams(text)
        overlap = len(grams & body_grams) / max(1, len(grams))
        scored.append((overlap, item.prompt_text.strip()))
    scored.sort(key=lambda x: -x[0])
    return [t for score, t in scored[:3] if score > 0 or roles]


def offline_rewrite(body: str, instruction: str, notes_text: str, *, language: str,
                    add_here: bool = True, draft_text: str = "", section_title: str = "") -> tuple[str, list[str]]:
    """Deterministic rewrite of one body text; returns the new text and what was done.

    More concise: filler clauses, filler sentences and padding words dropped (a paragraph whose
    figures would change is kept as it was). More formal: colloquial words replaced. Add X: the
    note lines about X, else the user's words. More detailed/specific: note items of the same role
    that the draft does not use yet.
    """
    zh = language == "zh"
    paragraphs = [p for p in re.split(r"\n\s*\n|\n", body.strip()) if p.strip()]
    done: list[str] = []
    new_paras = [p.strip().lstrip("\u3000") for p in paragraphs]
    if _CONCISE.search(instruction):
        shorter = [_concise_paragraph(p, zh, may_drop=len(new_paras) > 1) for p in new_paras]
        # never lose a figure: a paragraph whose figures changed stays as it was
        shorter = [s if _figure_texts(s) == _figure_texts(p) else p for s, p in zip(shorter, new_paras, strict=True)]
        if "".join(shorter) != "".join(new_paras):
            done.append("更简洁" if zh else "more concise")
        new_paras = [s for s in shorter if s.strip()]
    if _FORMAL.search(instruction):
        formal = [_formal(p, zh) for p in new_paras]
        if formal != new_paras:
            done.append("更正式" if zh else "more formal")
        new_paras = formal
    facts = added_facts(instruction)[:1] if add_here and (_ADD_ZH.search(instruction) or _ADD_EN.search(instruction)) else []
    for what in facts:
        lines = _note_lines_about(notes_text, what)
        from_notes = [ln for ln in lines if _norm(ln) not in _norm("".join(new_paras))]
        if from_notes:
            addition = ("" if zh else " ").join(_as_sentence(ln, zh) for ln in from_notes[:3])
        else:
            addition = _as_sentence(("此外，" if zh else "In addition, ") + what if not _has_figure(what) or zh else what, zh)
        new_paras.append(addition)
        done.append(("补充：" if zh else "added: ") + what)
    if add_here and _EXPAND.search(instruction) and not facts:
        extra = _omitted_note_lines(notes_text, draft_text or body, section_title, body)
        if extra:
            new_paras.append(("" if zh else " ").join(_as_sentence(x, zh) for x in extra))
            done.append(("补充笔记中未用的内容：" if zh else "added unused notes: ") + "；".join(extra))
    return "\n".join(new_paras), done


# ============================================================================ the rewrite


@dataclass(frozen=True)
class RewriteToken:
    section_id: str  # the (sub)section whose body is being written
    text: str


@dataclass(frozen=True)
class RewriteRepair:
    section_id: str
    problems: tuple[str, ...]


@dataclass
class RewriteResult:
    """The outcome of one rewrite. ``text``/``tree`` are the whole new draft."""

    text: str
    tree: DraftTree
    section_id: str
    instruction: str
    old_section: str  # the section (heading + body + subsections) before
    new_section: str  # … and after
    notes_text: str  # the notes, with the user's added facts appended as new lines
    added_notes: list[str] = field(default_factory=list)
    check: dict[str, int] | None = None  # status → count for the rewritten section
    check_json: dict[str, Any] | None = None  # the checker's full JSON for the rewritten section
    unverified: int = 0
    repairs: list[list[str]] = field(default_factory=list)
    provider: str = "offline"
    actions: list[str] = field(default_factory=list)  # what the offline rewrite did
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return self.old_section != self.new_section


@dataclass(frozen=True)
class RewriteDone:
    result: RewriteResult


RewriteEvent = Union[RewriteToken, RewriteRepair, RewriteDone]  # noqa: UP007


def _checker() -> ModuleType | None:
    """The figure checker (always installed; callers also accept None for drafting without it)."""
    from assistant import check

    return check


def _examples_for_check(checker: ModuleType, examples: Sequence[Any]) -> list[Any]:
    out = []
    for ex in examples:
        if hasattr(ex, "chunk"):
            out.append(checker.ExampleText(ex.chunk.report_title, ex.chunk.text))
        elif isinstance(ex, tuple) and len(ex) == 2:
            out.append(checker.ExampleText(str(ex[0]), str(ex[1])))
        elif hasattr(ex, "title") and hasattr(ex, "text"):
            out.append(ex)
    return out


def _bodies(sec: Section) -> list[Section]:
    """Sections whose own body text is rewritten: the section and every subsection with text."""
    return [s for s in sec.walk() if s.body.strip() or not s.children]


def _append_notes(notes_text: str, facts: Sequence[str]) -> tuple[str, list[str]]:
    added: list[str] = []
    existing = {_norm(x) for x in notes_text.splitlines()}
    text = notes_text
    for f in facts:
        if _norm(f) in existing or (_norm(f) and _norm(f) in _norm(notes_text)):
            continue
        sep = "" if not text or text.endswith("\n") else "\n"
        text = f"{text}{sep}{f}\n"
        existing.add(_norm(f))
        added.append(f)
    return text, added


def _match_layout(new: str, old: str, *, blank_lines: bool) -> str:
    """Lay out new paragraphs like the old body: blank lines between them or not, 　　 indentation."""
    paras = [p.strip() for p in re.split(r"\n\s*\n|\n", new.strip()) if p.strip()]
    old_s = old.strip("\n")
    if "\n" in old_s.strip():
        blank_lines = re.search(r"\n\s*\n", old_s) is not None
    sep = "\n\n" if blank_lines else "\n"
    indent = "\u3000\u3000" if old_s.startswith("\u3000\u3000") else ""
    return sep.join(indent + p for p in paras)


def _strip_heading_echo(text: str, sec: Section) -> str:
    """Drop a first line that repeats the section heading (models like to echo it)."""
    lines = text.strip().split("\n")
    if lines and _norm(lines[0]) in {_norm(sec.label), _norm(sec.title), _norm(_title_core(sec))}:
        lines = lines[1:]
    return "\n".join(lines).strip()


def _model_messages(prompt_lang: str, *, report_title: str, notes_text: str, style: str, heading: str,
                    section_text: str, instruction: str) -> list[BaseMessage]:
    from assistant.draft import notes_block
    from assistant.notes import parse_notes
    from assistant.prompts import load_prompt, quote_data

    try:
        nb = notes_block(parse_notes(notes_text))
    except InputError:
        nb = "（无）" if prompt_lang == "zh" else "(none)"
    return load_prompt("rewrite_section", prompt_lang).to_messages(
        report_title=quote_data(report_title),
        notes_block=nb,
        style_block=style,
        section_heading=quote_data(heading),
        section_text=quote_data(section_text),
        instruction=quote_data(instruction),
    )


def _stream(model: BaseChatModel, messages: list[BaseMessage], sid: str, buf: list[str]) -> Iterator[RewriteToken]:
    from assistant.providers import stream_text

    for content in stream_text(model, messages):
        buf.append(content)
        yield RewriteToken(sid, content)


def iter_rewrite(
    tree: DraftTree,
    section_id: str,
    instruction: str,
    notes_text: str,
    *,
    model: BaseChatModel | None = None,
    language: str | None = None,
    examples: Sequence[Hit | tuple[str, str]] = (),
    provider: str | None = None,
    check: bool = True,
    max_repairs: int = 1,
) -> Iterator[RewriteEvent]:
    """Stream the rewrite of one section; the last event is :class:`RewriteDone`."""
    started = time.perf_counter()
    instruction = instruction.strip()
    if not instruction:
        raise InputError("Say how the section should change. / 请说明要如何修改这一部分。")
    target = tree.get(section_id)
    source = tree.text
    lang = language or ("zh" if _is_zh(source) else "en")
    zh = lang == "zh"
    old_section = tree.section_text(section_id)
    facts = added_facts(instruction)
    new_notes, added = _append_notes(notes_text, facts)
    checker = _checker() if check else None
    ex_check = _examples_for_check(checker, examples) if checker is not None else []

    bodies = _bodies(target)
    adding = bool(_ADD_ZH.search(instruction) or _ADD_EN.search(instruction))
    add_target = bodies[-1].id if bodies else section_id
    style = ""
    if model is not None:
        from assistant.draft import style_block

        hits = [e for e in examples if hasattr(e, "chunk")]
        style = style_block(hits, "zh" if zh else "en")[0]  # type: ignore[arg-type]

    result = RewriteResult(text=source, tree=tree, section_id=section_id, instruction=instruction,
                           old_section=old_section, new_section=old_section, notes_text=new_notes,
                           added_notes=added, provider=provider or ("offline" if model is None else "model"))
    current = tree
    for body_sec in bodies:
        sid = body_sec.id
        sec = current.get(sid)
        own = source_body = current.text[sec.body_start : sec.end]
        if adding and sid != add_target and not (_CONCISE.search(instruction) or _FORMAL.search(instruction)):
            continue  # "add X" touches one body only (the last of the section)
        if not own.strip() and sid != add_target:
            continue
        if model is None:
            new_body, done = offline_rewrite(own, instruction, new_notes, language=lang, add_here=sid == add_target,
                                             draft_text=current.text,
                                             section_title=f"{_title_core(target)} {_title_core(sec)}")
            result.actions.extend(d for d in done if d not in result.actions)
            for piece in [new_body]:
                yield RewriteToken(sid, piece)
        else:
            heading = sec.label or (current.title or "")
            ins = instruction
            if adding and sid != add_target:
                ins = re.sub(_ADD_ZH.pattern if zh else _ADD_EN.pattern, "", instruction).strip(" ，,") or instruction
            messages = _model_messages(lang, report_title=current.title or "", notes_text=new_notes, style=style,
                                       heading=heading, section_text=own.strip(), instruction=ins)
            buf: list[str] = []
            yield from _stream(model, messages, sid, buf)
            raw = "".join(buf)
            new_body = _clean(raw, sec, lang)
            if _norm(new_body) == _norm(own) and own.strip():
                # small local models often echo the section: ask once more, naming the problem (and a
                # length for "more concise"); the rule-based rewrite below stays the last resort
                from langchain_core.messages import AIMessage, HumanMessage

                yield RewriteRepair(sid, ("模型原样返回了原文，已要求重写" if zh
                                          else "the model returned the section unchanged; asked again",))
                buf = []
                yield from _stream(model, [*messages, AIMessage(content=raw),
                                           HumanMessage(content=_echo_follow_up(own, instruction, zh))], sid, buf)
                retry = _clean("".join(buf), sec, lang)
                if retry.strip():
                    raw, new_body = "".join(buf), retry
            if checker is not None:
                res = checker.check_draft(new_notes, new_body, examples=ex_check)
                blocking = list(checker.blocking_figures(res))
                attempt = 0
                while blocking and attempt < max_repairs:
                    attempt += 1
                    problems = tuple(f"{b.figure.text} ({b.status}: {b.reason})" for b in blocking)
                    result.repairs.append(list(problems))
                    yield RewriteRepair(sid, problems)
                    from langchain_core.messages import AIMessage

                    from assistant.prompts import load_prompt, quote_data

                    follow = load_prompt("repair_section", lang).to_messages(
                        section_heading=quote_data(heading),
                        instructions=str(checker.repair_instructions(res, lang)))
                    buf = []
                    yield from _stream(model, [*messages, AIMessage(content=raw), *follow], sid, buf)
                    raw = "".join(buf)
                    new_body = _clean(raw, sec, lang)
                    res = checker.check_draft(new_notes, new_body, examples=ex_check)
                    blocking = list(checker.blocking_figures(res))
        if model is not None and _norm(new_body) == _norm(own):
            # the model gave the section back unchanged (small models echo their input): apply the
            # deterministic rewrite so the user still gets what they asked for, and say so
            new_body, done = offline_rewrite(own, instruction, new_notes, language=lang, add_here=sid == add_target,
                                             draft_text=current.text,
                                             section_title=f"{_title_core(target)} {_title_core(sec)}")
            note = "模型未改动，已按规则改写" if zh else "the model left it unchanged; rule-based rewrite applied"
            result.actions.extend([note, *[d for d in done if d not in result.actions]])
        if not new_body.strip():
            log.warning("rewrite of %s produced no text; keeping the old text", sid)
            continue
        laid_out = _match_layout(new_body, source_body,
                                 blank_lines=any(x.kind.startswith("md") for x in current.walk()))
        new_text = replace_section(current, sid, laid_out, own_body_only=True)
        current = parse_draft(new_text)

    # re-check the rewritten section (everything under its heading) against the extended notes;
    # what still fails is marked 【待核实：…】 / [to verify: …]
    if checker is not None:
        body_text = current.section_body(section_id)
        res = _without_marked(checker, checker.check_draft(new_notes, body_text, examples=ex_check))
        blocking = list(checker.blocking_figures(res))
        if blocking:
            marked = checker.mark_unverified(body_text, res, lang)
            if marked.strip() and marked != body_text:
                current = parse_draft(replace_section(current, section_id, marked))
                res = checker.check_draft(new_notes, current.section_body(section_id), examples=ex_check)
            result.unverified = len(blocking)
        result.check = dict(res.summary)
        result.check_json = res.to_json()
    new_section = current.section_text(section_id)
    result.text = current.text
    result.tree = current
    result.new_section = new_section
    result.seconds = time.perf_counter() - started
    yield RewriteDone(result)


def _echo_follow_up(own: str, instruction: str, zh: bool) -> str:
    """The follow-up sent once when the model gave the section back word for word."""
    if zh:
        cap = f"：用不超过{max(20, len(_norm(own)) * 6 // 10)}个字概括原小节的意思" if _CONCISE.search(instruction) else ""
        return (f"这与【原小节】原文一字不差，没有按【修改要求】修改。请重新改写{cap}，措辞必须与原文不同，"
                "数字原样照抄。只输出改写后的正文：")
    cap = f" in at most {max(15, len(own.split()) * 6 // 10)} words" if _CONCISE.search(instruction) else ""
    return ("That is the ORIGINAL SECTION word for word; it does not follow the REQUEST. Rewrite it again"
            f"{cap}, in different wording, copying every figure exactly. Output the rewritten body text only:")


def _without_marked(checker: ModuleType, res: Any) -> Any:
    """The check result minus figures already inside a 【待核实：…】 marker (never mark twice)."""
    spans = [(a, b) for a, b, _ in checker.find_markers(res.draft_text)] if hasattr(checker, "find_markers") else []
    if not spans:
        return res
    import dataclasses

    keep = [fc for fc in res.figures if not any(a <= fc.figure.start < b for a, b in spans)]
    return dataclasses.replace(res, figures=keep)


_ECHO_BLOCK = re.compile(
    r"^\s*(?:【(?P<zh>工作要点|范文摘录|原小节|修改要求)】|(?P<en>NOTES|STYLE EXCERPTS|ORIGINAL SECTION|REQUEST)\b)")
_ECHO_QUOTED_HEADING = re.compile(r"^\s*(?:[（(][^）)]{0,40}[）)])?\s*[“\"][^”\"]{0,60}[”\"]\s*[:：]?\s*")
_ECHO_TAIL = re.compile(r"^\s*(只输出改写后的正文|Output the rewritten body text only)")
_NOTE_ID = re.compile(r"\s*\[n\d+\]\s*")


def _strip_prompt_echo(raw: str) -> str:
    """Small models echo the prompt (【工作要点】 block, 【原小节】“…”, 【修改要求】 …): keep only the
    section text. Notes, style and request blocks are dropped; the section block is kept without its label."""
    if not _ECHO_BLOCK.search(raw) and not re.search(r"(?m)^\s*\[n\d+\]", raw):
        return _NOTE_ID.sub("", raw)
    out: list[str] = []
    keep = True
    for line in raw.replace("\r\n", "\n").split("\n"):
        m = _ECHO_BLOCK.match(line)
        if m:
            label = m.group("zh") or m.group("en")
            keep = label in ("原小节", "ORIGINAL SECTION")
            rest = line[m.end():]
            if keep:
                rest = _NOTE_ID.sub("", _ECHO_QUOTED_HEADING.sub("", rest))
                if rest.strip():
                    out.append(rest)
            continue
        if re.match(r"^\s*\[n\d+\]", line) or _ECHO_TAIL.match(line):
            continue
        if keep:
            out.append(_NOTE_ID.sub("", line))
    return "\n".join(out)


def _clean(raw: str, sec: Section, language: str) -> str:
    from assistant.draft import clean_model_output

    raw = _strip_prompt_echo(raw)
    text = clean_model_output(raw, sec.label, _title_core(sec), "zh" if language == "zh" else "en")
    return _strip_heading_echo(text, sec)


def rewrite_section(
    tree: DraftTree,
    section_id: str,
    instruction: str,
    notes_text: str,
    *,
    model: BaseChatModel | None = None,
    language: str | None = None,
    examples: Sequence[Hit | tuple[str, str]] = (),
    provider: str | None = None,
    check: bool = True,
    max_repairs: int = 1,
) -> RewriteResult:
    """Rewrite one section (see :func:`iter_rewrite`) and return the result."""
    final: RewriteResult | None = None
    for event in iter_rewrite(tree, section_id, instruction, notes_text, model=model, language=language,
                              examples=examples, provider=provider, check=check, max_repairs=max_repairs):
        if isinstance(event, RewriteDone):
            final = event.result
    if final is None:  # pragma: no cover - iter_rewrite always ends with RewriteDone
        raise ModelError("the rewrite ended without a result")
    return final
