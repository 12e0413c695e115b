"""The first genre: 工作总结暨工作安排 / an annual summary and plan.

Three parts by default::

    一、2025年工作总结        topical subsections （一）（二）… grouped from the achievement items
    二、存在的问题            problem items (omitted when the notes hold none)
    三、2026年工作安排        （一）主要目标 (targets) then （二）重点举措 (measures)

English: "Summary of 2025" / "Challenges" / "Plan for 2026". The wording of a part follows the
retrieved example reports where they agree (…工作回顾, 存在的困难和问题, …年重点工作).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.documents import Language
from assistant.genres.base import YearLabel
from assistant.report_period import year_words

# The genre's connectives, as the example reports in knowledge/ use them between statements (同时 in
# 20 of them, 全年 18, 此外 / 在此基础上 2, 与此同时 1); they carry no figure and no fact.
_CONNECTIVES: dict[str, tuple[str, ...]] = {
    "zh": ("同时，", "此外，", "另外，", "与此同时，"),
    "en": ("In addition, ", "Meanwhile, ", "Also, ", "At the same time, "),
}

_PATTERN_HINTS: dict[str, dict[str, str]] = {
    "zh": {
        "summary": "句式：每条要点写成一句平实的陈述，例如“全年完成……，同比增长……”。",
        "problems": "句式：用“一是……；二是……”逐条写问题，只写不足和困难本身，不写成绩和成效。",
        "targets": "句式：用“力争……”“确保……”写目标，目标值照抄要点。",
        "measures": "句式：用“一是……；二是……”逐条写举措，每条以动词开头。",
        "plan": "句式：先写主要目标（“力争……”），再用“一是……；二是……”写重点任务。",
    },
    "en": {
        "summary": "Pattern: one plain statement per note (what was done, the figure, the change). ",
        "problems": "Pattern: 'First, …; second, …', the problems only, no achievements. ",
        "targets": "Pattern: 'We aim to …' for each target, with the target copied from the note. ",
        "measures": "Pattern: 'First, …; second, …', each measure starting with a verb. ",
        "plan": "Pattern: the targets first ('We aim to …'), then the measures ('First, …; second, …'). ",
    },
}


@dataclass(frozen=True)
class AnnualSummaryPlan:
    """工作总结暨工作安排: the year's work, its problems, next year's targets and measures."""

    name: str = "annual"
    label: dict[str, str] = field(default_factory=lambda: {"zh": "工作总结暨工作安排",
                                                          "en": "annual summary and plan"})
    parts: int = 3

    def report_title(self, organisation: str, language: Language, year: YearLabel, plan_year: YearLabel) -> str:
        if language == "zh":
            return f"{organisation}{year_words(year)}工作总结暨{year_words(plan_year)}工作安排"
        return f"{organisation + ': ' if organisation else ''}Summary of {year} and Plan for {plan_year}"

    def part_titles(self, language: Language, year: YearLabel, plan_year: YearLabel,
                    examples: Sequence[str]) -> dict[str, str]:
        joined = " ".join(examples)
        if language == "zh":
            summary = f"{year_words(year)}工作回顾" if "回顾" in joined else f"{year_words(year)}工作总结"
            if "困难和问题" in joined or "困难与问题" in joined:
                problems = "存在的困难和问题"
            elif "问题和不足" in joined or "不足" in joined:
                problems = "存在的问题和不足"
            else:
                problems = "存在的问题"
            plan = f"{year_words(plan_year)}工作安排"
            for word in ("工作思路", "主要任务", "重点工作", "工作打算"):
                if word in joined and "工作安排" not in joined:
                    plan = f"{year_words(plan_year)}{word}"
                    break
            return {"summary": summary, "problems": problems, "plan": plan, "targets": "主要目标",
                    "measures": "重点举措", "merged": "存在的不足", "results": "主要工作成效",
                    "targets_part": f"{year_words(plan_year)}主要目标", "measures_part": f"{year_words(plan_year)}重点工作"}
        review = "Review of" if re.search(r"\breview\b", joined, re.I) else "Summary of"
        return {"summary": f"{review} {year}", "problems": "Challenges", "plan": f"Plan for {plan_year}",
                "targets": "Targets", "measures": "Measures", "merged": "Challenges", "results": "Results",
                "targets_part": f"Targets for {plan_year}", "measures_part": f"Measures for {plan_year}"}

    def opening(self, kind: str, language: Language, *, organisation: str, summary_year: YearLabel,
                plan_year: YearLabel) -> str:
        if language == "zh":
            if kind == "summary":
                return f"现将{organisation}{year_words(summary_year)}主要工作情况总结如下。"
            if kind == "plan":
                return f"{year_words(plan_year)}，{organisation}主要目标和重点任务如下。"
            return ""
        if kind == "summary":
            mark = "'" if organisation.endswith("s") else "'s"  # Works & Services' work, not Services's
            who = f"{organisation}{mark} work" if organisation else "the work"
            return f"This part summarises {who} in {summary_year}."
        if kind == "plan":
            return f"The main targets and measures for {plan_year} are set out below."
        return ""

    def topic_title(self, key: str, language: Language, default: str) -> str:
        return default  # the outline's topic titles are this genre's (经济运行稳中有进, Economy and finances, …)

    def connectives(self, language: Language) -> tuple[str, ...]:
        return _CONNECTIVES["zh" if language == "zh" else "en"]

    def pattern_hint(self, kind: str, language: Language) -> str:
        return _PATTERN_HINTS["zh" if language == "zh" else "en"].get(kind, "")


ANNUAL = AnnualSummaryPlan()
