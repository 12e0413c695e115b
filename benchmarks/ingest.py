"""Importer speed and chunk statistics over the shipped knowledge base (no embeddings).

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/ingest.py [--repeat 5] [PATH ...]

Reports: files and reports loaded, characters, chunks (count, median/p95/max length, share of tiny
chunks), chunks with a section path, and the median wall time of load (read + decode + clean +
split + metadata) and of chunking, as chars/s.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from assistant.ingest import chunk_report, load_report_files

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", type=Path, default=[ROOT / "knowledge"])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--max-chars", type=int, default=600)
    args = parser.parse_args()

    load_times: list[float] = []
    chunk_times: list[float] = []
    chunks = []
    result = None
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        result = load_report_files(args.paths, max_bytes=5_000_000)
        t1 = time.perf_counter()
        chunks = [c for r in result.reports for c in chunk_report(r.meta, r.text, max_chars=args.max_chars)]
        t2 = time.perf_counter()
        load_times.append(t1 - t0)
        chunk_times.append(t2 - t1)
    assert result is not None
    chars = sum(len(r.text) for r in result.reports)
    lengths = sorted(len(c.text) for c in chunks)
    load_s = statistics.median(load_times)
    chunk_s = statistics.median(chunk_times)
    by_lang = {lang: sum(1 for c in chunks if c.language == lang) for lang in ("zh", "en")}
    print(f"reports: {len(result.reports)} ({len(result.errors)} file errors), {chars:,} chars")
    print(f"chunks: {len(chunks)} (zh {by_lang['zh']}, en {by_lang['en']}); length median "
          f"{statistics.median(lengths):.0f}, p95 {lengths[int(0.95 * (len(lengths) - 1))]}, max {lengths[-1]}; "
          f"< 60 chars: {sum(n < 60 for n in lengths)}")
    print(f"chunks with a section path: {sum(1 for c in chunks if c.section) / len(chunks):.1%}")
    print(f"load (read+decode+clean+split+meta): median {load_s * 1000:.0f} ms ({chars / load_s:,.0f} chars/s)")
    print(f"chunk: median {chunk_s * 1000:.0f} ms ({chars / chunk_s:,.0f} chars/s)  [{args.repeat} runs]")


if __name__ == "__main__":
    main()
