"""A half-year report (上半年工作总结和下半年打算 / "first half 2025 notes"): found from real use in session 5,
where such notes were drafted as 2025年工作总结暨2026年工作安排 with the 下半年打算 items listed as problems,
上半年情况 written as body text and 全年完成 put before half-year figures."""

from __future__ import annotations

import pytest

from assistant.check import check_draft
from assistant.drafting.pipeline import draft_report, run_draft
from assistant.meaning_doc import part_of_titles
from assistant.note_lines import header_line
from assistant.notes import note_years, parse_notes
from assistant.outline import make_outline
from assistant.report_period import next_months, report_months

ZH = """县商务局2025年上半年工作总结和下半年打算

上半年情况
1-6月社零总额48.6亿元，同比+5.2%
限上企业新增9家，总数达到126家
电商网络零售额5.7亿元，增长18.3%

问题
县城商业综合体空置率偏高，约两成

下半年打算
全年社零力争增长6%
新增限上企业8家以上
"""

EN = """Riverside Library - first half 2025 notes
First half results:
- Visits 212,400, up 6.1% year on year
- New library cards 3,950
Problems:
- Two branches short of staff
Second half plans:
- open the Eastside branch in September
- reach 8,000 new cards for the full year
"""


@pytest.mark.parametrize(("line", "role"), [
    ("上半年情况", "achievement"),
    ("上半年完成情况：", "achievement"),
    ("下半年打算", "plan"),
    ("下半年工作计划：", "plan"),
    ("二季度打算", "plan"),
    ("First half results", "achievement"),
    ("Second half plans:", "plan"),
    ("存在问题", "problem"),
    ("明年打算", "plan"),
])
def test_half_year_headers_set_their_role(line: str, role: str) -> None:
    got = header_line(line)
    assert got is not None and got[0] == role


@pytest.mark.parametrize(("notes", "org", "title", "parts"), [
    (ZH, "县商务局", "县商务局2025年上半年工作总结暨2025年下半年工作安排",
     ["2025年上半年工作总结", "2025年下半年工作安排"]),
    (EN, "Riverside Library", "Riverside Library: Summary of the first half of 2025 and Plan for the second half of 2025",
     ["Summary of the first half of 2025", "Plan for the second half of 2025"]),
])
def test_a_half_year_report_is_titled_and_parted_by_its_halves(notes: str, org: str, title: str,
                                                               parts: list[str]) -> None:
    parsed = parse_notes(notes)
    assert parsed.metadata.get("months") == "1-6" and parsed.metadata.get("organisation") == org
    assert note_years(parsed) == (2025, 2025)  # the plan is for the rest of the same year
    outline = make_outline(parsed)
    assert outline.title == title
    tops = [s.title for s in outline.sections]
    assert tops[0] == parts[0] and tops[-1] == parts[-1]


def test_an_annual_title_stays_annual() -> None:
    parsed = parse_notes("县商务局2025年工作总结和明年打算\n全年社零总额98.6亿元\n")
    assert "months" not in parsed.metadata and note_years(parsed) == (2025, 2026)


def test_offline_half_year_draft_places_the_plan_and_keeps_the_period() -> None:
    draft = run_draft(draft_report(parse_notes(ZH)))
    text = draft.to_markdown()
    review, _, plan = text.rpartition("2025年下半年工作安排")
    assert "全年完成" not in review and "上半年情况" not in text
    assert "新增限上企业8家以上" in plan and "8家" not in review
    assert "空置率" not in plan
    assert all(s.unverified == 0 for s in draft.sections)


@pytest.mark.parametrize(("sentence", "ok"), [
    ("限上企业新增9家，总数达到126家。", True),
    ("上半年完成电商网络零售额5.7亿元，增长18.3%。", True),
    ("全年完成电商网络零售额5.7亿元。", False),  # a half's figure stated for the whole year
    ("全年限上企业新增9家。", False),
])
def test_a_section_of_a_half_year_report_speaks_of_the_half(sentence: str, ok: bool) -> None:
    part = part_of_titles(["一、2025年上半年工作总结", "（一）经济运行"])
    result = check_draft(ZH, sentence, part=part)
    statuses = {f.figure.text: f.status for f in result.figures if not f.figure.ignored}
    accepted = all(s in ("verified", "derived", "approximate") for s in statuses.values())
    assert accepted is ok, statuses


# --------------------------------------------------------------------------- quarters and months
QUARTER = """城关镇一季度工作总结及二季度工作计划（2025年）
一季度完成情况：
- 固投完成3.2亿元，同比增长8.1%
- 新签约项目6个，协议投资11.5亿元
存在问题：
- 项目落地慢
二季度计划：
- 固投完成4亿元
- 开工项目4个
"""

MONTH = """区统计局10月份工作总结和11月份工作计划
本月工作：
1. 完成月度规上工业数据采集，报送率100%
2. 开展统计执法检查3次，涉及企业15家
下月计划：
1. 做好经济普查入户登记准备
2. 组织统计业务培训2期
"""


@pytest.mark.parametrize(("title", "months"), [
    ("2025年上半年工作总结和下半年打算", (1, 6)),
    ("城关镇一季度工作总结及二季度工作计划（2025年）", (1, 3)),
    ("2025年第三季度工作小结", (7, 9)),
    ("2025年前三季度工作总结", (1, 9)),
    ("区统计局10月份工作总结和11月份工作计划", (10, 10)),
    ("2025年1-10月工作情况", (1, 10)),
    ("Depot Q1 2025 report", (1, 3)),
    ("Riverside Library - first half 2025 notes", (1, 6)),
    ("October 2025 highlights", (10, 10)),
    ("2025年工作总结和明年打算", None),
    ("Notes for the 2025 review", None),
])
def test_the_part_of_a_year_a_title_reviews(title: str, months: tuple[int, int] | None) -> None:
    assert report_months(title) == months


@pytest.mark.parametrize(("months", "plan"), [((1, 6), (7, 12)), ((1, 3), (4, 6)), ((7, 9), (10, 12)),
                                              ((1, 9), (10, 12)), ((10, 10), (11, 11)), ((12, 12), None),
                                              ((7, 12), None), ((1, 10), (11, 12))])
def test_the_plan_covers_the_next_part_of_the_year(months: tuple[int, int], plan: tuple[int, int] | None) -> None:
    assert next_months(months) == plan


@pytest.mark.parametrize(("notes", "title", "plan_words"), [
    (QUARTER, "城关镇2025年第一季度工作总结暨2025年第二季度工作安排", "开工项目4个"),
    (MONTH, "区统计局【年份】年10月份工作总结暨【年份】年11月份工作安排", "经济普查"),
])
def test_quarter_and_month_reports(notes: str, title: str, plan_words: str) -> None:
    parsed = parse_notes(notes)
    assert make_outline(parsed).title == title
    text = run_draft(draft_report(parsed)).to_markdown()
    review, _, plan = text.rpartition("工作安排\n")
    assert plan_words in plan and plan_words not in review
    assert "全年" not in text


def test_a_quarter_section_speaks_of_the_quarter() -> None:
    part = part_of_titles(["一、2025年第一季度工作总结"])
    ok = check_draft(QUARTER, "固定资产投资完成3.2亿元，同比增长8.1%。", part=part)
    assert all(f.status in ("verified", "derived", "approximate") for f in ok.figures if not f.figure.ignored)
    bad = check_draft(QUARTER, "全年固定资产投资完成3.2亿元。", part=part)
    assert any(f.status == "mismatch" for f in bad.figures)


def test_a_measure_opening_with_its_deadline_reads_jiang_yu() -> None:
    notes = "县商务局2025年上半年工作总结和下半年打算\n上半年情况\n- 社零48.6亿元\n下半年打算\n- 9月底前完成县级物流配送中心建设\n"
    text = run_draft(draft_report(parse_notes(notes))).to_markdown()
    assert "将于9月底前完成县级物流配送中心建设" in text


HAILAR_HALF = """海拉尔区2018年上半年工作总结和下半年打算（初稿）
上半年情况：
- 投资1100万元新建污水管线2847米
- 开工项目57个，完成投资34.8亿元
下半年打算：
- 再新建污水管线1500米
"""


@pytest.mark.parametrize(("draft", "figure", "ok"), [
    ("三、2018年下半年工作安排\n再新建污水管线1500米。", "1500米", True),
    # the half's result restated as the second half's target, while the notes give that target (1500米)
    ("三、2018年下半年工作安排\n再新建污水管线2847米。", "2847米", False),
    ("一、2018年上半年工作总结\n开工项目57个，完成投资34.8亿元。", "34.8亿元", True),
    ("一、2018年上半年工作总结\n全年开工项目57个，完成投资34.8亿元。", "34.8亿元", False),
])
def test_a_half_year_report_checked_whole(draft: str, figure: str, ok: bool) -> None:
    checks = {f.figure.text: f.status for f in check_draft(HAILAR_HALF, draft).figures}
    assert (checks[figure] in ("verified", "derived", "approximate")) is ok, checks
