"""Scaling of the checker (issue 15, "Work without bounds"): time and peak memory of ``check_draft``
for notes of 250 → 8,000 lines against a draft of matching size, and for one line of 1k → 100k digits.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/check_scaling.py [--sizes 250,500,1000,2000,4000,8000]
                                                               [--digits 1000,10000,100000]

Notes lines are built from varied indicator templates (several figures per line, 同比/上年/分别/
targets), so token and value look-ups see realistic collisions; the draft restates the lines in
other words (some figures altered). Prints, per size, seconds and peak MiB (tracemalloc), and the
time ratio for 8× more input (near linear: ≤ 10×). No assertion: a benchmark, not a test.

Two passes: the checker alone (``--facts off``: its own header-aware reader, as for notes over
``FACTS_MAX_CHARS``) and with the fact table forced on for every size (``--facts on``; by default the
checker reads it only up to ``FACTS_MAX_CHARS``), so the cost of each part is visible.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import assistant.check as check_module  # noqa: E402
from assistant.check import check_draft  # noqa: E402

PLACES = ["东城", "西城", "南山", "北湖", "河口", "石桥", "青山", "白沙", "红星", "新华", "长安", "金水"]
INDICATORS = [
    ("地区生产总值", "亿元"), ("固定资产投资", "亿元"), ("社会消费品零售总额", "亿元"), ("财政收入", "万元"),
    ("粮食产量", "万吨"), ("新增就业", "人"), ("接待游客", "万人次"), ("新建学校", "所"),
    ("改造老旧小区", "个"), ("造林面积", "亩"), ("规上工业增加值", "亿元"), ("农民人均可支配收入", "元"),
]


def make_notes(n_lines: int, rng: random.Random) -> tuple[str, str]:
    notes: list[str] = []
    draft: list[str] = []
    for k in range(n_lines):
        place = PLACES[k % len(PLACES)] + str(k // len(PLACES))
        ind, unit = INDICATORS[rng.randrange(len(INDICATORS))]
        v = round(rng.uniform(1, 999), 1)
        prev = round(v / rng.uniform(1.02, 1.2), 1)
        g = round((v - prev) / prev * 100, 1)
        style = k % 4
        if style == 0:
            notes.append(f"- {place}{ind}{v}{unit}，同比增长{g}%")
            draft.append(f"{place}全年{ind}达到{v}{unit}，比上年增长{g}%。")
        elif style == 1:
            notes.append(f"- {place}{ind}完成{v}{unit}，上年为{prev}{unit}")
            draft.append(f"{place}{ind}完成{v if rng.random() < 0.9 else prev}{unit}。")
        elif style == 2:
            a, b = round(rng.uniform(1, 20), 1), round(rng.uniform(1, 20), 1)
            notes.append(f"- {place}工业、农业分别增长{a}%、{b}%")
            draft.append(f"{place}工业增长{a}%，农业增长{b}%。")
        else:
            notes.append(f"- 明年{place}{ind}力争达到{v}{unit}")
            draft.append(f"{place}{ind}力争达到{v}{unit}。")
    return "\n".join(notes) + "\n", "\n".join(draft) + "\n"


def measure(notes: str, draft: str) -> tuple[float, float, int]:
    """Seconds of one check (untraced), then peak traced memory of a second one."""
    t0 = time.perf_counter()
    result = check_draft(notes, draft)
    dt = time.perf_counter() - t0
    tracemalloc.start()
    check_draft(notes, draft)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return dt, peak / 2**20, len(result.figures)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="250,500,1000,2000,4000,8000")
    ap.add_argument("--digits", default="1000,10000,100000")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--facts", choices=("off", "on", "both"), default="both")
    args = ap.parse_args()
    modes = ["off", "on"] if args.facts == "both" else [args.facts]
    for mode in modes:
        check_module.FACTS_MAX_CHARS = 0 if mode == "off" else 10**9
        print(f"\nfact table {'read' if mode == 'on' else 'not read (the checker alone)'}:")
        run_sizes(args, random.Random(args.seed))
    check_module.FACTS_MAX_CHARS = 64_000
    run_digits(args)


def run_sizes(args: argparse.Namespace, rng: random.Random) -> None:
    sizes = [int(x) for x in args.sizes.split(",") if x]
    times: dict[int, float] = {}
    print("| note lines | notes chars | draft figures | seconds | peak MiB |")
    print("|---:|---:|---:|---:|---:|")
    for n in sizes:
        notes, draft = make_notes(n, rng)
        dt, peak, nf = measure(notes, draft)
        times[n] = dt
        print(f"| {n:,} | {len(notes):,} | {nf:,} | {dt:.2f} | {peak:.0f} |", flush=True)
    for n in sizes:
        if 8 * n in times:
            print(f"ratio for 8x ({n:,} → {8 * n:,} lines): {times[8 * n] / max(times[n], 1e-9):.1f}x time")


def run_digits(args: argparse.Namespace) -> None:
    print()
    print("| one line of digits | seconds | peak MiB |")
    print("|---:|---:|---:|")
    for d in [int(x) for x in args.digits.split(",") if x]:
        line = "产值" + "7" * d + "元\n"
        dt, peak, _ = measure(line + "地区生产总值274.4亿元\n", line)
        print(f"| {d:,} | {dt:.2f} | {peak:.0f} |", flush=True)


if __name__ == "__main__":
    main()
