"""Steering retrieval with the user's choices (a part of the example library, :mod:`assistant.knowledge`).

Steering: :class:`ExampleChoices` holds what the user pinned or excluded for a session (a passage
for one section or the whole draft, a whole report excluded, a *house-style* report pinned for the
whole session). They are stored with :meth:`SessionStore.pin_example`. :func:`steered_search`
applies them on top of :meth:`Retriever.search`, preferring the user's own examples.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

from assistant.documents import Chunk, Hit

if TYPE_CHECKING:
    from assistant.index import KnowledgeIndex
    from assistant.workspaces import Workspace

ChoiceKind = Literal["pin", "exclude", "house"]
WHOLE_DRAFT = "*"


# --------------------------------------------------------------------------------------------
# pins, excludes, house style


@dataclass(frozen=True)
class ExampleChoice:
    """One steering choice: pin a passage, exclude a passage or a report, or pin a house-style
    report for the whole session. ``scope`` is a draft section id, or ``"*"`` for the whole draft."""

    kind: ChoiceKind
    report_id: str
    chunk_id: str = ""  # empty: the whole report
    scope: str = WHOLE_DRAFT
    title: str = ""
    section: str = ""

    @property
    def key(self) -> str:
        return f"{self.kind}|{self.scope}|{self.chunk_id or self.report_id}"

    def as_json(self) -> dict[str, str]:
        return {"kind": self.kind, "report_id": self.report_id, "chunk_id": self.chunk_id, "scope": self.scope,
                "title": self.title, "section": self.section}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ExampleChoice | None:
        kind = data.get("kind")
        if kind not in ("pin", "exclude", "house") or not data.get("report_id"):
            return None
        return cls(kind=kind, report_id=str(data["report_id"]), chunk_id=str(data.get("chunk_id") or ""),
                   scope=str(data.get("scope") or WHOLE_DRAFT), title=str(data.get("title") or ""),
                   section=str(data.get("section") or ""))


def _in_scope(scope: str, section: str | None) -> bool:
    """Whether a choice scoped to ``scope`` applies to draft section ``section``: the whole draft, the
    section itself, or a part containing it (a pin on ``s1`` applies to ``s1.2``)."""
    if scope == WHOLE_DRAFT:
        return True
    return section is not None and (section == scope or section.startswith(scope + "."))


@dataclass(frozen=True)
class ExampleChoices:
    """All steering choices of a session."""

    items: tuple[ExampleChoice, ...] = ()

    def _applies(self, c: ExampleChoice, section: str | None) -> bool:
        return section is None or _in_scope(c.scope, section)

    def pinned_chunks(self, section: str | None = None) -> list[ExampleChoice]:
        """Pinned passages for ``section`` (its own first); ``None``: every pin of the session."""
        pins = [c for c in self.items if c.kind == "pin" and c.chunk_id and self._applies(c, section)]
        return sorted(pins, key=lambda c: c.scope == WHOLE_DRAFT)

    def house_reports(self) -> list[str]:
        return [c.report_id for c in self.items if c.kind == "house"]

    def excluded_reports(self, section: str | None = None) -> set[str]:
        return {c.report_id for c in self.items if c.kind == "exclude" and not c.chunk_id
                and _in_scope(c.scope, section)}

    def excluded_chunks(self, section: str | None = None) -> set[str]:
        return {c.chunk_id for c in self.items if c.kind == "exclude" and c.chunk_id
                and _in_scope(c.scope, section)}

    def with_choice(self, choice: ExampleChoice) -> ExampleChoices:
        """Add ``choice``; a pin replaces an exclude of the same target and the other way round."""
        target = choice.chunk_id or choice.report_id
        kept = tuple(
            c for c in self.items
            if not ((c.chunk_id or c.report_id) == target and c.scope == choice.scope)
        )
        return ExampleChoices((*kept, choice))

    def without(self, key: str) -> ExampleChoices:
        return ExampleChoices(tuple(c for c in self.items if c.key != key))


_STORE_PREFIX = "choice:"


def load_choices(store: Any, session_id: str) -> ExampleChoices:
    """The session's choices from :meth:`SessionStore.list_pins` (entries written by :func:`save_choices`)."""
    if store is None or not session_id:
        return ExampleChoices()
    items: list[ExampleChoice] = []
    for example_id, data in store.list_pins(session_id):
        if not str(example_id).startswith(_STORE_PREFIX) or not isinstance(data, dict):
            continue
        choice = ExampleChoice.from_json(data)
        if choice is not None:
            items.append(choice)
    return ExampleChoices(tuple(items))


def save_choices(store: Any, session_id: str, choices: ExampleChoices) -> None:
    """Make the stored choices of a session equal to ``choices``."""
    current = {c.key for c in load_choices(store, session_id).items}
    wanted = {c.key: c for c in choices.items}
    for key in current - set(wanted):
        store.unpin_example(session_id, _STORE_PREFIX + key)
    for key, choice in wanted.items():
        if key not in current:
            store.pin_example(session_id, _STORE_PREFIX + key, choice.as_json())


def add_choice(store: Any, session_id: str, choice: ExampleChoice) -> ExampleChoices:
    choices = load_choices(store, session_id).with_choice(choice)
    save_choices(store, session_id, choices)
    return choices


def remove_choice(store: Any, session_id: str, key: str) -> ExampleChoices:
    choices = load_choices(store, session_id).without(key)
    save_choices(store, session_id, choices)
    return choices


# --------------------------------------------------------------------------------------------
# steered retrieval


def _mark(hit: Hit, **extra: str | int | float) -> Hit:
    return replace(hit, chunk=replace(hit.chunk, extra={**hit.chunk.extra, **extra}))


def steered_search(
    retriever: Any,
    query: str,
    k: int | None = None,
    *,
    choices: ExampleChoices | None = None,
    section: str | None = None,
    language: str | None = None,
    prefer_user: bool = True,
    workspace: Workspace | None = None,
) -> list[Hit]:
    """``retriever.search`` with the session's choices applied, within ``workspace`` (None: all).

    Pinned passages come first (those pinned for ``section``, then for the whole draft), then the
    best passage of each house-style report, then the search results minus excluded passages and
    reports; the user's own examples are preferred (``prefer_origin="user"``). Pins are always
    kept even when they exceed ``k``. Every hit carries ``extra["origin"]`` and, when pinned,
    ``extra["pinned"]`` (``"section"``, ``"draft"`` or ``"house"``).
    """
    choices = choices or ExampleChoices()
    k = k or int(getattr(getattr(retriever, "settings", None), "top_k", 5) or 5)
    cat = getattr(getattr(retriever, "index", None), "catalog", None)
    if cat is None:  # not a knowledge-index retriever (a test double): plain search
        return list(retriever.search(query, k, language=language))
    by_chunk = {c.chunk_id: i for i, c in enumerate(cat.chunks)}
    scoped: dict[str, Any] = {} if workspace is None else {"workspace": workspace}

    def readable(pos: int) -> bool:  # a stored pin naming another workspace's example is ignored
        return workspace is None or workspace.can_read(cat.chunks[pos].report_id, cat.origins[pos])

    excl_reports = choices.excluded_reports(section)
    excl_chunks = choices.excluded_chunks(section)
    pin_choices = choices.pinned_chunks(section)

    front: list[Hit] = []
    seen: set[str] = set()
    base = retriever.search(
        query, k + len(excl_chunks) + len(pin_choices), language=language,
        exclude_report_ids=sorted(excl_reports) or None, prefer_origin="user" if prefer_user else None, **scoped,
    ) if query.strip() else []
    scores = {h.chunk.chunk_id: h.score for h in base}
    top = max((h.score for h in base), default=0.0)

    for pin in pin_choices:
        pos = by_chunk.get(pin.chunk_id)
        if pos is None or pin.chunk_id in seen or pin.chunk_id in excl_chunks or not readable(pos):
            continue
        chunk = cat.chunks[pos]
        chunk = replace(chunk, extra={**chunk.extra, "origin": cat.origins[pos]})
        label = "draft" if pin.scope == WHOLE_DRAFT else "section"
        front.append(_mark(Hit(chunk=chunk, score=scores.get(pin.chunk_id, top)), pinned=label))
        seen.add(pin.chunk_id)

    for rid in choices.house_reports():
        if rid in excl_reports or rid not in cat.reports:
            continue
        if workspace is not None and not workspace.can_read(rid, cat.reports[rid].origin):
            continue
        found = retriever.search(query, 3, report_ids=[rid], **scoped) if query.strip() else []
        found = [h for h in found if h.chunk.chunk_id not in seen and h.chunk.chunk_id not in excl_chunks]
        if found:
            front.append(_mark(found[0], pinned="house"))
            seen.add(found[0].chunk.chunk_id)
            continue
        first = next((i for i, c in enumerate(cat.chunks) if c.report_id == rid and c.chunk_id not in seen), None)
        if first is not None:
            chunk = cat.chunks[first]
            chunk = replace(chunk, extra={**chunk.extra, "origin": cat.origins[first]})
            front.append(_mark(Hit(chunk=chunk, score=0.0), pinned="house"))
            seen.add(chunk.chunk_id)

    rest = [h for h in base if h.chunk.chunk_id not in seen and h.chunk.chunk_id not in excl_chunks]
    return front + rest[: max(0, k - len(front))]


class SteeredRetriever:
    """A drop-in for :class:`~assistant.retrieve.Retriever` (same ``search`` signature) that applies
    one session's choices; pass it wherever a retriever is expected (e.g. ``draft.retrieve_examples``)."""

    def __init__(self, retriever: Any, choices: ExampleChoices, *, prefer_user: bool = True,
                 workspace: Workspace | None = None) -> None:
        self.workspace = workspace
        self.base = retriever
        self.index = getattr(retriever, "index", None)
        self.settings = getattr(retriever, "settings", None)
        self.choices = choices
        self.prefer_user = prefer_user

    def search(self, query: str, k: int | None = None, *, language: str | None = None,
               section: str | None = None, **kwargs: Any) -> list[Hit]:
        if kwargs.get("report_ids") is not None:  # an explicit restriction bypasses the steering
            if self.workspace is not None:
                kwargs["workspace"] = self.workspace
            return list(self.base.search(query, k, language=language, **kwargs))
        return steered_search(self.base, query, k, choices=self.choices, section=section, language=language,
                              prefer_user=self.prefer_user, workspace=self.workspace)

    def for_sections(self, k: int | None = None) -> Callable[..., list[Hit]]:
        """A ``draft_report(retrieve=...)`` callable: each section's query searched with the choices
        that apply to that section (its own pins and excludes, its part's, the whole draft's)."""

        def retrieve(query: str, language: str, section: str = "") -> list[Hit]:
            return self.search(query, k, language=language, section=section or None)

        return retrieve


def session_search(
    retriever: Any,
    store: Any,
    session_id: str,
    query: str,
    k: int | None = None,
    *,
    language: str | None = None,
    section: str | None = None,
    prefer_user: bool = True,
    workspace: Workspace | None = None,
) -> list[Hit]:
    """What the UI calls to retrieve a session's examples: its stored choices applied."""
    return steered_search(retriever, query, k, choices=load_choices(store, session_id), section=section,
                          language=language, prefer_user=prefer_user, workspace=workspace)


def hit_origin(hit: Hit) -> str:
    return str(hit.chunk.extra.get("origin", "shipped"))


def chunk_by_id(index: KnowledgeIndex, chunk_id: str) -> Chunk | None:
    for c in index.catalog.chunks:
        if c.chunk_id == chunk_id:
            return c
    return None

