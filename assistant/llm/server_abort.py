"""Make the embedded llama.cpp server drop a request whose client went away, at once — even in the
middle of its prompt evaluation.

llama-cpp-python's server (0.3.x) notices a disconnected client only between generated tokens: the
prompt evaluation of a stopped request (hundreds of tokens at ~10 tokens/s on a busy core) runs to its
end while every other request waits in its one-at-a-time queue. :func:`install` patches the server in
its own process (the child wrapper of :mod:`assistant.llm.local_llm` runs it before the server
starts; nothing here runs at import time, and this module is executed there from its source, so the
child needs only llama-cpp-python):

* every llama.cpp context gets an **abort callback** (``llama_context_params.abort_callback``, which
  llama.cpp's CPU backend checks between the nodes of a compute graph): it answers "abort" when the
  request that owns the model has been stopped AND another request waits for the model, so
  ``llama_decode`` returns within milliseconds and the waiting request starts. While nothing waits,
  a stopped request's prompt evaluation goes on: the next request often begins the same way (a
  rewrite after a stopped polish shares the system prompt and the notes) and reuses it from
  llama.cpp's prompt-prefix match; the stopped request then ends at its first token;
* the streaming publisher (``get_event_publisher``) runs a watcher beside the model call: when the
  response is cancelled because the client disconnected (sse-starlette cancels the response's task
  group), the watcher marks that request stopped; the model thread's ``llama_decode`` then aborts and
  raises, and the publisher ends quietly and releases the model to the next request. The mark is per
  request, cleared when the request ends and whenever any request (streamed or not) takes the model,
  so it never reaches another session's request.

The server log says which streamed request takes the model and which was abandoned
(:data:`TAKES_NOTE`, :data:`ABORTED_NOTE`, numbered in arrival order).

A request that is not stopped runs exactly as before (the callback only reads a flag). When the
installed llama-cpp-python lacks what this patches, :func:`install` prints why and changes nothing:
the server then behaves as before (stopped requests hold the model until their prompt is evaluated).
"""

from __future__ import annotations

from typing import Any

TAKES_NOTE = "report-assistant: request {n} takes the model"  # printed to the server log
ABORTED_NOTE = "report-assistant: abandoned stopped request {n}"  # a request that had the model, stopped


def install() -> bool:
    """Patch the llama.cpp server of this process (see the module docstring); True when patched."""
    import threading

    try:
        import anyio
        import llama_cpp.llama_cpp as lib
        import llama_cpp.server.app as app
    except ImportError as exc:  # pragma: no cover - the child always has llama-cpp-python
        print(f"report-assistant: stopped requests cannot be aborted ({exc})", flush=True)
        return False
    defaults = getattr(lib, "llama_context_default_params", None)
    callback_type = getattr(lib, "ggml_abort_callback", None)
    publisher = getattr(app, "get_event_publisher", None)
    if defaults is None or callback_type is None or publisher is None:
        print("report-assistant: this llama-cpp-python has no abort hook; stopped requests run on", flush=True)
        return False

    owner: list[threading.Event | None] = [None]  # the stop mark of the request that owns the model
    counter = iter(range(1, 1 << 62))  # streamed requests, numbered in the log

    waiting = getattr(getattr(app, "llama_outer_lock", None), "locked", None)  # a request waits for the model

    def should_abort(_data: Any) -> bool:
        mark = owner[0]
        if mark is None or not mark.is_set():
            return False
        # Stopped: drop it as soon as another request waits for the model. Until then its prompt
        # evaluation goes on (the next request often begins the same way and reuses it), and the
        # publisher ends it at its first token.
        return waiting is None or bool(waiting())

    callback = callback_type(should_abort)
    prepare = getattr(app, "prepare_request_resources", None)

    def prepare_request(*args: Any, **kwargs: Any) -> Any:  # every request, as it takes the model
        owner[0] = None  # no earlier request's mark reaches it (a streamed one sets its own next)
        return prepare(*args, **kwargs) if prepare is not None else None

    def context_params() -> Any:
        params = defaults()
        params.abort_callback = callback
        params.abort_callback_data = None
        return params

    async def event_publisher(request: Any, inner_send_chan: Any, body: Any, body_model: Any,
                              llama_call: Any, kwargs: Any) -> None:
        stopped = threading.Event()
        finished = False
        took: list[bool] = []
        number = next(counter)

        def call(llama: Any, **call_kwargs: Any) -> Any:  # runs holding the model lock
            owner[0] = stopped
            took.append(True)
            print(TAKES_NOTE.format(n=number), flush=True)
            return llama_call(llama, **call_kwargs)

        async def watch() -> None:
            try:
                await anyio.sleep_forever()
            finally:
                if not finished:  # cancelled from outside: the client went away
                    stopped.set()

        async with anyio.create_task_group() as group:
            group.start_soon(watch)
            try:
                await publisher(request=request, inner_send_chan=inner_send_chan, body=body,
                                body_model=body_model, llama_call=call, kwargs=kwargs)
            except RuntimeError:  # llama_decode aborted
                if not stopped.is_set():
                    raise
            finally:
                finished = True
                if stopped.is_set() and took:
                    print(ABORTED_NOTE.format(n=number), flush=True)
                if owner[0] is stopped:
                    owner[0] = None
                group.cancel_scope.cancel()

    lib.llama_context_default_params = context_params
    app.get_event_publisher = event_publisher
    if prepare is not None:
        app.prepare_request_resources = prepare_request
    install.keep = (callback, context_params)  # type: ignore[attr-defined]  # ctypes callbacks must stay alive
    return True


def source() -> str:
    """This module's source (the child wrapper runs it; the child need not import this package)."""
    from pathlib import Path

    return Path(__file__).read_text(encoding="utf-8")


__all__ = ["ABORTED_NOTE", "TAKES_NOTE", "install", "source"]
