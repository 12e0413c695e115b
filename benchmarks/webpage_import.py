"""Main-text extraction of saved web pages: the built-in extractor vs trafilatura, on the vendored pages.

For every page of ``tests/data/webpages`` (real saved pages, see SOURCES.md there) and its hand-cleaned
``*.expected.txt``: character recall of the main text (target ≥ 0.98), clutter left (characters of the
output not in the expected text / output length; target ≤ 1 %), the title, and the report split against
``expected.json``. trafilatura is measured when it is installed (it is not a dependency of the project);
its title comes from its own metadata and it does not split pages.

    .venv/bin/python benchmarks/webpage_import.py [--data tests/data/webpages] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.webpage import compare_text, read_webpage  # noqa: E402


def _trafilatura(html: str) -> tuple[str, str] | None:
    try:
        import trafilatura
    except ImportError:
        return None
    text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True) or ""
    meta = trafilatura.extract_metadata(html)
    title = (meta.title if meta is not None else "") or ""
    return text, title


def _mark(ok: object) -> str:
    return "n/a" if ok is None else "ok" if ok else "WRONG"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=ROOT / "tests" / "data" / "webpages")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    expected = json.loads((args.data / "expected.json").read_text(encoding="utf-8"))
    rows: list[dict[str, object]] = []
    for name in sorted(expected):
        path = args.data / name
        want_text = path.with_suffix(".expected.txt").read_text(encoding="utf-8")
        want = expected[name]
        start = time.perf_counter()
        page = read_webpage(path, max_bytes=5_000_000)
        seconds = time.perf_counter() - start
        recall, clutter = compare_text(want_text, page.text)
        rows.append({
            "page": name, "extractor": "builtin", "recall": recall, "clutter": clutter,
            "title_ok": page.title == want["title"],
            "split_ok": [r.title for r in page.reports] == want["reports"],
            "reports": len(page.reports), "seconds": seconds,
        })
        html = path.read_text(encoding="utf-8")
        start = time.perf_counter()
        other = _trafilatura(html)
        seconds = time.perf_counter() - start
        if other is not None:
            t_recall, t_clutter = compare_text(want_text, other[0])
            rows.append({
                "page": name, "extractor": "trafilatura", "recall": t_recall, "clutter": t_clutter,
                "title_ok": other[1] == want["title"], "split_ok": None,  # trafilatura does not split pages
                "reports": 1, "seconds": seconds,
            })
    print(f"{'page':34} {'extractor':12} {'recall':>7} {'clutter':>8} {'title':>6} {'split':>6} {'s':>6}")
    for row in rows:
        print(f"{row['page']!s:34} {row['extractor']!s:12} {row['recall']:7.3f} {row['clutter']:8.3%} "
              f"{'ok' if row['title_ok'] else 'WRONG':>6} {_mark(row['split_ok']):>6} "
              f"{row['seconds']:6.2f}")
    for extractor in sorted({str(r["extractor"]) for r in rows}):
        mine = [r for r in rows if r["extractor"] == extractor]
        n = len(mine)
        print(f"{'OVERALL (' + str(n) + ' pages)':34} {extractor:12} "
              f"{sum(float(r['recall']) for r in mine) / n:7.3f} {sum(float(r['clutter']) for r in mine) / n:8.3%} "
              f"{sum(bool(r['title_ok']) for r in mine):>4}/{n} "
              f"{(str(sum(bool(r['split_ok']) for r in mine)) + '/' + str(n)) if mine[0]['split_ok'] is not None else 'n/a':>6}")
    if args.json is not None:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
