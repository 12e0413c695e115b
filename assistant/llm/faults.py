"""Model-call faults: :class:`ModelFault` (a failed call, classified, its message safe to show),
:func:`classify` (any exception → a ``ModelFault`` naming the cause and what to do, zh + en, never the
exception text, which may quote a key, and never a URL's credentials), ``Retry-After`` parsing and the
backoff policy's delays.

Split from :mod:`assistant.llm.resilience` so that what only needs the fault types (the job runner,
the page's events) does not import ``langchain_openai`` and the OpenAI client (about 4 s of every
app start on a loaded 2-core machine); ``resilience`` re-exports every name.
"""

from __future__ import annotations

import email.utils
import logging
import random
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from assistant.errors import ModelError

log = logging.getLogger(__name__)

BACKOFF_BASE_S = 0.5
BACKOFF_MAX_S = 8.0
RETRYABLE = frozenset({"refused", "timeout", "rate_limited", "server_error", "bad_response", "empty"})


# ============================================================================================ faults


class ModelFault(ModelError):
    """A failed model call, classified. ``str()`` is the Chinese and English message (safe to show).

    ``kind``: refused, timeout, rate_limited, server_error, bad_response, empty, interrupted,
    too_slow, auth, not_found, bad_request, unknown. ``retry_after``: seconds the server asked for.
    """

    def __init__(self, kind: str, zh: str, en: str, *, retry_after: float | None = None,
                 status: int | None = None) -> None:
        super().__init__(f"{zh}\n{en}")
        self.kind = kind
        self.zh = zh
        self.en = en
        self.retry_after = retry_after
        self.status = status

    @property
    def retryable(self) -> bool:
        return self.kind in RETRYABLE

    def message(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


def endpoint_label(base_url: str | None) -> str:
    """``scheme://host:port`` of an endpoint: no credentials, path or query."""
    if not base_url:
        return "api.openai.com"
    try:
        parts = urlsplit(base_url)
        host = parts.hostname or ""
        if not host:
            return "the configured endpoint"
        port = f":{parts.port}" if parts.port else ""
        host = f"[{host}]" if ":" in host else host
        return f"{parts.scheme or 'http'}://{host}{port}"
    except ValueError:
        return "the configured endpoint"


def parse_retry_after(headers: Any, *, now: float | None = None) -> float | None:
    """Seconds from ``Retry-After`` (delta-seconds or an HTTP date) or ``retry-after-ms``; else None."""
    if headers is None:
        return None
    try:
        ms = headers.get("retry-after-ms")
        if ms is not None:
            return max(0.0, float(ms) / 1000.0)
    except (TypeError, ValueError, AttributeError):
        pass
    try:
        value = headers.get("retry-after")
    except AttributeError:
        return None
    if value is None:
        return None
    value = str(value).strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _chain(exc: BaseException) -> list[BaseException]:
    out: list[BaseException] = []
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen and len(out) < 10:
        out.append(cur)
        seen.add(id(cur))
        cur = cur.__cause__ or cur.__context__
    return out


def _fault(kind: str, where: str, *, status: int | None = None, retry_after: float | None = None,
           seconds: float | None = None) -> ModelFault:
    code = f" (HTTP {status})" if status else ""
    wait = f"{retry_after:.0f}" if retry_after is not None else ""
    texts: dict[str, tuple[str, str]] = {
        "refused": (
            f"无法连接语言模型服务 {where}（连接被拒绝或无法访问）。请确认模型服务已启动、地址"
            "（REPORT_ASSISTANT_OPENAI_BASE_URL）正确，然后重试；本地模型会自动重启。",
            f"Cannot reach the language model at {where} (connection refused or unreachable). Check that "
            "the model server is running and REPORT_ASSISTANT_OPENAI_BASE_URL is right, then try again; "
            "the local model is restarted automatically.",
        ),
        "timeout": (
            f"语言模型服务 {where} 响应超时（{seconds or 0:.0f} 秒内没有回复）。服务可能过载，请稍后重试，"
            "或调大 REPORT_ASSISTANT_LLM_TIMEOUT。",
            f"The language model at {where} did not answer in time ({seconds or 0:.0f} s). It may be "
            "overloaded: try again later or raise REPORT_ASSISTANT_LLM_TIMEOUT.",
        ),
        "rate_limited": (
            f"语言模型服务 {where} 限流{code}" + (f"，要求等待 {wait} 秒" if wait else "")
            + "。请稍后重试，或检查账户的调用额度。",
            f"The language model at {where} is rate-limiting requests{code}"
            + (f" and asks to wait {wait} s" if wait else "") + ". Try again later or check the account's quota.",
        ),
        "server_error": (
            f"语言模型服务 {where} 内部出错{code}。这通常是暂时的，请稍后重试。",
            f"The language model at {where} had an internal error{code}. This is usually temporary: try again later.",
        ),
        "bad_response": (
            f"语言模型服务 {where} 返回了无法解析的数据（不是有效的 JSON）。请确认地址指向 OpenAI 兼容接口"
            "（通常以 /v1 结尾），然后重试。",
            f"The language model at {where} sent a reply that is not valid JSON. Check that the URL points "
            "to an OpenAI-compatible API (usually ending in /v1), then try again.",
        ),
        "empty": (
            f"语言模型服务 {where} 返回了空回复。请重试；若反复出现，请换用其他模型。",
            f"The language model at {where} returned an empty reply. Try again; if it keeps happening, use another model.",
        ),
        "interrupted": (
            f"语言模型服务 {where} 的输出中途断开。已写出的部分已保留并标注【生成中断】，可单独重试该节。",
            f"The stream from the language model at {where} broke off. What arrived is kept and marked "
            "[interrupted]; you can redo that section on its own.",
        ),
        "too_slow": (
            f"语言模型服务 {where} 的输出超过 {seconds or 0:.0f} 秒仍未结束，已停止。已写出的部分已保留，"
            "可单独重试该节，或调大 REPORT_ASSISTANT_LLM_TOTAL_TIMEOUT。",
            f"The reply from the language model at {where} was still running after {seconds or 0:.0f} s and "
            "was stopped. What arrived is kept; redo the section or raise REPORT_ASSISTANT_LLM_TOTAL_TIMEOUT.",
        ),
        "auth": (
            f"语言模型服务 {where} 拒绝了 API 密钥{code}。请检查 REPORT_ASSISTANT_OPENAI_API_KEY。",
            f"The language model at {where} refused the API key{code}. Check REPORT_ASSISTANT_OPENAI_API_KEY.",
        ),
        "not_found": (
            f"语言模型服务 {where} 找不到所请求的模型或接口{code}。请检查 REPORT_ASSISTANT_OPENAI_MODEL 和地址。",
            f"The language model at {where} does not know the model or route{code}. Check "
            "REPORT_ASSISTANT_OPENAI_MODEL and the URL.",
        ),
        "bad_request": (
            f"语言模型服务 {where} 拒绝了请求{code}（可能是要点过长超出上下文）。请缩短要点后重试。",
            f"The language model at {where} rejected the request{code} (perhaps the notes exceed its "
            "context). Shorten the notes and try again.",
        ),
        "unknown": (
            f"调用语言模型服务 {where} 失败{code}。请稍后重试；详情见日志。",
            f"The call to the language model at {where} failed{code}. Try again later; details are in the log.",
        ),
    }
    zh, en = texts.get(kind, texts["unknown"])
    return ModelFault(kind, zh, en, retry_after=retry_after, status=status)


def classify(exc: BaseException, *, base_url: str | None = None, timeout: float | None = None,
             started: bool = False) -> ModelFault:
    """The :class:`ModelFault` for ``exc``. ``started``: text had already arrived (an interrupted stream)."""
    if isinstance(exc, ModelFault):
        return exc
    where = endpoint_label(base_url)
    chain = _chain(exc)
    names = {type(e).__name__ for e in chain}
    for e in chain:
        for cls in type(e).__mro__:
            names.add(cls.__name__)
    status: int | None = None
    headers: Any = None
    for e in chain:
        code = getattr(e, "status_code", None)
        if isinstance(code, int):
            status = code
            response = getattr(e, "response", None)
            headers = getattr(response, "headers", None)
            break
    if started and status is None:
        return _fault("interrupted", where)
    if status is not None:
        retry_after = parse_retry_after(headers)
        if status == 429:
            return _fault("rate_limited", where, status=status, retry_after=retry_after)
        if status in (401, 403):
            return _fault("auth", where, status=status)
        if status == 404:
            return _fault("not_found", where, status=status)
        if status in (400, 413, 422):
            return _fault("bad_request", where, status=status)
        if status >= 500 or status in (408, 409):
            return _fault("server_error", where, status=status, retry_after=retry_after)
        return _fault("unknown", where, status=status)
    if names & {"APITimeoutError", "TimeoutException", "ReadTimeout", "ConnectTimeout", "TimeoutError",
                "PoolTimeout", "WriteTimeout"}:
        return _fault("timeout", where, seconds=timeout)
    if names & {"JSONDecodeError", "ValidationError"}:
        return _fault("bad_response", where)
    if names & {"ConnectError", "ConnectionRefusedError", "APIConnectionError", "ConnectionError",
                "RemoteProtocolError", "ReadError"}:
        return _fault("refused", where)
    return _fault("unknown", where)


def backoff_delay(attempt: int, fault: ModelFault | None = None, *, cap: float = 30.0,
                  base: float = BACKOFF_BASE_S, rng: Callable[[], float] = random.random) -> float:
    """Seconds to wait before retry number ``attempt`` (1-based): the server's Retry-After when given
    (at most ``cap``), else ``base * 2**(attempt-1)`` (at most :data:`BACKOFF_MAX_S`) with ±25 % jitter."""
    if fault is not None and fault.retry_after is not None:
        return min(max(fault.retry_after, 0.0), cap)
    delay: float = min(base * (2.0 ** max(attempt - 1, 0)), BACKOFF_MAX_S)
    return delay * (0.75 + 0.5 * rng())
