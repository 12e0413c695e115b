"""Stop → the next request's first token, with the embedded local model (the drafting experience).

    PYTHONPATH=$PWD .venv/bin/python benchmarks/stop_latency.py [--runs 3] [--wait 2] [--json OUT]

The product path, no browser: the provider ``local`` of ``make_chat_model`` (the packaged
Qwen2.5-Coder-1.5B GGUF served by llama-cpp-python's server, one request at a time), a job's
``CancellableModel`` (what a draft, polish or rewrite streams through). Each run: a long request
(the 14-note notes as a polish-sized prompt, a nonce first so no prompt prefix is reused) starts,
``--wait`` seconds later (inside its prompt evaluation) the job is cancelled — the Stop button — and
at once a short request (a rewrite's stand-in, 8 tokens) is sent; reported: Stop → the short
request's first token, and the long request's prompt evaluation alone (the same prompt, not stopped,
once) for scale. Medians. Run it with ``PYTHONPATH`` at another checkout (e.g. before a change) to
compare: it uses only ``make_chat_model``, ``Job`` and ``CancellableModel``.
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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--wait", type=float, default=2.0, help="seconds between the request and the Stop")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    print(f"load average before: {os.getloadavg()}", flush=True)
    result = run(args.runs, args.wait)
    print(json.dumps(result, ensure_ascii=False, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
