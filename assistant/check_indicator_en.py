"""Is an English draft figure given to the thing its note figure is the value of? (word-level reading).

English notes name a figure's indicator with ordinary words, and word overlap alone lets shared generic
words (about, program, billion) make unrelated items look alike. :func:`english_indicator_check` reads
the words *around* each figure instead, and blocks a value that matched a note figure when the draft
gives it to another named thing:

* **another line's words**: the draft's clause shares two or more words with one other note line, words
  that no other note line uses (weighted by rarity within the notes), and none with its own line ("70
  percent of the awards reviewed had subaward information" for "awards with a subcontractor: about 70%"
  when "awards reviewed with subaward info reported: only 10%" is the line below); an acronym counts twice,
  both spelled out by its initials in the draft ("New-energy vehicle output" names the line of "NEV output")
  and written out in words for a known one ("consumer prices" for CPI, "staff" for FTE);
* an acronym of the note figure's own clause spelled out in the draft ("Road Safety Grants" for "RSG $1.3B")
  names the figure's own item: :func:`spells_own_acronym` keeps a closer word fit elsewhere from blocking it;
* **the words after it**: the phrase after the draft figure ("5 percent *of the whole bill*") is the
  phrase after another figure of the same line and unit ("capped at 20% of the whole bill"), not its own
  ("up to 5% per metric");
* **a named entity**: the draft names an agency or body the notes name elsewhere (Treasury, USDA) right
  at the figure, and the note figure's own clause names another one (DOT, HHS) the draft sentence never
  mentions;
* **what the notes say it is not**: the note line says the figure is "not in" / "excluding" a thing, and
  the draft names that thing for it ("TANF spending … not in the improper payment estimate" stated as
  "TANF improper payments were about $16.5 billion");
* **a neighbour's words**: the draft's words for the figure share nothing with its own words on the note line
  and name another figure of that line, same unit ("Re-employment reached 6,790" for "new jobs 6,790;
  re-employed 1,582");
* **another count noun**: the noun after the draft's number ("100,000 *veterans*") is not what the note line
  counts ("100,000 *caregivers*") and names what another note line is about;
* **a respectively list**: "X and Y …, respectively" gives the k-th value to the k-th name of the list,
  and that name sits at another value in the notes ("about 230,000 through Uniting for Ukraine, about
  29,000 outside it" stated as "29,000 and 230,000 … through and outside …, respectively");
  and, for two items of one note line, the order of their own words in the draft against the order of the values
  ("1,080 mu on the East and West hills + 3,920 mu along roads" stated as "The East and West hills and the roads
  … 3,920 and 1,080 mu, respectively"), numbers as names too ("at 3 and 9 months … 60% and 80%").

Words are compared lowercased with a light stem (payments / payment, agencies / agency), so faithful
paraphrases in other words (jobs / employment, spending / outlays) share no word and are never blocked
by these rules. Every reader looks at a bounded window: linear in the draft.
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.check_indicator_respective import RESPECTIVELY as _RESPECTIVELY
from assistant.check_indicator_respective import respective_fits
from assistant.check_indicator_respective import respective_order as _respective_order
from assistant.check_indicator_respective import respective_swap as _respective_swap
from assistant.check_indicator_words import STOP_WORDS as _STOP
from assistant.check_indicator_words import WORD as _WORD
from assistant.check_indicator_words import (
    content_words,
    sentence_lead,
    spelled_acronyms,
    spells_own_acronym,
    stem,
)
from assistant.check_indicator_words import figure_clause as _clause
from assistant.check_indicator_words import note_figure_clause as _note_clause
from assistant.check_indicator_words import note_lines as _note_lines
from assistant.check_ledger import Ledger, target_beside_result
from assistant.check_reasons import note_where
from assistant.check_types import FigureCheck
from assistant.figures import Figure

__all__ = ["content_words", "english_indicator_check", "own_words_fit", "respective_fits", "spelled_acronyms", "spells_own_acronym", "stem"]

_MONTHS = frozenset(["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"])
_ROMAN = re.compile(r"^(?:I{1,3}|IV|V|VI{1,3}|IX|X)$")


def _entities(text: str, sentence_start: bool) -> set[str]:
    """Named bodies in ``text``: acronyms (DOT, HHS, FSA) and capitalized words not opening the sentence."""
    out = set()
    for k, m in enumerate(re.finditer(r"[A-Za-z][A-Za-z&]{1,30}", text)):
        w = m.group()
        if w in _MONTHS or _ROMAN.match(w) or w.lower() in _STOP:
            continue
        if (w.isupper() and len(w) >= 2) or (w[0].isupper() and not (k == 0 and sentence_start)):
            out.add(w)
    return out


def _sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding ``pos`` starts (after a line end, ! ? or a full stop and a space)."""
    lo = max(0, pos - 200)
    cut = max(text.rfind(ch, lo, pos) for ch in "!?\n") + 1
    stops = [m.end() for m in re.finditer(r"\.\s", text[lo:pos])]
    return max(cut, lo + stops[-1]) if stops else max(cut, lo)


def _misattributed(d: Figure, note: Figure, reason: str) -> FigureCheck:
    return FigureCheck(d, "misattributed", reason, note=note, meaning="indicator")


def _other_line(ledger: Ledger, d: Figure, note: Figure) -> int | None:
    """The one other note line (with a figure of ``d``'s unit, another value) that the draft's clause names while it
    shares no word with the figure's own line: two or more of its rare words (a word one line alone uses counts 1, one
    two lines use ½; a word reached through an acronym — the draft spells out the line's NEV, or writes "consumer
    prices" for its CPI — counts twice, since an acronym names the item itself)."""
    before, after = _clause(ledger.draft_text, d.start, d.end)
    spelled = spelled_acronyms(before + " " + after, ledger.text)
    if not spelled:  # "At the Environmental Protection Agency, questioned costs were …": the sentence's lead
        lead = sentence_lead(ledger, d)
        spelled = spelled_acronyms(lead, ledger.text) if lead else set()
    words = content_words(before + " " + after) | spelled
    lines, df, _ = _note_lines(ledger.text)
    if not 0 < note.line <= len(lines):
        return None
    if any(df.get(w, 0) == 1 for w in words & lines[note.line - 1]):
        return None  # the draft shares a rare word with the note figure's own line: the same item in its words
    text_lines = ledger.text.split("\n")
    scores: dict[int, float] = {}
    for w in words:
        n = df.get(w, 0)
        if not 0 < n <= 2:
            continue
        for ln, line in enumerate(lines, 1):
            if w in line:
                literal = w not in spelled and w in content_words(text_lines[ln - 1][:400])
                scores[ln] = scores.get(ln, 0.0) + (1.0 if literal else 2.0) / n
    own = scores.get(note.line, 0.0)  # words it shares with two lines, its own one of them ("consumer prices", CPI)
    best = [ln for ln, v in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
            if v >= 2 and v > own + 1 and ln in ledger.by_line]
    best = [ln for ln in best if any(ledger.figs[j].unit == note.unit and ledger.figs[j].value != note.value
                                     for j in ledger.by_line[ln])]
    return best[0] if best else None


def _moved_after(ledger: Ledger, d: Figure, note: Figure, idx: int) -> Figure | None:
    """Another figure of the note line, same unit, whose after-phrase the draft gives ``d`` ("of the whole
    bill"), when ``d``'s own note figure's after-phrase shares no word with it."""
    d_after = content_words(_clause(ledger.draft_text, d.start, d.end)[1])
    if len(d_after) < 2:
        return None
    if d_after & content_words(_own_after(ledger, note)):
        return None
    for j in ledger.by_line.get(note.line, ())[:16]:
        c = ledger.figs[j]
        if j == idx or c.unit != note.unit or c.value == note.value or target_beside_result(ledger, idx, j):
            continue
        if _PART_OF.search(ledger.text, max(0, c.start - 40), c.start):
            continue  # "11 of these 12 examined X": 12 is the whole the part is of; X is what the 11 did
        if len(d_after & content_words(_clause(ledger.text, c.start, c.end)[1])) >= 2:
            return c
    return None


#: a part of a whole: "11 of these 12", "9 of the 46", "3 of them" (the number after is the whole's)
_OF_WHOLE = re.compile(r"[ \t]{0,4}of\s++(?:the\s++|these\s++|those\s++|all\s++)?(?=[$€£]?\d)", re.I)
_PART_OF = re.compile(r"\d\s++of\s++(?:the\s++|these\s++|those\s++|all\s++)?[$€£]?$", re.I)


def _own_after(ledger: Ledger, note: Figure) -> str:
    """The phrase after a note figure, past the whole it is a part of ("11 of these 12 examined X" → examined X)."""
    after = _clause(ledger.text, note.start, note.end)[1]
    m = _OF_WHOLE.match(ledger.text, note.end)
    if m is None:
        return after
    whole = next((ledger.figs[j] for j in ledger.by_line.get(note.line, ())[:32] if ledger.figs[j].start == m.end()), None)
    return after if whole is None else _clause(ledger.text, whole.start, whole.end)[1]


def _other_entity(ledger: Ledger, d: Figure, note: Figure) -> tuple[str, str] | None:
    """(the draft's entity, the note's) when the draft names at the figure a body the notes name elsewhere,
    and the note figure's own clause names another the draft's sentence never mentions."""
    text = ledger.draft_text
    before, after = _clause(text, d.start, d.end)
    s_start = _sentence_start(text, d.start)
    at_start = not text[s_start:d.start - len(before)].strip()
    sentence = text[s_start:d.start]
    d_ents = _entities(before, at_start) | _entities(after, False)
    n_before, n_after = _note_clause(ledger.text, note.start, note.end)
    line_start = ledger.text.rfind("\n", 0, note.start) + 1
    n_ents = _entities(n_before, False) | _entities(n_after, False)
    if not d_ents or not n_ents or d_ents & n_ents:
        return None
    lines = ledger.text.split("\n")
    figure_lines = [lines[ln - 1] for ln in ledger.by_line if 0 < ln <= len(lines)]  # not the title's words
    known = [e for e in d_ents if any(re.search(rf"\b{re.escape(e)}\b", line) for line in figure_lines)]
    if not known:
        return None
    whole = sentence + ledger.draft_text[d.start:d.start + 200].split("\n", 1)[0]
    initials = "".join(w[0] for w in re.findall(r"\b[A-Z][a-z]+", whole))
    if any(re.search(rf"\b{re.escape(e)}\b", whole) or (e.isupper() and len(e) > 1 and e in initials) for e in n_ents):
        return None  # the draft names the note's body too, or spells its acronym out (Federal Family Education Loans)
    if any(re.search(rf"\b{re.escape(e)}\b", ledger.text[line_start:note.start]) for e in known) and \
            not re.search(r"[;；]", ledger.text[line_start:note.start]):
        return None  # the draft's body opens the note figure's own line ("Treasury: …, DOT share $10 million")
    return sorted(known)[0], sorted(n_ents)[0]


def _root(word: str) -> str:
    """A word's root for matching derived forms (re-employment / re-employed → re-employ)."""
    s = stem(word)
    for suffix in ("ment", "ed", "ing"):
        if len(s) > len(suffix) + 3 and s.endswith(suffix):
            return s[:-len(suffix)]
    return s


_NUMBER_WORDS = {w: str(k) for k, w in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"])}
_SPAN = re.compile(r"\b(\d{1,3}|[a-z]{3,6})[\s-]++(month|year|week|day)s?\b", re.I)


_ORDINALS = frozenset(["first", "second", "third", "fourth", "fifth"])


def _roots(text: str) -> set[str]:
    """Content-word roots, ordinals (first / second dose), and spans of time as one word (six months → 6-month)."""
    out = {_root(m.group()) for m in _WORD.finditer(text)
           if len(stem(m.group())) > 1 and (stem(m.group()) not in _STOP or stem(m.group()) in _ORDINALS)}
    for m in _SPAN.finditer(text):
        n = _NUMBER_WORDS.get(m.group(1).lower(), m.group(1))
        if n.isdigit():
            out.add(f"{n}-{m.group(2).lower()}")
    return out


def _segment_roots(text: str, f: Figure) -> set[str]:
    """The roots of a note figure's own words: its clause (not a colon label, which the line's figures share) and
    what follows it up to the next comma or semicolon, a span of time included ("50% at 6 months")."""
    tail = text[f.end:f.end + 80]
    m = re.search(r"[,;:\n()/→]|->|=>", tail)
    tail = tail if m or len(tail) < 80 else tail.rsplit(" ", 1)[0]  # never a word cut at the reach
    before = _since_number(_clause(text, f.start, f.end)[0])
    before = _SERIES_STOP.split(before)[-1]  # "17 met criteria -> 5 dropped -> 12 analyzed": a value's own item
    return _roots(before + " " + (tail[:m.start()] if m else tail))


#: the stops between the items of a series on one line ("75% at birth / 50% at 6 months", "17 -> 5 dropped -> 12")
_SERIES_STOP = re.compile(r"/|->|=>|→")


def _since_number(before: str) -> str:
    """The words before a figure back to the number before them (a figure's own words, not its neighbour's)."""
    return re.split(r"[0-9\uff10-\uff19]", before)[-1]


def _sibling_words(ledger: Ledger, d: Figure, note: Figure, idx: int) -> Figure | None:
    """Another figure of the note line, same unit and another value, whose own words the draft gives ``d``
    (re-employed 950 → "Re-employment reached 4,300"; "goals: 75% initiation, 50% at 6 months" → "the goal at six
    months is 75%") while the draft holds none of the words that only ``d``'s own clause has (new jobs, initiation)."""
    line_end = ledger.text.find("\n", note.end)
    line = ledger.text[ledger.text.rfind("\n", 0, note.start) + 1:line_end if line_end >= 0 else len(ledger.text)]
    s_start = _sentence_start(ledger.draft_text, d.start)
    if _RESPECTIVELY.search(line[:400]) or _RESPECTIVELY.search(ledger.draft_text, s_start, d.end + 200):
        return None  # a respectively list's words name every value of the list: the list's readers judge it
    if line.count("|") >= 2 or "<br>" in line[:400]:
        return None  # a table row: its cells are not the items of a sentence
    before, after = _clause(ledger.draft_text, d.start, d.end)
    # the draft's own words stop at a series stop too ("volunteers 1,210 / volunteer hours 41,300" kept as written)
    words = _roots(_SERIES_STOP.split(_since_number(before))[-1] + " " + _SERIES_STOP.split(after, maxsplit=1)[0])
    own = _segment_roots(ledger.text, note)
    n_before, n_after = _clause(ledger.text, note.start, note.end)
    if not words or not own or words <= _roots(_since_number(n_before) + " " + n_after):
        return None  # the draft says nothing its own note clause does not (the same sentence, a table row)
    for j in ledger.by_line.get(note.line, ())[:16]:
        c = ledger.figs[j]
        if j == idx or c.unit != note.unit or c.value == note.value or target_beside_result(ledger, idx, j):
            continue
        if _PART_OF.search(ledger.text, max(0, c.start - 40), c.start):
            continue  # "11 of these 12 examined X": 12 is the whole the part is of, X what the 11 did
        other = _segment_roots(ledger.text, c)
        # the words that tell the two apart (a label the line gives both, "Healthy People goals:", tells nothing)
        if words & (other - own) and not words & (own - other):
            return c
    return None


def own_words_fit(ledger: Ledger, d: Figure, idx: int, rival: int) -> bool:
    """The draft's words for ``d`` hold the words that tell note figure ``idx``'s item from ``rival``'s on the same
    line and none of ``rival``'s own ("goals: 75% initiation, 50% at 6 months" stated as "a goal of 50% of mothers
    breastfeeding at six months"): a closer fit of the line's shared label to the rival says nothing against it."""
    note, other = ledger.figs[idx], ledger.figs[rival]
    if note.line != other.line:
        return False
    before, after = _clause(ledger.draft_text, d.start, d.end)
    words = _roots(before + " " + after)
    own, its = _segment_roots(ledger.text, note), _segment_roots(ledger.text, other)
    return bool(words & (own - its)) and not words & (its - own)


_AT_SPAN = re.compile(r"\b(?:at|after|within|by)\s++(?:(?:about|around|age|the)\s++)?(\d{1,3}|[a-z]{3,6})[\s-]++"
                      r"(month|year|week|day)s?\b", re.I)


def _at_spans(text: str) -> set[str]:
    """The spans of time a text puts a figure at ("at six months", "within 90 days") as ``6-month`` words."""
    out = set()
    for m in _AT_SPAN.finditer(text[:400]):
        n = _NUMBER_WORDS.get(m.group(1).lower(), m.group(1))
        if n.isdigit():
            out.add(f"{n}-{m.group(2).lower()}")
    return out


def _span_of_another(ledger: Ledger, d: Figure, note: Figure) -> tuple[str, int] | None:
    """(the span, the line) when the draft puts ``d`` at a span of time ("still breastfeeding at six months") that
    the note figure's own line never names and exactly one other note line, with a figure of the unit and another
    value, does ("still breastfeeding at 6 months: about 33%"): the value of another item."""
    before, after = _clause(ledger.draft_text, d.start, d.end)
    rest = ledger.draft_text[d.end:d.end + 160]
    stop = re.search(r"[;!?\n]|\.(?!\d)", rest)
    after = rest[:stop.start()] if stop else rest  # "… at 12 months": a span is read past the figures in it
    spans = _at_spans(before + " " + after)
    lines = ledger.text.split("\n")
    if not spans or not 0 < note.line <= len(lines) or spans & _roots(lines[note.line - 1][:400]):
        return None
    hits = [ln for ln in list(ledger.by_line)[:_NAMES_READ] if ln != note.line and 0 < ln <= len(lines)
            and spans & _roots(lines[ln - 1][:400])
            and any(ledger.figs[j].unit == note.unit and ledger.figs[j].value != note.value for j in ledger.by_line[ln])]
    if len(hits) > 1:  # several lines name the span: the one that shares the most of the draft's other words
        words = _roots(before + " " + after) - spans
        score = {ln: len(words & _roots(lines[ln - 1][:400])) for ln in hits}
        top = max(score.values())
        hits = [ln for ln in hits if score[ln] == top] if top > 0 else hits
    if len(hits) != 1 or any(ledger.figs[j].unit == note.unit and ledger.figs[j].value == note.value
                             for j in ledger.by_line[hits[0]]):
        return None  # the value stands on that line too ("at 12 months 25%"): the draft's span is its own
    return sorted(spans)[0], hits[0]


_NAMES_READ = 400
_GENERIC_NOUNS = frozenset(["people", "person", "individual", "case", "item", "unit", "time", "thing", "place",
                            "site", "record", "entry", "event", "instance"])


def _counted(noun: str) -> str:
    """The stem of the thing a count counts: the first content word of the noun after it (volunteers trained)."""
    for m in _WORD.finditer(noun[:80]):
        s = stem(m.group())
        if len(s) > 1 and s not in _STOP:
            return s
    return ""


def _other_count_noun(ledger: Ledger, d: Figure, note: Figure) -> tuple[str, str] | None:
    """(what the draft counts, what the note counts) when the noun after the draft's number (80,000 *families*) is
    not what the note line counts (80,000 *volunteers*), is not in that line at all, and names what another note
    line is about, while the draft's words after the number never name the note's noun."""
    dn, nn = _counted(d.noun), _counted(note.noun)
    if not dn or not nn or dn == nn or dn in _GENERIC_NOUNS:
        return None
    lines, df, _ = _note_lines(ledger.text)
    if not 0 < note.line <= len(lines) or dn in lines[note.line - 1] or df.get(dn, 0) < 1:
        return None
    if not any(dn in lines[ln - 1] for ln in ledger.by_line if 0 < ln <= len(lines) and ln != note.line):
        return None
    if nn in content_words(_clause(ledger.draft_text, d.start, d.end)[1]):
        return None  # "80,000 families and volunteers": the draft's words name the note's noun too
    return dn, nn


_NOT_IN = re.compile(r"\b(?:not (?:in|included in|counted in|part of|counted as|among)|excluding|excludes|"
                     r"outside(?: of)?|apart from)\s(?P<x>[^.;,\n]{3,60})", re.I)


def _what_it_is_not(ledger: Ledger, d: Figure, note: Figure) -> str | None:
    """The thing the note line says the figure is not ("not in the improper payment estimate") when the
    draft's clause names it for the figure (two or more of its words)."""
    line_end = ledger.text.find("\n", note.end)
    rest = ledger.text[note.end:line_end if line_end >= 0 else len(ledger.text)][:120]
    m = _NOT_IN.search(rest)
    if m is None or re.search(r"\d", rest[:m.start()]):
        return None
    excluded = content_words(m.group("x"))
    before, after = _clause(ledger.draft_text, d.start, d.end)
    sentence_end = ledger.draft_text.find(".", d.end, d.end + 160)
    if _NOT_IN.search(ledger.draft_text, _sentence_start(ledger.draft_text, d.start),
                      sentence_end if sentence_end >= 0 else d.end + 160):
        return None  # the draft says what it is not, too
    shared = excluded & content_words(before + " " + after)
    if len(shared) < min(2, len(excluded)) or not shared:
        return None
    return m.group("x").strip()


def english_indicator_check(fc: FigureCheck, ledger: Ledger, idx: int) -> FigureCheck | None:
    """A matched English figure blocked as ``misattributed`` when the draft gives the note figure's value
    to another named thing (see the module text), else None."""
    found = _blocked(fc, ledger, idx)
    if found is None:
        return None
    for i in ledger.same_value(fc.figure):  # another note figure of this value that the draft's words fit
        if i != idx and ledger.figs[i].unit == ledger.figs[idx].unit and _blocked(fc, ledger, i) is None:
            return replace(fc, note=ledger.form(i, fc.figure))
    return found


def _blocked(fc: FigureCheck, ledger: Ledger, idx: int) -> FigureCheck | None:
    d, note = fc.figure, ledger.figs[idx]
    where = note_where(note, False)
    swap = _respective_swap(ledger, d, note)
    if swap is not None:
        return _misattributed(d, note, f"{where} is the figure for ‘{swap[1]}’, but the draft's “respectively” "
                                       f"gives {d.text} to ‘{swap[0]}’")
    order = _respective_order(ledger, d, note)
    if order is not None and not order[0]:
        return _misattributed(d, note, f"{where} is the figure for ‘{order[2]}’, but the draft's “respectively” "
                                       f"gives {d.text} to ‘{order[1]}’")
    excluded = _what_it_is_not(ledger, d, note)
    if excluded is not None:
        return _misattributed(d, note, f"{where} is not in {excluded}, but the draft gives {d.text} to it")
    moved = _moved_after(ledger, d, note, idx)
    if moved is not None:
        phrase = _clause(ledger.text, moved.start, moved.end)[1].strip()
        return _misattributed(d, note, f"{where}; ‘{phrase}’ is {moved.text} in the notes (line {moved.line}), "
                                       f"but the draft gives it {d.text}")
    sibling = _sibling_words(ledger, d, note, idx)
    if sibling is not None:
        return _misattributed(d, note, f"{where}; the draft's words for {d.text} are those of {sibling.text} on the "
                                       "same notes line, another item")
    counted = _other_count_noun(ledger, d, note)
    if counted is not None:
        return _misattributed(d, note, f"{where} counts {counted[1]}s, but the draft gives {d.text} to "
                                       f"{counted[0]}s, which another notes line is about")
    entity = _other_entity(ledger, d, note)
    if entity is not None:
        return _misattributed(d, note, f"{where} is the figure for {entity[1]}, but the draft gives {d.text} "
                                       f"to {entity[0]}")
    span = _span_of_another(ledger, d, note)
    if span is not None:
        return _misattributed(d, note, f"{where}; the draft puts {d.text} at {span[0].replace('-', ' ')}s, the item "
                                       f"of notes line {span[1]}")
    line = _other_line(ledger, d, note)
    if line is not None:
        return _misattributed(d, note, f"{where}; the draft's words for {d.text} are those of notes line {line}, "
                                       "another item")
    return None
