"""Free loopback ports for the servers the tests start (apps, PostgreSQL, Chroma): :func:`free_port`.

Kept apart from tests/support.py (which imports the checker) so that scripts/office_local.py and
benchmarks/load.py, which start the same servers through tests/pg_server.py and tests/chroma_server.py,
import nothing more than they need.
"""

from __future__ import annotations

import os
import random
import socket
from pathlib import Path


def _ephemeral_low() -> int:
    """The lowest port the kernel hands out to outgoing connections and ``bind(("", 0))``."""
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768  # Linux's default


def free_port(host: str = "127.0.0.1") -> int:
    """A port that is free on ``host`` now, for a server a test starts in a moment.

    Taken BELOW the kernel's ephemeral range, from a slice of its own per pytest-xdist worker: a port
    from ``bind(0)`` is an ephemeral one, so between this check and the server's own bind (seconds: the
    app imports first) any outgoing connection of the machine (a browser, an HTTP poll, the other
    worker) could take it, and the other worker's ``bind(0)`` could return it too; the server then
    exits with "address already in use" (a failure that passes on a rerun)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    index = int(worker[2:]) if worker[2:].isdigit() else 0
    top = min(_ephemeral_low(), 65536)
    bottom = max(top - 12_000, 1024)
    slices = max(int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1") or 1), index + 1)
    width = max((top - bottom) // slices, 1)
    lo = bottom + index * width
    rng = random.Random()
    for _ in range(500 if width >= 100 else 0):  # an ephemeral range starting low: bind(0) below
        port = rng.randrange(lo, lo + width)
        with socket.socket() as s:
            try:
                s.bind((host, port))
            except OSError:
                continue
            return port
    with socket.socket() as s:  # every tried port taken: let the kernel choose
        s.bind((host, 0))
        return int(s.getsockname()[1])
