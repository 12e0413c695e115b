"""What the session store hands out: sessions, messages, notes and draft versions as frozen
dataclasses, the whole-session snapshot, and version diffs (whole text and per section).

Pure data and pure functions — no database here (see :mod:`assistant.store`, which re-exports
every name, so ``from assistant.store import Version, diff_versions`` keeps working).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

# --------------------------------------------------------------------------------------------- types


@dataclass(frozen=True)
class Session:
    session_id: str
    title: str
    created: str
    updated: str
    language: str
    settings: dict[str, Any]
    head_version_id: int | None
    owner: str = "local"  # the workspace: the logged-in user, "local" in single-user mode


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log: who uploaded, deleted or exported what, when."""

    entry_id: int
    created: str
    username: str
    action: str
    target: str
    detail: dict[str, Any]


@dataclass(frozen=True)
class Message:
    message_id: int
    session_id: str
    role: str
    content: str
    meta: dict[str, Any]
    created: str


@dataclass(frozen=True)
class NotesVersion:
    notes_id: int
    session_id: str
    text: str
    cause: str
    created: str


@dataclass(frozen=True)
class Version:
    """One version of a session's draft."""

    version_id: int
    session_id: str
    seq: int  # 1, 2, 3 … within the session (what the UI shows as "v3")
    parent_id: int | None
    text: str
    tree: Any  # the section tree as JSON data (see sections.DraftTree.to_json)
    cause: str
    section_id: str | None
    instruction: str | None
    notes_id: int | None
    restored_from: int | None
    created: str

    def describe(self) -> str:
        """A one-line label for version lists, e.g. ``v3 · rewrite s2 · 更简洁``."""
        parts = [f"v{self.seq}", self.cause]
        if self.section_id:
            parts[-1] += f" {self.section_id}"
        if self.instruction:
            parts.append(self.instruction if len(self.instruction) <= 40 else self.instruction[:39] + "…")
        if self.restored_from is not None:
            parts.append(f"from #{self.restored_from}")
        return " · ".join(parts)


@dataclass(frozen=True)
class SectionDiff:
    section_id: str
    title: str
    status: Literal["same", "changed", "added", "removed"]
    unified: str


@dataclass(frozen=True)
class VersionDiff:
    """Difference between two versions: a unified diff, side-by-side rows and per-section changes."""

    a_id: int
    b_id: int
    unified: str
    side_by_side: list[tuple[str, str, str]]  # (tag, left line, right line); tag in equal/replace/delete/insert
    sections: list[SectionDiff] = field(default_factory=list)

    @property
    def changed_sections(self) -> list[str]:
        return [s.section_id for s in self.sections if s.status != "same"]


@dataclass(frozen=True)
class SessionSnapshot:
    """Everything needed to reopen a session exactly as it was."""

    session: Session
    messages: list[Message]
    notes: NotesVersion | None
    versions: list[Version]
    head: Version | None
    checks: dict[int, Any]
    pins: list[tuple[str, dict[str, Any]]]


# --------------------------------------------------------------------------------------------- diff


def diff_texts(a: str, b: str, *, a_label: str = "a", b_label: str = "b") -> tuple[str, list[tuple[str, str, str]]]:
    """Unified diff and side-by-side rows between two texts (line based)."""
    a_lines = a.splitlines()
    b_lines = b.splitlines()
    unified = "\n".join(
        difflib.unified_diff(a_lines, b_lines, fromfile=a_label, tofile=b_label, lineterm="")
    )
    rows: list[tuple[str, str, str]] = []
    matcher = difflib.SequenceMatcher(None, a_lines, b_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        left = a_lines[i1:i2]
        right = b_lines[j1:j2]
        for k in range(max(len(left), len(right))):
            rows.append((tag, left[k] if k < len(left) else "", right[k] if k < len(right) else ""))
    return unified, rows


def _section_map(tree: Any) -> dict[str, tuple[str, str]]:
    """``{section id: (title, full text)}`` from tree JSON (see sections.DraftTree.to_json)."""
    out: dict[str, tuple[str, str]] = {}
    if not isinstance(tree, Mapping):
        return out

    def walk(nodes: Sequence[Any]) -> None:
        for node in nodes:
            if not isinstance(node, Mapping):
                continue
            out[str(node.get("id", ""))] = (
                str(node.get("title", "")),
                str(node.get("heading", "")) + str(node.get("body", "")),
            )
            walk(node.get("children", ()) or ())

    walk(tree.get("sections", ()) or ())
    return out


def diff_versions(a: Version, b: Version) -> VersionDiff:
    """Diff two versions: whole text plus one entry per section id found in either tree."""
    unified, rows = diff_texts(a.text, b.text, a_label=f"v{a.seq}", b_label=f"v{b.seq}")
    a_map = _section_map(a.tree)
    b_map = _section_map(b.tree)
    sections: list[SectionDiff] = []
    for sid in list(a_map) + [s for s in b_map if s not in a_map]:
        if sid in a_map and sid in b_map:
            (_ta, xa), (tb, xb) = a_map[sid], b_map[sid]
            if xa.rstrip() == xb.rstrip():  # blank lines between sections are not a change
                sections.append(SectionDiff(sid, tb, "same", ""))
            else:
                u, _ = diff_texts(xa, xb, a_label=f"v{a.seq} {sid}", b_label=f"v{b.seq} {sid}")
                sections.append(SectionDiff(sid, tb, "changed", u))
        elif sid in a_map:
            u, _ = diff_texts(a_map[sid][1], "", a_label=f"v{a.seq} {sid}", b_label=f"v{b.seq}")
            sections.append(SectionDiff(sid, a_map[sid][0], "removed", u))
        else:
            u, _ = diff_texts("", b_map[sid][1], a_label=f"v{a.seq}", b_label=f"v{b.seq} {sid}")
            sections.append(SectionDiff(sid, b_map[sid][0], "added", u))
    return VersionDiff(a.version_id, b.version_id, unified, rows, sections)


def settings_snapshot(settings: Any) -> dict[str, Any]:
    """The settings worth remembering with a session, without any secret (keys are dropped)."""
    try:
        data = settings.model_dump(mode="json")
    except AttributeError:
        return {}
    return {
        k: v
        for k, v in data.items()
        if "key" not in k and "auth" not in k and "secret" not in k and "password" not in k
    }
