"""`report-assistant ui`: the web page (Gradio), bound to 127.0.0.1:7860 by default.

Binding any address other than loopback requires ``REPORT_ASSISTANT_AUTH`` ("user:pass,user2:pass2");
without it the command refuses to start. Gradio analytics and Chroma telemetry are switched off
before Gradio is imported, so the only outbound connections are to the configured model endpoint.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import signal
import threading
from types import FrameType

import typer

from assistant.cli.common import load_settings, setup_logging, user_errors
from assistant.errors import ConfigError

log = logging.getLogger(__name__)

_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost; False for 0.0.0.0, :: and every other address."""
    name = host.strip().strip("[]").lower()
    if name in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def parse_auth(value: str | None) -> list[tuple[str, str]]:
    """``"user:pass,user2:pass2"`` → ``[("user", "pass"), ("user2", "pass2")]``."""
    pairs: list[tuple[str, str]] = []
    for part in (value or "").split(","):
        part = part.strip()
        if not part:
            continue
        user, sep, password = part.partition(":")
        if not sep or not user.strip() or not password:
            raise ConfigError("REPORT_ASSISTANT_AUTH must be 'user:password' pairs separated by commas.")
        pairs.append((user.strip(), password))
    return pairs


def check_bind(host: str, auth: str | None) -> list[tuple[str, str]]:
    """The auth pairs to use; raises :class:`ConfigError` for a non-loopback host without auth."""
    pairs = parse_auth(auth)
    if not is_loopback(host) and not pairs:
        raise ConfigError(
            f"refusing to serve on {host}: binding an address other than 127.0.0.1 exposes your notes "
            "to the network. Set REPORT_ASSISTANT_AUTH='user:password' (pairs separated by commas) "
            "or bind 127.0.0.1."
        )
    return pairs


#: Seconds a stopping server may take to close before the process exits anyway.
SHUTDOWN_GRACE_S = 10.0


def _force_exit() -> None:
    log.warning("shutdown took over %.0f s: exiting now", SHUTDOWN_GRACE_S)
    os._exit(0)


def quiet_network_env() -> None:
    """No analytics, telemetry or hub look-ups (must run before gradio / chromadb are imported)."""
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    os.environ["ANONYMIZED_TELEMETRY"] = "False"
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("GRADIO_TELEMETRY_ENABLED", "False")


def ui(
    host: str | None = typer.Option(None, "--host", help="Address to bind (default 127.0.0.1)."),
    port: int | None = typer.Option(None, "--port", help="Port (default 7860)."),
    provider: str | None = typer.Option(
        None, "--provider", help="Drafting model: auto, openai, local or offline (default: settings)."
    ),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Debug logging on stderr."),
) -> None:
    """Start the web page: paste notes, watch the draft stream in, check every figure."""
    setup_logging(verbose)
    quiet_network_env()
    with user_errors():
        if provider is not None and provider not in ("auto", "openai", "local", "offline"):
            raise ConfigError(f"unknown provider {provider!r}: choose auto, openai, local or offline")
        settings = load_settings(provider=provider)
        bind_host = host or settings.host
        bind_port = port if port is not None else settings.port
        auth_pairs = check_bind(bind_host, settings.auth.get_secret_value() if settings.auth else None)
        # Files uploaded through the page land under the data directory (Gradio reads this at import).
        os.environ.setdefault("GRADIO_TEMP_DIR", str(settings.uploads_dir / "incoming"))

        from ui.app import build_app, launch_app
        from ui.context import AppContext

        ctx = AppContext(settings=settings, provider_name=provider)
        demo = build_app(settings, services=ctx)
        ctx.start_index_build()
        ctx.start_background()
        stop = threading.Event()

        def _handle(signum: int, frame: FrameType | None) -> None:
            del signum, frame
            stop.set()

        signal.signal(signal.SIGTERM, _handle)
        signal.signal(signal.SIGINT, _handle)
        try:
            launch_app(demo, settings, host=bind_host, port=bind_port, auth=auth_pairs,
                       prevent_thread_lock=True, quiet=True)
            shown = "localhost" if bind_host in ("127.0.0.1", "::1") else bind_host
            typer.echo(f"report-assistant: serving on http://{shown}:{bind_port} (Ctrl+C to stop)", err=True)
            while not stop.wait(0.5):
                pass
        finally:
            # A handler stuck in a long computation (or a client holding a stream open) must not keep a
            # stopped server alive: past the grace period the process exits anyway (SQLite's journal
            # keeps the store consistent; the change in flight is rolled back).
            watchdog = threading.Timer(SHUTDOWN_GRACE_S, _force_exit)
            watchdog.daemon = True
            watchdog.start()
            try:
                demo.close()
            except Exception:
                log.exception("closing the page failed")
            ctx.close()
            watchdog.cancel()


def register(app: typer.Typer) -> None:
    """Add ``report-assistant ui`` to the app."""
    app.command("ui")(ui)
