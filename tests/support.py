"""Small helpers shared by several test modules (and benchmarks/ui_latency.py).

* :data:`HONGXING_NOTES_ZH`: the Chinese sample notes (红星镇) the UI, fault and browser tests draft from.
* :func:`free_port`: a free TCP port on a loopback (or given) address, outside the kernel's ephemeral
  range (no outgoing connection takes it before the server binds it), one slice per xdist worker.
* :func:`status_of`: the checker's verdict on one draft figure (by its text); :data:`ACCEPTING`.
* :func:`run_cli`: ``report-assistant ARGS`` in-process (Typer's runner); ``(exit code, stdout, stderr)``.
"""

from __future__ import annotations

from ports import free_port

from assistant.check import FigureCheck, check_draft

HONGXING_NOTES_ZH = """红星镇2025年工作总结笔记
- 全镇地区生产总值完成12.5亿元，同比增长6.8%
- 新建高标准农田3000亩
- 接待游客45万人次，旅游收入1.2亿元
- 问题：村集体经济薄弱，12个村收入低于10万元
- 2026年目标：地区生产总值增长6%左右
- 计划新建村级养老服务站5个
"""


def run_cli(*args: str) -> tuple[int, str, str]:
    """Invoke the CLI in-process; an exception other than ``SystemExit`` is re-raised."""
    from typer.testing import CliRunner

    from assistant.cli import app

    result = CliRunner().invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


__all__ = ["ACCEPTING", "HONGXING_NOTES_ZH", "free_port", "run_cli", "status_of"]

ACCEPTING = ("verified", "derived", "approximate")


def status_of(notes: str, draft: str, figure: str) -> FigureCheck:
    """The check of the draft figure written as ``figure`` (its first occurrence in ``draft``)."""
    start = draft.index(figure)
    found = [fc for fc in check_draft(notes, draft).figures
             if fc.figure.start < start + len(figure) and fc.figure.end > start and not fc.figure.ignored]
    assert found, f"{figure!r} is not read as a figure"
    return found[0]
