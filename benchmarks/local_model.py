"""Measure the embedded local model: assembly, server start, RSS, time to first token, tokens/s,
prompt tokens of a draft-like section prompt and the effect of prompt-prefix reuse.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/local_model.py [--threads 1,2] [--gen-tokens 128]
        [--skip-assembly] [--model PATH] [--json OUT]

Uses the packaged model (assembled into the default data dir by ``report-assistant model prepare``)
unless --model is given; writes nothing else outside a temporary folder. Streams with raw HTTP
(SSE) so the timings are the server's, not a client library's. Prompt token counts come from the
server log (``llama_perf_context_print: prompt eval ... / N tokens``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.llm import local_model  # noqa: E402
from assistant.llm.local_llm import LocalServer  # noqa: E402
from assistant.llm.local_model import prepare_model  # noqa: E402
from assistant.settings import Settings  # noqa: E402

# Draft-like inputs: notes as a user would paste them (expanded), a style excerpt with its figures
# masked, three sections that each use a subset of the notes; the shared prefix is system + notes +
# style, the section task comes last (as prompts/draft_section.zh.md lays it out).
NOTES = [
    "全年实现地区生产总值245.6亿元，同比增长6.2%",
    "固定资产投资完成100.6亿元，同比增长16.6%",
    "社会消费品零售总额完成58.3亿元，同比增长8.1%",
    "规模以上工业增加值同比增长7.4%",
    "一般公共预算收入12.8亿元，同比增长5.3%",
    "新建改造城镇老旧小区37个，惠及居民1.2万户",
    "城镇新增就业4860人，城镇登记失业率控制在3.2%以内",
    "企业融资难问题仍然突出，部分项目推进缓慢",
    "明年地区生产总值增长6%左右，固定资产投资增长10%以上",
    "力争引进亿元以上项目15个，新增规上企业20家",
]
STYLE = (
    "一年来，在市委、市政府的正确领导下，我镇认真贯彻落实上级决策部署，全镇经济和各项事业稳步发展。"
    "预计到年末，全镇地区生产总值比上年增长〔N〕%；民营经济主营业务收入〔N〕亿元，比上年增长〔N〕%；"
    "规模以上工业产值〔N〕亿元。扎实开展群众路线教育实践活动，镇党委领导班子查找问题〔N〕个，"
    "立查立改〔N〕个，完善制度〔N〕项。"
)
SECTIONS = [
    ("一、经济运行稳中有进", [1, 2, 3, 4, 5]),
    ("二、民生保障持续改善", [6, 7]),
    ("三、存在的问题", [8]),
]
SYSTEM_FALLBACK = (
    "你是机关单位的公文写作助手，负责起草《{report_title}》。数字只能来自【工作要点】，必须原样照抄；"
    "【范文摘录】只参考结构和语气；不要写标题、称呼、落款，不要使用列表。"
)
USER_FALLBACK = (
    "【工作要点】\n{notes_block}\n\n【范文摘录】\n{style_block}\n\n【本节任务】\n"
    "请撰写“{section_heading}”部分的正文。本节只使用下列要点：\n{section_items}\n{length_hint}只输出正文。"
)


def _templates() -> tuple[str, str, str]:
    path = ROOT / "prompts" / "draft_section.zh.md"
    try:
        text = path.read_text(encoding="utf-8")
        system = text.split("=== system ===", 1)[1].split("=== user ===", 1)[0].strip()
        user = text.split("=== user ===", 1)[1].strip()
        return system, user, str(path.relative_to(ROOT))
    except (OSError, IndexError):
        return SYSTEM_FALLBACK, USER_FALLBACK, "built-in fallback"


def section_messages(index: int) -> list[dict[str, str]]:
    system, user, _ = _templates()
    heading, items = SECTIONS[index]
    values = {
        "report_title": "2025年工作总结暨2026年工作安排",
        "notes_block": "\n".join(f"[{i}] {t}" for i, t in enumerate(NOTES, start=1)),
        "style_block": STYLE,
        "section_heading": heading,
        "section_items": "\n".join(f"[{i}] {NOTES[i - 1]}" for i in items),
        "length_hint": "约150字。",
    }
    return [
        {"role": "system", "content": system.format(**values)},
        {"role": "user", "content": user.format(**values)},
    ]


def stream(
    client: httpx.Client, base_url: str, messages: list[dict[str, str]], max_tokens: int
) -> dict[str, Any]:
    body = {
        "model": "local",
        "messages": messages,
        "max_tokens": max_tokens,
        "temperature": 0,
        "stream": True,
    }
    start = time.perf_counter()
    first: float | None = None
    last = start
    pieces: list[str] = []
    with client.stream("POST", base_url + "/chat/completions", json=body) as response:
        response.raise_for_status()
        for line in response.iter_lines():
            if not line.startswith("data: ") or line == "data: [DONE]":
                continue
            delta = json.loads(line[6:])["choices"][0].get("delta", {}).get("content")
            if delta:
                now = time.perf_counter()
                first = first if first is not None else now
                last = now
                pieces.append(delta)
    text = "".join(pieces)
    return {
        "ttft_s": (first - start) if first is not None else None,
        "total_s": time.perf_counter() - start,
        "gen_s": (last - first) if first is not None else 0.0,
        "text": text,
    }


def count_tokens(client: httpx.Client, base_url: str, text: str) -> int:
    root = base_url.removesuffix("/v1")
    response = client.post(root + "/extras/tokenize", json={"input": text, "model": "local"})
    response.raise_for_status()
    return len(response.json()["tokens"])


_PERF = re.compile(r"prompt eval time =\s*[\d.]+ ms /\s*(\d+) tokens")


def last_prompt_tokens(log_path: Path) -> int | None:
    found = _PERF.findall(log_path.read_text(encoding="utf-8", errors="replace"))
    return int(found[-1]) if found else None


def rss_mb(pid: int) -> dict[str, float]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:", "RssAnon:", "RssFile:")):
            key, value = line.split(":", 1)
            fields[key] = round(int(value.split()[0]) / 1024, 1)
    return fields


_NUM = re.compile(r"\d+(?:\.\d+)?")


def figures_not_in_notes(text: str) -> list[str]:
    notes = " ".join(NOTES)
    known = set(_NUM.findall(notes)) | {"2025", "2026"}
    return sorted({n for n in _NUM.findall(text) if n not in known})


def draft_like(client: httpx.Client, base: str, log_path: Path, max_tokens: int) -> dict[str, Any]:
    """Section 2 cold (after an unrelated prompt), then sections 1, 2, 3 in a row as a draft does."""
    short = [{"role": "user", "content": "你好"}]
    stream(client, base, short, 1)  # evict the cached prefix
    cold = stream(client, base, section_messages(1), 1)
    cold_evaluated = last_prompt_tokens(log_path) or 0
    overhead = cold_evaluated - sum(count_tokens(client, base, m["content"]) for m in section_messages(1))
    result: dict[str, Any] = {
        "section2_ttft_cold_s": round(cold["ttft_s"], 2),
        "section2_prompt_tokens_cold": cold_evaluated,
        "sections": [],
    }
    draft_total = 0.0
    for index in range(len(SECTIONS)):
        messages = section_messages(index)
        prompt_tokens = overhead + sum(count_tokens(client, base, m["content"]) for m in messages)
        r = stream(client, base, messages, max_tokens)
        evaluated = last_prompt_tokens(log_path)
        n = count_tokens(client, base, r["text"]) if r["text"] else 0
        draft_total += r["total_s"]
        result["sections"].append(
            {
                "section": SECTIONS[index][0],
                "prompt_tokens": prompt_tokens,
                "prompt_tokens_evaluated": evaluated,
                "ttft_s": round(r["ttft_s"], 2),
                "total_s": round(r["total_s"], 2),
                "completion_tokens": n,
                "gen_tok_per_s": round((n - 1) / r["gen_s"], 1) if r["gen_s"] > 0 else None,
                "figures_not_in_notes": figures_not_in_notes(r["text"]),
                "text": r["text"],
            }
        )
    result["draft_total_s"] = round(draft_total, 1)
    return result


def measure_threads(model: Path, threads: int, gen_tokens: int, work: Path, full: bool) -> dict[str, Any]:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, data_dir=work / f"t{threads}", local_threads=threads, local_startup_timeout=300
    )
    out: dict[str, Any] = {"threads": threads, "loadavg_before": os.getloadavg()[0]}
    ready = []
    for _ in range(2 if full else 1):
        with LocalServer(settings, model_path=model) as server:
            ready.append(server.ready_seconds)
    out["ready_s"] = [round(r, 2) for r in ready]
    server = LocalServer(settings, model_path=model).start()
    try:
        out["rss_after_start_mb"] = rss_mb(server.pid)
        base = server.base_url
        with httpx.Client(timeout=600, trust_env=False) as client:
            short = [{"role": "user", "content": "请写一段约200字的短文，介绍如何写好年度工作总结。"}]
            r = stream(client, base, short, gen_tokens)
            n = count_tokens(client, base, r["text"])
            out["short"] = {
                "prompt_tokens": last_prompt_tokens(server.log_path),
                "ttft_s": round(r["ttft_s"], 2),
                "completion_tokens": n,
                "gen_tok_per_s": round((n - 1) / r["gen_s"], 1) if r["gen_s"] > 0 else None,
            }
            if full:
                out["sections"] = draft_like(client, base, server.log_path, gen_tokens * 2)
        out["rss_after_generation_mb"] = rss_mb(server.pid)
    finally:
        server.stop()
    out["loadavg_after"] = os.getloadavg()[0]
    return out


def measure_interleaved(model: Path, work: Path, extra_args: list[str], label: str) -> dict[str, Any]:
    """Section 1, then a chat question, then section 2: does section 2 still find its prefix?"""
    settings = Settings(_env_file=None, data_dir=work / label, local_startup_timeout=300)  # type: ignore[call-arg]
    question = [{"role": "user", "content": "这份总结的第二部分应该写什么？请简要回答。"}]
    with (
        LocalServer(settings, model_path=model, extra_args=extra_args) as server,
        httpx.Client(timeout=600, trust_env=False) as client,
    ):
        base = server.base_url
        s1 = stream(client, base, section_messages(0), 32)
        q = stream(client, base, question, 32)
        s2 = stream(client, base, section_messages(1), 1)
        evaluated = last_prompt_tokens(server.log_path)
        rss = rss_mb(server.pid)
    return {
        "server_args": " ".join(extra_args) or "(default)",
        "section1_total_s": round(s1["total_s"], 2),
        "question_total_s": round(q["total_s"], 2),
        "section2_ttft_after_question_s": round(s2["ttft_s"], 2),
        "section2_tokens_evaluated": evaluated,
        "rss_mb": rss,
        "loadavg": os.getloadavg()[0],
    }


def measure_assembly(work: Path) -> dict[str, Any]:
    settings = Settings(_env_file=None, data_dir=work / "assembly")  # type: ignore[call-arg]
    t = time.perf_counter()
    path = prepare_model(settings)
    first = time.perf_counter() - t
    t = time.perf_counter()
    prepare_model(settings)
    again = time.perf_counter() - t
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    t = time.perf_counter()
    prepare_model(settings)
    reverify = time.perf_counter() - t
    path.unlink()
    return {
        "assemble_s": round(first, 2),
        "verified_start_s": round(again, 4),
        "reverify_after_touch_s": round(reverify, 2),
        "bytes": local_model.MODEL_SIZE,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--threads", default="1,2", help="comma-separated llama.cpp thread counts")
    parser.add_argument("--gen-tokens", type=int, default=128)
    parser.add_argument("--skip-assembly", action="store_true")
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument(
        "--interleaved",
        action="store_true",
        help="only the section → chat question → section experiment, without and with --cache true",
    )
    args = parser.parse_args()

    results: dict[str, Any] = {"prompt_template": _templates()[2], "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="ra-bench-local-") as tmp:
        work = Path(tmp)
        if not args.skip_assembly:
            results["assembly"] = measure_assembly(work)
            print("assembly", json.dumps(results["assembly"]), flush=True)
        model = args.model or prepare_model(Settings(_env_file=None))  # type: ignore[call-arg]
        results["model"] = str(model)
        if args.interleaved:
            for label, extra in (("nocache", []), ("ramcache", ["--cache", "true"])):
                row = measure_interleaved(model, work, extra, label)
                print(json.dumps(row, ensure_ascii=False), flush=True)
                results.setdefault("interleaved", []).append(row)
            if args.json:
                args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
            return
        results["runs"] = []
        for i, threads in enumerate(int(x) for x in args.threads.split(",")):
            run = measure_threads(model, threads, args.gen_tokens, work, full=(i == 0))
            results["runs"].append(run)
            print(json.dumps(run, ensure_ascii=False), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    summary = [
        (r["threads"], statistics.median(r["ready_s"]), r["short"]["ttft_s"], r["short"]["gen_tok_per_s"])
        for r in results["runs"]
    ]
    for threads, ready, ttft, tps in summary:
        print(f"threads={threads}: ready {ready:.2f} s, short-prompt TTFT {ttft} s, {tps} tok/s")


if __name__ == "__main__":
    main()
