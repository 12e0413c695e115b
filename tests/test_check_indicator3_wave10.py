"""Lists that pair values with items (wave 10, issue 10): 分别 / respectively / inline pairs / the former … the latter.

A draft's list gives its k-th value to its k-th name. The general reading: each listed value's note figure has its
own words (the words of its item on its note line, or its place in the notes' own 分别 list); a list whose k-th name
holds the words of another listed value's item and not those of its own is a swap, whatever the list's shape:

* the notes give the items on separate lines or on one line (A、B分别为x、y);
* the draft names the items before the values (A和B分别为x、y; "A and B grew x and y respectively"), after them
  (分别完成x个、y个A和B; "x and y for A and B, respectively"), or in pairs (A x、B y; "x for A and y for B");
* two or three items; a name shared by the whole list ("政府[会议、发文]数量") names no single item;
* the work a draft says was done to a counted thing (立面改造, "facades renovated") is not the note's (亮化,
  "street lighting"); an acronym spelled out in a sentence's lead, a value's own words on a line of two values and a
  span of time ("at 12 months") of another line's item name the indicator in English too;
* faithful lists in another order of items (each value still at its own item) stay accepted, and a faithful list's
  names are read as the names of its values (its other words name no other note line).
"""

from __future__ import annotations

import pytest

from assistant.check import FigureCheck, check_draft

ACCEPTING = ("verified", "approximate", "derived")


def status_of(notes: str, draft: str, figure: str) -> FigureCheck:
    return next(fc for fc in check_draft(notes, draft).figures if fc.figure.text in (figure, figure.lstrip("$")))


PIPES = "2023年城建要点\n- 新建污水管网18公里\n- 改造供水管网27公里\n- 城镇新增就业5200人\n"
RATES = "2022年要点\n- 规上工业增加值、固定资产投资分别增长8.3%和5.7%\n- 社会消费品零售总额增长4.2%\n"
LETTERS = "2021年 政务服务\n- 受理群众来信312件\n- 接听热线电话4580件\n- 办理网上留言1206件\n"
WORKS = "2020年城建\n- 2.4亿元：18个老旧小区屋面防水，33个小区雨污分流改造，12个小区停车场建设\n"
MEETINGS = "2019年 作风建设\n- 全年文件、会议数量分别压减12.6%和9.8%\n- 督查检查考核事项减少30%\n"
PARKS = "City parks - 2024 results\n- trees planted: 4,300\n- shrubs planted: 2,600\n- new benches: 180\n"
GROWTH = "Province - 2025 results\n- GDP +4.8%\n- exports +9.2%\n- retail sales +6.3%\n- imports +4.8%\n"
SURVEY = "Housing pilot - 2024\n- clients housed: at 3 months 41%, at 9 months 58%\n- clients enrolled: 1,240\n"
AUDIT = "Grant audit - FY2023\n- HUD questioned costs: $4.2 million\n- EPA questioned costs: $1.8 billion\n"
DOSES = "Immunization plan - notes\n- targets for 2030: 95% first dose, 90% second dose\n- clinics: 48\n"
RETAIN = ("Treatment program - 2024\n- patients who started treatment: about 82%\n"
          "- still in treatment at 12 months: about 47%\n- clinic visits: 12,400\n")
CITY_ZH = "2018年城建\n- 新增亮化楼宇64栋\n- 完成背街小巷硬化12条\n- 改造公厕9座\n"
CITY_EN = "City works - 2023\n- street lighting upgraded on 37 blocks\n- roads resurfaced: 5.2 miles\n- new benches: 140\n"
INCOME = "2022年要点\n- 城镇、农村居民人均可支配收入分别增长6.1%和7.4%\n- 粮食产量52万吨\n"
SCHOOLS = "2021年 教育\n- 新建幼儿园5所\n- 改扩建中小学12所\n- 新增学位3600个\n"
PIPES_LINE = "2016年城建\n- 新建改造供热管网18公里，供水管网25公里\n- 旅游收入82.8亿元\n"
STAFF = "Agency - FY2024\n- FTE: 3,210, down 4.2% from FY2023\n- budget $860 million, up 3.1%\n"
PARAGRAPH = ("2025年回顾\n过去五年，战略性新兴产业和高技术制造业增加值年均增长8%、7.2%，汽车产量突破100万辆。"
             "安全生产形势稳定，事故起数和死亡人数分别下降9.4%和7.2%。\n")
CASES = "Legal aid office - 2024\n- housing cases closed 640\n- benefits appeals won 215\n- walk-in clients 3,900\n"

ROWS = [
    # zh, items on separate lines, names before the values
    (PIPES, "一、2023年工作回顾\n新建污水管网和改造供水管网分别为27公里、18公里。", "27公里", False),
    (PIPES, "一、2023年工作回顾\n新建污水管网和改造供水管网分别为27公里、18公里。", "18公里", False),
    (PIPES, "一、2023年工作回顾\n新建污水管网、改造供水管网分别为18公里和27公里。", "18公里", True),
    (PIPES, "一、2023年工作回顾\n改造供水管网和新建污水管网分别为27公里、18公里。", "27公里", True),
    # zh, names after the values
    (PIPES, "一、2023年工作回顾\n分别完成27公里、18公里的污水管网新建和供水管网改造。", "27公里", False),
    (PIPES, "一、2023年工作回顾\n分别完成18公里、27公里的污水管网新建和供水管网改造。", "27公里", True),
    # zh, the notes' own 分别 list on one line
    (RATES, "一、2022年工作回顾\n固定资产投资和规模以上工业增加值分别增长8.3%、5.7%。", "8.3%", False),
    (RATES, "一、2022年工作回顾\n固定资产投资、规上工业增加值分别增长5.7%和8.3%。", "5.7%", True),
    (RATES, "一、2022年工作回顾\n规模以上工业增加值和固定资产投资分别增长8.3%、5.7%。", "8.3%", True),
    # zh, a name the whole list shares (全年[文件、会议]数量)
    (MEETINGS, "一、2019年工作回顾\n全年会议和文件数量分别压减12.6%和9.8%。", "12.6%", False),
    (MEETINGS, "一、2019年工作回顾\n全年文件和会议数量分别压减12.6%和9.8%。", "12.6%", True),
    # zh, three items
    (LETTERS, "一、2021年工作回顾\n全年分别受理群众来信、网上留言、热线电话312件、4580件和1206件。", "4580件", False),
    (LETTERS, "一、2021年工作回顾\n全年分别受理群众来信、热线电话、网上留言312件、4580件和1206件。", "4580件", True),
    (LETTERS, "一、2021年工作回顾\n全年分别受理群众来信、热线电话、网上留言312件、4580件和1206件。", "1206件", True),
    # zh, values before the names, one note line of counted items
    (WORKS, "一、2020年工作回顾\n分别完成33个、18个老旧小区的屋面防水和雨污分流改造。", "33个", False),
    (WORKS, "一、2020年工作回顾\n分别完成18个、33个老旧小区的屋面防水和雨污分流改造。", "18个", True),
    # zh, inline pairs
    (LETTERS, "一、2021年工作回顾\n全年受理群众来信1206件、网上留言312件。", "1206件", False),
    (LETTERS, "一、2021年工作回顾\n全年受理群众来信312件、网上留言1206件。", "312件", True),
    # en, names before the values, respectively
    (PARKS, "Summary of 2024\nShrubs and trees planted numbered 4,300 and 2,600, respectively.", "4,300", False),
    (PARKS, "Summary of 2024\nTrees and shrubs planted numbered 4,300 and 2,600, respectively.", "4,300", True),
    # en, names after the values
    (PARKS, "Summary of 2024\nThe city planted 2,600 and 4,300 trees and shrubs, respectively.", "2,600", False),
    (PARKS, "Summary of 2024\nThe city planted 4,300 and 2,600 trees and shrubs, respectively.", "2,600", True),
    # en, the former … the latter
    (PARKS, "Summary of 2024\nTrees and shrubs were planted: the former 2,600 and the latter 4,300.", "2,600", False),
    (PARKS, "Summary of 2024\nTrees and shrubs were planted: the former 4,300 and the latter 2,600.", "4,300", True),
    # en, three items, one value twice in the notes (GDP and imports)
    (GROWTH, "Summary of 2025\nGDP, exports and retail sales grew 4.8%, 9.2% and 6.3% respectively.", "4.8%", True),
    (GROWTH, "Summary of 2025\nGDP, exports and retail sales grew 4.8%, 9.2% and 6.3% respectively.", "9.2%", True),
    (GROWTH, "Summary of 2025\nExports and retail sales grew 6.3% and 9.2% respectively.", "6.3%", False),
    (GROWTH, "Summary of 2025\nRetail sales and exports rose 9.2% and 6.3%.", "9.2%", False),
    (GROWTH, "Summary of 2025\nRetail sales and exports rose 6.3% and 9.2%.", "9.2%", True),
    (GROWTH, "Summary of 2025\nImports and exports grew 4.8% and 9.2% respectively.", "4.8%", True),
    (GROWTH, "Summary of 2025\nExports and imports grew 4.8% and 9.2%, respectively.", "4.8%", False),
    # en, numbers as names
    (SURVEY, "Survey results\nAt 3 and 9 months, 41% and 58% of clients were housed, respectively.", "41%", True),
    (SURVEY, "Survey results\nAt 3 and 9 months, 58% and 41% of clients were housed, respectively.", "58%", False),
    # en, the sentence's lead spells out the acronym of the value's own line
    (AUDIT, "Findings\nAt the Department of Housing and Urban Development, questioned costs were $4.2 million.",
     "$4.2 million", True),
    (AUDIT, "Findings\nAt the Environmental Protection Agency, questioned costs were $4.2 million.", "$4.2 million",
     False),
    # en, the value's own words on a line of two values (a shared label names neither)
    (DOSES, "Plan\nThe 2030 target for the second dose is 90%.", "90%", True),
    (DOSES, "Plan\nThe 2030 target for the second dose is 95%.", "95%", False),
    # en, a span of time that another line's item is at
    (RETAIN, "2024 results\nAbout 82 percent of patients were still in treatment at 12 months.", "82 percent", False),
    (RETAIN, "2024 results\nAbout 82 percent of patients started treatment.", "82 percent", True),
    (RETAIN, "2024 results\nAbout 47 percent were still in treatment at twelve months.", "47 percent", True),
    # the work done to the counted thing (lighting is not façade repair, paving is not greening)
    (CITY_ZH, "一、2018年工作回顾\n完成主要街道64栋楼宇的立面改造。", "64栋", False),
    (CITY_ZH, "一、2018年工作回顾\n全年对64栋楼宇实施亮化工程。", "64栋", True),
    (CITY_ZH, "一、2018年工作回顾\n完成背街小巷绿化12条。", "12条", False),
    (CITY_ZH, "一、2018年工作回顾\n硬化背街小巷12条。", "12条", True),
    (CITY_EN, "Summary of 2023\nFacades were renovated on 37 blocks.", "37", False),
    (CITY_EN, "Summary of 2023\nNew street lights went up on 37 blocks.", "37", True),
    # zh, inline pairs against the notes' own 分别 list, and a lead (新建改造) the note line gives its first item only
    (INCOME, "一、2022年工作回顾\n城镇居民人均可支配收入增长6.1%，农村居民增长7.4%。", "6.1%", True),
    (INCOME, "一、2022年工作回顾\n城镇居民人均可支配收入增长7.4%，农村居民增长6.1%。", "7.4%", False),
    (PIPES_LINE, "一、2016年工作回顾\n新建改造供水管网25公里、供热管网18公里。", "25公里", True),
    (PIPES_LINE, "一、2016年工作回顾\n新建改造供水管网18公里、供热管网25公里。", "18公里", False),
    # zh, 前者 … 后者 after the total
    (SCHOOLS, "一、2021年工作回顾\n新建幼儿园、改扩建中小学共17所，其中前者5所，后者12所。", "5所", True),
    (SCHOOLS, "一、2021年工作回顾\n新建幼儿园、改扩建中小学共17所，其中前者12所，后者5所。", "12所", False),
    # en, a change with no words of its own is of its line's subject (FTE: 3,210, down 4.2%)
    # (sign8, wave 13: the directions written, as "changed by" alone loses a change's direction and is flagged)
    (STAFF, "Summary\nStaffing and the budget fell 4.2% and rose 3.1%, respectively.", "4.2%", True),
    (STAFF, "Summary\nThe budget and staffing fell 4.2% and rose 3.1%, respectively.", "4.2%", False),
    # zh, the notes' own list without 分别 in a paragraph, the value twice in the notes
    (PARAGRAPH, "一、2025年工作回顾\n过去五年，战略性新兴产业和高技术制造业增加值年均增长8%、7.2%。", "7.2%", True),
    (PARAGRAPH, "一、2025年工作回顾\n事故起数和死亡人数分别下降9.4%、7.2%。", "7.2%", True),
    (PARAGRAPH, "一、2025年工作回顾\n死亡人数和事故起数分别下降9.4%、7.2%。", "9.4%", False),
    # en, values then "for" the names
    (CASES, "2024 in review\nThe office closed 215 and 640 for housing cases and benefits appeals, respectively.",
     "215", False),
    (CASES, "2024 in review\nThe office closed 640 and 215 for housing cases and benefits appeals, respectively.",
     "215", True),
]


@pytest.mark.parametrize(("notes", "draft", "figure", "accepted"), ROWS)
def test_a_list_gives_each_value_to_its_own_item(notes: str, draft: str, figure: str, accepted: bool) -> None:
    fc = status_of(notes, draft, figure)
    assert (fc.status in ACCEPTING) is accepted, (fc.status, fc.reason)
    if not accepted:
        assert fc.status in ("misattributed", "mismatch"), (fc.status, fc.reason)
