"""Several OpenAI-compatible endpoints as one chat model: least-busy routing with failover.

``REPORT_ASSISTANT_OPENAI_BASE_URLS=http://a:8000/v1,http://b:8000/v1`` (vLLM, SGLang, llama.cpp
servers started with ``-np`` slots …) makes :func:`assistant.llm.providers.make_chat_model` return a
:class:`PooledChatModel` over one :class:`~assistant.llm.resilience.ResilientChatOpenAI` per endpoint:

* **least busy**: each call goes to the endpoint with the fewest calls in flight (ties: the one used
  least recently), counted by :class:`EndpointPool` across every thread of the process;
* **failover before the first token**: a call that fails before any text arrived (connection
  refused, timeout, 5xx, 429, a malformed or empty reply) is retried on the next endpoint; an
  endpoint that was refused, timed out or answered 5xx is skipped for ``cooldown`` seconds (it is
  still tried when every endpoint is cooling down). Text that has started streaming is never
  replayed on another endpoint: that failure is raised (``interrupted``) and the caller keeps the text.

The per-endpoint models retry nothing themselves (``retries=0``): the pool is the one retry policy.
Nothing here reads the environment.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from langchain_core.language_models import BaseChatModel
from pydantic import ConfigDict, Field

from assistant.llm.abort import aborted
from assistant.llm.resilience import ModelFault, _content_of, classify, endpoint_label, stopped_fault

if TYPE_CHECKING:
    from langchain_core.messages import BaseMessage
    from langchain_core.outputs import ChatGenerationChunk, ChatResult

    from assistant.settings import Settings

log = logging.getLogger(__name__)

COOL_DOWN_KINDS = frozenset({"refused", "timeout", "server_error"})
FAILOVER_KINDS = COOL_DOWN_KINDS | {"rate_limited", "bad_response", "empty"}


MAX_AUTO_SERVERS = 4
CORES_PER_SERVER = 4


def local_server_count(settings: Settings, cores: int | None = None) -> int:
    """The number of embedded servers to run: ``settings.local_servers``, or with ``0`` one per
    :data:`CORES_PER_SERVER` cores up to :data:`MAX_AUTO_SERVERS` (1 on a machine under 8 cores)."""
    if settings.local_servers > 0:
        return settings.local_servers
    cores = cores if cores is not None else (os.cpu_count() or 1)
    return max(1, min(MAX_AUTO_SERVERS, cores // CORES_PER_SERVER))


def parse_base_urls(spec: str) -> list[str]:
    """``"http://a/v1, http://b/v1"`` → the distinct URLs, in order."""
    out: list[str] = []
    for part in (spec or "").split(","):
        url = part.strip().rstrip("/")
        if url and url not in out:
            out.append(url)
    return out


@dataclass
class EndpointState:
    url: str
    in_flight: int = 0
    served: int = 0  # calls started here
    failures: int = 0
    cooling_until: float = 0.0
    last_used: float = 0.0


class EndpointPool:
    """In-flight counts and cool-downs of several endpoints (thread-safe); :meth:`order` is the
    order a new call tries them in."""

    def __init__(self, urls: Sequence[str], *, cooldown: float = 30.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if not urls:
            raise ValueError("an endpoint pool needs at least one URL")
        self.states = [EndpointState(u) for u in urls]
        self.cooldown = cooldown
        self.clock = clock
        self._lock = threading.Lock()

    def order(self) -> list[int]:
        """Endpoint indexes: available ones first (fewest in flight, then least recently used),
        then those cooling down (soonest back first)."""
        now = self.clock()
        with self._lock:
            ready = [i for i, s in enumerate(self.states) if s.cooling_until <= now]
            cooling = [i for i, s in enumerate(self.states) if s.cooling_until > now]
            ready.sort(key=lambda i: (self.states[i].in_flight, self.states[i].last_used, i))
            cooling.sort(key=lambda i: self.states[i].cooling_until)
            return ready + cooling

    @contextmanager
    def lease(self, i: int) -> Iterator[EndpointState]:
        """Count one call in flight on endpoint ``i`` for the duration of the block."""
        with self._lock:
            state = self.states[i]
            state.in_flight += 1
            state.served += 1
            state.last_used = self.clock()
        try:
            yield state
        finally:
            with self._lock:
                state.in_flight -= 1

    def failed(self, i: int, kind: str) -> None:
        with self._lock:
            state = self.states[i]
            state.failures += 1
            if kind in COOL_DOWN_KINDS:
                state.cooling_until = self.clock() + self.cooldown
                log.warning("model endpoint %s failed (%s): skipped for %.0f s", endpoint_label(state.url), kind,
                            self.cooldown)

    def succeeded(self, i: int) -> None:
        with self._lock:
            self.states[i].cooling_until = 0.0

    def snapshot(self) -> list[EndpointState]:
        with self._lock:
            return [EndpointState(s.url, s.in_flight, s.served, s.failures, s.cooling_until, s.last_used)
                    for s in self.states]


class PooledChatModel(BaseChatModel):
    """A chat model spreading calls over ``members`` (one model per endpoint of ``pool``)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    members: list[Any] = Field(default_factory=list)
    pool: Any = None  # EndpointPool (Any: pydantic needs no schema for it)
    model_name: str = "pool"
    # called with an endpoint's index when it refused a connection (its server died): the embedded
    # servers' pool restarts it in the background (assistant.llm.local_pool); None for remote endpoints
    revive: Any = None

    @property
    def _llm_type(self) -> str:
        return "report-assistant-pool"

    def _fail(self, i: int, exc: BaseException, *, started: bool = False) -> ModelFault:
        if aborted():  # stopped by the caller: not the endpoint's fault, and no failover
            raise stopped_fault() from None
        fault = exc if isinstance(exc, ModelFault) else classify(exc, base_url=self.pool.states[i].url,
                                                                  started=started)
        self.pool.failed(i, fault.kind)
        if fault.kind == "refused" and self.revive is not None:
            self.revive(i)
        return fault

    def _stream(self, messages: list[BaseMessage], stop: list[str] | None = None,
                run_manager: Any = None, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        last: ModelFault | None = None
        for i in self.pool.order():
            started = False
            with self.pool.lease(i):
                try:
                    for chunk in self.members[i]._stream(messages, stop, None, **kwargs):
                        if _content_of(chunk):
                            started = True
                        yield chunk
                except GeneratorExit:
                    raise
                except Exception as exc:
                    fault = self._fail(i, exc, started=started)
                    if started or fault.kind not in FAILOVER_KINDS:
                        raise fault from None
                    log.warning("model endpoint %s failed before the first token (%s): trying another",
                                endpoint_label(self.pool.states[i].url), fault.kind)
                    last = fault
                    continue
            self.pool.succeeded(i)
            return
        assert last is not None
        raise last

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None,
                  run_manager: Any = None, **kwargs: Any) -> ChatResult:
        last: ModelFault | None = None
        for i in self.pool.order():
            with self.pool.lease(i):
                try:
                    result: ChatResult = self.members[i]._generate(messages, stop, None, **kwargs)
                except Exception as exc:
                    fault = self._fail(i, exc)
                    if fault.kind not in FAILOVER_KINDS:
                        raise fault from None
                    last = fault
                    continue
            self.pool.succeeded(i)
            return result
        assert last is not None
        raise last


def make_pooled_chat(urls: Sequence[str], make_member: Callable[[str], Any], *, cooldown: float = 30.0,
                     model_name: str = "pool") -> PooledChatModel:
    """A :class:`PooledChatModel` over ``make_member(url)`` for each URL (members must not retry)."""
    pool = EndpointPool(list(urls), cooldown=cooldown)
    return PooledChatModel(members=[make_member(u) for u in urls], pool=pool, model_name=model_name)
