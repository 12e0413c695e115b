"""The offline writer's English prose (issue 10, wave 5): every note bullet becomes a sentence with a
verb ("In 2025, there were 1,833 new recommendations.", never "In 2025, 1,833 new recommendations."),
each figure kept exactly as the notes give it, and the checker raises no flag on the draft."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.check import blocking_figures, check_draft
from assistant.drafting.offline_en import summary_sentence, target_sentences
from assistant.drafting.pipeline import draft_report, run_draft
from assistant.lang import detect_language
from assistant.notes import parse_notes

ROOT = Path(__file__).resolve().parent.parent
_CANDIDATES = [*sorted((ROOT / "benchmarks" / "data" / "notes_styles").glob("*.txt")),
               *sorted((ROOT / "benchmarks" / "data" / "local_subset").glob("*.txt")),
               *sorted((ROOT / "tests" / "data" / "eval_notes").glob("*.txt"))]
EN_FILES = [p for p in _CANDIDATES if detect_language(p.read_text(encoding="utf-8")) == "en"]

GAO_FY = """GAO FY2025 results
- 671 total products issued
  - including 46 testimonies
- $62.7 billion in financial savings
- 1,295 improvements in operations
- 1,833 new recommendations
- cash and short-term investments $14.1 billion
- on-time performance 86%, down from 91%
- Opened 3 new field offices
Challenges:
- staff turnover 12%
Next year:
- request $860 million in appropriated dollars
- support 3,210 FTEs
- revenue growth of about 7%
"""

_VERB = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|remain|remains|keep|keeps|amounted|stood|reached|rose|fell|grew|"
    r"summarises|serving|[a-z]+ed)\b", re.I)
_FRAGMENT = re.compile(  # "In 2025, 1,833 new recommendations." / "1,833 new recommendations."
    r"^(?:In [^,]{1,20}, )?(?:In addition, |Meanwhile, |Also, |At the same time, )?[$€£]?\d[\d,.]*"
    r"(?:\s+(?:million|billion|%))?\s+[\w\s'-]*\.$")


def _sentences(markdown: str) -> list[str]:
    body = [ln for ln in markdown.splitlines() if ln.strip() and not ln.startswith("#")]
    return [s for ln in body for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", ln.strip()) if s]


def _cases() -> list[tuple[str, str]]:
    return [(p.stem, p.read_text(encoding="utf-8")) for p in EN_FILES] + [("gao_fy", GAO_FY)]


def test_there_are_english_notes_files() -> None:
    assert len(EN_FILES) >= 3


@pytest.mark.parametrize(("name", "text"), _cases(), ids=[c[0] for c in _cases()])
def test_english_offline_draft_is_sentences_with_every_figure(name: str, text: str) -> None:
    notes = parse_notes(text)
    draft = run_draft(draft_report(notes, check=False)).to_markdown()
    sentences = _sentences(draft)
    assert sentences
    for s in sentences:
        assert _VERB.search(s), (name, s)
        assert not _FRAGMENT.match(s), (name, s)
    flagged = [(fc.figure.text, fc.reason) for fc in blocking_figures(check_draft(notes.text, draft))]
    assert flagged == []
    for item in notes.content_items + notes.continuation_items:
        for fig in item.figures:
            assert fig in draft, (name, fig)


@pytest.mark.parametrize(
    ("note", "sentence"),
    [
        ("1,833 new recommendations", "There were 1,833 new recommendations"),
        ("1 new office opened", "There was 1 new office opened"),
        ("$62.7 billion in financial savings", "Financial savings amounted to $62.7 billion"),
        ("cash and short-term investments $14.1 billion", "Cash and short-term investments amounted to $14.1 billion"),
        ("net losses since fiscal year 2007: $118 billion", "Net losses since fiscal year 2007 amounted to $118 billion"),
        ("First-Class Mail on-time performance 86%, down from 91%",
         "First-Class Mail on-time performance stood at 86%, down from 91%"),
        ("Average wait time down to 12 minutes", "Average wait time fell to 12 minutes"),
        ("Revenue reached $12.4M, up 8.5% year on year", "Revenue reached $12.4M, up 8.5% year on year"),
        ("Staff turnover fell to 6.2%", "Staff turnover fell to 6.2%"),
        ("Repaired 42 km of rural roads", "We repaired 42 km of rural roads"),
        ("borrowed the full $15 billion allowed from Treasury", "We borrowed the full $15 billion allowed from Treasury"),
        ("Jobs created 2,300", "Jobs created stood at 2,300"),
    ],
)
def test_summary_sentence(note: str, sentence: str) -> None:
    assert summary_sentence(note) == sentence


@pytest.mark.parametrize(
    ("clauses", "sentences"),
    [
        (["request $860 million in appropriated dollars", "support 3,210 FTEs"],
         ["The plan for 2026 is to request $860 million in appropriated dollars and support 3,210 FTEs."]),
        (["cut operating costs by $3 billion", "restore on-time performance to 93%", "modernize 60 plants"],
         ["The plan for 2026 is to cut operating costs by $3 billion, restore on-time performance to 93%, and "
          "modernize 60 plants."]),
        (["revenue growth of about 7%"], ["The target for 2026 is revenue growth of about 7%."]),
        (["plan to build 2 schools", "revenue growth of about 7%"],
         ["The plan for 2026 is to build 2 schools.", "The other target for 2026 is revenue growth of about 7%."]),
    ],
)
def test_target_sentences(clauses: list[str], sentences: list[str]) -> None:
    assert target_sentences(clauses, 2026) == sentences
