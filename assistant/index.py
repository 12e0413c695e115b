"""The knowledge index: a lexical (BM25) catalog plus a dense (Chroma) vector store.

The catalog, its on-disk layout and its atomic commit are in :mod:`assistant.index_catalog`; the
Chroma side (collection, background builder, vector search) in :mod:`assistant.index_dense`, a mixin of
:class:`KnowledgeIndex`. This module holds the index itself: opening, reloading, the writer lock,
incremental updates and removals, and the commit.

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
import json
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.chroma_remote import RemoteCatalog, StaleCatalog
from assistant.documents import Chunk, ReportMeta
from assistant.embeddings import embedding_fingerprint
from assistant.errors import KnowledgeIndexError
from assistant.index_catalog import (
    COMMIT_RETRIES,
    FORMAT,
    MANIFEST,
    Catalog,
    DenseStatus,
    EmbeddingCache,
    IndexFileError,
    ProgressFn,
    SourceFile,
    UpdateResult,
    catalog_from_json,
    chunk_to_json,
    load_sources,
    passage_text,
    text_hash,
    write_json_atomic,
)
from assistant.index_dense import DenseVectors
from assistant.lexical import Tokenizer

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

    from assistant.settings import Settings

try:  # advisory lock between processes (the UI and a CLI `index` may share a data dir)
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]

__all__ = ["Catalog", "DenseStatus", "EmbeddingCache", "IndexFileError", "KnowledgeIndex", "ProgressFn",
           "SourceFile", "UpdateResult", "load_sources", "passage_text", "text_hash"]

log = logging.getLogger(__name__)


class KnowledgeIndex(DenseVectors):
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
            self.catalog = catalog_from_json(data)
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
        self.catalog = catalog_from_json(data)
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
                {"chunk": chunk_to_json(c), "origin": o, "file": f, "hash": h, "tokens": t}
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
        write_json_atomic(self.dir / lex_name, data)
        manifest = {"format": FORMAT, "generation": generation, "lexical_file": lex_name, "files": files}
        write_json_atomic(self.dir / MANIFEST, manifest)
        old_lex = self._manifest.get("lexical_file")
        self._manifest = manifest
        self._manifest_stat = self._stat()
        self.catalog = catalog
        if old_lex and old_lex != lex_name:
            with contextlib.suppress(OSError):
                (self.dir / old_lex).unlink()
        self._remove_orphans()

    def close(self) -> None:
        self.stop_dense_build(timeout=5)
        self.cache.close()
        if self._remote is not None:
            self._remote.close()

