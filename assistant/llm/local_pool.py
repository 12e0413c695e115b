"""Several embedded llama.cpp servers as one model: the honest equivalent of ``llama-server -np N``.

llama-cpp-python's server (the embedded model, :mod:`assistant.llm.local_llm`) answers one request
at a time: it has no parallel slots. On a machine with cores to spare, ``REPORT_ASSISTANT_LOCAL_SERVERS``
starts that many server processes of the same model file, each on its own loopback port with
``local_threads`` threads, and :func:`assistant.llm.providers.make_chat_model` routes through the
endpoint pool (:mod:`assistant.llm.pool`: least busy first, failover before the first token). A
server found dead (connection refused) is restarted in the background on its port while the calls
go to the others.

* :func:`assistant.llm.pool.local_server_count` — how many: the setting, or automatically (``0``) one per 4 CPU cores,
  at most 4, so a machine under 8 cores keeps the single server of the Quick start;
* :class:`LocalServerPool` — ``start()`` / ``base_urls`` / ``servers`` / ``revive(i)`` /
  ``wait_revived(i)`` / ``stop()``.
  The first server is the process-wide :class:`~assistant.llm.local_llm.LocalServer` (the one
  ``stop_local_server`` and the status line know); the others are :class:`ExtraLocalServer`
  processes with their own log (``logs/llama-server-2.log`` …), started with the same exit-with-parent
  wrapper, so none outlives this process.

Memory: the GGUF weights are memory-mapped, so N servers share one copy of them in the page cache;
each further server costs its own KV cache, compute buffers and interpreter (measured in
docs/DEPLOY.md). Nothing here reads the environment.
"""

from __future__ import annotations

import atexit
import logging
import threading
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.llm.local_llm import CommandFactory, LocalServer, _latest, _terminate
from assistant.llm.local_model import prepare_model

if TYPE_CHECKING:
    from assistant.settings import Settings

log = logging.getLogger(__name__)

class ExtraLocalServer(LocalServer):
    """One more llama.cpp server process of the same model, owned by this handle alone (not the
    process-wide server of :class:`LocalServer`); ``number`` names its log file."""

    def __init__(self, settings: Settings, number: int, *, model_path: Path | None = None,
                 command: CommandFactory | None = None, extra_args: Sequence[str] = ()) -> None:
        super().__init__(settings, model_path=model_path, command=command, extra_args=extra_args)
        self.number = number
        self._own_lock = threading.Lock()

    @property
    def log_path(self) -> Path:
        return self._settings.data_dir / "logs" / f"llama-server-{self.number}.log"

    def is_alive(self) -> bool:
        return self._proc is not None and _latest(self._proc).popen.poll() is None

    def start(self) -> ExtraLocalServer:
        with self._own_lock:
            if self.is_alive():
                return self
            model = self._model_path or prepare_model(self._settings)
            self._proc = self._spawn(model, self._key(model), port=None)
            self._proc.users = 1
        return self

    def ensure_running(self) -> ExtraLocalServer:
        """Restart the process if it died, on the same port when that is still free."""
        with self._own_lock:
            if self.is_alive():
                return self
            model = self._model_path or prepare_model(self._settings)
            previous = _latest(self._proc) if self._proc is not None else None
            new = self._spawn(model, self._key(model), port=previous.port if previous is not None else None)
            new.users = 1
            if previous is not None:
                log.warning("local llama.cpp server %d (pid %d) had stopped; restarted on port %d",
                            self.number, previous.popen.pid, new.port)
                _terminate(previous)
                previous.successor = new
            else:
                self._proc = new
            self.restarts += 1
        return self

    def stop(self) -> None:
        with self._own_lock:
            proc, self._proc = (_latest(self._proc) if self._proc is not None else None), None
        if proc is not None:
            _terminate(proc)


class LocalServerPool:
    """``count`` llama.cpp servers of one model (see the module doc)."""

    def __init__(self, settings: Settings, count: int, *, model_path: Path | None = None,
                 command: CommandFactory | None = None, extra_args: Sequence[str] = ()) -> None:
        if count < 1:
            raise ValueError("a local server pool needs at least one server")
        first = LocalServer(settings, model_path=model_path, command=command, extra_args=extra_args)
        self.servers: list[LocalServer] = [first] + [
            ExtraLocalServer(settings, n, model_path=model_path, command=command, extra_args=extra_args)
            for n in range(2, count + 1)
        ]
        self._reviving: set[int] = set()
        self.revivals: dict[int, threading.Thread] = {}  # the last restart of each server
        self._lock = threading.Lock()

    def start(self) -> LocalServerPool:
        """Start every server (the first one may already be running: it is attached to)."""
        try:
            first = self.servers[0]
            model = first._model_path or prepare_model(first._settings)  # one check of the model file for all
            for server in self.servers:
                server._model_path = model
                server.start()
        except BaseException:
            self.stop()
            raise
        ref = weakref.ref(self)

        def stop_at_exit() -> None:
            pool = ref()
            if pool is not None:
                pool.stop()

        atexit.register(stop_at_exit)
        log.info("%d local llama.cpp servers: %s", len(self.servers), ", ".join(self.base_urls))
        return self

    @property
    def base_urls(self) -> list[str]:
        return [s.base_url for s in self.servers]

    def revive(self, i: int, follow: Callable[[Any], object] | None = None) -> None:
        """Restart server ``i`` in the background if it died (the pool's refused-connection hook);
        ``follow(server)`` then points its client at the server (a new port when the old was taken)."""
        with self._lock:
            if i in self._reviving or self.servers[i].is_alive():
                return
            self._reviving.add(i)

        def run() -> None:
            try:
                server = self.servers[i].ensure_running()
                if follow is not None:
                    follow(server)
            except Exception as exc:  # the pool keeps routing to the others
                log.warning("could not restart local llama.cpp server %d: %s", i + 1, exc)
            finally:
                with self._lock:
                    self._reviving.discard(i)

        thread = threading.Thread(target=run, name=f"revive-local-server-{i + 1}", daemon=True)
        self.revivals[i] = thread
        thread.start()

    def wait_revived(self, i: int, timeout: float | None = None) -> bool:
        """Wait for the last restart of server ``i`` to end; True when it is running."""
        thread = self.revivals.get(i)
        if thread is not None:
            thread.join(timeout)
        return self.servers[i].is_alive()

    def stop(self) -> None:
        for server in reversed(self.servers):
            try:
                server.stop()
            except Exception:  # pragma: no cover - stopping must go on with the others
                log.exception("stopping a local llama.cpp server failed")


__all__ = ["ExtraLocalServer", "LocalServerPool"]
