"""Scaling of the page's drafting path (issue 15): notes of 1k → 10k lines through the services the
page uses — parse notes → fact table → outline → offline draft → check → store the version
(``SessionWorkflow.draft`` with the offline provider, hash embeddings, no examples).

    PYTHONPATH=$PWD .venv/bin/python benchmarks/notes_scaling.py [--sizes 1000,2000,5000,10000]
                                                                 [--profile 10000] [--top 25]
                                                                 [--paths old,once] [--digits 100000]

Notes are ``- 东3固投123亿元+12%`` style lines (the issue's case: varied indicators, places and
figures, ~15 characters each: 10,000 lines ≈ 150k characters, under the 200k paste cap). Prints the
wall seconds per size and the time ratio per 2× more input (linear: ≈ 2); with ``--profile N`` the
cProfile of the N-line run. CPU seconds are the process's own (``time.process_time``), so the
ratio is comparable under a shared machine's load; wall time is printed beside it (cumulative, top entries). A benchmark, not a test: no assertion.

``--paths old,once`` runs each size through both check paths in one run, interleaved: ``old`` checks each
offline section and then the whole draft (``SessionWorkflow.check_once = False``), ``once`` checks the
whole draft once (the page's path since issue 15's "check once"). Each (size, path) runs in a fresh
interpreter, so no cache (notes side, parsed notes, figures) is carried from one run into the next.
``--digits N,…`` runs, instead of the line counts, notes holding one line of N digits (``- 产值111…亿元``,
the issue's 100,000-digit line, beside one ordinary line) through the same page path.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import math
import os
import pstats
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PLACES = ["东城", "西城", "南山", "北湖", "河口", "石桥", "青山", "白沙", "红星", "新华", "长安", "金水"]
INDICATORS = [
    ("生产总值", "亿元"), ("固投", "亿元"), ("社零", "亿元"), ("财政收入", "万元"), ("粮食", "万吨"),
    ("新增就业", "人"), ("游客", "万人次"), ("新建学校", "所"), ("改造小区", "个"), ("造林", "亩"),
    ("工业增加值", "亿元"), ("农民收入", "元"),
]


def make_notes(n_lines: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    lines = ["红星镇2025年工作总结笔记"]
    for k in range(n_lines):
        place = PLACES[k % len(PLACES)][0] + str(k // len(PLACES) % 100)
        ind, unit = INDICATORS[rng.randrange(len(INDICATORS))]
        lines.append(f"- {place}{ind}{rng.randrange(1, 999)}{unit}+{rng.randrange(1, 30)}%")
    return "\n".join(lines) + "\n"


def make_digit_notes(n_digits: int) -> str:
    return ("红星镇2025年工作总结笔记\n- 产值" + "1" * n_digits + "亿元\n"
            "- 全镇地区生产总值完成12.5亿元，同比增长6.8%，新建日光温室31栋\n")


def run(n_lines: int, data_dir: Path, profile: cProfile.Profile | None = None,
        once: bool = True, digits: bool = False) -> tuple[float, float, int, str]:
    from assistant.services.container import Services
    from assistant.services.events import Drafted
    from assistant.services.session import SessionWorkflow
    from assistant.settings import Settings

    settings = Settings(_env_file=None, data_dir=data_dir, embedding="hash", provider="offline")  # type: ignore[call-arg]
    services = Services(settings=settings, retriever_factory=lambda s: None)
    try:
        sid = services.store.create_session("scaling").session_id
        text = make_digit_notes(n_lines) if digits else make_notes(n_lines)
        started = time.perf_counter()
        cpu0 = time.process_time()
        if profile is not None:
            profile.enable()
        last = None
        flow = SessionWorkflow(services, sid)
        flow.check_once = once
        for event in flow.draft(text, cause="first_draft"):
            last = event
        if profile is not None:
            profile.disable()
        wall = time.perf_counter() - started
        cpu = time.process_time() - cpu0
        stored = "stored" if isinstance(last, Drafted) and last.version is not None else "NOT stored"
        return wall, cpu, len(text), stored
    finally:
        services.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,2000,5000,10000")
    parser.add_argument("--profile", type=int, default=0, help="profile the run of this many lines")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--paths", default="once", help="check paths to run, comma-separated: old, once")
    parser.add_argument("--digits", default="", help="digit-line lengths to run instead of --sizes")
    parser.add_argument("--single", default="", help=argparse.SUPPRESS)  # N:PATH, one run, JSON out
    args = parser.parse_args()
    if args.single:
        n_s, path_s = args.single.split(":")
        digits = n_s.startswith("d")
        n_s = n_s.lstrip("d")
        with tempfile.TemporaryDirectory(prefix="scaling-") as tmp:
            prof = cProfile.Profile() if int(n_s) == args.profile else None
            wall, cpu, chars, stored = run(int(n_s), Path(tmp), prof, once=path_s != "old", digits=digits)
            if prof is not None:
                pstats.Stats(prof, stream=sys.stderr).sort_stats("cumulative").print_stats(args.top)
                pstats.Stats(prof, stream=sys.stderr).sort_stats("tottime").print_stats(args.top)
        print(json.dumps({"wall": wall, "cpu": cpu, "chars": chars, "stored": stored}))
        return
    print(f"load average: {os.getloadavg()[0]:.1f}", flush=True)
    paths = [p for p in args.paths.split(",") if p]
    rows = []
    table: dict[str, list[tuple[int, int, float, float, float]]] = {p: [] for p in paths}
    sizes = args.digits or args.sizes
    prefix = "d" if args.digits else ""
    for n in [int(s) for s in sizes.split(",") if s]:
        for path in paths:
            out = subprocess.run([sys.executable, __file__, "--single", f"{prefix}{n}:{path}", "--profile", str(args.profile),
                                  "--top", str(args.top)], check=True, capture_output=True, text=True)
            sys.stderr.write(out.stderr)
            res = json.loads(out.stdout.strip().splitlines()[-1])
            wall, cpu, chars, stored = float(res["wall"]), float(res["cpu"]), int(res["chars"]), str(res["stored"])
            load = os.getloadavg()[0]
            table[path].append((n, chars, wall, cpu, load))
            if path == paths[-1]:
                rows.append((n, chars, wall, cpu))
            print(f"[{path}] {n} {'digits' if prefix else 'lines'} ({chars} chars): {wall:.1f} s wall, {cpu:.1f} s CPU, {stored}, "
                  f"load {load:.1f}", flush=True)
    if len(paths) > 1:
        print("\n| lines | " + " | ".join(f"{p} CPU | {p} wall" for p in paths) + " | CPU ratio | load |")
        print("|---:|" + "---:|---:|" * len(paths) + "---:|---:|")
        for k, row in enumerate(table[paths[0]]):
            cells = [table[p][k] for p in paths]
            ratio = cells[-1][3] / cells[0][3] if cells[0][3] else 0.0
            print(f"| {row[0]:,} | " + " | ".join(f"{c[3]:.1f} s | {c[2]:.1f} s" for c in cells)
                  + f" | {ratio:.2f}× | {', '.join(f'{c[4]:.1f}' for c in cells)} |")
    print("\n| lines | characters | wall | CPU | CPU ratio to previous | per 2× input |\n|---:|---:|---:|---:|---:|---:|")
    prev = None
    for n, chars, wall, cpu in rows:
        if prev is None or not prev[3]:
            print(f"| {n:,} | {chars:,} | {wall:.1f} s | {cpu:.1f} s | – | – |")
        else:
            ratio = cpu / prev[3]
            per2 = ratio ** (math.log(2) / math.log(n / prev[0]))
            print(f"| {n:,} | {chars:,} | {wall:.1f} s | {cpu:.1f} s | {ratio:.2f}× | {per2:.2f}× |")
        prev = (n, chars, wall, cpu)
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
