"""The issue-10 evaluation data (benchmarks/data/meaning, benchmarks/data/notes_styles) is well formed,
and the benchmark scripts score what they say they score.

Nothing here runs the checker on the held-out cases: the data tests read the files only, and the
script tests feed hand-made results and drafts.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
MEANING = ROOT / "benchmarks" / "data" / "meaning"
STYLES = ROOT / "benchmarks" / "data" / "notes_styles"

FAITHFUL_KINDS = {
    "rescale", "rounding", "numerals", "fullwidth", "ratio_percent", "derived_growth", "derived_sum",
    "derived_share", "period", "count_noun", "abbreviation", "continuation", "fenbie", "sign_kept",
    "plan_in_plan", "forecast_kept", "fixed_phrase_inside",
}
ERROR_KINDS = {
    "last_year_as_current", "target_as_achieved", "target_as_achieved_noverb", "forecast_as_final",
    "fenbie_swap", "sign_lost", "direction_flipped", "direction_contradicted", "wrong_indicator",
    "wrong_period", "value_altered", "invented", "example_figure",
}
ROLES = {"title", "header", "summary", "problem", "plan"}


def _load(name: str) -> ModuleType:
    path = ROOT / "benchmarks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"bench_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def _cases(name: str) -> list[dict[str, Any]]:
    with open(MEANING / f"{name}.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="module")
def cases() -> dict[str, list[dict[str, Any]]]:
    return {"dev": _cases("dev"), "heldout": _cases("heldout"), "heldout2": _cases("heldout2"),
            "heldout3": _cases("heldout3"), "heldout4": _cases("heldout4"),
            "heldout5": _cases("heldout5"), "heldout6": _cases("heldout6"),
            "heldout7": _cases("heldout7"), "heldout8": _cases("heldout8"),
            "heldout9": _cases("heldout9"), "heldout10": _cases("heldout10")}


# --------------------------------------------------------------------------- the paraphrase set
def test_every_case_has_the_fields(cases: dict[str, list[dict[str, Any]]]) -> None:
    for rows in cases.values():
        for c in rows:
            for key in ("id", "language", "notes", "draft", "expect", "kind", "figure"):
                assert isinstance(c.get(key), str) and c[key].strip(), (c.get("id"), key)
            assert c["language"] in ("zh", "en"), c["id"]
            assert c["expect"] in ("accept", "flag"), c["id"]
            assert c["kind"] in (FAITHFUL_KINDS if c["expect"] == "accept" else ERROR_KINDS), c["id"]
            # the figure is found once in the draft, so scoring looks at one span
            assert c["draft"].count(c["figure"]) == 1, c["id"]
            assert any(ch.isdigit() for ch in c["notes"]), c["id"]
            for ex in c.get("examples", ()):
                assert set(ex) == {"title", "text"} and ex["text"].strip(), c["id"]


def test_ids_unique_and_dev_heldout_disjoint(cases: dict[str, list[dict[str, Any]]]) -> None:
    dev = [c["id"] for c in cases["dev"]]
    held = [c["id"] for c in cases["heldout"]]
    assert len(dev) == len(set(dev))
    assert len(held) == len(set(held))
    assert not set(dev) & set(held)
    # the same draft for the same notes never sits on both sides
    pairs = {(c["notes"], c["draft"]) for c in cases["dev"]}
    assert not [c["id"] for c in cases["heldout"] if (c["notes"], c["draft"]) in pairs]


def test_sizes_languages_and_balance(cases: dict[str, list[dict[str, Any]]]) -> None:
    rows = cases["dev"] + cases["heldout"]
    assert len(rows) >= 200
    assert 0.25 <= len(cases["heldout"]) / len(rows) <= 0.35
    by_lang = Counter(c["language"] for c in rows)
    assert by_lang["en"] * 3 >= len(rows)
    for part in cases.values():
        seen = Counter((c["language"], c["expect"]) for c in part)
        for lang in ("zh", "en"):
            for expect in ("accept", "flag"):
                assert seen[(lang, expect)] >= 5, (lang, expect)
    expects = Counter(c["expect"] for c in rows)
    assert abs(expects["accept"] - expects["flag"]) <= 0.05 * len(rows)
    kinds = Counter(c["kind"] for c in rows)
    for kind in ("target_as_achieved", "target_as_achieved_noverb", "fenbie_swap", "sign_lost",
                 "direction_contradicted", "last_year_as_current", "rescale", "numerals", "derived_growth"):
        assert kinds[kind] >= 5, kind


def test_issue_forms_present(cases: dict[str, list[dict[str, Any]]]) -> None:
    """The forms the issue names appear in faithful cases (numerals, full width, 倍, periods, counts)."""
    faithful = " ".join(c["draft"] for part in cases.values() for c in part if c["expect"] == "accept")
    for form in ("一成", "三分之一", "一半", "百分之", "７．３％", "倍", "1—6月", "个", "42618元"):
        assert form in faithful, form


# --------------------------------------------------------------------------- heldout2 (written 2026-11-29)
def test_heldout2_ids_unique_across_all_sets(cases: dict[str, list[dict[str, Any]]]) -> None:
    ids = [c["id"] for part in cases.values() for c in part]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
    assert all(c["id"].startswith(f"h2-{c['language']}-") for c in cases["heldout2"])
    # no case of the new set repeats a (notes, draft) pair already used for development
    used = {(c["notes"], c["draft"]) for c in cases["dev"] + cases["heldout"]}
    assert not [c["id"] for c in cases["heldout2"] if (c["notes"], c["draft"]) in used]


def test_heldout2_size_languages_and_balance(cases: dict[str, list[dict[str, Any]]]) -> None:
    rows = cases["heldout2"]
    assert len(rows) >= 110
    seen = Counter((c["language"], c["expect"]) for c in rows)
    for lang in ("zh", "en"):
        for expect in ("accept", "flag"):
            assert seen[(lang, expect)] >= 20, (lang, expect, seen)
    zh = sum(1 for c in rows if c["language"] == "zh")
    assert 0.55 <= zh / len(rows) <= 0.75  # about two thirds Chinese
    expects = Counter(c["expect"] for c in rows)
    assert abs(expects["accept"] - expects["flag"]) <= 0.05 * len(rows)
    for c in rows:
        assert c["draft"].count(c["figure"]) == 1, c["id"]
    kinds = Counter(c["kind"] for c in rows)
    for kind in ("target_as_achieved", "fenbie_swap", "sign_lost", "direction_contradicted",
                 "last_year_as_current", "wrong_period", "example_figure", "value_altered", "invented",
                 "rescale", "rounding", "numerals", "derived_growth", "derived_share", "continuation",
                 "plan_in_plan", "fenbie"):
        assert kinds[kind] >= 3, kind
    faithful = " ".join(c["draft"] for c in rows if c["expect"] == "accept")
    for form in ("百分之百", "百分之", "一成", "一半", "三分之一", "倍", "１４．９％", "points"):
        assert form in faithful, form
    assert all(c.get("examples") for c in rows if c["kind"] == "example_figure")


def _note_lines(rows: list[dict[str, Any]]) -> set[str]:
    """The note lines of ``rows`` long enough to identify a passage (headers and short bullets left out)."""
    out = set()
    for c in rows:
        for line in c["notes"].split("\n"):
            text = line.strip().lstrip("-0123456789. ").strip()
            if len(text) >= 12:
                out.add(text)
    return out


def test_heldout2_notes_stay_out_of_knowledge(cases: dict[str, list[dict[str, Any]]]) -> None:
    lines = _note_lines(cases["heldout2"])
    assert len(lines) >= 50
    for f in (ROOT / "knowledge").rglob("*"):
        if f.is_file() and f.suffix in (".txt", ".md", ".json", ".jsonl"):
            text = f.read_text(encoding="utf-8", errors="ignore")
            assert not [t for t in lines if t in text], f


def test_meaning_knows_heldout2_but_all_leaves_it_out() -> None:
    meaning = _load("meaning")
    assert "heldout2" in meaning.SETS and "heldout2" not in meaning.ALL
    held2 = meaning.load_cases("heldout2")  # reads the file only; the checker is not called
    assert len(held2) >= 110 and all(c["set"] == "heldout2" for c in held2)


# --------------------------------------------------------------------------- heldout3 (written 2026-11-29, wave 5)
def test_heldout3_ids_prefix_and_no_reused_pairs(cases: dict[str, list[dict[str, Any]]]) -> None:
    assert all(c["id"].startswith(f"h3-{c['language']}-") for c in cases["heldout3"])
    used = {(c["notes"], c["draft"]) for name in ("dev", "heldout", "heldout2") for c in cases[name]}
    assert not [c["id"] for c in cases["heldout3"] if (c["notes"], c["draft"]) in used]


def test_heldout3_size_languages_and_balance(cases: dict[str, list[dict[str, Any]]]) -> None:
    rows = cases["heldout3"]
    assert len(rows) >= 200
    seen = Counter((c["language"], c["expect"]) for c in rows)
    for lang in ("zh", "en"):
        assert seen[(lang, "accept")] == seen[(lang, "flag")], (lang, seen)  # exactly half within each language
    zh = seen[("zh", "accept")] + seen[("zh", "flag")]
    assert 0.6 <= zh / len(rows) <= 0.7  # about 130 Chinese, 70 English
    kinds = Counter(c["kind"] for c in rows)
    for kind in ("target_as_achieved", "target_as_achieved_noverb", "fenbie_swap", "sign_lost",
                 "direction_contradicted", "last_year_as_current", "wrong_period", "wrong_indicator",
                 "example_figure", "value_altered", "invented", "forecast_as_final", "rescale", "rounding",
                 "numerals", "derived_growth", "derived_share", "derived_sum", "continuation", "plan_in_plan",
                 "fenbie", "sign_kept", "forecast_kept", "fullwidth", "abbreviation", "period"):
        assert kinds[kind] >= 1, kind
    assert all(c.get("examples") for c in rows if c["kind"] == "example_figure")


# --------------------------------------------------------------------------- heldout4 (written 2026-11-29, session 4)
def test_heldout4_ids_prefix_and_no_reused_pairs(cases: dict[str, list[dict[str, Any]]]) -> None:
    assert all(c["id"].startswith(f"h4-{c['language']}-") for c in cases["heldout4"])
    used = {(c["notes"], c["draft"]) for name in ("dev", "heldout", "heldout2", "heldout3") for c in cases[name]}
    assert not [c["id"] for c in cases["heldout4"] if (c["notes"], c["draft"]) in used]


def test_heldout4_size_languages_and_balance(cases: dict[str, list[dict[str, Any]]]) -> None:
    rows = cases["heldout4"]
    assert len(rows) >= 190
    seen = Counter((c["language"], c["expect"]) for c in rows)
    for lang in ("zh", "en"):
        assert seen[(lang, "accept")] == seen[(lang, "flag")], (lang, seen)  # exactly half within each language
    zh = seen[("zh", "accept")] + seen[("zh", "flag")]
    assert 0.6 <= zh / len(rows) <= 0.7  # about 130 Chinese, 70 English
    for c in rows:
        assert c["draft"].count(c["figure"]) == 1, c["id"]
    kinds = Counter(c["kind"] for c in rows)
    for kind in ("target_as_achieved", "target_as_achieved_noverb", "fenbie_swap", "sign_lost",
                 "direction_contradicted", "direction_flipped", "last_year_as_current", "wrong_period",
                 "wrong_indicator", "example_figure", "value_altered", "invented", "forecast_as_final", "rescale",
                 "rounding", "numerals", "derived_growth", "derived_share", "derived_sum", "continuation",
                 "plan_in_plan", "fenbie", "sign_kept", "forecast_kept", "fullwidth", "abbreviation", "period",
                 "count_noun", "ratio_percent"):
        assert kinds[kind] >= 1, kind
    assert all(c.get("examples") for c in rows if c["kind"] == "example_figure")


# --------------------------------------------------------------------------- heldout5 (written 2026-11-29, session 4, second blind set)
def test_heldout5_ids_prefix_and_no_reused_pairs(cases: dict[str, list[dict[str, Any]]]) -> None:
    assert all(c["id"].startswith(f"h5-{c['language']}-") for c in cases["heldout5"])
    ids = [c["id"] for name in cases for c in cases[name]]
    assert len(ids) == len(set(ids))
    used = {(c["notes"], c["draft"]) for name in ("dev", "heldout", "heldout2", "heldout3", "heldout4")
            for c in cases[name]}
    assert not [c["id"] for c in cases["heldout5"] if (c["notes"], c["draft"]) in used]


def test_heldout5_size_languages_and_balance(cases: dict[str, list[dict[str, Any]]]) -> None:
    rows = cases["heldout5"]
    assert len(rows) >= 190
    seen = Counter((c["language"], c["expect"]) for c in rows)
    for lang in ("zh", "en"):
        assert seen[(lang, "accept")] == seen[(lang, "flag")], (lang, seen)  # exactly half within each language
    zh = seen[("zh", "accept")] + seen[("zh", "flag")]
    assert 0.6 <= zh / len(rows) <= 0.7  # about 130 Chinese, 70 English
    for c in rows:
        assert c["draft"].count(c["figure"]) == 1, c["id"]
        assert c["kind"] in (FAITHFUL_KINDS if c["expect"] == "accept" else ERROR_KINDS), c["id"]
    kinds = Counter(c["kind"] for c in rows)
    for kind in ("target_as_achieved", "target_as_achieved_noverb", "fenbie_swap", "sign_lost",
                 "direction_contradicted", "direction_flipped", "last_year_as_current", "wrong_period",
                 "wrong_indicator", "example_figure", "value_altered", "invented", "forecast_as_final", "rescale",
                 "rounding", "numerals", "derived_growth", "derived_share", "derived_sum", "continuation",
                 "plan_in_plan", "fenbie", "sign_kept", "forecast_kept", "fullwidth", "abbreviation", "period",
                 "count_noun", "ratio_percent"):
        assert kinds[kind] >= 1, kind
    assert all(c.get("examples") for c in rows if c["kind"] == "example_figure")


# --------------------------------------------------------------------------- heldout6–8 (written 2026-11-29, session 5)
SESSION5_SETS = ["heldout6", "heldout7", "heldout8", "heldout9", "heldout10"]  # sessions 5–6: one schema/balance pair for all
MEANING_ERRORS = ("wrong_period", "last_year_as_current", "target_as_achieved", "target_as_achieved_noverb",
                  "forecast_as_final", "direction_contradicted", "fenbie_swap")


@pytest.mark.parametrize("name", SESSION5_SETS)
def test_session5_set_ids_prefix_and_no_reused_pairs(cases: dict[str, list[dict[str, Any]]], name: str) -> None:
    prefix = "h" + name.removeprefix("heldout")
    assert all(c["id"].startswith(f"{prefix}-{c['language']}-") for c in cases[name])
    ids = [c["id"] for other in cases for c in cases[other]]
    assert len(ids) == len(set(ids))
    used = {(c["notes"], c["draft"]) for other in cases if other != name for c in cases[other]}
    for f in MEANING.glob("*.jsonl"):  # any other file in the folder (dev_wave8_*, a parallel blind set)
        if f.stem != name:
            used |= {(c["notes"], c["draft"]) for c in _cases(f.stem)}
    assert not [c["id"] for c in cases[name] if (c["notes"], c["draft"]) in used]
    pairs = [(c["notes"], c["draft"]) for c in cases[name]]
    assert len(pairs) == len(set(pairs))  # no case repeated inside the set either


@pytest.mark.parametrize("name", SESSION5_SETS)
def test_session5_set_size_languages_and_balance(cases: dict[str, list[dict[str, Any]]], name: str) -> None:
    rows = cases[name]
    assert len(rows) >= 190
    seen = Counter((c["language"], c["expect"]) for c in rows)
    for lang in ("zh", "en"):
        assert seen[(lang, "accept")] == seen[(lang, "flag")], (lang, seen)  # exactly half within each language
    zh = seen[("zh", "accept")] + seen[("zh", "flag")]
    assert 0.6 <= zh / len(rows) <= 0.7  # about 130 Chinese, 70 English
    for c in rows:
        assert c["draft"].count(c["figure"]) == 1, c["id"]
        assert c["kind"] in (FAITHFUL_KINDS if c["expect"] == "accept" else ERROR_KINDS), c["id"]
        assert ("examples" in c) == (c["kind"] == "example_figure"), c["id"]
    kinds = Counter(c["kind"] for c in rows)
    for kind in (FAITHFUL_KINDS | ERROR_KINDS) - {"fixed_phrase_inside"}:
        assert kinds[kind] >= 1, kind
    assert sum(kinds[k] for k in MEANING_ERRORS) >= 40  # more weight on the meaning errors than earlier sets
    assert len({c["notes"] for c in rows}) >= 25  # many different notes sets
    assert all(c.get("examples") for c in rows if c["kind"] == "example_figure")


# --------------------------------------------------------------------------- every blind set since heldout3
BLIND_SETS = [("heldout3", 200), ("heldout4", 190), ("heldout5", 190), ("heldout6", 190), ("heldout7", 190),
              ("heldout8", 190), ("heldout9", 190), ("heldout10", 190)]


@pytest.mark.parametrize(("name", "size"), BLIND_SETS)
def test_blind_notes_stay_out_of_knowledge(cases: dict[str, list[dict[str, Any]]], name: str, size: int) -> None:
    lines = _note_lines(cases[name])
    assert len(lines) >= 50
    for f in (ROOT / "knowledge").rglob("*"):
        if f.is_file() and f.suffix in (".txt", ".md", ".json", ".jsonl"):
            text = f.read_text(encoding="utf-8", errors="ignore")
            assert not [t for t in lines if t in text], (name, f)


@pytest.mark.parametrize(("name", "size"), BLIND_SETS)
def test_meaning_knows_each_blind_set_but_all_leaves_it_out(name: str, size: int) -> None:
    meaning = _load("meaning")
    assert name in meaning.SETS and name not in meaning.ALL
    if name in ("heldout9", "heldout10"):
        assert name not in meaning.DEVALL  # still blind: scored only with --failures 0
    held = meaning.load_cases(name)  # reads the file only; the checker is not called
    assert len(held) >= size and all(c["set"] == name for c in held)


# --------------------------------------------------------------------------- notes in real styles
def _style_files() -> list[tuple[Path, dict[str, Any]]]:
    out = []
    for txt in sorted(STYLES.glob("*.txt")):
        out.append((txt, json.loads(txt.with_suffix(".labels.json").read_text(encoding="utf-8"))))
    return out


def test_notes_styles_cover_every_report() -> None:
    files = _style_files()
    labels = {p.name.removesuffix(".labels.json") for p in STYLES.glob("*.labels.json")}
    assert labels == {p.stem for p, _ in files}
    per_report = Counter(meta["source"] for _, meta in files)
    for year in range(2012, 2020):
        assert 2 <= per_report[f"cn_county_hailar_gwr_{year}.txt"] <= 3, year
    assert sum(1 for _, meta in files if meta["language"] == "en") >= 2
    assert {meta["style"] for _, meta in files if meta["language"] == "zh"} == {"a", "b", "c"}
    real = ROOT / "tests" / "data" / "public" / "real-reports"  # the vendored copies of the public reports
    for _, meta in files:
        assert (real / meta["source"]).is_file(), meta["source"]


@pytest.mark.parametrize("path", sorted(STYLES.glob("*.txt")), ids=lambda p: p.stem)
def test_labels_reference_existing_lines(path: Path) -> None:
    meta = json.loads(path.with_suffix(".labels.json").read_text(encoding="utf-8"))
    lines = path.read_text(encoding="utf-8").split("\n")
    labels: dict[str, dict[str, Any]] = meta["lines"]
    content = {str(i) for i, ln in enumerate(lines, 1) if ln.strip()}
    assert set(labels) == content  # every non-blank line labelled, no label on a missing line
    assert sum(1 for lab in labels.values() if lab["role"] == "title") == 1
    for n, lab in labels.items():
        assert lab["role"] in ROLES, (n, lab)
        if "head" in lab:
            head = str(lab["head"])
            assert int(head) < int(n) and head in labels
            assert labels[head]["role"] == lab["role"] and "head" not in labels[head]
        if "plan_after" in lab:
            assert lab["role"] == "summary" and lab["plan_after"] in lines[int(n) - 1]
    roles = Counter(lab["role"] for lab in labels.values())
    has_plan = roles["plan"] or any("plan_after" in lab for lab in labels.values())
    assert roles["summary"] and has_plan, path.name
    if meta["style"] == "b":  # numbered lines with no year anywhere
        year = r"(?<![\d.])(?:19|20)\d\d(?=\s*年)|\bFY\s?\d{2,4}|fiscal year|(?<![\d.,$])20\d\d(?![\d,%])"
        assert not re.search(year, path.read_text(encoding="utf-8"), re.I), path.name
        assert any("head" in lab for lab in labels.values()), path.name
    if meta["style"] == "c":
        assert any("plan_after" in lab for lab in labels.values()), path.name


def test_notes_styles_stay_out_of_knowledge() -> None:
    lines_seen = set()
    for path, meta in _style_files():
        lines = path.read_text(encoding="utf-8").split("\n")
        firsts = [lines[int(n) - 1].strip() for n, lab in meta["lines"].items() if lab["role"] == "summary"]
        lines_seen.add(max(firsts, key=len))
    knowledge = ROOT / "knowledge"
    for f in knowledge.rglob("*"):
        if f.is_file() and f.suffix in (".txt", ".md", ".json", ".jsonl"):
            text = f.read_text(encoding="utf-8", errors="ignore")
            assert not [t for t in lines_seen if t in text], f


# --------------------------------------------------------------------------- the scripts
@dataclass
class _Fig:
    start: int
    end: int


@dataclass
class _FC:
    figure: _Fig
    status: str
    reason: str = ""


@dataclass
class _Result:
    figures: list[_FC]


def test_meaning_scores_the_figure_span() -> None:
    meaning = _load("meaning")
    draft = "一、2015年工作回顾\n2015年旅游收入达到83亿元，增长12%左右。"
    s83 = draft.index("83亿元")
    s12 = draft.index("12%")
    result = _Result([
        _FC(_Fig(3, 7), "ignored"),
        _FC(_Fig(s83, s83 + 5), "verified"),
        _FC(_Fig(s12, s12 + 5), "approximate"),
    ])
    assert meaning.figure_status(result, draft, "83亿元")[0] == "verified"
    assert meaning.figure_status(result, draft, "12%左右")[0] == "approximate"
    assert meaning.figure_status(_Result([]), draft, "83亿元")[0] == meaning.NOT_FOUND
    assert meaning.passed("accept", "derived") and not meaning.passed("accept", "mismatch")
    assert meaning.passed("flag", "misattributed") and not meaning.passed("flag", "verified")
    assert not meaning.passed("flag", meaning.NOT_FOUND)
    rows = [
        {"id": "a", "set": "dev", "language": "zh", "kind": "rescale", "expect": "accept", "figure": "x",
         "status": "verified", "reason": "", "ok": True},
        {"id": "b", "set": "dev", "language": "en", "kind": "sign_lost", "expect": "flag", "figure": "y",
         "status": "verified", "reason": "", "ok": False},
    ]
    summary = meaning.summarise(rows)
    assert summary["overall"]["faithful_rate"] == 1.0 and summary["overall"]["errors_rate"] == 0.0
    assert [r["id"] for r in summary["failures"]] == ["b"]
    assert set(summary["by_language"]) == {"zh", "en"}


def test_meaning_loads_dev_cases() -> None:
    meaning = _load("meaning")
    dev = meaning.load_cases("dev")
    assert dev and all(c["set"] == "dev" for c in dev)


NOTES = """工作要点（原始笔记）
今年主要工作：
- 地区生产总值287.9亿元
- 年均增长12.1%
明年目标和安排：
- 旅游收入达到83亿元"""
LABELS = {"source": "x", "style": "a", "language": "zh", "lines": {
    "1": {"role": "title"}, "2": {"role": "header"}, "3": {"role": "summary"},
    "4": {"role": "summary", "head": 3}, "5": {"role": "header"}, "6": {"role": "plan"}}}


def test_placement_counts_misplaced_figures() -> None:
    placement = _load("placement")
    bad = ("# 2026年工作总结暨2027年工作安排\n\n## 一、2026年工作总结\n\n地区生产总值287.9亿元。旅游收入达到83亿元。"
           "工作要点（原始笔记）。\n\n### （二）其他各项工作\n\n年均增长12.1%。\n\n## 二、2027年工作安排\n\n明年目标和安排。\n")
    r = placement.measure("t", NOTES, LABELS, bad)
    assert r.plan_only == 1 and len(r.plan_only_in_summary) == 1
    assert r.continuations == 1 and len(r.orphaned) == 1
    assert r.title_as_body and r.headers_as_body == ["明年目标和安排"]
    assert r.invented_years == [2026, 2027]


def test_placement_accepts_a_well_placed_draft() -> None:
    placement = _load("placement")
    good = ("# 【年份】工作总结暨工作安排\n\n## 一、工作总结\n\n地区生产总值达到287.9亿元，年均增长12.1%。\n\n"
            "## 二、工作安排\n\n力争旅游收入达到83亿元。\n")
    r = placement.measure("t", NOTES, LABELS, good)
    assert r.plan_only == 1 and not r.plan_only_in_summary and not r.plan_only_in_problems
    assert r.review_only == 2 and not r.review_only_in_plan
    assert r.continuations == 1 and not r.orphaned and not r.continuation_missing
    assert not r.title_as_body and not r.headers_as_body and not r.invented_years
