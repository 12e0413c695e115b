"""Main text of saved government and news pages (.html/.htm): title, metadata, clean reports.

A readability-style extractor on BeautifulSoup, offline and bounded:

1. Page furniture goes first: ``script/style/nav/header/footer/aside/form`` elements, hidden elements,
   and elements whose class or id names furniture (``breadcrumb``, ``share``, ``footer``, ``copyright``,
   ``related``, ``qrcode``, ``pagination`` …) unless they hold a long stretch of plain prose.
2. Every paragraph (the nearest block element around a text node) scores by its length and commas;
   the score flows to its parent, grandparent and great-grandparent. The best-scoring container with
   few links is the article body; siblings that score well and are not link lists join it.
3. The body's text keeps its block structure (headings become markdown ``#`` lines); lines that are
   clutter (font-size bars 字号：大 中 小, 发布时间/浏览次数 lines, share/print/close links, ICP/版权所有,
   上一篇/下一篇) are dropped.
4. The title comes from ``<meta name="ArticleTitle">`` / ``og:title``, else from the heading that sits
   just before the body (the best match with ``<title>``), else ``<title>`` minus the site name — never
   a breadcrumb. Publication date and issuer come from meta tags or the page's info line.
5. A page that holds several reports is split (:func:`split_reports`): at ``篇1…篇N`` lines, at
   ``附件N`` attachments that carry their own title, or at title lines each followed by its own date or
   issuer line, or at top-level headings that each read like a report title and carry a long text. A
   report's own 一、二、三 parts never split it.

Metadata (title, date, issuer, address) lives in :mod:`assistant.webpage_meta`; splitting and the
text measures in :mod:`assistant.webpage_split`.

Size and shape caps come from :mod:`assistant.textio`: :func:`read_webpage` reads the file through
:func:`assistant.textio.read_text_file` first (size cap, binary check, nesting/element/time caps), so a
hostile page is refused before it is parsed here.
"""

from __future__ import annotations

import codecs
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import InputError
from assistant.lang import has_cjk
from assistant.page_split import SplitReport, strip_clutter
from assistant.textio import HTML_SUFFIXES, decode_bytes, display_name, normalize_newlines, read_text_file
from assistant.webpage_meta import (
    class_words,
    clean_issuer,
    good_title,
    info_after_title,
    info_text,
    issuer_of,
    meta_content,
    page_title,
    page_url,
    tag_title_parts,
)
from assistant.webpage_split import (
    HEADING_MARK,
    PageReport,
    compare_text,
    date_of,
    is_report_title,
    plain_line,
    render_lines,
    split_reports,
    text_key,
)

if TYPE_CHECKING:
    from bs4 import BeautifulSoup, Tag

log = logging.getLogger(__name__)

__all__ = [
    "PageReport",
    "WebPage",
    "compare_text",
    "extract_page",
    "is_webpage",
    "page_parts",
    "read_webpage",
    "split_reports",
]

# --- value types -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WebPage:
    """A page's main text and metadata; :attr:`reports` holds one entry per report on the page."""

    title: str
    text: str
    date: str = ""
    issuer: str = ""
    site: str = ""
    url: str = ""  # where the page was saved from, when it says so
    reports: list[PageReport] = field(default_factory=list)


# --- patterns -----------------------------------------------------------------------------------------

_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg",
              "template", "button", "select", "input", "textarea", "object", "embed", "canvas", "map")
_BLOCK_TAGS = frozenset({"p", "div", "li", "tr", "td", "th", "section", "article", "main", "blockquote", "pre",
                         "table", "ul", "ol", "dl", "dd", "dt", "figcaption", "figure", "center", "h1", "h2",
                         "h3", "h4", "h5", "h6", "body", "tbody", "thead", "caption", "address"})
_CONTAINER_TAGS = frozenset({"div", "td", "article", "section", "main", "body", "center", "dd", "li", "blockquote"})
#: Words of class/id names that mark page furniture (matched against each ``-``/``_``-separated word).
_FURNITURE_WORDS = frozenset({
    "nav", "navbar", "menu", "submenu", "breadcrumb", "breadcrumbs", "crumb", "crumbs", "bread", "footer", "foot",
    "copyright", "share", "sharing", "bdshare", "print", "tool", "tools", "toolbar", "related", "relation",
    "recommend", "sidebar", "comment", "comments", "qrcode", "qcode", "ewm", "erweima", "banner", "pagination",
    "pager", "fontsize", "position", "location", "friend", "friendlink", "topbar", "header", "search",
    "login", "advert", "ads", "social", "subscribe", "newsletter", "cookie", "skip", "dqwz", "mianbao",
})
_FURNITURE_IDS = re.compile(r"^(?:top|bottom|foot|head|nav|menu|left|right)\d*$", re.I)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)

_CLUTTER_LINE_RES = tuple(
    re.compile(p)
    for p in (
        r"^[【\[]?\s*(?:字号|字体|文字)\s*[:：]?.{0,12}(?:大|小|默认|放大|缩小)",  # 字号：大 中 小
        r"(?:发布时间|发布日期|时间|日期|来源|作者|编辑|责任编辑|浏览次数|阅读次数|点击数|点击次数|访问量|信息来源|发布机构)"
        r"\s*[:：].{0,60}(?:浏览|阅读|点击|次|来源|作者|字号|打印)",
        r"^(?:发布时间|发布日期|信息来源|来源|作者|责任编辑|编辑|浏览次数|阅读次数|点击数|文章来源|稿源)\s*[:：]\S{0,40}$",
        r"^(?:【\s*)?(?:打印|关闭|关闭窗口|打印本页|关闭本页|返回顶部|返回首页|返回|收藏|分享|分享到|我要纠错|纠错|"
        r"微信|微博|QQ空间|扫一扫|二维码|Print|Share|Close|Back to top|Tweet|Email)(?:\s*】)?(?:\s*[|｜/、,，:：]?\s*"
        r"(?:【\s*)?(?:打印|关闭|关闭窗口|打印本页|关闭本页|返回顶部|收藏|分享|我要纠错|微信|微博|QQ空间|扫一扫)?(?:\s*】)?)*\s*[:：]?$",
        r"(?:ICP\s*备|ICP证|公网安备|网站标识码|版权所有|Copyright\s*©|All rights reserved|©\s*(?:19|20)\d{2})",
        r"^(?:上一篇|下一篇|上一条|下一条|上篇|下篇|Previous|Next)\s*[:：]",
        r"^(?:相关(?:新闻|文章|链接|阅读|推荐)|延伸阅读|推荐阅读|热点推荐|更多|更多\+|猜你喜欢)\s*[:：]?$",
        r"^扫一扫在手机",
        r"^(?:图集|评论|点赞|\+1|赞|收藏|举报|加载更多|展开全文|查看原图|打印本页|关闭窗口)$",
        r"^.{0,20}(?:责任编辑|责编)\s*[:：]\s*\S{0,20}$",
        r"^[（(]\s*(?:责编|责任编辑|编辑|来源|作者|稿源)\s*[:：].{0,40}[)）]$",
        # a credits line: 供稿 / 摄影 / 编辑 / 责任编辑 … (two or more of them on one short line)
        r"^(?=.*(?:供稿|撰稿|采写|摄影|编辑|责编|审核|校对|通讯员)).{0,30}(?:供稿|撰稿|采写|摄影|编辑|责编|审核|校对)"
        r"\s*[/／:：].{0,30}(?:供稿|撰稿|摄影|编辑|责编|审核|校对)\s*[/／:：]?",
        r"^当前位置\s*[:：]",
        r"^(?:首页|Home)\s*(?:>|&gt;|»|›|/|-|－)",
    )
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_BREAK = "\x02"


# --- reading ----------------------------------------------------------------------------------------------


def is_webpage(path: Path) -> bool:
    """True for ``.html``/``.htm`` files."""
    return Path(path).suffix.lower() in HTML_SUFFIXES


def _decode_html(data: bytes, name: str) -> str:
    # A page saved by a browser is often re-encoded as UTF-8 while its <meta> still says GB2312:
    # valid UTF-8 (with non-ASCII bytes) wins, as GB18030 would decode it without error into garbage.
    if any(b >= 0x80 for b in data[:65536]):
        try:
            return normalize_newlines(data.decode("utf-8"))
        except UnicodeDecodeError:
            pass
    declared = _META_CHARSET.search(data[:4096])
    if declared and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        label = declared.group(1).decode("ascii", "replace").lower()
        if label in ("gbk", "gb2312", "gb_2312-80", "x-gbk"):
            label = "gb18030"
        try:
            return normalize_newlines(data.decode(label))
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(data, name=name)[0]


def read_webpage(path: Path, *, max_bytes: int) -> WebPage:
    """Read a saved page and extract its reports.

    The file first goes through :func:`assistant.textio.read_text_file`, which enforces the size cap and
    the HTML shape caps (a bad page raises :class:`~assistant.errors.InputError` naming the file).
    """
    path = Path(path)
    read_text_file(path, max_bytes=max_bytes)  # the caps: size, binary, nesting, element count, time
    name = display_name(path)
    with path.open("rb") as fh:
        data = fh.read(max_bytes + 1)
    html = _decode_html(data[:max_bytes], name)
    try:
        return extract_page(html)
    except (RecursionError, ValueError, AttributeError, TypeError) as exc:  # a page the parser chokes on
        log.warning("could not extract %s: %r", name, exc)
        raise InputError(f"{name}: the page's text could not be extracted ({type(exc).__name__}).") from None


# --- soup helpers ---------------------------------------------------------------------------------------------


def _is_furniture(tag: Tag) -> bool:
    style = tag.get("style")
    if isinstance(style, str) and _HIDDEN_STYLE.search(style):
        return True
    if tag.get("hidden") is not None or tag.get("aria-hidden") == "true":
        return True
    ident = tag.get("id")
    if isinstance(ident, str) and _FURNITURE_IDS.match(ident):
        return True
    role = tag.get("role")
    if role in ("navigation", "banner", "contentinfo", "complementary", "search"):
        return True
    return any(w in _FURNITURE_WORDS for w in class_words(tag))


def _text_len(text: str) -> int:
    return len("".join(text.split()))


def _link_density(tag: Tag) -> float:
    total = _text_len(tag.get_text(""))
    if not total:
        return 1.0
    linked = sum(_text_len(a.get_text("")) for a in tag.find_all("a"))
    return min(1.0, linked / total)


def _is_prose(tag: Tag) -> bool:
    """A long stretch of plain prose (kept even when its class names furniture)."""
    text = tag.get_text("")
    return _text_len(text) >= 600 and _link_density(tag) < 0.2


def _strip_furniture(soup: BeautifulSoup) -> None:
    for tag in soup.find_all(_DROP_TAGS):
        if tag.name in ("header", "footer", "aside", "nav") and _is_prose(tag):
            continue  # an article marked up as <header>…: keep its text
        tag.decompose()
    from bs4.element import Comment

    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in list(soup.find_all(True)):
        if tag.decomposed or tag.name in ("html", "body"):
            continue
        if _is_furniture(tag) and not _is_prose(tag):
            tag.decompose()


def _block_parent(node: object) -> Tag | None:
    parent = getattr(node, "parent", None)
    while parent is not None and parent.name not in _BLOCK_TAGS:
        parent = parent.parent
    return parent


def _best_container(soup: BeautifulSoup) -> list[Tag]:
    """The article body: the best-scoring container, plus siblings that score well and are not link lists."""
    from bs4.element import NavigableString

    para_text: dict[int, int] = {}
    paras: dict[int, Tag] = {}
    for string in soup.find_all(string=True):
        if not isinstance(string, NavigableString):
            continue
        n = _text_len(str(string))
        if n == 0 or string.find_parent("a") is not None:
            continue
        block = _block_parent(string)
        if block is None:
            continue
        paras[id(block)] = block
        para_text[id(block)] = para_text.get(id(block), 0) + n
    scores: dict[int, float] = {}
    nodes: dict[int, Tag] = {}
    for key, block in paras.items():
        length = para_text[key]
        if length < 10:
            continue
        text = block.get_text("")
        score = 1.0 + len(re.findall(r"[，,。；;]", text)) + min(length / 100.0, 3.0)
        ancestor: Tag | None = block if block.name in _CONTAINER_TAGS and block.name != "li" else block.parent
        for divisor in (1.0, 2.0, 3.0):
            if ancestor is None or ancestor.name in ("html", "[document]"):
                break
            scores[id(ancestor)] = scores.get(id(ancestor), 0.0) + score / divisor
            nodes[id(ancestor)] = ancestor
            ancestor = ancestor.parent
    if not scores:
        body = soup.body
        return [body] if body is not None else []
    ranked = sorted(scores, key=lambda k: scores[k], reverse=True)[:8]
    best_key = max(ranked, key=lambda k: scores[k] * (1.0 - _link_density(nodes[k])))
    best = nodes[best_key]
    top = scores[best_key] * (1.0 - _link_density(best))
    parent = best.parent
    if parent is None or best.name == "body":
        return [best]
    chosen: list[Tag] = []
    for sibling in parent.find_all(True, recursive=False):
        if sibling is best:
            chosen.append(sibling)
            continue
        score = scores.get(id(sibling), 0.0)
        if score >= max(10.0, 0.25 * top) and _link_density(sibling) < 0.25:
            chosen.append(sibling)
    return chosen


# --- text ---------------------------------------------------------------------------------------------------


def _tag_lines(tags: Iterable[Tag]) -> list[str]:
    """Text lines of ``tags`` keeping block structure; headings become ``\\x01<level><text>`` lines."""
    from bs4.element import NavigableString

    pieces: list[str] = []
    for tag in tags:
        for block in tag.find_all(("p", "div", "li", "center")):
            # A short paragraph that is nothing but links: a promotion, a pager (【1】【2】), "next page".
            text = _text_len(block.get_text(""))
            if text <= 40 and block.find(_BLOCK_TAGS) is None and text == sum(
                _text_len(a.get_text("")) for a in block.find_all("a")
            ):
                block.decompose()
        for br in tag.find_all("br"):
            br.replace_with(NavigableString(_BREAK))
        for level in range(1, 7):
            for h in tag.find_all(f"h{level}"):
                title = " ".join(h.get_text(" ").split())
                h.replace_with(NavigableString(f"{_BREAK}{HEADING_MARK}{level}{title}{_BREAK}" if title else _BREAK))
        for block in tag.find_all(_BLOCK_TAGS):
            block.insert_before(NavigableString(_BREAK))
            block.insert_after(NavigableString(_BREAK))
        for cell in tag.find_all(("td", "th")):
            cell.insert_after(NavigableString("\t"))
        pieces.append(tag.get_text(""))
        pieces.append(_BREAK)
    lines: list[str] = []
    # Line ends inside the page's source are white space; only block ends and <br> break lines.
    for raw in "".join(pieces).replace("\n", " ").split(_BREAK):
        clean = " ".join(raw.replace("\u3000", " ").replace("\xa0", " ").split())
        if clean:
            lines.append(clean)
    return lines


def _is_clutter(line: str) -> bool:
    s = line.lstrip(HEADING_MARK + "0123456789") if line.startswith(HEADING_MARK) else line
    if len(s) > 160:
        return False
    return any(p.search(s) for p in _CLUTTER_LINE_RES)


def _clean_lines(lines: list[str]) -> list[str]:
    kept = [ln for ln in lines if not _is_clutter(ln)]
    text = strip_clutter("\n".join(kept))
    return [ln for ln in text.split("\n") if ln.strip()]


def _title_lines(lines: list[str], title: str) -> int:
    """How many lines at the top of the body spell the title (a title broken over up to four lines)."""
    key = text_key(title)
    if not key:
        return 0
    joined = ""
    for n, line in enumerate(lines[:4], start=1):
        joined += text_key(plain_line(line))
        if joined == key:
            return n
        if not key.startswith(joined):
            return 0
    return 0


# --- the page ------------------------------------------------------------------------------------------------


def extract_page(html: str) -> WebPage:
    """Main text, title, date, issuer and reports of an HTML page (the text of a saved page)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    site = meta_content(soup, "SiteName", "og:site_name", "application-name")
    date = date_of(meta_content(soup, "PubDate", "article:published_time", "publishdate", "firstpublishedtime",
                          "dc.date", "date", "pubdate", "Maketime"))
    issuer = clean_issuer(meta_content(soup, "ContentSource", "source", "dc.publisher"))
    url = page_url(soup, html)
    # Metadata that lives in the page's visible furniture is read before the furniture goes.
    early_info = info_after_title(soup, [meta_content(soup, "ArticleTitle", "og:title"), *tag_title_parts(soup)])
    _strip_furniture(soup)
    body = _best_container(soup)
    title, certain = page_title(soup, body, site)
    info, after = info_text(soup, body)
    if not date:
        date = date_of(info) or date_of(early_info) or date_of(after)
    if not issuer:
        issuer = issuer_of(info) or issuer_of(early_info) or issuer_of(after)
    lines = _clean_lines(_tag_lines(body))
    top = _title_lines(lines, title)
    if top:  # the title repeated at the top of the body is not body text; its own spelling is kept
        title = "".join(plain_line(ln).strip() for ln in lines[:top]) if has_cjk(title) else title
        lines = lines[top:]
    found = split_reports(lines, title)
    if len(found) <= 1 and not certain and lines and lines[0].startswith(HEADING_MARK) and lines[0][1:2] in "123":
        first = plain_line(lines[0]).strip()
        if good_title(first, site) and (is_report_title(first) or not title):
            title = first  # the body opens with its own title heading
            lines = lines[1:]
            found = split_reports(lines, title)
    text = render_lines(lines)
    reports = [PageReport(title=r.title or title, text=r.text, date=r.date or date, issuer=r.issuer or issuer)
               for r in found]
    return WebPage(title=title, text=text, date=date, issuer=issuer, site=site, url=url, reports=reports)


# --- importer hook --------------------------------------------------------------------------------------------


def page_parts(path: Path, *, max_bytes: int) -> list[tuple[SplitReport, dict[str, str]]]:
    """The reports of a saved page as :class:`~assistant.ingest.SplitReport` parts, each with the
    front-matter fields the page gives (``issuer``, ``year``, ``published``)."""
    page = read_webpage(path, max_bytes=max_bytes)
    several = len(page.reports) > 1
    out: list[tuple[SplitReport, dict[str, str]]] = []
    for n, report in enumerate(page.reports, start=1):
        fields: dict[str, str] = {}
        if page.url:
            fields["source"] = page.url
        if report.issuer:
            fields["issuer"] = report.issuer
        if report.date:
            fields["year"] = report.date[:4]
            fields["published"] = report.date
        split = SplitReport(
            title=report.title,
            text=report.text,
            part=n if several else None,
            page_title=page.title,
            has_own_title=bool(report.title),
        )
        out.append((split, fields))
    return out
