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
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from openai_server import ScriptedOpenAIServer  # noqa: E402

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
]
NOTES = """红星镇2025年工作总结笔记
- 全镇地区生产总值完成12.5亿元，同比增长6.8%
- 新建高标准农田3000亩
- 接待游客45万人次，旅游收入1.2亿元
- 问题：村集体经济薄弱，12个村收入低于10万元
- 2026年目标：地区生产总值增长6%左右
- 计划新建村级养老服务站5个
"""
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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--drafts", type=int, default=3, help="drafts to write (each has several sections)")
    ap.add_argument("--rate", type=float, default=20.0, help="tokens per second of the test server")
    ap.add_argument("--json", type=Path, help="write the raw figures here")
    args = ap.parse_args()

    from playwright.sync_api import sync_playwright

    data = Path(tempfile.mkdtemp(prefix="ui-latency-"))
    port = _free_port()
    with TimingServer(args.rate) as server:
        env = {
            **os.environ,
            "REPORT_ASSISTANT_DATA_DIR": str(data),
            "REPORT_ASSISTANT_EMBEDDING": "hash",
            "REPORT_ASSISTANT_PROVIDER": "openai",
            "REPORT_ASSISTANT_OPENAI_BASE_URL": server.base_url,
            "REPORT_ASSISTANT_OPENAI_API_KEY": "sk-bench",
            "REPORT_ASSISTANT_OPENAI_MODEL": "test-model",
            "GRADIO_ANALYTICS_ENABLED": "False",
            "OMP_NUM_THREADS": "1",
        }
        exe = Path(sys.executable).with_name("report-assistant")
        proc = subprocess.Popen([str(exe), "ui", "--port", str(port)], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}/"
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    urllib.request.urlopen(url, timeout=2).close()
                    break
                except OSError:
                    if time.monotonic() > deadline or proc.poll() is not None:
                        raise SystemExit("the ui did not start") from None
                    time.sleep(0.3)
            seen: dict[str, float] = {}
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
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
                browser.close()
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
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
