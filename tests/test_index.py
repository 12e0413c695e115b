"""Knowledge index: incremental updates, atomic commits, crash recovery, dense build, uploads."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest

import assistant.index as index_mod
from assistant.documents import Chunk, ReportMeta
from assistant.embeddings import HashEmbeddings
from assistant.errors import KnowledgeIndexError
from assistant.index import KnowledgeIndex, SourceFile, text_hash
from assistant.retrieve import Retriever

PARAS = {
    "a": [
        ("一、产业结构 > 2、产业园区不断拓展", "投资1146万元，建设了七台新菜田园区，日光温室31栋、塑料大棚20栋。"),
        ("一、产业结构 > 3、农业产业化", "完成农机保护性耕作4200亩，秋季深松整地30000亩。"),
    ],
    "b": [
        ("一、研修 > 1、跟岗研修", "跟岗研修的学员必须听课不少于20节，阅读3本书。"),
    ],
    "c": [
        ("Findings", "GAO found weaknesses in contract oversight at the agency."),
    ],
}


def make_source(key: str, paras: list[tuple[str, str]] | None = None, *, origin: str = "shipped") -> SourceFile:
    paras = PARAS[key] if paras is None else paras
    lang = "en" if all(ord(ch) < 128 for _, t in paras for ch in t) else "zh"
    meta = ReportMeta(report_id=f"r-{key}", title=f"报告{key}", language=lang, path=f"/k/{key}.txt", origin=origin)
    chunks = tuple(
        Chunk(f"r-{key}-{i:03d}", meta.report_id, meta.title, sec, text, lang, i) for i, (sec, text) in enumerate(paras)
    )
    digest = text_hash(repr(paras))
    return SourceFile(f"/k/{key}.txt", digest, origin, (meta,), chunks)


class CountingEmbeddings(HashEmbeddings):
    """Hash embeddings that count the texts they embed and can fail after a number of batches."""

    def __init__(self, fail_after_batches: int | None = None) -> None:
        super().__init__()
        self.embedded: list[str] = []
        self.batches = 0
        self.fail_after_batches = fail_after_batches

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if self.fail_after_batches is not None and self.batches >= self.fail_after_batches:
            raise RuntimeError("simulated crash while embedding")
        self.batches += 1
        self.embedded.extend(texts)
        return super().embed_documents(texts)


def texts(index: KnowledgeIndex) -> set[str]:
    return {c.text for c in index.catalog.chunks}


def test_needs_an_embedding(settings: Any) -> None:
    with pytest.raises(KnowledgeIndexError):
        KnowledgeIndex(settings, None)  # type: ignore[arg-type]


def test_incremental_skip_modify_remove(settings: Any) -> None:
    idx = KnowledgeIndex(settings, HashEmbeddings())
    assert not idx.exists
    r1 = idx.apply([make_source("a"), make_source("b")])
    assert sorted(r1.added) == ["/k/a.txt", "/k/b.txt"] and r1.chunks == 3
    manifest = settings.index_dir / "manifest.json"
    gen1 = json.loads(manifest.read_text())["generation"]

    # unchanged files are skipped: nothing is rewritten
    r2 = idx.apply([make_source("a"), make_source("b")])
    assert sorted(r2.unchanged) == ["/k/a.txt", "/k/b.txt"] and not r2.added and not r2.changed
    assert json.loads(manifest.read_text())["generation"] == gen1

    # a modified file is re-chunked and replaced
    new_b = [("一、研修 > 1、跟岗研修", "学员听课不少于30节，完成论文1篇。")]
    r3 = idx.apply([make_source("a"), make_source("b", new_b)])
    assert r3.changed == ["/k/b.txt"] and r3.unchanged == ["/k/a.txt"]
    assert "学员听课不少于30节，完成论文1篇。" in texts(idx)
    assert "跟岗研修的学员必须听课不少于20节，阅读3本书。" not in texts(idx)

    # a removed file leaves the index
    r4 = idx.apply([make_source("a")])
    assert r4.removed == ["/k/b.txt"]
    assert {c.report_id for c in idx.catalog.chunks} == {"r-a"}
    files = json.loads(manifest.read_text())["files"]
    assert list(files) == ["/k/a.txt"]
    assert files["/k/a.txt"]["chunk_ids"] == ["r-a-000", "r-a-001"]
    assert files["/k/a.txt"]["report_ids"] == ["r-a"]
    # only the current lexical file is left on disk
    assert [p.name for p in settings.index_dir.glob("lexical-*.json")] == [json.loads(manifest.read_text())["lexical_file"]]


def test_persisted_index_reopens_with_tokens(settings: Any) -> None:
    idx = KnowledgeIndex(settings, HashEmbeddings())
    idx.apply([make_source("a"), make_source("c")])
    idx.build_dense()
    again = KnowledgeIndex(settings, HashEmbeddings())
    assert again.exists
    assert texts(again) == texts(idx)
    assert again.catalog.tokens == idx.catalog.tokens
    assert "日光温室" in again.catalog.tokens[0]
    status = again.dense_status()
    assert (status.done, status.total) == (3, 3)


def test_crash_while_committing_keeps_the_old_index(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    idx = KnowledgeIndex(settings, HashEmbeddings())
    idx.apply([make_source("a"), make_source("b")])
    idx.build_dense()
    real_write = index_mod.write_json_atomic

    def crash_on_manifest(path: Path, data: object) -> None:
        if path.name == "manifest.json":
            raise OSError("simulated crash before the manifest switch")
        real_write(path, data)

    monkeypatch.setattr(index_mod, "write_json_atomic", crash_on_manifest)
    with pytest.raises(OSError):
        idx.apply([make_source("a"), make_source("b", [("x", "完全不同的新内容，温室大棚100栋。")])])
    monkeypatch.setattr(index_mod, "write_json_atomic", real_write)

    reopened = KnowledgeIndex(settings, HashEmbeddings())
    assert "跟岗研修的学员必须听课不少于20节，阅读3本书。" in texts(reopened)
    assert "完全不同的新内容，温室大棚100栋。" not in texts(reopened)
    # the manifest still names the previous generation; the half-written next one is replaced by
    # the next commit (newer files are never deleted on open: another process may be committing)
    manifest = json.loads((settings.index_dir / "manifest.json").read_text())
    assert manifest["generation"] == 1
    hits = Retriever(reopened, HashEmbeddings(), settings).search("日光温室31栋", k=1)
    assert hits[0].chunk.chunk_id == "r-a-000"
    reopened.apply([make_source("a")])
    assert [p.name for p in settings.index_dir.glob("lexical-*.json")] == ["lexical-000002.json"]


def test_crash_while_chunking_keeps_the_old_index(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    idx = KnowledgeIndex(settings, HashEmbeddings())
    idx.apply([make_source("a")])
    calls = {"n": 0}
    real = idx.tokenizer.tokenize

    def flaky(text: str) -> list[str]:
        calls["n"] += 1
        if calls["n"] > 1:
            raise RuntimeError("simulated crash midway")
        return real(text)

    monkeypatch.setattr(idx.tokenizer, "tokenize", flaky)
    with pytest.raises(RuntimeError):
        idx.apply([make_source("a"), make_source("b"), make_source("c")])
    # the in-memory index and the one on disk are both the previous one
    assert {c.report_id for c in idx.catalog.chunks} == {"r-a"}
    assert {c.report_id for c in KnowledgeIndex(settings, HashEmbeddings()).catalog.chunks} == {"r-a"}


def test_crash_during_dense_build_resumes_without_reembedding(settings: Any) -> None:
    emb = CountingEmbeddings(fail_after_batches=1)
    idx = KnowledgeIndex(settings, emb)
    many = [(f"节{i}", f"第{i}段：新建日光温室{i}栋。") for i in range(10)]
    idx.apply([make_source("a", many)])
    with pytest.raises(RuntimeError):
        idx.build_dense(batch_size=4)
    assert idx.dense_status().done == 4
    # a fresh process resumes: only the missing chunks are embedded
    emb2 = CountingEmbeddings()
    idx2 = KnowledgeIndex(settings, emb2)
    status = idx2.build_dense(batch_size=4)
    assert (status.done, status.total) == (10, 10)
    assert len(emb2.embedded) == 6


def test_changed_text_replaces_vectors_and_cache_avoids_reembedding(settings: Any) -> None:
    emb = CountingEmbeddings()
    idx = KnowledgeIndex(settings, emb)
    idx.apply([make_source("a"), make_source("b")])
    idx.build_dense()
    assert len(emb.embedded) == 3
    old_ids = set(idx.embedded_ids())

    new_b = [("一、研修 > 1、跟岗研修", "学员听课不少于30节。")]
    idx.apply([make_source("a"), make_source("b", new_b)])
    idx.build_dense()
    assert len(emb.embedded) == 4  # only the changed paragraph
    stored = idx._stored_ids()
    assert stored == set(idx.catalog.vids)
    assert len(old_ids - stored) == 1  # the stale vector was deleted

    # back to the old text: the vector comes from the cache, nothing is embedded
    idx.apply([make_source("a"), make_source("b")])
    idx.build_dense()
    assert len(emb.embedded) == 4
    assert idx._stored_ids() == set(idx.catalog.vids)


def test_changed_section_path_is_re_embedded(settings: Any) -> None:
    emb = CountingEmbeddings()
    idx = KnowledgeIndex(settings, emb)
    idx.apply([make_source("b")])
    idx.build_dense()
    moved = [("二、培训 > 1、跟岗研修", PARAS["b"][0][1])]  # same text, new section path
    idx.apply([make_source("b", moved)])
    idx.build_dense()
    assert emb.embedded == [
        "一、研修 > 1、跟岗研修\n跟岗研修的学员必须听课不少于20节，阅读3本书。",
        "二、培训 > 1、跟岗研修\n跟岗研修的学员必须听课不少于20节，阅读3本书。",
    ]
    assert "培训" in idx.catalog.tokens[0]


def test_reconcile_removes_vectors_the_manifest_does_not_name(settings: Any) -> None:
    idx = KnowledgeIndex(settings, HashEmbeddings())
    idx.apply([make_source("a")])
    idx.build_dense()
    idx.collection().upsert(ids=["ghost@0000"], embeddings=[HashEmbeddings().embed_query("ghost")])
    again = KnowledgeIndex(settings, HashEmbeddings())
    assert again.reconcile() == 1
    assert again._stored_ids() == set(again.catalog.vids)


def test_background_dense_build_reports_progress(settings: Any) -> None:
    idx = KnowledgeIndex(settings, HashEmbeddings())
    idx.apply([make_source("a", [(f"节{i}", f"段落{i}：温室{i}栋") for i in range(20)])])
    seen: list[tuple[int, int]] = []
    thread = idx.start_dense_build(lambda done, total: seen.append((done, total)))
    thread.join(30)
    assert not thread.is_alive()
    assert seen[0] == (0, 20) and seen[-1] == (20, 20)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    status = idx.dense_status()
    assert status.complete and not status.running and status.error is None


def test_search_uses_only_embedded_chunks_while_building(settings: Any) -> None:
    idx = KnowledgeIndex(settings, HashEmbeddings())
    idx.apply([make_source("a"), make_source("b")])
    r = Retriever(idx, HashEmbeddings(), settings)
    hits = r.search("日光温室31栋", k=2)
    assert hits and all(h.dense_rank is None for h in hits)  # lexical only, at once
    stop = threading.Event()
    idx.build_dense(stop=stop)
    hits = r.search("日光温室31栋", k=2)
    assert hits[0].dense_rank == 1 and hits[0].lexical_rank == 1


def test_user_reports_are_kept_apart_and_deletable(settings: Any) -> None:
    idx = KnowledgeIndex(settings, HashEmbeddings())
    idx.apply([make_source("a")])
    user = make_source("b", origin="user")
    idx.apply([user], origin="user", mirror=False)
    assert {m.report_id for m in idx.reports(origin="user")} == {"r-b"}
    assert {m.report_id for m in idx.reports(origin="shipped")} == {"r-a"}
    # re-syncing the shipped knowledge base does not remove the user's upload
    r = idx.apply([make_source("a")])
    assert not r.removed
    idx.build_dense()
    hits = Retriever(idx, HashEmbeddings(), settings).search("跟岗研修 听课", k=3)
    assert hits[0].chunk.report_id == "r-b" and hits[0].chunk.extra["origin"] == "user"

    assert idx.remove_reports(["r-b"]) == 1
    assert {m.report_id for m in idx.reports()} == {"r-a"}
    assert "/k/b.txt" not in idx.files()
    assert idx._stored_ids() == set(idx.catalog.vids)
    assert {m.report_id for m in KnowledgeIndex(settings, HashEmbeddings()).reports()} == {"r-a"}


def test_failed_file_leaves_and_the_rest_is_indexed(settings: Any) -> None:
    idx = KnowledgeIndex(settings, HashEmbeddings())
    idx.apply([make_source("a"), make_source("b")])
    r = idx.apply([make_source("a")], failed=["/k/b.txt"], mirror=False)
    assert r.removed == ["/k/b.txt"] and r.unchanged == ["/k/a.txt"]


def test_chroma_never_gets_a_default_embedding_function(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from chromadb.utils.embedding_functions import DefaultEmbeddingFunction

    def forbidden(self: Any, input: Any) -> Any:
        raise AssertionError("Chroma's default embedding function was used")

    monkeypatch.setattr(DefaultEmbeddingFunction, "__call__", forbidden)
    idx = KnowledgeIndex(settings, HashEmbeddings())
    idx.apply([make_source("a"), make_source("c")])
    idx.build_dense()
    assert Retriever(idx, HashEmbeddings(), settings).search("contract oversight", k=1)
    col = idx.collection()
    assert col.configuration_json["embedding_function"] in (None, {"type": "legacy"})
    assert col.configuration_json["hnsw"]["space"] == "cosine"
    # a text without our vector cannot get in: Chroma refuses instead of embedding it itself
    with pytest.raises(ValueError, match="embedding function"):
        col.add(ids=["x"], documents=["some text"])
    # and every collection in the store was made by us, with an explicit vector space
    for c in idx._client.list_collections():
        assert c.metadata["fingerprint"] == "hash-ngram-v1-384"


def test_two_processes_sharing_a_data_dir(settings: Any) -> None:
    """Two index objects on one folder (the UI and a CLI run): each sees the other's commits."""
    ui = KnowledgeIndex(settings, HashEmbeddings())
    cli = KnowledgeIndex(settings, HashEmbeddings())
    cli.apply([make_source("a")])
    cli.build_dense()
    # the UI's retriever picks the new index up at its next search
    hits = Retriever(ui, HashEmbeddings(), settings).search("日光温室31栋", k=1)
    assert hits and hits[0].chunk.report_id == "r-a" and hits[0].dense_rank == 1
    # an upload through the UI builds on the CLI's commit instead of overwriting it
    ui.apply([make_source("b", origin="user")], origin="user", mirror=False)
    ui.build_dense()
    assert {m.report_id for m in ui.reports()} == {"r-a", "r-b"}
    # the CLI, which never saw the upload, re-syncs the shipped files: the upload stays, and its
    # vectors are not deleted as "stale"
    cli.apply([make_source("a"), make_source("c")])
    cli.build_dense()
    assert {m.report_id for m in cli.reports()} == {"r-a", "r-b", "r-c"}
    assert cli._stored_ids() == set(cli.catalog.vids)
    assert ui.refresh() and len(ui.catalog) == len(cli.catalog)
