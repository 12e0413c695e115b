"""Checker speed, A/B (issue 10): the CPU one check takes, for two source trees, interleaved in one run.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/check_speed.py [--rounds 3] [--repeats 5] OLD_TREE NEW_TREE

Each tree (a checkout of the repository, e.g. ``git worktree add /tmp/old HEAD~3``) is imported in its own
subprocess, round after round (old, new, old, new, …) so that both see the same machine load. Workloads:

- ``draft``: benchmarks/checker.py's speed workload (60,000 characters of four real reports as the notes, the
  same text with five 增长 flipped as the draft): the first check reads the notes (``cold``), the next
  ``--repeats`` reuse them as a drafting session does (``warm``, the median is the figure users wait for);
- ``lines``: tests/test_check.py's 10,000 note lines with 201 draft lines, one cold check;
- ``devall``: every case of the development meaning sets (never the blind heldout8/heldout9), all checks.

Prints per tree the median over rounds of each workload's CPU seconds (``time.process_time``: this process
only, so other load on the machine matters less than for wall time) and the new/old ratio.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

CHILD = r"""
import json, re, statistics, sys, time
from pathlib import Path
root = Path(sys.argv[1]); repeats = int(sys.argv[2])
sys.path.insert(0, str(root)); sys.path.insert(0, str(root / "benchmarks"))
from assistant.check import ExampleText, check_draft
reports = root.parent / "shared" / "data" / "real-reports"
if not reports.is_dir():
    reports = root / "tests" / "data" / "public" / "real-reports"
names = ("cn_prov_zhejiang_gwr_2026.txt", "cn_prov_guizhou_gwr_2026.txt", "cn_statecouncil_gwr_2008.txt",
         "cn_statecouncil_gwr_2016.txt")
text = "\n".join((reports / n).read_text(encoding="utf-8") for n in names)[:60_000]
draft = re.sub(r"(\d)\.(\d)%", r"\1.\2%", text).replace("增长", "下降", 5)
out = {}
c0 = time.process_time(); check_draft(text, draft); out["draft_cold"] = time.process_time() - c0
warm = []
for _ in range(repeats):
    c0 = time.process_time(); check_draft(text, draft); warm.append(time.process_time() - c0)
out["draft_warm"] = statistics.median(warm)
lines = "\n".join(f"- 第{k}号片区新增绿地{k + 1}亩，同比增长{k % 90 + 1}.5%" for k in range(10_000)) + "\n"
ldraft = "".join(f"第{k}号片区新增绿地{k + 1}亩，同比增长{k % 90 + 1}.5%。\n" for k in range(0, 10_000, 50))
c0 = time.process_time(); check_draft(lines, ldraft + "第7号片区新增绿地99999亩。\n"); out["lines"] = time.process_time() - c0
from meaning import load_cases
cases = [c for c in load_cases("devall") if c["set"] not in ("heldout8", "heldout9")]
c0 = time.process_time()
for c in cases:
    check_draft(c["notes"], c["draft"], examples=[ExampleText(e["title"], e["text"]) for e in c.get("examples", ())])
out["devall"] = time.process_time() - c0
out["devall_cases"] = len(cases)
print(json.dumps(out))
"""

KEYS = ("draft_cold", "draft_warm", "lines", "devall")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("old", type=Path)
    ap.add_argument("new", type=Path)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--repeats", type=int, default=5, help="warm checks of the draft workload per round")
    args = ap.parse_args()
    runs: dict[str, list[dict[str, float]]] = {"old": [], "new": []}
    for r in range(args.rounds):
        for name in ("old", "new"):
            tree = getattr(args, name).resolve()
            res = subprocess.run([sys.executable, "-c", CHILD, str(tree), str(args.repeats)], capture_output=True,
                                 text=True, check=True, env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"})
            runs[name].append(json.loads(res.stdout.strip().splitlines()[-1]))
            print(f"round {r + 1} {name}: " + ", ".join(f"{k} {runs[name][-1][k]:.3f}s" for k in KEYS), flush=True)
    print()
    print("| workload | old (median CPU s) | new (median CPU s) | new/old |")
    print("|---|---:|---:|---:|")
    for k in KEYS:
        o = statistics.median(x[k] for x in runs["old"])
        n = statistics.median(x[k] for x in runs["new"])
        print(f"| {k} | {o:.3f} | {n:.3f} | {n / o:.2f} |")


if __name__ == "__main__":
    main()
