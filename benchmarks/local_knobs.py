"""The embedded model's speed knobs, one run, ratios against one baseline (issue 12 item 3).

    .venv/bin/python benchmarks/local_knobs.py [--sections 2] [--max-tokens 64] [--files short,long]
        [--variants base,no_reuse,small_prompt,lookup,batch1,threads2] [--variant-budget-s 300]
        [--full short,long] [--full-lookup 0] [--ab-lookup] [--json OUT]

Part 1 (knobs): the polish prompts of the first ``--sections`` leaf sections of each notes file
(``local_speed.polish_prompts``: exactly what ``drafting.polish`` sends the local model), streamed at
temperature 0 with ``--max-tokens`` completion tokens, against one llama.cpp server per server
configuration (the packaged Qwen2.5-Coder-1.5B Q4_K_M, ``n_ctx`` 4096):

* ``base``          — the app's defaults: ``n_batch`` 512 (llama-cpp-python's server default), 1 thread,
                      plain decoding, the shared system prefix warmed (prefix reuse, as the previous
                      section leaves it);
* ``no_reuse``      — same server, a nonce first in the system message (no prompt-prefix match);
* ``small_prompt``  — same server, the section's notes block left out of the user message (the offline
                      text already holds every note): a smaller per-section prompt;
* ``lookup``        — ``--draft_model prompt-lookup-decoding --draft_model_num_pred_tokens 10``;
* ``batch1``        — ``--n_batch 1 --n_ubatch 1`` (prompt evaluated token by token);
* ``threads2``      — ``local_threads`` 2.

Per call: prompt tokens, time to first token, prompt tokens/s (evaluated tokens / time to first token:
the server's own count of evaluated tokens from its log), decode tokens/s, total. Medians per
variant and ratios against ``base``; a server stops after ``--variant-budget-s`` per variant on it (what finished is
reported). ``base`` runs again at the end (``base_end``) so drift of the machine's load shows.

Part 2 (``--full``): the real polish of the whole draft (``drafting.polish.polish_report`` with the
local provider, the checker on), wall time from the instant draft to the polished draft, sections
polished / kept and why. ``--full-lookup N`` runs it with prompt lookup (``local_prompt_lookup``).
The load average is sampled before and after every part.

Part 3 (``--ab-lookup``): prompt lookup against plain decoding alternating on the same prompts
(``run_ab_lookup``: ABBA, a fresh server per call), so a changing load hits both alike — the server variants above
run one after the other, and on a shared machine the load moves between them.
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
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

FILES = {"short": ROOT / "benchmarks/data/notes_styles/hailar_2014_a.txt",
         "long": ROOT / "tests/data/eval_notes/hailar_2017.txt"}
LOOKUP_ARGS = ("--draft_model", "prompt-lookup-decoding", "--draft_model_num_pred_tokens", "10")
# variant → (server configuration, prefix reuse, small prompt)
SERVERS: dict[str, tuple[int, tuple[str, ...]]] = {
    "default": (1, ()), "lookup": (1, LOOKUP_ARGS), "batch1": (1, ("--n_batch", "1", "--n_ubatch", "1")),
    "threads2": (2, ()),
}
VARIANTS: dict[str, tuple[str, bool, bool]] = {
    "base": ("default", True, False), "no_reuse": ("default", False, False),
    "small_prompt": ("default", True, True), "lookup": ("lookup", True, False),
    "batch1": ("batch1", True, False), "threads2": ("threads2", True, False),
}
_PROMPT_EVAL = re.compile(r"prompt eval time =\s*([\d.]+) ms /\s*(\d+) tokens")


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _median(values: list[Any]) -> float | None:
    found = [v for v in values if v is not None]
    return round(statistics.median(found), 3) if found else None


def small(messages: list[dict[str, str]]) -> list[dict[str, str]]:
    """The prompt without the section's notes block (the 【本节要点】 / notes lines up to the draft)."""
    out = [dict(m) for m in messages]
    user = out[-1]["content"]
    user = re.sub(r"(【本节要点】[^\n]*\n)(?:\[[^\n]*\n)+", r"\1（见初稿）\n", user)
    user = re.sub(r"(Notes for this section[^\n]*\n)(?:\[[^\n]*\n)+", r"\1(see the draft)\n", user)
    out[-1]["content"] = user
    return out


def _perf(log_path: Path, before: int) -> tuple[int | None, float | None]:
    """(prompt tokens the server evaluated, ms) of the newest call, from the server log."""
    try:
        found = _PROMPT_EVAL.findall(log_path.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return None, None
    if len(found) <= before:
        return None, None
    ms, tokens = found[-1]
    return int(tokens), float(ms)


def _count(log_path: Path) -> int:
    try:
        return len(_PROMPT_EVAL.findall(log_path.read_text(encoding="utf-8", errors="replace")))
    except OSError:
        return 0


def run_knobs(args: argparse.Namespace, model: Path, work: Path) -> dict[str, Any]:
    import httpx
    from local_model import count_tokens, stream
    from local_speed import polish_prompts

    from assistant.llm.local_llm import LocalServer
    from assistant.settings import Settings

    wanted = [v for v in args.variants.split(",") if v]
    prompts = {k: polish_prompts(FILES[k], args.sections)[0] for k in args.files.split(",")}
    rows: list[dict[str, Any]] = []
    order = ["default", "lookup", "batch1", "threads2", "default_end"]
    for server_name in order:
        name = server_name.removesuffix("_end")
        variants = [v for v in wanted if VARIANTS[v][0] == name]
        if server_name == "default_end":
            variants = ["base"] if "base" in wanted else []
        if not variants:
            continue
        threads, extra = SERVERS[name]
        settings = Settings(_env_file=None, data_dir=work / server_name, local_threads=threads)  # type: ignore[call-arg]
        deadline = time.monotonic() + args.variant_budget_s * len(variants)  # each variant its budget
        with LocalServer(settings, model_path=model, extra_args=extra) as server, \
                httpx.Client(timeout=args.variant_budget_s + 60) as client:
            base = server.base_url
            log_path = server.log_path
            for key, messages_list in prompts.items():
                for n, messages in enumerate(messages_list):
                    if server_name == "default_end" and n > 0:
                        break
                    for variant in variants:
                        if time.monotonic() > deadline:
                            break
                        _srv, reuse, is_small = VARIANTS[variant]
                        label = "base_end" if server_name == "default_end" else variant
                        msgs = small(messages) if is_small else [dict(m) for m in messages]
                        if not reuse:
                            msgs[0]["content"] = f"[{uuid.uuid4().hex[:8]}] " + msgs[0]["content"]
                        try:
                            if reuse:  # the shared prefix as the previous section leaves it
                                stream(client, base, [msgs[0], {"role": "user", "content": "好"}], 4)
                            before = _count(log_path)
                            load0 = load()
                            result = stream(client, base, msgs, args.max_tokens)
                            evaluated, eval_ms = _perf(log_path, before)
                            prompt_tokens = count_tokens(client, base, "\n".join(m["content"] for m in msgs))
                            tokens = count_tokens(client, base, result["text"]) if result["text"] else 0
                        except httpx.HTTPError as exc:
                            rows.append({"variant": label, "file": key, "section": n + 1,
                                         "error": f"{type(exc).__name__}: {exc}"[:200]})
                            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
                            continue
                        ttft = result["ttft_s"]
                        rows.append({
                            "variant": label, "file": key, "section": n + 1, "load": load0,
                            "prompt_tokens": prompt_tokens, "evaluated_tokens": evaluated,
                            "ttft_s": ttft and round(ttft, 2),
                            "prompt_tok_s": round(evaluated / ttft, 1) if evaluated and ttft else None,
                            "server_prompt_tok_s": round(evaluated / (eval_ms / 1000), 1)
                            if evaluated and eval_ms and eval_ms > 1 else None,
                            "total_s": round(result["total_s"], 2), "completion_tokens": tokens,
                            "decode_tok_s": round(tokens / result["gen_s"], 2) if result["gen_s"] else None})
                        print(json.dumps(rows[-1], ensure_ascii=False), file=sys.stderr, flush=True)
    return {"rows": rows, **summarize(rows)}


def summarize(rows: list[dict[str, Any]]) -> dict[str, Any]:
    summary: dict[str, dict[str, Any]] = {}
    for label in dict.fromkeys(r["variant"] for r in rows):
        sel = [r for r in rows if r["variant"] == label and "error" not in r]
        if not sel:
            summary[label] = {"calls": 0, "errors": sum(1 for r in rows if r["variant"] == label)}
            continue
        summary[label] = {"calls": len(sel), **{k: _median([r[k] for r in sel]) for k in (
            "prompt_tokens", "evaluated_tokens", "ttft_s", "prompt_tok_s", "decode_tok_s", "total_s",
            "completion_tokens")}}
    ratios: dict[str, dict[str, float | None]] = {}
    base = summary.get("base")

    def ratio(a: Any, b: Any) -> float | None:
        return round(a / b, 2) if a and b else None

    if base and base.get("calls"):
        for label, s in summary.items():
            if s.get("calls"):
                ratios[label] = {"total_s": ratio(s["total_s"], base["total_s"]),
                                 "ttft_s": ratio(s["ttft_s"], base["ttft_s"]),
                                 "decode_tok_s": ratio(s["decode_tok_s"], base["decode_tok_s"])}
    return {"summary": summary, "ratios_vs_base": ratios}


def run_full(args: argparse.Namespace, model: Path, work: Path) -> list[dict[str, Any]]:
    from collections import Counter

    from assistant.drafting.model import DraftDone, DraftInterrupted, InstantDraft, SectionPolished
    from assistant.drafting.polish import polish_report
    from assistant.llm.local_llm import stop_local_server
    from assistant.llm.providers import make_chat_model
    from assistant.notes import parse_notes
    from assistant.settings import Settings

    out = []
    for key in [k for k in args.full.split(",") if k]:
        settings = Settings(_env_file=None, data_dir=work / f"full-{key}", local_model_path=model,  # type: ignore[call-arg]
                            local_prompt_lookup=args.full_lookup)
        notes = parse_notes(FILES[key].read_text(encoding="utf-8"))
        handle = make_chat_model(settings, provider="local", language=notes.language)
        try:
            load0 = load()
            start = time.perf_counter()
            instant_s = None
            reasons: Counter[str] = Counter()
            interrupted = None
            for event in polish_report(notes, model=handle.model, provider="local", check=True):
                if isinstance(event, InstantDraft):
                    instant_s = time.perf_counter() - start
                elif isinstance(event, SectionPolished):
                    reasons[event.reason] += 1
                    print(json.dumps({"file": key, "section": event.section_id, "reason": event.reason,
                                      "t_s": round(time.perf_counter() - start, 1)}), file=sys.stderr, flush=True)
                elif isinstance(event, DraftInterrupted):
                    interrupted = str(event.error)[:200]
                elif isinstance(event, DraftDone):
                    pass
            total = time.perf_counter() - start
        finally:
            handle.close()
            stop_local_server()
        out.append({"file": key, "items": len(notes.items), "prompt_lookup": args.full_lookup,
                    "instant_s": instant_s and round(instant_s, 3), "polish_total_s": round(total, 1),
                    "sections": sum(reasons.values()), "reasons": dict(reasons), "interrupted": interrupted,
                    "load_before": load0, "load_after": load()})
        print(json.dumps(out[-1]), file=sys.stderr, flush=True)
    return out


def run_ab_lookup(args: argparse.Namespace, model: Path, work: Path) -> dict[str, Any]:
    """Prompt lookup against plain decoding, alternating on the same prompts (ABBA: plain first on one
    prompt, lookup first on the next), a fresh server for every call (a start is seconds), so the
    machine's changing load hits both alike; the shared prefix is warmed before each call as the
    previous section leaves it. The outputs must be the same (greedy decoding; lookup only drafts
    tokens the model then verifies)."""
    import httpx
    from local_model import count_tokens, stream
    from local_speed import polish_prompts

    from assistant.llm.local_llm import LocalServer
    from assistant.settings import Settings

    rows: list[dict[str, Any]] = []
    n = 0
    for key in args.files.split(","):
        for messages in polish_prompts(FILES[key], args.sections)[0]:
            order = ("plain", "lookup") if n % 2 == 0 else ("lookup", "plain")
            n += 1
            texts = {}
            for mode in order:
                settings = Settings(_env_file=None, data_dir=work / f"ab-{n}-{mode}")  # type: ignore[call-arg]
                extra = LOOKUP_ARGS if mode == "lookup" else ()
                with LocalServer(settings, model_path=model, extra_args=extra) as server, \
                        httpx.Client(timeout=900) as client:
                    stream(client, server.base_url, [messages[0], {"role": "user", "content": "好"}], 4)
                    load0 = load()
                    result = stream(client, server.base_url, messages, args.max_tokens)
                    tokens = count_tokens(client, server.base_url, result["text"]) if result["text"] else 0
                texts[mode] = result["text"]
                rows.append({"mode": mode, "file": key, "prompt": n, "load": load0, "completion_tokens": tokens,
                             "ttft_s": result["ttft_s"] and round(result["ttft_s"], 2),
                             "decode_tok_s": round((tokens - 1) / result["gen_s"], 2)
                             if result["gen_s"] and tokens > 1 else None,
                             "total_s": round(result["total_s"], 2)})
                print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
            rows[-1]["same_output"] = texts.get("plain") == texts.get("lookup")
    pairs: dict[str, list[float]] = {"decode_tok_s": [], "total_s": []}
    for p in sorted({r["prompt"] for r in rows}):
        by = {r["mode"]: r for r in rows if r["prompt"] == p}
        for k in pairs:
            if by.get("plain", {}).get(k) and by.get("lookup", {}).get(k):
                pairs[k].append(by["lookup"][k] / by["plain"][k])
    return {"rows": rows, "ratios_lookup_vs_plain": {k: [round(x, 2) for x in v] for k, v in pairs.items()},
            "median_ratio": {k: _median(v) for k, v in pairs.items()},
            "plain_decode_tok_s": _median([r["decode_tok_s"] for r in rows if r["mode"] == "plain"]),
            "lookup_decode_tok_s": _median([r["decode_tok_s"] for r in rows if r["mode"] == "lookup"])}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sections", type=int, default=2)
    parser.add_argument("--max-tokens", type=int, default=64)
    parser.add_argument("--files", default="short,long")
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--variant-budget-s", type=float, default=300)
    parser.add_argument("--full", default="", help="short,long: the real polish of the whole draft")
    parser.add_argument("--full-lookup", type=int, default=0)
    parser.add_argument("--ab-lookup", action="store_true",
                        help="prompt lookup vs plain decoding, alternating on the same prompts")
    parser.add_argument("--model")
    parser.add_argument("--json")
    args = parser.parse_args()

    from assistant.llm.local_model import prepare_model
    from assistant.settings import Settings

    model = Path(args.model) if args.model else prepare_model(Settings(_env_file=None), None)  # type: ignore[call-arg]
    report: dict[str, Any] = {"machine": f"{os.cpu_count()} cores", "load_start": load(),
                              "max_tokens": args.max_tokens, "sections_per_file": args.sections}
    with tempfile.TemporaryDirectory() as tmp:
        if args.ab_lookup:
            report["ab_lookup"] = run_ab_lookup(args, model, Path(tmp))
        if args.variants:
            report["knobs"] = run_knobs(args, model, Path(tmp))
        if args.full:
            report["full"] = run_full(args, model, Path(tmp))
    report["load_end"] = load()
    text = json.dumps(report, ensure_ascii=False, indent=2)
    if args.json:
        Path(args.json).write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
