"""Derive bullet notes from the evaluation reports (cn_county_hailar_*): the drafting-quality inputs.

For each report: the review part's figure sentences become achievement bullets, the "困难和问题"
sentence becomes problem bullets, the plan part's figure sentences and its subsection titles become
plan bullets. A few common indicators are written tersely the way users type them (固投, 社零, +x%)
so the notes exercise the parser's expansion. Output: tests/data/eval_notes/hailar_YYYY.txt.

    .venv/bin/python benchmarks/make_eval_notes.py [--src ../shared/data/real-reports] [--out tests/data/eval_notes]
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SRC = ROOT.parent / "shared" / "data" / "real-reports"
DEFAULT_OUT = ROOT / "tests" / "data" / "eval_notes"

MAX_ACHIEVEMENTS = 30
MAX_PROBLEMS = 6
MAX_PLANS = 12
MAX_CLAUSE = 70

_TOP = re.compile(r"^([一二三四五六七八九十]+)、(.+)$")
_SUB = re.compile(r"^（[一二三四五六七八九十]+）(.+)$")
_FIGURE = re.compile(
    r"[0-9０-９]+(?:[.．][0-9０-９]+)?\s*(?:%|％|个百分点|亿元|万元|元|万|亿|个|项|户|人|公里|平方米|吨|亩|家|所|座|套|栋|"
    r"千米|米|台|头|只|倍|处|条|辆|间|床|名|次|千瓦|兆瓦|立方米|公顷)"
)
_YEARISH = re.compile(r"(?:19|20)\d\d年|\d{1,2}月|\d{1,2}日")
TERSE = (
    ("固定资产投资", "固投"),
    ("社会消费品零售总额", "社零"),
    ("规模以上", "规上"),
)


def has_figure(text: str) -> bool:
    return bool(_FIGURE.search(_YEARISH.sub("", text)))


def terse(text: str) -> str:
    for full, short in TERSE:
        text = text.replace(full, short)
    return re.sub(r"，?同比增长([0-9.]+%)", r" +\1", text)


def clauses(sentence: str) -> list[str]:
    """Split a long sentence at commas into ≤ MAX_CLAUSE pieces that each keep a figure with its
    indicator (a clause starting with 增长/同比 stays with the one before)."""
    parts = [p for p in re.split(r"(?<=[，,])", sentence) if p]
    out: list[str] = []
    cur = ""
    for p in parts:
        cont = re.match(r"^(同比|比上年|较上年|增长|下降|提高|其中|占)", p)
        if cur and not cont and len(cur) + len(p) > MAX_CLAUSE:
            out.append(cur)
            cur = p
        else:
            cur += p
    if cur:
        out.append(cur)
    return [c.strip("，,；; ") for c in out if c.strip("，,；; ")]


def sentences(paragraph: str) -> list[str]:
    return [s.strip() for s in re.split(r"[。；;！!]", paragraph) if s.strip()]


def derive(text: str) -> tuple[int | None, list[str], list[str], list[str]]:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    part: str | None = None
    year: int | None = None
    achievements: list[str] = []
    problems: list[str] = []
    plans: list[str] = []
    measure_titles: list[str] = []
    for line in lines:
        top = _TOP.match(line)
        if top and len(line) <= 40:
            title = top.group(2)
            y = re.search(r"((?:19|20)\d\d)年", title)
            if re.search(r"回顾|总结", title):
                part = "review"
                year = int(y.group(1)) if y else year
            elif re.search(r"安排|任务|目标|思路|重点工作|工作建议", title):
                part = "plan"
                if year is None and y:
                    year = int(y.group(1)) - 1
            else:
                part = None
            continue
        sub = _SUB.match(line)
        if sub and len(line) <= 40:
            if part == "plan":
                measure_titles.append(re.split(r"[，,]", sub.group(1))[0])
            continue
        if part is None:
            continue
        if part == "review" and re.search(r"(清醒|看到|认识到)", line) and \
                re.search(r"(问题|困难|不足|短板)", line) and re.search(r"[:：]", line):
            body = re.split(r"[:：]", line, maxsplit=1)[1]
            problems.extend(s for s in sentences(body)
                            if 4 <= len(s) <= 60 and not re.match(r"^(对此|我们|这些)", s))
            continue
        for sent in sentences(line):
            for clause in clauses(sent):
                if not has_figure(clause):
                    continue
                (achievements if part == "review" else plans).append(terse(clause))
    plans = plans[: MAX_PLANS - min(4, len(measure_titles))] + measure_titles[:4]
    return year, achievements[:MAX_ACHIEVEMENTS], problems[:MAX_PROBLEMS], plans


def render(year: int | None, achievements: list[str], problems: list[str], plans: list[str]) -> str:
    out = ["单位：海拉尔区人民政府"]
    if year:
        out.append(f"时期：{year}年")
    out.append("")
    out.append("工作成效：")
    out.extend(f"- {a}" for a in achievements)
    if problems:
        out.append("")
        out.append("存在问题：")
        out.extend(f"- {p}" for p in problems)
    if plans:
        out.append("")
        out.append("明年计划：")
        out.extend(f"- {p}" for p in plans)
    return "\n".join(out) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", type=Path, default=DEFAULT_SRC)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    files = sorted(args.src.glob("cn_county_hailar_*.txt"))
    if not files:
        raise SystemExit(f"no cn_county_hailar_* reports in {args.src}")
    for f in files:
        year, ach, prob, plan = derive(f.read_text(encoding="utf-8"))
        name = f"hailar_{f.stem.rsplit('_', 1)[-1]}.txt"
        (args.out / name).write_text(render(year, ach, prob, plan), encoding="utf-8")
        print(f"{name}: year {year}, {len(ach)} achievements, {len(prob)} problems, {len(plan)} plans")


if __name__ == "__main__":
    main()
