"""The knowledge index: a lexical (BM25) catalog plus a dense (Chroma) vector store.

Layout under ``settings.index_dir``::

    manifest.json               the commit point: files -> hash -> report ids -> chunk ids, and the
                                name of the current lexical file
    lexical-<generation>.json   every chunk (text, metadata, origin, jieba tokens) of that generation
    embedding-cache.sqlite3     vectors by (embedding fingerprint, chunk text hash)
    jieba/                      jieba's dictionary cache
    chroma/                     Chroma persistent store (``settings.resolved_chroma_dir``)

Why chromadb directly rather than ``langchain_chroma.Chroma``: the vectors come from our own
embedding cache and background builder, so we need ``upsert`` with precomputed embeddings, ``get``
of the stored ids (to reconcile with the manifest) and ``delete`` by id. LangChain's wrapper always
embeds on ``add_texts``; going through ``_collection`` would be the same thing with a private
attribute. Collections are created with ``embedding_function=None`` (as LangChain does) so that
Chroma's default embedding function, which downloads a model at the first ``add``, can never run;
adding a text without a vector raises instead. One collection per embedding fingerprint.

Atomicity: an update writes the new lexical file under a new name, then replaces ``manifest.json``
(temp file + ``os.replace``), then deletes the old lexical file. A crash at any point leaves a
manifest that names a complete lexical file. Dense vectors are keyed by ``chunk_id@text_hash``, so
vectors of a chunk whose text changed are new ids: the builder upserts new vectors first and deletes
ids the manifest no longer names afterwards (also done on reconcile), and search ignores any id the
current catalog does not name.

Chroma server (``settings.chroma_url``, for several app replicas): vectors go to the server through
``chromadb.HttpClient`` (same collection names), and the catalog — manifest and lexical rows, the
commit point — is kept on the server too (:mod:`assistant.chroma_remote`), so every replica searches
the same chunks: each search compares the server's catalog token with the loaded one and reloads
when another replica committed. Nothing of the catalog is written to the local index folder then.

Start-up: opening reads the manifest and the lexical file (tokens are stored, so no re-tokenizing):
lexical search is usable at once. The dense index is filled by :meth:`KnowledgeIndex.build_dense`
(or in a background thread with :meth:`KnowledgeIndex.start_dense_build`), which reports
``done/total`` chunks; search uses dense results for the chunks already embedded. Re-indexing never
re-embeds an unchanged text: vectors are cached by (fingerprint, text hash).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import sqlite3
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.chroma_remote import RemoteCatalog, StaleCatalog, http_client
from assistant.documents import Chunk, ReportMeta
from assistant.embeddings import embedding_fingerprint
from assistant.errors import KnowledgeIndexError
from assistant.lexical import BM25, Tokenizer

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

    from assistant.settings import Settings

try:  # advisory lock between processes (the UI and a CLI `index` may share a data dir)
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

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


def _write_json_atomic(path: Path, data: object) -> None:
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


def _chunk_to_json(c: Chunk) -> dict[str, Any]:
    return asdict(c)


def _chunk_from_json(d: dict[str, Any]) -> Chunk:
    return Chunk(**d)


def _meta_from_json(d: dict[str, Any]) -> ReportMeta:
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


# --------------------------------------------------------------------------------------------
# the index


class KnowledgeIndex:
    """Incremental, atomic hybrid index of example reports.

    ``embeddings`` is required: every vector given to Chroma is computed by it (see module doc).
    """

    def __init__(self, settings: Settings, embeddings: Embeddings) -> None:
        if embeddings is None:
            raise KnowledgeIndexError("The knowledge index needs an embedding model.")
        self.settings = settings
        self.embeddings = embeddings
        self.fingerprint = embedding_fingerprint(embeddings)
        self.dir = settings.index_dir
        self.chroma_dir = settings.resolved_chroma_dir
        self.remote_url = settings.chroma_url.strip()
        self._remote: RemoteCatalog | None = None
        self._embedded_at = 0.0
        self.tokenizer = Tokenizer(self.dir / "jieba")
        self.cache = EmbeddingCache(self.dir / "embedding-cache.sqlite3")
        self._write_lock = threading.RLock()
        self._dense_lock = threading.Lock()
        self._ids_lock = threading.Lock()  # guards self._embedded (a build thread adds to it)
        self._client: Any = None
        self._collection: Any = None
        self._embedded: set[str] | None = None
        self._dense_thread: threading.Thread | None = None
        self._dense_error: str | None = None
        self._stop = threading.Event()
        self._manifest_stat: object = None
        self._lock_depth = 0
        self._manifest: dict[str, Any] = {"format": FORMAT, "generation": 0, "lexical_file": None, "files": {}}
        self.catalog = Catalog.empty()
        self._open()
        from assistant.vector_pack import load_packs_into_cache

        # vectors shipped with knowledge/ (same model, same text) make the first dense build instant
        load_packs_into_cache(self.cache, self.fingerprint, settings.knowledge_dirs, self.dir)

    # ---- opening ------------------------------------------------------------------------------

    @property
    def exists(self) -> bool:
        """True once an update has been committed."""
        return self._manifest.get("lexical_file") is not None

    def _client_handle(self) -> Any:
        """The Chroma client: an HTTP client for ``chroma_url``, else the embedded persistent one."""
        if self._client is None:
            if self.remote_url:
                self._client = http_client(self.remote_url)
            else:
                import chromadb
                from chromadb.config import Settings as ChromaSettings

                self.chroma_dir.mkdir(parents=True, exist_ok=True)
                self._client = chromadb.PersistentClient(
                    path=str(self.chroma_dir),
                    settings=ChromaSettings(anonymized_telemetry=False, allow_reset=False),
                )
        return self._client

    def _remote_catalog(self) -> RemoteCatalog:
        if self._remote is None:
            try:
                self._remote = RemoteCatalog(self._client_handle(), database_url=self.settings.database_url)
            except KnowledgeIndexError:
                raise
            except Exception as exc:
                raise KnowledgeIndexError(f"The shared index catalog cannot be opened ({type(exc).__name__}).") from exc
        return self._remote

    def _open_remote(self) -> None:
        catalog = self._remote_catalog()
        for _ in range(COMMIT_RETRIES):
            try:
                found = catalog.head()
                if found is None:
                    return
                token, manifest = found
                if manifest.get("format") != FORMAT:
                    log.info("shared index format %s is not %s: it will be rebuilt", manifest.get("format"), FORMAT)
                    self._manifest = {"format": FORMAT, "generation": int(manifest.get("generation", 0)),
                                      "lexical_file": None, "files": {}}
                    self._manifest_stat = token
                    return
                data = catalog.load(token, manifest)
            except StaleCatalog:
                continue  # a replica committed while we read: read the newer head
            except (ValueError, KeyError, TypeError) as exc:
                raise KnowledgeIndexError(
                    f"The shared knowledge index on {self.remote_url} cannot be read ({type(exc).__name__})."
                ) from exc
            except KnowledgeIndexError:
                raise
            except Exception as exc:
                raise KnowledgeIndexError(f"The Chroma server cannot be read ({type(exc).__name__}).") from exc
            self._manifest = manifest
            self.catalog = self._catalog_from_json(data)
            self._manifest_stat = token
            return
        raise KnowledgeIndexError("The shared knowledge index kept changing while it was being read; try again.")

    def _open(self) -> None:
        if self.remote_url:
            self._open_remote()
            return
        path = self.dir / MANIFEST
        stat = self._stat()
        if stat is None:
            return
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
            if manifest.get("format") != FORMAT:
                log.info("index format %s is not %s: it will be rebuilt", manifest.get("format"), FORMAT)
                return
            lex = self.dir / str(manifest["lexical_file"])
            data = json.loads(lex.read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise KnowledgeIndexError(
                f"The knowledge index in {self.dir} cannot be read ({type(exc).__name__}); "
                "delete that folder and run `report-assistant index` again."
            ) from exc
        self._manifest = manifest
        self.catalog = self._catalog_from_json(data)
        self._manifest_stat = stat
        self._remove_orphans()

    def _stat(self) -> object:
        """What changes when a commit happens: the manifest's (mtime, size), or the server's catalog
        token (generation, content hash) in server mode."""
        if self.remote_url:
            try:
                return self._remote_catalog().token()
            except KnowledgeIndexError:
                raise
            except Exception as exc:
                raise KnowledgeIndexError(f"The Chroma server cannot be read ({type(exc).__name__}).") from exc
        try:
            st = (self.dir / MANIFEST).stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def refresh(self) -> bool:
        """Reload the index if another process committed a newer one; True if it was reloaded.

        Cheap (one ``stat``, or one small GET from the Chroma server); the retriever calls it before
        each search.
        """
        try:
            stat = self._stat()
        except KnowledgeIndexError as exc:  # the server is away: search what is loaded
            log.warning("%s", exc)
            return False
        if stat is None or stat == self._manifest_stat:
            return False
        if not self._write_lock.acquire(blocking=False):
            return False  # this process is writing: it will have the newest state
        try:
            return self._reload_if_changed()
        finally:
            self._write_lock.release()

    def _reload_if_changed(self) -> bool:
        if self._stat() == self._manifest_stat:
            return False
        before = self._manifest.get("generation")
        try:
            self._open()
        except KnowledgeIndexError as exc:
            log.warning("%s", exc)
            return False
        with self._ids_lock:
            self._embedded = None
        return self._manifest.get("generation") != before

    @contextlib.contextmanager
    def _exclusive(self) -> Iterator[None]:
        """Writer lock: this process's lock plus an advisory file lock shared with other processes.

        The on-disk index is reloaded first if another process committed since, so an update is
        always based on the newest state and never deletes vectors another process just added.
        """
        with self._write_lock:
            if self._lock_depth:
                self._lock_depth += 1
                try:
                    yield
                finally:
                    self._lock_depth -= 1
                return
            self.dir.mkdir(parents=True, exist_ok=True)
            with open(self.dir / ".write.lock", "a+b") as fh:
                if fcntl is not None:
                    fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
                self._lock_depth = 1
                try:
                    self._reload_if_changed()
                    yield
                finally:
                    self._lock_depth = 0
                    if fcntl is not None:
                        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)

    def _catalog_from_json(self, data: dict[str, Any]) -> Catalog:
        rows = data["chunks"]
        return Catalog(
            chunks=[_chunk_from_json(r["chunk"]) for r in rows],
            origins=[r["origin"] for r in rows],
            files=[r["file"] for r in rows],
            hashes=[r["hash"] for r in rows],
            tokens=[r["tokens"] for r in rows],
            reports={k: _meta_from_json(v) for k, v in data["reports"].items()},
        )

    def _remove_orphans(self) -> None:
        """Delete lexical files of older generations and stale temp files (left by a crash).

        Files of a newer generation are left alone: another process may be about to commit them.
        """
        current = int(self._manifest.get("generation", 0))
        for p in self.dir.glob("lexical-*.json"):
            try:
                generation = int(p.stem.split("-", 1)[1])
            except (IndexError, ValueError):
                continue
            if generation < current:
                with contextlib.suppress(OSError):
                    p.unlink()
        for p in self.dir.glob(".*.tmp"):
            with contextlib.suppress(OSError):
                if time.time() - p.stat().st_mtime > 3600:
                    p.unlink()

    # ---- reading ------------------------------------------------------------------------------

    def files(self) -> dict[str, dict[str, Any]]:
        """Manifest entries by file: ``hash``, ``origin``, ``report_ids``, ``chunk_ids``."""
        return dict(self._manifest["files"])

    def reports(self, origin: str | None = None) -> list[ReportMeta]:
        """Indexed reports, optionally only those of one origin (``shipped`` or ``user``)."""
        metas = self.catalog.reports.values()
        return [m for m in metas if origin is None or m.origin == origin]

    # ---- updating -----------------------------------------------------------------------------

    def update(
        self,
        paths: Sequence[Path],
        *,
        origin: str = "shipped",
        mirror: bool = True,
        progress: Callable[[str], None] | None = None,
    ) -> UpdateResult:
        """Import files (or folders) through the importer and commit them to the index.

        ``mirror=True`` (the shipped knowledge base): files of this ``origin`` that are no longer
        under ``paths`` leave the index. ``mirror=False`` (user uploads): only add or replace.
        Unreadable files are listed in ``errors``; the rest of the batch is indexed.
        """
        t0 = time.perf_counter()
        sources, errors = load_sources(paths, origin=origin, max_bytes=self.settings.max_file_bytes)
        if progress:
            progress(f"read {len(sources)} files ({len(errors)} failed)")
        result = self.apply(sources, origin=origin, mirror=mirror, failed=[e.path for e in errors])
        result.errors = errors + result.errors
        result.seconds = time.perf_counter() - t0
        return result

    def apply(
        self,
        sources: Sequence[SourceFile],
        *,
        origin: str = "shipped",
        mirror: bool = True,
        failed: Sequence[str] = (),
    ) -> UpdateResult:
        """Commit already-chunked sources (the importer-free core of :meth:`update`)."""
        for _ in range(COMMIT_RETRIES):
            try:
                return self._apply(sources, origin=origin, mirror=mirror, failed=failed)
            except StaleCatalog:
                log.info("another replica updated the shared index first: recomputing the update")
        raise KnowledgeIndexError("The shared knowledge index kept changing; try the update again.")

    def _apply(
        self,
        sources: Sequence[SourceFile],
        *,
        origin: str,
        mirror: bool,
        failed: Sequence[str],
    ) -> UpdateResult:
        with self._exclusive():
            result = UpdateResult()
            old = self.catalog
            old_files: dict[str, dict[str, Any]] = self._manifest["files"]
            # tokens cover title + section + text; the row hash covers section + text (what is embedded)
            token_cache = {
                (c.report_title, h): t for c, h, t in zip(old.chunks, old.hashes, old.tokens, strict=True)
            }
            incoming = {s.path: s for s in sources}
            failed_set = set(failed)

            keep_files: set[str] = set()
            for path, entry in old_files.items():
                if path in incoming or path in failed_set:
                    continue
                if mirror and entry["origin"] == origin:
                    result.removed.append(path)
                else:
                    keep_files.add(path)
            for path in failed_set:
                if path in old_files and path not in incoming:
                    result.removed.append(path)

            rows: list[tuple[Chunk, str, str, str, list[str]]] = []
            new_files: dict[str, dict[str, Any]] = {}
            reports: dict[str, ReportMeta] = {}
            for i, c in enumerate(old.chunks):
                if old.files[i] in keep_files:
                    rows.append((c, old.origins[i], old.files[i], old.hashes[i], old.tokens[i]))
            for path in keep_files:
                new_files[path] = old_files[path]
                for rid in old_files[path]["report_ids"]:
                    if rid in old.reports:
                        reports[rid] = old.reports[rid]

            seen_chunk_ids = {r[0].chunk_id for r in rows}
            for src in sources:
                prev = old_files.get(src.path)
                if prev is not None and prev["hash"] == src.content_hash and prev["origin"] == src.origin:
                    result.unchanged.append(src.path)
                    for i, c in enumerate(old.chunks):
                        if old.files[i] == src.path:
                            rows.append((c, old.origins[i], old.files[i], old.hashes[i], old.tokens[i]))
                    new_files[src.path] = prev
                    for rid in prev["report_ids"]:
                        if rid in old.reports:
                            reports[rid] = old.reports[rid]
                    continue
                (result.changed if prev is not None else result.added).append(src.path)
                dup = [c.chunk_id for c in src.chunks if c.chunk_id in seen_chunk_ids]
                if dup:
                    result.errors.append(
                        IndexFileError(src.path, f"{src.path}: chunk id {dup[0]!r} is already indexed from another file")
                    )
                    continue
                chunk_ids = []
                for c in src.chunks:
                    th = text_hash(passage_text(c))
                    tokens = token_cache.get((c.report_title, th))
                    if tokens is None:
                        tokens = self.tokenizer.tokenize(f"{c.report_title}\n{c.section}\n{c.text}")
                        token_cache[(c.report_title, th)] = tokens
                    rows.append((c, src.origin, src.path, th, tokens))
                    chunk_ids.append(c.chunk_id)
                    seen_chunk_ids.add(c.chunk_id)
                for meta in src.reports:
                    reports[meta.report_id] = meta
                new_files[src.path] = {
                    "hash": src.content_hash,
                    "origin": src.origin,
                    "report_ids": [m.report_id for m in src.reports],
                    "chunk_ids": chunk_ids,
                }

            if result.added or result.changed or result.removed or not self.exists:
                self._commit(rows, new_files, reports)
            result.chunks = len(self.catalog)
            result.chars = sum(len(c.text) for c in self.catalog.chunks)
            return result

    def remove_reports(self, report_ids: Iterable[str]) -> int:
        """Delete reports (e.g. a user's upload) by id; returns the number of chunks removed."""
        drop = set(report_ids)
        for _ in range(COMMIT_RETRIES):
            try:
                return self._remove_reports(drop)
            except StaleCatalog:
                log.info("another replica updated the shared index first: recomputing the removal")
        raise KnowledgeIndexError("The shared knowledge index kept changing; try the deletion again.")

    def _remove_reports(self, drop: set[str]) -> int:
        with self._exclusive():
            old = self.catalog
            rows = [
                (c, old.origins[i], old.files[i], old.hashes[i], old.tokens[i])
                for i, c in enumerate(old.chunks)
                if c.report_id not in drop
            ]
            removed = len(old) - len(rows)
            files: dict[str, dict[str, Any]] = {}
            kept_ids = {r[0].chunk_id for r in rows}
            for path, entry in self._manifest["files"].items():
                rids = [r for r in entry["report_ids"] if r not in drop]
                if not rids and entry["report_ids"]:
                    continue
                files[path] = {**entry, "report_ids": rids, "chunk_ids": [c for c in entry["chunk_ids"] if c in kept_ids]}
            reports = {k: v for k, v in old.reports.items() if k not in drop}
            if removed or len(reports) != len(old.reports):
                self._commit(rows, files, reports)
                self._delete_stale_vectors()
            return removed

    def _commit(
        self,
        rows: Sequence[tuple[Chunk, str, str, str, list[str]]],
        files: dict[str, dict[str, Any]],
        reports: dict[str, ReportMeta],
    ) -> None:
        generation = int(self._manifest.get("generation", 0)) + 1
        lex_name = f"lexical-{generation:06d}.json"
        data = {
            "format": FORMAT,
            "generation": generation,
            "chunks": [
                {"chunk": _chunk_to_json(c), "origin": o, "file": f, "hash": h, "tokens": t}
                for c, o, f, h, t in rows
            ],
            "reports": {k: asdict(v) for k, v in reports.items()},
        }
        catalog = Catalog(
            [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], [r[3] for r in rows],
            [r[4] for r in rows], reports,
        )
        if self.remote_url:
            manifest = {"format": FORMAT, "generation": generation, "lexical_file": lex_name, "files": files}
            token = self._remote_catalog().publish(manifest, data, expect=self._manifest_stat)  # type: ignore[arg-type]
            self._manifest = manifest
            self._manifest_stat = token
            self.catalog = catalog
            return
        self.dir.mkdir(parents=True, exist_ok=True)
        _write_json_atomic(self.dir / lex_name, data)
        manifest = {"format": FORMAT, "generation": generation, "lexical_file": lex_name, "files": files}
        _write_json_atomic(self.dir / MANIFEST, manifest)
        old_lex = self._manifest.get("lexical_file")
        self._manifest = manifest
        self._manifest_stat = self._stat()
        self.catalog = catalog
        if old_lex and old_lex != lex_name:
            with contextlib.suppress(OSError):
                (self.dir / old_lex).unlink()
        self._remove_orphans()

    # ---- dense --------------------------------------------------------------------------------

    def collection(self) -> Any:
        """The Chroma collection of this embedding (created with no embedding function)."""
        if self._collection is None:
            with self._dense_lock:
                if self._collection is None:
                    try:
                        client = self._client_handle()
                        name = f"chunks-v{HNSW_VERSION}-" + hashlib.sha1(self.fingerprint.encode()).hexdigest()[:16]
                        self._collection = client.get_or_create_collection(
                            name=name,
                            embedding_function=None,  # never Chroma's default (it downloads a model)
                            configuration={"hnsw": {"space": "cosine", **HNSW}},
                            metadata={"fingerprint": self.fingerprint},
                        )
                    except KnowledgeIndexError:
                        raise
                    except Exception as exc:
                        where = "on the Chroma server" if self.remote_url else f"in {self.chroma_dir}"
                        raise KnowledgeIndexError(
                            f"The vector store {where} cannot be opened ({type(exc).__name__})."
                        ) from exc
        return self._collection

    def _stored_ids(self) -> set[str]:
        col = self.collection()
        ids: set[str] = set()
        total = col.count()
        for offset in range(0, total, 5000):
            ids.update(col.get(include=[], limit=5000, offset=offset)["ids"])
        return ids

    def embedded_ids(self) -> set[str]:
        """Ids of the stored vectors (cached; in server mode re-read when empty or older than a few
        seconds, because another replica may have stored vectors since)."""
        stale = bool(self.remote_url) and (
            not self._embedded or time.monotonic() - self._embedded_at > EMBEDDED_IDS_TTL
        )
        if self._embedded is None or stale:
            self._embedded = self._stored_ids()
            self._embedded_at = time.monotonic()
        return self._embedded

    def dense_status(self) -> DenseStatus:
        """How many of the catalog's chunks have a vector (``done``) out of ``total``."""
        cat = self.catalog
        embedded = self.embedded_ids()
        with self._ids_lock:
            done = sum(1 for v in cat.vids if v in embedded)
        running = self._dense_thread is not None and self._dense_thread.is_alive()
        return DenseStatus(done=done, total=len(cat), running=running, error=self._dense_error)

    def _delete_stale_vectors(self) -> int:
        """Remove vectors of chunks the manifest no longer names (reconciles Chroma with it)."""
        if self._collection is None and not self.remote_url and not self.chroma_dir.exists():
            return 0
        stored = self.embedded_ids()
        with self._ids_lock:
            stale = sorted(stored - set(self.catalog.vids))
        col = self.collection()
        for start in range(0, len(stale), 5000):
            col.delete(ids=stale[start : start + 5000])
        with self._ids_lock:
            stored.difference_update(stale)
        return len(stale)

    def reconcile(self) -> int:
        """Bring Chroma in line with the manifest after a crash; returns stale vectors deleted."""
        with self._exclusive():
            return self._delete_stale_vectors()

    def build_dense(
        self,
        progress: ProgressFn | None = None,
        *,
        batch_size: int = 16,
        stop: threading.Event | None = None,
    ) -> DenseStatus:
        """Embed every chunk without a vector; smaller reports first. Safe to interrupt and rerun."""
        stop = stop or self._stop
        while True:
            cat = self.catalog
            embedded = self.embedded_ids()
            size: dict[str, int] = {}
            for c in cat.chunks:
                size[c.report_id] = size.get(c.report_id, 0) + 1
            pending = [i for i, v in enumerate(cat.vids) if v not in embedded]
            pending.sort(key=lambda i: (size[cat.chunks[i].report_id], cat.chunks[i].report_id, i))
            total = len(cat)
            done = total - len(pending)
            if progress:
                progress(done, total)
            col = self.collection()
            for start in range(0, len(pending), batch_size):
                if stop.is_set():
                    return self.dense_status()
                idx = pending[start : start + batch_size]
                hashes = [cat.hashes[i] for i in idx]
                vectors = self.cache.get_many(self.fingerprint, hashes)
                missing = [i for i in idx if cat.hashes[i] not in vectors]
                if missing:
                    texts = [passage_text(cat.chunks[i]) for i in missing]
                    new = self.embeddings.embed_documents(texts)
                    self.cache.put_many(self.fingerprint, [(cat.hashes[i], v) for i, v in zip(missing, new, strict=True)])
                    vectors.update({cat.hashes[i]: v for i, v in zip(missing, new, strict=True)})
                col.upsert(
                    ids=[cat.vids[i] for i in idx],
                    embeddings=[vectors[cat.hashes[i]] for i in idx],
                    metadatas=[_chroma_meta(cat.chunks[i], cat.origins[i]) for i in idx],
                )
                with self._ids_lock:
                    embedded.update(cat.vids[i] for i in idx)
                done += len(idx)
                if progress:
                    progress(done, total)
            with self._exclusive():
                if cat is self.catalog:
                    self._delete_stale_vectors()
                    return self.dense_status()
            # the catalog changed while we were embedding: go round again for the new chunks

    def start_dense_build(self, progress: ProgressFn | None = None) -> threading.Thread:
        """Build the dense index in a daemon thread; :meth:`dense_status` shows its progress."""
        if self._dense_thread is not None and self._dense_thread.is_alive():
            return self._dense_thread
        self._stop.clear()
        self._dense_error = None

        def run() -> None:
            try:
                self.build_dense(progress)
            except Exception as exc:
                log.exception("dense index build failed")
                self._dense_error = str(exc) if isinstance(exc, KnowledgeIndexError) else type(exc).__name__

        self._dense_thread = threading.Thread(target=run, name="dense-index", daemon=True)
        self._dense_thread.start()
        return self._dense_thread

    def stop_dense_build(self, timeout: float | None = None) -> None:
        self._stop.set()
        if self._dense_thread is not None:
            self._dense_thread.join(timeout)

    def dense_query(
        self, vector: Sequence[float], n: int, where: dict[str, Any] | None = None, catalog: Catalog | None = None
    ) -> list[tuple[int, float]]:
        """Nearest embedded chunks: ``(position in catalog, cosine similarity)``, best first.

        ``catalog``: the snapshot the positions refer to (default: the current one).
        """
        cat = catalog if catalog is not None else self.catalog
        if not cat.vids or not self.embedded_ids():
            return []
        col = self.collection()
        n = min(n, max(1, len(self.embedded_ids())))
        try:
            res = col.query(query_embeddings=[[float(x) for x in vector]], n_results=n, where=where or None, include=["distances"])
        except Exception as exc:
            raise KnowledgeIndexError(f"The vector search failed ({type(exc).__name__}).") from exc
        out: list[tuple[int, float]] = []
        for vid, dist in zip(res["ids"][0], res["distances"][0], strict=True):
            pos = cat.by_vid.get(vid)
            if pos is not None:
                out.append((pos, 1.0 - float(dist)))
        return out

    def close(self) -> None:
        self.stop_dense_build(timeout=5)
        self.cache.close()
        if self._remote is not None:
            self._remote.close()


def passage_text(c: Chunk) -> str:
    """The text embedded for a chunk: its section path gives the passage its context.

    Its hash keys the vector (id and cache), so a chunk whose section path changes is re-embedded.
    """
    return f"{c.section}\n{c.text}" if c.section else c.text


def _chroma_meta(c: Chunk, origin: str) -> dict[str, str | int]:
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
