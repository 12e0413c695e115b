"""Session 6, wave 13 (qa6): the offline writer on office notes typed the way a school, a hospital
department, a township, a market-supervision bureau, a UK council, an Australian shire, a US school
district, a water utility and a food bank type them.

Chinese: a ratio (护士配比1:0.45) is no 指标：值 label (it had become 10.45 and was marked 待核实); a Latin
name keeps its blank before a figure (急诊PCI 187台); a typed sign after 比去年/同比/环比 or an arrow after a
comma is a change word (比去年增加74人, 减少0.6天); a per-head or average level takes 为, never 全年完成.
English: a participle that modifies a noun ("Sealed road resurfacing 46 km", "Waste diverted from landfill
41%") is no verb; a count and a clause after it ("closed 3,418, 88% within service standard"); a label
with a figure of its own before a colon; "respectively" lists; "flat at"; a figure-first note with a
verb of its own ("23 teacher vacancies remain unfilled"); more plan verbs (clear, reseal).
"""

from __future__ import annotations

import pytest

from assistant.check import blocking_figures, check_draft
from assistant.drafting.offline import _zh_clause, opening_text
from assistant.drafting.offline_en import summary_sentence, target_sentences
from assistant.drafting.pipeline import draft_report, run_draft
from assistant.notes import parse_notes


@pytest.mark.parametrize(("line", "expected"), [
    ("护士配比1:0.45，低于要求", "护士配比1:0.45，低于要求"),
    ("PCI手术612台，其中急诊PCI 187台", "PCI手术612台，其中急诊PCI 187台"),
    ("在校生1862人，比去年+74人", "在校生1862人，比去年增加74人"),
    ("平均住院日7.1天，↓0.6天", "平均住院日为7.1天，减少0.6天"),
    ("农村居民人均可支配收入21560元", "农村居民人均可支配收入为21560元"),
    ("职工平均工资8.6万元，较上年↑0.4万元", "职工平均工资为8.6万元，较上年增加0.4万元"),
    ("利润-120万元", "利润-120万元"),  # a negative value, not a change: kept as typed
    ("地区生产总值：120亿元", "全年完成地区生产总值120亿元"),  # a label's colon still goes
])
def test_zh_clause_reads_like_the_notes(line: str, expected: str) -> None:
    notes = parse_notes(f"XX镇2025年工作总结\n- 工业总产值9亿元\n- {line}")
    assert _zh_clause(notes.items[-1]) == expected


@pytest.mark.parametrize(("note", "expected"), [
    ("Sealed road resurfacing 46 km (FY2023-24: 39 km)", "Sealed road resurfacing stood at 46 km (FY2023-24: 39 km)"),
    ("Customer requests closed 3,418, 88% within service standard",
     "3,418 customer requests were closed, 88% within service standard"),
    ("Waste diverted from landfill 41%, up from 37%", "Waste diverted from landfill stood at 41%, up from 37%"),
    ("Customer calls answered within 60 seconds: 84%", "Customer calls answered within 60 seconds stood at 84%"),
    ("Calls answered in 20s: 1,200 (last year: 1,050)", "Calls answered in 20s stood at 1,200 (last year: 1,050)"),
    ("23 teacher vacancies remain unfilled", "23 teacher vacancies remain unfilled"),
    ("Math proficiency flat at 38%", "Math proficiency remained flat at 38%"),
    ("Attendance steady at 94%", "Attendance remained steady at 94%"),
    ("Households served in the city and the county 11,200 and 7,200 respectively",
     "Households served in the city and the county stood at 11,200 and 7,200 respectively"),
    ("Grant spending in Q1 and Q2 $1.2M and $0.9M respectively",
     "Grant spending in Q1 and Q2 amounted to $1.2M and $0.9M respectively"),
    ("First response time median 2.1h, was 3.4h", "First response time median stood at 2.1h, compared with 3.4h before"),
    ("Open tickets 2,300, was 2,950", "Open tickets stood at 2,300, compared with 2,950 before"),
    ("CSAT 92%, +3 pts", "CSAT stood at 92%, up 3 pts"),
    ("NPS 41, -2 points", "NPS stood at 41, down 2 points"),
    ("Backlog >48h: 310 tickets", "Backlog >48h stood at 310 tickets"),
    # unchanged readings
    ("HVAC failure closed Eastside branch 11 days", "HVAC failure closed Eastside branch 11 days"),
    ("Inspections completed 11,300", "11,300 inspections were completed"),
    ("Repaired 42 km of rural roads", "We repaired 42 km of rural roads"),
    ("Net losses since FY2007: $118 billion", "Net losses since FY2007 amounted to $118 billion"),
])
def test_en_review_notes_become_sentences(note: str, expected: str) -> None:
    assert summary_sentence(note) == expected


@pytest.mark.parametrize(("clauses", "expected"), [
    (["Reseal 50 km of sealed roads", "Lift landfill diversion to 45%"],
     ["The plan for 2026 is to reseal 50 km of sealed roads and lift landfill diversion to 45%."]),
    (["Clear billing backlog by December 15"], ["The plan for 2026 is to clear billing backlog by December 15."]),
    (["CSAT to 94%", "Hire 3 agents"], ["The plan for 2026 is to bring CSAT to 94% and hire 3 agents."]),
    (["Revenue growth of about 7%"], ["The target for 2026 is revenue growth of about 7%."]),
])
def test_en_plan_verbs(clauses: list[str], expected: list[str]) -> None:
    assert target_sentences(clauses, 2026) == expected


HOSPITAL = """市人民医院心内科2025年工作总结
一、主要指标
- 门诊量5.62万人次，同比↑8.3%
- 出院患者4210人次（上年3980人次）
- 平均住院日7.1天，↓0.6天
- PCI手术612台，其中急诊PCI 187台
二、存在问题
- 护士配比1:0.45，低于要求
三、明年思路
- 门诊量力争6万人次
- 开展左心耳封堵术
"""

SHIRE = """Shire of Wattle Creek – Works & Services summary FY2024-25
Key results
- Sealed road resurfacing 46 km (FY2023-24: 39 km)
- Capital works spend $8.7M, 92% of budget
- Customer requests closed 3,418, 88% within service standard
- Waste diverted from landfill 41%, up from 37%
Challenges
- Flood damage repairs backlog $2.3M
Next year
- Reseal 50 km of sealed roads
- Lift landfill diversion to 45%
"""


@pytest.mark.parametrize(("notes_text", "present", "absent"), [
    (HOSPITAL, ["护士配比1:0.45", "急诊PCI 187台", "减少0.6天", "平均住院日为7.1天"], ["10.45", "↓", "待核实"]),
    (SHIRE, ["Sealed road resurfacing stood at 46 km", "3,418 customer requests were closed, 88%",
             "The plan for 2026 is to reseal 50 km"], ["We sealed", "3,418,", "to verify"]),
])
def test_office_notes_draft_clean(notes_text: str, present: list[str], absent: list[str]) -> None:
    notes = parse_notes(notes_text)
    text = run_draft(draft_report(notes)).to_markdown()
    for piece in present:
        assert piece in text
    for piece in absent:
        assert piece not in text
    assert not blocking_figures(check_draft(notes.text, text))


@pytest.mark.parametrize(("organisation", "expected"), [
    ("Shire of Wattle Creek – Works & Services", "This part summarises Shire of Wattle Creek – Works & Services' work in 2025."),
    ("Acme Ltd", "This part summarises Acme Ltd's work in 2025."),
    ("", "This part summarises the work in 2025."),
])
def test_en_opening_possessive(organisation: str, expected: str) -> None:
    assert opening_text("summary", "en", organisation=organisation, summary_year=2025, plan_year=2026) == expected
