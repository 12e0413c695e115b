"""The one language detector: is a text Chinese (``zh``) or English (``en``)?

Every module that guesses a text's language calls :func:`detect_language`; every module that asks
"is there any Chinese in this?" calls :func:`has_cjk`. One rule, one set of characters:

- a CJK ideograph is one of the unified ideographs (U+4E00–U+9FFF), extension A (U+3400–U+4DBF) or
  the compatibility ideographs (U+F900–U+FAFF); punctuation such as 。，％ is not;
- a Latin letter is A–Z / a–z, full-width ones (Ａ–Ｚ, ａ–ｚ) included;
- one ideograph carries about as much as a short English word (~4 letters), so a text is ``zh`` when
  ``4 × ideographs ≥ letters`` and it has at least one ideograph; with neither (empty, numerals only:
  ``2025 14.3%``) the caller's ``default`` (``zh``: Chinese first).

Only the first :data:`SAMPLE_CHARS` characters are read, so the cost is bounded on any input.
"""

from __future__ import annotations

import re

from assistant.documents import Language

__all__ = ["CJK_CHARS", "SAMPLE_CHARS", "Language", "detect_language", "has_cjk", "is_cjk_char"]

#: the ideograph ranges, for a regex character class: ``re.compile(f"[{CJK_CHARS}]+")``
CJK_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
#: how much of a text :func:`detect_language` reads
SAMPLE_CHARS = 20000

_CJK_RE = re.compile(f"[{CJK_CHARS}]")
_LATIN_RE = re.compile("[A-Za-z\uff21-\uff3a\uff41-\uff5a]")


def has_cjk(text: str) -> bool:
    """True when ``text`` holds at least one CJK ideograph."""
    return _CJK_RE.search(text) is not None


def is_cjk_char(ch: str) -> bool:
    """True when the single character ``ch`` is a CJK ideograph."""
    return len(ch) == 1 and _CJK_RE.match(ch) is not None


def detect_language(text: str, *, default: Language = "zh") -> Language:
    """``zh`` when CJK ideographs carry the text (4 × ideographs ≥ Latin letters), ``en`` when
    Latin letters do, ``default`` when it has neither (empty text, numerals and symbols only)."""
    sample = text[:SAMPLE_CHARS]
    cjk = len(_CJK_RE.findall(sample))
    latin = len(_LATIN_RE.findall(sample))
    if cjk == 0 and latin == 0:
        return default
    return "zh" if cjk > 0 and cjk * 4 >= latin else "en"
