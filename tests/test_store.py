"""SessionStore: sessions, messages, notes, versions (restore, undo, diff), checks, pins, crash safety,
deletion — every test against both backends: the SQLite file and a real PostgreSQL server (a
throw-away cluster started once per test session, one fresh database per test)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_server import PostgresServer

from assistant.errors import StoreError
from assistant.store import SCHEMA_VERSION, SessionStore, settings_snapshot

PROJECT_ROOT = Path(__file__).resolve().parent.parent

V1 = "# 工作总结\n\n## 一、2025年工作总结\n\n完成投资1.2亿元，同比增长8%。\n\n## 二、存在的问题\n\n人才不足。\n\n## 三、2026年工作安排\n\n力争投资增长10%。\n"
V2 = V1.replace("人才不足。", "专业人才不足，招商引资难度加大。")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    server = PostgresServer().start()  # no skip: a server that cannot start fails the tests with the reason
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgres"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a test's store lives: a SQLite file path, or the URL of a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "sessions.sqlite3")
    server: PostgresServer = request.getfixturevalue("pg_server")
    return server.create_database()


@pytest.fixture
def store(db: str, tmp_path: Path) -> Iterator[SessionStore]:
    s = SessionStore(db, files_dir=tmp_path / "files")
    yield s
    s.close()


def _count(store: SessionStore, table: str) -> int:
    return int(store._read(f"SELECT COUNT(*) FROM {table}")[0][0])


def test_pragmas_and_schema(store: SessionStore) -> None:
    assert store.schema_version() == SCHEMA_VERSION
    assert store.integrity_check() == "ok"
    if store.dialect == "sqlite":
        assert store._read("PRAGMA journal_mode")[0][0] == "wal"
        assert store._read("PRAGMA foreign_keys")[0][0] == 1
        assert store._read("PRAGMA busy_timeout")[0][0] >= 1000
        assert store._read("PRAGMA secure_delete")[0][0] == 1
    else:
        assert store._read("SHOW transaction_isolation")[0][0] == "read committed"
        tables = {r[0] for r in store._read("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
        assert tables == {"schema_migrations", "sessions", "messages", "notes", "versions", "checks", "pins",
                          "audit", "team_members"}


def test_migrations_run_once_when_replicas_open_together(db: str) -> None:
    """Several stores (app replicas) opening one new database at once apply each step exactly once."""
    errors: list[BaseException] = []
    stores: list[SessionStore] = []

    def open_one() -> None:
        try:
            stores.append(SessionStore(db))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert errors == []
        assert [int(r[0]) for r in stores[0]._read("SELECT version FROM schema_migrations ORDER BY version")] == list(
            range(1, SCHEMA_VERSION + 1))
    finally:
        for s in stores:
            s.close()


def test_sessions_create_list_rename_delete(store: SessionStore) -> None:
    a = store.create_session("甲乡总结", language="zh", settings={"provider": "offline"})
    time.sleep(0.001)
    b = store.create_session("", language="en")
    assert b.title == "New report"
    assert [s.session_id for s in store.list_sessions()] == [b.session_id, a.session_id]
    assert store.get_session(a.session_id).settings == {"provider": "offline"}
    store.rename_session(a.session_id, "  乙镇总结 ")
    assert store.get_session(a.session_id).title == "乙镇总结"
    assert store.list_sessions()[0].session_id == a.session_id  # renaming counts as an update
    with pytest.raises(StoreError):
        store.rename_session(a.session_id, "   ")
    store.add_message(a.session_id, "user", "把第二部分改写得更简洁")
    store.set_notes(a.session_id, "投资1.2亿元")
    v = store.add_version(a.session_id, V1, cause="first_draft", check={"ok": True})
    store.pin_example(a.session_id, "seed/篇1")
    store.delete_session(a.session_id)
    assert [s.session_id for s in store.list_sessions()] == [b.session_id]
    with pytest.raises(StoreError):
        store.get_session(a.session_id)
    with pytest.raises(StoreError):
        store.get_version(v.version_id)
    for table in ("messages", "notes", "versions", "checks", "pins"):
        assert _count(store, table) == 0, table
    with pytest.raises(StoreError):
        store.delete_session("nope")


def test_messages_notes_pins(store: SessionStore) -> None:
    sid = store.create_session("t").session_id
    store.add_message(sid, "user", "notes…", {"kind": "notes"})
    store.add_message(sid, "assistant", "草稿已生成")
    assert [(m.role, m.content) for m in store.list_messages(sid)] == [("user", "notes…"), ("assistant", "草稿已生成")]
    assert store.list_messages(sid)[0].meta == {"kind": "notes"}
    assert store.get_notes(sid) is None
    store.set_notes(sid, "a")
    n2 = store.set_notes(sid, "a\nb", cause="chat")
    assert store.get_notes(sid) == n2
    assert [n.text for n in store.list_notes(sid)] == ["a", "a\nb"]
    store.pin_example(sid, "r1", {"title": "篇1"})
    store.pin_example(sid, "r2")
    store.unpin_example(sid, "r2")
    assert store.list_pins(sid) == [("r1", {"title": "篇1"})]
    with pytest.raises(StoreError):
        store.add_message("missing", "user", "x")


def test_versions_restore_undo(store: SessionStore) -> None:
    sid = store.create_session("t").session_id
    notes = store.set_notes(sid, "投资1.2亿元")
    v1 = store.add_version(sid, V1, cause="first_draft", check={"ok": True, "summary": {"verified": 1}})
    assert v1.seq == 1 and v1.parent_id is None and v1.notes_id == notes.notes_id
    assert [s["id"] for s in v1.tree["sections"]] == ["s1", "s2", "s3"]
    v2 = store.add_version(sid, V2, cause="rewrite", section_id="s2", instruction="更具体")
    assert v2.parent_id == v1.version_id and v2.seq == 2
    assert store.head(sid) == v2
    assert v2.describe() == "v2 · rewrite s2 · 更具体"
    # restore v1: a new version, cause restore, same text, check copied
    v3 = store.restore_version(sid, v1.version_id)
    assert (v3.seq, v3.cause, v3.text, v3.restored_from, v3.parent_id) == (3, "restore", V1, v1.version_id, v2.version_id)
    assert store.load_check(v3.version_id) == {"ok": True, "summary": {"verified": 1}}
    assert [v.cause for v in store.list_versions(sid)] == ["first_draft", "rewrite", "restore"]
    # undo walks back along parents; the undone version stays restorable
    assert store.undo(sid) == v2
    assert store.head(sid) == v2
    assert store.undo(sid) == v1
    with pytest.raises(StoreError, match="nothing to undo"):
        store.undo(sid)
    assert len(store.list_versions(sid)) == 3
    # a new change after undo hangs from the version shown
    v4 = store.add_version(sid, V1 + "\n补充。\n", cause="manual_edit")
    assert v4.parent_id == v1.version_id
    other = store.create_session("o").session_id
    with pytest.raises(StoreError):
        store.restore_version(other, v1.version_id)
    with pytest.raises(StoreError):
        store.add_version(sid, V1, cause="magic")


def test_diff_whole_and_per_section(store: SessionStore) -> None:
    sid = store.create_session("t").session_id
    v1 = store.add_version(sid, V1, cause="first_draft")
    v2 = store.add_version(sid, V2, cause="rewrite", section_id="s2")
    d = store.diff(v1.version_id, v2.version_id)
    assert "-人才不足。" in d.unified and "+专业人才不足，招商引资难度加大。" in d.unified
    assert ("replace", "人才不足。", "专业人才不足，招商引资难度加大。") in d.side_by_side
    assert d.changed_sections == ["s2"]
    assert {s.section_id: s.status for s in d.sections} == {"s1": "same", "s2": "changed", "s3": "same"}
    v3 = store.add_version(sid, V2 + "\n## 四、其他\n\n无。\n", cause="manual_edit")
    d2 = store.diff(v2.version_id, v3.version_id)
    assert [(s.section_id, s.status) for s in d2.sections if s.status != "same"] == [("s4", "added")]
    same = store.diff(v1.version_id, v1.version_id)
    assert same.unified == "" and all(t == "equal" for t, _, _ in same.side_by_side)


def test_checks_saved_and_replaced(store: SessionStore) -> None:
    sid = store.create_session("t").session_id
    v = store.add_version(sid, V1, cause="first_draft")
    assert store.load_check(v.version_id) is None
    store.save_check(v.version_id, {"ok": False, "figures": [{"text": "8%", "status": "unsupported"}]})
    store.save_check(v.version_id, {"ok": True, "figures": []})
    assert store.load_check(v.version_id) == {"ok": True, "figures": []}


def test_reopen_gives_the_same_session(db: str) -> None:
    with SessionStore(db) as s:
        sid = s.create_session("持久化").session_id
        s.add_message(sid, "user", "你好")
        s.set_notes(sid, "n1")
        v1 = s.add_version(sid, V1, cause="first_draft", check={"ok": True})
        s.add_version(sid, V2, cause="rewrite", section_id="s2", instruction="简洁")
        s.pin_example(sid, "r1")
        before = s.load_session(sid)
    with SessionStore(db) as s:
        after = s.load_session(sid)
        assert after == before
        assert after.head is not None and after.head.text == V2
        assert after.checks == {v1.version_id: {"ok": True}}


def test_newer_schema_is_refused(db: str) -> None:
    with SessionStore(db) as s, s._tx() as c:
        c.execute("INSERT INTO schema_migrations (version, applied) VALUES (?, 'x')", (SCHEMA_VERSION + 1,))
    with pytest.raises(StoreError, match="newer"):
        SessionStore(db)


def test_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError):
        SessionStore(bad)


def test_unreachable_server_is_a_store_error_without_the_password() -> None:
    with pytest.raises(StoreError) as err:
        SessionStore("postgresql://ra:s3cret-pw@127.0.0.1:9/none?connect_timeout=2")
    assert "s3cret-pw" not in str(err.value) and "127.0.0.1" in str(err.value)


def test_replicas_see_each_others_writes(db: str) -> None:
    """Two stores on one database (two app replicas): what one writes, the other reads at once."""
    with SessionStore(db) as a, SessionStore(db) as b:
        sid = a.create_session("共享").session_id
        a.set_notes(sid, "投资1.2亿元")
        v1 = a.add_version(sid, V1, cause="first_draft", check={"ok": True})
        v2 = b.add_version(sid, V2, cause="rewrite", section_id="s2")  # numbered after a's version
        assert (v1.seq, v2.seq, v2.parent_id) == (1, 2, v1.version_id)
        b.pin_example(sid, "r1")
        assert a.load_session(sid) == b.load_session(sid)
        assert a.head(sid) == v2 and a.list_pins(sid) == [("r1", {})]
        a.undo(sid)
        assert b.head(sid) == a.get_version(v1.version_id)


def test_threads_share_one_store(store: SessionStore) -> None:
    sid = store.create_session("t").session_id
    errors: list[BaseException] = []

    def work(k: int) -> None:
        try:
            for i in range(20):
                store.add_message(sid, "user", f"{k}-{i}")
                store.add_version(sid, f"# T\n\n## 一、A\n\n{k}-{i}\n", cause="manual_edit")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(store.list_messages(sid)) == 80
    assert [v.seq for v in store.list_versions(sid)] == list(range(1, 81))


def test_settings_snapshot_drops_secrets(settings: object) -> None:
    snap = settings_snapshot(settings)
    assert snap["provider"] == "offline"
    assert not any("key" in k or "auth" in k for k in snap)


WRITER = textwrap.dedent(
    """
    import sys
    from assistant.store import SessionStore
    store = SessionStore(sys.argv[1])  # a file path or a postgresql:// URL
    sid = store.create_session("crash").session_id
    print("session", sid, flush=True)
    i = 0
    while True:
        i += 1
        text = "## 一、总结\\n\\n" + ("第%d版，投资%d万元。\\n" % (i, i)) * 50
        v = store.add_version(sid, text, cause="manual_edit", check={"i": i})
        store.add_message(sid, "user", "msg %d" % i)
        print("committed", v.version_id, i, flush=True)
    """
)


def test_kill_9_loses_at_most_the_change_in_flight(db: str) -> None:
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, db], stdout=subprocess.PIPE, text=True, env=env, cwd=PROJECT_ROOT
    )
    assert proc.stdout is not None
    committed: dict[int, int] = {}
    sid = ""
    deadline = time.monotonic() + 60
    while len(committed) < 40 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        parts = line.split()
        if parts[0] == "session":
            sid = parts[1]
        elif parts[0] == "committed":
            committed[int(parts[1])] = int(parts[2])
    os.kill(proc.pid, signal.SIGKILL)  # in the middle of its next transaction
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    assert len(committed) >= 40

    with SessionStore(db) as s:
        assert s.integrity_check() == "ok"
        versions = {v.version_id: v for v in s.list_versions(sid)}
        for vid, i in committed.items():
            v = versions[vid]
            assert v.text == "## 一、总结\n\n" + f"第{i}版，投资{i}万元。\n" * 50
            assert s.load_check(vid) == {"i": i}
        # at most one version beyond what was reported (committed but not yet printed)
        assert len(versions) - len(committed) in (0, 1)
        seqs = sorted(v.seq for v in versions.values())
        assert seqs == list(range(1, len(seqs) + 1))
        # the store is still writable after the crash
        s.add_version(sid, "## 一、恢复\n\n正常。\n", cause="manual_edit")


# ------------------------------------------------------------------------------------ deletion means deleted
SECRET = "内部资料请勿外传-红星镇招商底价每亩十二万元-ZX9Q"


def test_deleting_a_session_removes_its_files(store: SessionStore, tmp_path: Path) -> None:
    keep = store.create_session("keep").session_id
    gone = store.create_session("gone").session_id
    for sid in (keep, gone):
        folder = store.session_files_dir(sid)
        (folder / "uploads").mkdir(parents=True)
        (folder / "report-v1.docx").write_bytes(b"docx")
        (folder / "uploads" / "notes.txt").write_text(SECRET, encoding="utf-8")
    assert store.session_files_dir(gone) == tmp_path / "files" / gone
    store.delete_session(gone)
    assert not (tmp_path / "files" / gone).exists()
    assert (store.session_files_dir(keep) / "uploads" / "notes.txt").read_text(encoding="utf-8") == SECRET


@pytest.mark.parametrize("bad", ["", "../etc", "a" * 32 + "/x", "A" * 32, "0" * 31, "..", "/tmp"])
def test_session_files_dir_takes_only_session_ids(store: SessionStore, bad: str) -> None:
    with pytest.raises(StoreError):
        store.session_files_dir(bad)


def test_default_files_dir_is_the_exports_folder_next_to_the_database(tmp_path: Path) -> None:
    with SessionStore(tmp_path / "data" / "sessions.sqlite3") as s:
        sid = s.create_session("t").session_id
        assert s.session_files_dir(sid) == tmp_path / "data" / "exports" / sid


def _db_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.iterdir()) if p.name.startswith("sessions.sqlite3"))


def test_deleted_text_is_gone_from_the_database_and_wal_bytes(tmp_path: Path) -> None:
    needle = SECRET.encode("utf-8")
    with SessionStore(tmp_path / "sessions.sqlite3") as s:
        other = s.create_session("other").session_id
        s.set_notes(other, "无关内容 " * 50)
        sid = s.create_session("secret").session_id
        s.set_notes(sid, SECRET * 20)
        s.add_message(sid, "user", SECRET)
        s.add_version(sid, f"# 总结\n\n## 一、工作\n\n{SECRET}\n", cause="first_draft", check={"note": SECRET})
        s.pin_example(sid, "r1", {"quote": SECRET})
        assert needle in _db_bytes(tmp_path)  # it was written (WAL and/or main file)
        s.delete_session(sid)
        assert needle not in _db_bytes(tmp_path)  # zeroed pages, WAL checkpointed and truncated
        wal = tmp_path / "sessions.sqlite3-wal"
        assert not wal.exists() or wal.stat().st_size == 0
        assert s.get_notes(other) is not None  # the other session is intact
    with SessionStore(tmp_path / "sessions.sqlite3") as s:
        assert s.integrity_check() == "ok" and [x.title for x in s.list_sessions()] == ["other"]


def test_database_files_are_private(tmp_path: Path) -> None:
    old = os.umask(0o022)  # a permissive umask: the store must not rely on the caller's
    try:
        with SessionStore(tmp_path / "data" / "sessions.sqlite3") as s:
            s.create_session("t")
            modes = {p.name: p.stat().st_mode & 0o777 for p in (tmp_path / "data").iterdir()}
        assert modes["sessions.sqlite3"] == 0o600
        assert all(mode == 0o600 for name, mode in modes.items() if name.startswith("sessions.sqlite3")), modes
        assert (tmp_path / "data").stat().st_mode & 0o777 == 0o700
        os.chmod(tmp_path / "data" / "sessions.sqlite3", 0o644)  # as written by an older version
        SessionStore(tmp_path / "data" / "sessions.sqlite3").close()
        assert (tmp_path / "data" / "sessions.sqlite3").stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(old)


PROCESS_WRITER = textwrap.dedent(
    """
    import sys
    from assistant.store import SessionStore
    db, shared, name, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    with SessionStore(db) as store:
        for i in range(n):
            store.add_message(shared, "user", f"{name} message {i}")
            store.add_version(shared, f"# 草稿\\n\\n## 一、总结\\n\\n{name} 第{i}版。\\n", cause="manual_edit")
            if i % 5 == 4:
                store.undo(shared)
    """
)


def test_processes_writing_one_session_get_unique_version_numbers(db: str) -> None:
    """Writers in several processes (app replicas) on one session: no update lost, seq 1..N unique
    and gapless (SQLite: BEGIN IMMEDIATE; PostgreSQL: the session row locked FOR UPDATE)."""
    n, procs_n = 12, 4
    with SessionStore(db) as store:
        shared = store.create_session("shared").session_id
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT))
    procs = [subprocess.Popen([sys.executable, "-c", PROCESS_WRITER, db, shared, f"p{k}", str(n)],
                              cwd=PROJECT_ROOT, env=env, stderr=subprocess.PIPE, text=True)
             for k in range(procs_n)]
    results = [(p.wait(timeout=240), p.stderr.read() if p.stderr else "") for p in procs]
    assert [code for code, _ in results] == [0] * procs_n, [err[-800:] for _, err in results]
    with SessionStore(db) as store:
        assert len({m.content for m in store.list_messages(shared)}) == n * procs_n
        versions = store.list_versions(shared)
        assert sorted(v.seq for v in versions) == list(range(1, n * procs_n + 1))
        assert len({v.text for v in versions}) == n * procs_n
        head = store.head(shared)
        assert head is not None and head.session_id == shared
        assert store.integrity_check() == "ok"


def test_session_files_dir_is_created_private(store: SessionStore, tmp_path: Path) -> None:
    sid = store.create_session("t").session_id
    old = os.umask(0o000)
    try:
        folder = store.session_files_dir(sid, create=True)
    finally:
        os.umask(old)
    assert folder.is_dir() and folder.stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "files").stat().st_mode & 0o777 == 0o700


def test_open_store_follows_the_settings(db: str, tmp_path: Path) -> None:
    from assistant.settings import Settings
    from assistant.store import open_store

    url = db if db.startswith("postgresql://") else ""
    settings = Settings(_env_file=None, data_dir=tmp_path / "data", database_url=url,  # type: ignore[call-arg]
                        files_dir=tmp_path / "shared")
    with open_store(settings) as s:
        assert s.dialect == ("postgres" if url else "sqlite")
        assert (tmp_path / "data" / "sessions.sqlite3").exists() == (not url)
        sid = s.create_session("t").session_id
        assert s.session_files_dir(sid) == tmp_path / "shared" / "exports" / sid
