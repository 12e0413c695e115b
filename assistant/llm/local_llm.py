"""The embedded local model's llama.cpp server: start it, supervise it, stop it. The model file it
serves comes from :mod:`assistant.llm.local_model` (``prepare_model``).

* ``LocalServer(settings)`` — ``.start()`` (returns ``self``) runs
  ``python -m llama_cpp.server --model M --model_alias local --host 127.0.0.1 --port P --n_ctx ...
  --n_threads T --n_threads_batch T`` (plus ``--draft_model prompt-lookup-decoding
  --draft_model_num_pred_tokens N`` when ``settings.local_prompt_lookup`` is N > 0: same output, faster
  decoding of a polish that copies its prompt) on a free loopback port and polls ``/v1/models`` until
  ``settings.local_startup_timeout``; ``.base_url`` (``http://127.0.0.1:P/v1``), ``.model_name``
  (``"local"``), ``.stop()``, ``.ensure_running()`` (restarts a dead server, on the same port when it
  can, so a ``ChatOpenAI`` built on ``.base_url`` keeps working), ``.is_alive()``, ``.log_path``;
  usable as a context manager.

Additional names: :func:`stop_local_server`
(stops the process-wide server; the UI/CLI call it on shutdown, ``atexit`` does too),
:data:`LOCAL_MODEL_ALIAS`; ``LocalServer(..., model_path=, port=, extra_args=)`` keyword options (a
given model file, a fixed port, extra ``llama_cpp.server`` flags for experiments and benchmarks).

One server per process: ``LocalServer.start()`` attaches to the running server when the model and
settings are the same (so calling ``LocalServer(settings).start()`` on every request is cheap), and
replaces it when they differ. ``LocalServer.stop()`` releases that handle: the process is terminated
when the last attached handle stops (so closing one provider handle does not kill the server under
another); :func:`stop_local_server` stops it unconditionally. The child is started through a small inline wrapper (``python -c``), which
runs ``llama_cpp.server`` unchanged but exits when its stdin pipe closes — i.e. when this process dies,
even by SIGKILL — so a 2 GB server is never left orphaned. ``llama_cpp.server`` lets the ``HOST``,
``PORT`` and ``CONFIG_FILE`` environment variables override its command line; they are removed from
the child's environment.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from assistant.errors import ConfigError, ModelError
from assistant.llm.local_model import INSTALL_HINT, LOCAL_MODEL_ALIAS, _llama_cpp_installed, prepare_model

if TYPE_CHECKING:
    from assistant.settings import Settings

log = logging.getLogger(__name__)


# =============================================================================================
# The llama.cpp server supervisor
# =============================================================================================

CommandFactory = Callable[[Path, int], list[str]]
_SERVER_ENV_DROP = ("HOST", "PORT", "CONFIG_FILE")


def free_port(host: str = "127.0.0.1") -> int:
    """A port that is free on ``host`` right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
        return True


def _tail(path: Path, max_lines: int = 25, max_chars: int = 3000) -> str:
    try:
        data = path.read_bytes()[-64_000:]
    except OSError:
        return "(no log)"
    lines = data.decode("utf-8", "replace").splitlines()[-max_lines:]
    return "\n".join(lines)[-max_chars:] or "(empty log)"


@dataclass
class _Proc:
    """The one running server of this process (shared by every ``LocalServer`` handle)."""

    key: tuple[object, ...]
    popen: subprocess.Popen[bytes]
    port: int
    log_path: Path
    started_at: float
    ready_s: float
    users: int = 0  # LocalServer handles attached (stop() terminates when the last one leaves)
    successor: _Proc | None = None  # set when ensure_running() replaced this dead process


def _latest(proc: _Proc) -> _Proc:
    while proc.successor is not None:
        proc = proc.successor
    return proc


_lock = threading.RLock()
_current: _Proc | None = None
_atexit_registered = False


def _terminate(proc: _Proc, grace: float = 5.0) -> None:
    popen = proc.popen
    if popen.poll() is None:
        popen.terminate()
        try:
            popen.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            log.warning("the local llama.cpp server did not stop in %.0f s; killing it", grace)
            popen.kill()
            popen.wait(timeout=grace)
    if popen.stdin is not None:
        with contextlib.suppress(OSError):
            popen.stdin.close()


def stop_local_server() -> None:
    """Stop this process's llama.cpp server, if any (safe to call many times)."""
    global _current
    with _lock:
        proc, _current = _current, None
    if proc is not None:
        _terminate(proc)
        log.info("stopped the local llama.cpp server on port %d", proc.port)


class LocalServer:
    """Supervise the embedded llama.cpp server (see the module docstring)."""

    model_name = LOCAL_MODEL_ALIAS

    def __init__(
        self,
        settings: Settings,
        *,
        model_path: Path | None = None,
        command: CommandFactory | None = None,
        host: str = "127.0.0.1",
        port: int | None = None,
        extra_args: Sequence[str] = (),
    ) -> None:
        self._settings = settings
        self._model_path = model_path
        self._command = command
        self._host = host
        self._fixed_port = port
        self._extra_args = tuple(extra_args)
        self._proc: _Proc | None = None
        self.restarts = 0

    # --- public --------------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        proc = self._require()
        return f"http://{self._host}:{proc.port}/v1"

    @property
    def port(self) -> int:
        return self._require().port

    @property
    def log_path(self) -> Path:
        return self._settings.data_dir / "logs" / "llama-server.log"

    @property
    def pid(self) -> int:
        return self._require().popen.pid

    @property
    def ready_seconds(self) -> float:
        """How long the last start took until ``/v1/models`` answered."""
        return self._require().ready_s

    def is_alive(self) -> bool:
        if self._proc is None:
            return False
        proc = _latest(self._proc)
        return proc is _current and proc.popen.poll() is None

    def start(self) -> LocalServer:
        """Start the server, or attach to this process's running one if it has the same settings."""
        global _current
        model = self._model_path or prepare_model(self._settings)
        key = self._key(model)
        doomed: list[_Proc] = []
        try:
            with _lock:
                if self.is_alive() and self._require().key == key:
                    return self
                doomed += self._detach_locked()
                if _current is not None and _current.key == key and _current.popen.poll() is None:
                    self._attach_locked(_current)
                    return self
                if _current is not None:
                    log.info("replacing the running local server (different model or settings)")
                    doomed.append(_current)
                    _current = None
                for proc in doomed:
                    _terminate(proc)
                doomed = []
                self._attach_locked(self._spawn(model, key, port=self._fixed_port))
                _current = self._proc
        finally:
            for proc in doomed:
                _terminate(proc)
        return self

    def ensure_running(self) -> LocalServer:
        """Restart the server if its process died (same port when it is still free).

        Every handle attached to the dead server follows the new one (same ``base_url`` when the
        port could be reused, which is the normal case).
        """
        global _current
        with _lock:
            if self.is_alive():
                return self
            model = self._model_path or prepare_model(self._settings)
            key = self._key(model)
            if _current is not None and _current.key == key and _current.popen.poll() is None:
                for proc in self._detach_locked():  # pragma: no cover - a stale, unused server
                    _terminate(proc)
                self._attach_locked(_current)  # another handle already restarted it
                return self
            previous = _latest(self._proc) if self._proc is not None else _current
            port = previous.port if previous is not None else self._fixed_port
            if previous is not None:
                log.warning(
                    "the local llama.cpp server (pid %d) is not running (exit code %s); restarting it",
                    previous.popen.pid,
                    previous.popen.poll(),
                )
                _terminate(previous)
            new = self._spawn(model, key, port=port)
            if previous is not None and self._proc is not None:
                new.users = previous.users
                previous.successor = new
            else:
                self._attach_locked(new)
            _current = new
            self.restarts += 1
        return self

    def stop(self) -> None:
        """Release this handle; the server is terminated (killed after 5 s) when no handle uses it.

        :func:`stop_local_server` stops it regardless (app shutdown, ``atexit``).
        """
        with _lock:
            doomed = self._detach_locked()
        for proc in doomed:
            _terminate(proc)

    def _attach_locked(self, proc: _Proc) -> None:
        self._proc = proc
        proc.users += 1

    def _detach_locked(self) -> list[_Proc]:
        """Leave the attached server; return it if it must now be terminated."""
        global _current
        if self._proc is None:
            return []
        proc = _latest(self._proc)
        self._proc = None
        proc.users -= 1
        if proc.users > 0:
            return []
        if proc is _current:
            _current = None
        return [proc]

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # --- internals -------------------------------------------------------------------------------
    def _require(self) -> _Proc:
        if self._proc is None:
            raise ModelError("the local model server is not running; call start() first")
        return _latest(self._proc)

    def _key(self, model: Path) -> tuple[object, ...]:
        s = self._settings
        return (
            str(model),
            s.local_ctx,
            s.local_threads,
            s.local_prompt_lookup,
            self._host,
            self._fixed_port,
            self._command,
            self._extra_args,
        )

    def command(self, model: Path, port: int) -> list[str]:
        """The server command line (a test may pass its own ``command`` factory)."""
        if self._command is not None:
            return self._command(model, port)
        s = self._settings
        return [
            sys.executable,
            "-c",
            child_code(),  # `python -m llama_cpp.server` that also exits when this process dies
            "--model", str(model),
            "--model_alias", LOCAL_MODEL_ALIAS,
            "--host", self._host,
            "--port", str(port),
            "--n_ctx", str(s.local_ctx),
            "--n_threads", str(s.local_threads),
            "--n_threads_batch", str(s.local_threads),
            "--interrupt_requests", "False",  # another session's request must not cut this one short
            *prompt_lookup_args(s.local_prompt_lookup),
            *self._extra_args,
        ]  # fmt: skip

    def _spawn(self, model: Path, key: tuple[object, ...], port: int | None) -> _Proc:
        if self._command is None and not _llama_cpp_installed():
            raise ConfigError(f"the local model needs llama-cpp-python; install it with {INSTALL_HINT}")
        if self._fixed_port is not None and not _port_is_free(self._fixed_port, self._host):
            raise ConfigError(f"port {self._fixed_port} on {self._host} is already in use")
        attempts = 3
        for attempt in range(1, attempts + 1):
            use_port = port if port is not None and _port_is_free(port, self._host) else free_port(self._host)
            port = None  # only the first attempt may reuse the previous port
            proc = self._launch(model, key, use_port)
            try:
                self._wait_ready(proc)
            except ModelError as exc:
                _terminate(proc)
                if attempt < attempts and "address already in use" in str(exc).lower():
                    log.warning("port %d was taken; retrying on another port", use_port)
                    continue
                raise
            _register_atexit()
            log.info(
                "local llama.cpp server ready on %s:%d after %.1f s (pid %d)",
                self._host, proc.port, proc.ready_s, proc.popen.pid,
            )  # fmt: skip
            return proc
        raise AssertionError("unreachable")  # pragma: no cover

    def _launch(self, model: Path, key: tuple[object, ...], port: int) -> _Proc:
        log_path = self.log_path
        log_path.parent.mkdir(parents=True, exist_ok=True)
        if log_path.exists():
            with contextlib.suppress(OSError):
                os.replace(log_path, log_path.with_suffix(".log.1"))
        env = {k: v for k, v in os.environ.items() if k not in _SERVER_ENV_DROP}
        env.setdefault("PYTHONUNBUFFERED", "1")
        argv = self.command(model, port)
        with log_path.open("wb") as log_file:
            shown = ["<wrapper code>" if "\n" in arg else arg for arg in argv]  # not the inline code
            log_file.write(f"$ {' '.join(shown)}\n".encode())
            log_file.flush()
            popen = subprocess.Popen(
                argv,
                stdin=subprocess.PIPE,  # closed by the OS when we die: the wrapper then exits
                stdout=log_file,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,  # Ctrl-C in a terminal reaches us; we stop it in order
            )
        return _Proc(key, popen, port, log_path, time.monotonic(), 0.0)

    def _wait_ready(self, proc: _Proc) -> None:
        import httpx

        url = f"http://{self._host}:{proc.port}/v1/models"
        deadline = proc.started_at + self._settings.local_startup_timeout
        delay = 0.1
        with httpx.Client(timeout=2.0, trust_env=False) as client:
            while True:
                code = proc.popen.poll()
                if code is not None:
                    raise ModelError(
                        f"the local llama.cpp server exited during start-up (exit code {code}); "
                        f"log {proc.log_path}:\n{_tail(proc.log_path)}"
                    )
                try:
                    response = client.get(url)
                    if response.status_code == 200:
                        proc.ready_s = time.monotonic() - proc.started_at
                        return
                except httpx.HTTPError:
                    pass
                if time.monotonic() >= deadline:
                    raise ModelError(
                        f"the local llama.cpp server did not answer {url} within "
                        f"{self._settings.local_startup_timeout:.0f} s "
                        f"(REPORT_ASSISTANT_LOCAL_STARTUP_TIMEOUT); log {proc.log_path}:\n"
                        f"{_tail(proc.log_path)}"
                    )
                time.sleep(delay)
                delay = min(delay * 1.5, 0.5)


def prompt_lookup_args(tokens: int) -> list[str]:
    """``llama_cpp.server`` flags for prompt-lookup speculative decoding (``tokens`` drafted per step;
    0: none)."""
    if tokens <= 0:
        return []
    return ["--draft_model", "prompt-lookup-decoding", "--draft_model_num_pred_tokens", str(tokens)]


def _register_atexit() -> None:
    global _atexit_registered
    if not _atexit_registered:
        atexit.register(stop_local_server)
        _atexit_registered = True


# =============================================================================================
# Child wrapper: `python -c child_code() ARGS` == `python -m llama_cpp.server ARGS`, plus exit when the
# parent's stdin pipe closes (the parent died, however it died). Inline so the child does not need
# this package on its path.
# =============================================================================================

_CHILD_TEMPLATE = """\
import os, runpy, sys, threading
def _watch_parent():
    try:
        while sys.stdin.buffer.read(4096):
            pass
    except (OSError, ValueError):
        pass
    os._exit(0)
threading.Thread(target=_watch_parent, name="parent-watch", daemon=True).start()
{patch}sys.argv = [{module!r}, *sys.argv[1:]]
runpy.run_module({module!r}, run_name="__main__", alter_sys=True)
"""


def child_code(module: str = "llama_cpp.server", *, abort_stopped: bool | None = None) -> str:
    """``python -c`` code that runs ``python -m MODULE`` and exits when its stdin closes; for the
    llama.cpp server (``abort_stopped``, default: when MODULE is ``llama_cpp.server``) it first installs
    :func:`assistant.llm.server_abort.install` (a stopped request is dropped at once, even mid-prompt)."""
    if abort_stopped is None:
        abort_stopped = module == "llama_cpp.server"
    patch = ""
    if abort_stopped:
        from assistant.llm.server_abort import source

        patch = (f"_abort = {{}}\nexec(compile({source()!r}, 'report_assistant_server_abort', 'exec'), _abort)\n"
                 "_abort['install']()\n")
    return _CHILD_TEMPLATE.format(module=module, patch=patch)
