"""The :class:`ReportType` interface and the registry of genres by name."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, Protocol, runtime_checkable

from assistant.documents import Language

#: the kinds of top-level part a genre can have (``targets`` / ``measures`` are the plan's halves)
PartKind = Literal["summary", "problems", "plan", "targets", "measures"]
YearLabel = int | str  # a year, or the visible placeholder (【年份】 / [year]) when the notes give none

DEFAULT_GENRE = "annual"


@runtime_checkable
class ReportType(Protocol):
    """A genre. ``parts`` is the default number of top-level parts (2: summary and plan, the problems
    written at the end of the summary; 3: summary, problems, plan; 4: summary, problems, targets,
    measures); a structure request in chat ("分成四部分") overrides it."""

    @property
    def name(self) -> str:
        """The registry key (``OutlineOptions.genre``, ``Outline.genre``)."""
        ...

    @property
    def label(self) -> dict[str, str]:
        """What the genre is called, per language: ``{"zh": "工作总结暨工作安排", "en": ...}``."""
        ...

    @property
    def parts(self) -> int:
        """The default number of top-level parts (2, 3 or 4)."""
        ...

    def report_title(self, organisation: str, language: Language, year: YearLabel, plan_year: YearLabel) -> str:
        """The report's title line."""
        ...

    def part_titles(self, language: Language, year: YearLabel, plan_year: YearLabel,
                    examples: Sequence[str]) -> dict[str, str]:
        """Titles of the parts by key: ``summary``, ``problems``, ``plan``, ``targets``, ``measures``
        (the plan's subsections), ``merged`` (the problems inside the summary), ``results`` (the
        achievements beside them), ``targets_part`` / ``measures_part`` (top-level, in four parts).
        ``examples``: top-level titles of retrieved example reports, whose wording may be followed."""
        ...

    def opening(self, kind: str, language: Language, *, organisation: str, summary_year: YearLabel,
                plan_year: YearLabel) -> str:
        """The lead sentence of a top-level part with subsections ("" for none)."""
        ...

    def topic_title(self, key: str, language: Language, default: str) -> str:
        """The title of a topical subsection of the summary (``key``: ``economy``, ``projects``, …,
        ``other``; ``default``: the outline's own title for it, e.g. 经济运行稳中有进)."""
        ...

    def connectives(self, language: Language) -> tuple[str, ...]:
        """Words that join statements within a paragraph, used in rotation (no figure, no fact)."""
        ...

    def pattern_hint(self, kind: str, language: Language) -> str:
        """The sentence pattern a part of this kind asks of the model ("" for none)."""
        ...
