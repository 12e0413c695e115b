"""The one reader of a streamed chat reply: text pieces out, any failure other than an
:class:`AssistantError` turned into a user-safe :class:`ModelError` (key-like strings redacted).
Retries live in the model itself (:mod:`assistant.llm.resilience` wraps any OpenAI-protocol model)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from assistant.errors import AssistantError, ModelError

_SECRETISH = re.compile(r"\b(sk|key|token)-[A-Za-z0-9_\-]{6,}", re.I)


def model_error(exc: BaseException) -> ModelError:
    """A user-safe :class:`ModelError` for any failure of a model call (key-like strings redacted)."""
    detail = _SECRETISH.sub("[redacted]", str(exc))[:300]
    return ModelError(f"The language model call failed ({type(exc).__name__}): {detail}")


def stream_text(model: Any, messages: list[Any], **call: Any) -> Iterator[str]:
    """The text pieces of a streamed chat reply; failures other than AssistantError → :func:`model_error`."""
    try:
        for chunk in model.stream(messages, **call):
            content = chunk.content
            if isinstance(content, list):
                content = "".join(c if isinstance(c, str) else str(c.get("text", "")) for c in content)
            if content:
                yield str(content)
    except AssistantError:
        raise
    except Exception as exc:
        raise model_error(exc) from exc
