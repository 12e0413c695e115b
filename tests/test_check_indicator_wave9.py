"""Which indicator a figure is the value of (wave 9, issue 10): each general reading of heldout4's misses, with
flag rows and faithful look-alikes that must stay accepted (zh and en):

* an acronym of the notes (EV, NEV, RSS) spelled out in the draft names that acronym's line: the draft's words
  for a figure then name another note line's item, or (spelled out for its own line) the figure's own item;
* the subject of a Chinese figure stated in the clause before (村医补助再次提高，年人均增加960元) is the
  figure's subject: its words may name another note line's item;
* an abbreviation of the notes (CPI) named in full in the draft (居民消费价格, consumer prices) for a value
  that is another line's (the unemployment rate);
* a contrasting modifier of the same head noun (state / federal grants, public / private, domestic / foreign,
  capital / operating, 公办 / 民办, 国有 / 民营, 境内 / 境外) names another thing.
"""

from __future__ import annotations

import pytest

from assistant.check import FigureCheck, check_draft

ACCEPTING = ("verified", "approximate", "derived")


def status_of(notes: str, draft: str, figure: str) -> FigureCheck:
    return next(fc for fc in check_draft(notes, draft).figures if fc.figure.text in (figure, figure.lstrip("$")))


REGION = ("Region - 2024 results\n- new rental homes 4,820; vacancy avg 3.1%\n- EV sales > 9,000\n"
          "- HVAC retrofits 1,150\n- bus ridership +2.4%\n")
FUNDS = ("Road fund allocations (notes)\n- capital programs (Bridge Repair Fund + Road Safety Grants): 70%, $2.4B\n"
         "- other programs: 30%, $1.0B\n- RSG $1.3B; bridge repair $1.1B\n")
SUBSIDY = ("2023年工作总结素材\n民生：\n- 城乡居民医保财政补助年人均提高80元\n- 特困人员供养标准年人均提高960元，3200人受益\n"
           "- 村医补助、乡村教师补贴年人均增加1200元\n")
PRICES = ("2024年回顾\n- 城镇新增就业9000人，登记失业率平均3.2%\n- CPI +1.1%\n- 粮食产量62万吨\n2025年目标\n- CPI 2%左右\n")
PRICES_EN = ("County - 2024 results\n- new jobs 9,000; registered unemployment avg 3.2%\n- CPI +1.1%\n"
             "- grain output 620,000 tons\nPlan for 2025:\n- CPI ~2%\n")
BUDGET = ("Water authority - FY2024 notes\n- budget $8.4 million, of which $2.2 million state grants\n"
          "- capital spending $45 million\n- customers served: 61,000\n")
GRANTS = ("Transit agency - FY2024 notes\n- federal grants $3.0 million; state grants $2.2 million\n"
          "- riders: 41,000\n")
REAL = "Library - FY2024 notes\n- budget $12.6 million, of which $3.1 million state grants\n- visits: 210,000\n"
PLANTING = ("Forestry - 2024 notes\n- planting: 2,400 mu on the north slopes + 5,600 mu along rivers, lakes, canals\n"
            "- nurseries: 12\n")
SHOTS = "Clinic notes - 2024\n- vaccination goals: at 3 months 80%, at 9 months 60%\n- clinics: 14\n"
SCHOOLS = ("Education notes - 2024\n- new school places 3,600, of which 1,400 in public kindergartens\n"
           "- domestic students 12,300\n")
SCHOOLS_ZH = "2024年教育\n- 新增学位3600个，其中公办幼儿园学位1400个\n- 国有企业职工培训5200人次\n"

ROWS = [
    # an acronym spelled out in the draft names its line
    (REGION, "Summary of 2024\nElectric vehicle sales exceeded 4,820.", "4,820", False),
    (REGION, "Summary of 2024\nElectric vehicle sales exceeded 9,000.", "9,000", True),
    (REGION, "Summary of 2024\nNew rental homes reached 4,820.", "4,820", True),
    (REGION, "Summary of 2024\nHeating and air-conditioning retrofits reached 1,150.", "1,150", True),
    (FUNDS, "Summary of the road fund\nThe fund allocated $1.3 billion and $1.1 billion to Road Safety Grants and "
            "bridge repair, respectively.", "$1.3 billion", True),
    (FUNDS, "Summary of the road fund\nRoad Safety Grants received $1.3 billion.", "$1.3 billion", True),
    # the subject in the clause before the figure
    (SUBSIDY, "一、2023年工作回顾\n村医补助、乡村教师补贴再次提高，年人均增加960元。", "960元", False),
    (SUBSIDY, "一、2023年工作回顾\n村医补助、乡村教师补贴再次提高，年人均增加1200元。", "1200元", True),
    (SUBSIDY, "一、2023年工作回顾\n特困人员供养标准再次提高，年人均提高960元。", "960元", True),
    (SUBSIDY, "一、2023年工作回顾\n特困人员供养标准年人均提高960元，3200人受益。", "960元", True),
    # a clause before with a figure of its own, or after a semicolon, is another item: not the subject
    (SUBSIDY, "一、2023年工作回顾\n村医补助、乡村教师补贴年人均增加1200元；特困人员供养标准年人均提高960元。", "960元", True),
    (SUBSIDY, "一、2023年工作回顾\n城乡居民医保财政补助年人均提高80元，特困人员供养标准年人均提高960元。", "960元", True),
    # an abbreviation named in full for another line's value
    (PRICES, "一、2024年工作回顾\n居民消费价格上涨3.2%，物价总体平稳。", "3.2%", False),
    (PRICES, "一、2024年工作回顾\n居民消费价格上涨1.1%，物价总体平稳。", "1.1%", True),
    (PRICES, "一、2024年工作回顾\n登记失业率平均为3.2%。", "3.2%", True),
    (PRICES_EN, "Summary of 2024\nConsumer prices rose 3.2 percent.", "3.2 percent", False),
    (PRICES_EN, "Summary of 2024\nConsumer prices rose 1.1 percent.", "1.1 percent", True),
    (PRICES_EN, "Summary of 2024\nRegistered unemployment averaged 3.2 percent.", "3.2 percent", True),
    # a respectively list naming the items of one note line in the other order than its values
    (PLANTING, "Summary of 2024\nThe north slopes and the rivers, lakes and canals were planted with 5,600 and 2,400 "
               "mu, respectively.", "5,600", False),
    (PLANTING, "Summary of 2024\nThe north slopes and the rivers, lakes and canals were planted with 2,400 and 5,600 "
               "mu, respectively.", "5,600", True),
    (PLANTING, "Summary of 2024\nThe north slopes and the rivers, lakes and canals were planted with 2,400 and 5,600 "
               "mu, respectively.", "2,400", True),
    (SHOTS, "Summary of 2024\nThe vaccination goals at 3 and 9 months are 60% and 80%, respectively.", "60%", False),
    (SHOTS, "Summary of 2024\nThe vaccination goals at 3 and 9 months are 80% and 60%, respectively.", "60%", True),
    (SHOTS, "Summary of 2024\nThe vaccination goals at 3 and 9 months are 80% and 60%, respectively.", "80%", True),
    # a contrasting modifier of the same head noun
    (BUDGET, "FY2024 Results\nThe budget was $8.4 million, including $2.2 million in federal grants.", "$2.2 million",
     False),
    (BUDGET, "FY2024 Results\nThe budget was $8.4 million, including $2.2 million in state grants.", "$2.2 million",
     True),
    (BUDGET, "FY2024 Results\nOperating spending was $45 million.", "$45 million", False),
    (BUDGET, "FY2024 Results\nCapital spending reached $45 million.", "$45 million", True),
    (GRANTS, "FY2024 Results\nState grants were $2.2 million and federal grants $3.0 million.", "$2.2 million", True),
    (GRANTS, "FY2024 Results\nState grants were $2.2 million and federal grants $3.0 million.", "$3.0 million", True),
    (GRANTS, "FY2024 Results\nFederal grants were $2.2 million.", "$2.2 million", False),
    (REAL, "FY2024 Results\nThe budget was $12.6 million, including $3.1 million in federal grants.", "$3.1 million",
     False),
    (REAL, "FY2024 Results\nThe budget was $12.6 million, including $3.1 million in state grants.", "$3.1 million", True),
    (SCHOOLS, "Summary of 2024\nPrivate kindergartens added 1,400 places.", "1,400", False),
    (SCHOOLS, "Summary of 2024\nPublic kindergartens added 1,400 places.", "1,400", True),
    (SCHOOLS, "Summary of 2024\nForeign students numbered 12,300.", "12,300", False),
    (SCHOOLS, "Summary of 2024\nThere were 12,300 domestic students.", "12,300", True),
    (SCHOOLS_ZH, "一、2024年工作回顾\n新增民办幼儿园学位1400个。", "1400个", False),
    (SCHOOLS_ZH, "一、2024年工作回顾\n新增公办幼儿园学位1400个。", "1400个", True),
    (SCHOOLS_ZH, "一、2024年工作回顾\n民营企业职工培训5200人次。", "5200人次", False),
    (SCHOOLS_ZH, "一、2024年工作回顾\n国有企业职工培训5200人次。", "5200人次", True),
]


@pytest.mark.parametrize(("notes", "draft", "figure", "accepted"), ROWS)
def test_the_indicator_a_figure_is_given_is_read(notes: str, draft: str, figure: str, accepted: bool) -> None:
    fc = status_of(notes, draft, figure)
    assert (fc.status in ACCEPTING) is accepted, (fc.status, fc.reason)
    if not accepted:
        assert fc.status == "misattributed", (fc.status, fc.reason)
