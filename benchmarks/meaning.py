"""Meaning benchmark (issue 10, "Measures"): does the checker read what a figure is the value of?

Each case of ``benchmarks/data/meaning/{dev,heldout}.jsonl`` is notes as people type them, a draft
sentence (with a section heading where the meaning depends on the part it is in) and the one draft
figure the case is about (``figure``). A faithful paraphrase (``expect: accept`` — rescaled unit,
rounding, numerals, derived value, …) must get an accepting status (verified, derived, approximate);
an error (``expect: flag`` — last year's value as this year's, a target stated as achieved, a 分别
swap, a lost minus sign, …) must get a blocking one (``assistant.check.BLOCKING``). A figure the
checker does not report at all counts as a failure and is listed as "not found".

The cases were written by hand before the checker ran on any of them, and split into dev (≈70%) and
held-out (≈30%) before any scoring. The held-out part is scored once, at the end, by the lead:

    .venv/bin/python benchmarks/meaning.py --set dev [--json OUT] [--failures N]
    .venv/bin/python benchmarks/meaning.py --set heldout       # v1: scored once, now development data
    .venv/bin/python benchmarks/meaning.py --set heldout2      # the lead, once, at the end only

Prints faithful-accepted and errors-caught rates overall, per language and per kind, then the failures.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA = ROOT / "benchmarks" / "data" / "meaning"
SETS = ("dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8",
        "heldout9", "heldout10")
ALL = ("dev", "heldout")  # "--set all": heldout2 is never scored with the development sets
#: "--set devall": every development set (the scored kept-aside sets and the helpers' dev_wave*.jsonl files)
DEVALL = ("dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8")  # heldout4–8: scored blind, then declared
ACCEPTING = frozenset({"verified", "derived", "approximate"})
NOT_FOUND = "not found"
REQUIRED = ("id", "language", "notes", "draft", "expect", "kind", "figure")


def load_cases(which: str, data_dir: Path = DATA) -> list[dict[str, Any]]:
    """The cases of a set (``dev``, ``heldout``…, ``all`` = dev and heldout, ``devall`` = every development
    set) or of a ``.jsonl`` file, in file order."""
    if which.endswith(".jsonl"):
        files = [Path(which)]
    else:
        names = ALL if which == "all" else DEVALL if which == "devall" else (which,)
        files = [data_dir / f"{name}.jsonl" for name in names]
        if which == "devall":
            files += sorted(data_dir.glob("dev_wave*.jsonl"))
    cases: list[dict[str, Any]] = []
    for path in files:
        name = path.stem
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                case = json.loads(line)
                missing = [k for k in REQUIRED if k not in case]
                if missing:
                    raise ValueError(f"{name}.jsonl line {n}: missing {', '.join(missing)}")
                case["set"] = name
                cases.append(case)
    return cases


def run_checker(case: dict[str, Any]) -> Any:
    """The checker's result for one case (the only place this script calls the checker)."""
    from assistant.check import ExampleText, check_draft

    examples = [ExampleText(e["title"], e["text"]) for e in case.get("examples", ())]
    return check_draft(case["notes"], case["draft"], examples=examples)


def figure_status(result: Any, draft: str, figure: str) -> tuple[str, str]:
    """(status, reason) of the draft figure whose span covers the first occurrence of ``figure`` in
    ``draft``; (``"not found"``, "") when the checker reports no figure there."""
    start = draft.find(figure)
    if start < 0:
        raise ValueError(f"figure {figure!r} is not in the draft")
    end = start + len(figure)
    best: Any = None
    best_overlap = 0
    for fc in result.figures:
        f = fc.figure
        overlap = min(end, f.end) - max(start, f.start)
        if overlap <= 0:
            continue
        # prefer a checked figure over an ignored token (a year, a 1—6月 period) on the same span
        score = overlap + (0 if fc.status == "ignored" else 1000)
        if score > best_overlap:
            best, best_overlap = fc, score
    if best is None:
        return NOT_FOUND, ""
    return str(best.status), str(best.reason)


def passed(expect: str, status: str) -> bool:
    from assistant.check import BLOCKING

    if expect == "accept":
        return status in ACCEPTING
    return status in BLOCKING


def score(cases: Iterable[dict[str, Any]]) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    for case in cases:
        result = run_checker(case)
        status, reason = figure_status(result, case["draft"], case["figure"])
        rows.append({
            "id": case["id"], "set": case["set"], "language": case["language"], "kind": case["kind"],
            "expect": case["expect"], "figure": case["figure"], "status": status, "reason": reason,
            "ok": passed(case["expect"], status),
        })
    return summarise(rows)


def _rates(rows: list[dict[str, Any]]) -> dict[str, Any]:
    acc = [r for r in rows if r["expect"] == "accept"]
    err = [r for r in rows if r["expect"] == "flag"]
    return {
        "faithful": len(acc), "faithful_accepted": sum(r["ok"] for r in acc),
        "faithful_rate": (sum(r["ok"] for r in acc) / len(acc)) if acc else None,
        "errors": len(err), "errors_caught": sum(r["ok"] for r in err),
        "errors_rate": (sum(r["ok"] for r in err) / len(err)) if err else None,
        "not_found": sum(r["status"] == NOT_FOUND for r in rows),
    }


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    by_lang: dict[str, list[dict[str, Any]]] = defaultdict(list)
    by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_lang[r["language"]].append(r)
        by_kind[f"{r['expect']}:{r['kind']}"].append(r)
    return {
        "cases": len(rows),
        "overall": _rates(rows),
        "by_language": {k: _rates(v) for k, v in sorted(by_lang.items())},
        "by_kind": {k: _rates(v) for k, v in sorted(by_kind.items())},
        "failures": [r for r in rows if not r["ok"]],
        "rows": rows,
    }


def _fmt_rate(n: int, d: int) -> str:
    return f"{n / d:.3f} ({n}/{d})" if d else "—"


def print_report(summary: dict[str, Any], which: str, max_failures: int) -> None:
    o = summary["overall"]
    print(f"meaning benchmark, set={which}: {summary['cases']} cases")
    print()
    print("| part | faithful accepted | errors caught | figure not found |")
    print("|---|---:|---:|---:|")
    print(f"| all | {_fmt_rate(o['faithful_accepted'], o['faithful'])} | "
          f"{_fmt_rate(o['errors_caught'], o['errors'])} | {o['not_found']} |")
    for lang, r in summary["by_language"].items():
        print(f"| {lang} | {_fmt_rate(r['faithful_accepted'], r['faithful'])} | "
              f"{_fmt_rate(r['errors_caught'], r['errors'])} | {r['not_found']} |")
    print()
    print("| expect:kind | cases | passed | rate | not found |")
    print("|---|---:|---:|---:|---:|")
    for kind, r in summary["by_kind"].items():
        n = r["faithful"] + r["errors"]
        ok = r["faithful_accepted"] + r["errors_caught"]
        print(f"| {kind} | {n} | {ok} | {ok / n:.2f} | {r['not_found']} |")
    fails = summary["failures"]
    print()
    print(f"failures: {len(fails)}")
    for r in fails[:max_failures]:
        reason = " ".join(r["reason"].split())[:110]
        print(f"  {r['id']:<14} {r['expect']:<6} {r['kind']:<26} {r['figure']!r:<22} -> {r['status']}"
              f"{': ' + reason if reason else ''}")
    if len(fails) > max_failures:
        print(f"  … {len(fails) - max_failures} more (see --json)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", choices=(*SETS, "all", "devall"), default="dev",
                    help="devall: every development set, with the dev_wave*.jsonl files")
    ap.add_argument("--file", type=Path, help="score the cases of this .jsonl file instead of --set")
    ap.add_argument("--json", type=Path, help="write the summary and every case's status here")
    ap.add_argument("--failures", type=int, default=200, help="list at most this many failures")
    ap.add_argument("--data", type=Path, default=DATA, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    cases = load_cases(str(args.file) if args.file else args.set, args.data)
    summary = score(cases)
    print_report(summary, args.file.name if args.file else args.set, args.failures)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"set": args.set, **summary}, ensure_ascii=False, indent=1),
                             encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
