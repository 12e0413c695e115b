"""Prompt files: one per chain, in ``prompts/``, variables declared and validated at load.

A prompt file is UTF-8 text::

    ---
    variables: [notes_block, section_heading]
    description: one line saying what the chain does
    ---
    === system ===
    You write ...
    === user ===
    {notes_block} ... {section_heading}

Placeholders are ``{name}`` (Python ``str.format`` fields; ``{{``/``}}`` are literal braces). The set
of placeholders used in the messages must equal the declared ``variables``, otherwise loading raises
:class:`PromptError`. A language variant ``NAME.zh.md`` / ``NAME.en.md`` is preferred over ``NAME.md``.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import PromptError

if TYPE_CHECKING:
    from langchain_core.messages import BaseMessage


PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"
ROLES = ("system", "user", "assistant")
_ROLE_LINE = re.compile(r"^===\s*(system|user|assistant)\s*===\s*$", re.M)
_FRONT = re.compile(r"\A---\s*\n(?P<front>.*?)\n---\s*\n", re.S)
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class PromptTemplateFile:
    """A validated prompt: ``messages`` is a tuple of (role, template) in order."""

    name: str
    path: Path
    variables: tuple[str, ...]
    messages: tuple[tuple[str, str], ...]
    description: str = ""

    def format(self, **values: object) -> list[tuple[str, str]]:
        """Fill every message; the keys must be exactly the declared variables."""
        missing = set(self.variables) - set(values)
        extra = set(values) - set(self.variables)
        if missing or extra:
            raise PromptError(
                f"prompt {self.name!r}: missing variables {sorted(missing)}, unexpected {sorted(extra)}"
            )
        return [(role, template.format_map({k: str(v) for k, v in values.items()}))
                for role, template in self.messages]

    def to_messages(self, **values: object) -> list[BaseMessage]:
        """The filled messages as LangChain messages (system / human / ai)."""
        from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

        kinds = {"system": SystemMessage, "user": HumanMessage, "assistant": AIMessage}
        return [kinds[role](content=text) for role, text in self.format(**values)]


def placeholders(template: str) -> set[str]:
    """The ``{name}`` fields of a template; attribute/index access and format specs are refused."""
    names: set[str] = set()
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise PromptError(f"bad braces in prompt template: {exc}") from None
    for _, field_name, spec, conversion in parsed:
        if field_name is None:
            continue
        if not _NAME.match(field_name) or spec or conversion:
            raise PromptError(f"bad placeholder {{{field_name}}}: use plain {{name}} fields")
        names.add(field_name)
    return names


def _parse_front(front: str, path: Path) -> tuple[tuple[str, ...], str]:
    variables: tuple[str, ...] | None = None
    description = ""
    for line in front.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, _, value = line.partition(":")
        key, value = key.strip(), value.strip()
        if key == "variables":
            if not (value.startswith("[") and value.endswith("]")):
                raise PromptError(f"{path.name}: 'variables' must be a list like [a, b]")
            names = [v.strip().strip("'\"") for v in value[1:-1].split(",") if v.strip()]
            for n in names:
                if not _NAME.match(n):
                    raise PromptError(f"{path.name}: bad variable name {n!r}")
            if len(set(names)) != len(names):
                raise PromptError(f"{path.name}: a variable is declared twice")
            variables = tuple(names)
        elif key == "description":
            description = value
    if variables is None:
        raise PromptError(f"{path.name}: the front matter declares no 'variables'")
    return variables, description


def parse_prompt_text(text: str, *, name: str, path: Path) -> PromptTemplateFile:
    """Parse and validate the text of a prompt file."""
    m = _FRONT.match(text.replace("\r\n", "\n"))
    if not m:
        raise PromptError(f"{path.name}: missing front matter (--- variables: [...] ---)")
    variables, description = _parse_front(m.group("front"), path)
    body = text.replace("\r\n", "\n")[m.end():]
    parts = _ROLE_LINE.split(body)
    if len(parts) < 3:
        raise PromptError(f"{path.name}: no '=== system ===' / '=== user ===' message")
    if parts[0].strip():
        raise PromptError(f"{path.name}: text before the first '=== role ===' line")
    messages = tuple((parts[i], parts[i + 1].strip("\n")) for i in range(1, len(parts), 2))
    used: set[str] = set()
    for _, template in messages:
        used |= placeholders(template)
    if used != set(variables):
        raise PromptError(
            f"{path.name}: placeholders {sorted(used)} differ from declared variables {sorted(variables)}"
        )
    return PromptTemplateFile(name=name, path=path, variables=variables, messages=messages,
                              description=description)


def prompt_path(name: str, language: str | None = None, prompts_dir: Path | None = None) -> Path:
    base = prompts_dir or PROMPTS_DIR
    if not _NAME.match(name):
        raise PromptError(f"bad prompt name {name!r}")
    candidates = ([base / f"{name}.{language}.md"] if language else []) + [base / f"{name}.md"]
    for c in candidates:
        if c.is_file():
            return c
    raise PromptError(f"prompt file for {name!r} not found in {base}")


@lru_cache(maxsize=64)
def _load_cached(path: Path, mtime_ns: int, name: str) -> PromptTemplateFile:
    del mtime_ns  # part of the cache key only
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PromptError(f"cannot read prompt file {path.name}: {exc}") from None
    return parse_prompt_text(text, name=name, path=path)


def load_prompt(name: str, language: str | None = None, *, prompts_dir: Path | None = None) -> PromptTemplateFile:
    """Load ``prompts/NAME[.LANG].md`` and validate its declared variables (cached by mtime)."""
    path = prompt_path(name, language, prompts_dir)
    return _load_cached(path, path.stat().st_mtime_ns, name)


# --- example masking and quoting ---------------------------------------------------------------

MASK = "〔N〕"
_DIGIT_RUN = re.compile(r"[+＋\-－]?[0-9０-９](?:[0-9０-９,，.．]*[0-9０-９])?")
_CN_DIGITS = "零〇一二两三四五六七八九"
_CN_UNITS = "十百千万亿点"
# A run of Chinese numerals holding at least one unit (十百千万亿点), as long as it can be while a unit word
# follows it. Written so that it is linear on a long run of 一: it starts only at the start of a run
# (or after 百分之/千分之), the digits before the first unit are taken possessively, and only the end
# backtracks — the same matches as [numerals]*[units][numerals]* tried at every position.
_CN_NUMERAL_RUN = re.compile(
    rf"(?:(百分之|千分之)|(?<![{_CN_DIGITS}{_CN_UNITS}]))[{_CN_DIGITS}]*+[{_CN_UNITS}][{_CN_DIGITS}{_CN_UNITS}]*"
    r"(?=[个项户人家所座台头只亿万元倍%％吨亩公里米次栋名套]|$)"
)
_CN_PERCENT = re.compile(r"(百分之|千分之)[零〇一二两三四五六七八九十百千点]+")


def mask_figures(text: str) -> str:
    """Replace every figure in an example excerpt by 〔N〕 so a small model cannot copy it.

    Arabic and full-width digit runs, percentages in words (百分之十四点三) and Chinese numerals
    followed by a unit (三十一个, 一千二百户) are masked; words like 一是 / 万众一心 are kept.
    """
    out = _DIGIT_RUN.sub(MASK, text)
    out = _CN_PERCENT.sub(MASK, out)

    def cn(m: re.Match[str]) -> str:
        return MASK if len(m.group(0)) >= 2 else m.group(0)

    out = _CN_NUMERAL_RUN.sub(cn, out)
    return re.sub(rf"(?:{re.escape(MASK)}\s*)+(?={re.escape(MASK)})", "", out)


def quote_data(text: str) -> str:
    """Neutralise text quoted into a prompt as data: no role markers or block delimiters survive."""
    out = text.replace("```", "'''")
    out = re.sub(r"^\s*===\s*(system|user|assistant)\s*===\s*$", r"[\1]", out, flags=re.M | re.I)
    out = out.replace("【", "[").replace("】", "]")
    return out.strip()
