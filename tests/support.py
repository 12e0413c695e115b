"""Small helpers shared by several test modules (and benchmarks/ui_latency.py).

* :data:`HONGXING_NOTES_ZH`: the Chinese sample notes (红星镇) the UI, fault and browser tests draft from.
* :func:`free_port`: a free TCP port on a loopback (or given) address, outside the kernel's ephemeral
  range (no outgoing connection takes it before the server binds it), one slice per xdist worker.
* :func:`status_of`: the checker's verdict on one draft figure (by its text); :data:`ACCEPTING`.
* :func:`run_cli`: ``report-assistant ARGS`` in-process (Typer's runner); ``(exit code, stdout, stderr)``.
"""

from __future__ import annotations

import os
import random
import socket
from pathlib import Path

from assistant.check import FigureCheck, check_draft

HONGXING_NOTES_ZH = """红星镇2025年工作总结笔记
- 全镇地区生产总值完成12.5亿元，同比增长6.8%
- 新建高标准农田3000亩
- 接待游客45万人次，旅游收入1.2亿元
- 问题：村集体经济薄弱，12个村收入低于10万元
- 2026年目标：地区生产总值增长6%左右
- 计划新建村级养老服务站5个
"""


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
    bottom = max(top - 12_000, 10_000)
    slices = max(int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1") or 1), index + 1)
    width = max((top - bottom) // slices, 1)
    lo = bottom + index * width
    rng = random.Random()
    for _ in range(500):
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


def run_cli(*args: str) -> tuple[int, str, str]:
    """Invoke the CLI in-process; an exception other than ``SystemExit`` is re-raised."""
    from typer.testing import CliRunner

    from assistant.cli import app

    result = CliRunner().invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


ACCEPTING = ("verified", "derived", "approximate")


def status_of(notes: str, draft: str, figure: str) -> FigureCheck:
    """The check of the draft figure written as ``figure`` (its first occurrence in ``draft``)."""
    start = draft.index(figure)
    found = [fc for fc in check_draft(notes, draft).figures
             if fc.figure.start < start + len(figure) and fc.figure.end > start and not fc.figure.ignored]
    assert found, f"{figure!r} is not read as a figure"
    return found[0]
