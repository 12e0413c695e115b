"""Pure rendering of what the page shows: draft HTML with figure highlights, tables, lines.

Everything here takes plain data (the draft's Markdown, the checker's JSON, hits as JSON) and
returns strings or lists; nothing imports Gradio, so every function is testable on its own.

Every piece of user- or example-derived text goes through :mod:`assistant.sanitize`: escaped and
cleaned of bidi/control characters in HTML (:func:`draft_html`, :func:`diff_html`, then the whole
fragment through the allowlist :func:`~assistant.sanitize.sanitize_html`), made inert in Markdown
(:func:`sources_markdown`, :func:`omitted_markdown`, :func:`chat_messages`, :func:`quote_markdown`)
and cleaned in table cells (:func:`figure_rows`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from typing import Any

from assistant.sanitize import clean_text, markdown_text, plain_html, sanitize_html
from ui.i18n import t

STATUSES: tuple[str, ...] = (
    "verified",
    "derived",
    "approximate",
    "mismatch",
    "misattributed",
    "wrong_direction",
    "unsupported",
    "ignored",
)
BLOCKING: frozenset[str] = frozenset({"mismatch", "misattributed", "wrong_direction", "unsupported"})

# Scoped to the draft component (gr.HTML css_template) and also given to launch(css=...).
DRAFT_CSS = """
.ra-draft { font-size: 15px; line-height: 1.75; }
.ra-draft h1 { font-size: 1.35em; text-align: center; margin: .4em 0 .6em; }
.ra-draft h2 { font-size: 1.15em; margin: 1em 0 .3em; }
.ra-draft h3, .ra-draft h4 { font-size: 1.02em; margin: .8em 0 .2em; }
.ra-draft p { margin: .35em 0; text-indent: 2em; }
.ra-draft.ra-en p { text-indent: 0; }
.ra-draft section.ra-section { border-left: 3px solid #d0d7de; padding-left: .7em; margin: .6em 0; }
.ra-draft .ra-sid { color: #8c959f; font-size: .75em; font-weight: normal; margin-left: .5em; }
.ra-fig { border-radius: 3px; padding: 0 2px; cursor: help; }
.ra-fig-verified { background: #d3f4dc; border-bottom: 2px solid #2da44e; }
.ra-fig-derived { background: #d7f0f5; border-bottom: 2px solid #1b7c83; }
.ra-fig-approximate { background: #dbe9ff; border-bottom: 2px dashed #0969da; }
.ra-fig-mismatch, .ra-fig-misattributed, .ra-fig-wrong_direction { background: #ffe2cc; border-bottom: 2px solid #bc4c00; }
.ra-fig-unsupported { background: #ffd8d3; border-bottom: 2px solid #cf222e; }
.ra-fig-ignored { border-bottom: 1px dotted #8c959f; }
.ra-legend { font-size: .8em; margin-bottom: .5em; }
.ra-legend .ra-fig { margin-right: .6em; }
.ra-cursor { animation: ra-blink 1s steps(2) infinite; color: #8c959f; }
@keyframes ra-blink { 50% { opacity: 0; } }
.ra-empty { color: #6e7781; font-style: italic; }
.ra-diff del { background: #ffebe9; text-decoration: line-through; }
.ra-diff ins { background: #dafbe1; text-decoration: none; }
.ra-diff pre { white-space: pre-wrap; font-size: 13px; }
"""

_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")


def _figures(check: Mapping[str, Any] | None) -> list[Mapping[str, Any]]:
    if not check:
        return []
    figs = check.get("figures") or []
    return [f for f in figs if isinstance(f, Mapping)]


def figure_title(fig: Mapping[str, Any], lang: str) -> str:
    """The hover text of a figure: its status, then the note line it came from or the reason."""
    status = str(fig.get("status", ""))
    parts = [t(lang, f"status_{status}") if f"status_{status}" in _STATUS_KEYS else status]
    note = fig.get("note")
    if isinstance(note, Mapping) and note.get("text") is not None:
        line = note.get("line")
        prefix = f"笔记第 {line} 行" if lang == "zh" else f"notes line {line}"
        parts.append(f"{prefix}: {note.get('text')}")
    reason = fig.get("reason")
    if reason:
        parts.append(str(reason))
    return " — ".join(p for p in parts if p)


_STATUS_KEYS = {f"status_{s}" for s in STATUSES}


def draft_html(
    markdown: str,
    check: Mapping[str, Any] | None,
    lang: str,
    *,
    streaming: bool = False,
    draft_language: str | None = None,
    headings: Mapping[int, int] | None = None,
    heading_ends: Mapping[int, int] | None = None,
    marks: Mapping[int, tuple[str, str, str]] | None = None,
) -> str:
    """The draft as HTML: headings, one ``<section>`` per top-level part, figures highlighted.

    Figure offsets in ``check`` are character offsets into ``markdown`` (the checker's contract),
    so spans are inserted by offset, line by line, before escaping each piece. ``headings`` marks
    headings without ``#`` (line start → level on the markdown scale: 2 = part, 3 = subsection);
    ``heading_ends`` gives where a run-in heading ends (``一、标题。正文……`` on one line): the rest of
    that line is shown as a paragraph. ``marks`` (heading line start → css class, badge, hover text)
    puts a badge after a heading (the polish marks: model-polished or first-draft text kept).
    """
    if not markdown.strip():
        return f'<div class="ra-draft"><p class="ra-empty">{html.escape(t(lang, "draft_empty"))}</p></div>'
    figs = sorted(
        (f for f in _figures(check) if isinstance(f.get("start"), int) and isinstance(f.get("end"), int)),
        key=lambda f: (int(f["start"]), -int(f["end"])),
    )
    out: list[str] = []
    lang_class = "ra-en" if (draft_language or "").startswith("en") else "ra-zh"
    out.append(f'<div class="ra-draft {lang_class}">')
    if figs:
        out.append(legend_html(check, lang))
    open_section = False
    pos = 0
    fig_i = 0
    section_no = 0
    for raw_line in markdown.splitlines(keepends=True):
        line = raw_line.rstrip("\r\n")
        start, end = pos, pos + len(line)
        pos += len(raw_line)
        while fig_i < len(figs) and int(figs[fig_i]["end"]) <= start:
            fig_i += 1
        line_figs = []
        j = fig_i
        while j < len(figs) and int(figs[j]["start"]) < end:
            if int(figs[j]["end"]) > start:
                line_figs.append(figs[j])
            j += 1
        m = _HEADING.match(line)
        level = 0
        run_in = ""  # body text after a run-in heading, on the same line
        if m:
            level = len(m.group(1))
            heading_text = m.group(2)
        elif headings and start in headings and line.strip():
            level = max(1, int(headings[start]))
            cut = int((heading_ends or {}).get(start, end)) - start
            heading_text = line[:cut].strip() if 0 < cut < len(line) else line.strip()
            if 0 < cut < len(line):
                run_in = line[cut:]
        is_title = bool(m) and level == 1
        if level:
            body_offset = start + line.index(heading_text) if heading_text else start
            inner = _highlight(heading_text, body_offset, line_figs, lang)
            if level <= 2 and not is_title:
                if open_section:
                    out.append("</section>")
                section_no += 1
                out.append(f'<section class="ra-section" data-section="{section_no}">')
                open_section = True
            tag = f"h{min(level, 4)}"
            mark = (marks or {}).get(start)
            if mark is not None:  # a polish badge: (css class, badge text, hover text)
                inner += (f' <span class="{html.escape(mark[0])}" title="{plain_html(mark[2])}">'
                          f"{plain_html(mark[1])}</span>")
            out.append(f"<{tag}>{inner}</{tag}>")
            if run_in.strip():
                rest = run_in.lstrip()
                rest_offset = end - len(rest)
                out.append(f"<p>{_highlight(rest, rest_offset, line_figs, lang)}</p>")
        elif line.strip():
            stripped = line.lstrip()
            lead = len(line) - len(stripped)
            out.append(f"<p>{_highlight(stripped, start + lead, line_figs, lang)}</p>")
    if streaming:
        out.append('<span class="ra-cursor">▍</span>')
    if open_section:
        out.append("</section>")
    out.append("</div>")
    return sanitize_html("".join(out))


def _highlight(text: str, offset: int, figs: Sequence[Mapping[str, Any]], lang: str) -> str:
    """Escape ``text`` (which starts at ``offset`` in the draft) with figure spans inserted."""
    pieces: list[str] = []
    cursor = 0
    for fig in figs:
        s = max(int(fig["start"]) - offset, 0)
        e = min(int(fig["end"]) - offset, len(text))
        if s < cursor or e <= s:
            continue
        status = str(fig.get("status", "ignored"))
        if status == "ignored":
            continue  # years, list markers: not figures, left as plain text
        status_class = status if status in STATUSES else "ignored"
        pieces.append(plain_html(text[cursor:s]))
        pieces.append(
            f'<span class="ra-fig ra-fig-{status_class}" data-status="{html.escape(status)}" '
            f'title="{plain_html(figure_title(fig, lang))}">{plain_html(text[s:e])}</span>'
        )
        cursor = e
    pieces.append(plain_html(text[cursor:]))
    return "".join(pieces)


def counts(check: Mapping[str, Any] | None) -> dict[str, int]:
    """Status → count, from the checker's ``summary`` or counted from its figures."""
    if not check:
        return {}
    summary = check.get("summary")
    if isinstance(summary, Mapping) and summary:
        return {str(k): int(v) for k, v in summary.items() if isinstance(v, int | float) and v}
    out: dict[str, int] = {}
    for fig in _figures(check):
        status = str(fig.get("status", ""))
        out[status] = out.get(status, 0) + 1
    return out


def summary_line(check: Mapping[str, Any] | None, lang: str) -> str:
    """E.g. ``42 verified · 3 derived · 1 unsupported`` (``已核实 42 · 推算 3 · 无依据 1``)."""
    if check is None:
        return t(lang, "summary_none")
    c = counts(check)
    parts = []
    for status in STATUSES:
        if status == "ignored" or not c.get(status):
            continue
        name = t(lang, f"status_{status}")
        parts.append(f"{name} {c[status]}" if lang == "zh" else f"{c[status]} {name}")
    if not parts:
        return "没有需要核对的数字" if lang == "zh" else "no figures to check"
    return " · ".join(parts)


def legend_html(check: Mapping[str, Any] | None, lang: str) -> str:
    c = counts(check)
    spans = [
        f'<span class="ra-fig ra-fig-{s}">{html.escape(t(lang, f"status_{s}"))} {c[s]}</span>'
        for s in STATUSES
        if c.get(s) and s != "ignored"
    ]
    return f'<div class="ra-legend">{"".join(spans)}</div>' if spans else ""


def figure_rows(check: Mapping[str, Any] | None, lang: str) -> list[list[str]]:
    """Rows for the figures table: figure, status, value+unit, note line, reason (blocking first)."""
    rows: list[tuple[int, int, list[str]]] = []
    for fig in _figures(check):
        status = str(fig.get("status", ""))
        if status == "ignored":
            continue
        note = fig.get("note")
        note_text = ""
        if isinstance(note, Mapping) and note.get("text") is not None:
            note_text = f"{note.get('line')}: {note.get('text')}"
        value = fig.get("value")
        unit = fig.get("unit") or ""
        value_text = "" if value is None else f"{_number(value)}{unit}"
        rank = 0 if status in BLOCKING else 1
        rows.append(
            (
                rank,
                int(fig.get("start") or 0),
                [
                    str(fig.get("text", "")),
                    t(lang, f"status_{status}") if status in STATUSES else status,
                    value_text,
                    note_text,
                    str(fig.get("reason") or ""),
                ],
            )
        )
    rows.sort(key=lambda r: (r[0], r[1]))
    return [[clean_text(cell) for cell in r[2]] for r in rows]


def _number(value: object) -> str:
    """1250000000.0 → ``1,250,000,000``; 6.8 → ``6.8``; 0.125 → ``0.125`` (no exponents)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if float(value).is_integer():
        return f"{int(value):,}"
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    return text


def figure_headers(lang: str) -> list[str]:
    return [t(lang, k) for k in ("col_figure", "col_status", "col_value", "col_note", "col_reason")]


def omitted_markdown(check: Mapping[str, Any] | None, lang: str) -> str:
    if not check:
        return ""
    omitted = [o for o in (check.get("omitted") or []) if isinstance(o, Mapping)]
    if not omitted:
        return t(lang, "omitted_none")
    lines = [
        "- " + t(lang, "omitted_line", line=o.get("line", "?"), figure=markdown_text(str(o.get("figure", ""))),
                 text=markdown_text(str(o.get("text", ""))))
        for o in omitted
    ]
    return "\n".join(lines)


def sources_markdown(hits: Sequence[Mapping[str, Any]], lang: str) -> str:
    """Retrieved example passages (Hit.as_json() dicts), quoted as data."""
    if not hits:
        return t(lang, "sources_none")
    blocks = []
    for i, h in enumerate(hits, 1):
        title = markdown_text(str(h.get("report") or h.get("title") or ""))
        section = markdown_text(str(h.get("section") or ""))
        score = h.get("score")
        score_text = f" · {float(score):.3f}" if isinstance(score, int | float) else ""
        where = f"{markdown_text(str(h.get('section_title')))} · " if h.get("section_title") else ""
        quoted = quote_markdown(str(h.get("text") or ""), 600)
        blocks.append(f"**{i}. {where}{title}**{' — ' + section if section else ''}{score_text}\n\n{quoted}")
    return "\n\n".join(blocks)


def quote_markdown(text: str, limit: int = 600) -> str:
    """An example passage as a Markdown quote that shows its characters as they are (no HTML, no image,
    no script link: an uploaded example's ``<img>``/``style`` markup reads as text), cut at ``limit``."""
    text = text.strip()
    if len(text) > limit:
        text = text[:limit] + "…"
    return "\n".join("> " + markdown_text(ln) for ln in text.splitlines() if ln.strip())


# a Markdown list item line: "- x", "* x", "+ x", "• x", "1. x", "2) x" (indented: a nested one)
_MD_LIST_LINE = re.compile(r"^[ \t]*+(?:[-*+•]|\d{1,3}[.)])[ \t]")


def notes_lines(text: str) -> str:
    """The user's notes as they typed them, for the Markdown chat: a line that is no list item right
    after a bullet ("存在问题" / "明年打算：" / "Problems:" after "- …") gets a blank line before it, so
    Markdown does not fold it into the bullet above as a lazy continuation (the header would read as
    the end of the last achievement). Every line is kept."""
    out: list[str] = []
    in_list = False
    for line in text.split("\n"):
        is_item = bool(_MD_LIST_LINE.match(line))
        if in_list and line.strip() and not is_item and not line[:1].isspace():
            out.append("")
            in_list = False
        out.append(line)
        if is_item:
            in_list = True
        elif not line.strip():
            in_list = False
    return "\n".join(out)


def chat_messages(messages: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Chat messages with their text made inert (:func:`assistant.sanitize.markdown_text`): the
    chat renders Markdown, so notes or a model reply quoting an example must not become HTML. The
    user's messages keep their lines (:func:`notes_lines`)."""
    out: list[dict[str, Any]] = []
    for m in messages:
        item = dict(m)
        if isinstance(item.get("content"), str):
            text = item["content"]
            item["content"] = markdown_text(notes_lines(text) if item.get("role") == "user" else text)
        out.append(item)
    return out


def diff_html(rows: Sequence[tuple[str, str, str]], lang: str) -> str:
    """Side-by-side diff rows (tag, left, right) as compact HTML: removed lines struck, added underlined."""
    if not rows or all(tag == "equal" for tag, _, _ in rows):
        return f'<div class="ra-diff"><p class="ra-empty">{html.escape(t(lang, "diff_empty"))}</p></div>'
    out = ['<div class="ra-diff"><pre>']
    for tag, left, right in rows:
        if tag == "equal":
            out.append("  " + plain_html(left) + "\n")
            continue
        if left:
            out.append(f"<del>- {plain_html(left)}</del>\n")
        if right:
            out.append(f"<ins>+ {plain_html(right)}</ins>\n")
    out.append("</pre></div>")
    return sanitize_html("".join(out))


def version_label(seq: int, cause: str, instruction: str | None, created: str, lang: str) -> str:
    key = f"cause_{cause}"
    try:
        cause_text = t(lang, key)
    except KeyError:
        cause_text = cause
    when = created[11:16] if len(created) >= 16 else created
    extra = f" · {clean_text(instruction)[:30]}" if instruction else ""
    return f"v{seq} · {cause_text}{extra} · {when}"
