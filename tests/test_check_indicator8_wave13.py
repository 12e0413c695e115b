"""What a figure is the value of, beyond its noun (wave 13, issue 10): the stage of the work and ranks.

Two general readings a human applies that word similarity lacks:

* **The stage of a process** is part of an indicator: works started (开工, "broke ground") are not works completed
  (建成/竣工, "completed"); applications (申报/申请, "applied", "submitted") are not approvals (获批/授权, "approved");
  a budget (预算安排, "budgeted", "allocated") is not money spent (实际支出/拨付, "spent", "disbursed"); signed
  contracts (签约/协议, "signed") are not funds in place (到位/实际使用). A value given to the other stage of the same
  noun is another indicator, not a wording difference; a name holding both stages says nothing.
* **A rank is a checkable claim** when the notes give ranks (排名第三, 由第六升至第四, "ranked 3rd"): the draft's
  rank (第四位, 排名第5, "ranked 5th") is read against the ranks of the notes line its sentence draws on; an ordinal
  used as a list enumerator (第一，…第二，…) or when the notes give no rank stays ignored.
"""

from __future__ import annotations

import pytest

from assistant.check import FigureCheck, check_draft

ACCEPTING = ("verified", "approximate", "derived")


def status_of(notes: str, draft: str, figure: str) -> FigureCheck:
    return next(fc for fc in check_draft(notes, draft).figures if fc.figure.text.startswith(figure.lstrip("$")))


HOUSING = "2023年住建工作\n- 安置房建成3400套\n- 农村危房改造620户\n- 背街小巷硬化12条\n"
RENEWAL = "2024年城市更新\n- 城市更新项目新开工面积85万平方米\n- 新增停车位2300个\n"
GRANTS = "2022年科技工作\n- 申报省级科技专项项目26个\n- 高新技术企业达到41家\n"
PATENTS = "2023年 知识产权\n- 申请发明专利58件\n- 商标注册量增长12%\n"
INVEST = "2021年招商引资\n- 签约项目42个，协议投资130亿元\n- 外贸进出口增长9%\n"
BOTH = "2015年住房保障\n- 棚改开工601万套，基本建成772万套\n- 农村危房改造432万户\n"
UNITS_EN = "Housing office - 2024\n- construction started on 420 affordable units\n- rents capped for 1,300 households\n"
APPS_EN = "Grants desk - FY2023\n- grant applications submitted: 36\n- staff trained: 120\n"
ROADS_EN = "Public works - 2024\n- budgeted $2.4 million for road repair\n- potholes filled: 5,100\n"
DONE_EN = "Housing office - 2024\n- 420 affordable units completed\n- rents capped for 1,300 households\n"
APPROVED_EN = "Grants desk - FY2023\n- 36 grant applications approved out of 50 submitted\n- staff trained: 120\n"
RANKS = ("2022年县域经济\n- 地区生产总值增长6.2%，增速全市排名由第五升至第三\n- 一般公共预算收入8.4亿元，排名第六\n"
         "- 粮食产量21万吨\n")
RANKS_EN = "County economy - 2023\n- GDP grew 5.1%, ranked 3rd in the province\n- exports $820 million, ranked 6th\n"

ROWS = [
    # another stage of the same work: blocked
    (HOUSING, "一、2023年工作回顾\n安置房开工3400套，农村危房改造620户。", "3400套", False),
    (RENEWAL, "一、2024年工作回顾\n城市更新项目竣工面积85万平方米。", "85万平方米", False),
    (GRANTS, "一、2022年工作回顾\n获批省级科技专项项目26个。", "26个", False),
    (PATENTS, "一、2023年工作回顾\n获得发明专利授权58件。", "58件", False),
    (INVEST, "一、2021年工作回顾\n签约项目42个，到位资金130亿元。", "130亿元", False),
    (UNITS_EN, "Summary of 2024\nWe completed 420 affordable units.", "420", False),
    (APPS_EN, "Summary of FY2023\n36 grant applications were approved.", "36", False),
    (ROADS_EN, "Summary of 2024\nThe office spent $2.4 million on road repair.", "$2.4 million", False),
    ("2023年工业\n- 淘汰落后水泥产能12万吨\n- 规上工业增加值增长6%\n", "一、2023年工作回顾\n新增水泥产能12万吨。", "12万吨", False),
    ("Solid waste - 2024\n- landfill sites closed: 3\n- recycling rate 41%\n", "Summary of 2024\nWe opened 3 new landfill sites.",
     "3", False),
    # the same stage in other words, or a name holding both stages: accepted
    (HOUSING, "一、2023年工作回顾\n安置房竣工3400套，农村危房改造620户。", "3400套", True),
    (RENEWAL, "一、2024年工作回顾\n城市更新开工建设面积85万平方米。", "85万平方米", True),
    (BOTH, "一、2015年工作回顾\n棚户区改造开工601万套，基本建成772万套。", "601万套", True),
    (BOTH, "一、2015年工作回顾\n棚户区改造开工601万套，基本建成772万套。", "772万套", True),
    (GRANTS, "一、2022年工作回顾\n全年申报省级科技专项项目26个。", "26个", True),
    (INVEST, "一、2021年工作回顾\n签约项目42个，协议投资额130亿元。", "130亿元", True),
    (DONE_EN, "Summary of 2024\nThe office finished 420 affordable units.", "420", True),
    (APPROVED_EN, "Summary of FY2023\n36 of 50 grant applications were approved.", "36", True),
    (UNITS_EN, "Summary of 2024\nWe broke ground on 420 affordable units.", "420", True),
    ("2023年工业\n- 淘汰落后水泥产能12万吨\n- 规上工业增加值增长6%\n", "一、2023年工作回顾\n压减落后水泥产能12万吨。", "12万吨", True),
    ("Solid waste - 2024\n- landfill sites closed: 3\n- recycling rate 41%\n", "Summary of 2024\nWe shut 3 landfill sites.",
     "3", True),
]


@pytest.mark.parametrize(("notes", "draft", "figure", "accepted"), ROWS)
def test_the_stage_of_the_work_is_part_of_the_indicator(notes: str, draft: str, figure: str, accepted: bool) -> None:
    fc = status_of(notes, draft, figure)
    assert (fc.status in ACCEPTING) is accepted, (fc.status, fc.reason)


RANK_ROWS = [
    # a rank the notes give another line, or none of theirs: blocked
    (RANKS, "一、2022年工作回顾\n一般公共预算收入8.4亿元，全市排名第三位。", "第三", False),
    (RANKS, "一、2022年工作回顾\n地区生产总值增长6.2%，增速全市排名第二。", "第二", False),
    (RANKS_EN, "Summary of 2023\nExports reached $820 million, ranked 3rd in the province.", "3", False),
    # its own rank, from-to ranks, enumerators: accepted or left alone
    (RANKS, "一、2022年工作回顾\n地区生产总值增长6.2%，增速全市排名从第五位上升到第三位。", "第三", True),
    (RANKS, "一、2022年工作回顾\n地区生产总值增长6.2%，增速全市排名从第五位上升到第三位。", "第五", True),
    (RANKS, "一、2022年工作回顾\n一般公共预算收入8.4亿元，居全市第六位。", "第六", True),
    (RANKS_EN, "Summary of 2023\nGDP grew 5.1%, ranked 3rd in the province.", "3", True),
]


@pytest.mark.parametrize(("notes", "draft", "figure", "accepted"), RANK_ROWS)
def test_a_rank_is_read_against_the_ranks_of_its_line(notes: str, draft: str, figure: str, accepted: bool) -> None:
    fc = status_of(notes, draft, figure)
    assert (fc.status not in ("misattributed", "mismatch", "unsupported")) is accepted, (fc.status, fc.reason)
    if accepted:
        return
    assert fc.blocking


@pytest.mark.parametrize("draft", [
    "一、2022年工作回顾\n第一，地区生产总值增长6.2%；第二，粮食产量21万吨。",
    "一、2022年工作回顾\n一是地区生产总值增长6.2%，二是粮食产量21万吨，第三，一般公共预算收入8.4亿元。",
])
def test_an_enumerator_is_no_rank(draft: str) -> None:
    checks = check_draft(RANKS, draft).figures
    assert not any(fc.blocking for fc in checks), [(fc.figure.text, fc.status, fc.reason) for fc in checks]


POLLUTANTS = "2024年环保目标\n- COD、氨氮排放分别降2.5%，SO2、NOx排放分别降4%\n- 森林覆盖率达到41%\n"
SUBSIDY = "2023年民政\n- 城乡低保、特困供养标准分别提高6%，孤儿、事实无人抚养儿童基本生活费分别提高9%\n- 新建养老服务站14个\n"
POLLUTANTS_EN = ("Environment results - 2025\n- COD and ammonia nitrogen emissions down 2.5%, SO2 and NOx emissions "
                 "down 4%\n- forest cover 41%\n")

SHARED_ROWS = [
    (POLLUTANTS, "二、2024年工作安排\n化学需氧量、氨氮排放量分别下降4%。", "4%", False),
    (POLLUTANTS, "二、2024年工作安排\n二氧化硫、氮氧化物排放量分别下降2.5%。", "2.5%", False),
    (SUBSIDY, "一、2023年工作回顾\n孤儿和事实无人抚养儿童基本生活费分别提高6%。", "6%", False),
    (POLLUTANTS_EN, "Summary of 2025\nChemical oxygen demand and ammonia nitrogen emissions fell 4%.", "4%", False),
    (POLLUTANTS, "二、2024年工作安排\n化学需氧量、氨氮排放量分别下降2.5%，二氧化硫、氮氧化物排放量分别下降4%。", "2.5%", True),
    (POLLUTANTS, "二、2024年工作安排\n化学需氧量、氨氮排放量分别下降2.5%，二氧化硫、氮氧化物排放量分别下降4%。", "4%", True),
    (SUBSIDY, "一、2023年工作回顾\n城乡低保和特困供养标准分别提高6%。", "6%", True),
    (POLLUTANTS_EN, "Summary of 2025\nSulfur dioxide and NOx emissions fell 4%.", "4%", True),
]


@pytest.mark.parametrize(("notes", "draft", "figure", "accepted"), SHARED_ROWS)
def test_a_value_shared_by_a_list_belongs_to_its_own_items(notes: str, draft: str, figure: str, accepted: bool) -> None:
    fc = status_of(notes, draft, figure)
    assert (fc.status in ACCEPTING) is accepted, (fc.status, fc.reason)


DEFICIT = "2025年预算安排\n- 财政赤字2.6万亿元，赤字率3%\n  其中中央1.9万亿元、地方7000亿元\n- 专项债券3.9万亿元\n"
FUNDS = "2024年县财政\n- 民生支出18.2亿元，其中教育6.1亿元、卫生健康3.4亿元\n- 一般公共预算收入9.5亿元\n"
ROADS = "Transport office - 2024\n- road budget $48 million, of which maintenance $31 million\n- bridges inspected: 26\n"

PART_ROWS = [
    (DEFICIT, "二、2025年工作安排\n中央财政赤字1.9万亿元，赤字率3%。", "1.9万亿元", True),
    (DEFICIT, "二、2025年工作安排\n财政赤字2.6万亿元，其中中央财政赤字1.9万亿元，地方财政赤字7000亿元。", "7000亿元", True),
    (FUNDS, "一、2024年工作回顾\n教育支出6.1亿元，卫生健康支出3.4亿元。", "6.1亿元", True),
    (ROADS, "Summary of 2024\nMaintenance took $31 million of the road budget.", "$31 million", True),
    # the whole's value given to a part, or a part's value to the whole: still blocked
    (DEFICIT, "二、2025年工作安排\n财政赤字1.9万亿元，赤字率3%。", "1.9万亿元", False),
    (DEFICIT, "二、2025年工作安排\n地方财政赤字1.9万亿元。", "1.9万亿元", False),
    (DEFICIT, "二、2025年工作安排\n其中中央和地方财政赤字分别为7000亿元和1.9万亿元。", "7000亿元", False),
    ("2024年开放型经济\n- 进出口总额580亿元，增长7%\n  其中出口360亿元\n- 实际使用外资9亿美元\n",
     "一、2024年工作回顾\n进出口总额达到360亿元。", "360亿元", False),
]


@pytest.mark.parametrize(("notes", "draft", "figure", "accepted"), PART_ROWS)
def test_a_part_named_by_its_label_is_the_part(notes: str, draft: str, figure: str, accepted: bool) -> None:
    fc = status_of(notes, draft, figure)
    assert (fc.status in ACCEPTING) is accepted, (fc.status, fc.reason)


ENERGY_EN = "Summary of 2024\n- GDP grew 5.2%\n- energy intensity down 2.9%\n- new urban jobs: 12.6 million\n"
ENERGY_ZH = "2024年要点\n- 地区生产总值增长5.2%\n- 能耗强度下降2.9%\n- 城镇新增就业1.2万人\n"

RATIO_ROWS = [
    (ENERGY_EN, "Summary of 2024\nEnergy use per unit of GDP fell 2.9%, and GDP grew 5.2%.", "2.9%", True),
    (ENERGY_EN, "Summary of 2024\nEnergy consumption per unit of GDP went down 2.9%.", "2.9%", True),
    (ENERGY_ZH, "一、2024年工作回顾\n单位地区生产总值能耗下降2.9%。", "2.9%", True),
    (ENERGY_EN, "Summary of 2024\nGDP grew 2.9%.", "2.9%", False),
    (ENERGY_ZH, "一、2024年工作回顾\n地区生产总值增长2.9%。", "2.9%", False),
]


@pytest.mark.parametrize(("notes", "draft", "figure", "accepted"), RATIO_ROWS)
def test_a_ratio_is_not_its_denominator(notes: str, draft: str, figure: str, accepted: bool) -> None:
    fc = status_of(notes, draft, figure)
    assert (fc.status in ACCEPTING) is accepted, (fc.status, fc.reason)
