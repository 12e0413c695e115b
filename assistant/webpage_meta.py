"""Title, date, issuer and address of a saved web page (used by :mod:`assistant.webpage`).

The title comes from ``<meta name="ArticleTitle">`` / ``og:title``, else from the heading just before
the article body that best matches ``<title>``, else from ``<title>`` minus the site name; a breadcrumb
(首页 > 政务公开 > …) is never a title. Date and issuer come from meta tags (PubDate, ContentSource …)
or the page's info line (发布时间：… 来源：…, "Published 12 March 2024 · From: …").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.lang import has_cjk
from assistant.webpage_split import text_key

if TYPE_CHECKING:
    from bs4 import BeautifulSoup, Tag

_INLINE_TAGS = frozenset({"b", "strong", "font", "span", "em", "i", "u", "br", "a"})
_BREADCRUMB_RE = re.compile(r"(?:首页|主页|当前位置|您的位置|Home)\s*(?:>|＞|»|›|/|-|－|—)|\s(?:>|＞|»|›)\s")
# leading blanks taken only from the start of a run of blanks (or none right after a previous separator):
# the same splits as \s*(?:…)\s*, linear on a long run of blanks
_TITLE_SEPARATORS = re.compile(r"(?:(?<!\s)\s*+|(?<=\s))(?:--|——|—|_|\||｜|-|–|::)\s*")
_SAVED_FROM_RE = re.compile(r"<!--\s*(?:saved from url=\(\d+\))?\s*(https?://[^\s<>\"']{4,300}?)\s*-->", re.I)


def class_words(tag: Tag) -> list[str]:
    """The words of a tag's class and id names, split at ``-``/``_``, lower-cased."""
    names: list[str] = []
    classes = tag.get("class")
    if isinstance(classes, list):
        names.extend(classes)
    elif isinstance(classes, str):
        names.append(classes)
    ident = tag.get("id")
    if isinstance(ident, str):
        names.append(ident)
    out: list[str] = []
    for name in names:
        out.extend(w for w in re.split(r"[-_\s]+", name.lower()) if w)
    return out


def meta_content(soup: BeautifulSoup, *names: str) -> str:
    for name in names:
        for attr in ("name", "property", "itemprop"):
            tag = soup.find("meta", attrs={attr: re.compile(f"^{re.escape(name)}$", re.I)})
            if tag is not None:
                content = tag.get("content")
                if isinstance(content, str) and content.strip():
                    return " ".join(content.split())
    return ""


def good_title(text: str, site: str) -> bool:
    s = text.strip()
    if not ((2 if has_cjk(s) else 4) <= len(s) <= 120) or _BREADCRUMB_RE.search(s):
        return False
    return not site or text_key(s) != text_key(site)


def _title_from_tag(raw: str, site: str) -> str:
    parts = [p for p in _TITLE_SEPARATORS.split(raw) if p.strip()]
    if len(parts) <= 1:
        return raw.strip()
    site_key = text_key(site)
    candidates = [p for p in parts if not site_key or (text_key(p) not in site_key and site_key not in text_key(p))]
    candidates = candidates or parts
    # "文章标题_栏目_网站" / "Title - Site": the article's title comes first, the site name last.
    first = next((c for c in candidates if len(text_key(c)) >= (2 if has_cjk(c) else 4)), "")
    return first.strip() if first else max(candidates, key=len).strip()


def _preceding_headings(body: Tag, limit: int = 12) -> list[tuple[int, str]]:
    """Headings (level, text) just before the body in document order, nearest first."""
    out: list[tuple[int, str]] = []
    for el in body.find_all_previous(True, limit=400):
        level = 0
        if el.name and re.fullmatch(r"h[1-6]", el.name):
            level = int(el.name[1])
        elif any(w in ("title", "tit", "biaoti", "headline") for w in class_words(el)) and all(
            child.name in _INLINE_TAGS for child in el.find_all(True)
        ):
            level = 2
        if level:
            text = " ".join(el.get_text(" ").split())
            if text:
                out.append((level, text))
                if len(out) >= limit:
                    break
    return out


def page_title(soup: BeautifulSoup, body: list[Tag], site: str) -> tuple[str, bool]:
    """The page's title, and whether it is certain (a meta tag, or a heading matching ``<title>``)."""
    explicit = meta_content(soup, "ArticleTitle", "og:title", "twitter:title", "dc.title", "headline")
    tag_title = " ".join(soup.title.get_text(" ").split()) if soup.title is not None else ""
    if explicit and good_title(explicit, site):
        return (_title_from_tag(explicit, site) if site and site in explicit else explicit), True
    tag_key = text_key(tag_title)
    headings = _preceding_headings(body[0]) if body else []
    matching = [t for _, t in headings if good_title(t, site) and len(text_key(t)) >= 4 and text_key(t) in tag_key]
    if matching:
        return max(matching, key=len), True
    near = [(lvl, t) for lvl, t in headings[:4] if good_title(t, site) and 6 <= len(t) <= 80]
    if near:
        return min(near, key=lambda x: x[0])[1], False
    if tag_title and good_title(_title_from_tag(tag_title, site), site):
        return _title_from_tag(tag_title, site), False
    return "", False


def info_text(soup: BeautifulSoup, body: list[Tag]) -> tuple[str, str]:
    """Text of the page's info line (date, source) before the body, and the few lines right after it
    (some pages put 发布日期 under the article)."""
    if not body:
        return "", ""
    before: list[str] = []
    for el in body[0].find_all_previous(string=True, limit=60):
        s = " ".join(str(el).split())
        if s:
            before.append(s)
    after: list[str] = []
    for el in body[-1].find_all_next(string=True, limit=30):
        if body[-1] in el.parents:
            continue
        s = " ".join(str(el).split())
        if s:
            after.append(s)
    return " ".join(reversed(before)), " ".join(after)[:200]




def page_url(soup: BeautifulSoup, html: str) -> str:
    """The page's address: ``<link rel=canonical>``, ``og:url``, a ``url`` meta tag, or the comment a
    browser writes when saving a page (``<!-- saved from url=(0046)http://… -->``)."""
    link = soup.find("link", rel="canonical")
    href = link.get("href") if link is not None else None
    for candidate in (href if isinstance(href, str) else "", meta_content(soup, "og:url", "url")):
        if candidate.startswith(("http://", "https://")):
            return candidate.strip()
    m = _SAVED_FROM_RE.search(html[:2000])
    return m.group(1) if m else ""


def clean_issuer(raw: str) -> str:
    value = re.sub(r"^(?:来源|信息来源|稿源|Source)\s*[:：]\s*", "", raw.strip(), flags=re.I)
    value = value.split()[0] if value.split() else ""
    return "" if value.isdigit() or value.startswith(("本站", "本网", "原创")) else value


def tag_title_parts(soup: BeautifulSoup) -> list[str]:
    if soup.title is None:
        return []
    raw = " ".join(soup.title.get_text(" ").split())
    return [p.strip() for p in _TITLE_SEPARATORS.split(raw) if len(p.strip()) >= 6]


def info_after_title(soup: BeautifulSoup, titles: list[str]) -> str:
    """The text that follows the first visible copy of the title (the info line under it)."""
    from bs4.element import NavigableString

    keys = {text_key(t) for t in titles if t and len(text_key(t)) >= 4}
    if not keys:
        return ""
    for string in soup.find_all(string=True):
        if not isinstance(string, NavigableString) or string.find_parent(("title", "script", "style", "a")):
            continue
        if text_key(str(string)) in keys:
            texts: list[str] = []
            for following in string.find_all_next(string=True, limit=40):
                if following.find_parent(("script", "style")) is None and str(following).strip():
                    texts.append(" ".join(str(following).split()))
            return " ".join(texts)[:300]
    return ""


def issuer_of(info: str) -> str:
    m = re.search(r"(?:来源于?|信息来源|发布机构|发文机关|稿源)\s*[:：]\s*([^\s|｜:：]{2,30})", info)
    if not m:
        en = re.search(r"\b(?:From|Source|Published by)\s*:\s*([A-Z][\w.&'’-]*(?: [A-Z][\w.&'’-]*| of| and| for){0,8})", info)
        return en.group(1).strip() if en else ""
    if m.group(1).startswith(("本站", "本网", "原创", "网络", "互联网")):
        return ""
    return m.group(1)
