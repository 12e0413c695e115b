"""Derivations that must not explain wrong values (issue 10, wave 7): a remainder of a whole is no licence
when the draft names other parts of it (其中城建类和民生类共84个 is no 105 − 21); a derived change keeps the
direction of its operands' years (2150万元 in 2014 → 1230万元 in 2016 is no 增加920万元); a share's whole is
the one the draft names ("of the receipts of $100 or more" is not all 14 receipts); the rest of a stated
whole is licensed across a threshold the notes state on the other side (13 of 14 receipts were "$100 or
more" when the notes give "1 receipt under $100"). The faithful sentences
beside them are still accepted."""

from __future__ import annotations

import pytest
from support import ACCEPTING, status_of

from assistant.check import BLOCKING

SCHOOLS = "2024年工作回顾\n- 新建学校20所，其中小学9所、初中6所、高中3所、职高2所\n"
LOANS = "几年对比\n- 创业担保贷款：2019年3200万元，2023年1800万元\n"
VISITS = "几年对比\n- 接待游客：2019年250万人次，2023年410万人次\n"
PERMITS = ("Permit office - FY2024\n- 40 permits issued, 6 appeals\n- permits over $5,000: 30\n"
           "- 12 permits not issued within 10 days\n")
OUTPUT = "2016 results\n- industrial output, large firms: 19.81 billion yuan (2014: 16.67 billion)\n"
RECEIPTS = ("Fund review - FY2024\n- 14 receipts, 4 deposits\n- receipts of $100 or more: 4 deposited within 7 days\n"
            "- 1 receipt under $100\n")
BUSES = "2024年工作回顾\n- 全县学校120所\n- 学生100人以下的学校35所\n- 学生100人以上的学校有校车的40所\n"
AGENCIES = "Review notes\n- 152 agencies surveyed; 49 did not report\n"


@pytest.mark.parametrize(
    ("notes", "draft", "figure"),
    [
        # a remainder with a remainder word: 20 − 9
        (SCHOOLS, "一、2024年工作回顾\n新建学校20所，其中小学9所，其余11所为中学。", "11所"),
        # parts of a stated whole, each named: 9 + 3 (not a computation of the whole)
        (SCHOOLS, "一、2024年工作回顾\n新建学校20所，其中小学和高中共12所。", "12所"),
        (OUTPUT, "2016 results\nOutput of large firms was 19.81 billion yuan, 18.8% higher than in 2014.", "18.8%"),
        # the rest of a whole across the threshold the notes give the other part by (14 − 1; 120 − 35)
        (RECEIPTS, "FY2024\nOf the fund's 14 receipts, 13 were for $100 or more.", "13"),
        (BUSES, "一、2024年工作回顾\n全县120所学校中，学生100人以上的学校85所。", "85所"),
        # a change in the direction of its years: 1800 − 3200 is a decrease of 1400
        (LOANS, "一、2023年工作回顾\n发放创业担保贷款1800万元，比2019年减少1400万元。", "1400万元"),
        (VISITS, "一、2023年工作回顾\n接待游客410万人次，比2019年增加160万人次。", "160万人次"),
        (VISITS, "一、2023年工作回顾\n接待游客410万人次，比2019年增长64%。", "64%"),
        # a remainder "did not" of a whole the draft states
        (AGENCIES, "Review\nOf the 152 agencies, 103 reported.", "103"),
        # a share of the whole the notes state under the words the draft uses
        (PERMITS, "FY2024\nAbout 30 percent of the permits were not issued within 10 days.", "30 percent"),
    ],
)
def test_faithful_derivations_accepted(notes: str, draft: str, figure: str) -> None:
    fc = status_of(notes, draft, figure)
    assert fc.status in ACCEPTING, (fc.status, fc.reason)


@pytest.mark.parametrize(
    ("notes", "draft", "figure"),
    [
        # parts named, a remainder of another part is no licence: 20 − 6 = 14 but the draft names 小学 and 高中
        (SCHOOLS, "一、2024年工作回顾\n新建学校20所，其中小学和高中共14所。", "14所"),
        # the same side of the threshold as the subtracted part, or a part on another line with no threshold
        (RECEIPTS, "FY2024\nOf the fund's 14 receipts, 13 were under $100.", "13"),
        (RECEIPTS, "FY2024\nOf the fund's 14 receipts, 10 were for $100 or more.", "10"),
        (BUSES, "一、2024年工作回顾\n全县120所学校中，学生100人以下的学校85所。", "85所"),
        (BUSES, "一、2024年工作回顾\n全县120所学校中，学生100人以上的学校80所。", "80所"),
        # a change against the direction of its years: the loans fell by 1400, they did not rise
        (LOANS, "一、2023年工作回顾\n发放创业担保贷款1800万元，比2019年增加1400万元。", "1400万元"),
        (VISITS, "一、2023年工作回顾\n接待游客410万人次，比2019年减少160万人次。", "160万人次"),
        (LOANS, "一、2023年工作回顾\n发放创业担保贷款1800万元，比2019年增长77.8%。", "77.8%"),
        (OUTPUT, "2016 results\nOutput of large firms was 16.67 billion yuan, 18.8% higher than in 2014.", "18.8%"),
        # a share of a whole the draft does not name: 12 / 40 = 30%, but the draft's whole is the 30 permits
        # over $5,000
        (PERMITS, "FY2024\nAbout 30 percent of the permits over $5,000 were not issued within 10 days.", "30 percent"),
    ],
)
def test_wrong_values_not_explained(notes: str, draft: str, figure: str) -> None:
    fc = status_of(notes, draft, figure)
    assert fc.status in BLOCKING, (fc.status, fc.reason)
