"""Derived figures as independently written drafts state them (issue 10, wave 9), and the errors beside them.

A total of parts the sentence names beside another fact it states (污水、雨水管网共计…公里，城市道路…公里), a total
whose parts the sentence states or names (投资A、B、C…三项合计; 甲和乙两个项目总投资…) even when another line
shares its indicator word, a start value one rate less its change in percentage points (由上年的X%提高到Y%), a
ratio of two values stated as a plain number (城乡收入比约为2.18), a count under another measure word whose noun
one side names before the number (实施…项目40个 = 40项…项目), a score (582分) and minutes (15分钟) as units.
A total of parts the sentence does not name, while it names others in full, is no derivation.
"""

from __future__ import annotations

import pytest
from support import ACCEPTING, status_of

from assistant.check import BLOCKING
from assistant.figures import extract_figures

PIPES = ("2022年工作素材\n城建：\n- 城市建设完成投资48.2亿元\n- 燃气管网9公里、热力管网14公里、排水管网21公里，"
         "桥梁改造6座\n- 新建公园3个\n")
PROJECTS = ("一、2021年情况\n- 公路客运站（投资2.35亿元）投入使用\n- 幼儿园改扩建640万元、社区卫生站415万元，已交付\n"
            "- 老旧管线更换2600万元，路灯改造518万元，停车场建设907万元，均已完成\n- 新开航线12条\n")
RATES = ("2021年：\n- 森林覆盖率68.5%，提高1.3个百分点\n- 城镇登记失业率3.2%，下降0.4个百分点\n"
         "2022年预期目标：\n- GDP增长6%左右\n")
INCOME = "2023年工作：\n- 居民人均可支配收入：城镇41,260元、农村18,930元\n- 地区生产总值582亿元\n"
INCOME_EN = ("County review 2023\n- per capita disposable income: urban $52,400, rural $23,100\n"
             "- GDP $9.8 billion\n")
SCHOOL = "2023年：\n- 中考平均分582分，较去年提高11分\n- 窗口考核得分95.6分\n- 办件平均用时15分钟\n"
LIVELIHOOD = "民生：\n- 投入9.6亿元，实施教育和医疗卫生项目27个\n- 解决2140人安全饮水问题\n"
BUDGET = "Budget request FY2025:\n- $1.24B requested, +$96M vs FY2024 enacted\n- 2,410 FTE\n"
INCOME_ZH2 = "2023年工作：\n- 城镇居民人均可支配收入41,260元，农村居民人均可支配收入18,930元\n"
FAI = ("County review 2022 (notes)\n- fixed-asset investment (county level) 8.40 billion yuan, +12.1%\n"
       "- retail sales 6.32 billion yuan, +5.5%\nPlans for 2023:\n- FAI +9% to 9.16 billion yuan\n")
HOLDINGS = ("Treasury notes FY2024\n- net loss $3.1 billion\n- checking deposits $3.2 billion\n"
            "- money market funds $6.1 billion\n- staff 4,120\n")
GRANTS = ("Program allocations (notes)\n- formula programs: 81%, $2.4B\n- discretionary grant programs: 19%, $560M\n"
          "- discretionary: Youth Mentoring $301M, Housing Navigation $247M, Rural Outreach $12M\n")
GRANTS_ZH = ("专项资金分配\n- 竞争性项目资金合计5.6亿元\n- 其中：青少年辅导3.01亿元，住房引导2.47亿元，乡村外展0.12亿元\n")


@pytest.mark.parametrize(
    ("notes", "draft", "figure"),
    [
        # a total of named parts beside another fact the sentence states in the same unit
        (PIPES, "一、2022年工作回顾\n新建改造燃气、热力、排水管网共计44公里，改造桥梁6座。", "44公里"),
        (PIPES, "一、2022年工作回顾\n燃气、热力和排水管网合计完成44公里，城市建设完成投资48.2亿元。", "44公里"),
        # a total whose parts the sentence states, another line sharing the word 投资
        (PROJECTS, "一、2021年工作回顾\n投资2600万元的老旧管线更换、518万元的路灯改造和907万元的停车场建设全部完成，"
                   "三项合计投资4025万元。", "4025万元"),
        # a total of parts the sentence names, counted before (两个项目) and totalled with 总投资
        (PROJECTS, "一、2021年工作回顾\n幼儿园改扩建和社区卫生站两个项目已交付，总投资1055万元。", "1055万元"),
        # a start value: a rate less its change in percentage points
        (RATES, "一、2021年工作回顾\n森林覆盖率由上年的67.2%提高到68.5%。", "67.2%"),
        (RATES, "一、2021年工作回顾\n城镇登记失业率从上年的3.6%下降到3.2%。", "3.6%"),
        # a ratio of two values the sentence names, stated as a plain number
        (INCOME, "一、2023年工作回顾\n城乡收入比约为2.18。", "2.18"),
        (INCOME, "一、2023年工作回顾\n城乡居民收入之比缩小到2.18。", "2.18"),
        (INCOME_ZH2, "一、2023年工作回顾\n城乡居民收入比为2.18。", "2.18"),
        (INCOME_EN, "2023 in Review\nThe urban-to-rural income ratio was 2.27.", "2.27"),
        (INCOME_EN, "2023 in Review\nThe ratio of urban to rural income narrowed to 2.27.", "2.27"),
        # a start value named after the figures of its line (the level less its change "vs FY2024 enacted")
        (BUDGET, "Plan for FY2025\nThe request rises from $1.14 billion enacted for FY2024.", "$1.14 billion"),
        # a share of the sum of two lines next to each other, each named by the sentence
        (HOLDINGS, "FY2024 in Review\nMoney market funds made up about two-thirds of its checking deposits and money "
                   "market holdings.", "two-thirds"),
        # a change between two lines, one naming its indicator before a parenthesis ("(county level)")
        (FAI, "Plans for 2023\nFixed-asset investment is to rise to 9.16 billion yuan, about 0.76 billion yuan more "
              "than in 2022.", "0.76 billion yuan"),
        # a count under another measure word, the noun named before the number in the notes
        (LIVELIHOOD, "一、今年工作回顾\n全年投入9.6亿元，实施了27项教育和医疗卫生项目。", "27项"),
        (LIVELIHOOD, "一、今年工作回顾\n解决2140名群众安全饮水问题。", "2140名"),
        # a score and minutes as units
        (SCHOOL, "一、2023年工作回顾\n中考平均分达到582分，比上年提高11分。", "582分"),
        (SCHOOL, "一、2023年工作回顾\n窗口考核得分95.6分。", "95.6分"),
        (SCHOOL, "一、2023年工作回顾\n办件平均用时压缩至15分钟。", "15分钟"),
    ],
)
def test_faithful_derived_figures_are_accepted(notes: str, draft: str, figure: str) -> None:
    assert status_of(notes, draft, figure).status in ACCEPTING


@pytest.mark.parametrize(
    ("notes", "draft", "figure"),
    [
        # the sum of parts the sentence does not name, while it names two others in full
        (GRANTS, "Summary of allocations\nThe Youth Mentoring and Housing Navigation programs together received "
                 "$572 million.", "$572 million"),
        # a wrong total of named parts, a wrong start value, a wrong ratio, a wrong score
        (PIPES, "一、2022年工作回顾\n新建改造燃气、热力、排水管网共计47公里，改造桥梁6座。", "47公里"),
        (PROJECTS, "一、2021年工作回顾\n幼儿园改扩建和社区卫生站两个项目已交付，总投资1155万元。", "1155万元"),
        (RATES, "一、2021年工作回顾\n森林覆盖率由上年的66.2%提高到68.5%。", "66.2%"),
        (INCOME, "一、2023年工作回顾\n城乡收入比约为2.38。", "2.38"),
        (INCOME_EN, "2023 in Review\nThe ratio of urban to rural income narrowed to 2.47.", "2.47"),
        (HOLDINGS, "FY2024 in Review\nMoney market funds made up about 40 percent of its checking deposits and money "
                   "market holdings.", "40 percent"),
        (BUDGET, "Plan for FY2025\nThe request rises from $1.04 billion enacted for FY2024.", "$1.04 billion"),
        (SCHOOL, "一、2023年工作回顾\n中考平均分达到592分。", "592分"),
        (SCHOOL, "一、2023年工作回顾\n办件平均用时压缩至12分钟。", "12分钟"),
        # another noun under another measure word stays another thing
        (LIVELIHOOD, "一、今年工作回顾\n新建27所学校。", "27所"),
    ],
)
def test_wrong_derived_figures_are_flagged(notes: str, draft: str, figure: str) -> None:
    assert status_of(notes, draft, figure).status in BLOCKING


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("考核得分95.6分", [("95.6", "分")]),
        ("用时15分钟", [("15", "分钟")]),
        ("三分之一的村", [("0.3333333333333333333333333333", "")]),
        ("十分重要", []),
        ("共3分别", [("3", "")]),
        ("8时30分开会", [("30", "")]),  # a time of day: 分 is no score
    ],
)
def test_fen_is_a_score_unit_only_after_digits(text: str, expected: list[tuple[str, str]]) -> None:
    found = [(str(f.value), f.unit) for f in extract_figures(text) if not f.ignored]
    assert found == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("- fixed-asset investment (county level) 8.40 billion yuan", {"fixed", "investment", "county"}),
        ("- 区本级固投（含基础设施）100亿元", {"本级", "基础"}),
    ],
)
def test_a_parenthesis_before_a_figure_qualifies_the_name_before_it(text: str, words: set[str]) -> None:
    assert words <= extract_figures(text)[0].tokens


def test_a_sign_before_the_currency_is_a_direction() -> None:
    assert [f.direction for f in extract_figures("+$48.2M and -$3M")] == ["up", "down"]


def test_ninety_minutes_is_an_hour_and_a_half() -> None:
    notes = "2023年：\n- 审批时限压缩至1.5小时\n"
    assert status_of(notes, "一、2023年工作回顾\n审批时限压缩至90分钟。", "90分钟").status in ACCEPTING
