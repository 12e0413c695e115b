"""Placement of the local model's polished draft (issue 10 "Notes read as facts", the local-model subset).

    .venv/bin/python benchmarks/placement_local.py [--files hailar_2014_c,hailar_2015_b,hailar_2018_a]
        [--json OUT]

For each notes file of ``benchmarks/data/notes_styles/`` named, the instant offline draft and the
draft after the embedded model's polish (``drafting.polish.polish_report`` with the local provider,
the checker on: what the page and ``draft --provider local`` produce) are measured with
``benchmarks/placement.py``'s own counting (``measure``: plan-only figures in the summary part,
review-only figures in the plan part, orphaned continuations, …) — the counting code is reused as it
is, nothing of the checker is changed. Slow: one polish is minutes on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

KEYS = ("plan_only_in_summary", "plan_only_in_problems", "review_only_in_plan", "orphaned")


def main() -> None:
    from placement import DATA, load_files, measure, totals

    from assistant.drafting.model import DraftDone, InstantDraft, SectionPolished
    from assistant.drafting.polish import polish_report
    from assistant.llm.local_model import prepare_model
    from assistant.llm.providers import make_chat_model
    from assistant.notes import parse_notes
    from assistant.settings import Settings

    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--files", default="hailar_2014_c,hailar_2015_b,hailar_2018_a")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    files = [f for stem in args.files.split(",") for f in load_files(DATA, stem)]
    model = prepare_model(Settings(_env_file=None))  # type: ignore[call-arg]
    rows: list[dict[str, Any]] = []
    offline_results = []
    polished_results = []
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None, data_dir=Path(tmp), local_model_path=model)  # type: ignore[call-arg]
        handle = make_chat_model(settings, "local", language="zh")
        try:
            for name, text, meta in files:
                notes = parse_notes(text)
                start = time.perf_counter()
                load0 = [round(x, 2) for x in os.getloadavg()]
                instant = final = ""
                reasons: Counter[str] = Counter()
                for event in polish_report(notes, model=handle.model, provider="local", check=True):
                    if isinstance(event, InstantDraft):
                        instant = event.draft.to_markdown()
                    elif isinstance(event, SectionPolished):
                        reasons[event.reason] += 1
                    elif isinstance(event, DraftDone):
                        final = event.draft.to_markdown()
                off, pol = measure(name, text, meta, instant), measure(name, text, meta, final)
                offline_results.append(off)
                polished_results.append(pol)
                rows.append({"file": name, "style": meta["style"], "seconds": round(time.perf_counter() - start, 1),
                             "load_before": load0, "polish": dict(reasons),
                             "offline": {k: getattr(off, k) for k in KEYS},
                             "polished": {k: getattr(pol, k) for k in KEYS},
                             "plan_only": pol.plan_only, "review_only": pol.review_only,
                             "continuations": pol.continuations, "draft": final})
                print(json.dumps({k: v for k, v in rows[-1].items() if k != "draft"}, ensure_ascii=False),
                      file=sys.stderr, flush=True)
        finally:
            handle.close()
    report = {"files": rows, "offline": totals(offline_results), "polished": totals(polished_results),
              "load_end": [round(x, 2) for x in os.getloadavg()]}
    text = json.dumps(report, ensure_ascii=False, indent=2)
    if args.json:
        args.json.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
