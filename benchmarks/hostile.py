"""Pathological-input corpus through the CLI entry points, each under a time and memory budget.

    .venv/bin/python benchmarks/hostile.py [--budget-s 30] [--budget-mb 1024] [--only NAME] [--out FILE]

Every case is generated in a temporary folder (nothing big is committed) and run as its own process
(``report-assistant import`` / ``export`` / ``draft --provider offline``, checked for the
``draft+check`` rows), with the offline provider and
hash embeddings so no model is needed. A case is **within budget** when the process ends (a result or a
clear refusal) within ``--budget-s`` seconds of wall time and ``--budget-mb`` of peak RSS; a **crash** is
an exit status other than 0 / 1 / 2 or a Python traceback on stderr. Prints a Markdown table (the one in
docs/RELIABILITY.md) and writes JSON to ``benchmarks/results/hostile.json``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# The CLI in-process, reporting its own peak RSS (KB) on the last stderr line.
RUNNER = (
    "import resource, sys\n"
    "from assistant.cli import main\n"
    "sys.argv = ['report-assistant', *sys.argv[1:]]\n"
    "try:\n"
    "    main()\n"
    "finally:\n"
    "    sys.stderr.write('\\nPEAK_RSS_KB=%d\\n' % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
)


@dataclass
class Case:
    name: str
    entry: str  # import | export | draft | draft+check
    make: Callable[[Path], Path]
    what: str


@dataclass
class Result:
    name: str
    entry: str
    what: str
    rc: int | None
    outcome: str  # ok | refused | over budget | crash
    wall_s: float
    peak_mb: float
    message: str


def _docx(body: str) -> bytes:
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", xml)
    return buf.getvalue()


def _zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\x00" * (80 * 1024 * 1024))
    return buf.getvalue()


def _file(name: str, data: str | bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
        return path

    return make


def _lazy(name: str, build: Callable[[], str | bytes]) -> Callable[[Path], Path]:
    return lambda folder: _file(name, build())(folder)


NOTE = "- 全镇地区生产总值完成12.5亿元，同比增长6.8%，新建日光温室31栋\n"
BIDI = "- 增长\u202e%8\u202c，新建\u2066温室\u2069 31 栋，全年\u200f完成\u061c投资\u202d1.2亿元\n"
CONTROL = "- 控制字符\x07\x1b[31m\x0b\x7f在这一行\n"


def _ten_thousand_lines() -> str:
    """The issue's case: 10,000 short lines (``- 东3固投123亿元+12%``), values 1—999 repeating."""
    places, kinds = "东西南北中", ["固投", "社零", "财政收入", "粮食", "工业增加值", "农民收入"]
    units = ["亿元", "亿元", "万元", "万吨", "亿元", "元"]
    return "".join(f"- {places[k % 5]}{k // 5 % 100}{kinds[k % 6]}{k * 7 % 999 + 1}{units[k % 6]}+{k % 29 + 1}%\n"
                   for k in range(10_000))


def corpus() -> list[Case]:
    head = "红星镇2025年工作总结笔记\n"
    draft_head = "# 红星镇2025年工作总结\n\n## 一、工作回顾\n\n"
    return [
        # --- import (.docx / .html / .txt) -------------------------------------------------------
        Case("docx-1.4M-empty-paragraphs", "import", _lazy("bomb.docx", lambda: _docx("<w:p/>" * 1_400_000)),
             "a ~13 KB .docx holding 1.4 million empty paragraphs"),
        Case("docx-nesting-300", "import", _lazy("deep.docx", lambda: _docx("<w:tbl>" * 300 + "</w:tbl>" * 300)),
             "elements nested 300 deep"),
        Case("docx-1.1M-elements", "import", _lazy("many.docx", lambda: _docx("<w:b/>" * 1_100_000)),
             "1.1 million XML elements"),
        Case("docx-zip-bomb-80MB", "import", _lazy("zip.docx", _zip_bomb), "80 MB member in a small archive"),
        Case("html-50k-nested-divs", "import", _lazy("deep.html", lambda: "<div>" * 50_000 + "x" + "</div>" * 50_000),
             "50,000 nested <div>"),
        Case("html-120k-paragraphs", "import", _lazy("many.html", lambda: "<p>年度工作</p>" * 120_000),
             "120,000 <p> elements"),
        Case("html-huge-table", "import",
             _lazy("table.html", lambda: "<h1>报告</h1><table>" + ("<tr>" + "<td>12.5亿元</td>" * 10 + "</tr>") * 5000
                   + "</table>"), "a 5,000 × 10 table"),
        Case("html-unterminated-quotes", "import", _lazy("quotes.html", lambda: "<h1>报告</h1>" + '<a b="' * 400_000),
             '2.4 MB of unterminated <a b="'),
        Case("html-unterminated-comments", "import", _lazy("comments.html", lambda: "<h1>报告</h1>" + "<!--" * 500_000),
             "2 MB of unterminated <!--"),
        Case("html-style-img-markup", "import",
             _file("markup.html", '<h1>工作总结</h1><p style="position:fixed">会话已过期<img src="http://t.example/p.gif">'
                   '<a href="javascript:x()">登录</a></p>'), "style/img/javascript: markup"),
        Case("txt-1.4M-blank-lines", "import", _lazy("blank.txt", lambda: "工作总结\n" + "\n" * 1_400_000 + "正文"),
             "1.4 million empty lines"),
        Case("txt-bidi-control", "import", _file("bidi.txt", "工作总结\n" + BIDI * 50 + CONTROL), "bidi overrides, control chars"),
        # --- export (draft → .docx) ---------------------------------------------------------------
        Case("export-100k-digits-marker", "export", _lazy("d1.md", lambda: draft_head + "1" * 100_000 + "【待核实】\n"),
             "one line of 100,000 digits before a marker"),
        Case("export-digit-comma-run", "export", _lazy("d2.md", lambda: draft_head + "1," * 100_000 + "【待核实】\n"),
             "200,000 characters of 1,1,1,…"),
        Case("export-open-markers", "export", _lazy("d3.md", lambda: draft_head + "【待核实" * 40_000 + "\n"),
             "40,000 unclosed markers"),
        Case("export-wide-table-row", "export", _lazy("d4.md", lambda: draft_head + "|" + "1|" * 20_000 + "\n"),
             "one table row of 20,000 cells"),
        Case("export-5000-row-table", "export",
             _lazy("d5.md", lambda: draft_head + "| 指标 | 数值 |\n|---|---|\n" + "| 产值 | 12.5亿元 |\n" * 5000),
             "a 5,000-row table"),
        Case("export-bidi-control", "export", _file("d6.md", draft_head + BIDI * 50 + CONTROL), "bidi overrides, control chars"),
        Case("export-200k-chars", "export", _lazy("d7.md", lambda: draft_head + (NOTE[2:] * 4000)[:200_000]),
             "a 200,000-character draft"),
        # --- notes → offline draft ------------------------------------------------------------------
        Case("notes-100k-digits", "draft", _lazy("n1.txt", lambda: head + "- 产值" + "1" * 100_000 + "亿元\n" + NOTE),
             "a note line of 100,000 digits"),
        Case("notes-100k-cjk", "draft", _lazy("n2.txt", lambda: head + "- " + "增" * 100_000 + "\n" + NOTE),
             "a note line of 100,000 × 增"),
        Case("notes-digit-punct", "draft", _lazy("n3.txt", lambda: head + "- " + "1." * 50_000 + "\n" + NOTE),
             "1.1.1.… for 100,000 characters"),
        Case("notes-100k-blanks", "draft", _lazy("n4.txt", lambda: head + "- 增长" + " " * 100_000 + "5%\n" + NOTE),
             "100,000 blanks inside a note line"),
        Case("notes-nested-brackets", "draft",
             _lazy("n5.txt", lambda: head + "- " + "（" * 50_000 + "）" * 50_000 + "\n" + NOTE), "50,000 nested （）"),
        Case("notes-bidi-control", "draft", _file("n6.txt", head + BIDI * 20 + CONTROL + NOTE), "bidi overrides, control chars"),
        Case("notes-199k-paste", "draft", _lazy("n7.txt", lambda: head + (NOTE * 4000)[:199_000]),
             "a 199,000-character paste (~3,100 lines)"),
        Case("notes-10k-lines-checked", "draft+check", _lazy("n8.txt", lambda: head + _ten_thousand_lines()),
             "10,000 note lines (~150k characters), drafted and checked"),
    ]


def _command(case: Case, path: Path, work: Path) -> list[str]:
    if case.entry == "import":
        return ["import", str(path), "--out", str(work / "out")]
    if case.entry == "export":
        return ["export", str(path), "--out", str(work / "out.docx")]
    check = [] if case.entry == "draft+check" else ["--no-check"]
    return ["draft", str(path), "--provider", "offline", "--no-examples", *check, "--out", str(work / "d.md")]


def run_case(case: Case, budget_s: float, budget_mb: float) -> Result:
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        work = Path(tmp)
        path = case.make(work)
        env = {k: v for k, v in os.environ.items() if not k.startswith("REPORT_ASSISTANT_")}
        env.update({"PYTHONPATH": str(ROOT), "REPORT_ASSISTANT_DATA_DIR": str(work / "data"),
                    "REPORT_ASSISTANT_EMBEDDING": "hash", "REPORT_ASSISTANT_PROVIDER": "offline",
                    "REPORT_ASSISTANT_MAX_FILE_BYTES": str(20_000_000)})
        started = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-c", RUNNER, *_command(case, path, work)], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            _out, err = proc.communicate(timeout=budget_s)
            rc: int | None = proc.returncode
        except subprocess.TimeoutExpired:
            proc.kill()
            _out, err = proc.communicate()
            rc = None
        wall = time.monotonic() - started
    peak_kb = 0
    lines = []
    for line in (err or "").splitlines():
        if line.startswith("PEAK_RSS_KB="):
            peak_kb = int(line.split("=", 1)[1])
        elif line.strip():
            lines.append(line.strip())
    peak_mb = peak_kb / 1024
    message = next((ln for ln in lines if ln.startswith("error:")), lines[-1] if lines else "")
    if rc is None or peak_mb > budget_mb:
        outcome = "over budget"
    elif rc not in (0, 1, 2) or any(ln.startswith("Traceback") for ln in lines):
        outcome = "crash"
    elif rc == 0:
        outcome = "ok"
    else:
        outcome = "refused"
    return Result(case.name, case.entry, case.what, rc, outcome, round(wall, 2), round(peak_mb, 1), message[:160])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--budget-s", type=float, default=30.0)
    parser.add_argument("--budget-mb", type=float, default=1024.0)
    parser.add_argument("--only", action="append", default=[], help="run only cases whose name contains this")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "hostile.json")
    args = parser.parse_args()
    results = []
    for case in corpus():
        if args.only and not any(o in case.name for o in args.only):
            continue
        result = run_case(case, args.budget_s, args.budget_mb)
        results.append(result)
        print(f"{result.name}: {result.outcome} ({result.wall_s} s, {result.peak_mb} MB)", file=sys.stderr, flush=True)
    print("| case | entry point | input | outcome | wall | peak RSS |\n|---|---|---|---|---:|---:|")
    for r in results:
        text = r.message.removeprefix("error: ")
        text = text.split(": ", 1)[1] if text.startswith("/") and ": " in text else text  # drop the temp path
        shown = r.outcome if r.outcome != "refused" else f"refused: {text[:100]}"
        peak = f"{r.peak_mb:.0f} MB" if r.peak_mb else "– (killed)"
        print(f"| {r.name} | {r.entry} | {r.what} | {shown.replace('|', '/')} | {r.wall_s:.1f} s | {peak} |")
    over = sum(r.outcome == "over budget" for r in results)
    crashes = sum(r.outcome == "crash" for r in results)
    print(f"\n{len(results)} cases, budget {args.budget_s:.0f} s / {args.budget_mb:.0f} MB: "
          f"{over} over budget, {crashes} crashes")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"budget_s": args.budget_s, "budget_mb": args.budget_mb,
                                    "results": [asdict(r) for r in results]}, ensure_ascii=False, indent=1),
                        encoding="utf-8")


if __name__ == "__main__":
    main()
