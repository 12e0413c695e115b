"""Time from the provider's first token to it showing in the page (issue 3 target: ≤ 1 s).

A real OpenAI-protocol server (tests/openai_server.py) streams each section at a fixed rate; every
section's reply starts with a unique marker word. The server records the wall-clock time at which
the first token was written and flushed to the socket; a MutationObserver in headless Debian
chromium records when that marker first appears in the draft on the page. The app runs as
`report-assistant ui` in a subprocess, exactly as a user starts it (Gradio queue, SSE, browser
rendering all included). Both clocks are the same machine's wall clock.

    .venv/bin/python benchmarks/ui_latency.py [--drafts 3] [--rate 20] [--json OUT]
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser_support import launch_chromium, run_app  # noqa: E402
from openai_server import ScriptedOpenAIServer  # noqa: E402
from support import HONGXING_NOTES_ZH as NOTES  # noqa: E402

MARKER = re.compile(r"Q[a-z]{3}")


class _Timed(list[str]):
    """Token list that calls ``on_first`` once the first token has been written (on the 2nd next())."""

    def __init__(self, items: list[str], on_first: Any) -> None:
        super().__init__(items)
        self._on_first = on_first

    def __iter__(self) -> Any:
        first = True
        for item in list.__iter__(self):
            yield item
            if first:
                self._on_first()
                first = False


class TimingServer(ScriptedOpenAIServer):
    def __init__(self, rate: float) -> None:
        self.first_token: dict[str, float] = {}
        self._names = ("Q" + "".join(p) for p in itertools.product("abcdefghijklmnopqrstuvwxyz", repeat=3))
        self._name_lock = threading.Lock()
        super().__init__(self._reply, tokens_per_second=rate)

    def _reply(self, body: dict[str, Any]) -> str:
        del body
        with self._name_lock:
            name = next(self._names)
        return f"{name} 各项工作稳步推进，全镇上下齐心协力，取得了较好成效。"

    def tokens(self, text: str) -> list[str]:
        toks = super().tokens(text)
        m = MARKER.match(text)
        if not m:
            return toks
        marker = m.group(0)
        return _Timed(toks, lambda: self.first_token.setdefault(marker, time.time()))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--drafts", type=int, default=3, help="drafts to write (each has several sections)")
    ap.add_argument("--rate", type=float, default=20.0, help="tokens per second of the test server")
    ap.add_argument("--json", type=Path, help="write the raw figures here")
    args = ap.parse_args()

    data = Path(tempfile.mkdtemp(prefix="ui-latency-"))
    with TimingServer(args.rate) as server:
        env = {
            "REPORT_ASSISTANT_PROVIDER": "openai",
            "REPORT_ASSISTANT_OPENAI_BASE_URL": server.base_url,
            "REPORT_ASSISTANT_OPENAI_API_KEY": "sk-bench",
            "REPORT_ASSISTANT_OPENAI_MODEL": "test-model",
        }
        seen: dict[str, float] = {}
        try:
            with run_app(data, env) as url, launch_chromium() as browser:
                page = browser.new_page(locale="zh-CN", viewport={"width": 1400, "height": 1000})
                page.set_default_timeout(180_000)
                page.goto(url)
                page.wait_for_function(
                    "() => /模型|Model/.test((document.querySelector('#ra-status') || {}).innerText || '')")
                page.evaluate("""() => {
                    window.__seen = {};
                    new MutationObserver(() => {
                        const box = document.querySelector('#ra-draft-box');
                        if (!box) return;
                        const now = Date.now();
                        for (const m of box.innerText.matchAll(/Q[a-z]{3}/g)) {
                            if (!(m[0] in window.__seen)) window.__seen[m[0]] = now;
                        }
                    }).observe(document.body, {subtree: true, childList: true, characterData: true});
                }""")
                for n in range(args.drafts):
                    if n:
                        page.locator("#ra-sessions").click()
                        page.locator("#ra-new").click()
                        page.wait_for_function(
                            "() => document.querySelector('#ra-draft-box').innerText.includes('还没有初稿')")
                    page.locator("#ra-input textarea").fill(NOTES)
                    page.locator("#ra-send").click()
                    page.wait_for_function(
                        "() => document.querySelector('#ra-chat').innerText.split('初稿已完成').length > 1")
                seen = {k: v / 1000.0 for k, v in page.evaluate("window.__seen").items()}
        except AssertionError as exc:  # run_app: the ui exited or did not answer
            raise SystemExit(f"the ui did not start: {exc}") from None
        delays = sorted(seen[m] - t for m, t in server.first_token.items() if m in seen)
        missing = sorted(set(server.first_token) - set(seen))
    if not delays:
        raise SystemExit("no marker reached the page")
    result = {
        "sections": len(delays),
        "missing": missing,
        "rate_tokens_per_s": args.rate,
        "median_s": round(statistics.median(delays), 3),
        "p90_s": round(delays[min(len(delays) - 1, int(0.9 * len(delays)))], 3),
        "max_s": round(max(delays), 3),
        "min_s": round(min(delays), 3),
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    if args.json:
        args.json.write_text(json.dumps({**result, "delays_s": delays}, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
