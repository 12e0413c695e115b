"""Rewrite one section vs. regenerate the whole draft: wall time and ratio.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/rewrite.py [--provider offline|scripted|local|openai]
        [--notes tests/data/eval_notes/hailar_2015.txt] [--section REF] [--instruction TEXT] [--repeats N]

* ``offline`` — no model: deterministic drafting and rewriting (pipeline cost only).
* ``scripted`` — the OpenAI-protocol test server (tests/openai_server.py) streaming at a fixed
  ``--tps`` (default 20 tokens/s, the local 1.5B model's measured speed on this machine); every
  section reply is the offline text of that section, so token counts are realistic.
* ``local`` / ``openai`` — the real provider from settings (``make_chat_model``); the local model
  must be prepared (``report-assistant model prepare``).

The draft is first produced with the same provider (``draft_report``, checker on); then the section
``--section`` (default: the problems section, 存在的问题) is rewritten with ``--instruction``
(``rewrite_section``, checker on). Reported: medians of full-draft time, one-section rewrite time,
and their ratio.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from assistant.drafting.pipeline import draft_report, run_draft  # noqa: E402
from assistant.notes import parse_notes  # noqa: E402
from assistant.rewrite.engine import rewrite_section  # noqa: E402
from assistant.rewrite.requests import Ambiguity, NotFound, resolve_section_ref  # noqa: E402
from assistant.sections import parse_draft  # noqa: E402

DEFAULT_NOTES = ROOT / "tests" / "data" / "eval_notes" / "hailar_2015.txt"


def _scripted_model(stack: ExitStack, notes_text: str, tps: float) -> Any:
    from langchain_openai import ChatOpenAI
    from openai_server import ScriptedOpenAIServer

    offline = run_draft(draft_report(parse_notes(notes_text), model=None))
    texts = [s.text for s in offline.sections if s.text.strip()] or ["OK"]
    state = {"i": 0}

    def reply(body: dict[str, Any]) -> str:
        prompt = "\n".join(str(m.get("content", "")) for m in body.get("messages", []))
        for t in texts:  # a rewrite prompt quotes the section: answer with (about) that section
            if t[:30] and t[:30] in prompt:
                return t
        text = texts[state["i"] % len(texts)]
        state["i"] += 1
        return text

    server = stack.enter_context(ScriptedOpenAIServer(reply, model="scripted", tokens_per_second=tps))
    return ChatOpenAI(base_url=server.base_url, api_key="k", model="scripted", temperature=0, max_retries=0)


def _shorten(text: str, per_block: int) -> str:
    """Keep the first ``per_block`` items of each block (a block starts at a line ending with a colon)."""
    out: list[str] = []
    count = 0
    for line in text.splitlines():
        if line.rstrip().endswith(("：", ":")) or not line.strip() or not line.lstrip().startswith(("-", "•")):
            out.append(line)
            count = 0
        elif count < per_block:
            out.append(line)
            count += 1
    return "\n".join(out) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--provider", default="offline", choices=["offline", "scripted", "local", "openai"])
    ap.add_argument("--notes", type=Path, default=DEFAULT_NOTES)
    ap.add_argument("--section", default="存在的问题")
    ap.add_argument("--instruction", default="改写得更简洁")
    ap.add_argument("--repeats", type=int, default=None, help="default: 5 offline/scripted, 1 with a real model")
    ap.add_argument("--tps", type=float, default=20.0, help="scripted server tokens per second")
    ap.add_argument("--max-lines", type=int, default=None,
                    help="keep only the first N items of each notes block (keeps a real-model run short)")
    args = ap.parse_args()
    notes_text = args.notes.read_text(encoding="utf-8")
    if args.max_lines:
        notes_text = _shorten(notes_text, args.max_lines)
    notes = parse_notes(notes_text)
    repeats = args.repeats or (5 if args.provider in ("offline", "scripted") else 1)

    with ExitStack() as stack:
        model: Any = None
        label = args.provider
        if args.provider == "scripted":
            model = _scripted_model(stack, notes_text, args.tps)
            label = f"scripted OpenAI server at {args.tps:g} tokens/s"
        elif args.provider in ("local", "openai"):
            from assistant.llm.providers import make_chat_model
            from assistant.settings import Settings

            handle = make_chat_model(Settings(), args.provider, language=notes.language)  # type: ignore[call-arg]
            stack.callback(handle.close)
            model = handle.model
            label = handle.describe()
        drafts, rewrites = [], []
        section_label = ""
        for _ in range(repeats):
            t0 = time.perf_counter()
            draft = run_draft(draft_report(notes, model=model))
            drafts.append(time.perf_counter() - t0)
            print(f"draft: {drafts[-1]:.1f} s", file=sys.stderr, flush=True)
            md = draft.to_markdown()
            tree = parse_draft(md)
            target = resolve_section_ref(tree, args.section)
            if isinstance(target, (Ambiguity, NotFound)):
                target = tree.sections[min(1, len(tree.sections) - 1)]
            section_label = f"{target.id} {target.label} ({len(tree.section_text(target.id))} chars of {len(md)})"
            t0 = time.perf_counter()
            result = rewrite_section(tree, target.id, args.instruction, notes_text, model=model,
                                     language=notes.language)
            rewrites.append(time.perf_counter() - t0)
            print(f"rewrite: {rewrites[-1]:.1f} s", file=sys.stderr, flush=True)
            assert result.text.startswith(md[: target.body_start])
    d, r = statistics.median(drafts), statistics.median(rewrites)
    print(f"provider: {label}; notes: {args.notes.name} ({len(notes.items)} items); repeats: {repeats}")
    print(f"section: {section_label}; instruction: {args.instruction}")
    print(f"full draft {d * 1000:.1f} ms · rewrite one section {r * 1000:.1f} ms · ratio {r / d:.3f} "
          f"(rewrite is {d / r:.1f}x faster)")


if __name__ == "__main__":
    main()
