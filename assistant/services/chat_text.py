"""Texts bound for the chat, made safe to show: no internal URL or port ever reaches the page.

:func:`mask_chat` replaces a loopback endpoint (the embedded llama.cpp server at
``http://127.0.0.1:PORT``, ``localhost:PORT``) by "本地模型" / "the local model", and masks every other
URL through :func:`assistant.redact.redact_urls` (``scheme://host:port``: no credentials, path or query).
"""

from __future__ import annotations

import re

from assistant.redact import redact_urls

_LOOPBACK_URL = re.compile(
    r"\b[a-zA-Z][a-zA-Z0-9+.\-]{0,15}://(?:[^\s/@<>\"'`]{1,200}@)?"
    r"(?:127(?:\.\d{1,3}){3}|localhost|\[::1\]|0\.0\.0\.0)(?::\d{1,5})?(?:/[^\s<>\"'`）)]{0,2000})?",
    re.IGNORECASE,
)
_LOOPBACK_HOSTPORT = re.compile(r"(?<![\w.])(?:127(?:\.\d{1,3}){3}|localhost|\[::1\]|0\.0\.0\.0):\d{1,5}\b",
                                re.IGNORECASE)


def local_model_name(lang: str) -> str:
    return "本地模型" if lang == "zh" else "the local model"


def mask_chat(text: str, lang: str) -> str:
    """``text`` with loopback endpoints named "the local model" and other URLs masked."""
    if not text:
        return text
    name = local_model_name(lang)
    if "://" in text or ":" in text:
        text = _LOOPBACK_URL.sub(name, text)
        text = _LOOPBACK_HOSTPORT.sub(name, text)
    if "://" in text:
        text = redact_urls(text)
    return text
