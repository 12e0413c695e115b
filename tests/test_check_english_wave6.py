"""English indicator and period reading of wave 6 (issue 10): a note figure's value given to another
named thing (the words after it, a named agency, the words of another note line, what the note says it
is *not*), a bound crossed (nearly 100,000 stated as over 100,000), a month series' fall stated as a rise, a plan stated as achieved, a multi-year span stated as one year's value — blocked; faithful
paraphrases in other words (jobs / employment, spending / outlays, revenue / receipts, staff /
workforce), the same agency, the span kept, a level described in a plan — accepted."""

from __future__ import annotations

import pytest
from support import ACCEPTING, status_of

from assistant.check import BLOCKING

PENALTY = "Servicer notes - 2025\n- penalty: up to 5% per metric, capped at 20% of the whole bill\n"
GRANTS = "Grant notes - 2025\n- $2 million for road repair, $5 million for school meals\n"
GAPS = "Reporting review - 2025\n- Treasury obligations gap: more than $195 billion; DOT gap $10 million\n"
AWARDS = "Agency notes - 2025\n- HHS awarded $4 million in grants\n- USDA awarded $9 million in loans\n"
SUBAWARDS = ("Transparency review - 2025\n- Phase II awards with a subcontractor: about 70%\n"
             "- awards reviewed with subaward info reported: only 10%\n- 49 of 152 agencies did not report\n")
TANF = "Program notes - 2025\n- TANF spending about $16.5 billion, not in the improper payment estimate\n"
WORKFORCE = "Education notes - 2025\n- department workforce about 4,100; plan: cut by half\n"
SERVED = "Refugee services FY2022-2024\n- Ukrainian beneficiaries ~135,000 of 1,270,000 served\n"
THREE_YEARS = "Clinic notes - 2024\n- patients seen in 2022-2024: 48,000\n"
PAROLE = "Parole notes - 2024\n- about 230,000 through the sponsor program, about 29,000 outside it\n"
BUDGETS = "Budget notes - 2025\n- road budget $18 million; bridge budget $9.2 million\n"
CAREGIVERS = "Oversight notes - 2024\n- caregiver program: nearly 100,000 caregivers\n"
TRAINED = "2024年工作回顾\n- 全县近10万人参加技能培训\n"
STAFF = "Student aid notes - 2025\n- staff: 1,433 in January 2025, 777 in December 2025\n"
JOBS = "County notes - 2025\n- new jobs created: 2,300\n- IT spending: $31 million\n- tax revenue $48 million\n- staff about 410\n"

FLAG = [
    (PENALTY, "2025 Results\nPenalties are capped at 5 percent of the whole bill.", "5 percent"),
    (GRANTS, "2025 Results\nThe county spent $2 million for school meals.", "$2 million"),
    (GAPS, "2025 Results\nThe reporting gap was $10 million at Treasury.", "$10 million"),
    (AWARDS, "2025 Results\nUSDA awarded $4 million in grants.", "$4 million"),
    (SUBAWARDS, "2025 Results\nAbout 70 percent of the awards reviewed had subaward information reported.", "70 percent"),
    (TANF, "2025 Results\nTANF improper payments were about $16.5 billion.", "$16.5 billion"),
    (WORKFORCE, "2025 Results\nEducation cut its workforce by half.", "half"),
    (SERVED, "Who Was Served\nIn fiscal year 2024 alone, 135,000 Ukrainians received assistance.", "135,000"),
    (THREE_YEARS, "2024 Results\nIn 2024 alone the clinics saw 48,000 patients.", "48,000"),
    (PAROLE, "2024 Results\nAbout 29,000 and 230,000 people were paroled through and outside the sponsor program, "
             "respectively.", "29,000"),
    (CAREGIVERS, "2024 Results\nThe caregiver program serves over 100,000 caregivers.", "100,000"),
    (TRAINED, "2024年工作总结\n全县超过10万人参加技能培训。", "10万人"),
    (STAFF, "2025 Results\nStaff grew to 777 by December.", "777"),
    (BUDGETS, "2025 Results\nThe bridge and road budgets were $18 million and $9.2 million, respectively.", "$18 million"),
]

ACCEPT = [
    (PENALTY, "2025 Results\nPenalties can reach 5 percent per metric.", "5 percent"),
    (PENALTY, "2025 Results\nPenalties are capped at 20 percent of the whole bill.", "20 percent"),
    (GRANTS, "2025 Results\nThe county spent $5 million on school meals.", "$5 million"),
    (GAPS, "2025 Results\nThe gap at DOT was $10 million.", "$10 million"),
    (GAPS, "2025 Results\nThe reporting gap at Treasury exceeded $195 billion.", "$195 billion"),
    (AWARDS, "2025 Results\nHHS awarded $4 million in grants.", "$4 million"),
    (SUBAWARDS, "2025 Results\nAbout 70 percent of Phase II awards had a subcontractor.", "70 percent"),
    (SUBAWARDS, "2025 Results\nOnly 10 percent of the awards reviewed reported subaward information.", "10 percent"),
    (TANF, "2025 Results\nTANF spending was about $16.5 billion.", "$16.5 billion"),
    (TANF, "2025 Results\nTANF spending of about $16.5 billion is not in the improper payment estimate.",
     "$16.5 billion"),
    (WORKFORCE, "2026 Plan\nEducation intends to reduce its workforce of about 4,100 by half.", "4,100"),
    (WORKFORCE, "2026 Plan\nEducation plans to cut its workforce by half.", "half"),
    (SERVED, "Who Was Served\nOver fiscal years 2022-2024, about 135,000 Ukrainians were served.", "135,000"),
    (THREE_YEARS, "2024 Results\nOver the three years the clinics saw 48,000 patients.", "48,000"),
    (PAROLE, "2024 Results\nAbout 230,000 and 29,000 people were paroled through and outside the sponsor program, "
             "respectively.", "29,000"),
    (BUDGETS, "2025 Results\nThe road and bridge budgets were $18 million and $9.2 million, respectively.", "$18 million"),
    (BUDGETS, "2025 Results\nThe road and bridge budgets were $18 million and $9.2 million, respectively.", "$9.2 million"),
    (CAREGIVERS, "2024 Results\nThe caregiver program serves almost 100,000 caregivers.", "100,000"),
    (CAREGIVERS, "2024 Results\nThe caregiver program serves about 100,000 caregivers.", "100,000"),
    (TRAINED, "2024年工作总结\n全县将近10万人参加技能培训。", "10万人"),
    (STAFF, "2025 Results\nStaff fell to 777 by December.", "777"),
    (STAFF, "2025 Results\nStaff fell from 1,433 in January to 777 in December.", "1,433"),
    (JOBS, "2025 Results\nEmployment rose by 2,300 new jobs.", "2,300"),
    (JOBS, "2025 Results\nIT outlays were $31 million.", "$31 million"),
    (JOBS, "2025 Results\nTax receipts reached $48 million.", "$48 million"),
    (JOBS, "2025 Results\nThe county workforce numbers about 410.", "410"),
]


@pytest.mark.parametrize(("notes", "draft", "figure"), FLAG)
def test_misstated_english_figure_is_blocked(notes: str, draft: str, figure: str) -> None:
    fc = status_of(notes, draft, figure)
    assert fc.status in BLOCKING, (fc.status, fc.reason)
    assert fc.reason


@pytest.mark.parametrize(("notes", "draft", "figure"), ACCEPT)
def test_faithful_english_paraphrase_is_accepted(notes: str, draft: str, figure: str) -> None:
    fc = status_of(notes, draft, figure)
    assert fc.status in ACCEPTING, (fc.status, fc.reason)
