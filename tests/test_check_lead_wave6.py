"""Cases found by the lead while merging wave 5 (each a real false alarm or a lost figure)."""

from __future__ import annotations

from assistant.check import check_draft

NOTES = (
    "全年完成固定资产投资1.2亿元，同比增长8%\n新增就业320人\n2026年力争固定资产投资增长10%左右\n"
    "2026年新增就业300人以上\n存在问题：\n- 园区基础设施不完善\n明年计划：\n- 新建学校1所\n"
)


def test_a_note_naming_its_own_plan_year_is_no_result_restated_as_plan() -> None:
    # a section checked without its heading (as a rewrite re-checks it): the note line's own 2026年 says
    # it is a plan, whatever header comes below it
    body = "### （二）民生目标\n\n新增就业300人以上。\n\n新建学校1所。\n"
    statuses = {c.figure.text: c.status for c in check_draft(NOTES, body).figures}
    assert statuses["300人以上"] == "verified", statuses


def test_a_result_above_the_plan_header_restated_as_next_years_work_is_still_flagged() -> None:
    notes = ("2012年工作要点\n- 新增商业营业面积12万平方米\n- 地区生产总值增长12%\n明年目标和安排：\n"
             "- 地区生产总值增长10%\n")
    draft = "二、2013年工作安排\n全年新增商业营业面积12万平方米。"
    statuses = {c.figure.text: c.status for c in check_draft(notes, draft).figures}
    assert statuses["12万平方米"] in ("mismatch", "misattributed"), statuses
