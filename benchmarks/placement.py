"""Placement benchmark (issue 10, "Measures"): are the notes' figures drafted in the right part?

For each notes file of ``benchmarks/data/notes_styles/`` (hand-written from the 8 Hailar evaluation
reports and two GAO reports, in three real styles) and its hand-made labels (each line's role:
title / header / summary / problem / plan, a continuation's head line), the notes are drafted (the
offline writer by default) and the draft is measured:

* **plan-only figures in the summary part** — a figure that only plan lines give (value and unit, so
  "+3.2%" and "增长3.2%" match) found in the review/summary part of the draft;
* **review-only figures in the plan part** — the converse;
* **orphaned continuations** — a continuation bullet's figure ("- 年均增长12.1%") found in the draft
  but in no sentence that also holds a figure of its head line;
* **title line as body text** — the notes' title line ("工作要点（原始笔记）") in a section's text;
* **invented year** — a year in the draft's title or headings that the notes do not give (a notes
  year or the year after it, the plan year, counts as given).

The parts are the draft's top-level sections (:func:`assistant.sections.parse_draft`), classed by
their titles (安排/计划/打算/目标/plan/next → plan; 问题/困难/挑战/challenges → problems; else summary).

    .venv/bin/python benchmarks/placement.py [--provider offline|local] [--files GLOB] [--json OUT]

``--provider local`` drafts with the local model (slow: the lead runs it on a subset with --files).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA = ROOT / "benchmarks" / "data" / "notes_styles"
CONTENT_ROLES = ("summary", "plan", "problem")
_PLAN_TITLE = re.compile(r"(安排|计划|打算|目标|展望|下一步|下步|任务|plans?\b|next|priorit|outlook|goals?\b|"
                         r"the year ahead)", re.I)
_PROBLEM_TITLE = re.compile(r"(问题|不足|困难|挑战|短板|challenges?|problems?|issues|risks?)", re.I)
_YEAR_ZH = re.compile(r"(?<![\d.])((?:19|20)\d\d)(?=\s*年)")
_YEAR_EN = re.compile(r"(?<![\d$.,])((?:19|20)\d\d)(?![\d,%]|\.\d)")
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])|\n|(?<=\.)\s+(?=[A-Z])")

Key = tuple[Decimal, str]


def make_draft(notes_text: str, provider: str) -> str:
    """The draft (Markdown) of ``notes_text`` made by ``provider`` — the one function that uses the
    drafting internals (adapt here when the drafting API moves)."""
    from assistant.drafting.pipeline import draft_report, run_draft
    from assistant.notes import parse_notes

    notes = parse_notes(notes_text)
    if provider == "offline":
        return run_draft(draft_report(notes, check=False)).to_markdown()
    from assistant.cli.common import load_settings
    from assistant.llm.providers import make_chat_model

    handle = make_chat_model(load_settings(), provider, language=notes.language)
    try:
        return run_draft(draft_report(notes, model=handle.model, provider=handle.name, check=False)).to_markdown()
    finally:
        handle.close()


# ----------------------------------------------------------------------------------- figures
def figure_keys(text: str) -> list[tuple[Key, int, int]]:
    """(value key, start, end) of every figure of ``text`` (years, dates, markers left out)."""
    from assistant.figures import extract_figures

    out: list[tuple[Key, int, int]] = []
    for f in extract_figures(text):
        if f.ignored or f.value is None:
            continue
        out.append(((abs(f.value).normalize(), f.unit), f.start, f.end))
    return out


def note_figures(notes_text: str, labels: dict[str, Any]) -> dict[int, list[tuple[Key, str]]]:
    """Per labelled content line: [(key, role)], the role split at ``plan_after`` where given."""
    lines = notes_text.split("\n")
    offsets = [0]
    for ln in lines:
        offsets.append(offsets[-1] + len(ln) + 1)
    by_line: dict[int, list[tuple[Key, str]]] = {}
    for key, start, _end in figure_keys(notes_text):
        line_no = max(i for i, off in enumerate(offsets[:-1], 1) if off <= start)
        lab = labels.get(str(line_no))
        if lab is None or lab["role"] not in CONTENT_ROLES:
            continue
        role = lab["role"]
        cut = lab.get("plan_after")
        if cut:
            pos = lines[line_no - 1].find(cut)
            if pos >= 0 and start - offsets[line_no - 1] >= pos:
                role = "plan"
        by_line.setdefault(line_no, []).append((key, role))
    return by_line


# ----------------------------------------------------------------------------------- the draft
@dataclass
class DraftParts:
    title: str
    headings: list[str]
    parts: dict[str, str]  # summary / plan / problem -> text of those top-level sections' bodies
    body: str  # every section body


def part_of(title: str) -> str:
    if _PROBLEM_TITLE.search(title):
        return "problem"
    if _PLAN_TITLE.search(title):
        return "plan"
    return "summary"


def split_draft(markdown: str) -> DraftParts:
    from assistant.sections import parse_draft

    tree = parse_draft(markdown)
    parts: dict[str, list[str]] = {"summary": [], "plan": [], "problem": []}
    headings: list[str] = []
    bodies: list[str] = []
    for top in tree.sections:
        kind = part_of(top.title)
        for s in top.walk():
            headings.append(s.heading.strip())
            bodies.append(s.body)
            parts[kind].append(s.body)
    return DraftParts(tree.title or "", headings, {k: "\n".join(v) for k, v in parts.items()}, "\n".join(bodies))


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text) if s and s.strip()]


# ----------------------------------------------------------------------------------- measures
@dataclass
class FileResult:
    name: str
    language: str
    style: str
    plan_only: int = 0
    plan_only_in_summary: list[str] = field(default_factory=list)
    plan_only_in_problems: list[str] = field(default_factory=list)
    plan_only_missing: int = 0
    review_only: int = 0
    review_only_in_plan: list[str] = field(default_factory=list)
    review_only_in_problems: list[str] = field(default_factory=list)
    review_only_missing: int = 0
    continuations: int = 0
    orphaned: list[str] = field(default_factory=list)
    continuation_missing: int = 0
    title_as_body: bool = False
    headers_as_body: list[str] = field(default_factory=list)
    invented_years: list[int] = field(default_factory=list)
    headers: int = 0
    draft: str = ""

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _fmt_key(k: Key) -> str:
    v, unit = k
    return f"{v:f}{unit}"


def measure(name: str, notes_text: str, meta: dict[str, Any], draft_md: str) -> FileResult:
    labels: dict[str, Any] = meta["lines"]
    res = FileResult(name, meta["language"], meta["style"], draft=draft_md)
    figs = note_figures(notes_text, labels)
    roles_of: dict[Key, set[str]] = {}
    for items in figs.values():
        for key, role in items:
            roles_of.setdefault(key, set()).add(role)
    d = split_draft(draft_md)
    in_part = {p: {k for k, _s, _e in figure_keys(t)} for p, t in d.parts.items()}
    in_draft = in_part["summary"] | in_part["plan"] | in_part["problem"]
    for key, roles in sorted(roles_of.items(), key=lambda kv: (str(kv[0][1]), kv[0][0])):
        if roles == {"plan"}:
            res.plan_only += 1
            if key in in_part["summary"]:
                res.plan_only_in_summary.append(_fmt_key(key))
            if key in in_part["problem"]:
                res.plan_only_in_problems.append(_fmt_key(key))
            if key not in in_draft:
                res.plan_only_missing += 1
        elif roles == {"summary"}:
            res.review_only += 1
            if key in in_part["plan"]:
                res.review_only_in_plan.append(_fmt_key(key))
            if key in in_part["problem"]:
                res.review_only_in_problems.append(_fmt_key(key))
            if key not in in_draft:
                res.review_only_missing += 1
    # continuations: each figure beside a figure of its head, in one sentence
    sent_keys = [{k for k, _s, _e in figure_keys(s)} for s in sentences(d.body)]
    for line, lab in labels.items():
        head = lab.get("head")
        if head is None:
            continue
        head_keys = {k for k, _r in figs.get(int(head), [])}
        for key, _role in figs.get(int(line), []):
            res.continuations += 1
            holding = [sk for sk in sent_keys if key in sk]
            if not holding:
                res.continuation_missing += 1
            elif not any(sk & (head_keys - {key}) for sk in holding):
                res.orphaned.append(f"line {line}: {_fmt_key(key)}")
    # the title line and header lines drafted as text
    lines = notes_text.split("\n")
    body = d.body.casefold()
    for line, lab in labels.items():
        text = lines[int(line) - 1].strip().casefold()
        if lab["role"] == "title":
            core = re.split(r"[（(]", text)[0].strip(" -—:：")
            if text in body or (len(core) >= 4 and core in body):
                res.title_as_body = True
        elif lab["role"] == "header":
            res.headers += 1
            core = text.strip(" -—:：*#")
            if len(core) >= 3 and any(core in s and len(s.strip(" 。.，,")) <= len(core) + 12
                                      for s in sentences(body)):
                res.headers_as_body.append(core)
    # years in the title and headings that the notes do not give
    given = set(years_in(notes_text, meta["language"]))
    allowed = given | {y + 1 for y in given}
    shown = set(years_in(" ".join([d.title, *d.headings]), meta["language"]))
    res.invented_years = sorted(shown - allowed)
    return res


def years_in(text: str, language: str) -> list[int]:
    """Years written in ``text``: 2015年 in Chinese (not 2000亩); FY2025, fiscal year 2025, a bare
    2025 in English (not $2025, 2,025 or 2025%)."""
    pattern = _YEAR_ZH if language == "zh" else _YEAR_EN
    return [int(y) for y in pattern.findall(text)]


# ----------------------------------------------------------------------------------- report
def load_files(data_dir: Path, pattern: str) -> list[tuple[str, str, dict[str, Any]]]:
    out = []
    for path in sorted(data_dir.glob(f"{pattern}.txt")):
        meta = json.loads(path.with_suffix(".labels.json").read_text(encoding="utf-8"))
        out.append((path.stem, path.read_text(encoding="utf-8"), meta))
    return out


def totals(results: list[FileResult]) -> dict[str, Any]:
    return {
        "files": len(results),
        "plan_only": sum(r.plan_only for r in results),
        "plan_only_in_summary": sum(len(r.plan_only_in_summary) for r in results),
        "plan_only_in_problems": sum(len(r.plan_only_in_problems) for r in results),
        "plan_only_missing": sum(r.plan_only_missing for r in results),
        "review_only": sum(r.review_only for r in results),
        "review_only_in_plan": sum(len(r.review_only_in_plan) for r in results),
        "review_only_in_problems": sum(len(r.review_only_in_problems) for r in results),
        "review_only_missing": sum(r.review_only_missing for r in results),
        "continuations": sum(r.continuations for r in results),
        "orphaned": sum(len(r.orphaned) for r in results),
        "continuation_missing": sum(r.continuation_missing for r in results),
        "title_as_body": sum(r.title_as_body for r in results),
        "headers_as_body": sum(len(r.headers_as_body) for r in results),
        "headers": sum(r.headers for r in results),
        "invented_year": sum(bool(r.invented_years) for r in results),
    }


def print_report(results: list[FileResult], provider: str) -> dict[str, Any]:
    print(f"placement benchmark, provider={provider}: {len(results)} notes files")
    print()
    print("| file | style | plan-only in summary | plan-only in problems | review-only in plan | "
          "orphaned continuations | title as body | headers as body | invented year |")
    print("|---|---|---:|---:|---:|---:|---|---:|---|")
    for r in results:
        print(f"| {r.name} | {r.style} | {len(r.plan_only_in_summary)}/{r.plan_only} | "
              f"{len(r.plan_only_in_problems)}/{r.plan_only} | {len(r.review_only_in_plan)}/{r.review_only} | "
              f"{len(r.orphaned)}/{r.continuations} | {'yes' if r.title_as_body else 'no'} | "
              f"{len(r.headers_as_body)}/{r.headers} | {','.join(map(str, r.invented_years)) or '—'} |")
    summary: dict[str, Any] = {"all": totals(results)}
    for lang in sorted({r.language for r in results}):
        summary[lang] = totals([r for r in results if r.language == lang])
    for style in sorted({r.style for r in results}):
        summary[f"style {style}"] = totals([r for r in results if r.style == style])
    print()
    print("| part | files | plan-only figures in summary | plan-only in problems | review-only figures in plan "
          "| review-only in problems | orphaned continuations | title line as body | header lines as body "
          "| invented year |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for part, t in summary.items():
        print(f"| {part} | {t['files']} | {t['plan_only_in_summary']}/{t['plan_only']} "
              f"| {t['plan_only_in_problems']}/{t['plan_only']} "
              f"| {t['review_only_in_plan']}/{t['review_only']} | {t['review_only_in_problems']}/{t['review_only']} "
              f"| {t['orphaned']}/{t['continuations']} | {t['title_as_body']}/{t['files']} "
              f"| {t['headers_as_body']}/{t['headers']} | {t['invented_year']}/{t['files']} |")
    t = summary["all"]
    print(f"\nnot in the draft at all: {t['plan_only_missing']} plan-only, {t['review_only_missing']} review-only, "
          f"{t['continuation_missing']} continuation figure(s)")
    print()
    for r in results:
        wrong = {"plan-only in summary": r.plan_only_in_summary, "plan-only in problems": r.plan_only_in_problems,
                 "review-only in plan": r.review_only_in_plan, "review-only in problems": r.review_only_in_problems,
                 "orphaned": r.orphaned, "headers as body": r.headers_as_body}
        shown = "; ".join(f"{k} {v}" for k, v in wrong.items() if v)
        if shown:
            print(f"{r.name}: {shown}")
    return summary


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--provider", default="offline", choices=("offline", "local", "openai"))
    ap.add_argument("--files", default="*", help="glob of notes file stems, e.g. 'hailar_2015_*'")
    ap.add_argument("--json", type=Path, help="write per-file measures and drafts here")
    ap.add_argument("--data", type=Path, default=DATA, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    files = load_files(args.data, args.files)
    if not files:
        ap.error(f"no notes files match {args.files!r} in {args.data}")
    results = [measure(name, text, meta, make_draft(text, args.provider)) for name, text, meta in files]
    summary = print_report(results, args.provider)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"provider": args.provider, "summary": summary,
                                         "files": [r.as_json() for r in results]},
                                        ensure_ascii=False, indent=1, default=str), encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
