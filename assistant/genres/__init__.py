"""Report types (genres): what a kind of report is made of, behind one interface.

A genre says which parts a report has and what they are called (:meth:`ReportType.part_titles`, the
report's title), how a part opens (:meth:`ReportType.opening`), which connectives join its statements
and which sentence pattern each part asks of the model (:meth:`ReportType.pattern_hint`). The outline
(:func:`assistant.outline.make_outline`, ``OutlineOptions.genre``) and the drafting code ask the genre
instead of hard-coding one; a second genre (a monthly report, 述职报告) is a new module that
:func:`register`\\ s a :class:`ReportType`, plus its prompts.

The first genre is :data:`ANNUAL` (``"annual"``): 工作总结暨工作安排 / an annual summary and plan.
"""

from __future__ import annotations

from assistant.genres.annual import ANNUAL, AnnualSummaryPlan
from assistant.genres.base import DEFAULT_GENRE, PartKind, ReportType
from assistant.genres.registry import genre_names, get_genre, register

__all__ = ["ANNUAL", "DEFAULT_GENRE", "AnnualSummaryPlan", "PartKind", "ReportType", "genre_names", "get_genre",
           "register"]
