"""Results-invariance harness for checker speed work (issue 10): every figure's verdict, saved.

Runs :func:`assistant.check.check_draft` on every case of the development meaning sets (``devall``:
never the blind heldout8/heldout9), on every public real report checked against itself (what
``benchmarks/self_check.py`` runs) and on a fixed, seeded sample of mutation-benchmark drafts
(``benchmarks/checker.py``'s mutations of real reports), and writes each figure's status, reason,
meaning, linked note figure and operands, and each check's omitted note figures, to one JSON file.
A speed change must leave that file byte-identical:

    PYTHONPATH=$PWD .venv/bin/python benchmarks/check_invariance.py --out /tmp/after.json
    cmp /tmp/before.json /tmp/after.json

``--parts`` picks some of ``devall,self,mutation``; ``--profile FILE`` writes a cProfile of the run.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from assistant.check import CheckResult, ExampleText, check_draft  # noqa: E402
from assistant.figures import Figure, extract_figures  # noqa: E402

PUBLIC = ROOT / "tests" / "data" / "public" / "real-reports"
#: real reports of the mutation sample (Chinese county, province, State Council; English GAO) and their cut
MUTATION_REPORTS = ("cn_county_hailar_gwr_2016.txt", "cn_prov_hebei_gwr_2026.txt", "cn_statecouncil_gwr_2019.txt",
                    "en_gao_26-108534.txt", "en_gao_26-109008.txt")
MUTATION_CHARS = 12_000


def _fig(f: Figure | None) -> list[Any] | None:
    if f is None:
        return None
    return [f.start, f.end, f.line, f.text, str(f.value), f.unit]


def dump(result: CheckResult) -> dict[str, Any]:
    """Everything a check decides, in a stable JSON-ready form."""
    return {
        "language": result.language,
        "figures": [
            {"fig": _fig(fc.figure), "status": fc.status, "reason": fc.reason, "meaning": fc.meaning,
             "note": _fig(fc.note), "operands": [_fig(o) for o in fc.operands]}
            for fc in result.figures
        ],
        "omitted": [[f.start, f.line, f.text] for f in result.omitted],
        "ledger": len(result.ledger),
    }


def devall() -> dict[str, Any]:
    from meaning import load_cases

    out: dict[str, Any] = {}
    for case in load_cases("devall"):
        assert case["set"] not in ("heldout8", "heldout9")
        examples = [ExampleText(e["title"], e["text"]) for e in case.get("examples", ())]
        out[f"{case['set']}:{case['id']}"] = dump(check_draft(case["notes"], case["draft"], examples=examples))
    return out


def self_reports() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for path in sorted(PUBLIC.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out[path.name] = dump(check_draft(text, text))
    return out


def mutation(seed: int = 7, per_draft: int = 6) -> dict[str, Any]:
    import checker as bench

    rng = random.Random(seed)
    out: dict[str, Any] = {}
    for name in MUTATION_REPORTS:
        report = (PUBLIC / name).read_text(encoding="utf-8")[:MUTATION_CHARS]
        zh = name.startswith("cn_")
        figs = [f for f in extract_figures(report) if not f.ignored and f.value is not None]
        for kind in (*bench.ERROR_TYPES, *bench.PRESERVE_TYPES):
            edits = bench.make_edits(report, kind, figs, rng, per_draft, zh)
            draft, _ = bench.apply(report, edits)
            out[f"{name}:{kind}:same"] = dump(check_draft(report, draft))
        terse = bench.terse_notes(report)
        out[f"{name}:terse"] = dump(check_draft(terse, report))
    return out


PARTS = {"devall": devall, "self": self_reports, "mutation": mutation}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--parts", default=",".join(PARTS))
    ap.add_argument("--profile", type=Path, help="write a cProfile of the run here")
    args = ap.parse_args()
    names = [p for p in args.parts.split(",") if p]
    prof = None
    if args.profile:
        import cProfile

        prof = cProfile.Profile()
        prof.enable()
    result: dict[str, Any] = {}
    for name in names:
        t0, c0 = time.perf_counter(), time.process_time()
        result[name] = PARTS[name]()
        print(f"{name}: {len(result[name])} checks, {time.perf_counter() - t0:.1f} s wall, "
              f"{time.process_time() - c0:.1f} s cpu", file=sys.stderr)
    if prof is not None:
        prof.disable()
        prof.dump_stats(str(args.profile))
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=0, sort_keys=True), encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
