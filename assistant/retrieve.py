"""Hybrid retrieval over the knowledge index: dense (Chroma, cosine) + BM25, fused by weighted RRF.

Fusion: ``score = Σ w / (RRF_K + rank)`` over the dense list and the lexical list, ``RRF_K = 60``.
The dense weight is 1. The lexical side must not drag cross-language queries down:

* the lexical list only ranks chunks in the query's language (an English note shares no words with
  a Chinese report; numbers alone would produce noise matches);
* a chunk lexical search cannot judge (another language than the query) gets an imputed lexical
  term: its dense rank, weighted by the best lexical weight of this query. Otherwise any
  same-language chunk sharing a few common words would outrank the best cross-language passage,
  since RRF barely separates dense rank 1 from rank 2;
* a same-language lexical match is weighted by its coverage: the share of the query's idf mass
  the chunk contains (query words absent from the corpus count with the highest idf). A chunk that
  matches only common words barely moves the ranking; one that contains the note's distinctive
  terms and figures counts fully;
* figures are shared across languages: a third list ranks the other-language chunks by BM25 on the
  query's figures alone (scale words converted: 3.1 billion ↔ 31亿), weighted by coverage and by
  how specific the figures are. It adds to the imputed term above.

Only chunks that already have a vector take part in the dense list; while the dense index is being
built the lexical list still covers everything.
"""

from __future__ import annotations

import logging
import math
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from assistant.documents import Hit
from assistant.lang import detect_language
from assistant.lexical import is_figure

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

    from assistant.index import Catalog, KnowledgeIndex
    from assistant.settings import Settings
    from assistant.workspaces import Workspace

log = logging.getLogger(__name__)

RRF_K = 60
FIGURES_FULL_IDF = 1.5  # idf mass (in units of the highest idf) at which the query's figures weigh 1
LEXICAL_FULL_COVERAGE = 1.0  # coverage of the query's idf mass at which a lexical match weighs 1
PREFER_BOOST = 1.25


@dataclass(frozen=True)
class RankedList:
    """One retriever's ranking: catalog positions best first, with their raw scores."""

    positions: list[int]
    scores: list[float]
    weights: list[float]


class Retriever:
    """Search the knowledge index; ``mode`` ``hybrid`` (default), ``dense`` or ``lexical``."""

    QUERY_CACHE_SIZE = 256

    def __init__(self, index: KnowledgeIndex, embeddings: Embeddings, settings: Settings) -> None:
        self.index = index
        self.embeddings = embeddings
        self.settings = settings
        # drafting searches the same note queries more than once: keep their vectors
        self._query_vectors: OrderedDict[str, list[float]] = OrderedDict()
        self._cache_lock = threading.Lock()

    def query_vector(self, query: str) -> list[float]:
        """The query's embedding, from a small LRU cache."""
        with self._cache_lock:
            vec = self._query_vectors.get(query)
            if vec is not None:
                self._query_vectors.move_to_end(query)
                return vec
        vec = self.embeddings.embed_query(query)
        with self._cache_lock:
            self._query_vectors[query] = vec
            while len(self._query_vectors) > self.QUERY_CACHE_SIZE:
                self._query_vectors.popitem(last=False)
        return vec

    def clear_query_cache(self) -> None:
        with self._cache_lock:
            self._query_vectors.clear()

    # ---- the two retrievers -------------------------------------------------------------------

    def _mask(
        self,
        language: str | None,
        report_ids: Iterable[str] | None,
        exclude_report_ids: Iterable[str] | None,
        cat: Catalog | None = None,
        origins: Iterable[str] | None = None,
        private_ids: set[str] | None = None,
    ) -> Any:
        import numpy as np

        cat = cat if cat is not None else self.index.catalog
        mask = np.ones(len(cat), dtype=bool)
        if language:
            mask &= np.array([c.language == language for c in cat.chunks], dtype=bool)
        if report_ids is not None:
            keep = set(report_ids)
            mask &= np.array([c.report_id in keep for c in cat.chunks], dtype=bool)
        if exclude_report_ids:
            drop = set(exclude_report_ids)
            mask &= np.array([c.report_id not in drop for c in cat.chunks], dtype=bool)
        if origins is not None:
            allowed = set(origins)
            mask &= np.array([o in allowed for o in cat.origins], dtype=bool)
        if private_ids is not None:  # a workspace: shipped chunks plus the uploads it may read
            mask &= np.array([o == "shipped" or c.report_id in private_ids
                              for c, o in zip(cat.chunks, cat.origins, strict=True)], dtype=bool)
        return mask

    def lexical(self, query: str, n: int, mask: Any, query_language: str, cat: Catalog | None = None) -> RankedList:
        """BM25 over chunks in the query's language, each with its coverage weight."""
        import numpy as np

        cat = cat if cat is not None else self.index.catalog
        if not len(cat):
            return RankedList([], [], [])
        tokens = self.index.tokenizer.tokenize(query)
        if not tokens:
            return RankedList([], [], [])
        bm25 = cat.bm25
        same = mask & np.array([c.language == query_language for c in cat.chunks], dtype=bool)
        matches = bm25.top(tokens, n, same)
        if not matches:
            return RankedList([], [], [])
        coverage = bm25.coverage(tokens)
        return RankedList(
            positions=[m.doc for m in matches],
            scores=[m.score for m in matches],
            weights=[min(1.0, float(coverage[m.doc]) / LEXICAL_FULL_COVERAGE) for m in matches],
        )

    def figures(self, query: str, n: int, mask: Any, query_language: str, cat: Catalog | None = None) -> RankedList:
        """BM25 on the query's figures alone, over chunks in the *other* language.

        Figures are the only vocabulary a note shares with a report in another language
        ("31 solar greenhouses" / "日光温室31栋"; scale words are converted by the tokenizer). The
        weight is the chunk's coverage of the query's figures times their specificity (common
        figures such as 20 or 30 weigh little).
        """
        import numpy as np

        cat = cat if cat is not None else self.index.catalog
        if not len(cat):
            return RankedList([], [], [])
        nums = sorted({t for t in self.index.tokenizer.tokenize(query) if is_figure(t)})
        if not nums:
            return RankedList([], [], [])
        bm25 = cat.bm25
        other = mask & np.array([c.language != query_language for c in cat.chunks], dtype=bool)
        matches = bm25.top(nums, n, other)
        if not matches:
            return RankedList([], [], [])
        coverage = bm25.coverage(nums)
        max_idf = math.log(1.0 + (bm25.n_docs + 0.5) / 0.5)
        specificity = min(1.0, sum(bm25.idf.get(t, max_idf) for t in nums) / (FIGURES_FULL_IDF * max_idf))
        return RankedList(
            positions=[m.doc for m in matches],
            scores=[m.score for m in matches],
            weights=[float(coverage[m.doc]) * specificity for m in matches],
        )

    def dense(
        self,
        query: str,
        n: int,
        *,
        language: str | None,
        report_ids: Sequence[str] | None,
        exclude_report_ids: Sequence[str] | None,
        cat: Catalog | None = None,
        origins: Sequence[str] | None = None,
        private_ids: set[str] | None = None,
    ) -> RankedList:
        """Cosine nearest neighbours among the chunks that already have a vector."""
        if not self.index.embedded_ids():
            return RankedList([], [], [])
        clauses: list[dict[str, Any]] = []
        if language:
            clauses.append({"language": language})
        if report_ids is not None:
            clauses.append({"report_id": {"$in": list(report_ids) or [""]}})
        if exclude_report_ids:
            clauses.append({"report_id": {"$nin": list(exclude_report_ids)}})
        if origins is not None:
            clauses.append({"origin": {"$in": list(origins) or [""]}})
        if private_ids is not None:  # enforced by the vector store too, not only by the mask below
            clauses.append({"$or": [{"origin": "shipped"}, {"report_id": {"$in": sorted(private_ids) or [""]}}]})
        where: dict[str, Any] | None = None
        if len(clauses) == 1:
            where = clauses[0]
        elif clauses:
            where = {"$and": clauses}
        vector = self.query_vector(query)
        found = self.index.dense_query(vector, n, where, catalog=cat)
        return RankedList([p for p, _ in found], [s for _, s in found], [1.0] * len(found))

    # ---- search -------------------------------------------------------------------------------

    def search(
        self,
        query: str,
        k: int | None = None,
        *,
        language: str | None = None,
        report_ids: Sequence[str] | None = None,
        exclude_report_ids: Sequence[str] | None = None,
        prefer_origin: str | None = None,
        origins: Sequence[str] | None = None,
        mode: str = "hybrid",
        workspace: Workspace | None = None,
    ) -> list[Hit]:
        """The ``k`` best chunks for ``query`` (default ``settings.top_k``).

        ``language`` keeps only chunks in that language; ``report_ids``/``exclude_report_ids``
        restrict the reports; ``origins`` keeps only chunks of those origins (``shipped``, ``user``);
        ``prefer_origin`` multiplies the score of chunks of that origin by 1.25 (a preference, not
        a filter). ``workspace`` (:class:`assistant.workspaces.Workspace`) keeps the shipped
        examples and the uploads that workspace may read (its own, its teams'): both the vector
        query (a ``where`` filter) and the lexical side are restricted; None: no restriction.
        """
        k = k or self.settings.top_k
        query = query.strip()
        self.index.refresh()  # another process (e.g. `report-assistant index`) may have updated it
        cat = self.index.catalog  # one snapshot for the whole search (an update may swap it)
        if not query or not len(cat):
            return []
        n = max(50, 5 * k)
        qlang = detect_language(query, default="en")
        private_ids = None if workspace is None else {
            rid for rid, meta in cat.reports.items()
            if meta.origin != "shipped" and workspace.can_read(rid, meta.origin)
        }
        mask = self._mask(language, report_ids, exclude_report_ids, cat, origins, private_ids)
        lists: list[tuple[str, RankedList]] = []
        if mode in ("hybrid", "dense"):
            lists.append(
                ("dense", self.dense(query, n, language=language, report_ids=report_ids,
                                     exclude_report_ids=exclude_report_ids, cat=cat, origins=origins,
                                     private_ids=private_ids))
            )
        if mode in ("hybrid", "lexical"):
            lists.append(("lexical", self.lexical(query, n, mask, qlang, cat)))
        if mode == "hybrid":
            lists.append(("figures", self.figures(query, n, mask, qlang, cat)))

        best_lexical = max((max(r.weights, default=0.0) for name, r in lists if name == "lexical"), default=0.0)
        fused: dict[int, float] = {}
        ranks: dict[int, dict[str, int]] = {}
        for name, ranked in lists:
            for rank, (pos, weight) in enumerate(zip(ranked.positions, ranked.weights, strict=True), start=1):
                if not mask[pos]:
                    continue
                if mode == "lexical":
                    weight = 1.0
                term = weight / (RRF_K + rank)
                if name == "dense" and mode == "hybrid" and cat.chunks[pos].language != qlang:
                    term *= 1.0 + best_lexical  # lexical cannot judge this chunk: impute its rank
                fused[pos] = fused.get(pos, 0.0) + term
                ranks.setdefault(pos, {})[name] = rank
        if prefer_origin:
            for pos in fused:
                if cat.origins[pos] == prefer_origin:
                    fused[pos] *= PREFER_BOOST
        best = sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
        hits: list[Hit] = []
        for pos, score in best:
            chunk = cat.chunks[pos]
            chunk = replace(chunk, extra={**chunk.extra, "origin": cat.origins[pos]})
            r = ranks.get(pos, {})
            lexical_rank = r.get("lexical", r.get("figures"))
            hits.append(Hit(chunk=chunk, score=score, dense_rank=r.get("dense"), lexical_rank=lexical_rank))
        return hits


def open_retriever(settings: Settings, embeddings: Embeddings | None = None) -> Retriever:
    """Open the persisted index (building the lexical one from ``settings.knowledge_dirs`` if there
    is none yet) and return a :class:`Retriever` on it.

    Cheap: no vectors are computed here. Start the dense build with
    ``retriever.index.start_dense_build(progress)`` when ``retriever.index.dense_status()`` is not
    complete.
    """
    from assistant.embeddings import make_embeddings
    from assistant.index import KnowledgeIndex

    emb = embeddings if embeddings is not None else make_embeddings(settings)
    index = KnowledgeIndex(settings, emb)
    if not index.exists:
        result = index.update(list(settings.knowledge_dirs))
        for err in result.errors:
            log.warning("knowledge file skipped: %s", err.message)
    return Retriever(index, emb, settings)


def hit_json(hit: Hit) -> dict[str, object]:
    """``Hit.as_json`` plus the chunk's origin (``shipped`` / ``user``)."""
    data = hit.as_json()
    data["origin"] = hit.chunk.extra.get("origin", "shipped")
    return data


def format_hits(hits: Sequence[Hit], *, width: int = 160) -> str:
    """Plain-text listing of hits for a terminal: rank, score, report, section, text excerpt."""
    lines: list[str] = []
    for i, h in enumerate(hits, start=1):
        c = h.chunk
        text = " ".join(c.text.split())
        if len(text) > width:
            text = text[: width - 1] + "…"
        lines.append(f"{i}. [{h.score:.4f}] {c.report_title} ({c.language})")
        if c.section:
            lines.append(f"   {c.section}")
        lines.append(f"   {text}")
    return "\n".join(lines)
