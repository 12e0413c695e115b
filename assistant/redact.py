"""Credentials out of everything shown or logged: endpoint URLs become ``scheme://host:port``.

A base URL may carry a secret in its user info (``http://user:pass@host/v1``) or its query
(``?api-key=…``, ``?key=…``, ``?token=…``). :func:`mask_url` is the one way a configured URL is
shown (status line, messages, WARNING logs, index metadata); :func:`redact_urls` masks every URL
inside a free text (an exception message, a task message) the same way.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_URL_RE = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.\-]{0,30}://[^\s<>\"'`]{1,4096}")


def mask_url(url: str | None) -> str:
    """``scheme://host:port`` of ``url``: no user info, path, query or fragment.

    ``mask_url("https://u:p@api.example.com:8443/v1?api-key=K") == "https://api.example.com:8443"``;
    a URL without a scheme is read as ``http``; an unparseable one is ``(invalid URL)``.
    """
    if not url:
        return ""
    text = url.strip()
    if "://" not in text:
        text = "http://" + text
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return "(invalid URL)"
    if not host:
        return "(invalid URL)"
    scheme = (parts.scheme or "http").lower()
    shown = f"[{host}]" if ":" in host else host
    return f"{scheme}://{shown}" + (f":{port}" if port else "")


def endpoint_identity(url: str | None) -> str:
    """``url`` without user info, query or fragment, path kept (``https://host:port/v1``).

    For identities that must tell two endpoints on one host apart (an embedding fingerprint)
    without storing a credential; never used for display (use :func:`mask_url`).
    """
    if not url:
        return ""
    masked = mask_url(url)
    if masked == "(invalid URL)":
        return masked
    try:
        path = urlsplit(url.strip() if "://" in url else "http://" + url.strip()).path
    except ValueError:
        return masked
    return masked + path.rstrip("/")


def redact_urls(text: str) -> str:
    """Every URL in ``text`` replaced by its :func:`mask_url` form."""
    return _URL_RE.sub(lambda m: mask_url(m.group(0).rstrip(".,;:)]}。，；")) + _tail(m.group(0)), text)


def _tail(url: str) -> str:
    stripped = url.rstrip(".,;:)]}。，；")
    return url[len(stripped):]


class RedactingFilter:
    """A logging filter (handler-level) that masks every URL in a record's message.

    Installed on the CLI's log handlers so HTTP client logs (``--verbose``: httpx, openai) never
    print ``user:pass@`` or ``?api-key=…``.
    """

    def filter(self, record: object) -> bool:
        import logging

        if isinstance(record, logging.LogRecord):
            try:
                message = record.getMessage()
            except Exception:  # a broken format string: leave it for logging to report
                return True
            if "://" in message:
                record.msg = redact_urls(message)
                record.args = None
        return True


def install_log_redaction() -> None:
    """Add :class:`RedactingFilter` to every handler of the root logger (idempotent)."""
    import logging

    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())
