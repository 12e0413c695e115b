"""Which indicator a figure is the value of (wave 8, issue 10): each general reading with accept and flag rows
(zh and en). A figure's indicator is read from the words its clause predicates it of, on both sides:

* a contrast of the statistic or the way of measuring (平均 / 最高 / 年末, 登记 / 调查, average / up to);
* the whole named for one part's value (城乡 for 农村's rate) when the notes split it;
* a per-head value stated as a total, or a total as per head (每户 / 人均 against a plain total);
* the words of the note's 其中 part line given to the total (稳定脱贫 for all who left poverty);
* the draft's words for a figure being another note line's, or another figure's of its line (再就业 / 新增);
* a rate whose draft subject is another note fact's name and shares nothing with its own;
* English note labels before a colon (``DOT difference: $10 million``) read as the figure's clause;
* the English count noun after the number (``100,000 veterans``) naming what another note line counts.
"""

from __future__ import annotations

import pytest

from assistant.check import FigureCheck, check_draft

ACCEPTING = ("verified", "approximate", "derived")


def status_of(notes: str, draft: str, figure: str) -> FigureCheck:
    return next(fc for fc in check_draft(notes, draft).figures if fc.figure.text == figure)


JOBS = "2024年就业笔记\n- 城镇新增就业8200人\n- 城镇调查失业率全年平均4.8%\n- 年末城镇调查失业率4.6%\n"
INCOME = "2024年民生笔记\n- 城镇居民人均可支配收入增长5.2%\n- 农村居民人均可支配收入增长7.4%\n"
RENT = "2024年住房保障\n- 86户家庭入住公租房，全年发放租赁补贴52.6万元\n- 人均住房面积32平方米\n"
POOR = "2018年脱贫要点\n- 贫困户215户430人全部脱贫\n  其中120户260人稳定增收\n- 新修村路36公里\n"
PORT = "2018年口岸\n- 机场旅客吞吐量突破180万人次\n  其中国际航线旅客增长42.6%\n- 新开航线6条\n"
WAIT = ("Benefits office - FY2024 notes\n- claims decided: 41,000\n- average processing time: 38 days; longest: 160 days\n"
        "- registered users: 12,500\n")
AUDIT = ("Grant data review - FY2024\n- DOT difference from the budget report: $12 million\n"
         "- HHS difference: $1.8 billion\n- awards reviewed: 640\n")
WORKS = "2020年城建\n- 新建雨水管线3200米，投资860万元\n- 背街小巷硬化改造，投资540万元\n- 新建公厕12座\n"
ABBR = "2016年回顾\n- 地区生产总值303.6亿元，增长7.2%\n2017年目标：\n- GDP增长7.5%\n- 固投增长10%\n"
DIBAO = "2024年民生\n- 农村低保平均标准提高到每人每月620元\n- 城镇新增就业8200人\n"
WORKERS = "Workforce notes - 2020\n- new jobs 4,300; re-employed 950\n- job fairs: 24\n"
SHOTS = "Vaccination notes - 2024\n- County 2030 goals: 90% first dose, 70% at 12 months\n- clinics: 14\n"
HELP = ("Respite program - FY2024 notes\n- families who used respite care: about 5,400\n"
        "- Respite Grant Program: nearly 80,000 volunteers trained\n")

ROWS = [
    # the statistic or the way of measuring differs (平均 / 最高, 调查 / 登记, average / up to)
    (JOBS, "一、2024年工作回顾\n城镇调查失业率全年最高为4.8%。", "4.8%", False),
    (JOBS, "一、2024年工作回顾\n全年城镇调查失业率平均为4.8%。", "4.8%", True),
    (JOBS, "一、2024年工作回顾\n城镇登记失业率为4.6%。", "4.6%", False),
    (JOBS, "一、2024年工作回顾\n年末调查失业率降至4.6%。", "4.6%", True),
    (DIBAO, "一、2024年工作回顾\n农村最低生活保障标准提高到每人每月620元。", "620元", True),
    (WAIT, "FY2024 Results\nClaimants waited up to 38 days for a decision.", "38 days", False),
    (WAIT, "FY2024 Results\nProcessing took 38 days on average.", "38 days", True),
    (WAIT, "FY2024 Results\nThe longest case took 160 days.", "160 days", True),
    # the whole named for one part's value
    (INCOME, "一、2024年工作回顾\n城乡居民人均可支配收入增长7.4%。", "7.4%", False),
    (INCOME, "一、2024年工作回顾\n农村居民人均可支配收入增长7.4%，快于城镇居民。", "7.4%", True),
    (INCOME, "一、2024年工作回顾\n城乡居民人均可支配收入分别增长5.2%和7.4%。", "7.4%", True),
    # per head as a total, and the reverse
    (RENT, "一、2024年工作回顾\n为86户家庭每户发放租赁补贴52.6万元。", "52.6万元", False),
    (RENT, "一、2024年工作回顾\n86户家庭入住公租房，发放租赁补贴共52.6万元。", "52.6万元", True),
    (RENT, "一、2024年工作回顾\n住房总面积达到32平方米。", "32平方米", False),
    # the part's words given to the total
    (POOR, "一、2018年工作回顾\n贫困人口430人全部实现稳定增收。", "430人", False),
    (POOR, "一、2018年工作回顾\n贫困户215户430人全部脱贫。", "430人", True),
    (POOR, "一、2018年工作回顾\n其中120户260人稳定增收。", "260人", True),
    # a rate given to another fact's name (the part's rate stated for the whole)
    (PORT, "一、2018年工作回顾\n机场旅客吞吐量突破180万人次，同比增长42.6%。", "42.6%", False),
    (PORT, "一、2018年工作回顾\n国际航线旅客同比增长42.6%。", "42.6%", True),
    # the draft's words for the figure are another note line's (its purpose), none of its own line's
    (WORKS, "一、2020年工作回顾\n投资860万元完成背街小巷硬化改造。", "860万元", False),
    (WORKS, "一、2020年工作回顾\n投资860万元新建雨水管线3200米。", "860万元", True),
    (WORKS, "一、2020年工作回顾\n完成背街小巷硬化改造，投资540万元。", "540万元", True),
    (ABBR, "三、2017年工作安排\n地区生产总值增长7.5%，固定资产投资增长10%。", "7.5%", True),
    # the English words for a figure are those of another figure of its line (jobs / re-employed)
    (WORKERS, "2020 Results\nRe-employment reached 4,300 people.", "4,300 people", False),
    (WORKERS, "2020 Results\nSome 4,300 new jobs were created.", "4,300", True),
    (WORKERS, "2020 Results\nAbout 950 people were re-employed.", "950 people", True),
    (SHOTS, "Background\nThe County 2030 goal for coverage at twelve months is 90%.", "90%", False),
    (SHOTS, "Background\nThe county aims for 90% first-dose coverage by 2030.", "90%", True),
    # an English note label before a colon names the figure's body
    (AUDIT, "Findings\nHHS's data differed from its budget report by $12 million.", "12 million", False),
    (AUDIT, "Findings\nAt the Department of Transportation, the gap was $12 million.", "12 million", True),
    # the English count noun names what another note line counts
    (HELP, "FY2024 Results\nThe Respite Grant Program trained nearly 80,000 families.", "80,000", False),
    (HELP, "FY2024 Results\nNearly 80,000 volunteers were trained by the grant program.", "80,000", True),
]


@pytest.mark.parametrize(("notes", "draft", "figure", "accept"), ROWS)
def test_indicator_wave8(notes: str, draft: str, figure: str, accept: bool) -> None:
    fc = status_of(notes, draft, figure)
    assert (fc.status in ACCEPTING) is accept, (fc.status, fc.reason)
    if not accept:
        assert fc.blocking
