"""Shared value types of the knowledge base: reports, chunks and search hits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Language = Literal["zh", "en"]


@dataclass(frozen=True)
class ReportMeta:
    """One example report as the knowledge base knows it.

    ``report_id`` is stable across runs: derived from the file path relative to its knowledge
    folder (and the part number for a page holding several reports).
    """

    report_id: str
    title: str
    language: Language
    issuer: str = ""
    level: str = ""  # national / provincial / municipal / county / township / agency / other
    year: int | None = None
    source: str = ""  # URL or description of where the text comes from
    path: str = ""  # file the report was read from
    origin: str = "shipped"  # shipped (knowledge/) or user (uploaded by the user)


@dataclass(frozen=True)
class Chunk:
    """A passage of a report, cut along the report's own structure."""

    chunk_id: str
    report_id: str
    report_title: str
    section: str  # section path, e.g. "二、进一步调整产业结构 > 2、产业园区不断拓展"
    text: str
    language: Language
    position: int  # order of the chunk inside its report
    extra: dict[str, str | int | float] = field(default_factory=dict)


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its fused score and the ranks that produced it."""

    chunk: Chunk
    score: float
    dense_rank: int | None = None
    lexical_rank: int | None = None

    def as_json(self) -> dict[str, object]:
        c = self.chunk
        return {
            "text": c.text,
            "report": c.report_title,
            "report_id": c.report_id,
            "section": c.section,
            "language": c.language,
            "score": round(self.score, 6),
            "chunk_id": c.chunk_id,
            "dense_rank": self.dense_rank,
            "lexical_rank": self.lexical_rank,
        }
