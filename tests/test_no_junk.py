"""No junk on screen (issue 12 item 5): prompt echoes and half-Markdown are cleaned, a leading section
number that repeats the heading is stripped, and a body paragraph starting with a section number is
never a heading in the parse, the .md or the .docx."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.drafting.cleanup import clean_model_output, strip_repeated_number
from assistant.sections import find_heading, parse_draft

BODY = "（六）城镇居民人均可支配收入完成25852元，同比增长11.1%。"
DRAFT = f"# 报告\n\n## 一、2025年工作总结\n\n### （六）城镇居民增收\n\n{BODY}\n\n### （七）其他工作\n\n新建道路3公里。\n"


@pytest.mark.parametrize(
    ("raw", "heading", "expected"),
    [
        (BODY, "（六）城镇居民增收", "城镇居民人均可支配收入完成25852元，同比增长11.1%。"),
        ("(六) 城镇居民收入增长11.1%。", "（六）城镇居民增收", "城镇居民收入增长11.1%。"),
        ("六、城乡面貌改善，新建道路3公里。", "六、城乡建设", "城乡面貌改善，新建道路3公里。"),
        ("（五）其他工作。", "（六）城镇居民增收", "（五）其他工作。"),  # another number: left alone
        ("【本节任务】\n**全年完成投资1亿元。", "（一）经济", "全年完成投资1亿元。"),
        ("【初稿】全年完成投资1亿元。", "（一）经济", "全年完成投资1亿元。"),
        ("SECTION TASK: Revenue grew 12%.", "A. Results", "Revenue grew 12%."),
        ("2. Revenue grew 12%.", "2. Results", "Revenue grew 12%."),
    ],
)
def test_model_output_is_cleaned(raw: str, heading: str, expected: str) -> None:
    assert clean_model_output(raw, heading, heading, "zh" if "\u4e00" <= raw[-2] <= "\u9fff" else "en") == expected


def test_strip_repeated_number_without_a_numbered_heading() -> None:
    assert strip_repeated_number(BODY, "城镇居民增收") == BODY


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        (BODY, False),
        ("六、城镇居民人均可支配收入完成25852元，同比增长11.1%。", False),
        ("（六）城镇居民增收", True),
        ("（一）坚持稳中求进，经济运行平稳", True),  # a heading with a comma, no sentence end
        ("（一）经济运行稳中有进。全年完成投资1亿元。", True),  # a run-in heading
        ("一、2025年工作总结", True),
    ],
)
def test_a_numbered_body_sentence_is_not_a_heading(line: str, heading: bool) -> None:
    assert (find_heading(line) is not None) is heading


def test_the_body_paragraph_stays_body_in_the_parse_the_md_and_the_docx(tmp_path: Path) -> None:
    from docx import Document

    from assistant.export import to_docx, to_markdown

    tree = parse_draft(DRAFT)
    assert len(list(tree.walk())) == 3 and "城镇居民增收" in tree.sections[0].children[0].title
    assert BODY in tree.section_body(tree.sections[0].children[0].id)
    md = to_markdown(DRAFT)
    assert f"#### {BODY}" not in md and BODY in md
    assert len(list(parse_draft(md).walk())) == 3
    path = tmp_path / "d.docx"
    to_docx(DRAFT, path, language="zh")
    paragraphs = Document(str(path)).paragraphs
    body = [p for p in paragraphs if "25852" in p.text]
    assert body and all(not p.style.name.lower().startswith("heading") for p in body)
