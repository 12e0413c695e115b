"""Two app replicas committing the shared lexical catalog at the same instant (issue 13), against a
real ``chroma run`` server and a real PostgreSQL cluster.

The race is forced, not hoped for: each replica's first head switch of a round waits at a barrier,
so both have computed their update on the same head and try to switch it at the same moment. With
the head in the database (``DATABASE_URL``) the switch is a compare-and-swap under the row lock:
exactly one wins, the other recomputes on the winner's catalog, and no upload is lost. The same
barrier in front of the Chroma-only head switch (no database) loses one of the two uploads — the
control that shows the harness really produces the race the database head closes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from chroma_server import ChromaServer
from pg_server import PostgresServer
from test_index import make_source

from assistant.chroma_remote import CATALOG_COLLECTION, HEAD
from assistant.embeddings import HashEmbeddings
from assistant.errors import KnowledgeIndexError
from assistant.index import KnowledgeIndex
from assistant.settings import Settings

WAIT = 120  # seconds a barrier waits for the other replica (event-based; only a hang reaches it)


@pytest.fixture(scope="module")
def chroma() -> Iterator[ChromaServer]:
    server = ChromaServer().start()  # no skip: a server that cannot start fails with the reason
    yield server
    server.stop()


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresServer]:
    server = PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture
def fresh_chroma(chroma: ChromaServer) -> ChromaServer:
    import chromadb

    client = chromadb.HttpClient(host="127.0.0.1", port=chroma.port)
    for col in client.list_collections():
        client.delete_collection(col.name)
    return chroma


def _replica(tmp_path: Path, name: str, chroma: ChromaServer, database_url: str = "") -> KnowledgeIndex:
    settings = Settings(_env_file=None, data_dir=tmp_path / name, embedding="hash", provider="offline",  # type: ignore[call-arg]
                        knowledge_dirs=[], chroma_url=chroma.url, database_url=database_url)
    return KnowledgeIndex(settings, HashEmbeddings())


def _upload(key: str) -> Any:
    return make_source(key, [("一、工作", f"{key}号上传：完成项目{len(key)}个，投资3.{len(key)}亿元。")], origin="user")


def _at_the_same_instant(indexes: list[KnowledgeIndex], rounds: int,
                         hook: Callable[[KnowledgeIndex, Callable[[], None]], None]) -> dict[str, list[str]]:
    """Each replica uploads ``rounds`` reports, one per round; ``hook`` installs ``meet`` where the
    replica switches the head, and ``meet`` holds the first switch of every round at a barrier."""
    barriers = [threading.Barrier(len(indexes), timeout=WAIT) for _ in range(rounds)]
    uploaded: dict[str, list[str]] = {}
    errors: list[BaseException] = []

    def replica(n: int, index: KnowledgeIndex) -> None:
        state = {"round": -1, "met": -1}

        def meet() -> None:
            if state["met"] < state["round"]:  # the round's first attempt; a recomputed one goes straight on
                state["met"] = state["round"]
                barriers[state["round"]].wait()

        hook(index, meet)
        uploaded[f"replica-{n}"] = []
        try:
            for r in range(rounds):
                state["round"] = r
                key = f"{'ab'[n]}{r}"
                index.apply([_upload(key)], origin="user", mirror=False)
                uploaded[f"replica-{n}"].append(f"r-{key}")
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
            for b in barriers:
                b.abort()

    threads = [threading.Thread(target=replica, args=(n, idx)) for n, idx in enumerate(indexes)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(WAIT * rounds)
    assert not errors, errors
    assert not any(th.is_alive() for th in threads)
    return uploaded


def test_two_replicas_switching_the_database_head_at_once_lose_no_update(
        tmp_path: Path, fresh_chroma: ChromaServer, postgres: PostgresServer) -> None:
    url = postgres.create_database()
    a, b = (_replica(tmp_path, name, fresh_chroma, url) for name in ("replica-a", "replica-b"))
    outcomes: list[bool] = []
    lock = threading.Lock()

    def hook(index: KnowledgeIndex, meet: Callable[[], None]) -> None:
        head = index._remote_catalog()._sql
        assert head is not None  # the head is the database row
        real = head.swap

        def swap(*args: Any) -> bool:
            meet()
            done = real(*args)
            with lock:
                outcomes.append(done)
            return done

        head.swap = swap  # type: ignore[method-assign]

    rounds = 3
    uploaded = _at_the_same_instant([a, b], rounds, hook)
    # round 0 met on the empty head for certain: one switch refused there, at least
    assert outcomes.count(False) >= 1 and outcomes.count(True) == 2 * rounds
    expected = {rid for ids in uploaded.values() for rid in ids}
    assert len(expected) == 2 * rounds
    third = _replica(tmp_path, "replica-c", fresh_chroma, url)  # a replica starting now
    for index in (a, b, third):
        index.refresh()
        assert {m.report_id for m in index.reports()} == expected
        assert {c.report_id for c in index.catalog.chunks} == expected
    # the refused commits left no parts behind: only the head generation's parts remain
    token = third._remote_catalog().token()
    col = third._client_handle().get_collection(CATALOG_COLLECTION)
    metas = col.get(include=["metadatas"])["metadatas"]
    parts = [m for m in metas if m["kind"] == "part"]
    assert token is not None and parts and {(m["generation"], m["sha"]) for m in parts} == {token}
    assert len({m["nonce"] for m in parts}) == 1
    for index in (a, b, third):
        index.close()


def test_concurrent_uploads_without_a_forced_instant_all_arrive(
        tmp_path: Path, fresh_chroma: ChromaServer, postgres: PostgresServer) -> None:
    """No barrier: two replicas upload as fast as they can; every upload is in the shared catalog."""
    url = postgres.create_database()
    a, b = (_replica(tmp_path, name, fresh_chroma, url) for name in ("replica-a", "replica-b"))
    uploaded = _at_the_same_instant([a, b], 4, lambda index, meet: None)
    expected = {rid for ids in uploaded.values() for rid in ids}
    b.refresh()
    a.refresh()
    assert {m.report_id for m in a.reports()} == {m.report_id for m in b.reports()} == expected
    a.close()
    b.close()


def test_control_the_chroma_only_head_loses_one_of_two_simultaneous_updates(
        tmp_path: Path, fresh_chroma: ChromaServer) -> None:
    """Without the database the head is a Chroma record: no compare-and-swap, so two replicas that
    both passed the check before either switched keep only the later update (the documented limit)."""
    a, b = (_replica(tmp_path, name, fresh_chroma) for name in ("replica-a", "replica-b"))

    def hook(index: KnowledgeIndex, meet: Callable[[], None]) -> None:
        catalog = index._remote_catalog()
        real_col = catalog._col

        class MeetBeforeHead:
            def __getattr__(self, name: str) -> Any:
                return getattr(real_col, name)

            def upsert(self, ids: list[str], **kwargs: Any) -> Any:
                if ids == [HEAD]:
                    meet()
                return real_col.upsert(ids=ids, **kwargs)

        catalog._col = MeetBeforeHead()

    _at_the_same_instant([a, b], 1, hook)
    c = _replica(tmp_path, "replica-c", fresh_chroma)
    assert len({m.report_id for m in c.reports()}) == 1  # one of r-a0 / r-b0 is lost
    for index in (a, b, c):
        index.close()


def test_a_replica_without_the_database_refuses_a_database_headed_index(
        tmp_path: Path, fresh_chroma: ChromaServer, postgres: PostgresServer) -> None:
    url = postgres.create_database()
    a = _replica(tmp_path, "replica-a", fresh_chroma, url)
    a.apply([_upload("a0")], origin="user", mirror=False)
    with pytest.raises(KnowledgeIndexError, match="REPORT_ASSISTANT_DATABASE_URL"):
        _replica(tmp_path, "replica-b", fresh_chroma)
    a.close()


def test_an_index_made_before_the_database_was_configured_is_adopted(
        tmp_path: Path, fresh_chroma: ChromaServer, postgres: PostgresServer) -> None:
    """One replica indexed with its head in Chroma; the replicas then get DATABASE_URL: the catalog
    is kept (the head moves into the database), not rebuilt empty, and commits go on from it."""
    before = _replica(tmp_path, "replica-a", fresh_chroma)
    before.apply([_upload("a0"), _upload("b0")], origin="user", mirror=False)
    before.close()
    url = postgres.create_database()
    a = _replica(tmp_path, "replica-a", fresh_chroma, url)
    assert {m.report_id for m in a.reports()} == {"r-a0", "r-b0"}
    a.apply([_upload("c0")], origin="user", mirror=False)
    b = _replica(tmp_path, "replica-b", fresh_chroma, url)
    assert {m.report_id for m in b.reports()} == {"r-a0", "r-b0", "r-c0"}
    for index in (a, b):
        index.close()
