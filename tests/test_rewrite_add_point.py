"""Adding a point to a section that lists points makes it the next point of the list.

Found in real use (2026-11-29): "补充一条：专业技术人才缺口约300人" added the note "一条：专业技术人才缺口约300人"
and appended it as a paragraph of its own after "…主要是规模以上企业数量偏少，仅127家。".
"""

from __future__ import annotations

import pytest

from assistant.rewrite.offline import offline_rewrite
from assistant.rewrite.requests import added_facts


@pytest.mark.parametrize(("instruction", "facts"), [
    ("补充一条：专业技术人才缺口约300人", ["专业技术人才缺口约300人"]),
    ("补充一点，新建学校3所", ["新建学校3所"]),
    ("增加一句：全年接待游客45万人次", ["全年接待游客45万人次"]),
    ("加上林蛙养殖园区的内容", ["林蛙养殖园区"]),
])
def test_the_added_fact_has_no_instruction_words(instruction: str, facts: list[str]) -> None:
    assert added_facts(instruction) == facts


@pytest.mark.parametrize(("body", "instruction", "language", "expected"), [
    ("工作中还存在一些不足，主要是规模以上企业数量偏少，仅127家。", "补充一条：专业技术人才缺口约300人", "zh",
     "工作中还存在一些不足：一是规模以上企业数量偏少，仅127家；二是专业技术人才缺口约300人。"),
    ("存在的问题：一是消费恢复偏慢；二是项目储备不足。", "补充：招商引资后劲不足", "zh",
     "存在的问题：一是消费恢复偏慢；二是项目储备不足；三是招商引资后劲不足。"),
    ("First, landlord participation dropped 9%. Second, staff turnover stood at 18%.",
     "add that the waiting list grew to 2,100 households", "en",
     "First, landlord participation dropped 9%. Second, staff turnover stood at 18%. "
     "Third, the waiting list grew to 2,100 households."),
])
def test_an_added_point_joins_the_list(body: str, instruction: str, language: str, expected: str) -> None:
    text, done = offline_rewrite(body, instruction, notes_text="", language=language)
    assert text == expected
    assert done


def test_a_paragraph_without_a_list_gets_the_addition_after_it() -> None:
    text, _ = offline_rewrite("全年新建学校6所。", "补充：新增学位4800个", notes_text="", language="zh")
    assert text.splitlines() == ["全年新建学校6所。", "此外，新增学位4800个。"]
