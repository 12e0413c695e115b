"""The English words of note and draft figures, for :mod:`assistant.check_indicator_en`: content words with a
light stem, a figure's clause, each note line's words, and acronyms (a note's RSS, NEV, CPI spelled out in a
draft). Every reader looks at a bounded window: linear in the text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.check_ledger import Ledger
from assistant.figures import Figure

__all__ = ["ACRONYM", "STOP_WORDS", "WORD", "content_words", "figure_clause", "line_words", "note_figure_clause", "note_lines",
           "sentence_lead", "spelled_acronyms", "spells_own_acronym", "stem"]

WORD = re.compile(r"[A-Za-z][A-Za-z'’-]{0,40}")
STOP_WORDS = frozenset([
    "a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "by", "for", "from", "with", "without", "into",
    "onto", "over", "under", "than", "then", "as", "per", "via", "about", "around", "nearly", "almost",
    "approximately", "roughly", "some", "more", "most", "less", "fewer", "least", "only", "just", "also", "still",
    "even", "up", "down", "out", "off", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had",
    "do", "does", "did", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "this", "that",
    "these", "those", "it", "its", "they", "their", "them", "we", "our", "us", "he", "she", "his", "her", "you",
    "your", "i", "me", "my", "which", "who", "whom", "whose", "what", "when", "where", "while", "there", "here",
    "not", "no", "nor", "but", "so", "if", "all", "any", "each", "every", "both", "either", "neither", "other",
    "another", "such", "same", "own", "new", "total", "overall", "cent", "percent", "million", "billion",
    "thousand", "trillion", "hundred", "dollars", "dollar", "year", "years", "fiscal", "fy", "annual", "annually",
    "month", "months", "quarter", "day", "days", "time", "times", "number", "numbers", "amount", "share", "rate",
    "level", "program", "programs", "reported", "report", "reports", "notes", "note", "one", "two", "three", "four",
    "five", "six", "seven", "eight", "nine", "ten", "first", "second", "third", "half", "end", "reached", "reach",
    "got", "get", "made", "make", "including", "include"
])
_STOPS = ",;.:!?\n()（）"


def stem(word: str) -> str:
    """A word lowercased with a light English stem: payments → payment, agencies → agency, its 's dropped."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.strip("'-")
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def content_words(text: str) -> set[str]:
    """The stems of the content words of ``text`` (no stop words, no figures)."""
    out = set()
    for m in WORD.finditer(text):
        s = stem(m.group())
        if len(s) > 1 and s not in STOP_WORDS:
            out.add(s)
    return out


#: acronyms a note uses for an indicator whose words a draft spells otherwise than by their initials
_KNOWNACRONYMS = {"cpi": "consumer price index", "ppi": "producer price index", "gdp": "gross domestic product",
                   "fte": "full-time equivalent staff staffing"}
ACRONYM = re.compile(r"\b[A-Z]{2,6}s?\b")
_RUNWORD = re.compile(r"[A-Za-z]+")
_LINKWORDS = frozenset(["of", "and", "for", "the", "on", "in", "&"])


def _line_words(line: str) -> frozenset[str]:
    """A note line's content stems, with the words of the known acronyms it uses (CPI: consumer, price, index)."""
    words = content_words(line)
    for m in ACRONYM.finditer(line):
        spelled = _KNOWNACRONYMS.get(stem(m.group()))
        if spelled:
            words |= content_words(spelled)
    return frozenset(words)


def line_words(text: str) -> frozenset[str]:
    """The content stems of ``text`` with the words of the known acronyms it uses (GDP: gross, domestic, product)."""
    return _line_words(text)


@lru_cache(maxsize=4)
def note_lines(text: str) -> tuple[tuple[frozenset[str], ...], dict[str, int], dict[str, int]]:
    """Each note line's content stems (index: line number - 1), each stem's count of lines, and the line
    (numbered from 1) of each stem that one line alone uses."""
    lines = tuple(_line_words(line[:400]) for line in text.split("\n"))
    df: dict[str, int] = {}
    where: dict[str, int] = {}
    for k, words in enumerate(lines):
        for w in words:
            df[w] = df.get(w, 0) + 1
            where[w] = k + 1
    return lines, df, {w: ln for w, ln in where.items() if df[w] == 1}


@lru_cache(maxsize=4)
def _note_acronyms(text: str) -> frozenset[str]:
    """The acronyms the notes use (RSS, NEV, HVAC), lower case."""
    return frozenset(stem(m.group()) for m in ACRONYM.finditer(text[:20000]))


def spelled_acronyms(words_text: str, notes_text: str) -> set[str]:
    """The notes' acronyms that ``words_text`` spells out: the initials of a run of two to six of its words
    (Refugee Support Services → rss, New-energy vehicle → nev; of / and / the may be skipped)."""
    known = _note_acronyms(notes_text)
    if not known:
        return set()
    words = _RUNWORD.findall(words_text[:400])
    out: set[str] = set()
    for i in range(len(words)):
        if words[i].lower() in _LINKWORDS:
            continue
        full, bare = "", ""
        for w in words[i:i + 8]:
            full += w[0].lower()
            bare += "" if w.lower() in _LINKWORDS else w[0].lower()
            for initials in (full, bare):
                if 2 <= len(initials) <= 6 and initials in known and w.lower() not in _LINKWORDS:
                    out.add(initials)
    return out


def sentence_lead(ledger: Ledger, d: Figure) -> str:
    """The draft sentence's words before ``d`` when no other figure stands there (at most 200 characters)."""
    text = ledger.draft_text
    lo = max(0, d.start - 200)
    cut = max(text.rfind(ch, lo, d.start) for ch in "!?\n;") + 1
    stops = [m.end() for m in re.finditer(r"\.\s", text[lo:d.start])]
    start = max(cut, lo + stops[-1]) if stops else max(cut, lo)
    if any(start <= f.start < d.start and not f.ignored for f in ledger.draft_figs):
        return ""
    return text[start:d.start]


def spells_own_acronym(ledger: Ledger, d: Figure, note: Figure) -> bool:
    """The draft's words for ``d`` spell out an acronym that the note figure's own clause uses (Road Safety Grants
    for ``RSG $1.3B``): they name the note figure's own item, however much they resemble another line's words."""
    before, after = figure_clause(ledger.draft_text, d.start, d.end)
    spelled = spelled_acronyms(before + " " + after, ledger.text)
    if not spelled:  # "At the Department of Transportation, the difference was $10 million": the sentence's lead
        lead = sentence_lead(ledger, d)
        spelled = spelled_acronyms(lead, ledger.text) if lead else set()
    if not spelled:
        return False
    n_before, n_after = note_figure_clause(ledger.text, note.start, note.end)
    return bool(spelled & {stem(m.group()) for m in ACRONYM.finditer(n_before + " " + n_after)})


def figure_clause(text: str, start: int, end: int, reach: int = 80) -> tuple[str, str]:
    """The words of a figure's clause before it and the phrase right after it (to a stop, "and", a figure)."""
    lo = max(0, start - reach)
    cut = max(text.rfind(ch, lo, start) for ch in _STOPS + "—") + 1
    before = text[max(lo, cut):start]
    after = text[end:end + reach]
    m = re.search(r"[,;:!?\n()（）]|\.(?!\w)|\band\b|\bwhile\b|\bbut\b|\d", after)
    return before, after[:m.start()] if m else after


_FILLER = re.compile(r"^[\s$€£]*+(?:(?:about|approximately|around|nearly|almost|some)[\s$€£]*+)?$", re.I)


def note_figure_clause(text: str, start: int, end: int) -> tuple[str, str]:
    """A note figure's :func:`_clause`, with the label before a colon when the figure is all its clause holds
    (``DOT difference from the budget report: $12 million``): the label names what the value is."""
    before, after = figure_clause(text, start, end)
    lo = start - len(before)
    if lo > 0 and text[lo - 1] == ":" and _FILLER.match(before):
        before = figure_clause(text, lo - 1, lo - 1)[0] + " " + before
    return before, after
