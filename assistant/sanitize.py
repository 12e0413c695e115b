"""The one sanitiser for text shown on the page or written into an export.

Three layers, all linear in the input:

- :func:`clean_text` — drop bidi overrides/isolates (U+202A–U+202E, U+2066–U+2069) and control
  characters (all of Unicode category ``Cc`` except the line ends ``\\n``/``\\r`` and ``\\t``, plus the zero-width
  ``U+200E``/``U+200F``/``U+061C`` marks). Used for drafts on the page, exports (.md and the
  .docx text) and export file names.
- :func:`markdown_text` — user- or example-derived text placed into a Markdown component (chat,
  sources panels, the Knowledge tab): raw HTML is escaped (``<img>``, ``<a style=…>`` … show as text),
  Markdown images ``![…](…)`` are written as text, links whose target is not ``http``/``https``/
  ``mailto`` (``javascript:``, ``data:``, ``vbscript:``, ``file:`` …) are broken into text.
- :func:`sanitize_html` — an allowlist HTML filter for the HTML the app builds itself (the draft view,
  the version diff): only the tags in :data:`ALLOWED_TAGS`, only the attributes in
  :data:`ALLOWED_ATTRS`, ``class`` only with the app's own ``ra-`` classes, links only ``http(s)``;
  no ``style``, no event handlers, no ``<img>``/``<iframe>``/``<form>``/``<input>`` (dropped with
  their content where the content is not text: ``script``, ``style``, ``iframe``, ``object`` …).
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

#: Bidi embedding/override/isolate controls and the invisible direction marks.
BIDI_CHARS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_STRIP_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + BIDI_CHARS + "]")

ALLOWED_TAGS: frozenset[str] = frozenset({
    "a", "b", "blockquote", "br", "code", "del", "div", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "i", "ins", "li", "ol", "p", "pre", "section", "span", "strong", "sub", "sup", "table", "tbody", "td",
    "th", "thead", "tr", "ul",
})
#: Tags dropped together with everything inside them.
DROP_WITH_CONTENT: frozenset[str] = frozenset({
    "script", "style", "iframe", "object", "embed", "frame", "frameset", "noscript", "template", "svg",
    "math", "select", "textarea", "title", "head", "applet", "audio", "video", "canvas",
})
ALLOWED_ATTRS: frozenset[str] = frozenset({"class", "title", "href", "data-status", "data-section", "colspan",
                                           "rowspan"})
SAFE_SCHEMES: tuple[str, ...] = ("http", "https")
_VOID = frozenset({"br", "hr"})
_CLASS_RE = re.compile(r"ra-[a-z0-9_-]{1,40}")
_SCHEME_RE = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]{0,30}):")


def clean_text(text: str) -> str:
    """``text`` without bidi overrides/isolates and control characters (``\\n``, ``\\r``, ``\\t`` kept)."""
    return _STRIP_RE.sub("", text)


def safe_href(url: str) -> str | None:
    """``url`` when it is an absolute http(s) link, else None (``javascript:``, ``data:``, relative …)."""
    compact = "".join(ch for ch in html.unescape(url) if not ch.isspace() and ch.isprintable())
    m = _SCHEME_RE.match(compact)
    if not m or m.group(1).lower() not in SAFE_SCHEMES or not compact[m.end():].startswith("//"):
        return None
    return compact


# ------------------------------------------------------------------------------------------ markdown

_IMAGE_RE = re.compile(r"!\[")
_LINK_TARGET_RE = re.compile(r"\]\(\s{0,8}<?\s{0,8}([^\s)>]{0,2048})")
_REF_DEF_RE = re.compile(r"^( {0,3})\[([^\]\n]{0,999})\]:[ \t]{0,8}<?([^\s>]{0,2048})", re.M)


def markdown_text(text: str) -> str:
    """Untrusted text made inert for a Markdown component: it shows as the characters it holds.

    Raw HTML is escaped; images become text (no remote fetch); inline links and reference
    definitions keep working only when they point to ``http``/``https``/``mailto``.
    """
    s = clean_text(text)
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = _IMAGE_RE.sub(r"!\\[", s)

    def _link(m: re.Match[str]) -> str:
        target = m.group(1)
        if safe_href(target) is not None or target.lower().startswith("mailto:"):
            return m.group(0)
        return "]\\(" + m.group(0)[2:]

    def _ref(m: re.Match[str]) -> str:
        target = m.group(3)
        if safe_href(target) is not None or target.lower().startswith("mailto:"):
            return m.group(0)
        return f"{m.group(1)}\\[{m.group(2)}\\]:" + m.group(0)[m.end(2) + 2 - m.start():]

    s = _LINK_TARGET_RE.sub(_link, s)
    return _REF_DEF_RE.sub(_ref, s)


# ------------------------------------------------------------------------------------------ html


class _Filter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0  # depth inside a dropped-with-content element
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROP_WITH_CONTENT:
            self.skip += 1
            return
        if self.skip or tag not in ALLOWED_TAGS:
            return
        kept: list[str] = []
        for name, value in attrs:
            name = name.lower()
            if name not in ALLOWED_ATTRS or value is None:
                continue
            if name == "class":
                classes = [c for c in value.split() if _CLASS_RE.fullmatch(c)]
                if not classes:
                    continue
                value = " ".join(classes)
            elif name == "href":
                href = safe_href(value)
                if href is None:
                    continue
                value = href
                kept.append('rel="noopener noreferrer nofollow"')
            elif name in ("colspan", "rowspan") and not value.isdigit():
                continue
            kept.append(f'{name}="{html.escape(value, quote=True)}"')
        self.out.append(f"<{tag}{''.join(' ' + a for a in kept)}>")
        if tag not in _VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROP_WITH_CONTENT:
            return
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.open and self.open[-1] == tag:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in DROP_WITH_CONTENT:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip or tag not in ALLOWED_TAGS or tag in _VOID or tag not in self.open:
            return
        while self.open:
            top = self.open.pop()
            self.out.append(f"</{top}>")
            if top == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.out.append(html.escape(clean_text(data), quote=False))

    def close_all(self) -> str:
        self.close()
        self.out.extend(f"</{tag}>" for tag in reversed(self.open))
        self.open.clear()
        return "".join(self.out)


_DECL_RE = re.compile(r"<[!?]")


def strip_declarations(markup: str) -> str:
    """``markup`` without comments, ``<!…>`` declarations/CDATA and ``<?…>`` instructions, in linear time.

    ``html.parser`` rescans to the end of the text for each unterminated ``<!--``/``<!``/``<?`` (200 KB of
    ``<!--`` took 22 s); removing them first keeps parsing linear. An unterminated one swallows the rest,
    as in a browser.
    """
    out: list[str] = []
    pos = 0
    while (m := _DECL_RE.search(markup, pos)) is not None:
        start = m.start()
        out.append(markup[pos:start])
        if markup.startswith("<!--", start):
            end = markup.find("-->", start + 4)
            pos = -1 if end < 0 else end + 3
        else:
            end = markup.find(">", start + 2)
            pos = -1 if end < 0 else end + 1
        if pos < 0:
            return "".join(out)
    out.append(markup[pos:])
    return "".join(out)


def sanitize_html(fragment: str) -> str:
    """``fragment`` with only allowlisted tags and attributes; all text escaped, tags balanced.

    Meant for HTML the app builds (user text already escaped by :func:`plain_html`); an untrusted
    HTML *page* is read as text by :mod:`assistant.textio` (libxml2, linear on any markup).
    """
    f = _Filter()
    f.feed(strip_declarations(fragment))
    return f.close_all()


def plain_html(text: str) -> str:
    """Untrusted text as HTML that shows exactly its characters (escaped, cleaned)."""
    return html.escape(clean_text(text), quote=True)
