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
