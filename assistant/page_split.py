"""Page text: web-page clutter removed and a page holding several reports split into them.

* :func:`strip_clutter` removes web-page clutter ("版权声明 我要投稿", "原创,尽在…网", "上一篇…下一篇…").
* :func:`split_page` splits a page holding several reports (``… 篇1`` … ``… 篇8``) into reports.

Used by the importer (:mod:`assistant.ingest`) and the web-page reader (:mod:`assistant.webpage`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.headings import parse_heading
from assistant.textnorm import parse_int

__all__ = ["TITLE_END_RE", "SplitReport", "split_page", "strip_clutter", "title_like"]


@dataclass(frozen=True)
class SplitReport:
    """One report cut out of a page. ``part`` is 1, 2, … for a multi-report page, else ``None``."""

    title: str
    text: str
    part: int | None = None
    page_title: str = ""
    has_own_title: bool = False  # the title comes from the report's own title line



_DATE = r"(?:\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)"
_DATE_ONLY_RE = re.compile(rf"^\s*(?:时间[:：]\s*)?{_DATE}\s*$")
_CLUTTER_WORDS = (
    "版权声明|我要投稿|免责声明|投诉建议|举报|收藏本文|收藏本页|加入收藏|分享到|打印本页|打印本文|关闭窗口|"
    "返回顶部|扫一扫在手机打开当前页|手机扫码|设为首页|字号|阅读次数|浏览次数|点击次数|责任编辑|相关推荐|"
    "热门推荐|猜你喜欢|相关文章|推荐阅读|我要纠错"
)
# Possessive ``\s*+``: adjacent whitespace runs never split a run of blanks between them (that
# backtracking made a line of blanks quadratic).
_CLUTTER_LINE_RE = re.compile(
    rf"^\s*+(?:{_DATE}\s*+)?(?:[【\[(（]?\s*+(?:{_CLUTTER_WORDS})[^\n]{{0,20}}?[】\])）]?\s*+[|｜/、,，:：]?\s*+)+$"
)
_PREV_NEXT_RE = re.compile(r"^\s*(?:上一篇|下一篇|上一页|下一页)\s*[:：]")
_INDEX_LINE_RE = re.compile(r"[(（]\s*(?:精选|优选|推荐|热门)?\s*\d{1,3}\s*篇\s*[)）]\s*$")
_INLINE_CLUTTER_RE = re.compile(
    r"[(（]?(?:原创|精品|更多[^。\n，,]{0,12}?|本文[^。\n，,]{0,8}?)\s*[,，]?\s*尽在[^。！!\n]{1,40}(?:[。！!][)）]?|$)"
)


def _is_clutter_line(line: str) -> bool:
    s = line.strip()
    if not s:
        return False
    if _PREV_NEXT_RE.match(s):
        return True
    if len(s) <= 60 and _CLUTTER_LINE_RE.match(s):
        return True
    return len(s) <= 80 and _INDEX_LINE_RE.search(s) is not None


def strip_clutter(text: str) -> str:
    """Remove web-page clutter lines and phrases; collapse runs of blank lines."""
    lines = [line.rstrip() for line in text.split("\n")]
    drop = [_is_clutter_line(line) for line in lines]
    # A date standing alone next to clutter (the page's publication line) goes too.
    for i, line in enumerate(lines):
        if drop[i] or not _DATE_ONLY_RE.match(line):
            continue
        neighbours = [j for j in (i - 1, i + 1, i + 2) if 0 <= j < len(lines)]
        if any(drop[j] for j in neighbours if lines[j].strip() or j == i + 1):
            drop[i] = True
    kept: list[str] = []
    for line, gone in zip(lines, drop, strict=True):
        if gone:
            continue
        cleaned = _INLINE_CLUTTER_RE.sub("", line).rstrip()
        if line.strip() and not cleaned.strip():
            continue
        kept.append(cleaned)
    out = "\n".join(kept)
    out = re.sub(r"\n{3,}", "\n\n", out)
    return out.strip("\n") + ("\n" if out.strip() else "")


# --- page splitting --------------------------------------------------------------------------------------

_PART_LINE_RE = re.compile(r"^(.{0,80}?)\s*+第?\s*+篇\s*+([0-9０-９]{1,3})\s*+$")
_TITLE_WORDS_RE = re.compile(r"总结|报告|安排|计划|规划|要点|讲话|发言|致辞|汇报|方案|打算|思路|述职|Report|Summary", re.I)
TITLE_END_RE = re.compile(r"[。！？；;!?，,:：]$")


def title_like(line: str, *, max_len: int = 60) -> bool:
    s = line.strip()
    if not s or len(s) > max_len or TITLE_END_RE.search(s):
        return False
    heading = parse_heading(s)
    if heading is not None and heading.kind not in ("markdown", "title"):
        return False
    if _DATE_ONLY_RE.match(s) or not re.search(r"[A-Za-z\u3400-\u9fff]", s):
        return False
    return not s.startswith(("——", "--", "一是", "|", "!", "["))


def split_page(text: str) -> list[SplitReport]:
    """Split a page holding several reports (lines ending ``篇1``, ``篇2`` …) into reports.

    The title of a part is its own first line when that line reads like a title (short, no sentence
    punctuation, a word such as 总结/报告/安排), else ``"<page title> 篇N"``. The page's text before the
    first part (title, clutter) is dropped. A page with fewer than two numbered parts is one report.
    """
    lines = text.split("\n")
    markers: list[tuple[int, int, str]] = []  # (line index, part number, prefix)
    for i, line in enumerate(lines):
        m = _PART_LINE_RE.match(line.strip())
        if m:
            markers.append((i, parse_int(m.group(2)), m.group(1).strip()))
    # Keep the run 1, 2, 3 … (a stray "篇3" inside a text does not start a report).
    run: list[tuple[int, int, str]] = []
    for marker in markers:
        if marker[1] == len(run) + 1:
            run.append(marker)
    first_title = next((ln.strip() for ln in lines if ln.strip()), "")
    if len(run) < 2:
        first_heading = parse_heading(first_title)
        if first_heading is not None and first_heading.kind == "markdown":
            title = first_heading.title
        else:
            title = first_title if title_like(first_title, max_len=120) else ""
        return [SplitReport(title=title, text=text.strip("\n") + "\n", has_own_title=bool(title))]

    page_title = run[0][2] or first_title
    reports: list[SplitReport] = []
    for k, (start, number, prefix) in enumerate(run):
        end = run[k + 1][0] if k + 1 < len(run) else len(lines)
        body = lines[start + 1 : end]
        while body and not body[0].strip():
            body.pop(0)
        own = False
        title = f"{prefix or page_title} 篇{number}".strip()
        if body and title_like(body[0], max_len=40) and len(body[0].strip()) >= 6 and _TITLE_WORDS_RE.search(body[0]):
            title, own = body[0].strip(), True
            body = body[1:]
        part_text = "\n".join(body).strip("\n")
        if part_text.strip():
            reports.append(
                SplitReport(title=title, text=part_text + "\n", part=number, page_title=page_title, has_own_title=own)
            )
    return reports


# --- front matter ---------------------------------------------------------------------------------------
