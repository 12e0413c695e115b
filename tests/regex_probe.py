"""Run every module-level compiled regex of ``assistant`` and ``ui`` (also those held in module-level
tuples, lists and dicts) on pathological lines.

Used by ``tests/test_hostile_input.py`` as a subprocess (a regex stuck in C cannot be interrupted from
Python, so the parent kills the process): ``python regex_probe.py START`` prints ``BEGIN i key`` before and
``END i`` after each (pattern, input) case from index START on, then ``DONE``. ``python regex_probe.py
--list`` prints the cases only.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import re
import sys
from collections.abc import Iterator

N = 100_000

#: Pathological lines: long runs of one kind, alternations, nesting (each about N characters).
INPUTS: dict[str, str] = {
    "digits": "1" * N,
    "fullwidth-digits": "１" * N,
    "cjk": "增" * N,
    "cjk-numerals": "一" * N,
    "digit-comma": "1," * (N // 2),
    "digit-dot": "1." * (N // 2),
    "digit-percent": "1%" * (N // 2),
    "digit-space": "1 " * (N // 2),
    "spaces": " " * N,
    "newlines": "\n" * N,
    "nested-parens": "(" * (N // 2) + ")" * (N // 2),
    "nested-brackets": "【" * (N // 2) + "】" * (N // 2),
    "open-square": "[" * N,
    "stars": "*" * N,
    "angle": "<" * N,
    "hashes": "#" * N,
}


def patterns() -> list[tuple[str, str, re.Pattern[str] | re.Pattern[bytes]]]:
    """``(module, attribute, pattern)`` for every module-level ``re.Pattern`` in the two packages."""
    import assistant
    import ui

    found: list[tuple[str, str, re.Pattern[str] | re.Pattern[bytes]]] = []
    for pkg in (assistant, ui):
        for info in sorted(pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."), key=lambda i: i.name):
            module = importlib.import_module(info.name)
            for name, value in sorted(vars(module).items()):
                found.extend((info.name, key, pat) for key, pat in _nested(name, value, 3))
    # one entry per compiled object (a module may re-export another's pattern)
    seen: set[int] = set()
    unique = []
    for mod, name, pat in found:
        if id(pat) not in seen:
            seen.add(id(pat))
            unique.append((mod, name, pat))
    return unique


def _nested(name: str, value: object, depth: int) -> Iterator[tuple[str, re.Pattern[str] | re.Pattern[bytes]]]:
    """``value`` when it is a pattern, and the patterns inside module-level tuples/lists/dicts."""
    if isinstance(value, re.Pattern):
        yield name, value
    elif depth and isinstance(value, tuple | list | frozenset | set):
        for i, item in enumerate(value):
            yield from _nested(f"{name}[{i}]", item, depth - 1)
    elif depth and isinstance(value, dict):
        for key, item in value.items():
            yield from _nested(f"{name}[{key!r}]", item, depth - 1)


def cases() -> Iterator[tuple[str, re.Pattern[str] | re.Pattern[bytes], str]]:
    for mod, name, pat in patterns():
        for kind, text in INPUTS.items():
            yield f"{mod}.{name}|{kind}", pat, text


def main(argv: list[str]) -> None:
    """``argv``: ``--list``, or the index to start from; ``REGEX_PROBE_SKIP`` (JSON list of pattern
    sources) names patterns not to run (the known, reported ones)."""
    if argv and argv[0] == "--list":
        for key, _pat, _text in cases():
            print(key)
        return
    start = int(argv[0]) if argv else 0
    skip = set(json.loads(os.environ.get("REGEX_PROBE_SKIP", "[]")))
    for i, (key, pat, text) in enumerate(cases()):
        if i < start or str(pat.pattern) in skip:
            continue
        print(f"BEGIN {i} {key}", flush=True)
        subject: str | bytes = text.encode() if isinstance(pat.pattern, bytes) else text
        # finditer's first step IS ``search`` from position 0 (then it goes on from each match's end), so
        # one full finditer pass runs every position ``search`` would try, and more
        for _ in pat.finditer(subject):  # type: ignore[arg-type]
            pass
        print(f"END {i}", flush=True)
    print("DONE", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
