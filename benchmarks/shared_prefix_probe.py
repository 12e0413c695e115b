"""Probe: all notes in the shared prompt prefix vs each section's own notes only (real local model).

Drafts one notes file twice with the local llama.cpp model, first pass only (checker and repairs off),
and counts per variant: draft figures, figures not in the notes, and verified figures that belong to
another section's notes (the model pulled them in from the shared notes block).

    .venv/bin/python benchmarks/shared_prefix_probe.py NOTES_FILE
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.check import BLOCKING, check_draft  # noqa: E402
from assistant.drafting.pipeline import draft_report, run_draft  # noqa: E402
from assistant.llm.providers import make_chat_model  # noqa: E402
from assistant.notes import parse_notes  # noqa: E402
from assistant.settings import Settings  # noqa: E402


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    notes = parse_notes(Path(sys.argv[1]).read_text(encoding="utf-8"))
    handle = make_chat_model(Settings(), "local")
    by_id = {i.item_id: i for i in notes.items}
    try:
        for shared in (False, True):
            t0 = time.perf_counter()
            draft = run_draft(draft_report(notes, model=handle.model, check=False, shared_notes=shared))
            seconds = time.perf_counter() - t0
            total = bad = foreign = 0
            for s in draft.sections:
                if not s.note_items:
                    continue
                result = check_draft(notes.text, s.text)
                figures = [f for f in result.figures if f.status != "ignored"]
                total += len(figures)
                bad += sum(f.status in BLOCKING for f in figures)
                own = {by_id[i].line for i in s.note_items}
                for f in figures:
                    if (f.status == "verified" and f.note is not None
                            and notes.text.count("\n", 0, f.note.start) + 1 not in own):
                        foreign += 1
            print(json.dumps({"shared_notes": shared, "seconds": round(seconds, 1), "figures": total,
                              "not_in_notes": bad, "from_other_sections": foreign}), flush=True)
            print(draft.to_markdown(), flush=True)
    finally:
        handle.close()


if __name__ == "__main__":
    main()
