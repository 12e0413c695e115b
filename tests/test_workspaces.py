"""Workspaces (issue 13): two users on one installation never see, open, pin, delete or retrieve each
other's sessions, versions or example reports; a team library is read by its members only; the audit
log records uploads, deletions and exports per user. Store tests run on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pg_server import PostgresServer

from assistant.embeddings import make_embeddings
from assistant.errors import ConfigError, InputError, StoreError
from assistant.index import KnowledgeIndex
from assistant.knowledge import KnowledgeLibrary, UploadFile
from assistant.knowledge_steering import ExampleChoice, add_choice, steered_search
from assistant.retrieve import Retriever
from assistant.store import _MIGRATIONS, SessionStore
from assistant.store_sql import render_migration
from assistant.workspaces import LOCAL, ExampleScope, folder_name, parse_teams, report_scope, workspace_for

# a distinctive word per user: any response holding another user's marker is a leak
ALICE_TEXT = """AA镇2024年工作总结（内部资料，请勿外传）

一、红杉计划
红杉计划完成投资3.7亿元，新建冷链仓库8座，覆盖农户1200户。

二、2025年工作安排
红杉计划二期力争投资5亿元。
"""
BOB_TEXT = """BB镇2024年工作总结

一、白桦工程
白桦工程改造道路42公里，新增公交线路6条。
"""
SHIPPED = """---
title: 内置范文
issuer: CC县人民政府
level: county
year: 2020
language: zh
source: test
---
一、农业
全县粮食产量稳定，建成高标准农田3万亩。
"""


# --------------------------------------------------------------------------------------------- rules


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("", {}),
        ("planning:alice,bob", {"planning": {"alice", "bob"}}),
        ("planning:alice,bob;audit:carol", {"planning": {"alice", "bob"}, "audit": {"carol"}}),
        (" planning : alice , bob ; planning:dave ;", {"planning": {"alice", "bob", "dave"}}),
        ("empty:", {"empty": set()}),
    ],
)
def test_parse_teams(spec: str, expected: dict[str, set[str]]) -> None:
    assert {k: set(v) for k, v in parse_teams(spec).items()} == expected


@pytest.mark.parametrize("spec", ["planning", "a b:alice", "team:al ice", "x/y:alice"])
def test_parse_teams_refuses_bad_specs(spec: str) -> None:
    with pytest.raises(ConfigError):
        parse_teams(spec)


@pytest.mark.parametrize(
    ("report_id", "origin", "scope"),
    [
        ("cn_county_x", "shipped", ExampleScope("shipped")),
        ("user/report", "user", ExampleScope("private", owner=LOCAL)),
        ("user/alice/report", "user", ExampleScope("private", owner="alice")),
        ("user/alice/report-p02", "user", ExampleScope("private", owner="alice")),
        ("team/planning/bob/report", "user", ExampleScope("team", owner="bob", team="planning")),
        ("team/planning", "user", ExampleScope("private", owner=LOCAL)),
    ],
)
def test_report_scope(report_id: str, origin: str, scope: ExampleScope) -> None:
    assert report_scope(report_id, origin) == scope


@pytest.mark.parametrize(("name", "safe"), [("alice", "alice"), ("bob_2", "bob_2")])
def test_folder_name_keeps_plain_names(name: str, safe: str) -> None:
    assert folder_name(name) == safe


@pytest.mark.parametrize("name", ["../alice", "张三", "a/b", "alice smith", "."])
def test_folder_name_is_one_safe_segment(name: str) -> None:
    safe = folder_name(name)
    assert "/" not in safe and ".." not in safe and safe.replace("-", "").replace("_", "").isalnum()
    assert folder_name(name) != folder_name(name + "x")


def test_workspace_rules() -> None:
    alice = workspace_for("alice", teams_spec="planning:alice,carol", admins="dave")
    bob = workspace_for("bob", teams_spec="planning:alice,carol")
    carol = workspace_for("carol", teams_spec="planning:alice,carol")
    dave = workspace_for("dave", teams_spec="planning:alice,carol,dave", admins="dave")
    local = workspace_for(None)
    team_doc = "team/planning/alice/plan"
    assert alice.can_read("user/alice/x", "user") and not bob.can_read("user/alice/x", "user")
    assert not local.can_read("user/alice/x", "user") and local.can_read("user/x", "user")
    assert not alice.can_read("user/x", "user")  # the single-user library is not an authenticated user's
    assert carol.can_read(team_doc, "user") and not bob.can_read(team_doc, "user")
    assert alice.can_delete(team_doc, "user") and not carol.can_delete(team_doc, "user")
    assert dave.can_delete(team_doc, "user")  # an admin member of the team
    assert all(w.can_read("cn_county_x", "shipped") and not w.can_delete("cn_county_x", "shipped")
               for w in (alice, bob, carol, dave, local))
    assert workspace_for("bob", stored_teams=[("planning", "bob")]).can_read(team_doc, "user")
    with pytest.raises(ConfigError):
        bob.upload_folder("planning")
    assert alice.upload_folder("planning") == "team/planning/alice"
    assert alice.upload_folder() == "user/alice" and local.upload_folder() == "user"


# --------------------------------------------------------------------------------------------- store


@pytest.fixture(scope="module")
def pg_server() -> Iterator[PostgresServer]:
    server = PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SessionStore]:
    if request.param == "sqlite":
        target = str(tmp_path / "sessions.sqlite3")
    else:
        target = request.getfixturevalue("pg_server").create_database()
    s = SessionStore(target, files_dir=tmp_path / "files")
    yield s
    s.close()


def test_store_refuses_ids_of_another_workspace(store: SessionStore) -> None:
    a = store.create_session("alice's", owner="alice")
    b = store.create_session("bob's", owner="bob")
    local = store.create_session("mine")
    assert local.owner == LOCAL and a.owner == "alice"
    va = store.add_version(a.session_id, ALICE_TEXT, cause="first_draft")
    assert [s.session_id for s in store.list_sessions(owner="alice")] == [a.session_id]
    assert [s.session_id for s in store.list_sessions(owner="bob")] == [b.session_id]
    assert {s.session_id for s in store.list_sessions()} == {a.session_id, b.session_id, local.session_id}
    with pytest.raises(StoreError, match="no such session"):
        store.get_session(a.session_id, owner="bob")
    with pytest.raises(StoreError, match="no such session"):
        store.check_owner(a.session_id, "bob")
    with pytest.raises(StoreError, match="no such version"):
        store.get_version(va.version_id, owner="bob")
    with pytest.raises(StoreError, match="no such version"):
        store.get_version(va.version_id, session_id=b.session_id)
    with pytest.raises(StoreError):  # bob cannot restore alice's version into his own session
        store.restore_version(b.session_id, va.version_id)
    with pytest.raises(StoreError, match="no such session"):
        store.delete_session(a.session_id, owner="bob")
    assert store.get_version(va.version_id, owner="alice").text == ALICE_TEXT
    store.delete_session(a.session_id, owner="alice")
    assert store.list_sessions(owner="alice") == []


def test_audit_log_and_team_members(store: SessionStore) -> None:
    store.audit("alice", "upload", "user/alice/plan", {"files": ["plan.docx"]})
    store.audit("bob", "export", "0" * 32, {"version": 2})
    store.audit("alice", "delete_example", "user/alice/plan")
    assert [(e.username, e.action) for e in store.list_audit()] == [
        ("alice", "upload"), ("bob", "export"), ("alice", "delete_example")]
    alice = store.list_audit(username="alice")
    assert [e.target for e in alice] == ["user/alice/plan"] * 2 and alice[0].detail == {"files": ["plan.docx"]}
    with pytest.raises(StoreError, match="unknown audit action"):
        store.audit("alice", "read_everything")
    store.add_team_member("planning", "alice")
    store.add_team_member("planning", "alice")  # idempotent
    store.add_team_member("audit", "carol")
    assert store.list_team_members() == [("audit", "carol"), ("planning", "alice")]
    assert store.remove_team_member("audit", "carol") and not store.remove_team_member("audit", "carol")


def test_migration_moves_the_old_owner_setting_to_the_column(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied TEXT NOT NULL)")
    for statement in render_migration(_MIGRATIONS[0][1], "sqlite"):
        conn.execute(statement)
    conn.execute("INSERT INTO schema_migrations VALUES (1, 'x')")
    conn.execute("INSERT INTO sessions (id, title, created, updated, settings_json) VALUES "
                 "('a', 't', 'x', 'x', '{\"owner\": \"alice\"}'), ('l', 't', 'x', 'x', '{}')")
    conn.commit()
    conn.close()
    with SessionStore(path) as s:
        assert s.get_session("a").owner == "alice" and s.get_session("l").owner == LOCAL


# --------------------------------------------------------------------------------------------- library


@pytest.fixture
def lib(settings: Any, tmp_path: Path) -> Iterator[tuple[KnowledgeLibrary, SessionStore]]:
    shipped = tmp_path / "knowledge"
    shipped.mkdir()
    (shipped / "shipped.md").write_text(SHIPPED, encoding="utf-8")
    settings = settings.model_copy(update={"knowledge_dirs": [shipped], "teams": "planning:alice,carol",
                                           "admins": "dave"})
    index = KnowledgeIndex(settings, make_embeddings(settings))
    store = SessionStore(tmp_path / "s.sqlite3")
    library = KnowledgeLibrary(settings, index, audit=store.audit)
    library.reindex()
    yield library, store
    index.close()
    store.close()


def _upload(lib: KnowledgeLibrary, tmp_path: Path, name: str, text: str, user: str | None,
            team: str | None = None, teams: str = "planning:alice,carol") -> list[str]:
    src = tmp_path / "in" / (user or "local") / name
    src.parent.mkdir(parents=True, exist_ok=True)
    src.write_text(text, encoding="utf-8")
    result = lib.add_files([UploadFile(src, name)], workspace=workspace_for(user, teams_spec=teams), team=team)
    assert result.errors == [], result.errors
    return [r.report_id for r in result.added]


def _texts(hits: list[Any]) -> str:
    return "\n".join(h.chunk.text for h in hits)


@pytest.mark.parametrize("mode", ["hybrid", "lexical", "dense"])
def test_a_users_examples_are_invisible_to_another(lib: tuple[KnowledgeLibrary, SessionStore], tmp_path: Path,
                                                    mode: str) -> None:
    library, _ = lib
    alice, bob = workspace_for("alice"), workspace_for("bob")
    # the same file name in both workspaces: neither replaces the other
    (a_id,) = _upload(library, tmp_path, "总结.txt", ALICE_TEXT, "alice")
    (b_id,) = _upload(library, tmp_path, "总结.txt", BOB_TEXT, "bob")
    assert a_id != b_id and a_id.startswith("user/alice/") and b_id.startswith("user/bob/")
    assert {r.report_id for r in library.list_reports(origin="user", workspace=bob)} == {b_id}
    assert "红杉计划" in library.open_report(a_id, workspace=alice)
    for refused in (lambda: library.open_report(a_id, workspace=bob), lambda: library.get_report(a_id, workspace=bob),
                    lambda: library.delete_report(a_id, workspace=bob)):
        with pytest.raises(InputError, match="No example report"):
            refused()
    assert a_id in library.index.catalog.reports  # bob's attempts changed nothing
    retriever = Retriever(library.index, library.index.embeddings, library.settings)
    library.embed_reports([a_id, b_id])
    query = "红杉计划 投资 冷链仓库 白桦工程 道路 农田"
    mine = retriever.search(query, 10, workspace=bob, mode=mode)
    assert "红杉" not in _texts(mine)
    assert all(h.chunk.report_id != a_id for h in mine)
    if mode != "dense":
        assert "白桦" in _texts(mine)
    assert "红杉" in _texts(retriever.search(query, 10, workspace=alice, mode=mode))
    # the vector store filters server-side too: its own answer for bob holds none of alice's chunks
    found = retriever.dense(query, 50, language=None, report_ids=None, exclude_report_ids=None,
                            private_ids={b_id})
    assert all(library.index.catalog.chunks[p].report_id != a_id for p in found.positions)


def test_a_stored_pin_of_another_workspace_is_ignored(lib: tuple[KnowledgeLibrary, SessionStore],
                                                      tmp_path: Path) -> None:
    library, store = lib
    (a_id,) = _upload(library, tmp_path, "a.txt", ALICE_TEXT, "alice")
    chunk = next(c for c in library.index.catalog.chunks if c.report_id == a_id)
    session = store.create_session(owner="bob")
    add_choice(store, session.session_id, ExampleChoice("pin", a_id, chunk.chunk_id))
    add_choice(store, session.session_id, ExampleChoice("house", a_id))
    retriever = Retriever(library.index, library.index.embeddings, library.settings)
    from assistant.knowledge_steering import load_choices

    hits = steered_search(retriever, "红杉计划 投资", 5, choices=load_choices(store, session.session_id),
                          workspace=workspace_for("bob"))
    assert "红杉" not in _texts(hits)
    assert "红杉" in _texts(steered_search(retriever, "红杉计划 投资", 5, choices=load_choices(store, session.session_id),
                                           workspace=workspace_for("alice")))


def test_team_library_members_read_uploader_or_admin_deletes(lib: tuple[KnowledgeLibrary, SessionStore],
                                                             tmp_path: Path) -> None:
    library, store = lib
    teams = "planning:alice,carol,dave"
    (t_id,) = _upload(library, tmp_path, "plan.txt", ALICE_TEXT, "alice", team="planning", teams=teams)
    alice, bob, carol = (workspace_for(u, teams_spec=teams) for u in ("alice", "bob", "carol"))
    dave = workspace_for("dave", teams_spec=teams, admins="dave")
    assert t_id.startswith("team/planning/alice/")
    assert t_id in {r.report_id for r in library.list_reports(workspace=carol)}
    assert t_id not in {r.report_id for r in library.list_reports(workspace=bob)}
    retriever = Retriever(library.index, library.index.embeddings, library.settings)
    assert "红杉" in _texts(retriever.search("红杉计划 投资", 5, workspace=carol, mode="lexical"))
    assert "红杉" not in _texts(retriever.search("红杉计划 投资", 5, workspace=bob, mode="lexical"))
    with pytest.raises(InputError, match="only they"):
        library.delete_report(t_id, workspace=carol)
    with pytest.raises(InputError, match="No example report"):
        library.delete_report(t_id, workspace=bob)
    assert library.delete_report(t_id, workspace=dave) > 0
    (t2,) = _upload(library, tmp_path, "plan2.txt", ALICE_TEXT, "alice", team="planning", teams=teams)
    assert library.delete_report(t2, workspace=alice) > 0
    actions = [(e.username, e.action) for e in store.list_audit()]
    assert actions == [("alice", "upload"), ("dave", "delete_example"), ("alice", "upload"),
                       ("alice", "delete_example")]


def test_front_matter_cannot_name_another_librarys_report(lib: tuple[KnowledgeLibrary, SessionStore], tmp_path: Path) -> None:
    library, _ = lib
    (a_id,) = _upload(library, tmp_path, "a.txt", ALICE_TEXT, "alice")
    hostile = tmp_path / "in" / "evil.md"
    hostile.parent.mkdir(parents=True, exist_ok=True)
    hostile.write_text(f"---\ntitle: x\nreport_id: {a_id}\n---\n{BOB_TEXT}", encoding="utf-8")
    result = library.add_files([UploadFile(hostile, "evil.md")], workspace=workspace_for("bob"))
    # the upload lands in bob's own library whatever its front matter says; alice's report is untouched
    assert all(r.report_id.startswith("user/bob/") for r in result.added) and a_id not in result.replaced
    assert "红杉计划" in library.open_report(a_id, workspace=workspace_for("alice"))


# --------------------------------------------------------------------------------------------- CLI


def test_audit_and_teams_cli(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from support import run_cli

    monkeypatch.setenv("REPORT_ASSISTANT_DATA_DIR", str(data_dir))
    monkeypatch.setenv("REPORT_ASSISTANT_TEAMS", "planning:alice")
    monkeypatch.chdir(data_dir)
    with SessionStore(data_dir / "sessions.sqlite3") as store:
        store.audit("alice", "upload", "user/alice/plan", {"files": ["计划.docx"]})
        store.audit("bob", "export", "f" * 32)
    code, out, err = run_cli("audit", "--user", "alice")
    assert code == 0, err
    assert "alice  upload  user/alice/plan" in out and "计划.docx" in out and "bob" not in out
    code, out, _ = run_cli("audit", "--json")
    import json

    assert [json.loads(line)["user"] for line in out.splitlines()] == ["alice", "bob"]
    code, out, err = run_cli("teams", "add", "planning", "bob", "carol")
    assert code == 0, err
    code, out, _ = run_cli("teams", "list")
    assert out.strip() == "planning: alice, bob, carol"
    code, out, _ = run_cli("teams", "remove", "planning", "carol")
    code, out, _ = run_cli("teams", "list")
    assert out.strip() == "planning: alice, bob"
    code, _, err = run_cli("teams", "add", "bad team", "bob")
    assert code == 2 and "not 'team:user,user'" in err
    with SessionStore(data_dir / "sessions.sqlite3") as store:
        assert workspace_for("bob", stored_teams=store.list_team_members()).can_read("team/planning/alice/x", "user")


# --------------------------------------------------------------------------------------------- Chroma server


def test_the_chroma_server_filters_by_workspace_for_every_replica(settings: Any, tmp_path: Path) -> None:
    """Two replicas on one real `chroma run` server: bob's dense and hybrid searches on the second
    replica never return alice's chunks (the `where` filter runs on the server)."""
    from chroma_server import ChromaServer

    server = ChromaServer().start()
    try:
        shipped = tmp_path / "knowledge"
        shipped.mkdir()
        (shipped / "shipped.md").write_text(SHIPPED, encoding="utf-8")
        sa, sb = (settings.model_copy(update={"data_dir": tmp_path / name, "knowledge_dirs": [shipped],
                                              "chroma_url": server.url}) for name in ("replica-a", "replica-b"))
        a = KnowledgeIndex(sa, make_embeddings(sa))
        b = KnowledgeIndex(sb, make_embeddings(sb))
        try:
            library = KnowledgeLibrary(sa, a)
            library.reindex()
            (a_id,) = _upload(library, tmp_path, "a.txt", ALICE_TEXT, "alice")
            (b_id,) = _upload(library, tmp_path, "b.txt", BOB_TEXT, "bob")
            library.embed_reports([a_id, b_id])
            on_b = Retriever(b, b.embeddings, sb)
            query = "红杉计划 投资 冷链仓库 白桦工程"
            for mode in ("dense", "hybrid"):
                hits = on_b.search(query, 10, workspace=workspace_for("bob"), mode=mode)
                assert hits and all(h.chunk.report_id != a_id for h in hits)
            assert any(h.chunk.report_id == a_id
                       for h in on_b.search(query, 10, workspace=workspace_for("alice"), mode="dense"))
        finally:
            a.close()
            b.close()
    finally:
        server.stop()


# --------------------------------------------------------------------------------------------- page handlers


def test_page_handlers_scope_sessions_and_write_the_audit_log(settings: Any) -> None:
    from ui import session_handlers
    from ui.context import AppContext

    ctx = AppContext(settings=settings)
    try:
        alice = session_handlers.load_page(ctx, None, "zh", "alice")
        ctx.store.set_notes(alice.session_id, ALICE_TEXT)
        session_handlers.save_manual_edit(ctx, alice.session_id, "zh", "# 总结\n\n## 一、工作\n\n红杉计划完成投资3.7亿元。\n")
        md, docx, err = session_handlers.export_files(ctx, alice.session_id, "zh")
        assert err == "" and md and docx
        assert all(oct(Path(p).stat().st_mode & 0o777) == "0o600" for p in (md, docx))
        bob = session_handlers.load_page(ctx, None, "zh", "bob")
        va = ctx.store.head(alice.session_id)
        assert va is not None
        diff = session_handlers.diff_versions(ctx, bob.session_id, "en", va.version_id, va.version_id)
        assert "红杉" not in diff and "no such version" in diff
        restored = session_handlers.restore_version(ctx, bob.session_id, "en", va.version_id)
        assert "红杉" not in restored.draft_markdown and ctx.store.head(bob.session_id) is None
        refused = session_handlers.delete_session(ctx, bob.session_id, "en", alice.session_id, "bob")
        assert "no such session" in refused.notice and ctx.store.get_session(alice.session_id).owner == "alice"
        session_handlers.delete_session(ctx, alice.session_id, "zh", alice.session_id, "alice")
        assert [(e.username, e.action) for e in ctx.store.list_audit()] == [("alice", "export"),
                                                                           ("alice", "delete_session")]
        assert ctx.session_workspace(bob.session_id).name == "bob"
    finally:
        ctx.close()
