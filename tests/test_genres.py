"""The report-type seam (assistant/genres): the annual summary-and-plan is the first genre, and a second
genre is one class registered from outside the core code — here a monthly report with two parts — which
the outline, the offline writer's openings and connectives and the model's sentence patterns follow."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import pytest
from test_outline import EN_NOTES as EN_OUTLINE_NOTES
from test_outline import ZH_NOTES

from assistant.documents import Language
from assistant.drafting.offline import opening_text
from assistant.drafting.prompting import length_hint
from assistant.errors import InputError
from assistant.genres import ANNUAL, DEFAULT_GENRE, ReportType, genre_names, get_genre, register
from assistant.genres import registry as genre_registry
from assistant.notes import parse_notes
from assistant.outline import OutlineOptions, make_outline
from assistant.outline_edit import outline_from_json

NOTES, EN_NOTES = ZH_NOTES, EN_OUTLINE_NOTES  # the outline tests' notes: achievements, problems, plans


@dataclass(frozen=True)
class MonthlyReport:
    """A monthly report: this month's work (problems at its end), next month's plan."""

    name: str = "monthly"
    label: dict[str, str] = field(default_factory=lambda: {"zh": "月度工作报告", "en": "monthly report"})
    parts: int = 2

    def report_title(self, organisation: str, language: Language, year: int | str, plan_year: int | str) -> str:
        return f"{organisation}月度工作报告" if language == "zh" else f"{organisation}: Monthly report"

    def part_titles(self, language: Language, year: int | str, plan_year: int | str,
                    examples: Sequence[str]) -> dict[str, str]:
        if language == "zh":
            return {"summary": "本月工作完成情况", "plan": "下月工作安排", "problems": "存在的问题",
                    "merged": "需要关注的问题", "results": "本月完成情况", "targets": "下月目标",
                    "measures": "下月措施", "targets_part": "下月目标", "measures_part": "下月措施"}
        return {"summary": "This month", "plan": "Next month", "problems": "Issues", "merged": "Issues",
                "results": "Done this month", "targets": "Targets", "measures": "Actions",
                "targets_part": "Targets", "measures_part": "Actions"}

    def opening(self, kind: str, language: Language, *, organisation: str, summary_year: int | str,
                plan_year: int | str) -> str:
        if kind == "summary":
            return f"本月{organisation}工作情况如下。" if language == "zh" else "This month's work in brief."
        return ""

    def topic_title(self, key: str, language: Language, default: str) -> str:
        return "本月项目建设" if key == "projects" and language == "zh" else default

    def connectives(self, language: Language) -> tuple[str, ...]:
        return ("另外，",) if language == "zh" else ("Also, ",)

    def pattern_hint(self, kind: str, language: Language) -> str:
        return "句式：按周写。" if language == "zh" else "Pattern: week by week. "


@pytest.fixture
def monthly(monkeypatch: pytest.MonkeyPatch) -> Iterator[ReportType]:
    # the registry as it was comes back after the test
    monkeypatch.setattr(genre_registry, "_REGISTRY", dict(genre_registry._REGISTRY))
    yield register(MonthlyReport())


def test_the_annual_genre_is_the_default_and_builds_todays_outline() -> None:
    assert get_genre() is ANNUAL and get_genre(DEFAULT_GENRE) is ANNUAL and isinstance(ANNUAL, ReportType)
    outline = make_outline(parse_notes(NOTES))
    assert outline.genre == "annual"
    assert outline.title == "海拉尔区发改局2025年工作总结暨2026年工作安排"
    assert [s.title for s in outline.sections] == ["2025年工作总结", "存在的问题", "2026年工作安排"]
    en = make_outline(parse_notes(EN_NOTES))
    assert en.title == "Acme Ltd: Summary of 2025 and Plan for 2026"
    assert [s.title for s in en.sections] == ["Summary of 2025", "Challenges", "Plan for 2026"]


def test_a_second_genre_is_registered_and_builds_its_outline(monthly: ReportType) -> None:
    assert "monthly" in genre_names() and get_genre("monthly") is monthly
    notes = parse_notes(NOTES)
    outline = make_outline(notes, options=OutlineOptions(genre="monthly"))
    assert outline.genre == "monthly"
    assert outline.title == "海拉尔区发改局月度工作报告"
    # two parts: the problems are written at the end of this month's part
    assert [(s.title, s.kind) for s in outline.sections] == [("本月工作完成情况", "summary"),
                                                              ("下月工作安排", "plan")]
    summary_titles = [c.title for c in outline.sections[0].children]
    assert summary_titles[0] == "本月项目建设" and summary_titles[-1] == "需要关注的问题"
    assert "项目建设扎实推进" in [c.title for c in make_outline(notes).sections[0].children]
    # every note item still placed exactly once
    placed = sorted(outline.assigned_items())
    assert placed == sorted(i.item_id for i in notes.items if i.role != "metadata")
    # a structure request still overrides the genre's default number of parts
    three = make_outline(notes, options=OutlineOptions(genre="monthly", parts=3))
    assert [s.title for s in three.sections] == ["本月工作完成情况", "存在的问题", "下月工作安排"]
    en = make_outline(parse_notes(EN_NOTES), options=OutlineOptions(genre="monthly"))
    assert [s.title for s in en.sections] == ["This month", "Next month"]


def test_the_genre_travels_with_the_outline_and_drives_the_writing(monthly: ReportType) -> None:
    notes = parse_notes(NOTES)
    outline = make_outline(notes, options=OutlineOptions(genre="monthly"))
    back = outline_from_json(notes, outline.to_json())
    assert back.genre == "monthly" and back.title == outline.title
    assert opening_text("summary", "zh", organisation="某局", summary_year=2025, plan_year=2026,
                        genre=outline.genre) == "本月某局工作情况如下。"
    assert opening_text("summary", "zh", organisation="某局", summary_year=2025,
                        plan_year=2026) == "现将某局2025年主要工作情况总结如下。"
    assert "句式：按周写。" in length_hint("zh", "summary", 3, genre="monthly")
    assert "一是" not in length_hint("zh", "problems", 3, genre="monthly")
    assert "一是……；二是……" in length_hint("zh", "problems", 3)


def test_an_unknown_genre_is_a_clear_error() -> None:
    with pytest.raises(InputError, match="Unknown report type 'quarterly'; known: annual"):
        make_outline(parse_notes(NOTES), options=OutlineOptions(genre="quarterly"))
    with pytest.raises(InputError, match="Unknown report type"):
        outline_from_json(parse_notes(NOTES), {**make_outline(parse_notes(NOTES)).to_json(), "genre": "nope"})


@pytest.mark.parametrize("parts", [1, 5])
def test_a_genre_with_an_impossible_number_of_parts_is_refused(monkeypatch: pytest.MonkeyPatch, parts: int) -> None:
    monkeypatch.setattr(genre_registry, "_REGISTRY", dict(genre_registry._REGISTRY))
    with pytest.raises(ValueError, match="parts must be 2, 3 or 4"):
        register(MonthlyReport(parts=parts))


def test_something_that_is_not_a_genre_is_refused() -> None:
    with pytest.raises(TypeError):
        register(object())  # type: ignore[arg-type]
