"""The knowledge index on a real Chroma server (``chroma run``): two KnowledgeIndex instances with
their own data folders (two app replicas) share vectors and the lexical catalog through the server."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chroma_server import ChromaServer
from test_index import make_source

from assistant.chroma_remote import CATALOG_COLLECTION, StaleCatalog
from assistant.embeddings import HashEmbeddings
from assistant.errors import KnowledgeIndexError
from assistant.index import KnowledgeIndex
from assistant.retrieve import Retriever
from assistant.settings import Settings


@pytest.fixture(scope="module")
def chroma() -> Iterator[ChromaServer]:
    server = ChromaServer().start()  # no skip: a server that cannot start fails the tests with the reason
    yield server
    server.stop()


@pytest.fixture
def replicas(chroma: ChromaServer, tmp_path: Path) -> Iterator[tuple[Any, Any]]:
    """Settings of two replicas: separate data folders, one Chroma server (emptied first)."""
    import chromadb

    client = chromadb.HttpClient(host="127.0.0.1", port=chroma.port)
    for col in client.list_collections():
        client.delete_collection(col.name)
    made = tuple(
        Settings(_env_file=None, data_dir=tmp_path / name, embedding="hash", provider="offline",  # type: ignore[call-arg]
                 knowledge_dirs=[], chroma_url=chroma.url)
        for name in ("replica-a", "replica-b")
    )
    yield made


def _hits(index: KnowledgeIndex, settings: Any, query: str, k: int = 3) -> list[tuple[str, int | None]]:
    return [(h.chunk.chunk_id, h.dense_rank) for h in Retriever(index, HashEmbeddings(), settings).search(query, k=k)]


def test_second_replica_sees_what_the_first_indexed(replicas: tuple[Any, Any]) -> None:
    sa, sb = replicas
    a = KnowledgeIndex(sa, HashEmbeddings())
    b = KnowledgeIndex(sb, HashEmbeddings())  # opened before anything was indexed
    assert not a.exists and not b.exists
    a.apply([make_source("a"), make_source("b"), make_source("c")])
    a.build_dense()
    query = "日光温室31栋"
    first = _hits(a, sa, query)
    assert first[0] == ("r-a-000", 1)  # found lexically and densely, on the server
    assert _hits(b, sb, query) == first  # replica b reloads the shared catalog on its search
    assert b.dense_status().complete and b.catalog.tokens == a.catalog.tokens
    # nothing of the catalog was written to the replicas' own folders
    assert not list(sa.index_dir.glob("lexical-*.json")) and not (sa.index_dir / "manifest.json").exists()
    assert not (sa.resolved_chroma_dir).exists()
    # a third replica starting now opens the same index
    c = KnowledgeIndex(sb, HashEmbeddings())
    assert _hits(c, sb, query) == first

    # an upload on b and a deletion on a are seen by the other replica
    b.apply([make_source("b", [("一、研修", "学员完成论文1篇，研修成果汇编2册。")], origin="user")], origin="user",
            mirror=False)
    b.build_dense()
    assert _hits(a, sa, "研修成果汇编")[0][0] == "r-b-000"
    a.remove_reports(["r-c"])
    b.refresh()
    assert {m.report_id for m in b.reports()} == {"r-a", "r-b"}
    assert not any(cid.startswith("r-c") for cid, _ in _hits(b, sb, "GAO contract oversight agency", k=5))


def test_a_commit_based_on_an_old_catalog_is_recomputed(replicas: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """b commits while a's update is in flight: a's update is redone on top of b's, nothing is lost."""
    sa, sb = replicas
    a = KnowledgeIndex(sa, HashEmbeddings())
    b = KnowledgeIndex(sb, HashEmbeddings())
    a.apply([make_source("a")])
    b.refresh()
    catalog = a._remote_catalog()
    real_publish = catalog.publish
    raced = threading.Event()

    def publish_after_b(manifest: dict[str, Any], data: dict[str, Any], expect: Any) -> Any:
        if not raced.is_set():
            raced.set()
            b.apply([make_source("b", origin="user")], origin="user", mirror=False)  # b wins the race
        return real_publish(manifest, data, expect)

    monkeypatch.setattr(catalog, "publish", publish_after_b)
    a.apply([make_source("c", origin="user")], origin="user", mirror=False)
    assert raced.is_set()
    b.refresh()
    for idx in (a, b):
        assert {m.report_id for m in idx.reports()} == {"r-a", "r-b", "r-c"}


def test_stale_publish_is_refused_and_leaves_no_parts(replicas: tuple[Any, Any]) -> None:
    sa, _ = replicas
    a = KnowledgeIndex(sa, HashEmbeddings())
    a.apply([make_source("a")])
    catalog = a._remote_catalog()
    token = catalog.token()
    assert token is not None
    manifest = {**a._manifest, "generation": token[0] + 1}
    with pytest.raises(StaleCatalog):
        catalog.publish(manifest, {"chunks": [], "reports": {}}, expect=(token[0] - 1, "old"))
    col = a._client_handle().get_collection(CATALOG_COLLECTION)
    kinds = [m["kind"] for m in col.get(include=["metadatas"])["metadatas"]]
    assert sorted(kinds) == ["head", "part"]  # only the committed generation's one part
    assert catalog.token() == token


def test_unreachable_server_is_a_clear_error(tmp_path: Path) -> None:
    s = Settings(_env_file=None, data_dir=tmp_path, embedding="hash", knowledge_dirs=[],  # type: ignore[call-arg]
                 chroma_url="http://127.0.0.1:9")
    with pytest.raises(KnowledgeIndexError, match="cannot be reached"):
        KnowledgeIndex(s, HashEmbeddings())
    bad = Settings(_env_file=None, data_dir=tmp_path, embedding="hash", knowledge_dirs=[],  # type: ignore[call-arg]
                   chroma_url="ftp://x")
    with pytest.raises(KnowledgeIndexError, match="http://host:8000"):
        KnowledgeIndex(bad, HashEmbeddings())


def test_vectors_built_by_one_replica_are_used_by_the_other_at_once(replicas: tuple[Any, Any]) -> None:
    sa, sb = replicas
    a = KnowledgeIndex(sa, HashEmbeddings())
    b = KnowledgeIndex(sb, HashEmbeddings())
    a.apply([make_source("a"), make_source("b")])
    b.refresh()
    assert b.embedded_ids() == set()  # b looked before any vector existed
    assert all(rank is None for _, rank in _hits(b, sb, "日光温室31栋"))  # lexical only, already shared
    a.build_dense()
    assert _hits(b, sb, "日光温室31栋")[0] == ("r-a-000", 1)  # dense too, without waiting
    assert b.dense_status().complete


def test_a_crash_before_the_head_switch_leaves_the_old_catalog(replicas: tuple[Any, Any],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    sa, sb = replicas
    a = KnowledgeIndex(sa, HashEmbeddings())
    a.apply([make_source("a")])
    catalog = a._remote_catalog()
    before = catalog.token()
    assert before is not None

    class CrashBeforeHead:
        def __init__(self, col: Any) -> None:
            self._col = col

        def __getattr__(self, name: str) -> Any:
            return getattr(self._col, name)

        def upsert(self, ids: list[str], **kwargs: Any) -> Any:
            if ids == ["head"]:
                raise OSError("simulated crash after the parts were written")
            return self._col.upsert(ids=ids, **kwargs)

    monkeypatch.setattr(catalog, "_col", CrashBeforeHead(catalog._col))
    with pytest.raises(OSError):
        a.apply([make_source("a"), make_source("b")])
    monkeypatch.undo()
    b = KnowledgeIndex(sb, HashEmbeddings())  # a replica (re)starting now sees the old state, whole
    assert {m.report_id for m in b.reports()} == {"r-a"} and b._remote_catalog().token() == before
    b.apply([make_source("a"), make_source("c")])  # the next commits work and prune the orphans
    b.apply([make_source("a"), make_source("c"), make_source("b")])
    col = b._client_handle().get_collection(CATALOG_COLLECTION)
    parts = [m for m in col.get(include=["metadatas"])["metadatas"] if m["kind"] == "part"]
    token = b._remote_catalog().token()
    assert token is not None and {(m["generation"], m["sha"]) for m in parts} == {token}
    assert {m.report_id for m in a.reports()} == {"r-a"} and a.refresh()
    assert {m.report_id for m in a.reports()} == {"r-a", "r-b", "r-c"}
