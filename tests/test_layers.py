"""The layering contract (run by ``make test``): ``ui | cli > services > rewrite | drafting >
llm | knowledge side > core``, no import cycles, and ``ui/`` imports no drafting, rewrite or llm
module (only services and core types). The checker (tests/layering.py) reads every import with
:mod:`ast`, lazy ones inside functions included; a planted violation in a throwaway package proves it
fails when it should."""

from __future__ import annotations

from pathlib import Path

import pytest
from layering import Layer, check_layers, find_cycles, import_graph

ROOT = Path(__file__).resolve().parent.parent

LAYERS = (
    Layer("entry points (ui, cli)", ("ui", "ui.*", "assistant.cli", "assistant.cli.*")),
    Layer("services", ("assistant.services", "assistant.services.*")),
    Layer("rewrite | drafting", ("assistant.rewrite", "assistant.rewrite.*", "assistant.drafting",
                                 "assistant.drafting.*")),
    Layer("llm | knowledge side", ("assistant.llm", "assistant.llm.*", "assistant.index", "assistant.index_catalog",
                                   "assistant.index_dense", "assistant.retrieve",
                                   "assistant.knowledge", "assistant.knowledge_files",
                                   "assistant.knowledge_steering", "assistant.ingest", "assistant.chunking", "assistant.embeddings",
                                   "assistant.lexical", "assistant.importer", "assistant.vector_pack",
                                   "assistant.webpage", "assistant.webpage_meta", "assistant.webpage_split")),
    # figures, check, notes, facts, sections, headings, outline, store, export, textio, settings,
    # errors, documents, status, … and any new core module
    Layer("core", ("assistant", "assistant.*")),
)
# the page talks to the application layer, never to the machinery under it
FORBIDDEN = {"ui*": ("assistant.drafting*", "assistant.rewrite*", "assistant.llm*")}


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def graph() -> dict[str, list[tuple[str, int]]]:
    return import_graph(ROOT, ["assistant", "ui"])


def test_the_project_keeps_its_layers(graph: dict[str, list[tuple[str, int]]]) -> None:
    assert "assistant.services.session" in graph and "ui.handlers" in graph  # the graph is the real one
    problems = check_layers(graph, LAYERS, FORBIDDEN)
    assert not problems, "\n".join(map(str, problems))


def test_the_project_has_no_import_cycles(graph: dict[str, list[tuple[str, int]]]) -> None:
    assert find_cycles(graph) == []


def test_ui_reaches_drafting_only_through_services(graph: dict[str, list[tuple[str, int]]]) -> None:
    ui_imports = {t for m, edges in graph.items() if m.startswith("ui") for t, _ in edges}
    assert "assistant.services.session" in ui_imports
    assert not {t for t in ui_imports if t.startswith(("assistant.drafting", "assistant.rewrite", "assistant.llm"))}


PLANTED = {
    "fake/__init__.py": "",
    "fake/core.py": "def f():\n    from fake.ui import page  # a lazy import, upwards\n    return page\n",
    "fake/ui/__init__.py": "",
    "fake/ui/page.py": "from fake.drafting import pipeline\nimport fake.core\n",
    "fake/drafting/__init__.py": "",
    "fake/drafting/pipeline.py": "from fake import core\n",
    "fake/llm/__init__.py": "",
    "fake/llm/a.py": "from . import b\n",
    "fake/llm/b.py": "def g():\n    from fake.llm.a import x\n    return x\n",
    "fake/orphan/__init__.py": "",
}
FAKE_LAYERS = (
    Layer("ui", ("fake.ui", "fake.ui.*")),
    Layer("drafting", ("fake.drafting", "fake.drafting.*")),
    Layer("llm", ("fake.llm", "fake.llm.*")),
    Layer("core", ("fake", "fake.core")),
)


def test_the_checker_fails_on_planted_violations(tmp_path: Path) -> None:
    _write(tmp_path, PLANTED)
    graph = import_graph(tmp_path, ["fake"])
    assert ("fake.llm.b", 1) in graph["fake.llm.a"]  # a relative import is resolved
    problems = {(v.importer, v.imported, v.why.split(":")[0]) for v in check_layers(
        graph, FAKE_LAYERS, {"fake.ui*": ("fake.drafting*",)})}
    assert ("fake.core", "fake.ui.page", "core may not import ui (a higher layer)") in problems  # upwards
    assert ("fake.ui.page", "fake.drafting.pipeline", "fake.ui* may not import fake.drafting.pipeline") in problems
    assert ("fake.orphan", "-", "the module is in no layer") in problems
    assert not any(v[0] == "fake.drafting.pipeline" for v in problems)  # downwards is fine
    cycles = find_cycles(graph)
    assert ["fake.llm.a", "fake.llm.b"] in cycles  # through a lazy import inside a function
    assert ["fake.core", "fake.drafting.pipeline", "fake.ui.page"] in cycles  # core → ui → drafting → core


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"p/__init__.py": "", "p/a.py": "import p.b\n", "p/b.py": ""}, {"p.a": ["p.b"]}),
        ({"p/__init__.py": "", "p/a.py": "from p import b\n", "p/b.py": ""}, {"p.a": ["p.b"]}),
        ({"p/__init__.py": "X = 1\n", "p/a.py": "from p import X\n"}, {"p.a": ["p"]}),
        ({"p/__init__.py": "", "p/q/__init__.py": "", "p/q/a.py": "from ..b import y\n", "p/b.py": ""},
         {"p.q.a": ["p.b"]}),
        ({"p/__init__.py": "from p import a\n", "p/a.py": "import os\n"}, {"p": [], "p.a": []}),
        ({"p/__init__.py": "", "p/a.py": "if TYPE_CHECKING:\n    from p.b import T\n", "p/b.py": ""},
         {"p.a": ["p.b"]}),
    ],
)
def test_imports_are_read_as_modules(tmp_path: Path, files: dict[str, str], expected: dict[str, list[str]]) -> None:
    _write(tmp_path, files)
    graph = import_graph(tmp_path, ["p"])
    for module, targets in expected.items():
        assert [t for t, _ in graph[module]] == targets
