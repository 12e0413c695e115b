"""The checker's results: one status per draft figure (:class:`FigureCheck`), all of a draft
(:class:`CheckResult`), the statuses and the 【待核实】 marker. :mod:`assistant.check` makes them."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

from assistant.figures import Figure

Status = Literal[
    "verified", "derived", "approximate", "mismatch", "misattributed", "wrong_direction",
    "unsupported", "ignored",
]
STATUSES: tuple[Status, ...] = (
    "verified", "derived", "approximate", "mismatch", "misattributed", "wrong_direction",
    "unsupported", "ignored",
)
BLOCKING: frozenset[str] = frozenset({"mismatch", "misattributed", "wrong_direction", "unsupported"})
Lang = Literal["zh", "en"]

STATUS_ZH: dict[str, str] = {
    "verified": "已核实", "derived": "推算", "approximate": "近似", "mismatch": "数值不符",
    "misattributed": "张冠李戴", "wrong_direction": "方向相反", "unsupported": "无依据", "ignored": "非数据",
}

#: 【待核实：3000台】 or [to verify: 3,000 units]; the figure as the draft wrote it is group "figure".
MARKER_RE = re.compile(r"【待核实：(?P<figure>[^】]*)】|\[to verify: (?P<figure_en>[^\]]*)\]")


@dataclass(frozen=True)
class ExampleText:
    """A retrieved example passage (for leak detection): the report title and its text."""

    title: str
    text: str


@dataclass(frozen=True)
class FigureCheck:
    """The status of one draft figure."""

    figure: Figure
    status: Status
    reason: str
    note: Figure | None = None  # the note figure it is linked to (or compared with)
    operands: tuple[Figure, ...] = ()  # note figures a derived value is computed from
    meaning: str = ""  # "period" / "role": the value is right, what it is the value of is not

    @property
    def blocking(self) -> bool:
        return self.status in BLOCKING


@dataclass
class CheckResult:
    notes_text: str
    draft_text: str
    figures: list[FigureCheck]
    omitted: list[Figure]
    ledger: list[Figure] = field(repr=False)
    language: Lang = "zh"

    @property
    def summary(self) -> dict[str, int]:
        counts = Counter(fc.status for fc in self.figures)
        return {s: counts[s] for s in STATUSES if counts[s]}

    @property
    def ok(self) -> bool:
        return not any(fc.blocking for fc in self.figures)

    def note_line(self, line: int) -> str:
        lines = self._note_lines()
        return lines[line - 1].strip() if 0 < line <= len(lines) else ""

    def _note_lines(self) -> list[str]:
        cached: list[str] | None = self.__dict__.get("_lines")
        if cached is None:
            cached = self.notes_text.split("\n")  # once: reasons for thousands of figures stay linear
            self.__dict__["_lines"] = cached
        return cached

    def to_json(self) -> dict[str, Any]:
        """The JSON-ready object of the CLI's ``--json`` (see issue 4 for the schema)."""
        figures: list[dict[str, Any]] = []
        for fc in self.figures:
            f = fc.figure
            note = None
            if fc.note is not None:
                note = {
                    "line": fc.note.line, "start": fc.note.start, "end": fc.note.end,
                    "text": self.note_line(fc.note.line),
                }
            figures.append(
                {
                    "text": f.text, "start": f.start, "end": f.end,
                    "value": float(f.value) if f.value is not None else None,
                    "unit": f.unit, "status": fc.status, "reason": fc.reason, "note": note,
                }
            )
        return {
            "ok": self.ok,
            "figures": figures,
            "omitted": [
                {"line": f.line, "text": self.note_line(f.line), "figure": f.text} for f in self.omitted
            ],
            "summary": self.summary,
        }
