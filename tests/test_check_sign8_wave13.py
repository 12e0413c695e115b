"""Signs and directions read as a human reads them (issue 10, wave 13: sign8).

- A change the notes give with its direction (下降 / 减少 / -8% / "down 12%", 增长 / +5% / "up") stated by the
  draft without any direction, where the sentence reads it as a level (为 / 控制在 / "stood at") or as a
  change of no direction (变化 / "changed by"), loses its sign; a draft that keeps the direction in words of
  its own (降低了, 比上年少, 降幅, "a 12% decline", "cut … by", "12% lower") keeps it.
- A comparison's own word of direction (比上年高0.5个百分点 / 低) is the change's direction on both sides.
- A verb of removal (关停 / 淘汰 / 拆除 / closed / shut / retired) and one of addition (新增 / 新建 / 投产 /
  opened / added / built) before the same count run opposite ways: a closure stated as an addition is flagged.
"""

from __future__ import annotations

import pytest
from support import ACCEPTING, status_of

from assistant.check import BLOCKING

ENV_ZH = ("2024年生态环境工作\n- 化学需氧量排放量下降4.2%\n- 信访投诉量下降12%\n- 安全事故起数同比-8%\n"
          "- PM2.5平均浓度32微克/立方米\n- 关停小作坊5家\n- 新建污水管网18公里\n- 淘汰燃煤锅炉26台\n")
BUDGET_ZH = ("2025年预算安排\n一、主要目标：\n- 一般公共预算支出增长5%\n- 赤字率按3%安排，比上年高0.5个百分点\n"
             "- 三公经费占比比上年低2个百分点\n")
OFFICE_EN = ("Office summary 2024\n- complaints down 12%\n- processing time -8%\n- staff 46\n- closed 3 branches\n"
             "- opened 2 service points\n- energy use per employee fell 4.5%\n- visitors up 9%\n")
FUND_ZH = "2023年住房保障\n- 中央补助资金86亿元，为2022年的1.6倍；改造老旧小区120个\n- 信访件320件，比上年下降45%\n"
STAFF = ("Service desk notes 2024\n- hired 12 caseworkers\n- 3 branches closed\n- helpline calls 18,400 (+6%)\n")
STAFF_ZH = "2024年机关工作\n- 招录公务员15名\n- 撤并内设机构4个\n"
ARROWS_ZH = "2024年办公室工作\n- 投诉量↓12%\n- 来访量↑9%\n- 事故起数同比-8%\n"
ARROWS = "Office 2024\n- complaints ↓12%\n- calls -7%\n- visits ↑9%\n"
GDP_EN = "Summary of 2024\n- GDP grew 5.2%\n- energy intensity down 2.7%\n- retail sales +4.1%\n"
REVIEW = "一、2024年工作回顾\n"
PLAN = "二、2025年工作安排\n"
SUMMARY = "Summary of 2024\n"


@pytest.mark.parametrize(
    ("notes", "draft", "figure"),
    [
        # a fall stated as a level or with no direction
        (ENV_ZH, REVIEW + "化学需氧量排放量为4.2%，生态环境持续改善。", "4.2%"),
        (ENV_ZH, REVIEW + "信访投诉量控制在12%，群众满意度提升。", "12%"),
        (ENV_ZH, REVIEW + "全年信访投诉量变化12%。", "12%"),
        (ENV_ZH, REVIEW + "安全事故起数占8%。", "8%"),
        (OFFICE_EN, SUMMARY + "Complaints changed by 12% over the year.", "12%"),
        (OFFICE_EN, SUMMARY + "Energy use per employee stood at 4.5%.", "4.5%"),
        (OFFICE_EN, SUMMARY + "Processing time shifted by 8% and staff numbered 46.", "8%"),
        (GDP_EN, SUMMARY + "Energy intensity was 2.7%, and GDP grew 5.2%.", "2.7%"),
        # a rise stated as a level the sentence names
        (GDP_EN, SUMMARY + "Retail sales were 4.1%.", "4.1%"),
        (BUDGET_ZH, PLAN + "一般公共预算支出为5%。", "5%"),
        (ARROWS_ZH, REVIEW + "来访量达到9%。", "9%"),
        # a fall stated as a rise
        (ENV_ZH, REVIEW + "化学需氧量排放量提高4.2%。", "4.2%"),
        (ENV_ZH, REVIEW + "安全事故起数同比增长8%。", "8%"),
        (OFFICE_EN, SUMMARY + "Complaints rose 12%.", "12%"),
        # arrows and signs in terse notes
        (ARROWS_ZH, REVIEW + "投诉量为12%。", "12%"),
        (ARROWS_ZH, REVIEW + "投诉量增长12%。", "12%"),
        (ARROWS_ZH, REVIEW + "事故起数同比8%。", "8%"),
        (ARROWS_ZH, REVIEW + "来访量变动9%。", "9%"),
        (ARROWS, SUMMARY + "Complaints were 12%.", "12%"),
        (ARROWS, SUMMARY + "Calls were at 7%.", "7%"),
        (ARROWS, SUMMARY + "Visits fell 9%.", "9%"),
        # a comparison's higher / lower turned round
        (BUDGET_ZH, PLAN + "赤字率按3%安排，比上年低0.5个百分点。", "0.5个百分点"),
        (BUDGET_ZH, PLAN + "三公经费占比比上年高2个百分点。", "2个百分点"),
        (BUDGET_ZH, PLAN + "赤字率按3%安排，比上年下降0.5个百分点。", "0.5个百分点"),
        # a removal stated as an addition, and the reverse
        (ENV_ZH, REVIEW + "关停小作坊5家，新增小作坊5家。", "新增小作坊5家"),
        (ENV_ZH, REVIEW + "新建燃煤锅炉26台，保障冬季供暖。", "26台"),
        (ENV_ZH, REVIEW + "拆除污水管网18公里。", "18公里"),
        (OFFICE_EN, SUMMARY + "The office opened 3 branches.", "3 branches"),
        (OFFICE_EN, SUMMARY + "We added 3 branches this year.", "3 branches"),
        (OFFICE_EN, SUMMARY + "The office closed 2 service points.", "2 service points"),
        (STAFF, SUMMARY + "The desk laid off 12 caseworkers.", "12 caseworkers"),
        (STAFF, SUMMARY + "3 new branches were opened.", "3 new branches"),
        (STAFF_ZH, REVIEW + "精简公务员15名。", "15名"),
        (STAFF_ZH, REVIEW + "新设内设机构4个。", "4个"),
        # a level's change stated against the notes' own change of that level
        (FUND_ZH, "一、2023年工作回顾\n中央补助资金86亿元，比2022年减少60%。", "60%"),
        (FUND_ZH, "一、2023年工作回顾\n中央补助资金86亿元，比2022年减少一半以上，改造老旧小区120个。", "一半以上"),
        (FUND_ZH, "一、2023年工作回顾\n信访件320件，比上年增长45%。", "45%"),
        (STAFF, SUMMARY + "Helpline calls reached 18,400, down 6%.", "6%"),
    ],
)
def test_lost_or_turned_signs_are_flagged(notes: str, draft: str, figure: str) -> None:
    fc = status_of(notes, draft, figure)
    assert fc.status in BLOCKING, (fc.status, fc.reason)


@pytest.mark.parametrize(
    ("notes", "draft", "figure"),
    [
        # the direction kept in words of the draft's own
        (ENV_ZH, REVIEW + "化学需氧量排放量降低了4.2%。", "4.2%"),
        (ENV_ZH, REVIEW + "化学需氧量排放量比上年减少4.2%。", "4.2%"),
        (ENV_ZH, REVIEW + "化学需氧量排放量下降幅度为4.2%。", "4.2%"),
        (ENV_ZH, REVIEW + "化学需氧量排放量降幅达4.2%。", "4.2%"),
        (ENV_ZH, REVIEW + "化学需氧量排放量持续下降，降幅为4.2%。", "4.2%"),
        (ENV_ZH, REVIEW + "信访投诉量较上年减少12%。", "12%"),
        (ENV_ZH, REVIEW + "化学需氧量排放量同比下调4.2%。", "4.2%"),
        (ENV_ZH, REVIEW + "化学需氧量排放量同比负增长4.2%。", "4.2%"),
        (ENV_ZH, REVIEW + "信访投诉量压降12%。", "12%"),
        (OFFICE_EN, SUMMARY + "Complaints shed 12% over the year.", "12%"),
        (ENV_ZH, REVIEW + "安全事故起数同比下降8%。", "8%"),
        (ENV_ZH, REVIEW + "PM2.5平均浓度为32微克/立方米。", "32微克/立方米"),
        (OFFICE_EN, SUMMARY + "Complaints fell 12%.", "12%"),
        (OFFICE_EN, SUMMARY + "Complaints were down 12% on the year.", "12%"),
        (OFFICE_EN, SUMMARY + "The office saw a 12% decline in complaints.", "12%"),
        (OFFICE_EN, SUMMARY + "Complaints were 12% lower than a year earlier.", "12%"),
        (OFFICE_EN, SUMMARY + "We cut complaints by 12% and kept staff at 46.", "12%"),
        (OFFICE_EN, SUMMARY + "Processing time was reduced by 8%.", "8%"),
        (OFFICE_EN, SUMMARY + "Processing time shortened by 8%.", "8%"),
        (OFFICE_EN, SUMMARY + "Energy use per employee fell 4.5%.", "4.5%"),
        (OFFICE_EN, SUMMARY + "Visitors increased by 9%.", "9%"),
        (GDP_EN, SUMMARY + "Energy intensity dropped 2.7%, and GDP grew 5.2%.", "2.7%"),
        (GDP_EN, SUMMARY + "GDP growth was 5.2%.", "5.2%"),
        (GDP_EN, SUMMARY + "Retail sales grew 4.1%.", "4.1%"),
        (ARROWS_ZH, REVIEW + "投诉量下降12%，来访量增长9%。", "12%"),
        (ARROWS_ZH, REVIEW + "投诉量下降12%，来访量增长9%。", "9%"),
        (ARROWS_ZH, REVIEW + "事故起数同比减少8%。", "8%"),
        (ARROWS, SUMMARY + "Complaints dropped 12% and calls came in 7% below 2023.", "12%"),
        (ARROWS, SUMMARY + "Complaints dropped 12% and calls came in 7% below 2023.", "7%"),
        (ARROWS, SUMMARY + "Visits rose 9%.", "9%"),
        # a rise stated through its rate word
        (BUDGET_ZH, PLAN + "一般公共预算支出增幅为5%。", "5%"),
        (BUDGET_ZH, PLAN + "一般公共预算支出增长5%。", "5%"),
        (GDP_EN, SUMMARY + "The GDP growth rate was 5.2%.", "5.2%"),
        (OFFICE_EN, SUMMARY + "The visitor growth rate was 9%.", "9%"),
        (ARROWS_ZH, REVIEW + "来访量增速为9%。", "9%"),
        # a comparison's word kept (or said otherwise)
        (BUDGET_ZH, PLAN + "赤字率按3%安排，比上年高0.5个百分点。", "0.5个百分点"),
        (BUDGET_ZH, PLAN + "赤字率按3%安排，比上年提高0.5个百分点。", "0.5个百分点"),
        (BUDGET_ZH, PLAN + "三公经费占比比上年降低2个百分点。", "2个百分点"),
        # removal and addition kept
        (ENV_ZH, REVIEW + "依法关闭小作坊5家。", "5家"),
        (ENV_ZH, REVIEW + "关停小作坊5家。", "5家"),
        (ENV_ZH, REVIEW + "拆除淘汰燃煤锅炉26台。", "26台"),
        (ENV_ZH, REVIEW + "新铺设污水管网18公里。", "18公里"),
        (OFFICE_EN, SUMMARY + "The office shut 3 branches.", "3 branches"),
        (OFFICE_EN, SUMMARY + "The office closed 3 branches and opened 2 service points.", "2 service points"),
        (STAFF, SUMMARY + "The desk hired 12 caseworkers.", "12 caseworkers"),
        (STAFF, SUMMARY + "The desk recruited 12 caseworkers and shut 3 branches.", "3 branches"),
        (STAFF, SUMMARY + "3 branches were closed.", "3 branches"),
        (STAFF_ZH, REVIEW + "公开招聘公务员15名，撤销内设机构4个。", "15名"),
        (STAFF_ZH, REVIEW + "公开招聘公务员15名，撤销内设机构4个。", "4个"),
        (FUND_ZH, "一、2023年工作回顾\n中央补助资金86亿元，比2022年增长60%。", "60%"),
        (FUND_ZH, "一、2023年工作回顾\n中央补助资金86亿元，是2022年的1.6倍。", "1.6倍"),
        (FUND_ZH, "一、2023年工作回顾\n信访件320件，比上年下降45%。", "45%"),
        (STAFF, SUMMARY + "Helpline calls reached 18,400, up 6%.", "6%"),
    ],
)
def test_kept_signs_stay_accepted(notes: str, draft: str, figure: str) -> None:
    fc = status_of(notes, draft, figure)
    assert fc.status in ACCEPTING, (fc.status, fc.reason)


def test_energy_per_unit_of_gdp_is_energy_intensity() -> None:
    """'Energy consumption per unit of GDP' names energy intensity: GDP is its denominator, not its indicator."""
    fc = status_of(GDP_EN, SUMMARY + "Energy consumption per unit of GDP went down 2.7%.", "2.7%")
    assert fc.status in ACCEPTING, (fc.status, fc.reason)
