"""Faithful figures in another unit or measure word (issue 10, wave 8), and the wrong ones beside them.

A figure is the same quantity in any unit of its dimension (15公里 = 15000米, 1347万吨 = 269.4亿斤, 240小时 =
10天, 12.3 km = 12,300 meters), and a count of people is one whatever its measure word (183人 = 183名 = 183 位,
"183 people" = "183 residents"); generic measure words of things agree when the nouns do (40个民生项目 =
40项民生项目). A conversion never makes a wrong value right (5000米 for 5000公里, 1,194 miles for 1,194 km),
and households are never people (183户 for 183人, "183 households" for "183 people").
"""

from __future__ import annotations

import pytest
from support import ACCEPTING, status_of

from assistant.check import BLOCKING

ROADS = "2023年工作回顾\n- 新建乡村道路24公里，维修桥梁6座\n- 粮食产量2150万吨\n- 推行72小时限时办结\n"
PEOPLE = "2023年工作回顾\n- 帮扶困难家庭85户、217人\n- 开工建设30个重点项目\n- 招聘医护人员48人\n"
ROADS_EN = ("County review - 2023\n- 24 km of rural roads built\n- water mains replaced: 3,600 meters\n"
            "- 217 people in 85 households received aid\n")
CARE = "Clinic notes FY2024\n- 1,250 people screened\n- 40 clinics opened\n"


@pytest.mark.parametrize(
    ("notes", "draft", "figure"),
    [
        # one length, area, mass, time in another unit of its dimension
        (ROADS, "一、2023年工作回顾\n新建乡村道路24000米。", "24000米"),
        (ROADS, "一、2023年工作回顾\n新建乡村道路2.4万米，维修桥梁6座。", "2.4万米"),
        (ROADS, "一、2023年工作回顾\n粮食产量达到430亿斤。", "430亿斤"),
        (ROADS, "一、2023年工作回顾\n推行3天限时办结制度。", "3天"),
        (ROADS_EN, "2023 in Review\nWe built 24,000 meters of rural roads.", "24,000 meters"),
        (ROADS_EN, "2023 in Review\nWater mains were replaced along 3.6 km.", "3.6 km"),
        # a count of people under another measure word
        (PEOPLE, "一、2023年工作回顾\n帮扶困难家庭85户、困难群众217名。", "217名"),
        (PEOPLE, "一、2023年工作回顾\n新招聘48名医护人员。", "48名"),
        (PEOPLE, "一、2023年工作回顾\n开工建设30项重点项目。", "30项"),
        (ROADS_EN, "2023 in Review\nAid reached 217 residents in 85 households.", "217 residents"),
        (CARE, "FY2024\nThe clinics screened 1,250 individuals.", "1,250 individuals"),
    ],
)
def test_same_quantity_other_unit_accepted(notes: str, draft: str, figure: str) -> None:
    assert status_of(notes, draft, figure).status in ACCEPTING


@pytest.mark.parametrize(
    ("notes", "draft", "figure"),
    [
        # the number kept, the unit changed: another quantity
        (ROADS, "一、2023年工作回顾\n新建乡村道路24米。", "24米"),
        (ROADS, "一、2023年工作回顾\n新建乡村道路2.4万公里。", "2.4万公里"),
        (ROADS, "一、2023年工作回顾\n粮食产量达到2150亿斤。", "2150亿斤"),
        (ROADS, "一、2023年工作回顾\n推行72天限时办结制度。", "72天"),
        (ROADS_EN, "2023 in Review\nWe built 24 miles of rural roads.", "24 miles"),
        (ROADS_EN, "2023 in Review\nWater mains were replaced along 36 km.", "36 km"),
        # households are not people, people are not households
        (PEOPLE, "一、2023年工作回顾\n帮扶困难家庭217户。", "217户"),
        (PEOPLE, "一、2023年工作回顾\n帮扶困难群众85名。", "85名"),
        (ROADS_EN, "2023 in Review\nAid reached 217 households.", "217 households"),
        # a count of one thing is not a count of another under a generic measure word
        (PEOPLE, "一、2023年工作回顾\n开工建设48项重点项目。", "48项"),
    ],
)
def test_other_quantity_flagged(notes: str, draft: str, figure: str) -> None:
    assert status_of(notes, draft, figure).status in BLOCKING


FIRMS = "2026年安排\n- 高新技术企业达到1.2万家、科技型中小企业2.6万家\n"
POOR = "2024年工作回顾\n- 脱贫户420户905人\n  其中稳定脱贫260户588人\n"
JOBS_EN = "County 2024 review (notes)\n- new urban jobs 4,210; re-employed 1,375\n"
LABEL = "十四五回顾（材料）\n- 一般公共预算收入：“十三五”末412.6亿元，2025年538.1亿元\n"
LABEL_EN = "Audit notes\n- grants not reported to the portal, FY2021-FY2025: $42.5 billion\n"
SHORT_EN = "Jobs notes 2025\n- new apprenticeships: 2.3k\n- training centers opened: 14\n"
TWO_JOBS = "2025年工作回顾\n- 城镇新增就业5120人\n- 农村劳动力转移就业2860人\n"
TWO_JOBS_EN = "Jobs notes 2025\n- new jobs: 5,120\n- re-employed: 2,860\n"
FOREST = "2025年工作回顾\n- 造林面积1.5万亩\n"
INCOME = "2012年工作回顾\n- 城镇居民人均可支配收入、农民人均纯收入分别达到23100元、16400元，同比分别增长12.5%、15.2%\n"
WORKS = "2025年工作回顾\n- 城建工程：道路改造14项、供热工程9项、公厕改造17项\n- 民生实事12件\n"
WORKS_EN = "Review notes 2025\n- Capital projects: roads 14, heating 9, public toilets 17\n- service requests closed: 12\n"
STORE = "2025年工作回顾\n- 蔬菜产量6万吨，冷库仓储能力4.5万吨\n- 新建粮库仓储能力2万吨\n"
STORE_EN = "Port notes 2025\n- cargo handled: 30 million tons\n- new berth capacity: 12 million tons\n"


@pytest.mark.parametrize(
    ("notes", "draft", "figure", "expect"),
    [
        # a sum named by 总数 / a total word far back in an English sentence
        (FIRMS, "二、2026年工作安排\n高新技术企业和科技型中小企业总数达到3.8万家。", "3.8万家", "accept"),
        (FIRMS, "二、2026年工作安排\n高新技术企业和科技型中小企业总数达到4.8万家。", "4.8万家", "flag"),
        (JOBS_EN, "2024 in Review\nTogether, new urban jobs and re-employment in the county came to 5,585.", "5,585", "accept"),
        (JOBS_EN, "2024 in Review\nTogether, new urban jobs and re-employment in the county came to 5,855.", "5,855", "flag"),
        # the rest of a whole, named by 以外 (905 − 588)
        (POOR, "一、2024年工作回顾\n稳定脱贫以外的317人也已全部脱贫。", "317人", "accept"),
        (POOR, "一、2024年工作回顾\n稳定脱贫以外的327人也已全部脱贫。", "327人", "flag"),
        # a label before a colon names the figures after it, across a quoted period name
        (LABEL, "一、“十四五”时期工作回顾\n五年间一般公共预算收入增加125.5亿元。", "125.5亿元", "accept"),
        (LABEL, "一、“十四五”时期工作回顾\n五年间一般公共预算收入增加135.5亿元。", "135.5亿元", "flag"),
        (LABEL_EN, "Fiscal Years 2021-2025\nUnreported grants averaged $8.5 billion a year over the five fiscal years.",
         "$8.5 billion", "accept"),
        # a count written with a letter scale (2.3k) is the same count
        (SHORT_EN, "2025 in Review\nWe added 2,300 new apprenticeships.", "2,300", "accept"),
        (SHORT_EN, "2025 in Review\nWe added 23,000 new apprenticeships.", "23,000", "flag"),
        # each part named in the sentence: the sum is of both, even when one part is the closest indicator
        (TWO_JOBS, "一、2025年工作回顾\n城镇新增就业和农村劳动力转移就业两项合计7980人。", "7980人", "accept"),
        (TWO_JOBS, "一、2025年工作回顾\n城镇新增就业和农村劳动力转移就业两项合计7890人。", "7890人", "flag"),
        (TWO_JOBS_EN, "2025 in Review\nNew jobs and re-employment added up to 7,980.", "7,980", "accept"),
        (TWO_JOBS_EN, "2025 in Review\nNew jobs and re-employment added up to 7,890.", "7,890", "flag"),
        # a 分别 list keeps its order: the clause before the first rate names no figure of its own
        (INCOME, "一、2012年工作回顾\n城镇居民人均可支配收入、农民人均纯收入分别为23100元、16400元，同比分别增长12.5%、15.2%。",
         "12.5%", "accept"),
        # the parts of a total listed under a label the sentence names
        (WORKS, "一、2025年工作回顾\n全年共实施城建工程40项。", "40项", "accept"),
        (WORKS, "一、2025年工作回顾\n全年共实施城建工程42项。", "42项", "flag"),
        (WORKS_EN, "2025 in Review\nWe delivered 40 capital projects in total.", "40", "accept"),
        (WORKS_EN, "2025 in Review\nWe delivered 44 capital projects in total.", "44", "flag"),
        # a capacity and an amount done are no parts of one total; two capacities are
        (STORE, "一、2025年工作回顾\n蔬菜产量和冷库仓储能力合计达到10.5万吨。", "10.5万吨", "flag"),
        (STORE, "一、2025年工作回顾\n冷库和粮库仓储能力合计6.5万吨。", "6.5万吨", "accept"),
        (STORE_EN, "2025 in Review\nCargo handled and new berth capacity came to 42 million tons combined.",
         "42 million tons", "flag"),
        # 15亩 = 1公顷
        (FOREST, "一、2025年工作回顾\n完成造林1000公顷。", "1000公顷", "accept"),
        (FOREST, "一、2025年工作回顾\n完成造林1.5万公顷。", "1.5万公顷", "flag"),
    ],
)
def test_sum_rest_and_label_readings(notes: str, draft: str, figure: str, expect: str) -> None:
    status = status_of(notes, draft, figure).status
    assert status in (ACCEPTING if expect == "accept" else BLOCKING)


@pytest.mark.parametrize(
    ("text", "value"),
    [("places: 90k", "90000"), ("about 2.3k jobs", "2300"), ("1.2M people", "1200000"), ("cost $90k", "90000")],
)
def test_letter_scales_read(text: str, value: str) -> None:
    from decimal import Decimal

    from assistant.figures import extract_figures

    live = [f for f in extract_figures(text) if not f.ignored]
    assert live and live[0].value == Decimal(value)


@pytest.mark.parametrize("text", ["4K video", "Form W2K", "GAO-26-108K"])
def test_letter_after_small_number_or_code_is_no_scale(text: str) -> None:
    from assistant.figures import extract_figures

    assert not [f for f in extract_figures(text) if not f.ignored and f.value is not None and f.value >= 1000]
