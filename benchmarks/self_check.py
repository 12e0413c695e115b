"""Self-check (issue 10): every real report checked against itself as notes must block no figure.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/self_check.py [--reports 'tests/data/public/real-reports/*.txt']

A report's own figures are, by construction, the notes' figures in the notes' words: a blocking figure
here is a false alarm of the meaning reader (the draft side and the note side read one sentence
differently). Prints, per report, the number of figures and of blocking figures with their reasons,
and the total. No assertion: a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.check import blocking_figures, check_draft  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reports", default=str(ROOT / "tests/data/public/real-reports/*.txt"))
    ap.add_argument("--show", type=int, default=3, help="blocking figures listed per report")
    args = ap.parse_args()
    pattern = Path(args.reports)
    files = sorted(pattern.parent.glob(pattern.name))
    total_figs = total_blocks = 0
    t0 = time.perf_counter()
    for path in files:
        text = path.read_text(encoding="utf-8")
        result = check_draft(text, text)
        blocks = blocking_figures(result)
        total_figs += len(result.figures)
        total_blocks += len(blocks)
        print(f"{path.name:40s} figures {len(result.figures):5d}  blocking {len(blocks):3d}")
        for fc in blocks[: args.show]:
            print(f"    {fc.status:14s} {fc.figure.text!r}: {fc.reason}")
    print(f"\nreports {len(files)}  figures {total_figs}  blocking {total_blocks}  "
          f"({time.perf_counter() - t0:.1f} s)")


if __name__ == "__main__":
    main()
