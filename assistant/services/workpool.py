"""Bounded work: a CPU-time and wall-time budget for a stretch of work in a thread, and a bounded worker
pool for heavy jobs (importing an uploaded example, embedding), so one user cannot block another.

* :class:`BudgetWatch` — one monitor thread reads, every :data:`POLL_S`, the CPU clock of each thread
  that is inside :meth:`BudgetWatch.watching` (``time.pthread_getcpuclockid``: that thread's own CPU
  time, not the process's) and its wall time; past a budget it interrupts the thread by raising
  :class:`BudgetInterrupt` in it (``PyThreadState_SetAsyncExc``, delivered between bytecodes, so
  ``finally`` blocks and ``with`` blocks run and an open database transaction rolls back). The region
  turns it into :class:`BudgetExceeded` (an ``AssistantError``, a message safe to show). A thread busy
  inside one long C call is interrupted when the call returns.
* :class:`WorkerPool` — ``size`` worker threads and at most ``queue_length`` waiting jobs. The queue
  rule: waiting jobs are served **round-robin by user** (each user's own jobs in order), so a user's
  job waits at most for the jobs already running plus one job of each other user ahead of it — never
  behind another user's backlog. A full queue answers :class:`Busy` ("服务器繁忙，请稍后再试 / The
  server is busy: try again in a moment"). Each job runs under the pool's CPU and wall budgets.
* :func:`pool` — the worker pool of an application (made on first use from its settings:
  ``worker_pool_size``, ``worker_queue_length``, ``job_cpu_seconds``, ``job_wall_seconds``).
"""

from __future__ import annotations

import ctypes
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from assistant.errors import AssistantError

log = logging.getLogger(__name__)

T = TypeVar("T")
POLL_S = 0.05  # how often the monitor reads the watched threads' clocks

#: The messages of this module, Chinese and English (``{seconds}`` filled in).
MESSAGES: dict[str, tuple[str, str]] = {
    "busy": ("服务器繁忙（等待处理的任务已满），请稍后再试。",
             "The server is busy (the queue of waiting jobs is full): try again in a moment."),
    "cpu": ("已超过单次请求的 CPU 时间上限（{seconds} 秒），已停止；没有保存未完成的结果。",
            "The request used more than its CPU-time budget ({seconds} s) and was stopped; nothing half-done "
            "was saved."),
    "wall": ("已超过单次请求的时间上限（{seconds} 秒），已停止；没有保存未完成的结果。",
             "The request ran past its time budget ({seconds} s) and was stopped; nothing half-done was saved."),
}


class _Bilingual(AssistantError):
    def __init__(self, key: str, **values: Any) -> None:
        zh, en = MESSAGES[key]
        self.key = key
        self.zh = zh.format(**values)
        self.en = en.format(**values)
        super().__init__(f"{self.zh}\n{self.en}")

    def message(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class Busy(_Bilingual):
    """The worker pool's queue is full: nothing was started."""

    def __init__(self) -> None:
        super().__init__("busy")


class BudgetExceeded(_Bilingual):
    """Work stopped at its CPU-time (``kind="cpu"``) or wall-time (``"wall"``) budget."""

    def __init__(self, kind: str, seconds: float) -> None:
        super().__init__(kind, seconds=f"{seconds:.0f}")
        self.kind = kind
        self.seconds = seconds


class BudgetInterrupt(BaseException):
    """Raised asynchronously in a watched thread past its budget (a BaseException: ``except Exception``
    handlers in the work do not swallow it)."""


def thread_cpu_seconds(ident: int | None = None) -> float:
    """CPU seconds used so far by the thread ``ident`` (default: the calling thread)."""
    if ident is None or ident == threading.get_ident():
        return time.thread_time()
    return time.clock_gettime(time.pthread_getcpuclockid(ident))


def _interrupt(ident: int, exc: type[BaseException] | None) -> None:
    """Raise ``exc`` in thread ``ident`` at its next bytecode (None: clear a pending one)."""
    obj = ctypes.py_object(exc) if exc is not None else None
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), obj)


@dataclass(eq=False)
class Watched:
    """One thread inside a budgeted region."""

    ident: int
    cpu_left: float  # CPU seconds this region may use (inf: no budget)
    wall_deadline: float  # time.monotonic() past which it is stopped (inf: no budget)
    cpu_budget: float
    wall_budget: float
    cpu0: float = 0.0
    clock: int | None = None
    cpu_used: float = 0.0
    stopped: str = ""  # "cpu" / "wall" once interrupted


class BudgetWatch:
    """Interrupts threads that overrun their CPU or wall budget (see the module docstring)."""

    def __init__(self, poll_s: float = POLL_S) -> None:
        self.poll_s = poll_s
        self._entries: set[Watched] = set()
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._thread: threading.Thread | None = None

    @contextmanager
    def watching(self, *, cpu_s: float = 0.0, wall_s: float = 0.0, cpu_budget: float | None = None,
                 wall_deadline: float | None = None, wall_budget: float | None = None) -> Iterator[Watched]:
        """Run the ``with`` body under ``cpu_s`` CPU seconds and ``wall_s`` wall seconds (0: none);
        ``cpu_budget``/``wall_budget`` name the whole budget in the message when this region is one
        part of it. Raises :class:`BudgetExceeded` past either."""
        now = time.monotonic()
        entry = Watched(
            threading.get_ident(),
            cpu_s if cpu_s > 0 else float("inf"),
            wall_deadline if wall_deadline is not None else (now + wall_s if wall_s > 0 else float("inf")),
            cpu_budget if cpu_budget is not None else cpu_s,
            wall_budget if wall_budget is not None else wall_s,
        )
        if entry.cpu_left <= 0 or entry.wall_deadline <= now:
            raise BudgetExceeded("cpu" if entry.cpu_left <= 0 else "wall",
                                 entry.cpu_budget if entry.cpu_left <= 0 else entry.wall_budget)
        entry.clock = time.pthread_getcpuclockid(entry.ident)
        entry.cpu0 = time.clock_gettime(entry.clock)
        watched = entry.cpu_left != float("inf") or entry.wall_deadline != float("inf")
        if watched:
            self._add(entry)
        try:
            yield entry
        except BudgetInterrupt:
            self._remove(entry)
            raise BudgetExceeded(entry.stopped or "cpu",
                                 entry.wall_budget if entry.stopped == "wall" else entry.cpu_budget) from None
        finally:
            self._remove(entry)
            entry.cpu_used = time.clock_gettime(entry.clock) - entry.cpu0
        if entry.stopped:  # interrupted, but the work swallowed the interrupt: still over budget
            raise BudgetExceeded(entry.stopped, entry.wall_budget if entry.stopped == "wall" else entry.cpu_budget)

    def _add(self, entry: Watched) -> None:
        with self._lock:
            self._entries.add(entry)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name="budget-watch", daemon=True)
                self._thread.start()
            self._wake.notify()

    def _remove(self, entry: Watched) -> None:
        with self._lock:
            if entry in self._entries:
                self._entries.discard(entry)
                if entry.stopped:
                    _interrupt(entry.ident, None)  # the thread left the region: nothing may still arrive

    def _loop(self) -> None:
        while True:
            with self._lock:
                while not self._entries:
                    self._wake.wait()
                now = time.monotonic()
                for entry in list(self._entries):
                    if entry.stopped or entry.clock is None:
                        continue
                    try:
                        used = time.clock_gettime(entry.clock) - entry.cpu0
                    except OSError:  # the thread ended
                        continue
                    kind = "cpu" if used > entry.cpu_left else "wall" if now > entry.wall_deadline else ""
                    if kind:
                        entry.stopped = kind
                        _interrupt(entry.ident, BudgetInterrupt)
            time.sleep(self.poll_s)


# ============================================================================================ the pool


@dataclass(eq=False)
class Ticket(Generic[T]):
    """A job given to the pool; :meth:`result` waits for it."""

    user: str
    fn: Callable[[], T]
    started: threading.Event = field(default_factory=threading.Event)
    done: threading.Event = field(default_factory=threading.Event)
    value: Any = None
    error: BaseException | None = None

    def result(self, timeout: float | None = None) -> T:
        if not self.done.wait(timeout):
            raise TimeoutError("the job has not finished")
        if self.error is not None:
            raise self.error
        return self.value  # type: ignore[no-any-return]


class WorkerPool:
    """``size`` workers, at most ``queue_length`` waiting jobs served round-robin by user, every job
    under ``cpu_s`` CPU seconds and ``wall_s`` wall seconds of running (0: none)."""

    def __init__(self, size: int = 2, queue_length: int = 8, *, cpu_s: float = 0.0, wall_s: float = 0.0,
                 watch: BudgetWatch | None = None) -> None:
        self.size = max(1, size)
        self.queue_length = max(0, queue_length)
        self.cpu_s = cpu_s
        self.wall_s = wall_s
        self.watch = watch or BudgetWatch()
        self._queues: dict[str, deque[Ticket[Any]]] = {}
        self._turns: deque[str] = deque()  # users with waiting jobs, in serving order
        self._waiting = 0
        self._running = 0
        self._lock = threading.Lock()
        self._ready = threading.Condition(self._lock)
        self._workers: list[threading.Thread] = []
        self._closed = False

    def submit(self, fn: Callable[[], T], *, user: str | None = None) -> Ticket[T]:
        """Queue ``fn``; :class:`Busy` when the queue is full (nothing queued)."""
        key = user or ""
        ticket: Ticket[T] = Ticket(key, fn)
        with self._lock:
            if self._closed:
                raise Busy()
            if self._running + self._waiting >= self.size + self.queue_length:
                raise Busy()
            queue = self._queues.setdefault(key, deque())
            if not queue:
                self._turns.append(key)
            queue.append(ticket)
            self._waiting += 1
            if len(self._workers) < self.size:
                worker = threading.Thread(target=self._work, name=f"worker-{len(self._workers) + 1}", daemon=True)
                self._workers.append(worker)
                worker.start()
            self._ready.notify()
        return ticket

    def run(self, fn: Callable[[], T], *, user: str | None = None) -> T:
        """Run ``fn`` in the pool and wait for its result (its exception, :class:`Busy`,
        :class:`BudgetExceeded`)."""
        return self.submit(fn, user=user).result()

    def waiting(self) -> int:
        with self._lock:
            return self._waiting

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._ready.notify_all()

    def _next(self) -> Ticket[Any] | None:
        with self._lock:
            while not self._turns and not self._closed:
                self._ready.wait()
            if not self._turns:
                return None
            user = self._turns.popleft()
            queue = self._queues[user]
            ticket = queue.popleft()
            if queue:
                self._turns.append(user)  # the user's next job waits for every other user's turn
            else:
                del self._queues[user]
            self._waiting -= 1
            self._running += 1
            return ticket

    def _work(self) -> None:
        while True:
            ticket = self._next()
            if ticket is None:
                return
            ticket.started.set()
            try:
                with self.watch.watching(cpu_s=self.cpu_s, wall_s=self.wall_s):
                    ticket.value = ticket.fn()
            except BaseException as exc:  # handed to the caller, whatever it is
                ticket.error = exc
            finally:
                with self._lock:
                    self._running -= 1
                ticket.done.set()


_POOL_LOCK = threading.Lock()


def pool(services: Any) -> WorkerPool:
    """The worker pool of an application (made on first use from its settings)."""
    services = getattr(services, "_services", services)  # a JobServices sees its application's pool
    with _POOL_LOCK:
        found = services.__dict__.get("_worker_pool")
        if isinstance(found, WorkerPool):
            return found
        settings = services.settings
        made = WorkerPool(settings.worker_pool_size, settings.worker_queue_length,
                          cpu_s=settings.job_cpu_seconds, wall_s=settings.job_wall_seconds)
        services.__dict__["_worker_pool"] = made
        return made
