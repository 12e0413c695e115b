"""The import-layering checker behind ``tests/test_layers.py``: every import of a package (found with
:mod:`ast`, including imports inside functions and ``TYPE_CHECKING`` blocks) is read into a module
graph, then checked against an ordered list of layers and for cycles.

A module may import modules of its own layer or of any layer below it, never above; a module may be
barred from some lower modules (``forbidden``); and the graph of modules must have no cycle (a
package's ``__init__`` importing its own submodules is not an edge).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path


@dataclass(frozen=True)
class Layer:
    name: str
    modules: tuple[str, ...]  # fnmatch patterns over dotted module names ("assistant.drafting.*")


@dataclass(frozen=True)
class Violation:
    importer: str
    imported: str
    line: int
    why: str

    def __str__(self) -> str:
        return f"{self.importer}:{self.line} imports {self.imported}: {self.why}"


def module_names(root: Path, packages: Iterable[str]) -> dict[str, Path]:
    """Dotted name → file for every module of ``packages`` under ``root``."""
    out: dict[str, Path] = {}
    for package in packages:
        base = root / package.replace(".", "/")
        for path in sorted(base.rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            out[".".join(parts)] = path
    return out


def imports_of(path: Path, name: str, known: Mapping[str, Path]) -> list[tuple[str, int]]:
    """The project modules ``name`` (in ``path``) imports, with line numbers. ``from a import b``
    counts as ``a.b`` when that is a module, else as ``a``; relative imports are resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    out: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                target = _longest_known(alias.name, known)
                if target:
                    out.append((target, node.lineno))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".") if is_package else name.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)] if node.level > 1 else anchor
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                target = full if full in known else _longest_known(base, known)
                if target:
                    out.append((target, node.lineno))
    return out


def _longest_known(dotted: str, known: Mapping[str, Path]) -> str | None:
    parts = dotted.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in known:
            return candidate
        parts.pop()
    return None


def import_graph(root: Path, packages: Sequence[str]) -> dict[str, list[tuple[str, int]]]:
    """Module → the project modules it imports (self-imports and a package's own submodules dropped)."""
    known = module_names(root, packages)
    graph: dict[str, list[tuple[str, int]]] = {}
    for name, path in known.items():
        edges = []
        for target, line in imports_of(path, name, known):
            if target == name or (path.name == "__init__.py" and target.startswith(name + ".")):
                continue
            edges.append((target, line))
        graph[name] = edges
    return graph


def layer_of(module: str, layers: Sequence[Layer]) -> int | None:
    """The index of the first layer with a pattern matching ``module`` (0 = the top)."""
    for n, layer in enumerate(layers):
        if any(fnmatchcase(module, p) for p in layer.modules):
            return n
    return None


def check_layers(graph: Mapping[str, Sequence[tuple[str, int]]], layers: Sequence[Layer],
                 forbidden: Mapping[str, Sequence[str]] | None = None) -> list[Violation]:
    """Imports that go up a layer, modules in no layer, and imports a ``forbidden`` rule bars
    (importer pattern → imported patterns)."""
    problems: list[Violation] = []
    for importer, edges in graph.items():
        mine = layer_of(importer, layers)
        if mine is None:
            problems.append(Violation(importer, "-", 0, "the module is in no layer"))
            continue
        for target, line in edges:
            theirs = layer_of(target, layers)
            if theirs is None:
                continue  # reported for the target itself
            if theirs < mine:
                problems.append(Violation(importer, target, line,
                                          f"{layers[mine].name} may not import {layers[theirs].name} (a higher layer)"))
            for who, barred in (forbidden or {}).items():
                if fnmatchcase(importer, who) and any(fnmatchcase(target, b) for b in barred):
                    problems.append(Violation(importer, target, line, f"{who} may not import {target}"))
    return problems


def find_cycles(graph: Mapping[str, Sequence[tuple[str, int]]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = 0

    def visit(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w, _line in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out
