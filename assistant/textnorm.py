"""The one text normalisation: full-width → half-width folding and the small numeral helpers.

Two folds, both one character for one character (so offsets into the folded text are offsets into
the original, and a match on the folded text slices the original):

- :data:`WIDTH_TABLE` / :func:`fold_width`: every full-width ASCII form (U+FF01–U+FF5E: ０–９, Ａ–Ｚ,
  ａ–ｚ, ．，：；（）％＋－／～ …) to its ASCII twin and the ideographic space (U+3000) to a space —
  for matching headings, markers and tokens;
- :data:`NUMERIC_TABLE` / :func:`fold_numeric`: only what writes a number (０–９ ．％＋－／～), so
  Chinese punctuation such as ，：（） keeps its meaning — for reading figures and years.

Numerals: :func:`parse_int` (Arabic digits of either width), :func:`cn_to_int` (一 … 九十九, the
numerals of heading markers and section references), :func:`roman_to_int`, :func:`first_int` (the first
number a short text names, Arabic or Chinese). Reading figures in prose (三十一, 百分之十四点三, 1.2亿元)
is :mod:`assistant.figures`' job, not this module's.
"""

from __future__ import annotations

import re

__all__ = [
    "NUMERIC_TABLE",
    "WIDTH_TABLE",
    "cn_to_int",
    "first_int",
    "fold_numeric",
    "fold_width",
    "parse_int",
    "roman_to_int",
]

_FULL_TO_HALF: dict[str, str] = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)} | {"\u3000": " "}
#: ``text.translate(WIDTH_TABLE)``: every full-width ASCII form and the ideographic space folded
WIDTH_TABLE = str.maketrans(_FULL_TO_HALF)
#: ``text.translate(NUMERIC_TABLE)``: full-width digits and number signs (．％＋－／～) folded
NUMERIC_TABLE = str.maketrans({k: v for k, v in _FULL_TO_HALF.items() if v in "0123456789.%+-/~"})

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_DIGITS_RE = re.compile(r"[0-9\uff10-\uff19]+")
_CN_RUN_RE = re.compile(r"[一二三四五六七八九十两]+")


def fold_width(text: str) -> str:
    """Full-width ASCII forms and the ideographic space to half-width (same length as ``text``)."""
    return text.translate(WIDTH_TABLE)


def fold_numeric(text: str) -> str:
    """Full-width digits and number signs (．％＋－／～) to ASCII (same length as ``text``)."""
    return text.translate(NUMERIC_TABLE)


def parse_int(digits: str) -> int:
    """``int`` of a run of Arabic digits of either width (``２０２５`` → 2025); ``ValueError`` otherwise."""
    return int(digits.translate(NUMERIC_TABLE))


def cn_to_int(s: str) -> int | None:
    """一 → 1, 十二 → 12, 二十三 → 23 (the numerals used in heading markers, up to 99); None otherwise."""
    if not s or any(ch not in _CN_DIGITS and ch != "十" for ch in s):
        return None
    if "十" not in s:
        return _CN_DIGITS[s] if len(s) == 1 else None
    tens, _, ones = s.partition("十")
    t = _CN_DIGITS.get(tens, 0) if tens else 1
    o = _CN_DIGITS.get(ones, 0) if ones else 0
    if (tens and tens not in _CN_DIGITS) or (ones and ones not in _CN_DIGITS):
        return None
    return t * 10 + o


def roman_to_int(s: str) -> int | None:
    """IV → 4, xii → 12 (letters I V X L C); None for anything else."""
    s = s.upper()
    if not s or any(ch not in _ROMAN for ch in s):
        return None
    total = 0
    for i, ch in enumerate(s):
        v = _ROMAN[ch]
        total += -v if i + 1 < len(s) and _ROMAN[s[i + 1]] > v else v
    return total


def first_int(text: str) -> int | None:
    """The first number a short text names: Arabic digits of either width first (``第３项`` → 3), else
    a Chinese numeral (``第二十一项`` → 21, ``两`` = 二); None when it names none."""
    digits = _DIGITS_RE.search(text)
    if digits:
        return parse_int(digits.group())
    cn = _CN_RUN_RE.search(text)
    return cn_to_int(cn.group()) if cn else None
