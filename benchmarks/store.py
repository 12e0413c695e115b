"""Session store latency: save and load of a session with 50 draft versions.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/store.py [--versions 50] [--repeats 7] [--draft FILE]

For each repeat a fresh database (in a temporary folder on the same disk) gets one session with
notes, chat messages and ``--versions`` versions of a real report (each version changes one
section, as a rewrite does; every version carries its section tree JSON and a check result).
Reported, as medians over the repeats:

* ``save`` — one ``add_version`` (a committed transaction, WAL, synchronous=FULL and NORMAL);
* ``load`` — ``load_session`` of the whole session (all versions, messages, checks) from a freshly
  opened store, i.e. what reopening a session after a restart costs;
* ``list`` — ``list_sessions`` with the one session; ``diff`` — a per-section diff of v1 and v50.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.sections import parse_draft, replace_section  # noqa: E402
from assistant.store import SessionStore  # noqa: E402

DEFAULT_DRAFT = ROOT.parent / "shared" / "data" / "real-reports" / "cn_county_hailar_gwr_2015.txt"


def run_once(text: str, n_versions: int, synchronous: str) -> dict[str, float]:
    tree = parse_draft(text)
    ids = [s.id for s in tree.walk()]
    check = {"ok": True, "figures": [{"text": f"{i}亿元", "status": "verified"} for i in range(60)],
             "summary": {"verified": 60}}
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "sessions.sqlite3"
        store = SessionStore(db, synchronous=synchronous)  # type: ignore[arg-type]
        sid = store.create_session("bench").session_id
        store.set_notes(sid, text[:3000])
        saves: list[float] = []
        current = text
        for i in range(n_versions):
            store.add_message(sid, "user", f"把第{i % 3 + 1}部分改写得更简洁")
            t = parse_draft(current)
            target = ids[i % len(ids)]
            if i:
                current = replace_section(t, target, t.section_body(target).strip() + f"（第{i}次修改）")
                t = parse_draft(current)
            tree_json = t.to_json()
            t0 = time.perf_counter()
            store.add_version(sid, current, cause="rewrite" if i else "first_draft", tree=tree_json,
                              section_id=target if i else None, instruction="更简洁" if i else None, check=check)
            saves.append(time.perf_counter() - t0)
        store.close()
        t0 = time.perf_counter()
        store = SessionStore(db, synchronous=synchronous)  # type: ignore[arg-type]
        opened = time.perf_counter() - t0
        t0 = time.perf_counter()
        snap = store.load_session(sid)
        load = time.perf_counter() - t0
        assert len(snap.versions) == n_versions
        t0 = time.perf_counter()
        store.list_sessions()
        lst = time.perf_counter() - t0
        t0 = time.perf_counter()
        store.diff(snap.versions[0].version_id, snap.versions[-1].version_id)
        diff = time.perf_counter() - t0
        size = db.stat().st_size + (db.with_name(db.name + "-wal").stat().st_size
                                    if db.with_name(db.name + "-wal").exists() else 0)
        store.close()
    return {"save_median_ms": statistics.median(saves) * 1000, "save_p90_ms": sorted(saves)[int(len(saves) * 0.9)] * 1000,
            "open_ms": opened * 1000, "load_ms": load * 1000, "list_ms": lst * 1000, "diff_ms": diff * 1000,
            "db_mb": size / 1e6}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--versions", type=int, default=50)
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--draft", type=Path, default=DEFAULT_DRAFT)
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = ap.parse_args()
    text = args.draft.read_text(encoding="utf-8")
    results: dict[str, dict[str, float]] = {}
    for sync in ("FULL", "NORMAL"):
        runs = [run_once(text, args.versions, sync) for _ in range(args.repeats)]
        results[sync] = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    print(f"draft: {args.draft.name} ({len(text)} chars), {args.versions} versions, {args.repeats} repeats (medians)")
    for sync, r in results.items():
        print(f"synchronous={sync:6s} save {r['save_median_ms']:.2f} ms (p90 {r['save_p90_ms']:.2f}) · "
              f"open {r['open_ms']:.2f} ms · load session {r['load_ms']:.2f} ms · list {r['list_ms']:.2f} ms · "
              f"diff v1..v{args.versions} {r['diff_ms']:.2f} ms · db {r['db_mb']:.1f} MB")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
