"""Which section a chat message means and what it asks: :func:`resolve_section_ref` (a reference →
:class:`~assistant.sections.Section`, :class:`Ambiguity` or :class:`NotFound`), :func:`parse_rewrite_request`
(a chat message → :class:`RewriteRequest` or None) and the instruction intents (concise, formal, add:
:func:`added_facts`)."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from assistant.lang import has_cjk
from assistant.sections import DraftTree, Section, find_heading
from assistant.textnorm import cn_to_int, roman_to_int

log = logging.getLogger(__name__)

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
    zh = has_cjk(ref) or has_cjk(tree.text[:2000])
    listing = "；".join(_describe(tree, c, zh) for c in cands) if zh else "; ".join(
        _describe(tree, c, zh) for c in cands)
    q = (f"“{ref}”可能指以下几个部分：{listing}。请问是哪一个？（可回复编号，如 {cands[0].id}）" if zh else
         f'"{ref}" could mean: {listing}. Which one? (reply with the id, e.g. {cands[0].id})')
    return Ambiguity(ref, tuple(cands), q)


def _not_found(tree: DraftTree, ref: str) -> NotFound:
    zh = has_cjk(ref) or has_cjk(tree.text[:2000])
    tops = [s for s in tree.sections]
    listing = ("；" if zh else "; ").join(_describe(tree, s, zh) for s in tops)
    msg = (f"没有找到“{ref}”对应的部分。草稿中的部分有：{listing}。" if zh else
           f'No section matches "{ref}". The draft has: {listing}.')
    return NotFound(ref, msg)


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
    words = [w for w in re.findall(r"[a-z0-9]+|[\u4e00-\u9fff]{2,}", q.lower()) if len(w) > 2 or has_cjk(w)]
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
# Blanks before a token that cannot start with a blank are taken possessively (\s*+), and `\s*(?:在)?\s*` is
# written `(?:\s*+在)?\s*` (the same tries in the same order): a run of blanks in a message then costs
# linear time, not the cube of its length. In the first pattern the reference starts after the blanks
# and never ends on one: the only matches lost are references made of blanks only (把\u3000改), which
# _parse_rewrite_request strips to nothing and rejects anyway.
_ZH_PATTERNS = (
    # 把第二部分改写得更简洁 / 将“存在的问题”部分改得正式一些
    re.compile(rf"^(?:请|麻烦|帮我|请帮我|能不能|可以)?\s*+(?:把|将)\s*+(?P<ref>.+?)(?<!\s)\s*+"
               rf"(?P<ins>{_ZH_VERBS}.*|{_ZH_ADD}.+|(?:写|改|变)得.+)$"),
    # 三、工作安排里加上林蛙养殖园区的内容 / 第二部分中补充…
    re.compile(rf"^(?:请|麻烦|帮我|请帮我)?(?:\s*+在)?\s*(?P<ref>{_REF_HEAD}|.{{1,20}}?(?:部分|一节|小节|段))"
               rf"\s*+(?:里面|里|中|当中)?\s*+[，,]?\s*+(?P<ins>{_ZH_ADD}.+)$"),
    re.compile(rf"^(?:请|麻烦|帮我|请帮我)?(?:\s*+在)?\s*(?P<ref>.{{1,20}}?)(?:里面|里|中|当中)\s*+[，,]?\s*+(?P<ins>{_ZH_ADD}.+)$"),
    # 重写第三部分 / 精简一下存在的问题部分
    re.compile(rf"^(?:请|麻烦|帮我|请帮我)?\s*(?P<verb>{_ZH_VERBS}|{_ZH_ADD})(?:一下)?\s*(?P<ref>{_REF_HEAD}|.{{1,20}}?(?:部分|一节|小节|段))(?P<rest>.*)$"),
    # 第二部分更简洁一些 / 第二部分改得更正式
    re.compile(rf"^(?P<ref>{_REF_HEAD})\s*+[，,]?\s*+(?P<ins>(?:要|需要|请|再|写|改|改写)?得?(?:更|再|更加|稍微|简洁|精简|正式|具体|详细|简短|规范).+)$"),
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
    if has_cjk(text):
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
_ADD_ZH = re.compile(r"(?:加上|加入|增加|补充|添加|写上|写进|补上|增补|插入|提到|提及)"
                     r"(?:一下|一条|一点|一项|一句话?|一个问题|一项措施|一段)?[：:，,\s]*(?P<what>.+)$")
_ADD_EN = re.compile(r"\b(?:add|include|mention|insert)\b\s*(?:that\s+|a\s+(?:note|sentence)\s+(?:on|about)\s+)?(?P<what>.+)$", re.I)
_WHAT_TAIL = re.compile(r"(?:的相关内容|相关内容|的内容|等内容|的情况|情况|内容|这件事|这一点|一句话?|的介绍)$")
# starts only at the start of a run of blanks, blanks taken possessively: linear on a long run of blanks
_EN_WHAT_TAIL = re.compile(
    r"(?<!\s)\s++(?:to|in|into)\s++(?:the\s++)?(?:this\s++)?(?:section|part|paragraph|plan|summary)\b.*+$", re.I)


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
        c = re.sub(r"^.*?(?:加上|加入|增加|补充|添加|写上|写进|补上|增补|插入|提到|提及)"
                   r"(?:一下|一条|一点|一项|一句话?|一个问题|一项措施|一段)?[：:\s]*", "", c)
        if (c and re.search(r"\d|[一二三四五六七八九十百千万]+(?:个|项|户|人|元|亿|万)", c)
                and not any(c in f or f in c for f in facts)
                and not re.search(r"第\s*[一二三四五六七八九十\d]+\s*部分|section\s*\d", c, re.I)):
            facts.append(c)
    return [f for f in facts if f]
