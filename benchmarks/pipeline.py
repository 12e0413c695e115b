"""Drafting pipeline overhead against an OpenAI-protocol server streaming at a fixed rate.

Everything but the model's own generation counts as overhead: parsing the notes, the outline,
prompt building, HTTP and SSE handling in the OpenAI client and LangChain, output cleaning, the
figure checker after every section, and assembling the draft. The test server
(tests/openai_server.py) streams each section's reply at exactly ``--rate`` tokens/s (one token per
CJK character), so the generation time of a draft is known: tokens / rate. The replies are the
offline draft's own section texts, so the checker sees realistic, figure-dense text.

Also measured: the delay from the server writing a section's first token to the draft_report
consumer receiving it as a Token event (the pipeline's part of "first token to page").

    .venv/bin/python benchmarks/pipeline.py [--notes tests/data/eval_notes/hailar_2015.txt] [--rate 100 --rate 400]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from openai_server import ScriptedOpenAIServer  # noqa: E402

from assistant.drafting.model import DraftDone, Token  # noqa: E402
from assistant.drafting.pipeline import draft_report, run_draft  # noqa: E402
from assistant.notes import parse_notes  # noqa: E402
from assistant.outline import make_outline  # noqa: E402

DEFAULT_NOTES = ROOT / "tests" / "data" / "eval_notes" / "hailar_2015.txt"


def run_once(notes_text: str, rate: float) -> dict[str, Any]:
    from langchain_openai import ChatOpenAI

    reference = run_draft(draft_report(parse_notes(notes_text), check=False))
    by_heading = {s.heading: s.text for s in reference.sections}

    def reply(body: dict[str, Any]) -> str:
        user = str(body["messages"][-1]["content"])
        m = re.search(r"请撰写“(.+?)”部分", user) or re.search(r'section "(.+?)"', user)
        return by_heading.get(m.group(1), "") if m else ""

    with ScriptedOpenAIServer(reply, tokens_per_second=rate) as server:
        model = ChatOpenAI(base_url=server.base_url, api_key="bench", model="test-model", max_retries=0,
                           timeout=120)
        model.invoke("warm-up")  # connection pool and client import, not part of a draft
        server.requests.clear()
        first_seen: dict[str, float] = {}
        t0 = time.perf_counter()
        notes = parse_notes(notes_text)
        outline = make_outline(notes)
        draft = None
        for event in draft_report(notes, model=model, outline=outline, provider="bench"):
            if isinstance(event, Token) and event.section_id not in first_seen:
                first_seen[event.section_id] = time.perf_counter()
            elif isinstance(event, DraftDone):
                draft = event.draft
        assert draft is not None
        markdown = draft.to_markdown()
        total = time.perf_counter() - t0
        requests = list(server.chat_requests)
    tokens = sum(len(server.tokens(by_heading.get(s.heading, ""))) for s in draft.sections if s.note_items)
    generation = tokens / rate
    # pair each request's first token with the first Token event of the section drafted by it
    leaves = [s.section_id for s in draft.sections if s.note_items]
    delays = [first_seen[sid] - req.first_token_at for sid, req in zip(leaves, requests, strict=False)
              if req.first_token_at is not None and sid in first_seen]
    prompts = ["\n".join(str(m.get("content", "")) for m in req.messages) for req in requests]
    shared = 0
    for p in prompts[1:]:
        n = 0
        for a, b in zip(prompts[0], p, strict=False):
            if a != b:
                break
            n += 1
        shared += n
    total_prompt = sum(len(p) for p in prompts[1:]) or 1
    return {
        "prompt_chars": sum(len(p) for p in prompts),
        "shared_prefix_share": shared / total_prompt,
        "rate": rate,
        "sections": len(leaves),
        "requests": len(requests),
        "tokens": tokens,
        "chars": len(markdown),
        "total_s": total,
        "generation_s": generation,
        "overhead_s": total - generation,
        "overhead_share": (total - generation) / total,
        "first_token_delay_ms_median": 1000 * statistics.median(delays) if delays else float("nan"),
        "first_token_delay_ms_max": 1000 * max(delays) if delays else float("nan"),
        "repairs": len(draft.repairs),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description="Drafting pipeline overhead as a share of total draft time.")
    ap.add_argument("--notes", type=Path, default=DEFAULT_NOTES)
    ap.add_argument("--rate", type=float, action="append", help="tokens/s streamed by the server (repeatable)")
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    text = args.notes.read_text(encoding="utf-8")
    for rate in args.rate or [100.0, 400.0]:
        runs = [run_once(text, rate) for _ in range(args.repeat)]
        share = statistics.median(r["overhead_share"] for r in runs)
        r = runs[len(runs) // 2]
        print(f"rate {rate:.0f} tok/s: {r['sections']} sections, {r['tokens']} tokens, total {r['total_s']:.2f}s, "
              f"generation {r['generation_s']:.2f}s, overhead {r['overhead_s']:.2f}s = {share:.1%} of total; "
              f"first token → Token event median {r['first_token_delay_ms_median']:.1f} ms "
              f"(max {r['first_token_delay_ms_max']:.1f} ms); repairs {r['repairs']}; prompts {r['prompt_chars']} chars, "
              f"{r['shared_prefix_share']:.0%} of each later section prompt is the shared prefix", flush=True)


if __name__ == "__main__":
    main()
