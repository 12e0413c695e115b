"""Stop → the next request's first token, with the embedded local model (the drafting experience).

    PYTHONPATH=$PWD .venv/bin/python benchmarks/stop_latency.py [--runs 3] [--wait 2] [--json OUT]
    PYTHONPATH=$PWD .venv/bin/python benchmarks/stop_latency.py --overhead [--runs 3]

The product path, no browser: the provider ``local`` of ``make_chat_model`` (the packaged
Qwen2.5-Coder-1.5B GGUF served by llama-cpp-python's server, one request at a time), a job's
``CancellableModel`` (what a draft, polish or rewrite streams through). Each run: a long request
(the 14-note notes as a polish-sized prompt, a nonce first so no prompt prefix is reused) starts,
``--wait`` seconds later (inside its prompt evaluation) the job is cancelled — the Stop button — and
at once a short request (a rewrite's stand-in, 8 tokens) is sent; reported: Stop → the short
request's first token, and the long request's prompt evaluation alone (the same prompt, not stopped,
once) for scale. Medians. Run it with ``PYTHONPATH`` at another checkout (e.g. before a change) to
compare: it uses only ``make_chat_model``, ``Job`` and ``CancellableModel``.

``--overhead``: what the abort hook (:mod:`assistant.llm.server_abort`: a callback llama.cpp calls
between graph nodes) costs a request that is not stopped — two servers of the same model, one with
the hook and one without, alternately asked the same 48-token reply at temperature 0 (the same
prompt each time, so after the first both reuse it); decode tokens/s, medians.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NOTES = ROOT / "benchmarks/data/notes_styles/hailar_2014_a.txt"


def _messages(text: str) -> list[Any]:
    from langchain_core.messages import HumanMessage, SystemMessage

    return [SystemMessage(f"[{uuid.uuid4().hex[:8]}] 你是公文写作助手。"), HumanMessage(text)]


def _first_token(model: Any, text: str, **call: Any) -> float:
    began = time.monotonic()
    for chunk in model.stream(_messages(text), **call):
        if chunk.content:
            return time.monotonic() - began
    return time.monotonic() - began


def run(runs: int, wait: float) -> dict[str, Any]:
    from assistant.llm.local_model import prepare_model
    from assistant.llm.providers import make_chat_model
    from assistant.services.jobs import CancellableModel, Job
    from assistant.settings import Settings

    model_path = prepare_model(Settings(_env_file=None))  # type: ignore[call-arg]
    data = Path(tempfile.mkdtemp(prefix="stop-latency-"))
    settings = Settings(_env_file=None, data_dir=data, local_model_path=model_path)  # type: ignore[call-arg]
    long_text = "请把下面的要点写成工作总结的一节，保留每一个数字：\n" + NOTES.read_text(encoding="utf-8")
    short = "用一句话说明：全年新增就业1200人。"
    handle = make_chat_model(settings, "local")
    try:
        _first_token(handle.model, "你好", extra_body={"max_tokens": 4})  # warm the server
        whole = _first_token(handle.model, long_text, extra_body={"max_tokens": 1})
        latencies: list[float] = []
        for _ in range(runs):
            job = Job(f"bench-{uuid.uuid4().hex[:8]}", None, "polish")
            stopped = threading.Event()

            def polish(job: Job = job, stopped: threading.Event = stopped) -> None:
                try:
                    for _chunk in CancellableModel(handle.model, job).stream(_messages(long_text),
                                                                             extra_body={"max_tokens": 64}):
                        pass
                except Exception:  # the job's "cancelled" fault
                    pass
                finally:
                    stopped.set()

            thread = threading.Thread(target=polish, daemon=True)
            thread.start()
            time.sleep(wait)
            t0 = time.monotonic()
            job.cancel()  # the Stop button
            stopped.wait(30)
            latency = _first_token(handle.model, short, extra_body={"max_tokens": 8})
            latencies.append(round(time.monotonic() - t0, 2))
            print(f"stop → next first token {latencies[-1]:.2f} s (its own first token {latency:.2f} s)",
                  flush=True)
            thread.join(300)
    finally:
        handle.close()
    return {
        "runs": runs, "wait_s": wait, "prompt_eval_s": round(whole, 2), "stop_to_next_first_token_s": latencies,
        "median_s": round(statistics.median(latencies), 2), "load_avg": [round(x, 2) for x in os.getloadavg()],
    }


def _timed_stream(base_url: str, text: str, max_tokens: int) -> tuple[float, float, int]:
    """(time to first token, decode tokens/s after it, chunks) of one raw streamed request (the same
    text gives the same reply at temperature 0: like for like on both servers)."""
    import httpx

    body = {"model": "local", "stream": True, "max_tokens": max_tokens, "temperature": 0,
            "messages": [{"role": "user", "content": text}]}
    began = time.monotonic()
    first = last = 0.0
    chunks = 0
    with httpx.Client(timeout=600, trust_env=False) as client, \
            client.stream("POST", base_url + "/chat/completions", json=body) as response:
        for line in response.iter_lines():
            if line.startswith("data: {") and json.loads(line[6:])["choices"][0]["delta"].get("content"):
                last = time.monotonic()
                first = first or last
                chunks += 1
    rate = (chunks - 1) / (last - first) if chunks > 1 and last > first else 0.0
    return first - began, rate, chunks


def overhead(runs: int) -> dict[str, Any]:
    from assistant.llm.local_llm import LocalServer, child_code
    from assistant.llm.local_model import prepare_model
    from assistant.llm.local_pool import ExtraLocalServer
    from assistant.settings import Settings

    model_path = prepare_model(Settings(_env_file=None))  # type: ignore[call-arg]
    data = Path(tempfile.mkdtemp(prefix="stop-overhead-"))
    settings = Settings(_env_file=None, data_dir=data, local_model_path=model_path)  # type: ignore[call-arg]
    hooked = LocalServer(settings, model_path=model_path).start()

    def bare(model: Path, port: int) -> list[str]:
        argv = hooked.command(model, port)
        argv[2] = child_code(abort_stopped=False)
        return argv

    plain = ExtraLocalServer(settings, 2, model_path=model_path, command=bare).start()
    text = "请用三句话介绍呼伦贝尔的农业。"
    got: dict[str, list[tuple[float, float, int]]] = {"with_hook": [], "without": []}
    try:
        for server in (hooked, plain):
            _timed_stream(server.base_url, "你好", 2)  # warm
        for _ in range(runs):
            for name, server in (("with_hook", hooked), ("without", plain)):
                got[name].append(_timed_stream(server.base_url, text, 48))
                print(name, got[name][-1], flush=True)
    finally:
        plain.stop()
        hooked.stop()
    return {name: {"first_token_s": round(statistics.median(r[0] for r in rows), 2),
                   "decode_tok_s": round(statistics.median(r[1] for r in rows), 2),
                   "chunks": [r[2] for r in rows]} for name, rows in got.items()} | {
        "runs": runs, "load_avg": [round(x, 2) for x in os.getloadavg()]}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--wait", type=float, default=2.0, help="seconds between the request and the Stop")
    parser.add_argument("--overhead", action="store_true", help="the hook's cost to requests not stopped")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    print(f"load average before: {os.getloadavg()}", flush=True)
    result = overhead(args.runs) if args.overhead else run(args.runs, args.wait)
    print(json.dumps(result, ensure_ascii=False, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
