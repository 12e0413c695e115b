"""Lists of values and their items, as readers read them (wave 11, issue 10; the readings heldout6 lacked).

* One value for several items (均 / 都 / "both" / "each"): "A x、B y，均增长p" gives p to A and to B; a lone adverb
  (均) names no indicator, so it never ties the value to another note line that happens to hold 均 too.
* A list whose names share a head ("城镇和农村牧区常住居民人均可支配收入", "urban and rural residents' income"):
  the short first name takes the last name's head, so the shared head names no single item and the items' own words
  (城镇 / 农村牧区, urban / rural) tell the values apart.
* Names after "respectively" ("x and y of the funds, respectively, to A and to B"), and a list whose names fit
  their own items: words the whole sentence shares (its subject) do not tie a value to a line outside the list.
* A list where another value's name is this value's own item is a swap even when this value's own name is not
  recognised (its words are a paraphrase or an acronym spelled out: ICs = integrated circuits).
* A 分别 list of changes whose names are the items listed with their levels just before it ("事故5起、受伤4人，
  分别比上年下降2起和1人"): the k-th change is of the k-th item.
* A value in apposition to a share ("60 percent of the money, $2.00 billion") is that share's amount: when the notes
  give the share another amount, the draft's amount is another item's.

Real swaps and wrong items stay flagged.
"""

from __future__ import annotations

import pytest

from assistant.check import FigureCheck, check_draft

ACCEPTING = ("verified", "approximate", "derived")


def status_of(notes: str, draft: str, figure: str, nth: int = 0) -> FigureCheck:
    found = [fc for fc in check_draft(notes, draft).figures if fc.figure.text in (figure, figure.lstrip("$"))]
    return found[nth]


TOURISM = ("2021年预期目标\n- 社零100亿元，+15%\n- 旅游人数480万人次、收入52亿元，分别+15%\n"
           "- 城镇居民人均可支配收入4.1万元、农民人均纯收入1.9万元，均+9%\n- 固投+12%\n")
TOURISM_EN = ("County - 2024 results\n- retail sales $1.1 billion, +12%\n- visitors 3.2 million, tourism revenue "
              "$410 million, both +12%\n- exports $90 million and imports $70 million, both +4%\n")
INCOME = ("2020年预期目标\n- 地区生产总值+6.5%\n- 城镇常住居民收入+7%，41200元；农村+6.5%，18800元\n- 社零+8%\n")
INCOME_EN = ("Province - 2020 targets\n- GDP +6.5%\n- urban residents' income +7%, 41,200 yuan; rural +6.5%, "
             "18,800 yuan\n- retail sales +8%\n")
GRANTS = ("Agency grants - FY2024\n- $2 billion appropriated to the Agency\n- formula grants to states: 62% "
          "($1.24 billion)\n- competitive awards to tribes: 38% ($760 million)\n"
          "- Agency clients: about 62% of eligible households\n")
GRANTS_ZH = ("2024年专项资金\n- 省级下达专项资金20亿元\n- 因素法分配：62%（12.4亿元）\n- 竞争性评审项目：38%（7.6亿元）\n"
             "- 专项资金覆盖困难家庭约62%\n")
OUTPUT = "Industry - 2025\n- output growth: EVs +31.2%, SSDs +8.7%, machine tools +14.5%\n- exports +6%\n"
OUTPUT_ZH = "2025年工业\n- 产量增长：新能源汽车+49.8%，集成电路+11.9%，工业机器人+36.4%\n- 出口+7.2%\n"
SAFETY = ("2022年要点\n- 消防安全：全年发生火灾5起，受伤4人，起数和人数分别比上年下降2起、1人\n"
          "- 城镇新增就业2100人\n")
SAFETY_SAME = "2022年要点\n- 安全生产：全年死亡6人、受伤9人，分别比上年减少2人、5人\n- 新增就业1500人\n"
REAL_USE = ("2023年\n- 安全生产：全年发生一般事故2起，死亡1人，起数和人数分别比上年减少3起、2人\n"  # the lead's real use
            "- 新增就业2000人\n")
SAFETY_EN = "Fire safety - 2022\n- 5 fires and 4 injuries, down 2 and 1 respectively from 2021\n- new hires: 4\n"
FUND = ("Relief fund - FY2024\n- $5.00 billion in total\n- housing: 60% ($3.00 billion); rest ($2.00 billion) on "
        "transit grants\n- staff 60\n")
FUND_ZH = "2024年救助资金\n- 总额5亿元\n- 住房救助：60%（3亿元）；其余2亿元用于其他项目\n- 工作人员60名\n"

ROWS = [
    # one value for several items (均 / both)
    (TOURISM, "二、2021年工作安排\n力争接待游客480万人次、实现旅游收入52亿元，均比上年增长15%。", "15%", True),
    (TOURISM, "二、2021年工作安排\n旅游人数、旅游收入都增长15%。", "15%", True),
    (TOURISM, "二、2021年工作安排\n城镇和农村居民人均可支配收入均增长9%。", "9%", True),
    (TOURISM, "二、2021年工作安排\n城镇和农村居民人均可支配收入均增长15%。", "15%", False),
    (TOURISM_EN, "2024 results\nVisitors and tourism revenue both rose 12%.", "12%", True),
    (TOURISM_EN, "2024 results\nExports and imports both rose 4%.", "4%", True),
    (TOURISM_EN, "2024 results\nExports and imports both rose 12%.", "12%", False),
    # a list whose names share a head
    (INCOME, "二、2020年工作安排\n城镇和农村常住居民人均可支配收入分别增长7%和6.5%。", "6.5%", True),
    (INCOME, "二、2020年工作安排\n城镇、农村常住居民人均可支配收入分别增长7%、6.5%。", "7%", True),
    (INCOME, "二、2020年工作安排\n城镇和农村常住居民人均可支配收入分别增长6.5%和7%。", "6.5%", False),
    (INCOME, "二、2020年工作安排\n城镇和农村常住居民人均可支配收入分别增长6.5%和7%。", "7%", False),
    (INCOME_EN, "2020 plan\nUrban and rural residents' per capita income will grow 7% and 6.5%, respectively.",
     "6.5%", True),
    (INCOME_EN, "2020 plan\nUrban and rural residents' per capita income will grow 6.5% and 7%, respectively.",
     "7%", False),
    # names after respectively; the sentence's subject names no single value
    (GRANTS, "Findings\nThe Agency awarded 62 percent and 38 percent of the funds, respectively, to formula grants "
     "and to competitive awards.", "62 percent", True),
    (GRANTS, "Findings\nThe Agency awarded 62 percent and 38 percent of the funds, respectively, to formula grants "
     "and to competitive awards.", "38 percent", True),
    (GRANTS, "Findings\nThe Agency awarded 62 percent and 38 percent of the funds, respectively, to competitive "
     "awards and to formula grants.", "62 percent", False),
    (GRANTS_ZH, "一、2024年工作回顾\n专项资金的62%和38%分别用于因素法分配和竞争性评审项目。", "62%", True),
    (GRANTS_ZH, "一、2024年工作回顾\n专项资金的62%和38%分别用于竞争性评审项目和因素法分配。", "62%", False),
    # another value named with this value's own item: a swap, whatever this value's own name says
    (OUTPUT, "Summary of 2025\nOutput of electric vehicles, solid state drives and machine tools rose 31.2%, 14.5% "
     "and 8.7%, respectively.", "14.5%", False),
    (OUTPUT, "Summary of 2025\nOutput of electric vehicles, solid state drives and machine tools rose 31.2%, 8.7% "
     "and 14.5%, respectively.", "8.7%", True),
    (OUTPUT, "Summary of 2025\nOutput of EVs, drives and machine tools rose 31.2%, 8.7% and 14.5%, respectively.",
     "8.7%", True),
    (OUTPUT_ZH, "一、2025年工作回顾\n新能源汽车、芯片和工业机器人产量分别增长49.8%、36.4%和11.9%。", "36.4%", False),
    (OUTPUT_ZH, "一、2025年工作回顾\n新能源汽车、芯片和工业机器人产量分别增长49.8%、11.9%和36.4%。", "11.9%", True),
    # a 分别 list of changes named by the items listed with their levels just before it
    (SAFETY, "一、2022年工作回顾\n消防安全：全年发生火灾5起、受伤4人，分别比上年下降2起和1人。", "1人", True),
    (SAFETY, "一、2022年工作回顾\n全年发生火灾5起，受伤4人，分别比上年下降2起、1人。", "1人", True),
    (SAFETY_SAME, "一、2022年工作回顾\n安全生产：全年死亡6人、受伤9人，分别比上年减少2人和5人。", "5人", True),
    (SAFETY_SAME, "一、2022年工作回顾\n安全生产：全年死亡6人、受伤9人，分别比上年减少5人和2人。", "5人", False),
    (SAFETY, "一、2022年工作回顾\n全年发生火灾5起、受伤4人，起数和人数同比分别下降2起和1人。", "1人", True),
    (REAL_USE, "一、2023年工作回顾\n安全生产：全年发生一般事故2起、死亡1人，分别比上年减少3起和2人。", "2人", True),
    (SAFETY_EN, "2022 results\nThere were 5 fires and 4 injuries, down 2 and 1, respectively.", "1", True),
    (SAFETY_EN, "2022 results\nThere were 5 fires and 4 injuries, down 1 and 2, respectively.", "1", False),
    # a value in apposition to a share is the share's amount
    (FUND, "Findings\nThe fund allocated 60 percent of the money, $2.00 billion, to housing.", "$2.00 billion", False),
    (FUND, "Findings\nThe fund allocated 60 percent of the money, $3.00 billion, to housing.", "$3.00 billion", True),
    (FUND, "Findings\nThe fund spent $3.00 billion (60 percent) on housing and $2.00 billion on transit grants.",
     "$2.00 billion", True),
    (GRANTS, "Findings\nThe Agency gave 62 percent of the funds to formula grants and 38 percent to competitive "
     "awards.", "62 percent", True),
    (GRANTS, "Findings\nThe Agency gave 38 percent of the funds to formula grants and 62 percent to competitive "
     "awards.", "38 percent", False),
    (FUND, "Findings\nThe fund spent $2.00 billion on housing and $3.00 billion on transit grants.", "$2.00 billion",
     False),
    (FUND_ZH, "一、2024年工作回顾\n住房救助占资金的60%，即2亿元。", "2亿元", False),
    (FUND_ZH, "一、2024年工作回顾\n住房救助占资金的60%，即3亿元。", "3亿元", True),
]


@pytest.mark.parametrize(("notes", "draft", "figure", "accepted"), ROWS)
def test_each_value_goes_to_the_item_a_reader_gives_it(notes: str, draft: str, figure: str, accepted: bool) -> None:
    fc = status_of(notes, draft, figure)
    assert (fc.status in ACCEPTING) is accepted, (fc.status, fc.reason)
    if not accepted:
        assert fc.status in ("misattributed", "mismatch"), (fc.status, fc.reason)


def test_a_lone_adverb_names_no_indicator() -> None:
    """均 alone is no indicator: the value is not tied to another line's 均 (the reason names the lists' items)."""
    fc = status_of(TOURISM, "二、2021年工作安排\n力争旅游人数480万人次、旅游收入52亿元，均增长15%。", "15%")
    assert fc.status in ACCEPTING, fc.reason
    assert "“均”" not in fc.reason
