"""Notes metadata: the organisation and the year / fiscal year / span a title or period line names
(issue 10, wave 5). An organisation never ends in a fragment of a year token (``GAO FY`` was read from
``GAO FY2025 results``); a title with no year never invents one; a span (``2011—2015年``) stays a span."""

from __future__ import annotations

import pytest

from assistant.notes import expand_terse, note_years, parse_notes, parse_title_line, period_label
from assistant.outline import make_outline


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # English: fiscal-year forms
        ("GAO FY2025 results", ("GAO", "2025")),
        ("GAO FY 2025 work notes", ("GAO", "2025")),
        ("GAO FY-2025 summary", ("GAO", "2025")),
        ("USPS FY25 notes", ("USPS", "2025")),
        ("GAO fiscal year 2025 notes", ("GAO", "2025")),
        ("GAO Fiscal Year 2025 report", ("GAO", "2025")),
        ("USPS 2025 fiscal year summary", ("USPS", "2025")),
        ("GAO FY2025 results - working notes", ("GAO", "2025")),
        ("Notes for the FY2025 report", ("", "2025")),
        ("Riverside 2024-25 annual report notes", ("Riverside", "2024–2025")),
        ("Riverside District 2025 work notes", ("Riverside District", "2025")),
        ("Acme Ltd – 2025 annual review notes", ("Acme Ltd", "2025")),
        ("Acme's 2025 accomplishments", ("Acme", "2025")),
        # Chinese
        ("某某局2025财年工作要点", ("某某局", "2025")),
        ("2025财年工作总结", ("", "2025")),
        ("海拉尔区2013年度工作总结", ("海拉尔区", "2013")),
        ("红星镇2011—2015年工作总结", ("红星镇", "2011—2015")),
        ("红星镇2011-2015年工作总结要点", ("红星镇", "2011—2015")),
        # not titles
        ("Revenue FY2025 report: up 5%", None),
        ("2026年目标：地区生产总值增长6%左右", None),
        ("2013年工作和2014年打算（口述整理）", None),  # two years: a title without one period (see below)
        ("工作要点（原始笔记）", None),
    ],
)
def test_title_line_organisation_and_period(line: str, expected: tuple[str, str] | None) -> None:
    assert parse_title_line(line) == expected
    if expected is not None and expected[0]:
        assert not expected[0].lower().endswith(("fy", "fiscal", "year", "财", "年"))


_BODY_ZH = "\n- 地区生产总值287.9亿元\n明年目标和安排：\n- 地区生产总值增长8%\n"
_BODY_EN = "\n- 1,833 new recommendations\nNext year:\n- support 3,210 FTEs\n"


@pytest.mark.parametrize(
    ("first_line", "body", "years", "title"),
    [
        ("GAO FY2025 results", _BODY_EN, (2025, 2026), "GAO: Summary of 2025 and Plan for 2026"),
        ("GAO FY 2025 summary", _BODY_EN, (2025, 2026), "GAO: Summary of 2025 and Plan for 2026"),
        ("USPS FY25 notes", _BODY_EN, (2025, 2026), "USPS: Summary of 2025 and Plan for 2026"),
        ("Period: fiscal year 2025", _BODY_EN, (2025, 2026), "Summary of 2025 and Plan for 2026"),
        ("Riverside 2024-25 annual report notes", _BODY_EN, (2025, 2026),
         "Riverside: Summary of 2025 and Plan for 2026"),
        ("某某局2025财年工作要点", _BODY_ZH, (2025, 2026), "某某局2025年工作总结暨2026年工作安排"),
        ("时期：2025财年", _BODY_ZH, (2025, 2026), "2025年工作总结暨2026年工作安排"),
        ("红星镇2011—2015年工作总结要点", _BODY_ZH, (2015, 2016), "红星镇2011—2015年工作总结暨2016年工作安排"),
        ("时期：2011—2015年", _BODY_ZH, (2015, 2016), "2011—2015年工作总结暨2016年工作安排"),
        # no year anywhere: the placeholder stays, nothing is invented
        ("工作要点（原始笔记）", _BODY_ZH, (None, None), "【年份】年工作总结暨【下一年份】年工作安排"),
        ("红星镇工作总结要点", _BODY_ZH, (None, None), "红星镇【年份】年工作总结暨【下一年份】年工作安排"),
        ("GAO results (raw notes)", _BODY_EN, (None, None), "Summary of [year] and Plan for [next year]"),
    ],
)
def test_notes_years_and_title(first_line: str, body: str, years: tuple[int | None, int | None], title: str) -> None:
    notes = parse_notes(first_line + body)
    assert note_years(notes) == years
    assert notes.year_missing is (years == (None, None))
    outline = make_outline(notes)
    assert outline.title == title
    assert notes.items[0].role == "metadata"  # the title / period line is never body text


def test_a_five_year_span_is_a_span_and_one_fiscal_year_is_one_year() -> None:
    assert period_label(parse_notes("红星镇2011—2015年工作总结要点" + _BODY_ZH)) == "2011—2015"
    assert period_label(parse_notes("Riverside 2024-25 annual report notes" + _BODY_EN)) is None
    assert period_label(parse_notes("GAO FY2025 results" + _BODY_EN)) is None


@pytest.mark.parametrize(
    ("text", "expanded"),
    [
        ("net losses since FY2007: $118 billion", "net losses since fiscal year 2007: $118 billion"),
        ("FY 2025 budget", "fiscal year 2025 budget"),
        ("FY25 budget", "FY25 budget"),  # spelling out FY25's year would add digits the notes lack
        ("the FY total", "the fiscal year total"),
    ],
)
def test_fy_expansion_keeps_the_year_apart(text: str, expanded: str) -> None:
    assert expand_terse(text, "en") == expanded


# --- an inline plan label: the text after it is a plan item ----------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- 新建蔬菜大棚200栋，下步：计划新建大棚300栋\n- 地区生产总值完成235.2亿元",
         [("新建蔬菜大棚200栋", "achievement"), ("计划新建大棚300栋", "plan"), ("地区生产总值完成235.2亿元", "achievement")]),
        ("旅游收入达到69亿元。下一步打算：旅游收入达到83亿元\n经济方面，地区生产总值完成235.2亿元",
         [("旅游收入达到69亿元。", "achievement"), ("旅游收入达到83亿元", "plan"),
          ("经济方面，地区生产总值完成235.2亿元", "achievement")]),
        ("- 社零100亿元；下一步工作打算：社零达到120亿元",
         [("社零100亿元", "achievement"), ("社零达到120亿元", "plan")]),
        ("- Built 3 clinics; next: open 5 more clinics\n- Revenue $12M",
         [("Built 3 clinics", "achievement"), ("open 5 more clinics", "plan"), ("Revenue $12M", "achievement")]),
        ("- Built 3 clinics. Next steps: open 5 more clinics",
         [("Built 3 clinics.", "achievement"), ("open 5 more clinics", "plan")]),
        ("- Revenue $12M, target for 2026: $15M", [("Revenue $12M", "achievement"), ("$15M", "plan")]),
        # a numbered item opening with a plan label heads the numbered items after it
        ("1. 航线44条\n2. 下步：年内新增商业营业面积15万平方米\n3. 投资总规模突破100亿元",
         [("航线44条", "achievement"), ("年内新增商业营业面积15万平方米", "plan"), ("投资总规模突破100亿元", "plan")]),
        # no label: nothing moves ("下一步" inside a sentence, a colon after an indicator)
        ("- 为下一步发展打下基础，新建道路3公里\n- 收入：120万元",
         [("为下一步发展打下基础，新建道路3公里", "achievement"), ("收入：120万元", "achievement")]),
    ],
)
def test_text_after_an_inline_plan_label_is_a_plan(text: str, expected: list[tuple[str, str]]) -> None:
    notes = parse_notes(text)
    assert [(i.text, i.role) for i in notes.items if i.role != "metadata"] == expected
    assert all(i.continues is None for i in notes.items if i.role == "plan")


@pytest.mark.parametrize(
    ("first_line", "organisation"),
    [
        ("红星镇工作要点（原始笔记）", "红星镇"),
        ("海拉尔区工作笔记", "海拉尔区"),
        ("市场监管局年度工作总结素材", "市场监管局"),
        ("全市工作要点", None),  # 全市 / 本局 / 我局: no name of an organisation
        ("本局工作要点", None),
        ("工作要点（原始笔记）", None),
    ],
)
def test_a_yearless_title_gives_its_organisation_and_no_year(first_line: str, organisation: str | None) -> None:
    notes = parse_notes(first_line + "\n- 新建日光温室31栋\n")
    assert notes.metadata.get("organisation") == organisation
    assert "period" not in notes.metadata  # a missing year is never invented
