"""The draft and its events: :class:`Draft` / :class:`DraftSection` / :class:`Repair`, the streamed
events (:class:`SectionStarted`, :class:`Token`, :class:`RepairAttempt`, :class:`SectionDone`,
:class:`DraftDone`, :class:`DraftInterrupted`), the fault markers, and the notices for notes lines that
read like instructions to the assistant."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Union

from assistant.documents import Hit, Language
from assistant.errors import ModelError
from assistant.notes import Notes


@dataclass
class Repair:
    """One re-ask of a section: the blocking figures that caused it and whether it cleared them."""

    attempt: int
    problems: list[str]
    resolved: bool = False


@dataclass
class DraftSection:
    section_id: str
    title: str
    heading: str
    level: int
    text: str = ""
    note_items: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)  # chunk ids of the style excerpts in the prompt
    # the example passages retrieved for this section (with ``retrieve=``: its own query; else the
    # draft's fixed ``hits``); those in ``examples`` were quoted (masked) in its prompt
    example_hits: list[Hit] = field(default_factory=list)
    draft_id: str = ""  # the id assistant.sections.parse_draft gives this section in to_markdown()
    repairs: list[Repair] = field(default_factory=list)
    check: dict[str, int] | None = None
    unverified: int = 0
    parent_id: str | None = None
    seconds: float = 0.0
    model_seconds: float = 0.0
    fallback: bool = False  # the model wrote nothing usable; the text was rendered offline
    appended_items: list[str] = field(default_factory=list)  # notes the model left out, appended offline
    # the polish step (assistant.drafting.polish): "model" when the model's text replaced the offline
    # one, "offline" when the offline text stayed ("" when the section was not offered to the model),
    # and why (polish_reason: a REJECT_* code, or "accepted")
    polish: str = ""
    polish_reason: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.section_id,
            "title": self.title,
            "heading": self.heading,
            "level": self.level,
            "parent": self.parent_id,
            "text": self.text,
            "note_items": list(self.note_items),
            "examples": list(self.examples),
            "draft_id": self.draft_id,
            "example_passages": [
                {"report": h.chunk.report_title, "report_id": h.chunk.report_id, "section": h.chunk.section,
                 "score": round(h.score, 6), "chunk_id": h.chunk.chunk_id, "text": h.chunk.text,
                 "in_prompt": h.chunk.chunk_id in self.examples}
                for h in self.example_hits
            ],
            "check": self.check,
            "unverified": self.unverified,
            "fallback": self.fallback,
            "appended_items": list(self.appended_items),
            "polish": self.polish,
            "polished": self.polish == "model",
            "polish_reason": self.polish_reason,
            "repairs": [
                {"attempt": r.attempt, "problems": r.problems, "resolved": r.resolved} for r in self.repairs
            ],
        }


@dataclass
class Draft:
    title: str
    language: Language
    provider: str
    sections: list[DraftSection]
    examples: list[dict[str, object]] = field(default_factory=list)
    banner: str | None = None
    title_items: list[str] = field(default_factory=list)
    # notices for the user about the notes (a line that reads like an instruction to the assistant),
    # in the notes' language; see instruction_warnings
    warnings: list[str] = field(default_factory=list)

    def section(self, section_id: str) -> DraftSection:
        for s in self.sections:
            if s.section_id == section_id:
                return s
        raise KeyError(section_id)

    def to_markdown(self) -> str:
        """``# title``, ``## 一、…``, ``### （一）…``, each followed by its text."""
        parts = [f"# {self.title}"]
        for s in self.sections:
            parts.append(f"{'#' * (s.level + 1)} {s.heading}")
            if s.text.strip():
                parts.append(s.text.strip())
        return "\n\n".join(parts) + "\n"

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "language": self.language,
            "provider": self.provider,
            "banner": self.banner,
            "title_items": list(self.title_items),
            "warnings": list(self.warnings),
            "sections": [s.as_json() for s in self.sections],
            "examples": self.examples,
            "markdown": self.to_markdown(),
        }

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=2)

    @property
    def repairs(self) -> list[tuple[str, Repair]]:
        return [(s.section_id, r) for s in self.sections for r in s.repairs]


# --- events --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SectionStarted:
    section_id: str
    heading: str
    level: int
    note_items: tuple[str, ...]


@dataclass(frozen=True)
class Token:
    section_id: str
    text: str


@dataclass(frozen=True)
class RepairAttempt:
    section_id: str
    attempt: int
    problems: tuple[str, ...]


@dataclass(frozen=True)
class SectionDone:
    section: DraftSection
    check: dict[str, int] | None


@dataclass(frozen=True)
class DraftDone:
    draft: Draft


@dataclass(frozen=True)
class InstantDraft:
    """The complete offline draft, yielded first (milliseconds) when a model will polish it."""

    draft: Draft


@dataclass(frozen=True)
class PolishStarted:
    """The model starts polishing section ``index`` (1-based) of ``total`` sections to polish."""

    section_id: str
    heading: str
    index: int
    total: int


@dataclass(frozen=True)
class PolishToken:
    """The polished text of ``section_id`` so far, already cleaned (a snapshot, not a delta): what the
    page may show in place of the offline text while the model writes."""

    section_id: str
    text: str


@dataclass(frozen=True)
class SectionPolished:
    """The polish of one section settled: ``text`` is the section's text now (the model's when
    ``accepted``, else the offline text kept); ``reason`` says why (a ``REJECT_*`` code or "accepted")
    and ``detail`` gives the particulars (the figures or notes concerned)."""

    section_id: str
    text: str
    accepted: bool
    reason: str
    detail: str = ""


DraftEvent = Union[SectionStarted, Token, RepairAttempt, SectionDone, DraftDone,  # noqa: UP007
                   InstantDraft, PolishStarted, PolishToken, SectionPolished]


QUOTE_CHARS = {"zh": 40, "en": 80}  # how much of a flagged notes line a warning quotes


def quote_note_line(text: str, language: str) -> str:
    """A flagged notes line as a warning quotes it: stripped, shortened with … past
    :data:`QUOTE_CHARS`."""
    quoted = text.strip()
    limit = QUOTE_CHARS["zh" if language == "zh" else "en"]
    return quoted[:limit].rstrip() + "…" if len(quoted) > limit else quoted


def instruction_warning(line: int, text: str, language: str) -> str:
    """The notice for notes line ``line`` (``text``) that reads like an instruction to the assistant
    (the web UI shows the same text from ``ui/i18n.py``, ``msg_instruction_line``)."""
    quoted = quote_note_line(text, language)
    if language == "zh":
        return f"笔记第{line}行像是写给助手的指令（“{quoted}”），已按普通笔记文字处理，请确认是否保留"
    return (f"Notes line {line} reads like an instruction to the assistant (“{quoted}”); it was treated "
            f"as ordinary note text — check whether it belongs in the report")


def instruction_warnings(notes: Notes, language: str | None = None) -> list[str]:
    """One notice per notes line flagged by :func:`assistant.notes.instruction_reason`, in
    ``language`` (default: the notes' language). The line itself is drafted like any other note."""
    return [instruction_warning(line, text, language or notes.language)
            for line, text, _reason in notes.suspicious_lines]


# --- a fault during drafting -----------------------------------------------------------------

INTERRUPTED_ZH = "【生成中断】"
INTERRUPTED_EN = "[interrupted]"
NOT_DRAFTED_ZH = "【未生成】"
NOT_DRAFTED_EN = "[not drafted]"

@dataclass(frozen=True)
class DraftInterrupted:
    """Drafting stopped at ``section_id`` because of ``error``; the following DraftDone holds what was kept."""

    section_id: str
    heading: str
    error: ModelError
    kept_sections: int  # sections with text finished before the fault


def interrupted_marker(language: str) -> str:
    return INTERRUPTED_ZH if language == "zh" else INTERRUPTED_EN


def not_drafted_marker(language: str) -> str:
    return NOT_DRAFTED_ZH if language == "zh" else NOT_DRAFTED_EN


def retry_hint(heading: str, language: str) -> str:
    """What the user types to redo one section (understood by ``rewrite.parse_rewrite_request``)."""
    if language == "zh":
        return f"发送“重写{heading}”即可单独重新生成这一节。"
    return f'Send "rewrite the {heading} section" to redo that section on its own.'
