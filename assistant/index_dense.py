"""Dense vectors of the knowledge index (a mixin of :class:`assistant.index.KnowledgeIndex`).

Why chromadb directly rather than ``langchain_chroma.Chroma``: the vectors come from our own
embedding cache and background builder, so we need ``upsert`` with precomputed embeddings, ``get``
of the stored ids (to reconcile with the manifest) and ``delete`` by id. LangChain's wrapper always
embeds on ``add_texts``; going through ``_collection`` would be the same thing with a private
attribute. Collections are created with ``embedding_function=None`` (as LangChain does) so that
Chroma's default embedding function, which downloads a model at the first ``add``, can never run;
adding a text without a vector raises instead. One collection per embedding fingerprint.

In server mode (``settings.chroma_url``) the vectors go to the Chroma server through
``chromadb.HttpClient`` (same collection names). The dense index is filled by
:meth:`DenseVectors.build_dense` (or in a background thread with :meth:`DenseVectors.start_dense_build`),
which reports ``done/total`` chunks; search uses dense results for the chunks already embedded.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.chroma_remote import http_client
from assistant.errors import KnowledgeIndexError
from assistant.index_catalog import (
    EMBEDDED_IDS_TTL,
    HNSW,
    HNSW_VERSION,
    Catalog,
    DenseStatus,
    EmbeddingCache,
    ProgressFn,
    chroma_meta,
    passage_text,
)

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

log = logging.getLogger(__name__)


class DenseVectors:
    """The Chroma side of the index: the collection, the background builder and the vector search.

    The state is the index's (set by ``KnowledgeIndex.__init__``); ``_exclusive`` is its writer lock.
    """

    embeddings: Embeddings
    fingerprint: str
    chroma_dir: Path
    remote_url: str
    cache: EmbeddingCache
    catalog: Catalog
    _client: Any
    _collection: Any
    _embedded: set[str] | None
    _embedded_at: float
    _dense_lock: threading.Lock
    _ids_lock: threading.Lock
    _dense_thread: threading.Thread | None
    _dense_error: str | None
    _stop: threading.Event
    _exclusive: Callable[[], contextlib.AbstractContextManager[None]]

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
                    metadatas=[chroma_meta(cat.chunks[i], cat.origins[i]) for i in idx],
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
