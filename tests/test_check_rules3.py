"""Checker rules of wave 3, each a general rule with its own table (zh and en): a rounding is matched to
the note fact of its own indicator; 城乡…分别 names two lists' subjects (城镇…, 农村…)."""

from __future__ import annotations

import pytest

from assistant.check import BLOCKING, FigureCheck, check_draft


def status_of(notes: str, draft: str, figure: str) -> FigureCheck:
    return next(fc for fc in check_draft(notes, draft).figures if fc.figure.text == figure)


@pytest.mark.parametrize(
    ("notes", "draft", "figure", "status"),
    [
        # a plan line shares more words with the draft, but the draft rounds the review line's value
        ("2016年工作回顾\n- 全区粮食产量38.7万吨\n2017年计划\n- 全区粮食总产量稳定在40万吨以上\n",
         "一、2016年工作回顾\n全区粮食总产量约39万吨。", "39万吨", "approximate"),
        ("FY2025 results:\n- passengers carried 1.47 million\nFY2026 targets:\n"
         "- total passengers carried to exceed 1.6 million\n",
         "Fiscal Year 2025 Results\nIn fiscal year 2025, total passengers carried were nearly 1.5 million.",
         "1.5 million", "approximate"),
        # a continuation's rate rounded, a later plan line naming the same indicator
        ("五年回顾：\n- 财政总收入由2010年的9.8亿元增加到2015年的21.4亿元\n- 年均增长16.9%\n"
         "明年目标：\n- 财政总收入增长6%\n",
         "一、五年工作回顾\n财政总收入由2010年的9.8亿元增加到2015年的21.4亿元，年均增长17%左右。", "17%左右",
         "approximate"),
        # no note figure of this indicator rounds to it: still a mismatch
        ("2016年工作回顾\n- 全区粮食产量38.7万吨\n2017年计划\n- 全区粮食总产量稳定在40万吨以上\n",
         "一、2016年工作回顾\n全区粮食总产量约45万吨。", "45万吨", "mismatch"),
    ],
)
def test_a_rounding_is_matched_to_its_own_indicator(notes: str, draft: str, figure: str, status: str) -> None:
    fc = status_of(notes, draft, figure)
    assert fc.status == status, fc.reason


@pytest.mark.parametrize(
    ("notes", "draft", "figure", "blocked"),
    [
        # 城乡… / 进出口… 分别: one name standing for two, in order
        ("2019年工作回顾\n- 城乡居民人均存款分别5.2万元、2.1万元\n", "一、2019年工作回顾\n城镇居民人均存款2.1万元。",
         "2.1万元", True),
        ("2019年工作回顾\n- 城乡居民人均存款分别5.2万元、2.1万元\n", "一、2019年工作回顾\n农村居民人均存款2.1万元。",
         "2.1万元", False),
        ("2019年工作回顾\n- 进出口额分别12.3亿元、8.7亿元\n", "一、2019年工作回顾\n全年进口额8.7亿元。", "8.7亿元", True),
        ("2019年工作回顾\n- 进出口额分别12.3亿元、8.7亿元\n", "一、2019年工作回顾\n全年出口额8.7亿元。", "8.7亿元", False),
        ("2019年工作回顾\n- 居民收入稳步提高\n2020年目标：\n- 城乡居民收入分别增长6%和7%\n",
         "二、2020年工作安排\n农村居民收入增长6%。", "6%", True),
        # English: respectively
        ("2024 results:\n- urban and rural household income were $52,000 and $38,000, respectively\n",
         "2024 Results\nRural household income was $52,000.", "52,000", True),
        ("2024 results:\n- urban and rural household income were $52,000 and $38,000, respectively\n",
         "2024 Results\nRural household income was $38,000.", "38,000", False),
    ],
)
def test_a_paired_name_before_a_list_names_its_places(notes: str, draft: str, figure: str, blocked: bool) -> None:
    fc = status_of(notes, draft, figure)
    assert (fc.status in BLOCKING) is blocked, fc.reason


_SECTORS = "2016年工作回顾\n- 第一产业增加值12.4亿元\n- 第二产业增加值80.6亿元\n- 第三产业增加值107亿元\n"
_FUNDS = "FY2025 results:\n- grants $1.2 billion\n- loans $2.3 billion\n- loan guarantees $0.5 billion\n"


@pytest.mark.parametrize(
    ("notes", "draft", "figure", "derived"),
    [
        # a share of the sum of several lines' figures
        (_SECTORS, "一、2016年工作回顾\n第三产业增加值占三次产业增加值总和的53.5%。", "53.5%", True),
        (_SECTORS, "一、2016年工作回顾\n第三产业增加值占三次产业增加值总和的60%。", "60%", False),
        # a total of three lines
        (_SECTORS, "一、2016年工作回顾\n三次产业增加值合计200亿元。", "200亿元", True),
        (_SECTORS, "一、2016年工作回顾\n三次产业增加值合计210亿元。", "210亿元", False),
        (_FUNDS, "Fiscal Year 2025 Results\nLoans and loan guarantees totaled $2.8 billion.", "2.8 billion", True),
        (_FUNDS, "Fiscal Year 2025 Results\nLoans and loan guarantees totaled $3.8 billion.", "3.8 billion", False),
        # a fraction is a coarse share (三分之一 for 33%)
        ("2016年工作回顾\n- 全区耕地面积60万亩\n- 其中水浇地19.8万亩\n", "一、2016年工作回顾\n水浇地约占耕地面积的三分之一。",
         "三分之一", True),
        ("2016年工作回顾\n- 全区耕地面积60万亩\n- 其中水浇地30万亩\n", "一、2016年工作回顾\n水浇地约占耕地面积的三分之一。",
         "三分之一", False),
        # an operand the notes give as "about": a difference at the notes' own precision
        ("FY2025 review:\n- on-time delivery: 88% in FY2021 -> about 82% in FY2025\n",
         "Fiscal Year 2025 in Review\nOn-time delivery fell by 6 percentage points between 2021 and 2025.",
         "6 percentage points", True),
        # a change of the indicator a plan line names too: the review line's two values give it
        ("五年回顾：\n- 财政总收入由2010年的9.8亿元增加到2015年的21.4亿元\n明年目标：\n- 财政总收入达到23亿元\n",
         "一、五年工作回顾\n2015年财政总收入比2010年增加11.6亿元。", "11.6亿元", True),
    ],
)
def test_derived_figures_across_lines(notes: str, draft: str, figure: str, derived: bool) -> None:
    fc = status_of(notes, draft, figure)
    if derived:
        assert fc.status == "derived", fc.reason
    else:
        assert fc.status in BLOCKING, fc.reason


@pytest.mark.parametrize(
    ("notes", "draft", "figure", "blocked"),
    [
        # a rate that is a level (a share, an on-time rate), not a growth rate: its direction is the values'
        ("FY2025 review:\n- on-time delivery: 88% in FY2021 -> about 82% in FY2025\n",
         "Fiscal Year 2025 in Review\nOn-time delivery rose to 82 percent.", "82 percent", True),
        ("FY2025 review:\n- on-time delivery: 88% in FY2021 -> about 82% in FY2025\n",
         "Fiscal Year 2025 in Review\nOn-time delivery fell to 82 percent.", "82 percent", False),
        ("2016年工作回顾\n- 森林覆盖率由2010年的23.5%到2016年的21.9%\n", "一、2016年工作回顾\n森林覆盖率提高到21.9%。", "21.9%", True),
        ("2016年工作回顾\n- 森林覆盖率由2010年的21.9%到2016年的23.5%\n", "一、2016年工作回顾\n森林覆盖率提高到23.5%。", "23.5%", False),
        # a growth rate stays a rate: 增长3% after 5% is no fall
        ("2016年工作回顾\n- 地区生产总值增长3%（2015年：5%）\n", "一、2016年工作回顾\n地区生产总值增长到3%。", "3%", False),
    ],
)
def test_a_rate_that_is_a_level_has_the_direction_of_its_values(
    notes: str, draft: str, figure: str, blocked: bool,
) -> None:
    fc = status_of(notes, draft, figure)
    assert (fc.status in BLOCKING) is blocked, fc.reason


_ZH_2018 = "2018年工作回顾\n- 社零174.2亿元\n- 粮食产量38.7万吨\n2019年目标：\n- 社零增长8%，达到188亿元\n"
_EN_2024 = "2024 results:\n- revenue $78.5 billion\nNext year:\n- revenue to reach $80 billion\n"


@pytest.mark.parametrize(
    ("notes", "draft", "figure", "blocked"),
    [
        # the year's result restated as next year's target by the draft's own words
        (_ZH_2018, "二、2019年工作安排\n社会消费品零售总额力争达到174.2亿元。", "174.2亿元", True),
        (_ZH_2018, "二、2019年工作安排\n社会消费品零售总额力争达到188亿元。", "188亿元", False),
        # keeping a level is a target that may equal the result
        (_ZH_2018, "二、2019年工作安排\n粮食产量力争稳定在38.7万吨。", "38.7万吨", False),
        # an untitled year header above the notes of their own year
        ("2018年：\n- 社零174.2亿元\n2019年：\n- 社零增长8%\n", "二、2019年工作安排\n社零力争达到174.2亿元。",
         "174.2亿元", True),
        (_EN_2024, "Plans for 2025\nThe agency will aim for revenue of $78.5 billion.", "78.5 billion", True),
        (_EN_2024, "Plans for 2025\nThe agency will aim for revenue of $80 billion.", "80 billion", False),
        (_EN_2024, "Plans for 2025\nThe agency will maintain revenue at $78.5 billion.", "78.5 billion", False),
    ],
)
def test_a_result_restated_as_a_target(notes: str, draft: str, figure: str, blocked: bool) -> None:
    fc = status_of(notes, draft, figure)
    assert (fc.status in BLOCKING) is blocked, fc.reason


@pytest.mark.parametrize(
    ("notes", "role"),
    [
        ("2016年工作安排（草）\n- 旅游人数、旅游收入分别增长15%\n", "plan"),
        ("2017年工作计划\n- 新建学校3所\n", "plan"),
        ("Plans for 2025 (notes)\n- hire 200 staff\n", "plan"),
        ("2015年工作总结暨2016年工作安排（原始笔记）\n- 旅游收入69亿元\n", "achievement"),
        ("2015年工作总结（原始笔记）\n- 旅游收入69亿元\n", "achievement"),
        ("2013年工作和2014年打算（口述整理）\n- 旅游收入69亿元\n", "achievement"),
        ("2017年工作与2018年安排（讨论稿）\n- 旅游收入69亿元\n", "achievement"),
    ],
)
def test_a_plan_title_sets_the_role_of_the_lines_under_it(notes: str, role: str) -> None:
    from assistant.notes import parse_notes

    items = [i for i in parse_notes(notes).items if i.role != "metadata"]
    assert [i.role for i in items] == [role]


@pytest.mark.parametrize(
    ("notes", "draft", "figure"),
    [
        # 年内 ("within the year") is plan wording too: no achievement cue in a plan line
        ("工作要点（原始笔记）\n1. 旅游收入47.2亿元\n2. 下步：年内新增商业营业面积15万平方米\n",
         "二、下一年工作安排\n力争年内新增商业营业面积15万平方米。", "15万平方米"),
        ("2015年工作总结\n明年目标和安排：\n- 年内建成污水处理厂2座\n", "二、2016年工作安排\n年内建成污水处理厂2座。", "2座"),
    ],
)
def test_within_the_year_is_plan_wording_too(notes: str, draft: str, figure: str) -> None:
    fc = status_of(notes, draft, figure)
    assert fc.status not in BLOCKING, fc.reason


@pytest.mark.parametrize(
    ("notes", "draft", "figure", "blocked"),
    [
        # a role word rules its own clause and the two before it, not a long sentence of achievements
        ("2025年工作回顾\n- 按照力争全面完成的部署，新建学校3所，改造道路12条，新增绿地20公顷，建成社区服务中心8个\n",
         "一、2025年工作回顾\n全年建成社区服务中心8个。", "8个", False),
        ("2025年工作回顾\n- 力争地区生产总值增长7%，财政收入增长5%\n", "一、2025年工作回顾\n全年财政收入增长5%。", "5%", True),
        # …but a colon after it opens a list it rules whole
        ("2025年工作总结\n明年目标和安排：\n- 粮食产量40万吨\n",
         "一、2025年工作回顾\n明年主要预期目标是：地区生产总值增长6%；城镇新增就业1500人，城镇调查失业率5%以内；"
         "居民消费价格涨幅3%左右；粮食产量40万吨。", "40万吨", False),
        # a year written on the figure is its period, whatever the sentence totals up
        ("2016年工作回顾\n- 十二五期间，森林覆盖率由2010年的21.6%提高到25.3%\n", "一、2016年工作回顾\n2010年森林覆盖率为21.6%。",
         "21.6%", False),
        ("2016年工作回顾\n- 十二五期间，森林覆盖率由2010年的21.6%提高到25.3%\n", "一、2016年工作回顾\n2016年森林覆盖率为21.6%。",
         "21.6%", True),
        ("2016 review:\n- over the five years, forest cover grew from 21.6% in 2010 to 25.3%\n",
         "2016 Review\nForest cover was 21.6% in 2010.", "21.6%", False),
    ],
)
def test_role_word_scope_and_a_year_written_on_the_figure(notes: str, draft: str, figure: str, blocked: bool) -> None:
    fc = status_of(notes, draft, figure)
    assert (fc.status in BLOCKING) is blocked, fc.reason


@pytest.mark.parametrize(
    ("notes", "draft", "figure", "blocked"),
    [
        # 是…的2.6倍 is a growth of 1.6倍 (160%), not of 2.6倍
        ("2018年工作回顾\n- 外贸进出口额4.2亿元，是2013年的2.6倍\n", "一、2018年工作回顾\n外贸进出口额比2013年增长1.6倍。", "1.6倍", False),
        ("2018年工作回顾\n- 外贸进出口额4.2亿元，是2013年的2.6倍\n", "一、2018年工作回顾\n外贸进出口额比2013年增长160%。", "160%", False),
        ("2018年工作回顾\n- 外贸进出口额4.2亿元，是2013年的2.6倍\n", "一、2018年工作回顾\n外贸进出口额比2013年增长2.6倍。", "2.6倍", True),
        ("2018年工作回顾\n- 外贸进出口额4.2亿元，比2013年增长1.6倍\n", "一、2018年工作回顾\n外贸进出口额为2013年的2.6倍。", "2.6倍", False),
        ("2018年工作回顾\n- 外贸进出口额4.2亿元，是2013年的2.6倍\n", "一、2018年工作回顾\n外贸进出口额是2013年的2.6倍。", "2.6倍", False),
    ],
)
def test_times_and_grew_by_times(notes: str, draft: str, figure: str, blocked: bool) -> None:
    fc = status_of(notes, draft, figure)
    assert (fc.status in BLOCKING) is blocked, fc.reason


_SECTOR_RATES = "2016年工作回顾\n- 第一产业增加值12.4亿元，+3.5%\n- 第二产业增加值80.6亿元，+6.1%\n"


@pytest.mark.parametrize(
    ("notes", "draft", "figure", "blocked"),
    [
        # two parallel names that differ in a word: the draft names the other one
        (_SECTOR_RATES, "一、2016年工作回顾\n第二产业增加值增长3.5%。", "3.5%", True),
        (_SECTOR_RATES, "一、2016年工作回顾\n第一产业增加值增长3.5%。", "3.5%", False),
        (_SECTOR_RATES, "一、2016年工作回顾\n一产增加值增长3.5%。", "3.5%", False),
        ("2016年工作回顾\n- 一季度工业增加值增长4.2%\n- 二季度工业增加值增长5.8%\n",
         "一、2016年工作回顾\n第二季度工业增加值增长4.2%。", "4.2%", True),
        ("FY2025 results:\n- federal research grants $1.2 billion\n- state research grants $0.8 billion\n",
         "Fiscal Year 2025 Results\nState research grants reached $1.2 billion.", "1.2 billion", True),
        ("FY2025 results:\n- federal research grants $1.2 billion\n- state research grants $0.8 billion\n",
         "Fiscal Year 2025 Results\nFederal research grants reached $1.2 billion.", "1.2 billion", False),
    ],
)
def test_a_parallel_indicator_named_by_the_draft(notes: str, draft: str, figure: str, blocked: bool) -> None:
    fc = status_of(notes, draft, figure)
    assert (fc.status in BLOCKING) is blocked, fc.reason


def test_a_share_of_a_total_beside_the_indicators_own_rate() -> None:
    notes = "2016年工作回顾\n- 第一产业增加值12.4亿元，+3.5%\n- 第二产业增加值80.6亿元，+6.1%\n- 第三产业增加值107亿元，+8.2%\n"
    fc = status_of(notes, "一、2016年工作回顾\n第三产业增加值占三次产业增加值总和的53.5%。", "53.5%")
    assert fc.status == "derived", fc.reason
    fc = status_of(notes, "一、2016年工作回顾\n第三产业增加值增长8.5%。", "8.5%")  # no total: the rate's own value
    assert fc.status in BLOCKING, fc.reason


@pytest.mark.parametrize(
    ("draft", "derived"),
    [
        ("一、2018年工作回顾\n一般公共预算收入完成10.9亿元。", False),  # 公共 is no 共 (in all)
        ("一、2018年工作回顾\n两项收入共10.9亿元。", True),
    ],
)
def test_gong_as_in_all_is_a_total_cue_only_on_its_own(draft: str, derived: bool) -> None:
    notes = "2018年工作回顾\n- 一般公共预算收入10.4亿元\n- 政府性基金收入4890万元\n"
    fc = status_of(notes, draft, "10.9亿元")
    assert (fc.status == "derived") is derived, fc.reason


_INNER = "2017年工作回顾\n- 税收收入18.6亿元\n- 地方税收收入9.2亿元\n下半年打算：\n- 确保全年工业投资完成30亿元\n"


@pytest.mark.parametrize(
    ("notes", "draft", "figure", "blocked"),
    [
        # a name inside the other's: the draft names the longer one, whose value the notes give as another
        (_INNER, "一、2017年工作回顾\n全年地方税收收入18.6亿元。", "18.6亿元", True),
        (_INNER, "一、2017年工作回顾\n全年税收收入18.6亿元。", "18.6亿元", False),
        (_INNER, "一、2017年工作回顾\n全年地方税收收入9.2亿元。", "9.2亿元", False),
        # the longer name's value means something else (a half-year result against a target): no swap
        ("2017年上半年\n1—6月：\n- 区本级工业投资12.5亿元\n下半年打算：\n- 确保全年工业投资完成30亿元\n",
         "二、下半年工作打算\n确保全年区本级工业投资完成30亿元。", "30亿元", False),
        ("FY2025 results:\n- revenue $78.5 billion\n- operating revenue $75.1 billion\n",
         "Fiscal Year 2025 Results\nOperating revenue was $78.5 billion.", "78.5 billion", True),
    ],
)
def test_a_name_inside_another(notes: str, draft: str, figure: str, blocked: bool) -> None:
    fc = status_of(notes, draft, figure)
    assert (fc.status in BLOCKING) is blocked, fc.reason


@pytest.mark.parametrize(
    ("notes", "draft", "figure", "blocked"),
    [
        # English dates a figure at the end of its clause
        ("FY2025 notes\n- about 2.4 million calls answered by the helpline in 2024\n",
         "Fiscal Year 2025 Results\nIn 2025, the helpline answered 2.4 million calls.", "2.4 million", True),
        ("FY2025 notes\n- about 2.4 million calls answered by the helpline in 2024\n",
         "Fiscal Year 2025 Results\nIn 2024, the helpline answered 2.4 million calls.", "2.4 million", False),
        ("FY2025 notes\n- 640,000 career employees on the rolls in fiscal year 2025\n",
         "Fiscal Year 2025 Results\nIn fiscal year 2025 the agency had 640,000 career employees.", "640,000", False),
    ],
)
def test_an_english_year_after_the_figure_is_its_period(notes: str, draft: str, figure: str, blocked: bool) -> None:
    fc = status_of(notes, draft, figure)
    assert (fc.status in BLOCKING) is blocked, fc.reason


@pytest.mark.parametrize(
    ("notes", "draft", "figure", "derived"),
    [
        # what remains to be done: a target minus what is done, with no direction word
        ("2019年上半年\n1—6月：\n- 重点项目完成投资26.3亿元\n下半年打算：\n- 确保全年重点项目完成投资60亿元\n",
         "二、下半年工作打算\n下半年重点项目还需完成投资33.7亿元。", "33.7亿元", True),
        ("2019年上半年\n1—6月：\n- 重点项目完成投资26.3亿元\n下半年打算：\n- 确保全年重点项目完成投资60亿元\n",
         "二、下半年工作打算\n下半年重点项目还需完成投资35.7亿元。", "35.7亿元", False),
        # what was removed: the two values of one line
        ("2019年工作回顾\n- 黄标车由3200辆减少到1450辆\n", "一、2019年工作回顾\n全年淘汰黄标车1750辆。", "1750辆", True),
        ("2019年工作回顾\n- 黄标车由3200辆减少到1450辆\n", "一、2019年工作回顾\n全年淘汰黄标车1850辆。", "1850辆", False),
        ("FY2025 results:\n- field offices: 412 at the start of the year, 389 at year end\n",
         "Fiscal Year 2025 Results\nThe agency had 23 fewer field offices at year end.", "23", True),
    ],
)
def test_a_difference_named_by_what_remains_or_was_removed(notes: str, draft: str, figure: str, derived: bool) -> None:
    fc = status_of(notes, draft, figure)
    if derived:
        assert fc.status == "derived", fc.reason
    else:
        assert fc.status in BLOCKING, fc.reason


@pytest.mark.parametrize(
    ("clause", "role"),
    [
        ("一般公共预算收入完成8600万元，预算", "target"),
        ("年初预算为", "target"),
        ("一般公共预算收入", None),  # 预算收入 names the indicator, it is no label
        ("一般公共预算收入完成", "achieved"),
    ],
)
def test_a_budget_label_right_before_a_figure_is_its_planned_value(clause: str, role: str | None) -> None:
    from assistant.meaning import read_role_cue

    assert read_role_cue(clause) == role
