"""A real Chroma server for tests: ``chroma run --path TMP --host 127.0.0.1 --port FREE``.

The ``chroma`` command ships with the chromadb package (next to the running Python). ``start()``
waits for ``/api/v2/heartbeat``; ``stop()`` terminates it. When it cannot start,
:class:`ChromaUnavailable` carries the end of its log.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from ports import free_port


class ChromaUnavailable(RuntimeError):
    pass


def chroma_command() -> str:
    found = Path(sys.executable).parent / "chroma"
    if found.exists():
        return str(found)
    which = shutil.which("chroma")
    if which is None:
        raise ChromaUnavailable("the `chroma` command (installed with chromadb) was not found")
    return which


class ChromaServer:
    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="ra-chroma-"))
        self.port = free_port()  # outside the ephemeral range (tests/ports.py)
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = open(self.root / "server.log", "wb")  # noqa: SIM115 - closed in stop()
        self._proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 90) -> ChromaServer:
        env = dict(os.environ, ANONYMIZED_TELEMETRY="False")
        self._proc = subprocess.Popen(
            [chroma_command(), "run", "--path", str(self.root / "data"), "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=self._log, stderr=subprocess.STDOUT, env=env, start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise ChromaUnavailable(f"chroma run exited with {self._proc.returncode}: {self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/v2/heartbeat", timeout=2) as resp:
                    if resp.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise ChromaUnavailable(f"chroma run did not answer its heartbeat in {timeout:.0f} s: {self.log_tail()}")

    def log_tail(self) -> str:
        try:
            return (self.root / "server.log").read_text(errors="replace")[-2000:]
        except OSError:
            return ""

    def stop(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            os.killpg(self._proc.pid, signal.SIGTERM)
            try:
                self._proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self._proc.pid, signal.SIGKILL)
                self._proc.wait(timeout=20)
        self._log.close()
        shutil.rmtree(self.root, ignore_errors=True)
