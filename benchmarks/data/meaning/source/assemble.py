import json, sys, collections
sys.path.insert(0, "/tmp/evalbuild")
import zh, en
out = []
for mod, lang in ((zh, "zh"), (en, "en")):
    for n, (blk, part, draft, expect, kind, fig) in enumerate(mod.CASES, 1):
        head = mod.R[blk] if part == "R" else mod.P[blk]
        text = f"{head}\n{draft}" if head else draft
        assert text.count(fig) == 1, (blk, draft, fig)
        case = {"id": f"{lang}-{blk}-{n:03d}", "language": lang, "notes": mod.B[blk], "draft": text,
                "expect": expect, "kind": kind, "figure": fig}
        if blk in getattr(mod, "EXAMPLES", {}):
            case["examples"] = [mod.EXAMPLES[blk]]
        out.append(case)
c = collections.Counter((x["language"], x["expect"]) for x in out)
print(len(out), c)
# split decided here, before any scoring: within each (language, expect), cases ordered by kind then id;
# every 10-case run sends positions 1, 4, 7 to the held-out set (30%).
groups = collections.defaultdict(list)
for x in out:
    groups[(x["language"], x["expect"])].append(x)
dev, held = [], []
for key in sorted(groups):
    for i, x in enumerate(sorted(groups[key], key=lambda x: (x["kind"], x["id"]))):
        (held if i % 10 in (1, 4, 7) else dev).append(x)
dev.sort(key=lambda x: x["id"]); held.sort(key=lambda x: x["id"])
print("dev", len(dev), "held", len(held))
print(collections.Counter(x["kind"] for x in out))
if len(sys.argv) > 1:
    import pathlib
    d = pathlib.Path(sys.argv[1]); d.mkdir(parents=True, exist_ok=True)
    for name, rows in (("dev", dev), ("heldout", held)):
        with open(d / f"{name}.jsonl", "w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
