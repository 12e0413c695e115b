"""A change's direction and a value's place in a from → to span, read on both sides (issue 10, wave 12).

- A change has a direction on each side: the sign or word before it (增加 / 减少 / 多 / 少, up / down, "+2.9",
  rose / fell), or the word right after it ("1.6 trillion more than 2024", "about 10% increase", "a 15%
  decline", "420 fewer"). :func:`change_direction_conflict` gives the two directions when the draft turns the
  notes' change round.
- In a from → to span, 到 / 至 / "to" after a verb of change names the END value and 由 / 从 / "from" the
  START: :func:`span_position_conflict` finds the notes' start stated as the end (下降到67.9% against
  由67.9%提高到87.9%) or their end stated as the start (从98%起步 against 由92%提高到98%).
Both are used by :func:`assistant.check_meaning.meaning_check`.
"""

from __future__ import annotations

import itertools
import re
from typing import Literal

from assistant import check_meaning_spans
from assistant.check_ledger import PERCENT_UNITS, Ledger
from assistant.check_meaning_direction import pair_end
from assistant.check_reasons import note_where
from assistant.check_types import FigureCheck
from assistant.figures import Figure
from assistant.meaning import Direction, Meaning

__all__ = ["action_conflict", "arrow_direction", "change_direction_conflict", "comparison_direction", "direction_after", "sign_lost",
           "sign_reason", "span_position_conflict", "stated_change_conflicts"]

# the direction a word right after a change gives it: "1.6 trillion more than 2024", "10% increase", "a 15% decline"
_AFTER_EN = re.compile(r"\s?(?:percent\b|per\scent\b|%|percentage\spoints?\b|points?\b)?\s?"
                       r"(?P<w>increase|rise|gain|jump|growth|more|higher|decrease|decline|drop|fall|reduction|cut|less|"
                       r"fewer|lower)\b", re.I)
_AFTER_ZH = re.compile(r"(?<!\s)\s*+的?(?P<w>增幅|涨幅|增长|增量|降幅|减幅|跌幅|下降|减少)(?![率额量])")
_DOWN_WORDS = frozenset({"decrease", "decline", "drop", "fall", "reduction", "cut", "less", "fewer", "lower",
                         "降幅", "减幅", "跌幅", "下降", "减少"})
# a bound or a comparison, not a change: "or more", "no less than", "at least"
_NOT_CHANGE_AFTER = re.compile(r"\s?(?:or\s(?:more|less|fewer|higher|lower)|more\sor\sless)\b", re.I)
_RANK = re.compile(r"排名|名次|位次|排位|排在|\brank(?:ed|ing)?\b", re.I)


def direction_after(text: str, end: int) -> Direction | None:
    """The direction the word right after a figure gives it ("more than 2024", "10% increase", "a 15% decline",
    8.1%的降幅), or None."""
    if _NOT_CHANGE_AFTER.match(text, end, end + 16):
        return None
    m = _AFTER_EN.match(text, end, end + 30) or _AFTER_ZH.match(text, end, end + 8)
    if m is None:
        return None
    return "down" if m.group("w").lower() in _DOWN_WORDS else "up"


# a level the draft names after a verb of change: 下降到67.9%, 升至, "rose to", "fell to about"
_TO_END_ZH = re.compile(r"(?:增加|增长|提高|提升|上升|升|攀升|扩大|下降|降低|减少|降|回落|缩小|减|压减|压缩|增)(?:到|至)\s*+"
                        r"(?:(?:19|20)\d\d\s?年(?:底|末)?的?)?\s*+(?:约|近)?\s*+$")
_TO_END_EN = re.compile(r"\b(?:rose|risen|rising|increased|grew|grown|climbed|jumped|went\s(?:up|down)|fell|fallen|"
                        r"dropped|declined|decreased|slipped|shrank|improved|worsened|was\scut|were\scut|cut|reduced|"
                        r"expanded|narrowed|widened)\s(?:\w+\s)?to\s(?:about\s|around\s|nearly\s|some\s)?\$?\s?$", re.I)
# the start the draft names: 由67.9%, 从98%, "from 64%" (not "apart from", "away from")
_FROM_START = re.compile(r"(?:(?<![截至])[由从]|(?<!apart\s)(?<!away\s)\bfrom)\s*+(?:[上去]年的?|(?:19|20)\d\d\s?年(?:底|末)?的?|"
                         r"(?:FY\s?)?(?:19|20)\d\d(?:'s)?\s|about\s|around\s|nearly\s|约|近)?\s*+\$?$", re.I)

Position = Literal["start", "end"]


def _draft_position(text: str, d: Figure) -> Position | None:
    before = text[max(0, d.start - 30):d.start]
    if _TO_END_ZH.search(before[-16:]) or _TO_END_EN.search(before):
        return "end"
    if _FROM_START.search(before):
        return "start"
    return None


# (matched where a figure ends: a blank run starts only there, so a search stays linear)
# between the two values of a from → to pair on a note line when the reader gave the first no baseline role:
# an arrow, or a verb of change before 到 / 至 / "to" (60.2%升至65.2%, "2.1% rising to 2.5%"); not a range (5%至6%)
_CHANGE_GAP = re.compile(r"(?<!\s)\s*+(?:[(（][^()（）\d]{0,12}[)）])?\s*+(?:→|⟶|➝|➔|⇒|=>|-{1,2}>|—>|－>|"
                         r"[^，,；;。\d]{0,8}?(?:增加|增长|提高|提升|上升|升|攀升|扩大|下降|降低|减少|降|回落|缩小|增|减)(?:到|至)|"
                         r"[^，,；;。\d]{0,12}?\b(?:ris(?:es|ing)|rose|increas(?:ed|ing)|gr(?:ew|owing)|climb(?:ed|ing)|"
                         r"f(?:ell|alling)|drop(?:ped|ping)|declin(?:ed|ing)|decreas(?:ed|ing))\sto)\s*+"
                         r"(?:[~≈约近]|about\s|around\s|nearly\s)?\s*+\$?", re.I)


def _neighbour(ledger: Ledger, idx: int, after: bool) -> Figure | None:
    note = ledger.figs[idx]
    same = [ledger.figs[j] for j in ledger.by_line.get(note.line, ()) if j != idx and ledger.figs[j].unit == note.unit
            and (ledger.figs[j].start >= note.end if after else ledger.figs[j].end <= note.start)]
    if not same:
        return None
    return min(same, key=lambda f: f.start) if after else max(same, key=lambda f: f.end)


def _note_position(ledger: Ledger, idx: int) -> Position | None:
    note, nm = ledger.figs[idx], ledger.meanings[idx]
    if nm.role == "baseline" and nm.period.relative is None and check_meaning_spans.PAIR_AFTER.match(ledger.text, note.end):
        return "start"
    if pair_end(ledger, idx):
        return "end"
    nxt, prev = _neighbour(ledger, idx, True), _neighbour(ledger, idx, False)
    if nm.base is None and nxt is not None and _CHANGE_GAP.fullmatch(ledger.text, note.end, nxt.start):
        return "start"
    if nm.base is None and prev is not None and _CHANGE_GAP.fullmatch(ledger.text, prev.end, note.start):
        return "end"
    return None


def span_position_conflict(ledger: Ledger, idx: int, d: Figure) -> tuple[Position, Position] | None:
    """The draft names the notes' from → to value at the other end of the span: (its place in the notes, its
    place in the draft), else None. 到 / 至 / "to" after a verb of change names the end value, 由 / 从 / "from"
    the start."""
    n_pos = _note_position(ledger, idx)
    if n_pos is None:
        return None
    d_pos = _draft_position(ledger.draft_text, d)
    if d_pos is None or d_pos == n_pos:
        return None
    note = ledger.figs[idx]
    if _RANK.search(ledger.text, max(0, note.start - 30), note.start) or _RANK.search(
            ledger.draft_text, max(0, d.start - 30), d.start):
        return None  # a rank's numbers: 第8位上升到第5位
    return n_pos, d_pos


_TO_LEVEL = re.compile(r"(?:\bto|到|至)\s*+(?:(?:19|20)\d\d\s?年(?:底|末)?的?|(?:19|20)\d\d(?:'s)?\s)?\s*+"
                       r"(?:about|around|nearly|约|近)?\s*+\$?$", re.I)


def _note_change_direction(ledger: Ledger, idx: int) -> Direction | None:
    note, nm = ledger.figs[idx], ledger.meanings[idx]
    if _note_position(ledger, idx) is not None:
        return None  # a value of a from → to span is a level, read by span_position_conflict / contradicting_earlier
    return (note.direction or nm.direction or direction_after(ledger.text, note.end)
            or comparison_direction(ledger.text, note.start) or arrow_direction(ledger.text, note.start, note.end))


def change_direction_conflict(ledger: Ledger, idx: int, d: Figure, dm: Meaning) -> tuple[Direction, Direction] | None:
    """The notes' change and the draft's statement of it run different ways (1.6 trillion more than 2024 →
    "1.6 trillion less than last year"; "about 10% increase" → "fell about 10 percent"; 比上年多1.2亿元 →
    比上年少1.2亿元): (the notes' direction, the draft's), else None. Not for a level the draft says a change
    reached (增加到X, "fell to X": :func:`assistant.check_meaning_direction.contradicting_earlier` reads those),
    nor for a rank (its number falls as it rises)."""
    note = ledger.figs[idx]
    text = ledger.draft_text
    if _TO_LEVEL.search(text[max(0, d.start - 20):d.start]):
        return None
    n_dir = _note_change_direction(ledger, idx)
    if n_dir is None:
        return None
    d_dir = (d.direction or dm.direction or direction_after(text, d.end) or comparison_direction(text, d.start)
             or arrow_direction(text, d.start, d.end))
    if d_dir is None or d_dir == n_dir:
        return None
    if _RANK.search(ledger.text, max(0, note.start - 30), note.start) or _RANK.search(text, max(0, d.start - 30),
                                                                                       d.start):
        return None
    return n_dir, d_dir


# sign8 (wave 13): a comparison's own word of direction before its change: 比上年高0.5个百分点, 较去年预算低0.2个百分点,
# 比2020年少12人, "higher by 0.5 points"
_COMPARE_ZH = re.compile(r"(?:比|较)[^，,；;。\n\d]{0,16}?(?P<w>高出|高|低|多出|多|少)了?\s*+(?:约|近)?\s*+$")
_COMPARE_EN = re.compile(r"\b(?P<w>higher|lower|more|less|fewer|up|down)\sby\s(?:about\s|around\s|nearly\s)?\$?$", re.I)


def comparison_direction(text: str, start: int) -> Direction | None:
    """The direction a comparison's word right before a change gives it (比上年高0.5个百分点: up; 较去年低: down;
    "lower by 2 points": down), or None."""
    m = _COMPARE_ZH.search(text, max(0, start - 24), start) or _COMPARE_EN.search(text, max(0, start - 24), start)
    if m is None:
        return None
    return "down" if m.group("w").lower() in ("低", "少", "lower", "less", "fewer", "down") else "up"


_ARROW_BEFORE = re.compile(r"(?P<a>[↑↓▲▼⬆⬇])\s?$")
_ARROW_AFTER = re.compile(r"\s?(?P<a>[↑↓▲▼⬆⬇])")


def arrow_direction(text: str, start: int, end: int) -> Direction | None:
    """The direction an arrow right before or after a change gives it (投诉量↓12%, "calls ↑9%", 12%↓), or None."""
    m = _ARROW_BEFORE.search(text, max(0, start - 2), start) or _ARROW_AFTER.match(text, end, end + 2)
    if m is None:
        return None
    return "down" if m.group("a") in "↓▼⬇" else "up"


# any word by which a sentence gives a change a direction (lenient: a draft that says it in any such word keeps it)
_ANY_DIRECTION = re.compile(
    r"增|升|涨|提高|扩大|多|高|降|减|少|低|跌|落|缩|萎|节约|节省|节能|压|优化|改善|好转|恶化|负|正增|翻番|倍|[↑↓▲▼⬆⬇]|下调|上调|下行|上行|收窄|走低|走高|放缓|加快|"
    r"\b(?:up|down|ris\w*|rose|fell|fall\w*|increas\w*|decreas\w*|declin\w*|drop\w*|grew|grow\w*|gain\w*|cut\w*|"
    r"reduc\w*|lower\w*|higher|less|more|fewer|shr[iau]nk\w*|slip\w*|slid\w*|climb\w*|jump\w*|plung\w*|"
    r"improv\w*|worsen\w*|sav\w*|short\w*|longer|above|below|expan\w*|narrow\w*|widen\w*|boost\w*|rais\w*|"
    r"trimm?\w*|slash\w*|halv\w*|doubl\w*|surg\w*|soar\w*|dipp?\w*|eas\w*|minus|negative|positive|"
    r"contract\w*|lift\w*|spik\w*|tumbl\w*|sank|sunk|sink\w*|shed|lost|los[es]\w*|retreat\w*|rebound\w*)\b", re.I)
_NOUN_WITH_DIRECTION = re.compile(r"增加值|增值税|增量|降水|高速|高新|高质量|高标准|低保|多元|落实|落地|压实")
_NEUTRAL_CHANGE = re.compile(r"变化|变动|波动|\bchang\w*|\bshift\w*|\bmoved\b|\bvar(?:ied|y)\b", re.I)
_SHARE_OF = re.compile(r"\s?(?:percent\s|per\scent\s)?of\b", re.I)
_RATE_OR_PRICE = re.compile(r"率|速|价|CPI|PPI|\brate|\bpace|\binflation|\bprice|\byield|\bshare|\bratio", re.I)
_LEVEL_WORD = re.compile(r"(?:为|是|达到|达|占|控制在|保持在)\s*+(?:约|近)?\s*+$|\b(?:was|were|is|are|stood\sat|reached|"
                         r"at|totall?ed|of)\s(?:about\s|around\s|nearly\s)?$", re.I)
_NOTE_WORD_DOWN = re.compile(r"(?:下降|减少|降低|回落|下滑|降|减|[↓▼⬇]|\bdown|\bfell|\bfallen|\bdeclined?|\bdecreased?|"
                             r"\bdropped|\bcut|\blower)[^，,；;。\n\d]{0,6}$", re.I)


def _clause_before(text: str, start: int, prev_end: int) -> str:
    """The words before a figure in its clause, back to the previous figure at most."""
    lo = max(prev_end, start - 60, max(text.rfind(ch, 0, start) for ch in "。！？!?；;\n") + 1)
    return text[lo:start]


def _clause_after(text: str, end: int) -> str:
    m = re.compile(r"[^，,；;。！？!?\n]{0,30}").match(text, end)
    assert m is not None
    return m.group()


def sign_lost(ledger: Ledger, idx: int, d: Figure, dm: Meaning) -> Direction | None:
    """The notes' direction of a percentage change (能耗强度下降5.6%, "complaints down 12%", 同比-8%) that the draft
    states with none (能耗为5.6%, 控制在12%, "changed by 12%", "stood at 4.5%"): the notes' direction, else None. A rise
    is lost only through a word of change with no direction (变化, "changed by"): its level reading (增速为6.9%) is
    common and faithful. Not for a level the notes reach (下降到3%), nor a rank."""
    note = ledger.figs[idx]
    if note.unit not in PERCENT_UNITS or d.unit not in PERCENT_UNITS:
        return None
    n_dir = _note_change_direction(ledger, idx)
    if n_dir is None or _TO_LEVEL.search(ledger.text, max(0, note.start - 20), note.start):
        return None
    if n_dir == "down" and note.direction is None and direction_after(ledger.text, note.end) is None \
            and arrow_direction(ledger.text, note.start, note.end) is None \
            and not _NOTE_WORD_DOWN.search(ledger.text, max(0, note.start - 16), note.start):
        return None  # only an explicit fall: a sign, or the word right before or after it
    text = ledger.draft_text
    if d.direction or dm.direction or direction_after(text, d.end) or comparison_direction(text, d.start):
        return None
    prev = [f.end for f in ledger.draft_between(max(0, d.start - 80), d.start) if f.end <= d.start and f is not d]
    before = _clause_before(text, d.start, max(prev, default=0))
    words = _NOUN_WITH_DIRECTION.sub("", before + " " + _clause_after(text, d.end))
    if _ANY_DIRECTION.search(words) or _RANK.search(words) or _SHARE_OF.match(text, d.end) or before.endswith("的"):
        return None  # a share of a named whole ("half of its earlier 1,433", 原来的一半) is another reading
    if n_dir == "up" and not _NEUTRAL_CHANGE.search(before) and (
            _RATE_OR_PRICE.search(before) or not _LEVEL_WORD.search(before)):
        return None  # a rise read as a level only where the sentence says so (GDP为6.9%), not 增速/CPI/"inflation"
    return n_dir


# a verb that takes a count away (关停小作坊5家, "closed 3 branches") and one that adds it (新增, "opened", "added")
_REMOVE = (r"关停|关闭|关掉|淘汰|拆除|退出|化解|压减|取缔|注销|撤销|撤并|裁撤|清退|封停|停产|停业|去除|\bclos(?:ed|ing)\b|"
           r"\bshut(?:\sdown)?\b|\bretir(?:ed|ing)\b|\beliminat(?:ed|ing)\b|\bscrapp(?:ed|ing)\b|\bdemolish(?:ed|ing)\b|"
           r"\bremov(?:ed|ing)\b|\bdecommission(?:ed|ing)\b|\bdismantl(?:ed|ing)\b|\bphased\sout\b|\babolish(?:ed|ing)\b")
_ADD = (r"新增|新建|新开|新设|新上|新铺设|投产|建成|开通|开设|开办|增设|\bopen(?:ed|ing)\b|\badd(?:ed|ing)\b|"
        r"\bbuil[td]\b|\blaunch(?:ed|ing)\b|\binstall(?:ed|ing)\b|\bestablish(?:ed|ing)\b|\bset\sup\b|"
        r"\bcommission(?:ed|ing)\b|\bcreat(?:ed|ing)\b|\bnew\b")
_ACTION = re.compile(r"(?P<rm>" + _REMOVE + r"|裁减|辞退|精简|\blaid\soff\b|\bdismissed\b)|(?P<add>" + _ADD +
                     r"|招聘|招录|\bhired\b|\brecruited\b)", re.I)
# the verb after an English count: "3 branches closed", "2 new service points were opened"
_ACTION_AFTER_EN = re.compile(r"\s?(?:[A-Za-z-]{1,20}\s){0,3}?(?:(?:were|was|have\sbeen|had\sbeen|got)\s)?"
                              r"(?:(?P<rm>closed|shut|retired|eliminated|scrapped|demolished|removed|decommissioned|"
                              r"dismantled|abolished|laid\soff)|(?P<add>opened|added|built|launched|installed|"
                              r"established|commissioned|created|hired|recruited))\b")
Action = Literal["remove", "add"]


def _action(text: str, start: int, prev_end: int, end: int) -> Action | None:
    last = None
    for m in _ACTION.finditer(_clause_before(text, start, prev_end)):
        last = m
    if last is None:
        last = _ACTION_AFTER_EN.match(_clause_after(text, end))
    if last is None:
        return None
    return "remove" if last.group("rm") else "add"


def action_conflict(ledger: Ledger, idx: int, d: Figure) -> tuple[Action, Action] | None:
    """The notes take a count away (关停晨鸣公司3.5万吨造纸生产线, 淘汰燃煤锅炉26台, "closed 3 branches") and the draft
    adds it (新增造纸产能3.5万吨, "opened 3 branches"), or the reverse: (the notes' action, the draft's), else None.
    The verb nearest before the figure in its clause decides (拆除淘汰 / 新增关停 read by the last)."""
    note = ledger.figs[idx]
    n_prev = [ledger.figs[j].end for j in ledger.by_line.get(note.line, ()) if ledger.figs[j].end <= note.start]
    n_act = _action(ledger.text, note.start, max(n_prev, default=0), note.end)
    if n_act is None:
        return None
    d_prev = [f.end for f in ledger.draft_between(max(0, d.start - 80), d.start) if f.end <= d.start and f is not d]
    d_act = _action(ledger.draft_text, d.start, max(d_prev, default=0), d.end)
    if d_act is None or d_act == n_act:
        return None
    return n_act, d_act


def sign_reason(ledger: Ledger, idx: int, d: Figure, dm: Meaning, zh: bool) -> str | None:
    """The reason the draft loses the notes' sign (:func:`sign_lost`) or turns a removal into an addition
    (:func:`action_conflict`), in the draft's language; None otherwise."""
    note = ledger.figs[idx]
    where = note_where(note, zh)
    lost = sign_lost(ledger, idx, d, dm)
    if lost is not None:
        if zh:
            return (f"{where}是{'下降' if lost == 'down' else '增长'}{note.text}，草稿写{d.text}却没有写明"
                    f"{'下降' if lost == 'down' else '增长'}（读作水平值或方向不明）")
        return (f"{where} is {'a fall' if lost == 'down' else 'a rise'} of {note.text}, but the draft states "
                f"{d.text} without its direction (it reads as a level or an unsigned change)")
    acted = action_conflict(ledger, idx, d)
    if acted is None:
        return None
    n_act, _ = acted
    if zh:
        return (f"{where}是关停/淘汰（减少）的{note.text}，草稿却写成新增" if n_act == "remove" else
                f"{where}是新增的{note.text}，草稿却写成关停/淘汰（减少）")
    return (f"{where} is {note.text} taken away (closed, retired), but the draft states it as added" if n_act == "remove"
            else f"{where} is {note.text} added, but the draft states it as closed or removed")


# between a draft level and its change in the same clause: 1713亿元，比2010年减少一半以上 / "$4.6B, down 5% from 2024"
_LEVEL_THEN_CHANGE = re.compile(r"\s*+[，,]?\s*+(?:(?:比|较)\s*+(?:上年|去年|上一年|(?:19|20)\d\d\s?年(?:底|末)?)\s*+)?"
                                r"(?:增加|增长|提高|上升|多|减少|下降|降低|回落|少|up|down|rose|fell|increased|"
                                r"decreased|declined|dropped|grew)?\s*+(?:by\s)?(?:了|约|近|about\s|around\s|nearly\s)?\s*+$",
                                re.I)
# between a note level and its own change: 1713亿元，为2010年的2.2倍 / 286亿元，比上年下降5% / "4.6B (+5%)"
_NOTE_LEVEL_CHANGE = re.compile(r"\s*+[，,(（]?\s*+(?P<of>(?:为|是|相当于)\s*+(?:上年|去年|(?:19|20)\d\d\s?年(?:底|末)?)的)?"
                                r"\s*+(?:(?:比|较)\s*+(?:上年|去年|(?:19|20)\d\d\s?年(?:底|末)?)\s*+)?"
                                r"(?:同比)?\s*+(?P<w>增加|增长|提高|上升|多|减少|下降|降低|回落|少|up|down|rose|fell)?\s*+$", re.I)
_DOWN_CHANGE = ("减少", "下降", "降低", "回落", "少", "down", "fell")


def _note_level_change(ledger: Ledger, idx: int) -> tuple[Figure, Direction] | None:
    """The change the notes state for a level right beside it on its line (为2010年的2.2倍: up; 比上年下降5%: down)."""
    note = ledger.figs[idx]
    after = sorted((j for j in ledger.by_line.get(note.line, ()) if ledger.figs[j].start >= note.end
                    and ledger.figs[j].unit in ("倍", "%", note.unit)), key=lambda j: ledger.figs[j].start)
    if not after:
        return None
    c = ledger.figs[after[0]]
    gap = ledger.text[note.end:c.start]
    m = _NOTE_LEVEL_CHANGE.fullmatch(gap)
    if m is None or c.value is None:
        return None
    if m.group("of") and c.unit == "倍" and not m.group("w"):
        return (c, "up") if c.value > 1 else (c, "down") if c.value < 1 else None
    word = m.group("w")
    direction: Direction | None = c.direction or (("down" if word.lower() in _DOWN_CHANGE else "up") if word else None)
    return (c, direction) if direction is not None and (m.group("of") is None) else None


def stated_change_conflicts(results: list[FigureCheck], ledger: Ledger, zh: bool) -> list[FigureCheck]:
    """A change the draft states for a level right after it (1713亿元，比2010年减少一半以上) that runs against the
    change the notes give that level (1713亿元，为2010年的2.2倍): flagged as ``wrong_direction`` even when its value is
    derivable from other lines (the notes' own statement of that level's change outranks a derivation)."""
    text = ledger.draft_text
    out = list(results)
    shown = [k for k, r in enumerate(out) if r.status != "ignored"]
    for p, k in itertools.pairwise(shown):
        fc, prev = out[k], out[p]
        d = fc.figure
        if fc.status not in ("derived", "approximate", "verified") or d.direction is None or prev.note is None:
            continue
        if prev.status not in ("verified", "approximate") or prev.figure.ignored:
            continue
        if not _LEVEL_THEN_CHANGE.fullmatch(text, prev.figure.end, d.start) or (
                fc.note is not None and fc.status != "derived" and fc.note.line == prev.note.line):
            continue  # the draft's change is the notes' own one (read by change_direction_conflict)
        idx = ledger.by_start.get(prev.note.start)
        found = _note_level_change(ledger, idx) if idx is not None else None
        if found is None or found[1] == d.direction:
            continue
        c, n_dir = found
        reason = (f"{note_where(prev.note, zh)}{prev.note.text}是{'增加' if n_dir == 'up' else '减少'}的（{c.text}），"
                  f"草稿却写成{'增加' if d.direction == 'up' else '减少'}{d.text}" if zh else
                  f"{note_where(prev.note, zh)}: {prev.note.text} is {'a rise' if n_dir == 'up' else 'a fall'} "
                  f"({c.text}), but the draft states {'a rise' if d.direction == 'up' else 'a fall'} of {d.text}")
        out[k] = FigureCheck(d, "wrong_direction", reason, note=c)
    return out
