"""English sentences for the offline writer: a note bullet ("1,833 new recommendations", "Cash and
short-term investments $14.1 billion", "request $860 million") becomes a grammatical sentence with a
neutral verb chosen by the note's role and form, every figure and word of the note kept as written:

* a figure first (a count or an amount): ``there were 1,833 new recommendations`` / ``financial savings
  amounted to $62.7 billion`` (for ``$62.7 billion in financial savings``);
* an indicator and its figure: ``cash and short-term investments amounted to $14.1 billion`` (money),
  ``on-time performance stood at 86%`` (a rate or a count);
* a bare past-tense verb: ``we repaired 42 km of rural roads``;
* a note with a verb of its own is left as it is ("Revenue reached $12.4M": the notes' own verb).

Plans: verb-led targets are joined into ``The plan for 2026 is to request …, support … and …``; noun
targets into ``The target for 2026 is …`` / ``The targets for 2026 are …``. No verb claims more than the
notes do ("reached" is never added; "amounted to" / "stood at" / "there were" state a value only).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_FIGURE = r"(?:[$€£¥]\s*+)?\d[\d,]*+(?:\.\d++)?"
_SCALE = r"(?:\s*+(?:thousand|million|billion|trillion|[KMB]n?|%|percent|per\s++cent)\b)?"
# a finite verb (or an auxiliary) in the note itself: the note is already a sentence
_FINITE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|can|could|did|does|do|reached|rose|fell|grew|increased|"
    r"decreased|declined|dropped|remained|remains?|totals|totall?ed|stood|stands|came|went|made|won|hit|"
    r"exceeded|doubled|tripled|halved|keeps?|kept|amounted|amounts|climbed|jumped|slipped|gained|lost|"
    r"surpassed|topped|passed|saw|received|served|opened|completed|delivered|achieved|recorded|posted|"
    r"launched|hired|trained|built|repaired|issued|made|provided|added|created|cut|reduced|improved)\b",
    re.I,
)
# a verb that states a value or an auxiliary: "Revenue reached $12.4M", "Turnover fell to 6.2%", "is", "were"
_VALUE_VERB = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|reached|rose|fell|grew|increased|decreased|declined|dropped|"
    r"remained|remains?|totals|totall?ed|stood|stands|came|went|hit|exceeded|doubled|tripled|halved|amounted|"
    r"amounts|climbed|jumped|slipped|gained|lost|surpassed|topped|saw|keeps?|kept|equals|equall?ed)\b", re.I)
_QUALIFIER = re.compile(r"^(?:only|about|around|nearly|almost|over|under|more\s+than|less\s+than|fewer\s+than|"
                        r"at\s+least|some|just|roughly|approximately|up\s+to|a\s+total\s+of|total)$", re.I)
_PAST_VERB = re.compile(r"^(?:[A-Za-z]+ed|built|won|ran|held|set|made|began|grew|hired|opened|cut|paid|sold|"
                        r"took|led|met|spent|brought|wrote|kept|put|saw|gave|got|rose|fell|hit)\b")
_NOT_VERBS = {"red", "bed", "shed", "seed", "need", "feed", "speed", "bred", "hundred", "united", "limited", "based",
              "advanced", "combined", "related", "selected", "expected", "estimated", "projected", "planned",
              "proposed", "targeted", "detailed", "registered", "licensed", "certified", "affiliated"}
_MONEY = re.compile(r"[$€£¥]|\b(?:dollars?|euros?|pounds?|yuan|USD|EUR|GBP)\b", re.I)
# "$62.7 billion in financial savings", "1,295 improvements in operations"
_FIGURE_FIRST = re.compile(r"^(?P<fig>(?:about\s+|around\s+|nearly\s+|over\s+|more\s+than\s+|almost\s+)?"
                           + _FIGURE + _SCALE + r")(?P<rest>\s.*)?$", re.I)
_MONEY_IN = re.compile(r"^(?P<fig>" + _FIGURE + _SCALE + r")\s+in\s+(?P<noun>[A-Za-z][^,;:]*?)(?P<tail>[,;].*)?$",
                       re.I)
# "Cash and short-term investments $14.1 billion", "net losses since FY2007: $118 billion"
_INDICATOR_FIGURE = re.compile(
    r"^(?P<ind>[A-Za-z][\w&'’/.\-]*(?:\s++(?:[A-Za-z][\w&'’/.\-]*|(?:19|20)\d\d))*)(?:\s*+:)?\s++"
    r"(?P<fig>(?:about\s+|around\s+|nearly\s+|over\s+|almost\s+|[+−-](?=[$€£¥\d]))?" + _FIGURE + r".*)$", re.I)
# a base-form verb that opens a plan bullet ("request $860 million", "modernize 60 plants")
_PLAN_VERB = re.compile(
    r"^(?:request|support|cut|restore|moderni[sz]e|build|open|hire|reduce|increase|raise|grow|expand|complete|"
    r"launch|create|train|invest|plant|repair|upgrade|improve|deliver|keep|maintain|add|achieve|reach|start|"
    r"finish|renovate|install|develop|establish|set\s+up|provide|recruit|serve|spend|save|close|issue|make|"
    r"hold|double|lift|lower|attract|secure|connect|extend|replace|bring|cover|enrol+|host|hold|introduce|"
    r"retain|sustain|fund|allocate|lay|pave|finalize|finalise|pilot|roll\s+out|begin|continue|publish|"
    r"conduct|carry\s+out|implement|ensure|boost|halve|streamline|digitize|digitise|consolidate|strengthen|"
    r"use|apply|absorb|fund|offset|reinvest|redirect|assist|help|house|inspect|vaccinate|process|resolve|answer|"
    r"treat|screen|visit|protect|prevent|clean|collect|recycle|rebuild|renew|enroll|enrol|audit|review|"
    r"respond|place|shelter|feed|employ|insure|test|certify|license|approve|award|hire|clear|reseal|resurface|"
    r"seal|fix|eliminate|tackle|move|recover|return|convert|migrate|refurbish|retrofit|relocate|rehouse)\b",
    re.I,
)


# a share of a group, then a past participle and no verb: "two-thirds of recommendations implemented"
_SHARE_DONE = re.compile(
    r"^(?P<share>(?:(?:about|nearly|almost|over|more\s+than|roughly)\s+)?"
    r"(?:half|a\s+third|a\s+quarter|(?:one|two|three|four|five|six|seven|eight|nine)[- ](?:thirds?|quarters?|"
    r"fifths?|tenths?)|(?:one|two|three|four|five|six|seven|eight|nine)\s+in\s+(?:three|four|five|ten)|"
    r"\d+(?:\.\d+)?\s*(?:%|percent))\s+of\s+(?:the\s+|all\s+|its\s+|our\s+)?"
    r"(?P<noun>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*)?))\s+(?P<pp>[a-z]+ed)\b(?P<rest>.*)$", re.I)


def lower_first(s: str) -> str:
    return s[:1].lower() + s[1:] if s and not s[:2].isupper() else s


def cap(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


def has_verb(clause: str) -> bool:
    """True when the clause already reads as a sentence (a finite verb of its own)."""
    return bool(_FINITE.search(clause))


def _verb_for(figure: str) -> str:
    return "amounted to" if _MONEY.search(figure) else "stood at"


_NUM = r"(?:[$€£¥]\s*+)?\d[\d,]*+(?:\.\d++)?"
# "Trail miles: 41 -> 46", "Median wait 19 → 14 days": a from-to in arrows
_ARROW = re.compile(r"^(?P<ind>[A-Za-z][^:\d]*?)(?:\s*+:\s*+|\s++)(?P<a>" + _NUM + r")(?P<ua>\s*+(?:%|[A-Za-z]++))?\s*+"
                    r"(?:->|→|=>|⇒|-->)\s*+(?P<b>" + _NUM + r")(?P<rest>.*)$")
# "1,150 trees, goal was 1,000" (a result and the target it was measured against, joined from one line)
_OWN_GOAL = re.compile(r"[,;]\s*+(?:the\s++|our\s++)?(?:(?:annual|yearly|original)\s++)?(goal|target)\s++(?:was|were)\s++",
                       re.I)


# a present or past verb that a figure-first note may carry after its noun ("23 vacancies remain unfilled")
_OWN_VERB = re.compile(r"\b(?:remain|remains|remained|stay|stays|stayed|is|are|was|were|has|have|had|will|"
                       r"continue|continues|continued)\b", re.I)
# "Customer calls answered within 60 seconds: 84%": a label (figures of its own allowed) and its value after a colon
_LABEL_VALUE = re.compile(r"^(?P<ind>[A-Za-z][^:;]{2,80}?)\s*+:\s*+(?P<fig>(?:about\s+|around\s+|nearly\s+|over\s+)?"
                          + _FIGURE + r"(?:%|\s*+(?:percent|thousand|million|billion|[KMB]n?)\b)?(?:\s++[A-Za-z]{2,15})?)"
                          r"(?P<rest>\s*+(?:\([^()]*+\))?)$", re.I)
# "Households served in the city and the county 11,200 and 7,200 respectively"
_RESPECTIVELY = re.compile(r"^(?P<ind>[A-Za-z][^\d:]*?)(?<!\s)\s*+:?\s++(?P<figs>[$€£¥]?\d.*\brespectively)$", re.I)
# "Math proficiency flat at 38%", "Attendance steady at 94%"
_FLAT = re.compile(r"^(?P<ind>.+?)(?<!\s)\s++(?P<word>flat|steady|stable|unchanged|level)(?:\s+at)?$", re.I)


def _number(text: str) -> float:
    return float(re.sub(r"[^\d.]", "", text) or 0)


def summary_sentence(text: str) -> str:
    """A review note as a sentence, without the final stop (see the module docstring)."""
    s = text.strip().rstrip(".;,")
    s = _OWN_GOAL.sub(lambda m: f" against a {m.group(1).lower()} of ", s)
    s = re.sub(r"(?<![\w~])~\s*+(?=[$€£¥]?\d)", "about ", s)  # "Volunteer hours ~12,300": ~ is "about"
    # "inspections 2,310, 97% passed" (a share of the count before it, joined from one line): "of which"
    s = re.sub(r"(?<=\d),\s*+(?=\d{1,3}(?:\.\d+)?\s*+(?:%|percent)\s++[a-z]{1,20}?ed\b)", ", of which ", s)
    # "CSAT 92%, +3 pts" → "…, up 3 pts"; "Median wait 2.1h, was 3.4h" → "…, compared with 3.4h before"
    s = re.sub(r"(?<=[,;(])\s*+(?P<sign>[+＋]|[-−–](?=\s*+\d))\s*+(?P<num>\d[\d.]*+)\s*+(?P<unit>pts?\b|points?\b|"
               r"percentage\s++points?\b)",
               lambda m: f" {'up' if m.group('sign') in '+＋' else 'down'} {m.group('num')} {m.group('unit')}", s)
    was = re.match(r"^(?P<head>[A-Za-z][^,\d]*?(?<!\s)\s++[$€£¥]?\d(?:[\d.]|,(?=\d{3}))*+\s*+[A-Za-z%]*+),\s*+was\s++"
                   r"(?P<prev>[$€£¥]?\d(?:[\d.]|,(?=\d{3}))*+\s*+[A-Za-z%]*+)$", s)
    if was:
        return f"{summary_sentence(was.group('head'))}, compared with {was.group('prev')} before"
    arrow = _ARROW.match(s)
    if arrow:  # "Trail miles: 41 -> 46" → "Trail miles rose from 41 to 46"
        a, b = _number(arrow.group("a")), _number(arrow.group("b"))
        ind, unit, rest = cap(arrow.group("ind").strip()), arrow.group("ua") or "", arrow.group("rest")
        if a == b:
            return f"{ind} stayed at {arrow.group('b')}{rest}"
        verb = "rose" if b > a else "fell"
        return f"{ind} {verb} from {arrow.group('a')}{unit} to {arrow.group('b')}{rest}"
    past = _PAST_VERB.match(s)
    # "Affected households 1,200" / "Trained staff: 340": a participle before a noun and its value, no verb
    adjective = past is not None and re.fullmatch(
        r"\S+\s++[A-Za-z][A-Za-z\s-]*?(?<!\s):?\s++[$€£¥]?\d[\d,.]*+%?(?:\s*+[A-Za-z]{1,12})?(?:\s*+\([^()]*+\))?", s)
    if past and past.group(0).lower() not in _NOT_VERBS and not adjective:
        return "We " + lower_first(s)
    if re.search(r"\b(?:was|were|is|are|has|have|had|will)\b", s, re.I):
        return cap(s)  # "3 bridges were rebuilt": a verb of its own
    respectively = _RESPECTIVELY.match(s)
    if respectively and not _VALUE_VERB.search(respectively.group("ind")):
        figs = respectively.group("figs")
        return f"{cap(respectively.group('ind'))} {_verb_for(figs.split(' ')[0])} {figs}"
    label = _LABEL_VALUE.match(s)
    if label and not _VALUE_VERB.search(label.group("ind")) and re.search(r"\d", label.group("ind")):
        return f"{cap(label.group('ind'))} {_verb_for(label.group('fig'))} {label.group('fig')}{label.group('rest')}"
    share = _SHARE_DONE.match(s)
    if share and share.group("pp").lower() not in _NOT_VERBS:  # "two-thirds of recommendations implemented"
        aux = "were" if share.group("noun").lower().endswith("s") else "was"
        return f"{cap(share.group('share'))} {aux} {share.group('pp')}{share.group('rest')}"
    signed = re.match(r"^(?P<ind>[A-Za-z][^,\d]*?),\s*+(?P<dir>up|down)\s++(?P<rest>[$€£¥]?\d.*)$", s, re.I)
    if signed:  # "E-book checkouts, up 22% year on year" (from "+22%"): the direction is the indicator's verb
        return f"{cap(signed.group('ind'))} {'rose' if signed.group('dir').lower() == 'up' else 'fell'} {signed.group('rest')}"
    m = _FIGURE_FIRST.match(s)
    if m:
        fig, rest = m.group("fig"), (m.group("rest") or "")
        if re.match(r"^\s*+(?:was|were|is|are|has|have|had|will|rose|fell|grew|increased|decreased)\b", rest, re.I):
            return cap(s)  # "3 bridges were rebuilt"
        if _OWN_VERB.search(rest):
            return cap(s)  # "23 teacher vacancies remain unfilled": a verb of its own after the noun
        money_in = _MONEY_IN.match(s)
        if money_in and _MONEY.search(money_in.group("fig")):
            return (f"{cap(money_in.group('noun').strip())} amounted to {money_in.group('fig')}"
                    f"{money_in.group('tail') or ''}")
        if _MONEY.search(fig) or re.search(r"%|percent|per\s+cent", fig, re.I):
            return f"There was {s}"
        single = re.fullmatch(r"(?:[$€£¥]\s*)?1", fig.strip())
        return f"There {'was' if single else 'were'} {s}"
    m = _INDICATOR_FIGURE.match(s)
    if (m and not _VALUE_VERB.search(m.group("ind")) and not _VALUE_VERB.search(m.group("fig"))
            and not _QUALIFIER.match(m.group("ind"))):  # "Jobs created 2,300": a participle, no verb of value
        ind, fig = m.group("ind").rstrip(" :"), m.group("fig")
        inner = re.search(r"(?<=\S)\s++([a-z]+ed)\s++(?!(?:from|to|by|in|at|on|within|under|over|for|with|"
                          r"into|across|per)\b)[A-Za-z]", ind)  # "Waste diverted from landfill 41%": a modifier
        if inner and inner.group(1).lower() not in _NOT_VERBS:
            return cap(s)  # "HVAC failure closed Eastside branch 11 days": a verb and its object of its own
        qual = re.search(r"\s(?:about|around|nearly|almost|over|roughly|approximately|some|more than|"
                         r"less than|fewer than|at least|up to|just|only)$", ind, re.I)
        if qual:  # "benefits about $62.7 billion": the qualifier goes with the figure, after the verb
            ind, fig = ind[:qual.start()], qual.group(0).strip() + " " + fig
        moved = re.match(r"^(?P<ind>.+?)\s+(?P<dir>up|down)(?:\s+(?P<prep>to|by))?$", ind, re.I)
        if moved:  # "Average wait time down to 12 minutes", "clinic visits up 7.4% to 132,500": the direction, as a verb
            verb = "fell" if moved.group("dir").lower() == "down" else "rose"
            prep = f" {moved.group('prep')}" if moved.group("prep") else ""
            return f"{cap(moved.group('ind'))} {verb}{prep} {fig}"
        done = re.match(r"^(?P<noun>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,3}?)\s+(?P<pp>[a-z]+ed)$", ind)
        if (done and done.group("pp").lower() not in _NOT_VERBS and not _MONEY.search(fig)
                and not re.search(r"%|percent", fig.split(",")[0], re.I)):
            # "inspections completed 11,300", "households assisted: 6,420" → "6,420 households were assisted"
            # "3,418, 88% within service standard": the figure is 3,418, the rest a clause after it
            split = re.match(r"^(?P<head>[$€£¥]?\d(?:[\d.]|,(?=\d{3}))*+)(?P<tail>.*)$", fig)
            head, tail = (split.group("head"), split.group("tail").strip()) if split else (fig, "")
            tail = re.sub(r"^,\s*+", ", ", tail)
            noun = lower_first(done.group("noun"))
            aux = "was" if re.fullmatch(r"1(?:\.0+)?", head) or not noun.endswith("s") else "were"
            joint = "" if tail.startswith(",") else " "
            return f"{head} {noun} {aux} {done.group('pp')}{(joint + tail) if tail else ''}"
        flat = _FLAT.match(ind)
        if flat:  # "Math proficiency flat at 38%" → "Math proficiency remained flat at 38%"
            return f"{cap(flat.group('ind'))} remained {flat.group('word').lower()} at {fig}"
        came = re.match(r"^(?P<ind>.+?)\s+(?P<dir>up|down)\s+from$", ind, re.I)
        if came:  # "Average ER wait down from 19 to 14 minutes" → "Average ER wait fell from 19 to 14 minutes"
            return f"{cap(came.group('ind'))} {'fell' if came.group('dir').lower() == 'down' else 'rose'} from {fig}"
        if re.search(r"\s(?:to|by|of|at|from|in|on|for|with|than|and|or|within|under|over|below|above)$", ind, re.I):
            return cap(s)
        return f"{cap(ind)} {_verb_for(fig.split(',')[0])} {fig}"
    return cap(s)  # a verb of its own ("Revenue reached $12.4M"), or no figure to state


def _join(parts: Sequence[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        return f"{parts[0]} and {parts[1]}"
    sep = "; " if any("," in p for p in parts) else ", "
    return sep.join(parts[:-1]) + f"{sep}and " + parts[-1]


_PLAN_LEAD = re.compile(r"^(?:(?:we\s+)?plan(?:s|ned)?\s+to|(?:we\s+)?will|to|aim\s+to|target:?)\s+", re.I)


_TO_LEVEL = re.compile(r"^[A-Za-z][^\d:;]{0,60}?\s++to\s++(?:under\s++|over\s++|below\s++|above\s++)?[$€£¥]?\d")


def target_sentences(clauses: Sequence[str], plan_year: int | str) -> list[str]:
    """Targets for the plan year: verb-led ones as "The plan for 2026 is to …", noun ones as
    "The target(s) for 2026 is/are …"."""
    verbs: list[str] = []
    nouns: list[str] = []
    for c in clauses:
        body = _PLAN_LEAD.sub("", c.strip().rstrip(".;,"))
        if not _PLAN_VERB.match(body) and not has_verb(body) and _TO_LEVEL.match(body):
            body = "bring " + lower_first(body)  # "CSAT to 94%": a level to reach, said with a verb
        (verbs if _PLAN_VERB.match(body) else nouns).append(lower_first(body))
    out: list[str] = []
    if verbs:
        out.append(f"The plan for {plan_year} is to {_join(verbs)}.")
    if nouns:
        if len(nouns) == 1:
            out.append(f"The {'other ' if verbs else ''}target for {plan_year} is {nouns[0]}.")
        else:
            out.append(f"The {'other ' if verbs else ''}targets for {plan_year} are {_join(nouns)}.")
    return out


def measure_sentences(clauses: Sequence[str], plan_year: int | str) -> list[str]:
    """Measures for the plan year: "In 2026 we will build …, open … and …" when every one opens with a
    verb, else "In 2026 we will focus on the following: first, …; second, …"."""
    stripped = [lower_first(_PLAN_LEAD.sub("", c.strip().rstrip(".;,"))) for c in clauses]
    if all(_PLAN_VERB.match(c) for c in stripped) or (len(stripped) == 1 and stripped[0] != lower_first(clauses[0])):
        return [f"In {plan_year} we will {_join(stripped)}."]
    ordinals = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
    if len(stripped) == 1:
        return [f"In {plan_year} we will focus on the following: {stripped[0]}."]
    listed = "; ".join(f"{ordinals[n] if n < 10 else n + 1}, {c}" for n, c in enumerate(stripped))
    return [f"In {plan_year} we will focus on the following: {listed}."]
