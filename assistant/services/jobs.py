"""Jobs: at most one running draft / rewrite / redraft per session, a per-user limit, a wall-time budget,
cancellation that reaches the model stream, and a progress line with an estimate.

* :class:`JobRegistry` (one per :class:`~assistant.services.container.Services`: :func:`registry`) —
  :meth:`~JobRegistry.start` refuses a second job in a session that has one running
  (:class:`JobRefused`, a message safe to show) and a user's job beyond ``settings.jobs_per_user``;
  :meth:`~JobRegistry.cancel` (the Stop button, "停止" in the chat, a browser that went away) sets the
  job's cancel flag; :meth:`~JobRegistry.finish` releases the session.
* :class:`CancellableModel` wraps a chat model for one job: its ``stream`` reads the model in a reader
  thread and checks the job every 0.1 s and between chunks, so a Stop takes effect at once even while
  the model is still thinking; it then raises :class:`ModelFault` ``kind="cancelled"`` (or
  ``"budget"`` past the wall-time budget), a ``ModelError``, so the drafting pipeline keeps every
  finished section (``draft_resilient``) and the session stores ONE version, and it closes the model
  stream at once: the reader's HTTP connection is shut down (:class:`~assistant.llm.abort.AbortScope`)
  even while the server is still evaluating the prompt and has sent nothing, so the server sees the
  client go away (the embedded llama.cpp server then drops the request and takes the next one,
  :mod:`assistant.llm.server_abort`). It also measures the token rate.
* :func:`track` folds a session's events into the job's progress (sections done of total, tokens/s)
  and meters the CPU time the work spends producing them: each resume of the session's generator runs
  under the job's CPU budget (``settings.job_cpu_seconds``, :class:`~assistant.services.workpool.BudgetWatch`
  reads the thread's own CPU clock and interrupts it past the budget, even inside one long step such
  as checking 10,000 note lines). Past it the job ends with
  :class:`~assistant.services.workpool.BudgetExceeded` and nothing is stored (the version is stored in
  one transaction at the end, which an interrupt rolls back).
* :func:`progress` — (section, of sections, seconds left) for the page's "第 3/9 节 · 约 40 秒" /
  "Section 3/9 · about 40 s"; no estimate before the first measurement.
"""

from __future__ import annotations

import dataclasses
import logging
import queue
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from assistant.errors import AssistantError
from assistant.llm.abort import AbortScope
from assistant.llm.faults import ModelFault
from assistant.outline import make_outline
from assistant.services.workpool import BudgetWatch

log = logging.getLogger(__name__)

POLL_S = 0.1  # how often a waiting stream looks at the cancel flag
RATE_WEIGHT = 0.3  # weight of the newest measurement in the provider's running token rate


class JobRefused(AssistantError):
    """A request refused because the session (or the user) already has work running."""

    def __init__(self, reason: str, zh: str, en: str) -> None:
        super().__init__(f"{zh}\n{en}")
        self.reason = reason
        self.zh = zh
        self.en = en

    def message(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


def cancelled_fault(reason: str = "stop", budget_s: float | None = None) -> ModelFault:
    """The fault that ends a stopped job: kept sections, one version, the page usable."""
    if reason == "budget":
        return ModelFault("budget", f"已超过单次请求的时间上限（{budget_s or 0:.0f} 秒），已停止；已完成的部分已保留。",
                          f"The request ran past its time budget ({budget_s or 0:.0f} s) and was stopped; "
                          "what was finished is kept.")
    return ModelFault("cancelled", "已按要求停止，已完成的部分已保留。", "Stopped as asked; what was finished is kept.")


@dataclass
class Job:
    """One running draft / rewrite / redraft of a session."""

    session_id: str
    user: str | None
    kind: str
    provider: str = ""
    budget_s: float = 0.0  # 0: no budget
    cpu_budget_s: float = 0.0  # CPU seconds of the work (0: no budget)
    cpu_used: float = 0.0  # CPU seconds the work used so far (metered by track)
    watch: BudgetWatch | None = field(default=None, repr=False)
    started: float = field(default_factory=time.monotonic)
    total: int = 0  # leaf sections to write (0: unknown)
    done: int = 0  # leaf sections finished
    current: int = 0  # 1-based number of the section being written
    tokens: int = 0  # stream chunks received
    stream_seconds: float = 0.0  # time spent receiving them
    items_total: int = 0
    items_done: int = 0
    tokens_done: int = 0  # chunks of finished sections
    rate0: float | None = None  # the provider's measured rate when the job began (tokens/s)
    reason: str = ""  # why it was cancelled: stop, disconnect, budget
    _cancel: threading.Event = field(default_factory=threading.Event, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    # --- cancellation ------------------------------------------------------------------------------
    def cancel(self, reason: str = "stop") -> None:
        if not self._cancel.is_set():
            self.reason = reason
            self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def over_budget(self) -> bool:
        return self.budget_s > 0 and time.monotonic() - self.started > self.budget_s

    def check(self) -> None:
        """Raise the job's fault when it was cancelled or ran past its budget."""
        if self.over_budget() and not self.cancelled:
            self.cancel("budget")
        if self.cancelled:
            raise cancelled_fault(self.reason, self.budget_s)

    @contextmanager
    def metered(self) -> Iterator[None]:
        """Run the ``with`` body under what is left of the CPU budget, adding its CPU time to
        :attr:`cpu_used`; :class:`~assistant.services.workpool.BudgetExceeded` past the budget."""
        if self.watch is None or self.cpu_budget_s <= 0:
            yield
            return
        left = self.cpu_budget_s - self.cpu_used
        entry = None
        try:
            with self.watch.watching(cpu_s=max(left, 1e-9), cpu_budget=self.cpu_budget_s) as entry:
                yield
        finally:
            if entry is not None:
                self.cpu_used += entry.cpu_used

    # --- measurement -------------------------------------------------------------------------------
    def count(self, chunks: int, seconds: float) -> None:
        with self._lock:
            self.tokens += chunks
            self.stream_seconds += seconds

    @property
    def rate(self) -> float | None:
        """Tokens a second measured in this job, else the provider's earlier rate, else None."""
        if self.tokens >= 8 and self.stream_seconds > 0:
            return self.tokens / self.stream_seconds
        return self.rate0

    def remaining_seconds(self) -> float | None:
        """Seconds left, from the measured rate and the tokens per note item of the finished sections;
        None before anything was measured."""
        rate = self.rate
        if not rate or self.items_done <= 0 or self.tokens_done <= 0 or self.items_total <= 0:
            return None
        per_item = self.tokens_done / self.items_done
        left_items = max(self.items_total - self.items_done, 0)
        in_flight = max(self.tokens - self.tokens_done, 0)
        return max(left_items * per_item - in_flight, 0.0) / rate


class JobRegistry:
    """The running jobs of an application (thread-safe)."""

    def __init__(self, *, per_user: int = 2, budget_s: float = 0.0, cpu_budget_s: float = 0.0) -> None:
        self.per_user = max(1, per_user)
        self.budget_s = budget_s
        self.cpu_budget_s = cpu_budget_s
        self.watch = BudgetWatch()
        self._jobs: dict[str, Job] = {}
        self._rates: dict[str, float] = {}
        self._lock = threading.Lock()

    def start(self, session_id: str, *, user: str | None = None, kind: str = "draft", provider: str = "") -> Job:
        """Register a job, or raise :class:`JobRefused` (the session or the user is busy)."""
        with self._lock:
            running = self._jobs.get(session_id)
            if running is not None:
                raise JobRefused(
                    "session_busy",
                    "上一个请求还在进行中，没有开始新的请求。请等它完成，或点“停止”后再发送。",
                    "The previous request is still running; nothing new was started. Wait for it to finish, "
                    "or press Stop, then send again.")
            if user is not None and sum(1 for j in self._jobs.values() if j.user == user) >= self.per_user:
                raise JobRefused(
                    "user_limit",
                    f"您已有 {self.per_user} 个请求在进行中（其他会话）。请等其中一个完成后再发送。",
                    f"You already have {self.per_user} requests running (in other sessions). "
                    "Wait for one to finish, then send again.")
            job = Job(session_id, user, kind, provider=provider, budget_s=self.budget_s,
                      cpu_budget_s=self.cpu_budget_s, watch=self.watch, rate0=self._rates.get(provider))
            self._jobs[session_id] = job
            return job

    def get(self, session_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(session_id)

    def running(self, session_id: str) -> bool:
        return self.get(session_id) is not None

    def active(self) -> int:
        """How many jobs run now (all sessions of this application)."""
        with self._lock:
            return len(self._jobs)

    def cancel(self, session_id: str, reason: str = "stop") -> bool:
        """Cancel the session's job; False when none runs."""
        job = self.get(session_id)
        if job is None:
            return False
        job.cancel(reason)
        return True

    def finish(self, job: Job) -> None:
        """Release the session and remember the provider's measured token rate."""
        with self._lock:
            if self._jobs.get(job.session_id) is job:
                del self._jobs[job.session_id]
            if job.provider and job.tokens >= 8 and job.stream_seconds > 0:
                rate = job.tokens / job.stream_seconds
                old = self._rates.get(job.provider)
                self._rates[job.provider] = rate if old is None else old + RATE_WEIGHT * (rate - old)

    def rate(self, provider: str) -> float | None:
        with self._lock:
            return self._rates.get(provider)


_REGISTRY_LOCK = threading.Lock()


def registry(services: Any) -> JobRegistry:
    """The job registry of an application (made on first use from its settings)."""
    services = services._services if isinstance(services, JobServices) else services
    with _REGISTRY_LOCK:
        found = services.__dict__.get("_job_registry")
        if isinstance(found, JobRegistry):
            return found
        settings = services.settings
        made = JobRegistry(per_user=settings.jobs_per_user, budget_s=settings.job_wall_seconds,
                           cpu_budget_s=settings.job_cpu_seconds)
        services.__dict__["_job_registry"] = made
        return made


# ============================================================================================ the model


class CancellableModel:
    """A chat model for one job: ``stream`` stops at once when the job is cancelled (see the module
    docstring); ``invoke`` checks before the call. Other attributes are the wrapped model's."""

    def __init__(self, model: Any, job: Job) -> None:
        self._model = model
        self._job = job

    def __getattr__(self, name: str) -> Any:
        return getattr(self._model, name)

    def invoke(self, *args: Any, **kwargs: Any) -> Any:
        self._job.check()
        return self._model.invoke(*args, **kwargs)

    def stream(self, messages: Any, **call: Any) -> Iterator[Any]:
        job = self._job
        job.check()
        pieces: queue.Queue[tuple[str, Any]] = queue.Queue()
        stop = threading.Event()
        scope = AbortScope()  # the reader's HTTP request: closed at once on Stop, even before a token

        def pump() -> None:
            gen = None
            with scope.active():
                try:
                    gen = iter(self._model.stream(messages, **call))
                    for chunk in gen:
                        pieces.put(("chunk", chunk))
                        if stop.is_set():
                            break
                    pieces.put(("end", None))
                except BaseException as exc:
                    pieces.put(("error", exc))
                finally:
                    close = getattr(gen, "close", None)
                    if close is not None:
                        try:
                            close()  # closes the HTTP response: the server sees the client go away
                        except Exception:
                            log.debug("closing the model stream failed", exc_info=True)

        reader = threading.Thread(target=pump, name=f"model-stream-{job.session_id[:8]}", daemon=True)
        reader.start()
        last = time.monotonic()
        ended = False
        try:
            while True:
                try:
                    kind, value = pieces.get(timeout=POLL_S)
                except queue.Empty:
                    job.check()
                    continue
                if kind == "end":
                    ended = True
                    return
                if kind == "error":
                    ended = True
                    raise value
                now = time.monotonic()
                job.count(1, now - last)
                last = now
                job.check()
                yield value
        finally:
            stop.set()
            if not ended:  # stopped (or the caller left) while the reader waits on the server
                closed = scope.abort()
                log.debug("stopped model stream: %d connection(s) closed", closed)


def track(events: Iterator[Any], job: Job) -> Iterator[Any]:
    """The session's events, folded into ``job``'s progress (sections done of total, note items done,
    tokens of finished sections); the events pass through unchanged. Producing each event is metered
    against the job's CPU budget (:meth:`Job.metered`)."""
    items: dict[str, int] = {}
    source = iter(events)
    event: Any
    while True:
        with job.metered():
            event = next(source, _END)
        if event is _END:
            return
        name = type(event).__name__
        if name == "DraftBegun":
            items = _leaf_items(event)
            job.total = len(items)
            job.items_total = sum(items.values())
            job.provider = str(getattr(event, "provider", "") or job.provider)
        elif name == "SectionStarted" and event.section_id in items:
            job.current = min(job.done + 1, job.total)
        elif name == "SectionDone" and event.section.section_id in items:
            job.done = min(job.done + 1, job.total)
            job.items_done += items[event.section.section_id]
            job.tokens_done = job.tokens
        yield event


class JobServices:
    """The application's services as one job sees them: the same everything, except that
    :meth:`provider` hands out the model wrapped in :class:`CancellableModel`, so
    ``SessionWorkflow(JobServices(services, job), session_id)`` drafts and rewrites cancellably."""

    def __init__(self, services: Any, job: Job) -> None:
        self._services = services
        self._job = job

    def __getattr__(self, name: str) -> Any:
        return getattr(self._services, name)

    def provider(self, name: str | None = None, *, language: str = "zh") -> Any:
        handle = self._services.provider(name, language=language)
        self._job.provider = handle.name
        if handle.model is None:
            return handle
        return dataclasses.replace(handle, model=CancellableModel(handle.model, self._job), _closers=[])


_END = object()


def _leaf_items(begun: Any) -> dict[str, int]:
    """Leaf section id → number of note items (heads and continuations), of the draft's outline."""
    try:
        outline = make_outline(begun.notes, begun.hits, begun.options)
    except Exception:
        log.debug("no outline for the progress line", exc_info=True)
        return {}
    return {leaf.section_id: len(leaf.note_items) + len(leaf.attached) for leaf in outline.leaves()}


def progress(job: Job) -> tuple[int, int, int | None]:
    """(section being written, sections in all, seconds left rounded for display or None before any
    measurement) — the page words it: "第 3/9 节 · 约 40 秒" / "Section 3/9 · about 40 s"."""
    if not job.total:
        return 0, 0, None
    current = min(max(job.current, min(job.done + 1, job.total)), job.total)
    left = job.remaining_seconds()
    return current, job.total, None if left is None else _round(left)


def _round(seconds: float) -> int:
    if seconds < 10:
        return max(1, round(seconds))
    if seconds < 60:
        return int(round(seconds / 5.0) * 5)
    return int(round(seconds / 10.0) * 10)
