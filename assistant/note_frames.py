"""What the notes' structure says a figure is: the *frame* a title, a header line or an inline label puts
the lines under it in, as an office worker reads a sheet.

A frame is a fact role (``target`` / ``achieved`` / ``forecast`` / ``baseline``, or ``current``: 今年 /
this year, whose role is the sheet's) and the year it names, if any:

* labels and headers: ``去年基数：`` / ``上年基数`` / ``基期（2021年）`` / ``Baseline (2024):`` / ``Prior year:``
  → baseline; ``实绩（2025）：`` / ``今年完成：`` / ``Actual:`` → achieved; ``预计：`` / ``USDA estimate:`` /
  ``Projections:`` → forecast; ``预期（2026）：`` / ``目标：`` / ``计划：`` / ``Next year:`` / ``Goals (Healthy
  People 2010):`` → target (see :func:`label_frame`);
* one line split at its inline labels (``实绩（2025）：A；B  预期（2026）：C``): :func:`split_labels`;
* a value in brackets after a figure, opened by a year or a previous-period word (``~4% (2024: 3%)``,
  ``（上年3.2%）``, ``(prev. 2.1 million)``, ``vs 1,320 in 2024``): that year's, or the year before's,
  baseline (:func:`bracket_baseline`);
* fullwidth digits in a title (``２０１９年主要预期目标``) are read as digits (:func:`fold_digits`).

:mod:`assistant.notes` records each item's frame (``NoteItem.frame`` / ``frame_year``); :mod:`assistant.facts`
gives its figures that role and year unless their own words say otherwise.
"""

from __future__ import annotations

import re
from typing import Literal

from assistant.meaning import FactRole, Part
from assistant.note_lines import Role

Frame = Literal["target", "achieved", "forecast", "baseline", "current"]

_FOLD = str.maketrans("０１２３４５６７８９．％－", "0123456789.%-")


def fold_digits(text: str) -> str:
    """Fullwidth digits, point, percent and minus as ASCII (the same length: positions stay)."""
    return text.translate(_FOLD)


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
# a year's end named as a label (2024年底, 2024年末, "end of 2024", "end-2024"): a base when the sheet plans a later year
_YEAR_END = re.compile(r"^\s*+(?:(?:19|20)\d\d\s*+年\s*+(?:底|末)|(?:at\s++)?(?:the\s++)?end(?:\s++of\s++|-)(?:FY\s?)?(?:19|20)\d\d|"
                       r"as\s++of\s++(?:end\s++)?(?:19|20)\d\d)\s*+$", re.I)
_BASELINE = re.compile(r"^\s*+(?:上年|去年)同期\s*+$|基数|底数|基期|基准年?|(?:^|[^比较同与])(?:去年|上年|上一年|前一年)(?!同期)|\bbaseline\b|\bbase\s++(?:year|period)\b|"
                       r"\b(?:prior|previous|last)\s++(?:year|fiscal\s++year|FY)\b|\bstarting\s++point\b|\bprev\.?\s*+$", re.I)
_ACHIEVED = re.compile(r"实绩|实际|完成情况|今年完成|已完成|^\s*+完成\s*+$|\bactuals?\b|\boutturn\b|\bachieved\b|\bcompleted\b",
                       re.I)
_ACHIEVED_WEAK = re.compile(r"\bresults?\b|\bachievements?\b|\bperformance\b|成绩|成效", re.I)
# ("2004 (estimated): 70%" is an approximation of a past year's value, not a forecast)
_FORECAST = re.compile(r"预计|预估|估计|估算|预测|\bestimates?\b|\bforecasts?\b|\bprojections?\b|\bprojected\b|"
                       r"\bexpected\b|\bexpectations?\b", re.I)
_TARGET = re.compile(r"目标|(?<!完成)计划(?!生育|单列)|预期(?!寿命)|争取|力争|打算|明年|来年|下一步|下步|今后|"
                     r"\bgoals?\b|\btargets?\b|\bplans?\b|\bplanned\b|\bnext\s++year\b|\b(?:the\s++)?year\s++ahead\b|"
                     r"\bcoming\s++year\b|\bobjectives?\b|\baims?\b", re.I)
# a line that says its goal was met (goal: enrollment +15% - met in FY2025): the label frames no target
_GOAL_MET = re.compile(r"\b(?:met|achieved|reached|exceeded|surpassed|missed|hit)\b|已|实际|完成了|超额", re.I)


def goal_met(text: str) -> bool:
    """``text`` (a line under a target label) says the goal was met or missed: a result of its own."""
    return bool(_GOAL_MET.search(text))
_CURRENT = re.compile(r"^\s*+(?:今年|本年度?|当年|this\s++year|current\s++year)\s*+$", re.I)
_NEXT = re.compile(r"明年|来年|\bnext\s++year\b|\bcoming\s++year\b|\byear\s++ahead\b", re.I)
# what a label may hold besides its role words: a year, brackets, an organisation's short name
_LABEL_OK = re.compile(r"^[^\d]*+$")


def label_frame(label: str) -> tuple[Frame, int | None, int] | None:
    """``(frame, year, relative)`` a label or header names (without its colon), else None: ``year`` the
    year it states, ``relative`` −1 for a previous-year word (去年 / prior year), +1 for 明年 / next year,
    0 otherwise. A topical label (经济运行, Safety, 项目) names none."""
    text = label.strip().strip("#*【】[] -•").strip()
    if not text or len(text) > 40 or re.search(r"[。！？；;!?，,]", text):
        return None
    if _LABEL_OK.match(_YEAR.sub("", text)) is None:
        return None  # a figure inside: no label
    if len(re.findall(r"[A-Za-z]+", text)) > 5:
        return None
    years = [int(y) for y in _YEAR.findall(text)]
    year = years[-1] if len(years) == 1 else None
    if _YEAR_END.match(text):
        return "baseline", year, 0
    if _CURRENT.match(_YEAR.sub("", re.sub(r"[（(）)]", "", text))):
        return "current", year, 0
    if _BASELINE.search(text):
        return "baseline", year, 0 if year is not None else -1
    if _FORECAST.search(text):
        return "forecast", year, 0
    if _ACHIEVED.search(text) or (_ACHIEVED_WEAK.search(text) and not _TARGET.search(text)):
        return "achieved", year, 0
    if _TARGET.search(text):
        return "target", year, 1 if year is None and _NEXT.search(text) else 0
    return None


_FILLER = re.compile(r"(?:19|20)\d\d\s*+年?(?:度|底|末)?|FY|[（）()\s:：/、&-]|今年|本年度?|当年|全年|主要|年度|的|和|及|与|工作|情况|"
                     r"\b(?:this|the|for|year|of|and|main|key|current|fiscal)\b", re.I)


def _pure(label: str) -> bool:
    """A label of role words only (实绩（2025）, 去年基数, Next year, Baseline (2024)): no indicator in it
    (``GDP last year``, ``USDA estimate`` keep their words in the text they label)."""
    rest = label
    for rx in (_BASELINE, _ACHIEVED, _ACHIEVED_WEAK, _FORECAST, _TARGET, _CURRENT):
        rest = rx.sub("", rest)
    return not _FILLER.sub("", rest).strip()


def split_labels(body: str, lead: list[str] | None = None) -> list[tuple[str, tuple[Frame, int | None, int] | None]]:
    """``body`` cut at its inline role labels: ``[(text, frame), …]``; the text before the first label
    has frame None. A label opens the line or follows a stop (；;。) or a wide gap (two spaces, `` | ``,
    `` / ``), and ends in a colon. ``[(body, None)]`` when the line holds no role label."""
    cuts: list[tuple[int, int, tuple[Frame, int | None, int]]] = []
    start = 0
    out_label = lead if lead is not None else []
    for m in re.finditer(r"[：:]", body):
        lo = max(start, m.start() - 40)
        window = body[lo:m.start()]
        bounds = [k + 1 for k, ch in enumerate(window) if ch in "；;。"]
        gaps = [g.end() for g in re.finditer(r"\s{2,}|\s[|/]\s", window)]
        left = max([0, *bounds, *gaps]) if lo == start else max([-1, *bounds, *gaps])
        if left < 0:
            continue
        label = window[left:]
        frame = label_frame(label)
        if frame is None:
            continue
        cuts.append((lo + left, m.end() if _pure(label) else lo + left, frame))
        if not out_label and lo + left == 0:
            out_label.append(label.strip())
        start = m.end()
    if not cuts:
        return [(body, None)]
    out: list[tuple[str, tuple[Frame, int | None, int] | None]] = []
    if body[:cuts[0][0]].strip(" ，,；;。/|"):
        out.append((body[:cuts[0][0]].rstrip(" ，,；;/|"), None))
    for k, (_a, b, frame) in enumerate(cuts):
        end = cuts[k + 1][0] if k + 1 < len(cuts) else len(body)
        text = body[b:end].strip().rstrip(" ，,；;/|")
        if text:
            out.append((text, frame))
    return out


# a bracket or comparison opened by a year or a previous-period word, right before the figure:
# "(2024: 3%)", "（2023年：8.1亿元）", "（上年3.2%）", "(prev. 2.1 million)", "(last year 12)", "比上年的3.4%"
_BRACKET_OPEN = re.compile(r"[(（]\s*+(?:(?P<y>(?:FY\s?)?(?:19|20)\d\d)\s*+(?:年(?:底|末|度)?)?\s*+(?:[：:=]|为|是|年)?|"
                           r"(?P<prev>上年|去年|上年同期|去年同期|上一年|上年度|前一年|prev(?:ious|\.)?(?:\s++year)?|"
                           r"prior(?:\s++year)?|last\s++year|a\s++year\s++earlier|基期|基数|baseline)\s*+[：:=]?\s*+(?:为|是|of|was)?)"
                           r"\s*+(?:约|近|about\s++|around\s++|~|≈)?\s*+[$¥€£￥]?\s*+[-+]?$", re.I)
# "vs 1,320 in 2024", "versus 3% last year", "compared with 12 in FY2024": the value after vs is the base
_VS_BEFORE = re.compile(r"\b(?:vs\.?|versus|compared\s++(?:with|to))\s++(?:about\s++|around\s++|~)?[$¥€£]?\s*+$", re.I)
_VS_AFTER = re.compile(r"^[^,;，；()（）]{0,24}?\b(?:in\s++(?:FY\s?)?(?P<y>(?:19|20)\d\d)|(?P<prev>last\s++year|the\s++prior\s++year|"
                       r"the\s++previous\s++year|a\s++year\s++(?:earlier|before|ago)))\b", re.I)


def bracket_baseline(text: str, start: int, end: int) -> tuple[int | None, int] | None:
    """``(year, relative)`` when the figure at ``text[start:end]`` is a previous value given beside the
    line's own: ``(2024: 3%)`` → (2024, 0); ``（上年3.2%）`` / ``(prev. 2.1 million)`` → (None, −1);
    ``vs 1,320 in 2024`` → (2024, 0). None for any other figure."""
    before = text[max(0, start - 24):start]
    m = _BRACKET_OPEN.search(before)
    if m is not None:
        if m.group("y"):
            return int(re.sub(r"\D", "", m.group("y"))), 0
        return None, -1
    if _VS_BEFORE.search(text[max(0, start - 24):start]):
        after = _VS_AFTER.match(text[end:end + 60])
        if after is not None:
            return (int(after.group("y")), 0) if after.group("y") else (None, -1)
    return None


_LEAD_YEAR = re.compile(r"^(?:[^：:\d]{1,40}[：:]\s*+)?(?:FY\s?|fiscal\s++year\s++)?((?:19|20)\d\d)(?!\d)", re.I)
# a title that names a plan, targets or work to do (not only a budget or a request for funds)
_PLAN_TITLE = re.compile(r"计划|目标|安排|打算|要点|任务|重点|思路|\bplans?\b|\btargets?\b|\bgoals?\b|\bobjectives\b|"
                         r"\bpriorities\b|\boutlook\b|\btasks\b", re.I)
_REVIEW_TITLE = re.compile(r"总结|回顾|成绩|成效|完成情况|执行|实绩|\breview\b|\bsummary\b|\bresults\b|\bachievements\b",
                           re.I)
_ROLE_OF: dict[str, Role] = {"target": "plan", "achieved": "achievement", "baseline": "achievement"}


def _header_year(body: str) -> int:
    """The last year a header names (2025—2026学年计划 → 2026), 0 for none."""
    years = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", body)]
    return max(years) if years else 0


class SheetFrames:
    """The frame in force while a sheet is read line by line: the title's (a plan title: its year's
    targets), then a header's (去年基数： → last year's baseline, until the next header; 今年： → the
    sheet's own), then an inline label's for the rest of its line. :func:`assistant.notes.parse_notes`
    drives it; roles are the notes' item roles (``plan`` / ``achievement`` / ``problem``)."""

    def __init__(self) -> None:
        self.sheet: tuple[Frame, int] | None = None  # a plan title's: ("target", its year)
        self.year: int | None = None  # the year the sheet calls 今年 (its plan year, else its review year)
        self.now: tuple[str | None, int | None] = (None, None)
        self._saved: Role | None = None  # the role in force before a baseline header
        self._in_base = False
        self.lead: tuple[str, int | None] | None = None  # the plan label that opened the last line segmented

    def title(self, title: str, review: tuple[int, int] | None, plan_year: int | None) -> Role | None:
        """A title read: its plan year (a plan-only title) frames every line; returns the role it sets."""
        if plan_year is not None and review is None and _REVIEW_TITLE.search(title):
            self.year = plan_year  # “十四五”时期工作回顾和2026年打算: a review as well, read as before
            return None
        if plan_year is not None and review is None and not _PLAN_TITLE.search(title):
            self.year = plan_year  # a budget or a request (FY2028 request, 2026年预算说明): amounts, read as before
            return None
        if plan_year is not None and review is None:
            self.sheet, self.year = ("target", plan_year), plan_year
            self.now = ("target", plan_year)
            return "plan"
        if review is not None:
            self.year = review[1]
            if review[1] - review[0] >= 2:  # 过去五年（2018—2022）主要数据, "Review of 2021-2025": what those years achieved
                # (a split year 2024/25, 2024—2025学年 is one year: its later year's header plans the next)
                self.now = ("achieved", None)
        return None

    def sheet_role(self) -> Role | None:
        """The role a plan-only title gives a line no header has framed: ``plan``; else None."""
        return "plan" if self.sheet is not None and self.now == self.sheet else None

    def bare_label(self, body: str) -> int | None:
        """A line of its own that names a base or the current year only (2014年底数, 去年基数, 今年, Prior
        year): a header; its year, or 0 when it names none. None for any other line."""
        frame = label_frame(body.rstrip("：: ")) if len(body) <= 24 else None
        if frame is None or frame[0] not in ("baseline", "current") or not _pure(body):
            return None
        return frame[1] or 0

    def dated_earlier(self, text: str) -> bool:
        """A line under a plan title that opens with an earlier year of its own (``FY2025 $923,596``,
        ``基本支出：2025年执行 3,200``, ``2024: 12 sites``): that year's value, not the plan's."""
        if self.sheet is None:
            return False
        m = _LEAD_YEAR.match(text)
        return m is not None and int(m.group(1)) < self.sheet[1]

    def _year(self, frame: tuple[Frame, int | None, int]) -> int | None:
        _kind, year, rel = frame
        if year is not None:
            return year
        return self.year + rel if self.year is not None and rel else None

    def header(self, body: str, role_set: Role | None, context: Role | None) -> Role | None:
        """A header line: the frame it sets; returns the role in force under it."""
        frame = label_frame(body.rstrip("：: "))
        if self._in_base:  # the header after a baseline header switches back
            context, self._in_base = (self._saved if role_set is None else context), False
            self.now = self.sheet or (None, None)
        if frame is not None and frame[0] == "baseline" and (
                frame[2] or self.sheet is None or frame[1] is None or frame[1] < self.sheet[1]):
            self._saved, self._in_base = context, True
            self.now = ("baseline", self._year(frame))
            return "achievement"
        if frame is not None and frame[0] == "current":
            self.now = (self.sheet if self.sheet is not None and frame[1] in (None, self.sheet[1])
                        else (None, None))
            return "plan" if self.now[0] == "target" else context
        if frame is not None and frame[0] == "forecast":
            self.now = ("forecast", self._year(frame))
            return context
        if frame is not None and frame[0] == "achieved" and role_set is None:  # Actual (FY2026): under a plan title
            self.now = ("achieved", self._year(frame))
            return "achievement"
        if role_set is not None:
            self.now = (None, None)  # a role header (明年目标：, 完成情况：) is read as before
        elif self.now[0] == "achieved" and self.year is not None and _header_year(body) > self.year:
            self.now = (None, None)  # 2025—2026学年计划：/ "2026:": a later year's header ends a review's frame
        return context

    def segments(self, body: str, line_body: str, role_here: Role | None,
                 ) -> list[tuple[str, Role | None, str | None, int | None]] | None:
        """The line cut at its inline role labels: ``(text, role, frame, year)`` per segment; None when it
        holds no role label (the line is read as before)."""
        text = line_body if body != line_body else body
        lead: list[str] = []
        cut = split_labels(text, lead)
        self.lead = None
        if all(f is None for _t, f in cut) or (body != line_body and cut[0][1] is None):
            return None
        first = cut[0][1]
        if lead and first is not None and first[0] == "target" and _pure(lead[0]):  # 今年（2023）目标：… heads its line as a plan header
            self.lead = (lead[0] + "：", self._year(first))
        out: list[tuple[str, Role | None, str | None, int | None]] = []
        for seg, frame in cut:
            if frame is None:
                out.append((seg, role_here, *self.now))
            elif frame[0] == "current":
                sheet = self.sheet
                out.append((seg, "plan" if sheet else role_here, sheet[0] if sheet else None,
                            frame[1] or (sheet[1] if sheet else self.year)))
            else:
                out.append((seg, _ROLE_OF.get(frame[0], role_here), frame[0], self._year(frame)))
        return out


FRAME_PART: dict[str, Part] = {"target": "plan", "achieved": "summary"}


def framed_role(frame: str | None, stated: FactRole | None) -> FactRole | None:
    """The role a figure's own words state, or else the one the sheet's structure gives it (its frame):
    a baseline header's 完成 is last year's; an estimate label's figure a forecast; a plan title's line a
    target; 实绩： a result."""
    if frame == "baseline" and stated in (None, "achieved"):
        return "baseline"
    if frame == "forecast" and stated in (None, "achieved", "target"):
        return "forecast"
    if frame in ("target", "achieved") and stated is None:
        return "target" if frame == "target" else "achieved"
    return stated
