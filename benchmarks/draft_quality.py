"""Drafting quality on notes derived from the evaluation reports (tests/data/eval_notes/).

For each notes file: draft with the chosen provider, then measure

* sections present – share of the expected top-level parts (summary; problems when the notes hold
  problems; plan when they hold plans) that exist with text;
* note items used – share of content note items that reach the draft (including notes the model left
  out and the drafter appended, counted separately as "appended"): every figure of the item is
  cited (the checker does not list it as omitted), or, for items without figures, at least half of
  the item's character bigrams appear in the draft;
* figures not in the notes – draft figures the checker rates unsupported / mismatch / misattributed
  / wrong_direction (before the repair loop's markers: counted on the final text, where a figure kept
  beside a 【待核实】 marker still counts), plus the number of 【待核实】/[to verify] markers.

    .venv/bin/python benchmarks/draft_quality.py --provider offline
    .venv/bin/python benchmarks/draft_quality.py --provider local --examples   # needs the local model
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.check import BLOCKING, check_draft  # noqa: E402
from assistant.drafting.model import Draft  # noqa: E402
from assistant.drafting.pipeline import draft_report, run_draft  # noqa: E402
from assistant.notes import NoteItem, Notes, parse_notes  # noqa: E402
from assistant.outline import make_outline  # noqa: E402

DEFAULT_NOTES = ROOT / "tests" / "data" / "eval_notes"


def _bigrams(text: str) -> set[str]:
    t = re.sub(r"\s+", "", text)
    return {t[i: i + 2] for i in range(len(t) - 1)}


def _line_span(text: str, line: int) -> tuple[int, int]:
    starts = [0]
    for m in re.finditer("\n", text):
        starts.append(m.end())
    start = starts[line - 1]
    end = starts[line] if line < len(starts) else len(text)
    return start, end


def item_used(item: NoteItem, notes: Notes, omitted_spans: list[tuple[int, int]], body: str) -> bool:
    if item.figures:
        start, end = _line_span(notes.text, item.line)
        in_line = [(s, e) for s, e in omitted_spans if start <= s < end]
        return not in_line
    grams = _bigrams(item.prompt_text)
    if not grams:
        return True
    return len(grams & _bigrams(body)) / len(grams) >= 0.5


def evaluate(notes_text: str, draft: Draft) -> dict[str, Any]:
    notes = parse_notes(notes_text)
    outline = make_outline(notes)
    md = draft.to_markdown()
    body = "\n".join(s.text for s in draft.sections)
    expected = {"summary"}
    if notes.by_role("problem"):
        expected.add("problems")
    if notes.by_role("plan"):
        expected.add("plan")
    kinds = {s.section_id: s.kind for s in outline.sections}
    present = set()
    for top in outline.sections:
        texts = [d.text for d in draft.sections if d.section_id == top.section_id
                 or (d.parent_id == top.section_id)]
        if any(t.strip() for t in texts):
            kind = "plan" if kinds[top.section_id] in ("plan", "targets", "measures") else kinds[top.section_id]
            present.add(kind)
    result = check_draft(notes.text, body)
    omitted = [(f.start, f.end) for f in result.omitted]
    content = notes.content_items
    used = sum(item_used(i, notes, omitted, body) for i in content)
    figures = [fc for fc in result.figures if fc.status != "ignored"]
    bad = [fc for fc in figures if fc.status in BLOCKING]
    markers = len(re.findall(r"【待核实|\[to verify", md))
    return {
        "sections_expected": len(expected),
        "sections_present": len(expected & present),
        "items": len(content),
        "items_used": used,
        "draft_figures": len(figures),
        "figures_not_in_notes": len(bad),
        "not_in_notes_examples": [f"{fc.figure.text} ({fc.status})" for fc in bad[:5]],
        "markers": markers,
        "repairs": len(draft.repairs),
        "appended": sum(len(s.appended_items) for s in draft.sections),
        "fallback_sections": sum(s.fallback for s in draft.sections),
        "summary": result.summary,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description="Drafting quality on the derived evaluation notes.")
    ap.add_argument("--provider", default="offline", choices=["offline", "local", "openai", "auto"])
    ap.add_argument("--notes", type=Path, default=DEFAULT_NOTES, help="folder of notes files")
    ap.add_argument("--examples", action="store_true", help="retrieve style examples from the index")
    ap.add_argument("--limit", type=int, default=0, help="only the first N notes files")
    ap.add_argument("--json", type=Path, default=None, help="write per-file results (and the drafts) here")
    ap.add_argument("--no-check", action="store_true",
                    help="first pass only: no per-section checker, no repair re-asks, no markers")
    args = ap.parse_args()
    logging.basicConfig(level=logging.WARNING)

    from assistant.llm.providers import make_chat_model
    from assistant.settings import Settings

    settings = Settings()
    files = sorted(args.notes.glob("*.txt"))
    if args.limit:
        files = files[: args.limit]
    if not files:
        raise SystemExit(f"no notes in {args.notes}: run benchmarks/make_eval_notes.py")
    handle = make_chat_model(settings, args.provider)
    rows: list[dict[str, Any]] = []
    try:
        for f in files:
            text = f.read_text(encoding="utf-8")
            notes = parse_notes(text)
            hits: list[Any] = []
            if args.examples and handle.model is not None:
                from assistant.cli.draft_cmd import find_examples

                hits, _ = find_examples(settings, notes)
            t0 = time.perf_counter()
            draft = run_draft(draft_report(notes, model=handle.model, hits=hits, provider=handle.name,
                                           check=not args.no_check))
            seconds = time.perf_counter() - t0
            row = {"file": f.name, "seconds": round(seconds, 2), **evaluate(text, draft),
                   "markdown": draft.to_markdown()}
            rows.append(row)
            print(f"{f.name}: sections {row['sections_present']}/{row['sections_expected']}, "
                  f"items used {row['items_used']}/{row['items']}, figures not in notes "
                  f"{row['figures_not_in_notes']}/{row['draft_figures']}, markers {row['markers']}, "
                  f"repairs {row['repairs']}, appended {row['appended']}, fallback sections "
                  f"{row['fallback_sections']}, {seconds:.2f}s", flush=True)
    finally:
        handle.close()
    tot = {k: sum(r[k] for r in rows) for k in ("sections_expected", "sections_present", "items", "items_used",
                                                "draft_figures", "figures_not_in_notes", "markers", "repairs", "appended",
                                                "fallback_sections")}
    print(f"\nprovider {handle.name}, {len(rows)} notes files")
    print(f"sections present: {tot['sections_present']}/{tot['sections_expected']} "
          f"({tot['sections_present'] / tot['sections_expected']:.1%})")
    print(f"note items used:  {tot['items_used']}/{tot['items']} ({tot['items_used'] / tot['items']:.1%})")
    share = tot["figures_not_in_notes"] / tot["draft_figures"] if tot["draft_figures"] else 0.0
    print(f"figures not in notes: {tot['figures_not_in_notes']}/{tot['draft_figures']} ({share:.1%}); "
          f"【待核实】 markers {tot['markers']}; repairs {tot['repairs']}")
    print(f"notes left out by the model and appended from the notes: {tot['appended']}; sections the model "
          f"left empty (rendered offline): {tot['fallback_sections']}")
    print(f"median seconds per draft: {sorted(r['seconds'] for r in rows)[len(rows) // 2]:.2f}")
    if args.json:
        args.json.write_text(json.dumps({"provider": handle.name, "rows": rows, "total": tot},
                                        ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
