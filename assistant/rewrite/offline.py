"""The offline rewrite: deterministic transformations of one section body (more concise: filler clauses
and words dropped, every figure kept; more formal: colloquial words replaced; add: the matching note
lines, or the user's own words, appended; expand: unused note lines)."""

from __future__ import annotations

import logging
import re

from assistant.errors import InputError
from assistant.figures import extract_figures
from assistant.rewrite.requests import _ADD_EN, _ADD_ZH, _CONCISE, _FORMAL, _alias_groups, _norm, added_facts

log = logging.getLogger(__name__)

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
    return sorted(f.text for f in extract_figures(text) if not f.ignored)


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


_ZH_ORDINALS = "一二三四五六七八九十"
_EN_ORDINALS = ("First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth")


def _into_list(paragraph: str, addition: str, zh: bool) -> str | None:
    """``paragraph`` with ``addition`` as its next listed point when it lists points (一是…；二是…, "主要是X"
    for one problem, "First, … Second, …"); None when it lists none."""
    item = addition.rstrip("。.；; ")
    if zh:
        item = re.sub(r"^(?:此外|另外|同时)，", "", item)
        found = [k for k, ch in enumerate(_ZH_ORDINALS) if f"{ch}是" in paragraph]
        body = paragraph.rstrip().rstrip("。；;")
        if found and found[-1] + 1 < len(_ZH_ORDINALS):
            return f"{body}；{_ZH_ORDINALS[found[-1] + 1]}是{item}。"
        single = re.search(r"(?:主要是|主要表现在|主要有)[：:]?", body)
        if single and "；" not in body[single.end():]:
            return f"{body[:single.start()].rstrip('，,')}：一是{body[single.end():]}；二是{item}。"
        return None
    found = [k for k, w in enumerate(_EN_ORDINALS) if re.search(rf"\b{w},", paragraph)]
    if found and found[-1] + 1 < len(_EN_ORDINALS):
        sentence = item[:1].upper() + item[1:]
        return f"{paragraph.rstrip()} {_EN_ORDINALS[found[-1] + 1]}, {sentence[:1].lower() + sentence[1:]}."
    return None


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
        listed = _into_list(new_paras[-1], addition, zh) if new_paras else None
        if listed is not None:  # 一是…；二是… / First, … Second, …: the addition is the next point
            new_paras[-1] = listed
        else:
            new_paras.append(addition)
        done.append(("补充：" if zh else "added: ") + what)
    if add_here and _EXPAND.search(instruction) and not facts:
        extra = _omitted_note_lines(notes_text, draft_text or body, section_title, body)
        if extra:
            new_paras.append(("" if zh else " ").join(_as_sentence(x, zh) for x in extra))
            done.append(("补充笔记中未用的内容：" if zh else "added unused notes: ") + "；".join(extra))
    return "\n".join(new_paras), done
