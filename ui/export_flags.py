"""The figures flagged before a .docx export, worded for the page (the confirm step)."""

from __future__ import annotations

import re

from assistant.sanitize import markdown_text
from assistant.services.session import SessionWorkflow
from ui.context import AppContext
from ui.i18n import t

_FLAG_LINE = re.compile(r"^line (\d+): (.*?)(?: \[(\w+)\])?$", re.S)


def export_flags(ctx: AppContext, session_id: str, lang: str) -> list[str]:
    """The head draft's flagged figures (【待核实】 markers left in it, figures the checker blocks against
    the notes), worded in the page language: the page asks before it offers the .docx
    (:class:`assistant.export_layout.FlaggedFiguresError` is the same rule for ``export_file``)."""
    from assistant.export_layout import flagged_figures

    head = ctx.store.head(session_id)
    if head is None:
        return []
    out: list[str] = []
    for item in flagged_figures(head.text, SessionWorkflow(ctx, session_id).notes_text()):
        m = _FLAG_LINE.match(item)
        if m is None:
            out.append(item)
            continue
        status = f" （{t(lang, 'status_' + m.group(3))}）" if m.group(3) and lang == "zh" else (
            f" ({t(lang, 'status_' + m.group(3))})" if m.group(3) else "")
        out.append(t(lang, "export_flag_line", n=m.group(1), text=m.group(2).strip()) + status)
    return out


def export_flags_markdown(flags: list[str], lang: str) -> str:
    """The confirm step's text: how many figures are flagged, and each of them."""
    shown = "\n".join(f"- {markdown_text(f)}" for f in flags[:20])
    more = f"\n- … ({len(flags)})" if len(flags) > 20 else ""
    return f"{t(lang, 'export_flagged', n=len(flags))}\n\n{shown}{more}"
