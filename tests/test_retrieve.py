"""Hybrid retrieval: RRF fusion, filters, language handling (hash and bilingual test embeddings)."""

from __future__ import annotations

import math
from typing import Any

import pytest

from assistant.documents import Chunk, ReportMeta
from assistant.embeddings import FingerprintedEmbeddings, HashEmbeddings
from assistant.index import KnowledgeIndex, SourceFile, text_hash
from assistant.retrieve import RRF_K, Retriever, format_hits, hit_json

ZH_A = [
    ("二、调整产业结构 > 2、产业园区不断拓展", "投资1146万元，建设了七台新菜田园区，日光温室31栋、塑料大棚20栋，已全部投入使用。"),
    ("二、调整产业结构 > 4、民营经济发展迅速", "民营经济主营业务收入完成31亿元，较上年增幅14.8%；上缴税款900万元。"),
    ("三、社会事业 > 1、教育", "新建中心小学教学楼一栋，改善了办学条件。"),
]
ZH_B = [
    ("一、研修 > 1、跟岗研修", "跟岗研修的学员必须听课不少于20节，阅读3本书，上1节汇报课。"),
]
EN_C = [
    ("Findings", "The agency built new systems but oversight of the contracts and tunnels was weak."),
    ("Recommendations", "GAO recommends that the agency improve oversight of solar projects."),
]


def source(key: str, paras: list[tuple[str, str]], lang: str, origin: str = "shipped") -> SourceFile:
    meta = ReportMeta(report_id=key, title=f"Report {key}", language=lang, origin=origin)  # type: ignore[arg-type]
    chunks = tuple(
        Chunk(f"{key}#{i:04d}", key, meta.title, sec, text, lang, i)  # type: ignore[arg-type]
        for i, (sec, text) in enumerate(paras)
    )
    return SourceFile(f"/k/{key}.md", text_hash(str(paras)), origin, (meta,), chunks)


class BilingualConcepts(FingerprintedEmbeddings):
    """A tiny real bilingual embedding for tests: words of both languages map to shared concepts."""

    CONCEPTS = {  # noqa: RUF012
        "greenhouse": ("温室", "greenhouse"),
        "tunnel": ("大棚", "tunnel"),
        "park": ("园区", "park"),
        "private": ("民营", "private"),
        "revenue": ("收入", "revenue"),
        "school": ("小学", "school"),
        "training": ("研修", "training"),
        "oversight": ("监督", "oversight"),
    }
    fingerprint = "test-bilingual-concepts"
    dim = len(CONCEPTS) + 1

    def _embed(self, text: str) -> list[float]:
        low = text.lower()
        v = [float(any(w in low for w in words)) for words in self.CONCEPTS.values()] + [0.1]
        n = math.sqrt(sum(x * x for x in v))
        return [x / n for x in v]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._embed(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._embed(text)


def build(settings: Any, emb: FingerprintedEmbeddings, *, dense: bool = True) -> Retriever:
    idx = KnowledgeIndex(settings, emb)
    idx.apply([source("a", ZH_A, "zh"), source("b", ZH_B, "zh"), source("c", EN_C, "en")])
    if dense:
        idx.build_dense()
    return Retriever(idx, emb, settings)


def test_hybrid_finds_the_paragraph_with_section_and_metadata(settings: Any) -> None:
    r = build(settings, HashEmbeddings())
    hits = r.search("新建日光温室31栋，塑料大棚20栋", k=3)
    top = hits[0]
    assert top.chunk.chunk_id == "a#0000"
    assert top.chunk.section == "二、调整产业结构 > 2、产业园区不断拓展"
    assert top.dense_rank == 1 and top.lexical_rank == 1
    assert 1 / (RRF_K + 1) < top.score <= 2 / (RRF_K + 1)
    data = hit_json(top)
    assert {"text", "report", "section", "language", "score"} <= data.keys()
    assert data["report"] == "Report a" and data["language"] == "zh" and data["origin"] == "shipped"
    assert "产业园区不断拓展" in format_hits(hits)


def test_rrf_fuses_ranks(settings: Any) -> None:
    r = build(settings, HashEmbeddings())
    hybrid = r.search("民营经济收入31亿元", k=5)
    dense = r.search("民营经济收入31亿元", k=5, mode="dense")
    lexical = r.search("民营经济收入31亿元", k=5, mode="lexical")
    assert hybrid[0].chunk.chunk_id == "a#0001"
    lex = r.lexical("民营经济收入31亿元", 50, r._mask(None, None, None), "zh")
    weights = {r.index.catalog.chunks[p].chunk_id: w for p, w in zip(lex.positions, lex.weights, strict=True)}
    best = max(lex.weights)
    for h in hybrid:
        expected = 0.0
        if h.dense_rank:
            # a chunk in another language than the query gets an imputed lexical term
            expected += (1 if h.chunk.language == "zh" else 1 + best) / (RRF_K + h.dense_rank)
        if h.lexical_rank:
            expected += weights[h.chunk.chunk_id] / (RRF_K + h.lexical_rank)
        assert h.score == pytest.approx(expected)
    assert all(h.lexical_rank is None for h in dense)
    assert all(h.dense_rank is None for h in lexical)
    assert [h.score for h in hybrid] == sorted((h.score for h in hybrid), reverse=True)


@pytest.mark.parametrize(
    ("kwargs", "allowed"),
    [
        ({"language": "en"}, {"c"}),
        ({"language": "zh"}, {"a", "b"}),
        ({"report_ids": ["b"]}, {"b"}),
        ({"exclude_report_ids": ["a"]}, {"b", "c"}),
        ({"language": "zh", "exclude_report_ids": ["a"]}, {"b"}),
    ],
)
def test_filters(settings: Any, kwargs: dict[str, Any], allowed: set[str]) -> None:
    r = build(settings, HashEmbeddings())
    for query in ("日光温室31栋", "oversight of solar projects", "研修 听课"):
        hits = r.search(query, k=10, **kwargs)
        assert {h.chunk.report_id for h in hits} <= allowed


def test_cross_language_query_is_not_dragged_down_by_lexical(settings: Any) -> None:
    """An English note whose source is Chinese: English chunks sharing words must not win on BM25."""
    r = build(settings, BilingualConcepts())
    query = "Built 31 solar greenhouses and 20 plastic tunnels in the new vegetable park"
    # plain BM25 only sees the English report (shared words: built, solar, tunnels)
    lexical = r.search(query, k=3, mode="lexical")
    assert lexical and all(h.chunk.report_id == "c" for h in lexical)
    hits = r.search(query, k=3)
    assert hits[0].chunk.chunk_id == "a#0000"
    assert hits[0].lexical_rank == 1  # matched across languages by its figures 31 and 20 alone
    for h in hits[1:]:
        assert h.score < hits[0].score
    # without figures there is no lexical evidence across languages, and still no drag-down
    plain = r.search("Built solar greenhouses and plastic tunnels in the new vegetable park", k=3)
    assert plain[0].chunk.chunk_id == "a#0000" and plain[0].lexical_rank is None


def test_weak_lexical_matches_get_small_weights(settings: Any) -> None:
    r = build(settings, HashEmbeddings(), dense=False)
    cat = r.index.catalog
    strong = r.lexical("oversight of the contracts and tunnels was weak", 10, r._mask(None, None, None), "en")
    weak = r.lexical("the agency hired seven engineers for a bridge", 10, r._mask(None, None, None), "en")
    assert strong.weights[0] == pytest.approx(1.0)
    assert cat.chunks[strong.positions[0]].chunk_id == "c#0000"
    assert weak.positions and max(weak.weights) < 0.3


def test_lexical_only_before_dense_and_prefer_origin(settings: Any) -> None:
    emb = HashEmbeddings()
    idx = KnowledgeIndex(settings, emb)
    idx.apply([source("a", ZH_A, "zh")])
    idx.apply([source("u", [("一、", "今年新建日光温室40栋，塑料大棚12栋。")], "zh", origin="user")], origin="user", mirror=False)
    r = Retriever(idx, emb, settings)
    hits = r.search("日光温室 塑料大棚", k=2)
    assert hits and all(h.dense_rank is None for h in hits)
    preferred = r.search("日光温室 塑料大棚", k=2, prefer_origin="user")
    assert preferred[0].chunk.report_id == "u"
    assert preferred[0].chunk.extra["origin"] == "user"
    idx.build_dense()
    for origin in ("user", "shipped"):
        only = r.search("日光温室 塑料大棚", k=5, origins=[origin])
        assert only and {h.chunk.extra["origin"] for h in only} == {origin}


def test_empty_query_and_empty_index(settings: Any) -> None:
    emb = HashEmbeddings()
    r = Retriever(KnowledgeIndex(settings, emb), emb, settings)
    assert r.search("日光温室") == []
    assert build(settings, emb).search("   ") == []


def test_default_k_from_settings(settings: Any) -> None:
    r = build(settings.model_copy(update={"top_k": 2}), HashEmbeddings())
    assert len(r.search("日光温室 民营经济 小学 研修")) == 2


def test_open_retriever_builds_the_lexical_index_once(settings: Any, tmp_path: Any) -> None:
    from assistant.retrieve import open_retriever

    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "a.md").write_text("---\ntitle: 甲镇总结\nlanguage: zh\n---\n一、产业\n\n新建日光温室31栋。\n", encoding="utf-8")
    s = settings.model_copy(update={"knowledge_dirs": [kb]})
    r = open_retriever(s)
    assert r.index.exists and r.search("日光温室")[0].chunk.report_title == "甲镇总结"
    gen = r.index.files()
    assert open_retriever(s).index.files() == gen


def test_query_set_targets_exist_in_the_seed_reports(settings: Any) -> None:
    """Every benchmark query names a paragraph that exists once in its seed report."""
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    seed = root / "knowledge" / "seed"
    if not any(seed.glob("*.md")):
        pytest.skip("knowledge/seed/ is empty")
    idx = KnowledgeIndex(settings, HashEmbeddings())
    idx.update([seed])
    queries = [json.loads(x) for x in (root / "tests/data/retrieval_queries.jsonl").read_text("utf-8").splitlines() if x]
    assert len(queries) >= 50
    assert {q["group"] for q in queries} == {"zh_figures", "zh_paraphrase", "en_to_zh"}
    for q in queries:
        found = [c for c in idx.catalog.chunks if c.report_id.endswith(q["report"]) and q["expect"] in c.text]
        assert len(found) == 1, q
    # the acceptance query, lexical side alone (no vectors yet), already ranks it first
    hits = Retriever(idx, HashEmbeddings(), settings).search("新建日光温室31栋，塑料大棚20栋", k=3)
    assert "日光温室31栋" in hits[0].chunk.text and "产业园区不断拓展" in hits[0].chunk.section


def test_query_vectors_are_cached(settings: Any) -> None:
    class Counting(HashEmbeddings):
        calls = 0

        def embed_query(self, text: str) -> list[float]:
            type(self).calls += 1
            return super().embed_query(text)

    emb = Counting()
    idx = KnowledgeIndex(settings, emb)
    idx.apply([source("a", ZH_A, "zh")])
    idx.build_dense()
    r = Retriever(idx, emb, settings)
    first = r.search("日光温室31栋", k=2)
    assert r.search("日光温室31栋", k=2) == first
    assert Counting.calls == 1
    r.clear_query_cache()
    r.search("日光温室31栋", k=2)
    assert Counting.calls == 2
