"""Speed of the instant-draft-then-polish flow (issue 12 item 3).

    .venv/bin/python benchmarks/local_speed.py [--instant-only] [--sections 2] [--max-tokens 96]
        [--budget-s 600] [--files short,long] [--server-args "--n_batch 1 --n_ubatch 1"] [--model PATH]
        [--json OUT]

Part 1, no model needed: the time to the instant draft through ``services.session`` (the same
``SessionWorkflow.draft`` the page and the Knowledge tab use, no browser), for the 14-note notes
(benchmarks/data/notes_styles/hailar_2014_a.txt) and the long notes (tests/data/eval_notes/
hailar_2017.txt, 48 content items); 5 runs each, medians.

Part 2, the real embedded model (llama-cpp-python server, the packaged Qwen2.5-Coder-1.5B GGUF):
the polish prompts of the first ``--sections`` leaf sections of each notes file, exactly as
``drafting.polish`` builds them, streamed with raw HTTP at temperature 0; in one run, alternating:
plain decoding vs ``--draft_model prompt-lookup-decoding`` (a second server), and prefix reuse vs
none (a nonce at the start of the system message defeats llama.cpp's prompt-prefix match). Reports
prompt tokens, time to first token, decode tokens/s and the section's total time, medians, and the
ratios; the full-draft time is extrapolated from the per-section medians × the number of leaf
sections (say so when quoting it). ``--budget-s`` stops early and reports what finished.
"""

from __future__ import annotations

import argparse
import json
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

SHORT = ROOT / "benchmarks/data/notes_styles/hailar_2014_a.txt"
LONG = ROOT / "tests/data/eval_notes/hailar_2017.txt"
LOOKUP_ARGS = ("--draft_model", "prompt-lookup-decoding", "--draft_model_num_pred_tokens", "10")


def _median(values: list[float]) -> float | None:
    values = [v for v in values if v is not None]
    return round(statistics.median(values), 3) if values else None


# --- part 1: time to the instant draft ------------------------------------------------------------

def instant_times(path: Path, runs: int = 5) -> dict[str, Any]:
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    from assistant.llm.providers import ProviderHandle
    from assistant.services.container import Services
    from assistant.services.events import InstantDraft
    from assistant.services.session import SessionWorkflow
    from assistant.settings import Settings

    text = path.read_text(encoding="utf-8")
    times: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None, data_dir=Path(tmp), embedding="hash", provider="openai")  # type: ignore[call-arg]
        services = Services(settings, retriever_factory=lambda s: None,
                            provider_factory=lambda s, key: ProviderHandle(
                                "openai", FakeListChatModel(responses=["。"]), None, "bench"))
        try:
            services.provider()  # the page holds a warm provider; the instant draft never waits for the model
            for _ in range(runs):
                sid = services.store.create_session("bench").session_id
                start = time.perf_counter()
                events = SessionWorkflow(services, sid).draft(text, cause="first_draft")
                for event in events:
                    if isinstance(event, InstantDraft):
                        times.append(time.perf_counter() - start)
                        break
                events.close()  # stop there: the polish is part 2's business
        finally:
            services.close()
    return {"file": str(path.relative_to(ROOT)), "runs": runs, "median_s": _median(times),
            "max_s": round(max(times), 3), "times_s": [round(t, 3) for t in times]}


# --- part 2: the real model ------------------------------------------------------------------------

def polish_prompts(path: Path, limit: int) -> tuple[list[list[dict[str, str]]], int]:
    """The polish prompts of the first ``limit`` leaf sections (as drafting.polish builds them, local:
    no style excerpts), and the number of leaf sections the full draft polishes."""
    from assistant.drafting.offline import _section_kind
    from assistant.drafting.pipeline import draft_report, run_draft
    from assistant.drafting.polish import _leaves, polish_hint
    from assistant.drafting.prompting import section_items_block, style_block
    from assistant.llm.prompts import load_prompt, quote_data
    from assistant.notes import parse_notes
    from assistant.outline import make_outline

    notes = parse_notes(path.read_text(encoding="utf-8"))
    outline = make_outline(notes)
    draft = run_draft(draft_report(notes, outline=outline, check=False))
    by_id = {i.item_id: i for i in notes.items}
    leaves = [(s, p) for s, p in _leaves(outline) if draft.section(s.section_id).text.strip()]
    out = []
    for section, parent in leaves[:limit]:
        ds = draft.section(section.section_id)
        items = [by_id[i] for i in section.note_items if i in by_id]
        kind = _section_kind(section, parent, notes, items)
        messages = load_prompt("polish_section", notes.language).to_messages(
            report_title=quote_data(outline.title), style_block=style_block((), notes.language)[0],
            section_heading=quote_data(ds.heading), section_items=section_items_block(items),
            offline_text=quote_data(ds.text), length_hint=polish_hint(notes.language, kind, len(items)))
        out.append([{"role": "system" if m.type == "system" else "user", "content": str(m.content)}
                    for m in messages])
    return out, len(leaves)


def run_model(args: argparse.Namespace) -> dict[str, Any]:
    import httpx
    from local_model import count_tokens, stream

    from assistant.llm.local_llm import LocalServer
    from assistant.llm.local_model import prepare_model
    from assistant.settings import Settings

    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    model = Path(args.model) if args.model else prepare_model(settings, None)
    deadline = time.monotonic() + args.budget_s
    files = {k: v for k, v in {"short": SHORT, "long": LONG}.items() if k in args.files.split(",")}
    server_args = tuple(args.server_args.split()) if args.server_args else ()
    prompts = {k: polish_prompts(p, args.sections) for k, p in files.items()}
    rows: list[dict[str, Any]] = []
    for decoding, extra in (("plain", ()), ("lookup", LOOKUP_ARGS)):
        if time.monotonic() > deadline:
            break
        t0 = time.perf_counter()
        with LocalServer(settings, model_path=model, extra_args=(*server_args, *extra)) as server, httpx.Client(timeout=900) as client:
            start_s = time.perf_counter() - t0
            base = server.base_url
            for key, (messages_list, _leaf_count) in prompts.items():
                for n, messages in enumerate(messages_list):
                    for reuse in (True, False):
                        if time.monotonic() > deadline:
                            break
                        msgs = [dict(m) for m in messages]
                        if not reuse:
                            msgs[0]["content"] = f"[{uuid.uuid4().hex[:8]}] " + msgs[0]["content"]
                        try:
                            if reuse and n == 0:  # warm the shared prefix, as an earlier section would
                                stream(client, base, [msgs[0], {"role": "user", "content": "好"}], 8)
                            prompt_tokens = count_tokens(client, base, "\n".join(m["content"] for m in msgs))
                            result = stream(client, base, msgs, args.max_tokens)
                            tokens = count_tokens(client, base, result["text"]) if result["text"] else 0
                        except httpx.HTTPError as exc:  # a call the loaded machine could not finish: say so
                            rows.append({"decoding": decoding, "file": key, "section": n + 1, "prefix_reuse": reuse,
                                         "error": f"{type(exc).__name__}: {exc}"[:200]})
                            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
                            continue
                        rows.append({"decoding": decoding, "file": key, "section": n + 1, "prefix_reuse": reuse,
                                     "server_start_s": round(start_s, 2), "prompt_tokens": prompt_tokens,
                                     "ttft_s": result["ttft_s"] and round(result["ttft_s"], 2),
                                     "total_s": round(result["total_s"], 2), "completion_tokens": tokens,
                                     "decode_tok_s": round(tokens / result["gen_s"], 2) if result["gen_s"] else None})
                        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    summary: dict[str, Any] = {}
    for decoding in ("plain", "lookup"):
        for reuse in (True, False):
            sel = [r for r in rows if r["decoding"] == decoding and r["prefix_reuse"] is reuse and "error" not in r]
            if sel:
                summary[f"{decoding}/{'reuse' if reuse else 'no-reuse'}"] = {
                    "calls": len(sel), "ttft_s": _median([r["ttft_s"] for r in sel]),
                    "total_s": _median([r["total_s"] for r in sel]),
                    "decode_tok_s": _median([r["decode_tok_s"] for r in sel]),
                    "prompt_tokens": _median([r["prompt_tokens"] for r in sel])}
    ratios = {}
    base = summary.get("plain/reuse")
    for name, s in summary.items():
        if base and s["total_s"] and base["total_s"]:
            ratios[name] = {"total_time_vs_plain_reuse": round(s["total_s"] / base["total_s"], 2),
                            "decode_tok_s_vs_plain_reuse": round((s["decode_tok_s"] or 0) / (base["decode_tok_s"] or 1), 2)}
    full = {}
    if base:
        for key, (_m, leaf_count) in prompts.items():
            full[key] = {"leaf_sections": leaf_count,
                         "estimated_full_polish_s": round((base["total_s"] or 0) * leaf_count, 1)}
    return {"rows": rows, "summary": summary, "ratios": ratios, "full_draft_estimate": full,
            "max_tokens": args.max_tokens, "sections_per_file": args.sections}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--instant-only", action="store_true")
    parser.add_argument("--sections", type=int, default=2)
    parser.add_argument("--max-tokens", type=int, default=96)
    parser.add_argument("--budget-s", type=float, default=600)
    parser.add_argument("--model")
    parser.add_argument("--files", default="short,long", help="short (14 notes), long (48 notes), or both")
    parser.add_argument("--server-args", default="",
                        help='extra llama_cpp.server arguments, e.g. "--n_batch 1 --n_ubatch 1"')
    parser.add_argument("--json")
    args = parser.parse_args()
    report: dict[str, Any] = {"instant": [instant_times(SHORT), instant_times(LONG)]}
    print(json.dumps(report["instant"], ensure_ascii=False), file=sys.stderr, flush=True)
    if not args.instant_only:
        report["model"] = run_model(args)
    text = json.dumps(report, ensure_ascii=False, indent=2)
    if args.json:
        Path(args.json).write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
