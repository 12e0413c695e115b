"""First-run status: what the app is doing right now and what already works.

Long background work (assembling the local model, building the dense index, re-indexing the
user's examples) reports its progress into a :class:`StatusBoard`. The page polls
:func:`status_report` (through a ``gr.Timer``) and shows, in Chinese or English, each task with its
progress and the capabilities that are usable *now* — e.g. offline drafting and lexical search work
while the dense index is still being built.

The board is plain thread-safe state: no threads of its own, nothing at import time.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal

from assistant.redact import redact_urls
from assistant.sanitize import markdown_text

log = logging.getLogger(__name__)

TaskState = Literal["pending", "running", "done", "failed"]
Lang = Literal["zh", "en"]

# Well-known task keys (other keys are allowed; they are shown with their own label).
MODEL_TASK = "local_model"
DENSE_TASK = "dense_index"
LEXICAL_TASK = "lexical_index"
REINDEX_TASK = "reindex"
UPLOAD_TASK = "upload"
UPLOAD_DENSE_TASK = "upload_dense"

_LABELS: dict[str, tuple[str, str]] = {
    MODEL_TASK: ("本地模型组装", "Assembling the local model"),
    DENSE_TASK: ("语义索引（向量）构建", "Building the dense (semantic) index"),
    LEXICAL_TASK: ("关键词索引构建", "Building the lexical index"),
    REINDEX_TASK: ("重建示例索引", "Re-indexing the examples"),
    UPLOAD_TASK: ("导入上传的示例", "Importing uploaded examples"),
    UPLOAD_DENSE_TASK: ("新范文的语义索引", "Semantic index of the new examples"),
}

_UNITS: dict[str, tuple[str, str]] = {
    MODEL_TASK: ("", ""),  # shown as a percentage
    DENSE_TASK: ("个片段", "chunks"),
    LEXICAL_TASK: ("个片段", "chunks"),
    REINDEX_TASK: ("个片段", "chunks"),
    UPLOAD_TASK: ("个文件", "files"),
    UPLOAD_DENSE_TASK: ("个片段", "chunks"),
}

_STATE_WORDS: dict[TaskState, tuple[str, str]] = {
    "pending": ("等待中", "waiting"),
    "running": ("进行中", "in progress"),
    "done": ("已完成", "done"),
    "failed": ("失败", "failed"),
}

_CAPABILITIES: dict[str, tuple[str, str]] = {
    "offline_drafting": ("离线起草（无需模型）", "Offline drafting (no model needed)"),
    "lexical_search": ("关键词检索示例", "Lexical search of the examples"),
    "dense_search": ("语义检索示例", "Semantic (dense) search of the examples"),
    "local_model": ("本地模型起草", "Drafting with the local model"),
    "openai_model": ("在线模型起草（OpenAI 兼容接口）", "Drafting with the OpenAI-compatible endpoint"),
    "uploads": ("上传自己的示例报告", "Uploading your own example reports"),
}


@dataclass(frozen=True)
class TaskProgress:
    """One piece of background work as last reported."""

    key: str
    state: TaskState = "pending"
    done: float = 0.0
    total: float | None = None
    message: str = ""
    started_at: float | None = None
    updated_at: float = field(default_factory=time.monotonic)

    @property
    def fraction(self) -> float | None:
        if self.state == "done":
            return 1.0
        if not self.total:
            return None
        return max(0.0, min(1.0, self.done / self.total))


@dataclass(frozen=True)
class StatusReport:
    """A snapshot for the page: tasks, what works now, what will work once the tasks finish."""

    tasks: tuple[TaskProgress, ...]
    available: tuple[str, ...]
    pending: tuple[str, ...]

    @property
    def busy(self) -> bool:
        return any(t.state in ("pending", "running") for t in self.tasks)


class StatusBoard:
    """Thread-safe progress of the app's background tasks.

    Producers call :meth:`start`, :meth:`update` (or use :meth:`callback` as a ``(done, total)``
    progress callback), then :meth:`finish` or :meth:`fail`. Consumers call :meth:`snapshot`.
    Capabilities (``"lexical_search"``, ``"local_model"`` …) are switched on with :meth:`enable`.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tasks: dict[str, TaskProgress] = {}
        self._capabilities: dict[str, bool] = {"offline_drafting": True, "uploads": True}

    # --- producers ------------------------------------------------------------------------
    def start(self, key: str, total: float | None = None, message: str = "") -> None:
        now = time.monotonic()
        with self._lock:
            self._tasks[key] = TaskProgress(
                key=key, state="running", done=0.0, total=total, message=message, started_at=now,
                updated_at=now,
            )
        log.debug("task %s started (total=%s)", key, total)

    def update(self, key: str, done: float, total: float | None = None, message: str | None = None) -> None:
        with self._lock:
            old = self._tasks.get(key) or TaskProgress(key=key, started_at=time.monotonic())
            self._tasks[key] = replace(
                old,
                state="running",
                done=float(done),
                total=old.total if total is None else float(total),
                message=old.message if message is None else message,
                updated_at=time.monotonic(),
            )

    def finish(self, key: str, message: str = "") -> None:
        with self._lock:
            old = self._tasks.get(key) or TaskProgress(key=key)
            done = old.total if old.total is not None else old.done
            self._tasks[key] = replace(
                old, state="done", done=done, message=message or old.message, updated_at=time.monotonic()
            )
        log.debug("task %s finished", key)

    def fail(self, key: str, message: str) -> None:
        message = redact_urls(message)  # an endpoint URL in an error may carry a credential
        with self._lock:
            old = self._tasks.get(key) or TaskProgress(key=key)
            self._tasks[key] = replace(old, state="failed", message=message, updated_at=time.monotonic())
        log.warning("task %s failed: %s", key, message)

    def callback(self, key: str) -> Callable[[int, int], None]:
        """A ``(done, total)`` callback that reports into task ``key`` (starting it if needed)."""

        def report(done: int, total: int) -> None:
            self.update(key, done, total)

        return report

    def enable(self, capability: str, on: bool = True) -> None:
        with self._lock:
            self._capabilities[capability] = on

    def forget(self, key: str) -> None:
        with self._lock:
            self._tasks.pop(key, None)

    # --- consumers ------------------------------------------------------------------------
    def task(self, key: str) -> TaskProgress | None:
        with self._lock:
            return self._tasks.get(key)

    def snapshot(self) -> StatusReport:
        with self._lock:
            tasks = tuple(self._tasks.values())
            caps = dict(self._capabilities)
        available = tuple(k for k, on in caps.items() if on)
        pending: list[str] = []
        running = {t.key for t in tasks if t.state in ("pending", "running")}
        if DENSE_TASK in running and not caps.get("dense_search"):
            pending.append("dense_search")
        if MODEL_TASK in running and not caps.get("local_model"):
            pending.append("local_model")
        if LEXICAL_TASK in running and not caps.get("lexical_search"):
            pending.append("lexical_search")
        return StatusReport(tasks=tasks, available=available, pending=tuple(pending))


def task_label(key: str, lang: Lang) -> str:
    zh, en = _LABELS.get(key, (key, key))
    return zh if lang == "zh" else en


def capability_label(key: str, lang: Lang) -> str:
    zh, en = _CAPABILITIES.get(key, (key, key))
    return zh if lang == "zh" else en


def describe_task(task: TaskProgress, lang: Lang) -> str:
    """One line: label, progress (x/y unit or x%), state, message."""
    label = task_label(task.key, lang)
    zh_state, en_state = _STATE_WORDS[task.state]
    state = zh_state if lang == "zh" else en_state
    parts = [f"{label}：" if lang == "zh" else f"{label}: "]
    if task.state == "running" and task.total:
        unit_zh, unit_en = _UNITS.get(task.key, ("", ""))
        unit = unit_zh if lang == "zh" else unit_en
        pct = round(100 * (task.fraction or 0.0))
        if unit and lang == "zh":
            parts.append(f"{int(task.done)}/{int(task.total)} {unit}（{pct}%）")
        elif unit:
            parts.append(f"{int(task.done)}/{int(task.total)} {unit} ({pct}%)")
        else:
            parts.append(f"{pct}%")
        parts.append("，" + state if lang == "zh" else f", {state}")
    else:
        parts.append(state)
    if task.message:
        message = markdown_text(redact_urls(task.message))  # shown in a Markdown panel: inert
        parts.append(("（" + message + "）") if lang == "zh" else f" ({message})")
    return "".join(parts)


def render_status(report: StatusReport, lang: Lang = "zh") -> str:
    """Markdown for the page: running/failed tasks, then what works now and what is coming."""
    lines: list[str] = []
    shown = [t for t in report.tasks if t.state != "done"]
    if shown:
        lines.append("**正在进行**" if lang == "zh" else "**In progress**")
        lines.extend(f"- {describe_task(t, lang)}" for t in shown)
    if report.available:
        head = "**现在即可使用**：" if lang == "zh" else "**Works now**: "
        sep = "、" if lang == "zh" else ", "
        lines.append(head + sep.join(capability_label(c, lang) for c in report.available))
    if report.pending:
        head = "**完成后可用**：" if lang == "zh" else "**Available when finished**: "
        sep = "、" if lang == "zh" else ", "
        lines.append(head + sep.join(capability_label(c, lang) for c in report.pending))
    return "\n".join(lines)


def status_report(board: StatusBoard) -> StatusReport:
    """What the UI polls: the board's snapshot (kept as a function for a stable import path)."""
    return board.snapshot()
