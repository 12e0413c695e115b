"""Uploaded and generated files behind one small interface, :class:`FileStorage`.

Keys are ``/``-separated relative names (``user/甲乡总结.md``, ``exports/<session>/report-v3.docx``);
a key can never leave its storage (no ``..``, no absolute names, no empty parts, no NUL or
backslash). :class:`LocalFileStorage` keeps them under one folder — today's data directory, or a
shared directory that several app replicas mount (``REPORT_ASSISTANT_FILES_DIR``: NFS, SMB, a
bind-mounted volume). Writes are atomic (temp file, fsync, rename) and private: files 0600,
folders 0700, whatever the process umask. S3-compatible storage would be a second implementation
of the same protocol; no S3 client is installed, so there is none yet.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from assistant.errors import InputError

if TYPE_CHECKING:
    from assistant.settings import Settings

FILE_MODE = 0o600
DIR_MODE = 0o700


class FileStorage(Protocol):
    def put(self, key: str, data: bytes) -> None: ...

    def put_file(self, key: str, source: Path, *, move: bool = False) -> None: ...

    def get(self, key: str) -> bytes: ...

    def exists(self, key: str) -> bool: ...

    def delete(self, key: str) -> bool: ...

    def delete_prefix(self, prefix: str) -> int: ...

    def list(self, prefix: str = "") -> list[str]: ...

    def local_path(self, key: str) -> Path | None: ...


def check_key(key: str, *, prefix: bool = False) -> str:
    """``key`` if it is a safe relative name (a prefix may be empty or end with ``/``)."""
    if prefix and key == "":
        return key
    body = key[:-1] if prefix and key.endswith("/") else key
    parts = body.split("/")
    if (not body or "\\" in body or "\x00" in body or body.startswith("/")
            or any(p in ("", ".", "..") for p in parts)):
        raise InputError(f"not a valid file name: {key!r}")
    return key


class LocalFileStorage:
    """Files under ``root`` (created 0700)."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        return self.root.joinpath(*check_key(key).split("/"))

    def ensure_folder(self, prefix: str) -> Path:
        """The local folder of ``prefix`` (``user/``), made 0700 where it does not exist yet."""
        folder = self.root.joinpath(*[p for p in check_key(prefix, prefix=True).split("/") if p])
        self._ensure_dir(folder)
        return folder

    def _ensure_dir(self, folder: Path) -> None:
        missing: list[Path] = []
        p = folder
        while not p.exists():
            missing.append(p)
            p = p.parent
        folder.mkdir(parents=True, exist_ok=True)
        for made in missing:  # only the folders made here: never chmod a parent we did not create
            with contextlib.suppress(OSError):
                os.chmod(made, DIR_MODE)

    def put(self, key: str, data: bytes) -> None:
        target = self._path(key)
        self._ensure_dir(target.parent)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        try:
            os.fchmod(fd, FILE_MODE)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    def put_file(self, key: str, source: Path, *, move: bool = False) -> None:
        """Store a file; ``move=True`` renames it into place (atomic on one filesystem)."""
        target = self._path(key)
        self._ensure_dir(target.parent)
        if move:
            try:
                os.chmod(source, FILE_MODE)
                os.replace(source, target)
                return
            except OSError as exc:
                if exc.errno != 18:  # EXDEV: another filesystem, copy below
                    raise
        self.put(key, Path(source).read_bytes())
        if move:
            Path(source).unlink(missing_ok=True)

    def get(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def delete(self, key: str) -> bool:
        path = self._path(key)
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        return True

    def delete_prefix(self, prefix: str) -> int:
        """Delete every file whose key starts with the folder ``prefix`` (``a/b/``); returns how many."""
        keys = self.list(prefix)
        folder = self.root.joinpath(*[p for p in check_key(prefix, prefix=True).split("/") if p])
        if prefix and folder.is_dir() and prefix.endswith("/"):
            shutil.rmtree(folder, ignore_errors=True)
        else:
            for key in keys:
                self.delete(key)
        return len(keys)

    def list(self, prefix: str = "") -> list[str]:
        """Keys starting with ``prefix``, sorted (temp files of writes in flight are not listed)."""
        check_key(prefix, prefix=True)
        base = self.root
        out: list[str] = []
        if not base.is_dir():
            return out
        for dirpath, _dirs, names in os.walk(base):
            for name in names:
                if name.startswith(".") and name.endswith(".tmp"):
                    continue
                rel = (Path(dirpath) / name).relative_to(base).as_posix()
                if rel.startswith(prefix):
                    out.append(rel)
        return sorted(out)

    def local_path(self, key: str) -> Path | None:
        """The file's path on this machine (for libraries that need one: python-docx, downloads)."""
        return self._path(key)


def file_storage(settings: Settings) -> LocalFileStorage:
    """The configured storage: ``settings.files_root`` (``FILES_DIR``, default ``DATA_DIR``)."""
    return LocalFileStorage(settings.files_root)
