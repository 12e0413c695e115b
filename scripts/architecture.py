"""Print the real import structure for docs/ARCHITECTURE.md, from the layering test's own graph.

    python scripts/architecture.py            # layer → layer edges, component edges, module sizes
    python scripts/architecture.py --sizes 400  # only modules over 400 lines

The graph is tests/layering.py's (every import read with ``ast``, lazy ones inside functions included),
the layers are tests/test_layers.py's ``LAYERS``; nothing is imported from the project itself.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from layering import import_graph, layer_of, module_names  # noqa: E402
from test_layers import LAYERS  # noqa: E402

# components: a package, or a family of core modules that change together
FAMILIES = {
    "checker": ("check", "check_notes", "check_meaning", "check_ledger", "check_reasons", "check_report", "check_types",
                "figures", "facts", "meaning", "meaning_cues", "meaning_doc", "periods", "indicators"),
    "notes+outline": ("notes", "note_lines", "note_text", "outline", "outline_edit", "genres", "locks"),
    "draft text": ("sections", "headings", "lang", "textnorm", "sanitize", "redact"),
    "files+export": ("textio", "textio_docx", "textio_caps", "export", "export_docx", "export_layout", "word_in",
                     "word_in_archive", "word_edit", "files", "page_split"),
    "store": ("store", "store_sql", "store_audit", "store_model", "store_versions", "store_schema", "workspaces",
              "chroma_remote"),
    "knowledge side": ("index", "index_catalog", "index_dense", "retrieve", "knowledge", "knowledge_files",
                       "knowledge_steering", "ingest", "chunking", "embeddings", "lexical", "importer",
                       "vector_pack", "webpage", "webpage_meta", "webpage_split"),
}


def component(module: str) -> str:
    parts = module.split(".")
    if parts[0] == "ui":
        return "ui"
    if len(parts) >= 2 and parts[1] in ("cli", "services", "drafting", "rewrite", "llm", "genres"):
        return parts[1] if parts[1] != "genres" else "notes+outline"
    name = parts[1] if len(parts) > 1 else parts[0]
    for family, members in FAMILIES.items():
        if name in members:
            return family
    return "core (other)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, default=0, help="only list modules over this many lines")
    args = ap.parse_args()
    graph = import_graph(ROOT, ["assistant", "ui"])
    files = module_names(ROOT, ["assistant", "ui"])

    layer_edges: Counter[tuple[str, str]] = Counter()
    comp_edges: dict[str, Counter[str]] = defaultdict(Counter)
    for importer, edges in graph.items():
        li = layer_of(importer, LAYERS)
        for target, _line in edges:
            lt = layer_of(target, LAYERS)
            if li is not None and lt is not None:
                layer_edges[(LAYERS[li].name, LAYERS[lt].name)] += 1
            ci, ct = component(importer), component(target)
            if ci != ct:
                comp_edges[ci][ct] += 1

    if not args.sizes:
        print("## layer → layer (import statements)\n")
        for (a, b), n in sorted(layer_edges.items(), key=lambda e: ([x.name for x in LAYERS].index(e[0][0]),
                                                                     [x.name for x in LAYERS].index(e[0][1]))):
            print(f"{a:24} → {b:24} {n:4}")
        print("\n## component → components (import statements)\n")
        for comp in sorted(comp_edges):
            targets = ", ".join(f"{t} {n}" for t, n in comp_edges[comp].most_common())
            print(f"{comp:16} → {targets}")
        print()
    print("## module sizes (lines)\n")
    sizes = sorted(((len(p.read_text(encoding="utf-8").splitlines()), m) for m, p in files.items()), reverse=True)
    for n, m in sizes:
        if n > (args.sizes or 0) and (args.sizes or n >= 300):
            print(f"{n:6}  {m}{'  (over ~500)' if n > 510 else ''}")
    print(f"\n{len(files)} modules, {sum(n for n, _ in sizes)} lines; "
          f"{sum(1 for n, _ in sizes if n > 510)} over ~500")


if __name__ == "__main__":
    main()
