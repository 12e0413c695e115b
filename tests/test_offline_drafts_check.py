"""The offline writer's own faithful drafts raise no blocking flag (a false alarm users would see on
every draft): every notes file of benchmarks/data/notes_styles and tests/data/eval_notes is drafted
offline with the per-section check the pipeline runs (each section checked in its report part), and
the whole draft is checked once more as the page and ``check`` do."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.check import blocking_figures, check_draft, find_markers
from assistant.drafting.pipeline import draft_report, run_draft
from assistant.notes import parse_notes

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted((ROOT / "benchmarks" / "data" / "notes_styles").glob("*.txt")) + sorted(
    (ROOT / "tests" / "data" / "eval_notes").glob("*.txt"))


def test_the_notes_files_are_there() -> None:
    assert len(FILES) >= 29


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_an_offline_draft_has_no_blocking_figure(path: Path) -> None:
    notes = parse_notes(path.read_text(encoding="utf-8"))
    checked = run_draft(draft_report(notes, check=True))
    marked = [(ds.heading, fig) for ds in checked.sections for _, _, fig in find_markers(ds.text)]
    assert marked == []
    assert all(ds.unverified == 0 for ds in checked.sections)
    draft = run_draft(draft_report(notes, check=False)).to_markdown()
    flagged = [(fc.figure.text, fc.reason) for fc in blocking_figures(check_draft(notes.text, draft))]
    assert flagged == []
