"""Memory and start-up of N embedded llama.cpp servers (``REPORT_ASSISTANT_LOCAL_SERVERS``).

Starts :class:`assistant.llm.local_pool.LocalServerPool` with the packaged local model (it must be
prepared: ``report-assistant model prepare``), asks each server for one short reply, then reads
``/proc/PID/smaps_rollup`` of every server process: resident, proportional, shared (the
memory-mapped model file, one copy for all) and private memory (what each further server costs).

    PYTHONPATH=. .venv/bin/python benchmarks/local_servers.py --servers 2
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def smaps(pid: int) -> dict[str, int]:
    """MiB per field of ``/proc/PID/smaps_rollup`` (Rss, Pss, Shared_Clean, Private_Dirty, …)."""
    out: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        key, value = line.split(":", 1)
        out[key] = int(value.split()[0]) // 1024
    return out


def main() -> None:
    import httpx

    from assistant.llm.local_pool import LocalServerPool
    from assistant.settings import Settings

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--servers", type=int, default=2)
    args = parser.parse_args()
    settings = Settings(_env_file=None, embedding="hash", knowledge_dirs=[], provider="local",  # type: ignore[call-arg]
                        local_servers=args.servers)
    t0 = time.perf_counter()
    pool = LocalServerPool(settings, args.servers).start()
    started = time.perf_counter() - t0
    try:
        rows = []
        for server in pool.servers:
            reply = httpx.post(server.base_url.rstrip("/") + "/chat/completions", timeout=600, json={
                "model": "local", "max_tokens": 16,
                "messages": [{"role": "user", "content": "用一句话总结：新建高标准农田100亩。"}]})
            reply.raise_for_status()
            mem = smaps(server.pid)
            rows.append({"pid": server.pid, "ready_s": round(server.ready_seconds, 1),
                         **{k: mem[k] for k in ("Rss", "Pss", "Shared_Clean", "Private_Clean", "Private_Dirty")}})
    finally:
        pool.stop()
    print(json.dumps({"servers": args.servers, "ctx": settings.local_ctx, "threads": settings.local_threads,
                      "started_s": round(started, 1), "per_server_mib": rows}, indent=2))


if __name__ == "__main__":
    main()
