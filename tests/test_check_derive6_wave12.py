"""Rescaled and derived figures as drafters really write them (issue 10, wave 12), and wrong ones beside them.

Power and energy in any unit of their dimension (GW / MW / kW / 万千瓦 / "million kilowatts", kWh / MWh / TWh /
亿千瓦时 / 亿度); amounts written at another scale ("$1.53T", "2.3 tn", "$4,600 million", "1,200 million");
sums and differences of two note values across mixed scales; a share of a total from two lines; rounding with
超过/近/约/over/nearly/more than — and the wrong ones: a sum that is off, a share of the wrong total, a value
rounded across the threshold its qualifier names.
"""

from __future__ import annotations

import pytest
from support import ACCEPTING, status_of

from assistant.check import BLOCKING
from assistant.figures import extract_figures

ENERGY = ("Energy review 2025\n- new wind and solar capacity 3.2 GW\n- rooftop solar 450 MW\n"
          "- electricity generated 12.6 TWh\n- battery storage 800 MWh\n- staff 120\n")
ENERGY_ZH = ("2025年能源工作\n- 新增新能源装机320万千瓦\n- 分布式光伏45万千瓦\n- 全社会用电量126亿千瓦时\n"
             "- 新建储能电站8座\n")
BUDGET = ("Budget notes FY2025\n- revenue $4.6B; spending $4.45B\n- grants: federal $1.2B + state $350M\n"
          "- public debt 2.3 tn yuan\n- reserves $820 million\n- capital plan 12.5 bn yuan\n")
LOANS = "Loan servicing audit (Sep 2025)\n- portfolio: Direct $1.27T + guaranteed $64B\n- servicers 5\n"
BUDGET_ZH = ("2025年财政\n- 一般公共预算收入12.3亿元，其中税收收入9.84亿元\n- 政府债务余额1.2万亿元\n"
             "- 上级转移支付8600万元；本级安排4.2亿元\n")
GRAIN_ZH = "2025年农业\n- 粮食产量1347万吨\n- 造林3万公顷\n- 高标准农田建设8.5万亩\n- 农村劳务收入58.6亿元\n"
GRAIN = ("Agriculture 2025\n- grain output 13.47 million tonnes\n- forest planted 30,000 hectares\n"
         "- farm labour income 5.86 billion yuan\n")
VISITS_ZH = "旅游工作\n- 接待游客：2020年410万人次，2025年820万人次\n- 旅游收入2025年63亿元\n"
VISITS = "Tourism notes\n- visitors: 2020 4.1 million, 2025 8.2 million\n- revenue 2025 6.3 billion yuan\n"
COUNTS_ZH = ("2025年完成情况\n- 省列重大项目304个\n- “两重”任务争取162项；中央预算内投资465.8亿元\n"
             "- 新建学校4所\n")
CONSUME_ZH = ("2025年\n- 促消费活动拉动消费75亿元\n- 农牧民转移就业66万人，劳务收入75.4亿元\n"
              "- 城镇新增就业5.1万人\n")
CONSUME = ("2025\n- consumption campaigns drove spending of 75 billion yuan\n"
           "- migrant workers 660,000, labour income 75.4 billion yuan\n- new urban jobs 51,000\n")


@pytest.mark.parametrize(
    ("notes", "draft", "figure"),
    [
        # power and energy in another unit of their dimension
        (ENERGY, "Summary of 2025\nThe county added 3.2 million kilowatts of wind and solar capacity.",
         "3.2 million kilowatts"),
        (ENERGY, "Summary of 2025\nNew wind and solar capacity reached 3,200 megawatts.", "3,200 megawatts"),
        (ENERGY, "Summary of 2025\nNew wind and solar capacity reached 3,200 MW.", "3,200 MW"),
        (ENERGY, "Summary of 2025\nRooftop solar added 0.45 GW.", "0.45 GW"),
        (ENERGY, "Summary of 2025\nRooftop solar added 450,000 kilowatts.", "450,000 kilowatts"),
        (ENERGY, "Summary of 2025\nPlants generated 12.6 billion kilowatt-hours of electricity.",
         "12.6 billion kilowatt-hours"),
        (ENERGY, "Summary of 2025\nPlants generated 12.6 billion kWh of electricity.", "12.6 billion kWh"),
        (ENERGY, "Summary of 2025\nPlants generated 12,600 GWh of electricity.", "12,600 GWh"),
        (ENERGY, "Summary of 2025\nBattery storage of 800 megawatt-hours was installed.", "800 megawatt-hours"),
        (ENERGY, "Summary of 2025\nBattery storage of 0.8 GWh was installed.", "0.8 GWh"),
        (ENERGY_ZH, "一、2025年工作回顾\n新增新能源装机3200兆瓦。", "3200兆瓦"),
        (ENERGY_ZH, "一、2025年工作回顾\n新增新能源装机3.2吉瓦。", "3.2吉瓦"),
        (ENERGY_ZH, "一、2025年工作回顾\n全社会用电量达到126亿度。", "126亿度"),
        (ENERGY_ZH, "一、2025年工作回顾\n全社会用电量达到126亿千瓦时。", "126亿千瓦时"),
        # amounts at another scale
        (BUDGET, "FY2025 in Review\nRevenue reached $4.6 billion.", "$4.6 billion"),
        (BUDGET, "FY2025 in Review\nRevenue reached $4,600 million.", "$4,600 million"),
        (BUDGET, "FY2025 in Review\nRevenue reached 4.6 billion dollars.", "4.6 billion dollars"),
        (BUDGET, "FY2025 in Review\nPublic debt stood at 2.3 trillion yuan.", "2.3 trillion yuan"),
        (BUDGET, "FY2025 in Review\nPublic debt stood at 2,300 billion yuan.", "2,300 billion yuan"),
        (BUDGET, "FY2025 in Review\nReserves were $0.82 billion.", "$0.82 billion"),
        (BUDGET, "FY2025 in Review\nThe capital plan was 12.5 billion yuan.", "12.5 billion yuan"),
        (BUDGET, "FY2025 in Review\nThe capital plan was RMB 12,500 million.", "12,500 million"),
        # sums and differences of two note values across scales
        (BUDGET, "FY2025 in Review\nGrants totalled $1.55 billion.", "$1.55 billion"),
        (BUDGET, "FY2025 in Review\nFederal and state grants together came to about $1.6 billion.", "$1.6 billion"),
        (BUDGET, "FY2025 in Review\nRevenue exceeded spending by $150 million.", "$150 million"),
        (LOANS, "Findings\nThe loan portfolio totals about $1.33 trillion.", "$1.33 trillion"),
        (LOANS, "Findings\nThe loan portfolio totals $1,334 billion.", "$1,334 billion"),
        (LOANS, "Findings\nDirect loans made up $1.27 trillion of the portfolio.", "$1.27 trillion"),
        (BUDGET_ZH, "一、2025年工作回顾\n上级转移支付和本级安排资金合计5.06亿元。", "5.06亿元"),
        (BUDGET_ZH, "一、2025年工作回顾\n政府债务余额1.2万亿元。", "1.2万亿元"),
        (BUDGET_ZH, "一、2025年工作回顾\n政府债务余额12000亿元。", "12000亿元"),
        # a share of the total from two lines
        (BUDGET_ZH, "一、2025年工作回顾\n税收收入9.84亿元，占一般公共预算收入的80%。", "80%"),
        (BUDGET_ZH, "一、2025年工作回顾\n税收收入9.84亿元，占一般公共预算收入的八成。", "八成"),
        # area, mass and energy rescaled in Chinese
        (GRAIN_ZH, "一、2025年工作回顾\n粮食产量达到269.4亿斤。", "269.4亿斤"),
        (GRAIN_ZH, "一、2025年工作回顾\n完成造林45万亩。", "45万亩"),
        (GRAIN_ZH, "一、2025年工作回顾\n建成高标准农田约5667公顷。", "5667公顷"),
        # rounding with a qualifier on the right side of the value
        (GRAIN_ZH, "一、2025年工作回顾\n粮食产量超过1300万吨。", "1300万吨"),
        (GRAIN_ZH, "一、2025年工作回顾\n粮食产量近1350万吨。", "1350万吨"),
        (GRAIN_ZH, "一、2025年工作回顾\n农村劳务收入超过58亿元。", "58亿元"),
        (GRAIN, "2025 in Review\nGrain output was nearly 13.5 million tonnes.", "13.5 million tonnes"),
        (GRAIN, "2025 in Review\nGrain output topped 13 million tonnes.", "13 million tonnes"),
        (GRAIN, "2025 in Review\nFarm labour income was more than 5.8 billion yuan.", "5.8 billion yuan"),
        (GRAIN, "2025 in Review\nFarm labour income was over 5.8bn yuan.", "5.8bn"),
        (CONSUME_ZH, "一、2025年工作回顾\n农牧民转移就业66万人，实现劳务收入超过75亿元。", "75亿元"),
        (CONSUME_ZH, "一、2025年工作回顾\n农牧民转移就业66万人，劳务收入逾75亿元。", "75亿元"),
        (CONSUME, "2025 in Review\nMigrant workers earned over 75 billion yuan in labour income.",
         "75 billion yuan"),
        # growth between two years' values: doubled, 翻一番, 增长1倍
        (VISITS_ZH, "一、“十四五”回顾\n接待游客由2020年的410万人次增加到2025年的820万人次，翻了一番。", "820万人次"),
        (VISITS_ZH, "一、“十四五”回顾\n接待游客五年增长1倍。", "1倍"),
        (VISITS_ZH, "一、“十四五”回顾\n接待游客五年增长100%。", "100%"),
        (VISITS, "2021-2025 in Review\nVisitor numbers rose 100% over five years, to 8.2 million.", "100%"),
        (VISITS, "2021-2025 in Review\nVisitors rose from 4.1 million in 2020 to 8.2 million in 2025.", "4.1 million"),
        # a count under another general measure word for the same noun
        (COUNTS_ZH, "一、2025年工作回顾\n积极争取国家支持，“两重”建设任务达到162个。", "162个"),
        (COUNTS_ZH, "一、2025年工作回顾\n省列重大项目达到304项。", "304项"),
    ],
)
def test_faithful_figures_are_accepted(notes: str, draft: str, figure: str) -> None:
    check = status_of(notes, draft, figure)
    assert check.status in ACCEPTING, check.reason


@pytest.mark.parametrize(
    ("notes", "draft", "figure"),
    [
        # the wrong scale or unit step
        (ENERGY, "Summary of 2025\nThe county added 32 million kilowatts of wind and solar capacity.",
         "32 million kilowatts"),
        (ENERGY, "Summary of 2025\nRooftop solar added 4.5 GW.", "4.5 GW"),
        (ENERGY, "Summary of 2025\nPlants generated 1.26 billion kWh of electricity.", "1.26 billion kWh"),
        (ENERGY_ZH, "一、2025年工作回顾\n新增新能源装机32万千瓦。", "32万千瓦"),
        (ENERGY_ZH, "一、2025年工作回顾\n全社会用电量达到12.6亿度。", "12.6亿度"),
        (BUDGET, "FY2025 in Review\nRevenue reached $46 billion.", "$46 billion"),
        (BUDGET, "FY2025 in Review\nPublic debt stood at 23 trillion yuan.", "23 trillion yuan"),
        (BUDGET_ZH, "一、2025年工作回顾\n政府债务余额1.2亿元。", "1.2亿元"),
        # a sum or difference that is off
        (BUDGET, "FY2025 in Review\nGrants totalled $1.65 billion.", "$1.65 billion"),
        (BUDGET, "FY2025 in Review\nRevenue exceeded spending by $250 million.", "$250 million"),
        (LOANS, "Findings\nThe loan portfolio totals about $1.41 trillion.", "$1.41 trillion"),
        (BUDGET_ZH, "一、2025年工作回顾\n上级转移支付和本级安排资金合计5.16亿元。", "5.16亿元"),
        # a share of the wrong total
        (BUDGET_ZH, "一、2025年工作回顾\n税收收入9.84亿元，占一般公共预算收入的85%。", "85%"),
        # area and mass rescaled wrongly
        (GRAIN_ZH, "一、2025年工作回顾\n完成造林45万公顷。", "45万公顷"),
        (GRAIN_ZH, "一、2025年工作回顾\n粮食产量达到2694亿斤。", "2694亿斤"),
        # rounded across the threshold its qualifier names
        (GRAIN_ZH, "一、2025年工作回顾\n粮食产量超过1350万吨。", "1350万吨"),
        (GRAIN_ZH, "一、2025年工作回顾\n农村劳务收入超过60亿元。", "60亿元"),
        (GRAIN, "2025 in Review\nGrain output topped 13.5 million tonnes.", "13.5 million tonnes"),
        (GRAIN, "2025 in Review\nFarm labour income was more than 6 billion yuan.", "6 billion yuan"),
        (CONSUME_ZH, "一、2025年工作回顾\n农牧民转移就业66万人，实现劳务收入超过76亿元。", "76亿元"),
        (CONSUME, "2025 in Review\nMigrant workers earned over 76 billion yuan in labour income.",
         "76 billion yuan"),
        # growth that the two values do not give
        (VISITS_ZH, "一、“十四五”回顾\n接待游客五年增长2倍。", "2倍"),
        (VISITS, "2021-2025 in Review\nVisitor numbers rose 120% over five years, to 8.2 million.", "120%"),
        # a count of another noun
        (COUNTS_ZH, "一、2025年工作回顾\n新建学校162所。", "162所"),
    ],
)
def test_wrong_figures_are_flagged(notes: str, draft: str, figure: str) -> None:
    check = status_of(notes, draft, figure)
    assert check.status in BLOCKING, check.reason


@pytest.mark.parametrize(
    ("text", "unit", "value"),
    [
        ("new renewable capacity 10.04 GW", "千瓦", "10040000"),
        ("10.04 million kilowatts", "千瓦", "10040000"),
        ("450 megawatts", "千瓦", "450000"),
        ("1 gigawatt", "千瓦", "1000000"),
        ("12.6 TWh", "千瓦时", "12600000000"),
        ("800 MWh", "千瓦时", "800000"),
        ("12.6 billion kilowatt-hours", "千瓦时", "12600000000"),
        ("12.6 billion kilowatt hours", "千瓦时", "12600000000"),
        ("3200兆瓦", "千瓦", "3200000"),
        ("126亿度", "千瓦时", "12600000000"),
        ("Direct Loans $1.53T", "USD", "1530000000000"),
        ("debt 2.3 tn yuan", "元", "2300000000000"),
        ("debt 2.3tn yuan", "元", "2300000000000"),
        ("spending $4.45bn", "USD", "4450000000"),
        ("grants $350M", "USD", "350000000"),
        ("reserves $820 mn", "USD", "820000000"),
    ],
)
def test_scales_and_energy_units_are_read(text: str, unit: str, value: str) -> None:
    found = [f for f in extract_figures(text) if not f.ignored and f.value is not None]
    assert found, text
    assert (found[-1].unit, found[-1].value.normalize()) == (unit, __import__("decimal").Decimal(value).normalize())


JOBS = ("City notes 2025\n- residents 250,000\n- new jobs 12,000 (2024: 6,000)\n- jobless rate 4.2% (2024: 5.0%)\n"
        "- households 80,000, of which 16,000 low-income\n- budget 1.2 billion dollars; education 400 million dollars\n"
        "- traffic deaths 50\n- homes built 100,000+\n- growth target 5-6%\n- exports 3,600 (2020: 1,200)\n")
JOBS_ZH = ("2025年\n- 常住人口25万人\n- 新增就业1.2万人（2024年6000人）\n- 城镇登记失业率4.2%（2024年5.0%）\n"
           "- 户数8万户，其中低收入户1.6万户\n- 财政支出12亿元，其中教育4亿元\n- 出口额3600万美元（2020年1200万美元）\n"
           "- 高标准农田6万亩\n")
SUMMARY = "Summary of 2025\n"
REVIEW_ZH = "一、2025年工作回顾\n"


@pytest.mark.parametrize(
    ("notes", "draft", "figure"),
    [
        # multiples and fractions in words
        (JOBS, SUMMARY + "New jobs doubled to 12,000.", "12,000"),
        (JOBS, SUMMARY + "The city created 12,000 new jobs, twice as many as in 2024.", "twice"),
        (JOBS, SUMMARY + "New jobs rose 100% from 2024.", "100%"),
        (JOBS, SUMMARY + "Exports tripled from 2020.", "tripled"),
        (JOBS, SUMMARY + "Exports grew threefold from 2020.", "threefold"),
        (JOBS, SUMMARY + "Exports grew 3-fold from 2020.", "3-fold"),
        (JOBS, SUMMARY + "Exports rose 200% from 2020.", "200%"),
        (JOBS, SUMMARY + "Exports rose by 2,400 from 2020.", "2,400"),
        (JOBS, SUMMARY + "One in five households is low-income.", "One in five"),
        (JOBS, SUMMARY + "Low-income households make up a fifth of all households.", "a fifth"),
        (JOBS, SUMMARY + "Low-income households make up 20% of all households.", "20%"),
        (JOBS, SUMMARY + "Education took a third of the budget.", "a third"),
        (JOBS, SUMMARY + "Education took one-third of the budget.", "one-third"),
        (JOBS, SUMMARY + "Education took about 33% of the budget.", "33%"),
        (JOBS, SUMMARY + "Education spending was 400 million dollars, a third of the total budget.", "a third"),
        # scales, points, thresholds, ranges
        (JOBS, SUMMARY + "The budget was 1,200 million dollars.", "1,200 million"),
        (JOBS, SUMMARY + "The budget was $1.2bn.", "$1.2bn"),
        (JOBS, SUMMARY + "The jobless rate fell 0.8 percentage points to 4.2%.", "0.8 percentage points"),
        (JOBS, SUMMARY + "The jobless rate fell 0.8 points to 4.2%.", "0.8 points"),
        (JOBS, SUMMARY + "More than 100,000 homes were built.", "100,000"),
        (JOBS, "Plan for 2026\nGrowth is targeted at 5-6%.", "5-6%"),
        (JOBS, "Plan for 2026\nGrowth is targeted at 5 to 6 percent.", "5 to 6 percent"),
        # an average yearly rate between two years' values, the end year from the heading
        (JOBS, SUMMARY + "Exports grew 24.6% a year on average from 2020.", "24.6%"),
        (JOBS, SUMMARY + "Exports grew 24.6% annually since 2020.", "24.6%"),
        (JOBS, "Review of 2021-2025\nExports grew at an average annual rate of 24.6%.", "24.6%"),
        (JOBS, SUMMARY + "Exports grew by an average of 24.6% a year over five years.", "24.6%"),
        # Chinese: 番, 倍, 成, 分之, 百分点, 公顷 / 亩, the rest of a whole
        (JOBS_ZH, REVIEW_ZH + "新增就业1.2万人，比上年翻了一番。", "翻了一番"),
        (JOBS_ZH, REVIEW_ZH + "新增就业1.2万人，是上年的2倍。", "2倍"),
        (JOBS_ZH, REVIEW_ZH + "新增就业1.2万人，增长1倍。", "1倍"),
        (JOBS_ZH, REVIEW_ZH + "低收入户占总户数的两成。", "两成"),
        (JOBS_ZH, REVIEW_ZH + "低收入户占总户数的五分之一。", "五分之一"),
        (JOBS_ZH, REVIEW_ZH + "教育支出占财政支出的三分之一。", "三分之一"),
        (JOBS_ZH, REVIEW_ZH + "城镇登记失业率下降0.8个百分点。", "0.8个百分点"),
        (JOBS_ZH, REVIEW_ZH + "出口额是2020年的3倍。", "3倍"),
        (JOBS_ZH, REVIEW_ZH + "出口额比2020年增长2倍。", "2倍"),
        (JOBS_ZH, REVIEW_ZH + "出口额五年年均增长24.6%。", "24.6%"),
        (JOBS_ZH, REVIEW_ZH + "出口额比2020年年均增长24.6%。", "24.6%"),
        (JOBS_ZH, REVIEW_ZH + "建成高标准农田4000公顷。", "4000公顷"),
        (JOBS_ZH, REVIEW_ZH + "财政支出中教育以外支出8亿元。", "8亿元"),
        (JOBS_ZH, REVIEW_ZH + "出口额0.36亿美元。", "0.36亿美元"),
    ],
)
def test_faithful_derivations_are_accepted(notes: str, draft: str, figure: str) -> None:
    check = status_of(notes, draft, figure)
    assert check.status in ACCEPTING, check.reason


@pytest.mark.parametrize(
    ("notes", "draft", "figure"),
    [
        (JOBS, SUMMARY + "New jobs tripled to 12,000.", "tripled"),
        (JOBS, SUMMARY + "Exports quadrupled from 2020.", "quadrupled"),
        (JOBS, SUMMARY + "Exports rose 300% from 2020.", "300%"),
        (JOBS, SUMMARY + "One in four households is low-income.", "One in four"),
        (JOBS, SUMMARY + "Low-income households make up 25% of all households.", "25%"),
        (JOBS, SUMMARY + "Education took half of the budget.", "half"),
        (JOBS, SUMMARY + "The jobless rate fell 1.8 percentage points to 4.2%.", "1.8 percentage points"),
        (JOBS, SUMMARY + "The budget was 12,000 million dollars.", "12,000 million"),
        (JOBS, SUMMARY + "More than 120,000 homes were built.", "120,000"),
        (JOBS, SUMMARY + "Exports grew 28.6% a year on average from 2020.", "28.6%"),
        (JOBS, "Review of 2021-2025\nExports grew at an average annual rate of 28.6%.", "28.6%"),
        (JOBS_ZH, REVIEW_ZH + "新增就业1.2万人，比上年翻了两番。", "翻了两番"),
        (JOBS_ZH, REVIEW_ZH + "低收入户占总户数的三成。", "三成"),
        # a part's share of its whole, never of the whole plus the part (其中教育4亿元 is in 财政支出12亿元)
        (JOBS_ZH, REVIEW_ZH + "教育支出占财政支出的四分之一。", "四分之一"),
        (JOBS_ZH, REVIEW_ZH + "教育支出占财政支出的25%。", "25%"),
        (JOBS_ZH, REVIEW_ZH + "财政支出和教育支出合计16亿元。", "16亿元"),
        (JOBS, SUMMARY + "Low-income households were a sixth of all households.", "a sixth"),
        (JOBS_ZH, REVIEW_ZH + "出口额比2020年增长3倍。", "3倍"),
        (JOBS_ZH, REVIEW_ZH + "出口额比2020年年均增长28.6%。", "28.6%"),
        (JOBS_ZH, REVIEW_ZH + "建成高标准农田6000公顷。", "6000公顷"),
        (JOBS_ZH, REVIEW_ZH + "出口额3.6亿美元。", "3.6亿美元"),
    ],
)
def test_wrong_derivations_are_flagged(notes: str, draft: str, figure: str) -> None:
    check = status_of(notes, draft, figure)
    assert check.status in BLOCKING, check.reason


HEALTH = "City notes 2025\n- residents 250,000\n- traffic deaths 50\n- doctors 800\n- new jobs 12,000\n"
HEALTH_ZH = "2025年\n- 常住人口25万人\n- 交通事故死亡50人\n- 执业医师800人\n- 养老床位1500张\n"


@pytest.mark.parametrize(
    ("notes", "draft", "figure", "accepted"),
    [
        # a rate per 1,000 / 10,000 / 100,000 of the population the notes give
        (HEALTH, SUMMARY + "There were 0.2 traffic deaths per 1,000 residents.", "0.2", True),
        (HEALTH, SUMMARY + "There were 20 traffic deaths per 100,000 residents.", "20 traffic", True),
        (HEALTH, SUMMARY + "The city had 3.2 doctors per 1,000 residents.", "3.2", True),
        (HEALTH, SUMMARY + "The city had 32 doctors per 10,000 people.", "32", True),
        (HEALTH_ZH, REVIEW_ZH + "每千人口执业医师3.2人。", "3.2人", True),
        (HEALTH_ZH, REVIEW_ZH + "每万人拥有执业医师32人。", "32人", True),
        (HEALTH_ZH, REVIEW_ZH + "每10万人口交通事故死亡20人。", "20人", True),
        (HEALTH_ZH, REVIEW_ZH + "每千人口养老床位6张。", "6张", True),
        # … and a rate the two values do not give
        (HEALTH, SUMMARY + "The city had 4.2 doctors per 1,000 residents.", "4.2", False),
        (HEALTH, SUMMARY + "There were 2 traffic deaths per 1,000 residents.", "2 traffic", False),
        (HEALTH_ZH, REVIEW_ZH + "每千人口养老床位8张。", "8张", False),
        (HEALTH_ZH, REVIEW_ZH + "每万人拥有执业医师42人。", "42人", False),
    ],
)
def test_rates_per_thousand(notes: str, draft: str, figure: str, accepted: bool) -> None:
    check = status_of(notes, draft, figure)
    assert (check.status in ACCEPTING) is accepted, check.reason


@pytest.mark.parametrize(
    ("text", "base"),
    [
        ("0.2 deaths per 1,000 residents", "1,000"),
        ("20 deaths per 100,000 residents", "100,000"),
        ("a levy of $5 per $1,000 of value", "1,000"),
        ("每10万人口死亡20人", "10万人"),
        ("每1000人拥有床位6张", "1000人"),
    ],
)
def test_a_rate_base_is_no_figure(text: str, base: str) -> None:
    found = [f for f in extract_figures(text) if f.text == base]
    assert found and found[0].ignored and found[0].ignore_reason == "rate base"


def test_per_1500_people_stays_a_figure() -> None:
    assert [f.value for f in extract_figures("one nurse per 1,500 people") if not f.ignored] == [1500]


COUNTY = ("County notes 2025\n- population 1,960,000\n- tax revenue 530.9 million dollars (2024: 412.6 million dollars)\n"
          "- visitors 12.4 million, +8.3%\n- forest cover 41.2% -> 43.5%\n- new firms 2,350\n- grants €1.5m\n"
          "- broadband 96.4% of homes\n- budget USD 3.2bn\n- jobless 3.9% (2024: 4.6%)\n- road 1,250 km\n- cost £48.2M\n")


@pytest.mark.parametrize(
    ("draft", "figure"),
    [
        ("The county's population is nearly 2 million.", "2 million"),
        ("The county's population is about 1.96 million.", "1.96 million"),
        ("The county's population is 1.96m.", "1.96m"),
        ("The county has roughly two million residents.", "two million"),
        ("Tax revenue rose 28.7% to 530.9 million dollars.", "28.7%"),
        ("Tax revenue rose nearly 29%.", "29%"),
        ("Tax revenue was up by almost 30% from 2024.", "30%"),
        ("Tax revenue of 530.9 million dollars was 28.7 percent higher than in 2024.", "28.7 percent"),
        ("Tax revenue rose by $118.3 million.", "$118.3 million"),
        ("Tax revenue grew by more than a quarter.", "a quarter"),
        ("Tax revenue was $530.9M.", "$530.9M"),
        ("Tax revenue was $0.53 billion.", "$0.53 billion"),
        ("Tax revenue topped half a billion dollars.", "half a billion"),
        ("Visitors numbered 12.4 million, up 8.3 per cent.", "8.3 per cent"),
        ("Visitors exceeded 12 million.", "12 million"),
        ("Forest cover rose 2.3 percentage points to 43.5%.", "2.3 percentage points"),
        ("Forest cover rose 2.3 points to 43.5%.", "2.3 points"),
        ("Forest cover rose from 41.2% to 43.5%.", "41.2%"),
        ("More than 2,300 new firms were registered.", "2,300"),
        ("Some 2,350 new firms were registered.", "2,350"),
        ("Grants of EUR 1.5 million were received.", "1.5 million"),
        ("Grants of €1.5 million were received.", "€1.5 million"),
        ("Broadband reaches more than 96% of homes.", "96%"),
        ("The budget was $3.2 billion.", "$3.2 billion"),
        ("The budget was 3.2 billion US dollars.", "3.2 billion"),
        ("The jobless rate fell 0.7 percentage points to 3.9%.", "0.7 percentage points"),
        ("The county maintains 1,250 kilometers of roads.", "1,250 kilometers"),
        ("The county maintains 1,250 kilometres of roads.", "1,250 kilometres"),
        ("The county maintains 1.25 thousand km of roads.", "1.25 thousand km"),
        ("The cost was £48.2 million.", "£48.2 million"),
    ],
)
def test_faithful_english_rewordings_are_accepted(draft: str, figure: str) -> None:
    check = status_of(COUNTY, SUMMARY + draft, figure)
    assert check.status in ACCEPTING, check.reason


@pytest.mark.parametrize(
    ("draft", "figure"),
    [
        ("The county's population is over 2 million.", "2 million"),
        ("Tax revenue rose 38.7% to 530.9 million dollars.", "38.7%"),
        ("Tax revenue rose by $128.3 million.", "$128.3 million"),
        ("Tax revenue grew by more than a third.", "a third"),
        ("Tax revenue was $5.3 billion.", "$5.3 billion"),
        ("Visitors exceeded 13 million.", "13 million"),
        ("Forest cover rose 3.3 percentage points to 43.5%.", "3.3 percentage points"),
        ("Forest cover rose 3.3 points to 43.5%.", "3.3 points"),
        ("Forest cover rose 2.3% to 43.5%.", "2.3%"),
        ("More than 2,400 new firms were registered.", "2,400"),
        ("The budget was $32 billion.", "$32 billion"),
        ("The budget was 32 billion US dollars.", "32 billion"),
        ("The county maintains 12,500 kilometres of roads.", "12,500 kilometres"),
        ("The cost was £482 million.", "£482 million"),
    ],
)
def test_wrong_english_rewordings_are_flagged(draft: str, figure: str) -> None:
    check = status_of(COUNTY, SUMMARY + draft, figure)
    assert check.status in BLOCKING, check.reason


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("Forest cover rose 2.3 points to 43.5%.", "pp"),
        ("The team scored 95 points in 2025.", ""),
        ("It rose 3 points, and 4% of homes", ""),
    ],
)
def test_points_before_the_rate_they_reach(text: str, unit: str) -> None:
    assert next(f for f in extract_figures(text) if not f.ignored).unit == unit


PROVINCE_ZH = ("2025年工作笔记\n- 地区生产总值1.23万亿元，增长5.2%\n- 一般公共预算收入865.4亿元；税收收入612.3亿元\n"
               "- 风电光伏装机新增156.8万千瓦，累计并网1025万千瓦\n- 全社会用电量486.2亿千瓦时\n- 粮食播种面积1260万亩\n"
               "- 城镇新增就业8.62万人\n- 接待游客2020年3200万人次，2025年6500万人次\n- 进出口总额2860亿元，其中出口1720亿元\n"
               "- 实际利用外资12.6亿美元\n- 农村居民人均可支配收入21856元\n")


@pytest.mark.parametrize(
    ("draft", "figure"),
    [
        ("地区生产总值达到12300亿元。", "12300亿元"),
        ("地区生产总值突破1.2万亿元。", "1.2万亿元"),
        ("地区生产总值超过1.2万亿元。", "1.2万亿元"),
        ("一般公共预算收入865.4亿元，其中税收收入占70.8%。", "70.8%"),
        ("税收收入占一般公共预算收入的七成以上。", "七成"),
        # the rest of a whole: 非税收入 (a 非 word), 进口 (a trade total less its exports)
        ("非税收入253.1亿元。", "253.1亿元"),
        ("进口总额1140亿元。", "1140亿元"),
        ("新增风电光伏装机1568兆瓦。", "1568兆瓦"),
        ("新增风电光伏装机156.8万千瓦，累计并网超过1000万千瓦。", "1000万千瓦"),
        ("累计并网装机达到0.1025亿千瓦。", "0.1025亿千瓦"),
        ("累计并网装机达到10.25吉瓦。", "10.25吉瓦"),
        ("全社会用电量486.2亿度。", "486.2亿度"),
        ("全社会用电量近490亿千瓦时。", "490亿千瓦时"),
        ("粮食播种面积84万公顷。", "84万公顷"),
        ("粮食播种面积稳定在1260万亩以上。", "1260万亩"),
        ("城镇新增就业86200人。", "86200人"),
        ("城镇新增就业逾8.6万人。", "8.6万人"),
        ("接待游客6500万人次，比2020年翻了一番。", "翻了一番"),
        ("接待游客6500万人次，是2020年的2倍多。", "2倍"),
        ("接待游客比2020年增长1倍多。", "1倍"),
        ("接待游客比2020年增加3300万人次。", "3300万人次"),
        ("出口占进出口总额的六成。", "六成"),
        ("出口占进出口总额的60.1%。", "60.1%"),
        ("农村居民人均可支配收入2.19万元。", "2.19万元"),
        ("农村居民人均可支配收入突破2万元。", "2万元"),
        ("农村居民人均可支配收入近2.2万元。", "2.2万元"),
    ],
)
def test_faithful_chinese_rescalings_are_accepted(draft: str, figure: str) -> None:
    check = status_of(PROVINCE_ZH, REVIEW_ZH + draft, figure)
    assert check.status in ACCEPTING, check.reason


@pytest.mark.parametrize(
    ("draft", "figure"),
    [
        ("地区生产总值达到1230亿元。", "1230亿元"),
        ("地区生产总值突破1.3万亿元。", "1.3万亿元"),
        ("税收收入占一般公共预算收入的八成以上。", "八成"),
        ("非税收入263.1亿元。", "263.1亿元"),
        ("进口总额1240亿元。", "1240亿元"),
        ("新增风电光伏装机15.68兆瓦。", "15.68兆瓦"),
        ("累计并网装机达到1.025亿千瓦。", "1.025亿千瓦"),
        ("全社会用电量超过490亿千瓦时。", "490亿千瓦时"),
        ("粮食播种面积84万亩。", "84万亩"),
        ("城镇新增就业超过8.7万人。", "8.7万人"),
        ("接待游客6500万人次，比2020年翻了两番。", "翻了两番"),
        ("接待游客比2020年增长2倍。", "2倍"),
        ("出口占进出口总额的七成。", "七成"),
        ("农村居民人均可支配收入突破2.2万元。", "2.2万元"),
    ],
)
def test_wrong_chinese_rescalings_are_flagged(draft: str, figure: str) -> None:
    check = status_of(PROVINCE_ZH, REVIEW_ZH + draft, figure)
    assert check.status in BLOCKING, check.reason


SHANTY_ZH = "2025年工作要点\n2026年目标：\n- 完成3500户棚改，推进12个片区配套设施\n- 实施农危改860户\n"


@pytest.mark.parametrize(
    ("draft", "figure", "accepted"),
    [
        # a count's noun in its short form (棚改 = 棚户区改造, 农危改 = 农村危房改造)
        ("二、2026年工作安排\n完成3500户棚户区改造任务。", "3500户", True),
        ("二、2026年工作安排\n实施农村危房改造860户。", "860户", True),
        ("二、2026年工作安排\n完成3500户老旧小区改造任务。", "3500户", False),
        ("二、2026年工作安排\n完成3600户棚户区改造任务。", "3600户", False),
    ],
)
def test_a_count_noun_in_its_short_form(draft: str, figure: str, accepted: bool) -> None:
    check = status_of(SHANTY_ZH, draft, figure)
    assert (check.status in ACCEPTING) is accepted, check.reason


AGENCY = ("Agency notes FY2025\n- claims processed 48,200 (FY2024: 42,900)\n- backlog 6,150 (FY2024: 9,800)\n"
          "- staff: field 1,240; headquarters 310\n- budget $612 million; IT $148 million\n"
          "- complaints 1,870\n- satisfaction 82% (FY2024: 77%)\n- grants awarded: 215 rural, 340 urban\n")
FY_REVIEW = "FY2025 in Review\n"


@pytest.mark.parametrize(
    ("draft", "figure"),
    [
        # sums and differences of the items of one labelled list ("grants awarded: 215 rural, 340 urban")
        ("Field and headquarters staff numbered 1,550 combined.", "1,550"),
        ("The agency had 1,550 staff in total.", "1,550"),
        ("A total of 555 grants were awarded.", "555"),
        ("The agency awarded 555 grants altogether, 340 of them urban.", "555"),
        ("Urban grants outnumbered rural ones by 125.", "125"),
        ("The agency awarded 125 more urban grants than rural ones.", "125"),
        # shares of a whole from one line or two
        ("IT accounted for 24% of the budget.", "24%"),
        ("IT spending was $148 million, or 24.2% of the budget.", "24.2%"),
        ("IT spending represented nearly a quarter of the budget.", "a quarter"),
        ("Field staff made up 80% of the workforce.", "80%"),
        ("Headquarters staff were 20% of the workforce.", "20%"),
        ("Headquarters staff were a fifth of all staff.", "a fifth"),
        ("Rural grants made up 38.7% of all grants.", "38.7%"),
        ("The non-IT budget was $464 million.", "$464 million"),
        # changes between two years' values
        ("Claims processed rose 12.4% to 48,200.", "12.4%"),
        ("Claims processed were up about 12% year over year.", "12%"),
        ("Claims processed increased by 5,300.", "5,300"),
        ("The agency processed 5,300 more claims than in FY2024.", "5,300"),
        ("Claims processed saw a 12.4% increase.", "12.4%"),
        ("The backlog fell 37.2%.", "37.2%"),
        ("The backlog was cut by more than a third.", "a third"),
        ("The backlog shrank by 3,650 cases.", "3,650"),
        ("Satisfaction rose 5 percentage points to 82%.", "5 percentage points"),
        ("Satisfaction rose five points to 82%.", "five points"),
        ("About four in five users were satisfied.", "four in five"),
    ],
)
def test_faithful_english_derivations_are_accepted(draft: str, figure: str) -> None:
    check = status_of(AGENCY, FY_REVIEW + draft, figure)
    assert check.status in ACCEPTING, check.reason


@pytest.mark.parametrize(
    ("draft", "figure"),
    [
        ("Field and headquarters staff numbered 1,650 combined.", "1,650"),
        ("A total of 565 grants were awarded.", "565"),
        ("Urban grants outnumbered rural ones by 135.", "135"),
        ("IT accounted for 34% of the budget.", "34%"),
        ("Headquarters staff were 30% of the workforce.", "30%"),
        # a share of the wrong item: the other item's noun
        ("Rural grants made up 61.3% of all grants.", "61.3%"),
        ("The non-IT budget was $474 million.", "$474 million"),
        ("Claims processed rose 14.2% to 48,200.", "14.2%"),
        ("Claims processed increased by 6,300.", "6,300"),
        ("The backlog fell 27.2%.", "27.2%"),
        ("The backlog shrank by 4,650 cases.", "4,650"),
        ("The backlog was cut by more than half.", "half"),
        ("Satisfaction rose 5% to 82%.", "5%"),
        ("Satisfaction rose 7 percentage points to 82%.", "7 percentage points"),
        ("Field staff made up 90% of the workforce.", "90%"),
    ],
)
def test_wrong_english_derivations_are_flagged(draft: str, figure: str) -> None:
    check = status_of(AGENCY, FY_REVIEW + draft, figure)
    assert check.status in BLOCKING, check.reason


WATER = ("Water utility notes 2025\n- customers 182,400 (2024: 176,900)\n- mains replaced 14.6 miles\n"
         "- leaks repaired 3,120\n- capital spending $86.4M; operating $212.7M\n- rate increase 4.5%\n"
         "- lead service lines removed 2,850 of 11,400\n")
USPS = ("USPS finance notes - FY2025\n- total expenses: $82.4 billion (FY2020) -> about $90 billion (FY2025)\n"
        "- debt to Treasury: $14 billion (FY2020) -> $15 billion (statutory max)\n"
        "- transportation expense about $8.4 billion\n")


@pytest.mark.parametrize(
    ("notes", "draft", "figure", "accepted"),
    [
        (WATER, "The utility served 182,400 customers, 5,500 more than in 2024.", "5,500", True),
        (WATER, "The customer base grew about 3%.", "3%", True),
        (WATER, "Total spending was $299.1 million.", "$299.1 million", True),
        (WATER, "Total spending came to nearly $300 million.", "$300 million", True),
        # a share of a total the notes do not state: the sum of the line's parts
        (WATER, "Capital spending was $86.4 million, about 29% of total spending.", "29%", True),
        (WATER, "About 25% of lead service lines have been removed.", "25%", True),
        # what remains of a whole ("removed 2,850 of 11,400")
        (WATER, "8,550 lead service lines remain.", "8,550", True),
        (WATER, "Crews repaired more than 3,000 leaks.", "3,000", True),
        (WATER, "Operating spending was $212.7 million, roughly 2.5 times capital spending.", "2.5 times", True),
        (WATER, "The utility served 182,400 customers, 6,500 more than in 2024.", "6,500", False),
        (WATER, "Total spending was $309.1 million.", "$309.1 million", False),
        (WATER, "Capital spending was $86.4 million, about 39% of total spending.", "39%", False),
        (WATER, "9,550 lead service lines remain.", "9,550", False),
        (WATER, "Crews replaced more than 15 miles of mains.", "15 miles", False),
        # the notes state the total themselves: a share of it, never of a sum of other lines
        (USPS, "Transportation accounted for about 15 percent of total expenses.", "15 percent", False),
        (USPS, "Transportation accounted for about 9 percent of total expenses.", "9 percent", True),
    ],
)
def test_totals_and_remainders(notes: str, draft: str, figure: str, accepted: bool) -> None:
    check = status_of(notes, "2025 in Review\n" + draft, figure)
    assert (check.status in ACCEPTING) is accepted, check.reason


RANGES = "City notes 2025\n- growth target 5-6%\n- new schools: 12 to 15\n"


@pytest.mark.parametrize(
    ("draft", "figure", "accepted"),
    [
        ("Plan for 2026\nGrowth is targeted at between 5 and 6 percent.", "5 and 6 percent", True),
        ("Plan for 2026\nGrowth is targeted at 5–6%.", "5–6%", True),
        ("Plan for 2026\nGrowth is targeted at 5% to 6%.", "5% to 6%", True),
        ("Plan for 2026\nBetween 12 and 15 new schools are planned.", "12 and 15", True),
        ("Plan for 2026\nGrowth is targeted at between 5 and 7 percent.", "5 and 7 percent", False),
        ("Plan for 2026\nBetween 12 and 16 new schools are planned.", "12 and 16", False),
    ],
)
def test_between_x_and_y_is_a_range(draft: str, figure: str, accepted: bool) -> None:
    check = status_of(RANGES, draft, figure)
    assert (check.status in ACCEPTING) is accepted, check.reason


def test_between_two_years_stays_two_years() -> None:
    found = extract_figures("between 2020 and 2025 exports grew")
    assert [(f.text, f.ignore_reason) for f in found] == [("2020", "year"), ("2025", "year")]
