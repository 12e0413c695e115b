"""Tables pasted into notes: the unit a caption or a row label declares.

People paste tables and figure lists as they come: a caption declares the unit of the numbers under it
(``GAO budget table (dollars in thousands)``, ``(in millions)``, ``$ in millions``, ``Amounts in
billions``, ``单位：万元``, ``金额单位：亿元``, ``（单位：万元、%）``), a row label carries its own
(``收入（万元）：12,345``). One reader for the fact table (:mod:`assistant.facts`), the notes' prompt
texts (:mod:`assistant.notes`), the checker's notes side (:mod:`assistant.check_notes`) and its draft
side (:mod:`assistant.check`):

- :func:`declared_units` — the declaration in force on each line. Scope: a caption (a declaration
  with no value on its line) holds for the lines under it until a blank line, a header line or another
  caption; a label's unit (a value on its line) holds for its line only.
- :func:`apply_declared_units` / :func:`scale_line` — figures rescaled by it: a bare number or a
  currency-sign amount (``$923,596``) without a scale word of its own. A figure's own unit word wins
  (``$6 million``, ``12,345元``, ``265.3亿元``); percentages and counts with their unit words (FTE, 人,
  个) are never rescaled, nor bare numbers in a row whose label names a count or a rate (``FTE:``,
  ``人数：``, ``增长率：``), nor bare numbers beside currency-sign amounts (another column).
- :func:`spell_declared` / :func:`declared_note` — the unit in words for prompt texts (``$923,596
  thousand``, ``13,579万元``) and beside the digits in the fact table.

Period-labelled value rows (``FY2025 3,556; FY2026 3,353``) are :mod:`assistant.note_rows`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

from assistant.figures import Figure, Kind, _unit_word, extract_figures
from assistant.note_lines import header_line

__all__ = [
    "Declared",
    "UnitInfo",
    "apply_declared_units",
    "declared_note",
    "declared_units",
    "declares",
    "scale_line",
    "spell_declared",
]

UnitInfo = tuple[str, Decimal, Kind]


@dataclass(frozen=True)
class Declared:
    """A unit declaration: the units it names (``万元`` → (元, 10000, money); a scale alone, ``(in
    thousands)``, has unit ""), the 1-based line it is on, and whether it is a row label's unit (its
    own line only) rather than a caption's (the lines under it)."""

    units: tuple[UnitInfo, ...]
    line: int
    label: bool = False

    @property
    def main(self) -> UnitInfo:
        """The unit for amounts: the first that is no percentage."""
        return next((u for u in self.units if u[2] not in ("percent", "permille", "percentage_point")), self.units[0])

    @property
    def rate(self) -> UnitInfo | None:
        return next((u for u in self.units if u[2] == "percent"), None)


# --- declarations ---------------------------------------------------------------------------

_EN_SCALES = {"thousand": Decimal(10**3), "thousands": Decimal(10**3), "000": Decimal(10**3),
              "000s": Decimal(10**3), "million": Decimal(10**6), "millions": Decimal(10**6),
              "billion": Decimal(10**9), "billions": Decimal(10**9)}
# (dollars in thousands) / (in millions) / $ in millions / Amounts in billions / in millions of dollars
_EN_IN_RE = re.compile(
    r"(?P<lead>\b(?:dollars|amounts?|figures|values|numbers|data|usd)\s++(?:are\s++)?|[$]\s*+)?"
    r"\bin\s++(?:us\s*+)?(?P<scale>thousands|millions|billions)\b(?P<dollars>\s++of\s++(?:us\s++)?dollars\b)?",
    re.I,
)
# ($ thousands) / (thousands of dollars) / (USD millions) / ($000) / (US$ million)
_EN_PAREN_RE = re.compile(
    r"[(]\s*+(?:(?P<sign>\$|usd|us\$|dollars)\s*+(?P<scale>thousands?|millions?|billions?|000s?)"
    r"|(?P<scale2>thousands|millions|billions)\s++of\s++(?:us\s++)?dollars)\s*+[)]",
    re.I,
)
_ZH_DECL_RE = re.compile(r"单位\s*+[:：]\s*+(?P<u>[^\n，,。；;）)\]】]{1,24})")
_ZH_LABEL_RE = re.compile(r"[（(]\s*+(?P<u>[^()（）\d\n]{1,12})[)）]")
_UNIT_SPLIT_RE = re.compile(r"[、/，,和及]")


def _zh_units(spec: str) -> tuple[UnitInfo, ...]:
    out: list[UnitInfo] = []
    for piece in _UNIT_SPLIT_RE.split(spec):
        piece = piece.strip().replace("％", "%")
        if piece.startswith("人民币"):
            piece = piece[3:] or "元"
        info = _unit_word(piece) if piece else None
        if info is not None:
            out.append(info)
    return tuple(out)


def _en_declaration(line: str) -> tuple[int, int, tuple[UnitInfo, ...]] | None:
    m = _EN_PAREN_RE.search(line)
    if m:
        scale = _EN_SCALES[(m.group("scale") or m.group("scale2")).lower()]
        return m.start(), m.end(), (("USD", scale, "money"),)
    m = _EN_IN_RE.search(line)
    if m is None:
        return None
    inside = line.rfind("(", 0, m.start()) > line.rfind(")", 0, m.start())
    opens = not line[:m.start()].strip(" \t*#|-") or bool(m.group("lead"))
    caption = len(line) <= 100 and not re.search(r"[.!?](?:\s|$)", line)
    if not (inside or (opens and caption)):
        return None  # prose: "savings in billions of dollars" is no declaration
    scale = _EN_SCALES[m.group("scale").lower()]
    lead = (m.group("lead") or "").strip().lower()
    money = bool(m.group("dollars")) or lead.startswith(("$", "dollar", "usd", "amount"))
    unit: UnitInfo = ("USD", scale, "money") if money else ("", scale, "number")
    end = line.find(")", m.end()) + 1 if inside and line.find(")", m.end()) >= 0 else m.end()
    return m.start(), end, (unit,)


def _declaration(line: str) -> tuple[int, int, tuple[UnitInfo, ...]] | None:
    """``(start, end, units)`` of the unit declaration in ``line``, or None."""
    if "单位" in line:
        m = _ZH_DECL_RE.search(line)
        if m:
            units = _zh_units(m.group("u"))
            if units:
                return m.start(), m.end(), units
    if re.search(r"[A-Za-z$]", line):
        found = _en_declaration(line)
        if found is not None:
            return found
    colon = re.search(r"[:：]", line)
    head = line[:colon.start()] if colon else ""
    for m in _ZH_LABEL_RE.finditer(head):  # 收入（万元）：12,345 — a row label's unit
        units = _zh_units(m.group("u"))
        if units:
            return m.start(), m.end(), units
    return None


_TABLE_NO_RE = re.compile(r"(?:表|图|附表|Table|Figure|Exhibit)\s*+$", re.I)


def _values_after(line: str, end: int) -> bool:
    """A value figure follows position ``end`` on the line (not a year, nor a table's number)."""
    for f in extract_figures(line[end:]):
        if f.ignored or f.value is None:
            continue
        if _TABLE_NO_RE.search(line[:end + f.start]):
            continue
        return True
    return False


def declared_units(text: str) -> dict[int, Declared]:
    """The unit declaration in force on each 1-based line of ``text`` (lines without one left out)."""
    out: dict[int, Declared] = {}
    current: Declared | None = None
    for n, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            current = None
            continue
        found = _declaration(line) if len(line) <= 2000 else None
        if found is not None:
            start, end, units = found
            if _values_after(line, end) or _values_after(line[:start], 0):
                out[n] = Declared(units, n, label=True)  # a row label's unit: its own line only
                continue
            current = Declared(units, n)  # a caption: the lines under it
            out[n] = current
            continue
        if current is not None and header_line(line) is not None:
            current = None
        if current is not None:
            out[n] = current
    return out


# --- rescaling ------------------------------------------------------------------------------

_COUNT_LABEL_RE = re.compile(
    r"人数|人员|职工|员工|户数|个数|家数|件数|次数|数量|人次|\bFTEs?\b|\bstaff|\bemployees?\b|\bheadcount\b|"
    r"\bpositions?\b|\bpeople\b|\bpersons?\b|\bhouseholds?\b|\bcount\b|\bnumber of\b|\bfull[- ]time\b",
    re.I,
)
_RATE_LABEL_RE = re.compile(r"率|比重|占比|增速|增幅|百分比|[%％]|\brate\b|\bpercent|\bshare\b|\bratio\b", re.I)
_PLAIN_NUMBER_RE = re.compile(r"[\d.,，\s]+")


def _label(line: str) -> str:
    """The row label: the words before the first colon of the line (its first cell in a table)."""
    body = line.lstrip(" \t|*-•·")
    cut = re.search(r"[:：|\t]|<br>", body)
    return body[:cut.start()] if cut else ""


def _rescaled(f: Figure, unit: UnitInfo) -> Figure:
    assert f.value is not None
    name, scale, kind = unit
    return replace(
        f, value=f.value * scale, unit=name or f.unit, scale=f.scale * scale, kind=kind if name else f.kind,
        range_low=None if f.range_low is None else f.range_low * scale,
        range_high=None if f.range_high is None else f.range_high * scale,
    )


def scale_line(line: str, figs: Sequence[Figure], declared: Declared | None, offset: int = 0) -> list[Figure]:
    """``figs`` of one line (their offsets minus ``offset`` index ``line``) read under ``declared``."""
    if declared is None:
        return list(figs)
    label = _label(line)
    count_row = bool(_COUNT_LABEL_RE.search(label))
    rate_row = bool(_RATE_LABEL_RE.search(label))
    main, rate = declared.main, declared.rate
    signed = any(f.kind == "money" and not f.ignored and _PLAIN_NUMBER_RE.fullmatch(f.text) for f in figs)
    out: list[Figure] = []
    for f in figs:
        out.append(_scaled_one(f, line, offset, main, rate, count_row, rate_row, signed))
    return out


def _scaled_one(f: Figure, line: str, offset: int, main: UnitInfo, rate: UnitInfo | None,
                count_row: bool, rate_row: bool, signed: bool) -> Figure:
    if f.ignored or f.value is None or f.scale != 1 or f.noun:
        return f
    plain = _PLAIN_NUMBER_RE.fullmatch(f.text) is not None  # no unit word of its own
    if not plain:
        return f
    if f.kind == "money":  # $923,596: the sign names the currency, the caption its scale
        if (main[2] == "money" and main[0] == f.unit) or main[0] == "":
            return _rescaled(f, (f.unit, main[1], "money"))
        return f
    if f.kind != "number" or f.unit:
        return f
    start = f.start - offset
    if 0 <= start <= len(line) and _TABLE_NO_RE.search(line[:start]):
        return f  # 表1
    if rate_row:
        return _rescaled(f, rate) if rate is not None else f
    if count_row:
        own = _unit_word(_label(line).strip(" *"))  # FTE: 3,556 — the label is the unit
        return replace(f, unit=own[0], kind="count") if own is not None and own[2] == "count" else f
    if signed and main[2] == "money":
        return f  # bare numbers beside $-amounts are another column (FTE, counts)
    return _rescaled(f, main)


def apply_declared_units(text: str, figs: Sequence[Figure]) -> list[Figure]:
    """``figs`` (found in ``text``) read under the unit declarations of ``text``; the same figures
    when it declares none."""
    if not _maybe_declares(text):
        return list(figs)
    scopes = declared_units(text)
    if not scopes:
        return list(figs)
    starts = [0]
    for m in re.finditer("\n", text):
        starts.append(m.end())
    by_line: dict[int, list[Figure]] = {}
    for f in figs:
        by_line.setdefault(f.line, []).append(f)
    out: list[Figure] = []
    done: dict[int, list[Figure]] = {}
    for f in figs:
        if f.line not in done:
            decl = scopes.get(f.line)
            begin = starts[f.line - 1] if f.line - 1 < len(starts) else 0
            end = text.find("\n", begin)
            line = text[begin:end if end >= 0 else len(text)]
            done[f.line] = scale_line(line, by_line[f.line], decl, begin)
        out.append(done[f.line].pop(0))
    return out


@lru_cache(maxsize=8)
def _scopes(text: str) -> dict[int, Declared]:
    return declared_units(text) if _maybe_declares(text) else {}


def declares(text: str, line: int) -> bool:
    """A unit declaration of ``text`` is in force on its 1-based ``line``."""
    return line in _scopes(text)


_ZH_SCALE_WORDS = {Decimal(10**3): "千", Decimal(10**4): "万", Decimal(10**6): "百万", Decimal(10**7): "千万",
                   Decimal(10**8): "亿"}
_EN_SCALE_WORDS = {Decimal(10**3): "thousand", Decimal(10**6): "million", Decimal(10**9): "billion"}
_EN_UNIT_WORDS = {"USD": "dollars", "元": "yuan", "EUR": "euros"}


def declared_note(fig: Figure, zh: bool) -> str:
    """How a figure read under a declared unit is shown beside its digits in the fact table: ``万元`` for
    12,345 under 单位：万元, ``thousand dollars`` for $923,596 under (dollars in thousands); "" for a figure
    that states its own unit."""
    if fig.scale == 1 or _PLAIN_NUMBER_RE.fullmatch(fig.text) is None:
        return ""
    if zh:
        word = _ZH_SCALE_WORDS.get(fig.scale, f"×{fig.scale:,f}")
        return f"{word}{fig.unit if fig.unit not in ('USD', 'EUR') else ('美元' if fig.unit == 'USD' else '欧元')}"
    word = _EN_SCALE_WORDS.get(fig.scale, f"×{fig.scale:,f}")
    return f"{word} {_EN_UNIT_WORDS.get(fig.unit, fig.unit)}".strip()


def _unit_words(fig: Figure, sign: bool, zh: bool) -> str:
    """The words that state a declared unit after the digits: ``万元`` (12,345万元), `` thousand`` ($923,596
    thousand), `` million dollars`` (a bare 120 under ``(dollars in millions)``)."""
    if zh:
        word = _ZH_SCALE_WORDS.get(fig.scale)
        if word is None:
            return ""
        unit = {"USD": "美元", "EUR": "欧元"}.get(fig.unit, fig.unit)
        return f"{word}{unit}"
    word = _EN_SCALE_WORDS.get(fig.scale)
    if word is None:
        return ""
    if sign or not fig.unit:
        return f" {word}"
    return f" {word} {_EN_UNIT_WORDS.get(fig.unit, fig.unit)}"


def spell_declared(text: str, line: str, declared: Declared | None, *, zh: bool) -> str:
    """``text`` (a note item's prompt text, read from note ``line``) with each figure the declaration
    rescales followed by its unit in words (``$923,596 thousand``, ``12,345万元``), so that a model or
    the offline writer copying it states the value the notes mean, not its bare digits."""
    if declared is None:
        return text
    scaled = [f for f, raw in zip(scale_line(line, extract_figures(line), declared), extract_figures(line),
                                   strict=True) if f is not raw and f.scale != raw.scale]
    out: list[str] = []
    pos = 0
    for f in scaled:
        at = text.find(f.text, pos)
        if at < 0 or (at + len(f.text) < len(text) and text[at + len(f.text)].isdigit()):
            continue
        end = at + len(f.text)
        sign = at > 0 and text[at - 1] in "$€£¥￥"
        out.append(text[pos:end] + _unit_words(f, sign, zh))
        pos = end
    return "".join(out) + text[pos:]


_MAYBE_RE = re.compile(r"单位|[(（][^()（）\n]{0,12}[)）]|\bin\s++(?:us\s*+)?(?:thousands|millions|billions)\b", re.I)


def _maybe_declares(text: str) -> bool:
    return _MAYBE_RE.search(text) is not None
