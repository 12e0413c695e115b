"""Derived figures and numerals of wave 5 (issue 10): a faithful value computed from the notes or written
as a word (其余17处, 占…的一半以上, 由…的11260元增加到, 人均600元, 年均9万亩, 年均增长8%, 翻一番, doubled,
halved, twice, the remaining 38 percent, "Of the 120 clinics, 83 did not", $120,000 each, a budget
table in thousands) is accepted with its formula; the same sentence with a value the arithmetic does
not give, or an approximate word that does not hold, is blocked."""

from __future__ import annotations

from decimal import Decimal

import pytest
from support import ACCEPTING, status_of

from assistant.check import BLOCKING
from assistant.figures import extract_figures

SCHOOLS = "2023年工作回顾\n- 排查安全隐患48处，已整改31处\n"
GRAIN = "2023年工作回顾\n- 全年粮食总产量52万吨\n- 其中玉米产量31.2万吨\n"
REVENUE = "2023年工作回顾\n- 全区营业收入86亿元\n- 其中服务业收入{part}亿元\n"
TRADE = "2023年工作回顾\n- 外贸进出口总额40亿元\n- 其中出口{part}亿元\n"
INCOME = "2020年工作回顾\n- 2020年农村居民人均可支配收入比2015年增加5120元，达到16380元\n"
TOWN = "2023年工作回顾\n- 全镇户籍人口2.5万人，集体经济收入1500万元\n"
FOREST = "五年工作回顾\n- 五年累计完成造林面积45万亩\n"
GDP = "五年工作回顾\n- 地区生产总值由2016年的120亿元增加到2021年的176.3亿元\n"
FIRMS = "五年工作回顾\n- 高新技术企业由2019年的35家增加到2023年的{n}家\n"
SECTORS = "2023年工作回顾\n- 一产、二产增加值分别为18.6亿元、42.3亿元\n"
URBAN = "五年工作回顾\n- 城镇化率由2015年的52.1%提高到2020年的57.6%\n"
DRUGS = "2023年工作回顾\n- 旅游收入12亿元，占服务业增加值的1/4\n"
DEPOSITS = "2023年工作回顾\n- 全县金融机构存款余额100亿元\n"
PARCELS = "2023年工作回顾\n- 快递业务量增长13.8%\n"

BROADBAND = "Connectivity notes\n- broadband subscribers: 12,400 (2021) -> 25,100 (2024)\n"
SOLAR = "Energy notes\n- solar capacity: 40 MW in 2020, 118 MW in 2025\n"
PERMITS = "Permit office notes\n- average permit wait: 64 days (2022) -> {days} days (2025)\n"
ROADS = "Budget notes\n- county road budget $18 million; bridge budget $9.2 million\n"
GRANTS = "Grant notes\n- 62% of grant funds went to rural counties\n"
CLINICS = "Clinic review\n- 37 of 120 clinics met the new staffing standard\n"
DISTRICTS = "School aid notes\n- $4.2 million distributed across 35 school districts\n"
OPERATING = "Budget notes\n- total operating budget: $250 million\n- IT spending: $31 million\n"
ONTIME = "Transit notes\n- on-time rate 2023: 81%\n- on-time rate 2025: 88.5%\n"
SALARIES = "Budget table (dollars in thousands)\nsalaries FY2024: $512,300\nsalaries FY2025: $540,900\n"
VISITORS = "Museum notes\n- visitors: 80,000 in 2023, 100,000 in 2024\n"
TOURISM = "2023年工作回顾\n- 2022年旅游收入45亿元\n- 2023年旅游收入{v}亿元\n"
NEW_SCHOOLS = "2023年工作回顾\n- 新建学校12所，其中小学7所\n"
VILLAGES = "2023年工作回顾\n- 全镇42个行政村中，{n}个村集体经济收入超过10万元\n"
EXPORTS = "五年工作回顾\n- 外贸出口额由2018年的6.2亿元增加到2023年的{v}亿元\n"
FUNDS = "2023年工作回顾\n- 2022年招商引资到位资金38.5亿元\n- 2023年招商引资到位资金45.2亿元\n"
PLAN = "2023年工作回顾\n- 固定资产投资完成52亿元，年度计划45亿元\n"
PLANTING = "2023年工作回顾\n- 2021年造林1.2万亩\n- 2022年造林1.5万亩\n- 2023年造林1.8万亩\n"
GROWTH_RATES = "2023年工作回顾\n- 规上工业增加值增长8.2%，全省平均增长6.1%\n"
RIDERS = "Transit notes\n- ridership FY2024: 4.8 million\n- ridership FY2025: 4.3 million\n"
HOUSING = "Housing notes\n- 1,240 units permitted in 2024, 310 of them affordable\n"
REQUEST = "Budget notes\n- FY2025 enacted: $84.0 million\n- FY2026 request: $91.6 million\n"
PEOPLE = "2023年工作回顾\n- 地区生产总值287.9亿元\n- 常住人口26.5万人\n"
TOURISTS = "2023年工作回顾\n- 全年接待游客320万人次，实现旅游收入28.8亿元\n"
HARVESTS = "三年工作回顾\n- 2021—2023年粮食产量分别为48.2万吨、50.1万吨、52.6万吨\n"
ONTIME3 = "Transit notes\n- on-time rate: 87% (2023), 90% (2024), 96% (2025)\n"
CENTERS = "Library notes\n- branch visits: 3,100 in 2019, {v} in 2024\n"


@pytest.mark.parametrize(
    ("notes", "draft", "figure"),
    [
        # the rest of a whole: 48 − 31
        (SCHOOLS, "一、2023年工作回顾\n排查安全隐患48处，已整改31处，其余17处正在整改。", "17处"),
        # a share of a total stated on another line
        (GRAIN, "一、2023年工作回顾\n玉米产量31.2万吨，占粮食总产量的60%。", "60%"),
        # an approximate word that holds: 47 / 86 = 54.7%, 11.5 / 40 = 28.75%
        (REVENUE.format(part=47), "一、2023年工作回顾\n服务业收入47亿元，占营业收入的一半以上。", "一半以上"),
        (TRADE.format(part=11.5), "一、2023年工作回顾\n出口11.5亿元，接近进出口总额的三成。", "三成"),
        (PARCELS, "一、2023年工作回顾\n快递业务量增长一成以上。", "一成以上"),
        # numerals: 百亿元, 1/4 in the notes against 四分之一
        (DEPOSITS, "一、2023年工作回顾\n全县金融机构存款余额达到百亿元。", "百亿元"),
        (DRUGS, "一、2023年工作回顾\n旅游收入约占服务业增加值的四分之一。", "四分之一"),
        # a start value: 16380 − 5120
        (INCOME, "一、2020年工作回顾\n农村居民人均可支配收入由2015年的11260元增加到2020年的16380元。", "11260元"),
        # per head, per year, a yearly rate over the years the notes give
        (TOWN, "一、2023年工作回顾\n集体经济收入1500万元，人均600元。", "600元"),
        (FOREST, "一、五年工作回顾\n五年累计完成造林面积45万亩，年均9万亩。", "9万亩"),
        (GDP, "一、五年工作回顾\n地区生产总值由2016年的120亿元增加到2021年的176.3亿元，年均增长8%。", "8%"),
        (FIRMS.format(n=71), "一、五年工作回顾\n高新技术企业数量翻一番。", "翻一番"),
        # a sum of a 分别 list; percentage points between two rates
        (SECTORS, "一、2023年工作回顾\n一产、二产增加值合计60.9亿元。", "60.9亿元"),
        (URBAN, "一、五年工作回顾\n城镇化率提高5.5个百分点。", "5.5个百分点"),
        # English: word multiples, complements, parts of a whole, per unit, shares, points, tables
        (BROADBAND, "Connectivity\nBroadband subscribers more than doubled since 2021.", "doubled"),
        (SOLAR, "Energy\nSolar capacity nearly tripled over five years.", "tripled"),
        (PERMITS.format(days=32), "Permits\nThe average permit wait was halved.", "halved"),
        (ROADS, "Budget\nThe road budget is about twice the bridge budget.", "twice"),
        (GRANTS, "Grants\nThe remaining 38 percent of grant funds went to urban counties.", "38 percent"),
        (CLINICS, "Clinics\nOf the 120 clinics, 83 did not meet the staffing standard.", "83"),
        (DISTRICTS, "School aid\nDistricts received about $120,000 each on average.", "$120,000"),
        (OPERATING, "Budget\nIT spending made up about 12 percent of the operating budget.", "12 percent"),
        (ONTIME, "Transit\nThe on-time rate rose 7.5 percentage points.", "7.5 percentage points"),
        (SALARIES, "Budget\nSalaries would grow by $28.6 million.", "$28.6 million"),
        (SALARIES, "Budget\nSalaries total about $540.9 million in FY2025.", "$540.9 million"),
        (VISITORS, "Museum\nVisitors increased by a quarter.", "a quarter"),
        # growth between two years' values on two lines; the rest of a 其中 breakdown
        (TOURISM.format(v=52.2), "一、2023年工作回顾\n旅游收入比上年增长16%。", "16%"),
        (NEW_SCHOOLS, "一、2023年工作回顾\n新建学校12所，其中小学7所、中学5所。", "5所"),
        # word numerals with their own step: 三成多, 半数以上, 过半, 一倍多, 翻两番, tenfold
        (TOURISM.format(v=59.4), "一、2023年工作回顾\n旅游收入增长三成多。", "三成多"),
        (VILLAGES.format(n=25), "一、2023年工作回顾\n半数以上的行政村集体经济收入超过10万元。", "半数以上"),
        (VILLAGES.format(n=25), "一、2023年工作回顾\n集体经济收入超过10万元的村占比过半。", "过半"),
        (EXPORTS.format(v=14.1), "一、五年工作回顾\n外贸出口额增加了一倍多。", "一倍"),
        (EXPORTS.format(v=25.1), "一、五年工作回顾\n外贸出口额翻了两番。", "翻了两番"),
        (CENTERS.format(v="31,400"), "Libraries\nBranch visits saw a tenfold increase since 2019.", "tenfold"),
        # a change between two lines' values; a share of a plan over 100%; a sum of three years
        (FUNDS, "一、2023年工作回顾\n招商引资到位资金比上年增加6.7亿元。", "6.7亿元"),
        (PLAN, "一、2023年工作回顾\n固定资产投资完成52亿元，为年度计划的115.6%。", "115.6%"),
        (PLANTING, "一、三年工作回顾\n三年累计造林4.5万亩。", "4.5万亩"),
        (GROWTH_RATES, "一、2023年工作回顾\n规上工业增加值增速高于全省平均2.1个百分点。", "2.1个百分点"),
        (RIDERS, "Transit\nRidership fell about 10 percent in FY2025.", "10 percent"),
        (RIDERS, "Transit\nRidership fell by 500,000 riders in FY2025.", "500,000"),
        (HOUSING, "Housing\nOne in four permitted units was affordable.", "One in four"),
        (HOUSING, "Housing\nThe other 930 units were market-rate.", "930"),
        # per head of the population stated on another line; per visitor of a count the sentence names
        (PEOPLE, "一、2023年工作回顾\n人均地区生产总值达到10.9万元。", "10.9万元"),
        (TOURISTS, "一、2023年工作回顾\n游客人均消费900元。", "900元"),
        # the mean of one indicator's values over the years
        (HARVESTS, "一、三年工作回顾\n三年平均粮食产量50.3万吨。", "50.3万吨"),
        (ONTIME3, "Transit\nThe on-time rate averaged 91 percent over the three years.", "91 percent"),
        # two indicators the sentence names each by its own words (the request, the enacted level)
        (REQUEST, "Budget\nThe request is 9 percent more than the enacted level.", "9 percent"),
        (REQUEST, "Budget\nThe request is $7.6 million more than the enacted level.", "$7.6 million"),
    ],
)
def test_a_faithful_derived_value_or_numeral_is_accepted(notes: str, draft: str, figure: str) -> None:
    fc = status_of(notes, draft, figure)
    assert fc.status in ACCEPTING, fc.reason


@pytest.mark.parametrize(
    ("notes", "draft", "figure"),
    [
        (SCHOOLS, "一、2023年工作回顾\n排查安全隐患48处，已整改31处，其余15处正在整改。", "15处"),
        (GRAIN, "一、2023年工作回顾\n玉米产量31.2万吨，占粮食总产量的70%。", "70%"),
        # 39 / 86 = 45%: not 一半以上, though another pair of the notes' amounts may give 54%
        (REVENUE.format(part=39) + "- 新签约项目投资30亿元，完成投资55.2亿元\n",
         "一、2023年工作回顾\n服务业收入39亿元，占营业收入的一半以上。", "一半以上"),
        (TRADE.format(part=14), "一、2023年工作回顾\n出口14亿元，接近进出口总额的三成。", "三成"),
        (INCOME, "一、2020年工作回顾\n农村居民人均可支配收入由2015年的12260元增加到2020年的16380元。", "12260元"),
        (TOWN, "一、2023年工作回顾\n集体经济收入1500万元，人均800元。", "800元"),
        (FOREST, "一、五年工作回顾\n五年累计完成造林面积45万亩，年均11万亩。", "11万亩"),
        (GDP, "一、五年工作回顾\n地区生产总值由2016年的120亿元增加到2021年的176.3亿元，年均增长10%。", "10%"),
        (FIRMS.format(n=49), "一、五年工作回顾\n高新技术企业数量翻一番。", "翻一番"),
        (SECTORS, "一、2023年工作回顾\n一产、二产增加值合计62.9亿元。", "62.9亿元"),
        (URBAN, "一、五年工作回顾\n城镇化率提高6.5个百分点。", "6.5个百分点"),
        (SOLAR, "Energy\nSolar capacity nearly doubled over five years.", "doubled"),
        (PERMITS.format(days=45), "Permits\nThe average permit wait was halved.", "halved"),
        (GRANTS, "Grants\nThe remaining 42 percent of grant funds went to urban counties.", "42 percent"),
        (CLINICS, "Clinics\nOf the 120 clinics, 80 did not meet the staffing standard.", "80"),
        (DISTRICTS, "School aid\nDistricts received about $150,000 each on average.", "$150,000"),
        (OPERATING, "Budget\nIT spending made up about 20 percent of the operating budget.", "20 percent"),
        (SALARIES, "Budget\nSalaries would grow by $31.6 million.", "$31.6 million"),
        # a difference of two counts of different things explains nothing (240 permits − 15 inspectors)
        ("Permit office notes\n- 240 permits issued and 15 inspectors hired\n",
         "Permits\nThe other 225 permits were renewals.", "225"),
        (TOURISM.format(v=52.2), "一、2023年工作回顾\n旅游收入比上年增长26%。", "26%"),
        (NEW_SCHOOLS, "一、2023年工作回顾\n新建学校12所，其中小学7所、中学6所。", "6所"),
        (TOURISM.format(v=51), "一、2023年工作回顾\n旅游收入增长三成多。", "三成多"),
        (VILLAGES.format(n=19), "一、2023年工作回顾\n半数以上的行政村集体经济收入超过10万元。", "半数以上"),
        (EXPORTS.format(v=11.9), "一、五年工作回顾\n外贸出口额增加了一倍多。", "一倍"),
        (EXPORTS.format(v=18.6), "一、五年工作回顾\n外贸出口额翻了两番。", "翻了两番"),
        (CENTERS.format(v="9,400"), "Libraries\nBranch visits saw a tenfold increase since 2019.", "tenfold"),
        (FUNDS, "一、2023年工作回顾\n招商引资到位资金比上年增加7.7亿元。", "7.7亿元"),
        (PLAN, "一、2023年工作回顾\n固定资产投资完成52亿元，为年度计划的125.6%。", "125.6%"),
        (PLANTING, "一、三年工作回顾\n三年累计造林5.5万亩。", "5.5万亩"),
        (GROWTH_RATES, "一、2023年工作回顾\n规上工业增加值增速高于全省平均3.1个百分点。", "3.1个百分点"),
        (RIDERS, "Transit\nRidership fell about 20 percent in FY2025.", "20 percent"),
        (HOUSING, "Housing\nOne in three permitted units was affordable.", "One in three"),
        (REQUEST, "Budget\nThe request is 12 percent more than the enacted level.", "12 percent"),
        (REQUEST, "Budget\nThe request is $9.6 million more than the enacted level.", "$9.6 million"),
        (PEOPLE, "一、2023年工作回顾\n人均地区生产总值达到12.9万元。", "12.9万元"),
        (TOURISTS, "一、2023年工作回顾\n游客人均消费1100元。", "1100元"),
        (HARVESTS, "一、三年工作回顾\n三年平均粮食产量52.3万吨。", "52.3万吨"),
        (ONTIME3, "Transit\nThe on-time rate averaged 93 percent over the three years.", "93 percent"),
        # a start value is a level less its change, never the end less the start (15 − 7 is no 8种)
        ("五年工作回顾\n- 免疫规划疫苗由7种扩大到15种\n", "一、五年工作回顾\n免疫规划疫苗由8种扩大到15种。", "8种"),
        # an invented figure next to many related ones stays unsupported
        (GDP + SECTORS + TOWN, "一、2023年工作回顾\n新增就业岗位3870个。", "3870个"),
    ],
)
def test_a_derived_value_the_arithmetic_does_not_give_is_blocked(notes: str, draft: str, figure: str) -> None:
    fc = status_of(notes, draft, figure)
    assert fc.status in BLOCKING, fc.reason


@pytest.mark.parametrize(
    ("text", "figure", "value", "kind", "approx"),
    [
        ("资产总额达到百亿元", "百亿元", "10000000000", "money", None),
        ("建成千万吨级炼化基地", None, None, None, None),  # 千万吨级: a class of plant, no figure
        ("千万不能放松", None, None, None, None),
        ("缴获量占全区总量1/4", "1/4", "0.25", "fraction", None),
        ("on 1/4 we met", None, None, None, None),
        ("超过总投资的三分之一", "三分之一", None, "fraction", "over"),
        ("不到全市的一半", "一半", "50", "percent", "under"),
        ("revenue doubled", "doubled", "2", "multiple", None),
        ("exports nearly tripled", "tripled", "3", "multiple", "nearly"),
        ("the backlog was halved", "halved", "50", "percent", None),
        ("about twice annual revenues", "twice", "2", "multiple", "about"),
        ("the board met twice a year", None, None, None, None),
        ("the double-digit growth", None, None, None, None),
        ("半数以上的村", "半数以上", "50", "percent", "over"),
        ("占比过半", "过半", "50", "percent", "over"),
        ("经过半年努力", None, None, None, None),
        ("增长三成多", "三成多", "30", "percent", "over"),
        ("百分之九十以上", "百分之九十以上", "90", "percent", "over"),
        ("翻了两番", "翻了两番", "4", "multiple", None),
        ("增加了一倍多", "一倍多", "1", "multiple", "over"),
        ("a tenfold increase", "tenfold", "10", "multiple", None),
    ],
)
def test_numeral_words_read(text: str, figure: str | None, value: str | None, kind: str | None,
                            approx: str | None) -> None:
    figs = [f for f in extract_figures(text) if not f.ignored and f.value is not None]
    if figure is None:
        assert figs == [], figs
        return
    (f,) = figs
    assert f.text == figure and f.kind == kind and f.approx == approx
    if value is not None:
        assert f.value == Decimal(value)
