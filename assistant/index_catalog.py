"""The knowledge index's catalog and its persistence (used by :mod:`assistant.index`).

Layout under ``settings.index_dir``::

    manifest.json               the commit point: files -> hash -> report ids -> chunk ids, and the
                                name of the current lexical file
    lexical-<generation>.json   every chunk (text, metadata, origin, jieba tokens) of that generation
    embedding-cache.sqlite3     vectors by (embedding fingerprint, chunk text hash)
    jieba/                      jieba's dictionary cache
    chroma/                     Chroma persistent store (``settings.resolved_chroma_dir``)

Atomicity: an update writes the new lexical file under a new name, then replaces ``manifest.json``
(temp file + ``os.replace``), then deletes the old lexical file. A crash at any point leaves a
manifest that names a complete lexical file. Dense vectors are keyed by ``chunk_id@text_hash``, so
vectors of a chunk whose text changed are new ids: the builder upserts new vectors first and deletes
ids the manifest no longer names afterwards (also done on reconcile), and search ignores any id the
current catalog does not name.

Here: the value types (:class:`SourceFile`, :class:`UpdateResult`, :class:`DenseStatus`), the immutable
:class:`Catalog` snapshot (chunks, tokens, a lazily built BM25), the atomic JSON writer, the
:class:`EmbeddingCache`, the text a chunk is embedded as (:func:`passage_text`) and the importer glue
(:func:`load_sources`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from assistant.documents import Chunk, ReportMeta
from assistant.lexical import BM25

FORMAT = 3  # 2: row hashes cover section + text; 3: figure tokens with scale conversions
MANIFEST = "manifest.json"
ProgressFn = Callable[[int, int], None]
# Chroma's HNSW defaults (ef_search 100, 16 neighbours) changed the top 10 of 8 of 61 benchmark
# queries against exact search on ~1.8k chunks; these settings make it (near) exact at this size
# for well under a millisecond more per query. Part of the collection name: changing them rebuilds.
HNSW = {"ef_construction": 400, "ef_search": 400, "max_neighbors": 32}
HNSW_VERSION = 2
COMMIT_RETRIES = 5  # server mode: recompute an update this often when another replica committed first
EMBEDDED_IDS_TTL = 5.0  # server mode: seconds a replica trusts its list of stored vector ids


# --------------------------------------------------------------------------------------------
# value types


@dataclass(frozen=True)
class SourceFile:
    """One source file as the index stores it: its hash, origin, reports and chunks."""

    path: str
    content_hash: str
    origin: str
    reports: tuple[ReportMeta, ...]
    chunks: tuple[Chunk, ...]


@dataclass(frozen=True)
class IndexFileError:
    path: str
    message: str


@dataclass
class UpdateResult:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    errors: list[IndexFileError] = field(default_factory=list)
    chunks: int = 0
    chars: int = 0
    seconds: float = 0.0

    @property
    def indexed(self) -> int:
        return len(self.added) + len(self.changed) + len(self.unchanged)


@dataclass(frozen=True)
class DenseStatus:
    done: int
    total: int
    running: bool = False
    error: str | None = None

    @property
    def complete(self) -> bool:
        return self.done >= self.total


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def vector_id(chunk_id: str, thash: str) -> str:
    return f"{chunk_id}@{thash[:16]}"


class Catalog:
    """An immutable snapshot of every indexed chunk, with its tokens and a lazily built BM25."""

    def __init__(
        self,
        chunks: Sequence[Chunk],
        origins: Sequence[str],
        files: Sequence[str],
        hashes: Sequence[str],
        tokens: Sequence[Sequence[str]],
        reports: dict[str, ReportMeta],
    ) -> None:
        self.chunks = list(chunks)
        self.origins = list(origins)
        self.files = list(files)
        self.hashes = list(hashes)
        self.tokens = [list(t) for t in tokens]
        self.reports = dict(reports)
        self.vids = [vector_id(c.chunk_id, h) for c, h in zip(self.chunks, self.hashes, strict=True)]
        self.by_vid = {v: i for i, v in enumerate(self.vids)}
        self._bm25: BM25 | None = None
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.chunks)

    @property
    def bm25(self) -> BM25:
        if self._bm25 is None:
            with self._lock:
                if self._bm25 is None:
                    self._bm25 = BM25(self.tokens)
        return self._bm25

    @classmethod
    def empty(cls) -> Catalog:
        return cls([], [], [], [], [], {})


# --------------------------------------------------------------------------------------------
# small persistence helpers


def write_json_atomic(path: Path, data: object) -> None:
    """Write JSON to a temp file in the same folder, fsync, then ``os.replace`` it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def chunk_to_json(c: Chunk) -> dict[str, Any]:
    return asdict(c)


def chunk_from_json(d: dict[str, Any]) -> Chunk:
    return Chunk(**d)


def meta_from_json(d: dict[str, Any]) -> ReportMeta:
    return ReportMeta(**d)


class EmbeddingCache:
    """Vectors by (fingerprint, text hash) in SQLite, so unchanged text is never embedded twice."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=30)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS vectors (fp TEXT NOT NULL, h TEXT NOT NULL, v BLOB NOT NULL,"
                " PRIMARY KEY (fp, h))"
            )
            self._local.conn = conn
        return conn

    def get_many(self, fp: str, hashes: Sequence[str]) -> dict[str, list[float]]:
        import numpy as np

        out: dict[str, list[float]] = {}
        conn = self._conn()
        for start in range(0, len(hashes), 500):
            part = list(hashes[start : start + 500])
            marks = ",".join("?" * len(part))
            rows = conn.execute(f"SELECT h, v FROM vectors WHERE fp=? AND h IN ({marks})", [fp, *part])
            for h, blob in rows:
                out[h] = np.frombuffer(blob, dtype=np.float32).tolist()
        return out

    def put_many(self, fp: str, items: Iterable[tuple[str, Sequence[float]]]) -> None:
        import numpy as np

        conn = self._conn()
        with conn:
            conn.executemany(
                "INSERT OR REPLACE INTO vectors (fp, h, v) VALUES (?, ?, ?)",
                [(fp, h, np.asarray(v, dtype=np.float32).tobytes()) for h, v in items],
            )

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None



def catalog_from_json(data: dict[str, Any]) -> Catalog:
    """The catalog stored in a lexical file (``{"chunks": [...], "reports": {...}}``)."""
    rows = data["chunks"]
    return Catalog(
        chunks=[chunk_from_json(r["chunk"]) for r in rows],
        origins=[r["origin"] for r in rows],
        files=[r["file"] for r in rows],
        hashes=[r["hash"] for r in rows],
        tokens=[r["tokens"] for r in rows],
        reports={k: meta_from_json(v) for k, v in data["reports"].items()},
    )


def passage_text(c: Chunk) -> str:
    """The text embedded for a chunk: its section path gives the passage its context.

    Its hash keys the vector (id and cache), so a chunk whose section path changes is re-embedded.
    """
    return f"{c.section}\n{c.text}" if c.section else c.text


def chroma_meta(c: Chunk, origin: str) -> dict[str, str | int]:
    return {
        "chunk_id": c.chunk_id,
        "report_id": c.report_id,
        "language": c.language,
        "origin": origin,
        "position": c.position,
    }


# --------------------------------------------------------------------------------------------
# importer glue


def load_sources(
    paths: Sequence[Path], *, origin: str, max_bytes: int
) -> tuple[list[SourceFile], list[IndexFileError]]:
    """Read and chunk files and folders through the importer (``assistant.ingest``).

    A file's hash combines the importer's content hashes of its reports (which include the
    importer's version and the metadata), so a changed file or a changed importer re-chunks it.
    """
    from assistant import ingest

    loaded = ingest.load_report_files(list(paths), max_bytes=max_bytes, origin=origin)
    errors = [IndexFileError(_key(Path(err.path)), err.message) for err in loaded.errors]
    grouped: dict[str, list[Any]] = {}
    for rep in loaded.reports:
        grouped.setdefault(_key(Path(rep.path)), []).append(rep)
    sources: list[SourceFile] = []
    for key, reps in grouped.items():
        metas: list[ReportMeta] = []
        chunks: list[Chunk] = []
        for rep in reps:
            meta = rep.meta if rep.meta.origin == origin else replace(rep.meta, origin=origin)
            metas.append(meta)
            chunks.extend(ingest.chunk_report(meta, rep.text))
        digest = hashlib.sha256("\n".join(r.content_hash for r in reps).encode()).hexdigest()
        sources.append(SourceFile(key, digest, origin, tuple(metas), tuple(chunks)))
    return sources, errors


def _key(path: Path) -> str:
    return str(path.resolve())
