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
