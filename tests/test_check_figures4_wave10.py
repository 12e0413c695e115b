"""Figures and derived values as independently written drafts state them (issue 10, wave 10), and the errors
beside them.

A count under another measure word of its family (5.6万人 = 5.6万名群众, 46座锅炉 = 46台锅炉, 新建12个 under the
label 乡镇卫生院 = 12所乡镇卫生院); an English share in fraction words before a comparative ("about one tenth
lower", "a quarter higher"); "more than half" against the share itself; a total of parts the notes add up
themselves ("12 steel + 9 concrete") or list under a header the sentence names; a range "between X and Y"
only when both ends are one range of the notes. Random values beside each stay flagged: the readings must
never explain a wrong figure.
"""

from __future__ import annotations

import pytest
from support import ACCEPTING, status_of

from assistant.check import BLOCKING

WATER = "2020年工作素材\n- 完成危房改造1200户\n- 铺设供水管道60公里，解决14个村5.6万人饮水安全\n- 培训农民3000人\n"
BOILERS = "今年情况\n- 新增就业2100人\n- 改造供热锅炉46座\n- 淘汰黄标车310辆\n"
CLINICS = "2024年\n- 地区生产总值 +5.2%\n- 乡镇卫生院：新建12个\n- 村级幼儿园：新建8所\n"
STAFF_EN = "FY2024 request\n- appropriation $412M = +3.1% year on year\n- staff 2,450: -9.8% year on year\n"
VISITORS_EN = "Tourism 2024\n- visitors 1.25 million, +24.6% vs 2023\n- hotel beds 8,400, +4.1%\n"
SERVICES_EN = "Province 2024\n- GDP +5.1%, revenue +2.2%\n- services share of GDP 58.3%\n- new urban jobs 412,000\n"
SERVICES_LOW_EN = "Province 2024\n- GDP +5.1%, revenue +2.2%\n- services share of GDP 41.7%\n"
SERVICES_ZH = "2024年\n- 地区生产总值 +5.3%\n- 服务业增加值占地区生产总值比重 57.4%\n- 城镇新增就业 4.1万人\n"
OLD_TOWN = ("2019年城建要点\n新区建设：\n- 全年完成投资12.4亿元\n老城区改造：全年完成投资4.2亿元\n"
            "- 9条道路改造，投资1.6亿元\n- 河道治理 3800万元\n")
BRIDGES_EN = ("County works 2023\n- new water mains 3,120 m\n- bridges repaired: 12 steel + 9 concrete; 4 culverts\n"
              "- roads resurfaced 38 km\n")
TOILETS = "2023年城建\n- 新建污水管网12公里\n- 公厕：新建水冲式18座+移动式12座，垃圾转运站3座\n- 棚户区改造1500户\n"
LOANS_EN = "Bank notes\n- loans 2023: $120B\n- loans 2024: $240B\n- bad-debt losses: $3B-$5B a year\n"
SAVINGS2_EN = ("Hearing notes\n- savings CBO projects over the coming decade:\n  - claims matching: ~$2.5 billion\n"
               "  - provider screening: ~$1 billion\n- agency staff 2,900\n")
FUNDS = "2022年工作\n- 争取上级资金情况：\n  - 中央预算内投资 3.2亿元\n  - 地方政府专项债券 4.5亿元\n- 招商引资到位资金21亿元\n"
GRANTS_EN = "Grant oversight notes\n- grants not awarded, FY2019-FY2023: $12.5 billion\n- agencies reviewed: 24\n"
FAI_ZH = "“十三五”回顾\n- 2016—2020年累计完成固定资产投资480亿元\n- 新增城镇就业2.4万人\n"
PERMITS_EN = ("Permit office FY2024\n- 40 permits issued, 6 permits for projects under $50,000\n"
              "- permits for projects of $50,000 or more: 12 approved within 30 days\n"
              "- 22 permits not approved within 30 days\n")
STAFF_TABLE_EN = "Budget table\nstaff: FY2022 2,840; FY2023 2,775; FY2024 request 2,700\nappropriation: FY2024 request $412M\n"
GRAIN = "2021年工作\n- 粮食产量：2019年41.2万吨，2020年43.5万吨，2021年44.1万吨\n- 新建高标准农田2万亩\n"
SAVINGS_EN = ("Testimony notes - savings\n- CBO estimates over ten years:\n  - enrollment audit: ~$4 billion\n"
              "  - payment integrity review: ~$1.5 billion\n- open recommendations: $120B-$240B in benefits\n"
              "- losses to fraud: $210B-$480B a year\n- staff 3,100\n")


@pytest.mark.parametrize(
    ("notes", "draft", "figure"),
    [
        # people under any person measure word, whatever follows 人 in the notes (人 is itself the noun)
        (WATER, "一、2020年工作回顾\n铺设供水管道60公里，解决了5.6万名群众的饮水安全问题。", "5.6万名"),
        (WATER, "一、2020年工作回顾\n培训农民3000名。", "3000名"),
        # things under two measure words of one family, the noun named before the number in both
        (BOILERS, "一、今年工作回顾\n大气治理持续推进，改造供热锅炉46台。", "46台"),
        # the noun named by the line's label in the notes and after the measure word in the draft
        (CLINICS, "一、2024年工作回顾\n新建12所乡镇卫生院，8所村级幼儿园。", "12所"),
        # an English share in fraction words before a comparative
        (STAFF_EN, "FY 2024 request\nStaffing would be about one tenth lower than a year earlier.",
         "about one tenth"),
        (VISITORS_EN, "Tourism in 2024\nVisitor numbers were about a quarter higher than a year earlier.", "a quarter"),
        # more than half against the share itself
        (SERVICES_EN, "Summary of 2024\nServices accounted for more than half of GDP.", "more than half"),
        (SERVICES_ZH, "一、2024年工作回顾\n服务业增加值占地区生产总值比重超过一半。", "一半"),
        # a Chinese fraction word for a share worked out from two note values
        (OLD_TOWN, "一、2019年工作回顾\n9条道路改造投资占老城区改造全年投资的三分之一以上。", "三分之一"),
        (OLD_TOWN, "一、2019年工作回顾\n9条道路改造投资占老城区改造全年投资的五分之二左右。", "五分之二"),
        # a total the notes add up themselves, and parts listed under a header the sentence names
        (BRIDGES_EN, "Summary of 2023\nA total of 21 bridges were repaired.", "21 bridges"),
        (TOILETS, "一、2023年工作回顾\n全年共新建公厕30座。", "30座"),
        (SAVINGS2_EN, "Outlook\nTogether the two provisions CBO scored could save $3.5 billion over the coming decade.",
         "$3.5 billion"),
        (FUNDS, "一、2022年工作回顾\n全年争取上级资金合计7.7亿元。", "7.7亿元"),
        # the count of the parts of a derived total
        (SAVINGS2_EN, "Outlook\nTogether the two provisions CBO scored could save $3.5 billion over the coming decade.",
         "two"),
        (FUNDS, "一、2022年工作回顾\n两项上级资金合计7.7亿元。", "两项"),
        (SAVINGS_EN, "Outlook\nThe two CBO-scored measures together could save about $5.5 billion over ten years.",
         "$5.5 billion"),
        # a total over a span of years, spread over its years counted inclusively; "unawarded" is "not awarded"
        (GRANTS_EN, "FY2019-FY2023\nUnawarded grants averaged about $2.5 billion a year over the period.", "$2.5 billion"),
        (FAI_ZH, "一、“十三五”时期工作回顾\n五年间年均完成固定资产投资96亿元。", "96亿元"),
        # a share of the part of a whole on one side of a threshold the sentence names: 22 / (40 − 6)
        (PERMITS_EN, "FY2024 results\nAbout 65 percent of the permits for projects of $50,000 or more were not "
                     "approved within 30 days.", "65 percent"),
        # a change from the year the sentence names, between that year's value and the other
        (STAFF_TABLE_EN, "FY 2024 request\nStaff would fall by 75 from FY 2023.", "75"),
        (GRAIN, "一、2021年工作回顾\n粮食产量比2020年增加0.6万吨。", "0.6万吨"),
        # a range with both ends of one note range
        (SAVINGS_EN, "Outlook\nFraud could cost the government between $210 billion and $480 billion a year.",
         "$210 billion"),
        # a change from one line's value to another's is no range; nor are two values that are no range ends
        (LOANS_EN, "2024 in review\nLoans grew from $120 billion to $240 billion.", "$240 billion"),
        (LOANS_EN, "2024 in review\nLoans were between $120 billion and $240 billion over the two years.",
         "$240 billion"),
        (LOANS_EN, "2024 in review\nBad-debt losses run between $3 billion and $5 billion a year.", "$3 billion"),
    ],
)
def test_faithful_figures_are_accepted(notes: str, draft: str, figure: str) -> None:
    assert status_of(notes, draft, figure).status in ACCEPTING


@pytest.mark.parametrize(
    ("notes", "draft", "figure"),
    [
        # a wrong count under a person word, another family (户 is no person), another noun
        (WATER, "一、2020年工作回顾\n解决了5.9万名群众的饮水安全问题。", "5.9万名"),
        (WATER, "一、2020年工作回顾\n培训农民3000户。", "3000户"),
        (BOILERS, "一、今年工作回顾\n改造供热锅炉48台。", "48台"),
        (CLINICS, "一、2024年工作回顾\n新建12所村级幼儿园。", "12所"),
        # a wrong fraction word, "more than half" against a smaller share
        (STAFF_EN, "FY 2024 request\nStaffing would be about one fifth lower than a year earlier.",
         "one fifth"),
        (VISITORS_EN, "Tourism in 2024\nVisitor numbers were about a third higher than a year earlier.", "a third"),
        (SERVICES_LOW_EN, "Summary of 2024\nServices accounted for more than half of GDP.", "more than half"),
        (OLD_TOWN, "一、2019年工作回顾\n9条道路改造投资占老城区改造全年投资的一半以上。", "一半"),
        (OLD_TOWN, "一、2019年工作回顾\n9条道路改造投资占老城区改造全年投资的三分之二以上。", "三分之二"),
        (OLD_TOWN, "一、2019年工作回顾\n9条道路改造投资占老城区改造全年投资的四分之一左右。", "四分之一"),
        (SERVICES_ZH, "一、2024年工作回顾\n服务业增加值占地区生产总值比重超过六成。", "六成"),
        # a wrong total of parts the notes add up, of parts under a header
        (BRIDGES_EN, "Summary of 2023\nA total of 23 bridges were repaired.", "23 bridges"),
        (TOILETS, "一、2023年工作回顾\n全年共新建公厕33座。", "33座"),
        (SAVINGS2_EN, "Outlook\nTogether the two provisions CBO scored could save $4.5 billion over the coming decade.",
         "$4.5 billion"),
        (FUNDS, "一、2022年工作回顾\n全年争取上级资金合计8.2亿元。", "8.2亿元"),
        (SAVINGS2_EN, "Outlook\nTogether the three provisions CBO scored could save $3.5 billion over the coming decade.",
         "three"),
        (FUNDS, "一、2022年工作回顾\n三项上级资金合计7.7亿元。", "三项"),
        (SAVINGS_EN, "Outlook\nThe two CBO-scored measures together could save about $6.5 billion over ten years.",
         "$6.5 billion"),
        (GRANTS_EN, "FY2019-FY2023\nUnawarded grants averaged about $3.1 billion a year over the period.", "$3.1 billion"),
        (FAI_ZH, "一、“十三五”时期工作回顾\n五年间年均完成固定资产投资120亿元。", "120亿元"),
        (PERMITS_EN, "FY2024 results\nAbout 35 percent of the permits for projects of $50,000 or more were not "
                     "approved within 30 days.", "35 percent"),
        # a change worked out from another year than the one the sentence names
        (STAFF_TABLE_EN, "FY 2024 request\nStaff would fall by 140 from FY 2023.", "140"),
        (GRAIN, "一、2021年工作回顾\n粮食产量比2020年增加2.9万吨。", "2.9万吨"),
        # a range whose ends come from two ranges of the notes
        (SAVINGS_EN, "Outlook\nFraud could cost the government between $210 billion and $240 billion a year.",
         "$240 billion"),
        (SAVINGS_EN, "Outlook\nFraud could cost the government between $210 billion and $240 billion a year.",
         "$210 billion"),
    ],
)
def test_wrong_figures_are_flagged(notes: str, draft: str, figure: str) -> None:
    assert status_of(notes, draft, figure).status in BLOCKING
