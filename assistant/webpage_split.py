"""Reports of a saved web page's cleaned lines, and the text measures of :mod:`assistant.webpage`.

Lines come from :mod:`assistant.webpage`: plain text lines, and heading lines marked with
:data:`HEADING_MARK` followed by the heading level digit (``"\\x012一、总体情况"``).

A page is split into reports only on signals that one report never shows inside itself:

* ``篇1 … 篇N`` part lines (:func:`assistant.ingest.split_page`, the seed pages' pattern);
* ``附件N`` lines followed by the attachment's own title (an attachment is a separate document);
* title lines (总结/报告/安排/… in a short line) each followed by its own date or issuer line;
* top-level headings of the page that each read like a report title and carry a long text.

A report's own ``一、二、三`` / ``（一）`` / ``第一部分`` parts never split it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from assistant.page_split import split_page

__all__ = ["HEADING_MARK", "PageReport", "compare_text", "date_of", "is_report_title", "plain_line", "render_lines", "split_reports",
           "text_key"]

#: Prefix of a heading line (followed by the level digit, then the heading text).
HEADING_MARK = "\x01"

_DATE_RE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_MONTHS = {m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                        "september", "october", "november", "december"), start=1)}
_EN_DATE_RE = re.compile(
    r"\b(?:(\d{1,2})\s+([A-Z][a-z]+)\s+((?:19|20)\d{2})|([A-Z][a-z]+)\s+(\d{1,2}),?\s+((?:19|20)\d{2}))\b"
)
_REPORT_WORDS = re.compile(
    r"总结|报告|安排|计划|规划|要点|讲话|发言|致辞|汇报|方案|打算|思路|述职|公报|意见|通知|决定|Report|Summary|Plan",
    re.I,
)
_NUMBERED_PART = re.compile(
    r"^(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+(?:部分|章|节)|\d+[、.．])"
)
_ATTACHMENT_RE = re.compile(r"^附件\s*[0-9０-９一二三四五六七八九十]*\s*[:：]?\s*$|^附件\s*[0-9０-９]+\s*[:：]?\s*\S")
_ISSUER_RE = re.compile(
    r"^[\w（）()·]{2,30}?(?:人民政府|政府|管委会|管理委员会|委员会|办公室|办公厅|党委|党组|局|厅|委|办|中心|公司|集团)$"
)
_DATE_LINE_RE = re.compile(
    r"^[（(]?\s*(?:(?:19|20)\d{2}|[二〇一二三四五六七八九零○]{4})\s*年\s*[0-9一二三四五六七八九十]{1,3}\s*月"
    r"(?:\s*[0-9一二三四五六七八九十]{1,3}\s*日)?\s*[)）]?$|^(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}$"
)
_ISSUER_DATE_RE = re.compile(r"^[（(]?\S{2,30}[)）]?\s*[（(]?(?:19|20)\d{2}年")


@dataclass(frozen=True)
class PageReport:
    """One report of a page: its title, clean text and what the page says about it."""

    title: str
    text: str
    date: str = ""  # YYYY-MM-DD when the page gives it
    issuer: str = ""


# --- line helpers -----------------------------------------------------------------------------------------


def plain_line(line: str) -> str:
    """A line without its heading mark."""
    return line[2:] if line.startswith(HEADING_MARK) else line


def text_key(text: str) -> str:
    """``text`` without white space and punctuation, lower-cased (for comparing titles)."""
    return re.sub(r"[\s\W_]+", "", text).lower()


def render_lines(lines: list[str]) -> str:
    """Lines as report text: one paragraph each, headings as markdown ``##``…"""
    out: list[str] = []
    for line in lines:
        if line.startswith(HEADING_MARK):
            level = int(line[1]) if line[1:2].isdigit() else 2
            out.append(f"{'#' * max(2, level)} {line[2:]}")
        else:
            out.append(line)
    return "\n\n".join(out) + "\n" if out else ""


def date_of(text: str) -> str:
    """The first date in ``text`` as ``YYYY-MM-DD`` (2024-03-05, 2024年3月5日, 5 March 2024, March 5, 2024)."""
    m = _DATE_RE.search(text)
    if m:
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        e = _EN_DATE_RE.search(text)
        if not e:
            return ""
        day_s, month_s, year_s = (e.group(1), e.group(2), e.group(3)) if e.group(1) else (e.group(5), e.group(4),
                                                                                            e.group(6))
        month = _MONTHS.get(month_s.lower(), 0)
        year, day = int(year_s), int(day_s)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}"


# --- splitting --------------------------------------------------------------------------------------------


def is_report_title(line: str) -> bool:
    """A short line that reads like a report title (总结, 报告, 安排 …; not a numbered part such as 一、)."""
    s = plain_line(line).strip()
    if not (6 <= len(s) <= 60) or s.endswith(("。", "；", ";", "，", ",", "：", ":")):
        return False
    if _NUMBERED_PART.match(s):
        return False
    return _REPORT_WORDS.search(s) is not None


def _own_info_follows(lines: list[str], i: int) -> bool:
    """The title at ``i`` is followed (within three lines) by its own date or issuer line."""
    for j in range(i + 1, min(i + 4, len(lines))):
        s = plain_line(lines[j]).strip()
        if _DATE_LINE_RE.match(s) or _ISSUER_RE.match(s) or (_ISSUER_DATE_RE.match(s) and len(s) <= 40):
            return True
    return False


def _split_points(lines: list[str]) -> list[int]:
    # 1. attachments carrying their own title line
    attach = [i for i, ln in enumerate(lines) if _ATTACHMENT_RE.match(plain_line(ln).strip())]
    # 2. title lines each followed by their own date / issuer line
    dated = [i for i, ln in enumerate(lines) if is_report_title(ln) and _own_info_follows(lines, i)]
    # 3. top-level headings that read like report titles, each carrying a long text
    headings = [(i, int(ln[1])) for i, ln in enumerate(lines) if ln.startswith(HEADING_MARK) and ln[1:2].isdigit()]
    heads: list[int] = []
    if headings:
        top = min(level for _, level in headings)
        tops = [i for i, level in headings if level == top]
        bounds = [*tops, len(lines)]
        if len(tops) >= 2 and all(
            is_report_title(lines[i]) and sum(len(x) for x in lines[i + 1 : bounds[k + 1]]) >= 200
            for k, i in enumerate(tops)
        ):
            heads = tops
    points = sorted(set(dated) | set(heads))
    if len(points) < 2:
        points = []
    if attach:
        points = sorted(set(points) | set(attach) | ({0} if not points else set()))
    return points if len(points) >= 2 else []


def split_reports(lines: list[str], page_title: str) -> list[PageReport]:
    """The reports of a page's cleaned lines; one report (titled ``page_title``) when nothing splits it."""
    numbered = split_page("\n".join(plain_line(ln) for ln in lines))
    if len(numbered) >= 2 and numbered[0].part is not None:
        return [PageReport(title=p.title, text=p.text) for p in numbered]
    points = _split_points(lines)
    if not points:
        return [PageReport(title=page_title, text=render_lines(lines))] if lines else []
    reports: list[PageReport] = []
    head = lines[: points[0]]
    if sum(len(x) for x in head) >= 200:
        reports.append(PageReport(title=page_title, text=render_lines(head)))
    for k, start in enumerate(points):
        end = points[k + 1] if k + 1 < len(points) else len(lines)
        block = lines[start:end]
        title = plain_line(block[0]).strip()
        body = block[1:]
        if _ATTACHMENT_RE.match(title) and body and len(plain_line(body[0])) <= 60:
            label = title
            title = plain_line(body[0]).strip()
            body = body[1:]
            title = f"{label.rstrip('：:')} {title}".strip() if not _REPORT_WORDS.search(title) else title
        date = issuer = ""
        while body and len(plain_line(body[0])) <= 40 and (
            _DATE_LINE_RE.match(plain_line(body[0]).strip()) or _ISSUER_RE.match(plain_line(body[0]).strip())
        ):
            first = plain_line(body.pop(0)).strip()
            if _ISSUER_RE.match(first):
                issuer = first
            else:
                date = date_of(first) or date
        if body:
            reports.append(PageReport(title=title, text=render_lines(body), date=date, issuer=issuer))
    return reports


# --- measures ---------------------------------------------------------------------------------------------


def _squash(text: str) -> str:
    return re.sub(r"[\s#]+", "", text)


def compare_text(expected: str, got: str) -> tuple[float, float]:
    """``(recall, clutter)`` of an extracted text against a hand-cleaned one, by characters (white
    space and markdown ``#`` ignored): recall is the share of the expected characters found in order in
    the output; clutter the share of the output's characters that are not in the expected text."""
    exp, out = _squash(expected), _squash(got)
    if not exp:
        return (1.0, 0.0 if not out else 1.0)
    if not out:
        return (0.0, 0.0)
    matcher = SequenceMatcher(None, exp, out, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return matched / len(exp), (len(out) - matched) / len(out)
