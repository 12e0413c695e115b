"""Example passages per section: the retrieval query, the draft ids example pins are scoped to, and the
retrieval of style examples."""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable, Sequence
from typing import Any

from assistant.documents import Hit, Language
from assistant.drafting.prompting import STYLE_EXCERPTS
from assistant.notes import NoteItem, Notes
from assistant.outline import Outline, make_outline

log = logging.getLogger(__name__)


SectionRetrieve = Callable[..., Sequence[Hit]]


def section_query(title: str, items: Sequence[NoteItem], limit: int = 300) -> str:
    """The retrieval query for a section's examples: its title and its note items' text."""
    return " ".join([title, *(i.prompt_text for i in items)]).strip()[:limit]


def draft_ids(outline: Outline) -> dict[str, str]:
    """Outline section id → the id :func:`assistant.sections.parse_draft` gives that section in the
    draft's Markdown (positional: ``s2``, ``s2.1``), which is what the UI's example pins are scoped to."""
    out: dict[str, str] = {}
    for n, top in enumerate(outline.sections, start=1):
        out[top.section_id] = f"s{n}"
        for m, child in enumerate(top.children, start=1):
            out[child.section_id] = f"s{n}.{m}"
    return out


def _takes_section(retrieve: SectionRetrieve) -> bool:
    try:
        params = inspect.signature(retrieve).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(p.name == "section" or p.kind is inspect.Parameter.VAR_KEYWORD for p in params)


def unique_hits(*groups: Sequence[Hit]) -> list[Hit]:
    """The hits of all groups, each passage once, in order."""
    seen: set[str] = set()
    out: list[Hit] = []
    for group in groups:
        for h in group:
            if h.chunk.chunk_id not in seen:
                seen.add(h.chunk.chunk_id)
                out.append(h)
    return out


def _section_hits(retrieve: SectionRetrieve | None, takes_section: bool, query: str, language: Language,
                  draft_id: str, fallback: Sequence[Hit]) -> list[Hit]:
    if retrieve is None:
        return list(fallback)
    try:
        found = retrieve(query, language, section=draft_id) if takes_section else retrieve(query, language)
        return list(found)
    except Exception as exc:  # examples only shape style: a failed search drafts without them
        log.warning("example retrieval for section %s failed: %s", draft_id, exc)
        return list(fallback)


def example_queries(notes: Notes, outline: Outline, limit: int = 3) -> list[str]:
    """Retrieval queries for the style excerpts: one per top-level section, from its notes."""
    by_id = {i.item_id: i for i in notes.items}
    queries: list[str] = []
    for top in outline.sections:
        ids = [i for leaf in top.leaves() for i in leaf.note_items]
        text = " ".join(by_id[i].prompt_text for i in ids[:4])
        if text:
            queries.append(f"{top.title} {text}"[:300])
    return queries[:limit]


def retrieve_examples(retriever: Any, notes: Notes, outline: Outline | None = None, k: int = STYLE_EXCERPTS) -> list[Hit]:
    """Retrieve style examples with ``retriever.search(query, k, language=...)``; unique chunks."""
    outline = outline or make_outline(notes)
    seen: set[str] = set()
    hits: list[Hit] = []
    for q in example_queries(notes, outline):
        for h in retriever.search(q, k, language=notes.language):
            if h.chunk.chunk_id not in seen:
                seen.add(h.chunk.chunk_id)
                hits.append(h)
                break
    if len(hits) < k:
        for q in example_queries(notes, outline):
            for h in retriever.search(q, k, language=notes.language):
                if h.chunk.chunk_id not in seen and len(hits) < k:
                    seen.add(h.chunk.chunk_id)
                    hits.append(h)
    return hits[:k]
