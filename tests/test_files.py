"""FileStorage: the local / shared-directory implementation — keys stay inside, writes are atomic and
private (0600 files, 0700 folders) whatever the umask, listing and deleting by prefix."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assistant.errors import InputError
from assistant.files import FileStorage, LocalFileStorage, file_storage
from assistant.settings import Settings


@pytest.fixture
def files(tmp_path: Path) -> LocalFileStorage:
    return LocalFileStorage(tmp_path / "files")


def test_put_get_list_delete(files: LocalFileStorage) -> None:
    storage: FileStorage = files  # the local folder implements the protocol
    storage.put("user/甲乡总结.md", "# 甲乡\n投资1.2亿元".encode())
    storage.put("exports/abc/report-v1.docx", b"PK\x03\x04")
    storage.put("exports/abd/report-v1.md", b"x")
    assert storage.get("user/甲乡总结.md").decode() == "# 甲乡\n投资1.2亿元"
    assert storage.list() == ["exports/abc/report-v1.docx", "exports/abd/report-v1.md", "user/甲乡总结.md"]
    assert storage.list("exports/abc/") == ["exports/abc/report-v1.docx"]
    storage.put("user/甲乡总结.md", b"v2")  # replaced in place
    assert storage.get("user/甲乡总结.md") == b"v2" and storage.exists("user/甲乡总结.md")
    assert storage.delete_prefix("exports/abc/") == 1
    assert storage.list("exports/") == ["exports/abd/report-v1.md"]
    assert not (files.root / "exports" / "abc").exists()
    assert storage.delete("user/甲乡总结.md") and not storage.delete("user/甲乡总结.md")
    assert storage.local_path("exports/abd/report-v1.md") == files.root / "exports" / "abd" / "report-v1.md"


def test_put_file_moves_or_copies(files: LocalFileStorage, tmp_path: Path) -> None:
    src = tmp_path / "incoming.md"
    src.write_text("内容", encoding="utf-8")
    files.put_file("user/a.md", src)
    assert src.exists() and files.get("user/a.md").decode() == "内容"
    files.put_file("user/b.md", src, move=True)
    assert not src.exists() and files.get("user/b.md").decode() == "内容"


@pytest.mark.parametrize("key", ["", "../x", "a/../../x", "/etc/passwd", "a//b", "a/./b", "a\\b", "a\x00b", "..", "a/"])
def test_keys_cannot_leave_the_storage(files: LocalFileStorage, key: str) -> None:
    with pytest.raises(InputError):
        files.put(key, b"x")
    with pytest.raises(InputError):
        files.get(key)


@pytest.mark.parametrize("prefix", ["../", "/abs/", "a/../"])
def test_prefixes_cannot_leave_the_storage(files: LocalFileStorage, prefix: str) -> None:
    with pytest.raises(InputError):
        files.list(prefix)
    with pytest.raises(InputError):
        files.delete_prefix(prefix)


def test_files_and_folders_are_private_whatever_the_umask(files: LocalFileStorage, tmp_path: Path) -> None:
    old = os.umask(0o000)
    try:
        files.put("exports/s1/report.docx", b"x")
        src = tmp_path / "up.md"
        src.write_bytes(b"y")
        files.put_file("user/up.md", src, move=True)
    finally:
        os.umask(old)
    for p in (files.root, files.root / "exports", files.root / "exports" / "s1", files.root / "user"):
        assert p.stat().st_mode & 0o777 == 0o700, p
    for p in (files.root / "exports" / "s1" / "report.docx", files.root / "user" / "up.md"):
        assert p.stat().st_mode & 0o777 == 0o600, p
    assert not [p for p in files.root.rglob("*.tmp")]  # no temp file left behind


def test_settings_files_dir_is_the_shared_root(tmp_path: Path) -> None:
    default = Settings(_env_file=None, data_dir=tmp_path / "data")  # type: ignore[call-arg]
    assert file_storage(default).root == tmp_path / "data" and default.uploads_dir == tmp_path / "data" / "uploads"
    shared = Settings(_env_file=None, data_dir=tmp_path / "data", files_dir=tmp_path / "nfs")  # type: ignore[call-arg]
    assert file_storage(shared).root == tmp_path / "nfs" and shared.uploads_dir == tmp_path / "nfs" / "uploads"
