"""Number-checker benchmark on real reports (issue 4, "Measures").

Each real report in ../shared/data/real-reports/ serves as the notes; drafts are the same report
with figures mutated (errors the checker must flag) or rewritten without changing their value
(which it must not flag). Per mutation type it reports error recall, false alarms on the touched
(value-preserving) figures and on the untouched figures, next to an exact-string baseline (a
figure passes when its text occurs verbatim in the notes). Then it times one check of a
60,000-character report.

    .venv/bin/python benchmarks/checker.py [--seed 7] [--per-draft 12] [--reports GLOB] [--speed-only]

Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import glob
import os
import random
import re
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.check import check_draft  # noqa: E402
from assistant.figures import Figure, extract_figures  # noqa: E402

REPORTS = ROOT.parent / "shared" / "data" / "real-reports"
ERROR_TYPES = ("digits", "scale", "swap", "flip", "invented")
PRESERVE_TYPES = ("rescale", "cn_numeral", "width", "separators")
FW = str.maketrans("0123456789.%", "０１２３４５６７８９．％")
HW = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
FLIPS_ZH = {"增长": "下降", "下降": "增长", "提高": "降低", "降低": "提高", "增加": "减少", "减少": "增加",
            "上升": "下降", "回落": "上升"}
FLIPS_EN = {"increased": "decreased", "decreased": "increased", "increase": "decrease",
            "decrease": "increase", "rose": "fell", "fell": "rose", "grew": "shrank", "up": "down",
            "down": "up", "declined": "increased", "higher": "lower", "lower": "higher"}
INVENT_ZH = [("新增就业岗位", "个"), ("接待游客", "万人次"), ("引进项目", "项"), ("培训农民", "人次"),
             ("新建公园绿地", "万平方米"), ("完成技改投资", "亿元"), ("农村公路里程达到", "公里"),
             ("居民消费价格上涨", "%"), ("新增市场主体", "户"), ("改造老旧小区", "个")]
INVENT_EN = [("the agency hired", "new staff"), ("it spent", "million dollars on upgrades"),
             ("costs grew by", "percent"), ("it closed", "facilities"), ("it trained", "FTEs")]


@dataclass
class Edit:
    start: int
    end: int
    new: str
    kind: str
    error: bool
    fig: Figure | None


def digits_of(f: Figure) -> list[int]:
    return [i for i, ch in enumerate(f.text) if ch.isdigit()]


def arabic(f: Figure) -> bool:
    t = f.text.translate(HW)
    return bool(re.match(r"[\d,]+(\.\d+)?", t))


def mutate_digits(f: Figure, rng: random.Random) -> str | None:
    idx = [i for i, ch in enumerate(f.text) if ch.isdigit() or "０" <= ch <= "９"]
    if not idx or not arabic(f):
        return None
    i = rng.choice(idx)
    ch = f.text[i]
    full = "０" <= ch <= "９"
    d = int(ch.translate(HW))
    choices = [x for x in range(10) if x != d and not (x == 0 and i == idx[0])]
    new = str(rng.choice(choices))
    if full:
        new = new.translate(FW)
    return f.text[:i] + new + f.text[i + 1:]


def mutate_scale(f: Figure) -> str | None:
    t = f.text
    for a, b in (("万亿", "亿"), ("亿", "万"), ("万", "亿"), ("million", "billion"), ("billion", "million"),
                 ("thousand", "million")):
        if a in t:
            return t.replace(a, b, 1)
    if t.endswith("元") and f.scale == 1:
        return t[:-1] + "万元"
    return None


def cn_number(v: Decimal) -> str:
    import cn2an

    s = f"{v.normalize():f}"
    return str(cn2an.an2cn(s, "low"))


def preserve(kind: str, f: Figure) -> str | None:
    t = f.text
    if f.approx or f.is_range or f.value is None or f.number is None:
        return None
    if kind == "rescale":
        m = re.fullmatch(r"([\d.,]+)亿元", t.translate(HW))
        if m:
            v = Decimal(m.group(1).replace(",", "")) * 10000
            return f"{v.normalize():f}万元"
        m = re.fullmatch(r"([\d.,]+)万元", t.translate(HW))
        if m and Decimal(m.group(1).replace(",", "")) >= 1000:
            v = Decimal(m.group(1).replace(",", "")) / 10000
            return f"{v.normalize():f}亿元"
        m = re.fullmatch(r"([\d.,]+) (million|billion)", t)
        if m:
            mult = 10**6 if m.group(2) == "million" else 10**9
            v = Decimal(m.group(1).replace(",", "")) * mult
            if v == v.to_integral_value():
                return f"{int(v):,}"
        return None
    if kind == "cn_numeral":
        m = re.fullmatch(r"([\d.]+)[%％]", t)
        if m:
            return "百分之" + cn_number(Decimal(m.group(1).translate(HW)))
        return None
    if kind == "width":
        if any("０" <= ch <= "９" for ch in t):
            return t.translate(HW)
        if any(ch.isdigit() for ch in t) and arabic(f):
            return t.translate(FW)
        return None
    if kind == "separators":
        m = re.match(r"(\d{1,3}(?:,\d{3})+)", t)
        if m:
            return t.replace(m.group(1), m.group(1).replace(","), 1) if False else t.replace(
                m.group(1), m.group(1).replace(",", ""), 1)
        m = re.match(r"(\d{4,})(?!\d)", t)
        if m and not t.startswith("0"):
            return t.replace(m.group(1), f"{int(m.group(1)):,}", 1)
        return None
    return None


def flip_edit(text: str, f: Figure, zh: bool) -> Edit | None:
    ls = text.rfind("\n", 0, f.start) + 1
    window_start = max(ls, f.start - 12)
    window = text[window_start:f.start]
    # the direction word must be in the figure's own clause
    cut = max(window.rfind(c) for c in "，。；;,!?！？")
    if cut >= 0:
        window_start += cut + 1
        window = text[window_start:f.start]
    best: tuple[int, str, str] | None = None
    table = FLIPS_ZH if zh else FLIPS_EN
    for w, nw in table.items():
        for m in re.finditer(re.escape(w) + "(?![值税])" if zh else r"\b" + w + r"\b(?! to)", window):
            if best is None or m.start() > best[0] or (m.start() == best[0] and len(w) > len(best[1])):
                best = (m.start(), w, nw)
    if best is None:
        return None
    s = window_start + best[0]
    return Edit(s, s + len(best[1]), best[2], "flip", True, f)


def invent_edit(text: str, rng: random.Random, zh: bool, ledger_keys: set[tuple[str, Decimal]]) -> Edit | None:
    lines = [m for m in re.finditer(r"[^\n]*[。.]\n", text) if len(m.group(0)) > 30]
    if not lines:
        return None
    m = rng.choice(lines)
    pos = m.end() - 2  # before the final full stop
    for _ in range(20):
        if zh:
            ind, unit = rng.choice(INVENT_ZH)
            val = rng.randint(11, 99) / 10 if unit == "%" else rng.randint(101, 9999)
            clause = f"，{ind}{val}{unit}"
        else:
            ind, unit = rng.choice(INVENT_EN)
            val = rng.randint(11, 99) / 10 if unit == "percent" else rng.randint(101, 9999)
            clause = f", and {ind} {val:,} {unit}" if isinstance(val, int) else f", and {ind} {val} {unit}"
        figs = [f for f in extract_figures(clause) if not f.ignored and f.value is not None]
        if figs and (figs[0].unit, figs[0].value) not in ledger_keys:
            return Edit(pos, pos, clause, "invented", True, None)
    return None


def apply(text: str, edits: list[Edit]) -> tuple[str, list[tuple[int, int, Edit]]]:
    """Apply non-overlapping edits; return the new text and each edit's span in it."""
    edits = sorted(edits, key=lambda e: e.start)
    out: list[str] = []
    spans: list[tuple[int, int, Edit]] = []
    pos = 0
    shift = 0
    for e in edits:
        out.append(text[pos:e.start])
        ns = e.start + shift
        out.append(e.new)
        spans.append((ns, ns + len(e.new), e))
        shift += len(e.new) - (e.end - e.start)
        pos = e.end
    out.append(text[pos:])
    return "".join(out), spans


def make_edits(text: str, kind: str, figs: list[Figure], rng: random.Random, n: int, zh: bool) -> list[Edit]:
    cands = figs[:]
    rng.shuffle(cands)
    edits: list[Edit] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e + 30 < a or s > b + 30 for a, b in taken)

    ledger_keys = {(f.unit, f.value) for f in figs if f.value is not None}
    if kind == "invented":
        for _ in range(n):
            e = invent_edit(text, rng, zh, ledger_keys)
            if e and free(e.start, e.end):
                edits.append(e)
                taken.append((e.start, e.end))
        return edits
    by_unit: dict[str, list[Figure]] = defaultdict(list)
    for f in figs:
        if not f.approx and not f.is_range:
            by_unit[f.unit].append(f)
    for f in cands:
        if len(edits) >= n:
            break
        if not free(f.start, f.end) or f.is_range:
            continue
        new: str | None = None
        if kind == "digits":
            new = mutate_digits(f, rng)
        elif kind == "scale":
            new = mutate_scale(f)
        elif kind == "swap":
            others = [g for g in by_unit[f.unit] if g.value != f.value and g.unit == f.unit]
            if f.unit and others:
                new = rng.choice(others).text
        elif kind == "flip":
            if f.direction is None:
                continue
            e = flip_edit(text, f, zh)
            if e and free(e.start, f.end):
                edits.append(e)
                taken.append((e.start, f.end))
            continue
        else:
            new = preserve(kind, f)
        if new is None or new == f.text:
            continue
        edits.append(Edit(f.start, f.end, new, kind, kind in ERROR_TYPES, f))
        taken.append((f.start, f.end))
    return edits


def baseline_flags(notes: str, text: str) -> bool:
    """Exact-string baseline: flagged when the figure's text is not in the notes verbatim."""
    return text not in notes


def terse_notes(report: str) -> str:
    """Notes as a user would jot them: per line, only the clauses holding figures (and the clause
    just before each, which usually names the indicator), so the draft (the full report) has
    context the notes lack."""
    out: list[str] = []
    for line in report.split("\n"):
        clauses = [c for c in re.split(r"(?<=[，；。;])|(?<=, )|(?<=\. )", line) if c]
        keep: set[int] = set()
        for i, c in enumerate(clauses):
            if any(not f.ignored for f in extract_figures(c)):
                keep.update((i - 1, i) if i else (i,))
        if keep:
            out.append("".join(clauses[i] for i in sorted(keep)))
    return "\n".join(out) + "\n"


def run(seed: int, per_draft: int, pattern: str, notes_mode: str = "same") -> dict[str, dict[str, float]]:
    files = sorted(glob.glob(str(REPORTS / pattern)))
    rng = random.Random(seed)
    stats: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    misses: dict[str, list[str]] = defaultdict(list)
    for path in files:
        report = Path(path).read_text(encoding="utf-8")
        notes = report if notes_mode == "same" else terse_notes(report)
        zh = Path(path).name.startswith("cn_")
        figs = [f for f in extract_figures(report) if not f.ignored and f.value is not None]
        for kind in (*ERROR_TYPES, *PRESERVE_TYPES):
            edits = make_edits(report, kind, figs, random.Random(rng.random()), per_draft, zh)
            if not edits:
                continue
            draft, spans = apply(report, edits)
            result = check_draft(notes, draft)
            st = stats[kind]
            touched: list[tuple[int, int]] = []
            for s, e, ed in spans:
                if ed.kind == "flip" and ed.fig is not None:
                    # the figure follows the flipped word
                    fs = ed.fig.start + (len(ed.new) - (ed.end - ed.start))
                    fe = fs + (ed.fig.end - ed.fig.start)
                    s, e = s, fe
                    touched.append((s, min(len(draft), e + 40)))  # a shared 分别增长 flips its list
                    hits = [fc for fc in result.figures if fc.figure.start < fe and fc.figure.end > fs]
                else:
                    touched.append((s, e))
                    hits = [fc for fc in result.figures if fc.figure.start < e and fc.figure.end > s]
                st["cases"] += 1
                flagged = any(fc.blocking for fc in hits)
                base = any(baseline_flags(notes, fc.figure.text) for fc in hits) if hits else False
                if ed.kind == "flip":
                    base = False  # the figure text itself is unchanged
                if not hits:
                    st["not_extracted"] += 1
                if ed.error:
                    st["detected"] += flagged
                    st["base_detected"] += base
                    if not flagged and len(misses[kind]) < 8:
                        ctx = draft[max(0, s - 25):e + 5].replace("\n", " ")
                        st_names = ",".join(f"{fc.status}:{fc.reason[:60]}" for fc in hits)
                        misses[kind].append(f"{Path(path).name}: …{ctx}… [{st_names}]")
                else:
                    st["false_alarm"] += flagged
                    st["base_false_alarm"] += base
                    if flagged and len(misses[kind]) < 8:
                        ctx = draft[max(0, s - 25):e + 5].replace("\n", " ")
                        st_names = ",".join(f"{fc.status}:{fc.reason[:60]}" for fc in hits)
                        misses[kind].append(f"{Path(path).name}: …{ctx}… [{st_names}]")
            for fc in result.figures:
                f = fc.figure
                if f.ignored or any(f.start < e and f.end > s for s, e in touched):
                    continue
                st["untouched"] += 1
                if fc.blocking:
                    st["untouched_false_alarm"] += 1
                    if len(misses["untouched"]) < 25:
                        ctx = draft[max(0, f.start - 25):f.end + 5].replace("\n", " ")
                        misses["untouched"].append(
                            f"{kind} {Path(path).name}: …{ctx}… [{fc.status}: {fc.reason[:80]}]")
    if os.environ.get("CHECKER_BENCH_VERBOSE"):
        for kind, items in misses.items():
            print(f"\n# {kind}")
            for it in items:
                print("  ", it)
    return stats


def speed(repeats: int = 5) -> tuple[int, int, float, float]:
    parts = []
    for name in ("cn_prov_zhejiang_gwr_2026.txt", "cn_prov_guizhou_gwr_2026.txt", "cn_statecouncil_gwr_2008.txt",
                 "cn_statecouncil_gwr_2016.txt"):
        parts.append((REPORTS / name).read_text(encoding="utf-8"))
    text = "\n".join(parts)[:60_000]
    # the draft: the same report with a few figures changed
    draft = re.sub(r"(\d)\.(\d)%", r"\1.\2%", text)
    draft = draft.replace("增长", "下降", 5)
    times = []
    cpu = []
    n = 0
    for _ in range(repeats):
        t0 = time.perf_counter()
        c0 = time.process_time()
        res = check_draft(text, draft)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        n = len(res.figures)
    print(f"cpu time per check (this process only, unaffected by other load): median "
          f"{statistics.median(cpu) * 1000:.0f} ms")
    t0 = time.perf_counter()
    extract_figures(text)
    t_extract = time.perf_counter() - t0
    # worst case: notes from other reports, so nearly every figure goes through every search
    other = "\n".join((REPORTS / n).read_text(encoding="utf-8") for n in (
        "cn_prov_gansu_gwr_2026.txt", "cn_prov_henan_gwr_2026.txt", "cn_statecouncil_gwr_2012.txt",
        "cn_statecouncil_gwr_2019.txt"))[:60_000]
    worst = []
    for _ in range(3):
        t0 = time.perf_counter()
        check_draft(other, text)
        worst.append(time.perf_counter() - t0)
    return len(text), n, statistics.median(times), t_extract, statistics.median(worst)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--per-draft", type=int, default=12, help="mutations per draft (per report and type)")
    ap.add_argument("--reports", default="*.txt", help="glob of report files")
    ap.add_argument("--speed-only", action="store_true")
    ap.add_argument("--notes", choices=("same", "terse"), default="same",
                    help="same: the notes are the report itself; terse: only the report's figure clauses")
    args = ap.parse_args()
    if not args.speed_only:
        t0 = time.perf_counter()
        stats = run(args.seed, args.per_draft, args.reports, args.notes)
        elapsed = time.perf_counter() - t0
        print(f"notes {args.notes}, seed {args.seed}, {args.per_draft} mutations per draft, reports {args.reports}, "
              f"{elapsed:.0f} s")
        print()
        print("| mutation | cases | checker: errors flagged | exact-string baseline | not extracted |")
        print("|---|---:|---:|---:|---:|")
        for kind in ERROR_TYPES:
            st = stats[kind]
            c = st["cases"] or 1
            print(f"| {kind} | {int(st['cases'])} | {st['detected'] / c:.3f} | {st['base_detected'] / c:.3f} "
                  f"| {int(st['not_extracted'])} |")
        print()
        print("| value-preserving rewrite | cases | checker: false alarms | exact-string baseline | not extracted |")
        print("|---|---:|---:|---:|---:|")
        for kind in PRESERVE_TYPES:
            st = stats[kind]
            c = st["cases"] or 1
            print(f"| {kind} | {int(st['cases'])} | {st['false_alarm'] / c:.3%} | "
                  f"{st['base_false_alarm'] / c:.1%} | {int(st['not_extracted'])} |")
        unt = sum(stats[k]["untouched"] for k in stats)
        fa = sum(stats[k]["untouched_false_alarm"] for k in stats)
        print()
        print(f"untouched figures: {int(unt)}, false alarms {int(fa)} ({fa / max(unt, 1):.3%}); "
              "exact-string baseline 0 by construction")
    n_chars, n_figs, t, t_ex, t_worst = speed()
    print(f"\nspeed: check_draft on a {n_chars:,}-character report against itself (mutated), "
          f"{n_figs} draft figures: median {t * 1000:.0f} ms of 5; extract_figures alone {t_ex * 1000:.0f} ms; "
          f"against 60,000 characters of unrelated notes (worst case): median {t_worst * 1000:.0f} ms of 3")


if __name__ == "__main__":
    main()
