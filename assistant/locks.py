"""Locked text: a section or a sentence no rewrite or redraft may touch.

A :class:`LockSet` holds locked sections (by their :func:`~assistant.sections.parse_draft` id, with the
heading title so a redraft that moves the section still finds it) and locked sentences (by
:func:`sentence_key`, a hash of the sentence's text). :func:`keep_locked` takes the text before an
operation and the text after it and puts every locked section body and every locked sentence back,
byte for byte; :func:`check_unlocked` refuses an operation on a locked section up front.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from assistant.errors import InputError
from assistant.lang import has_cjk
from assistant.sections import DraftTree, Section, parse_draft, replace_section

__all__ = ["LockSet", "check_unlocked", "keep_locked", "locked_sentences", "sentence_key", "split_sentences"]

_END = re.compile(r"(?<=[。！？!?；;])|(?<=[.!?])(?=\s)")


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` as written (ending punctuation kept, surrounding spaces dropped)."""
    out: list[str] = []
    for line in text.splitlines():
        for piece in _END.split(line):
            if piece.strip():
                out.append(piece.strip())
    return out


def sentence_key(sentence: str) -> str:
    """The key a sentence is locked by: sha1 of its text with outer whitespace dropped (16 hex)."""
    return hashlib.sha1(sentence.strip().encode("utf-8")).hexdigest()[:16]


@dataclass
class LockSet:
    """Locked sections (id → heading title) and sentences (keys)."""

    sections: dict[str, str] = field(default_factory=dict)
    sentences: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.sections or self.sentences)

    def lock_section(self, tree: DraftTree, section_id: str) -> None:
        self.sections[section_id] = tree.get(section_id).title

    def unlock_section(self, section_id: str) -> None:
        self.sections.pop(section_id, None)

    def lock_sentence(self, tree: DraftTree, sentence: str) -> str:
        """Lock ``sentence`` (it must occur in the draft as written); its key."""
        text = sentence.strip()
        if not text or text not in tree.text:
            raise InputError("that sentence is not in the draft: copy it exactly as written / 草稿中没有这句话，请原样复制")
        key = sentence_key(text)
        self.sentences.add(key)
        return key

    def unlock_sentence(self, sentence: str) -> None:
        self.sentences.discard(sentence_key(sentence))

    def to_json(self) -> dict[str, Any]:
        return {"sections": dict(self.sections), "sentences": sorted(self.sentences)}

    @classmethod
    def from_json(cls, data: Any) -> LockSet:
        if not isinstance(data, Mapping):
            return cls()
        sections = data.get("sections") or {}
        sentences = data.get("sentences") or []
        return cls({str(k): str(v) for k, v in sections.items()} if isinstance(sections, Mapping) else {},
                   {str(s) for s in sentences} if isinstance(sentences, list) else set())


def _find(tree: DraftTree, section_id: str, title: str) -> Section | None:
    """The section by id when its title still matches, else the first section with that title."""
    try:
        found = tree.get(section_id)
        if found.title == title:
            return found
    except InputError:
        pass
    return next((s for s in tree.walk() if s.title == title), None)


def check_unlocked(tree: DraftTree, section_id: str, locks: LockSet) -> None:
    """``InputError`` when ``section_id`` or a section above or below it is locked."""
    target = tree.get(section_id)
    for sid, title in locks.sections.items():
        locked = _find(tree, sid, title)
        if locked is None:
            continue
        if locked.id == target.id or locked.id.startswith(target.id + ".") or target.id.startswith(locked.id + "."):
            raise InputError(f"“{locked.label}” is locked: unlock it first / “{locked.label}”已锁定，请先解锁")


def locked_sentences(text: str, locks: LockSet) -> list[str]:
    """The locked sentences present in ``text``."""
    return [s for s in split_sentences(text) if sentence_key(s) in locks.sentences]


def keep_locked(before: str, after: str, locks: LockSet) -> str:
    """``after`` with every locked section body of ``before`` restored byte-identical (found by id and
    title) and every locked sentence of ``before`` that ``after`` lost put back in its section, at the
    same sentence position."""
    if not locks or before == after:
        return after
    old = parse_draft(before)
    text = after
    for sid, title in locks.sections.items():
        source = _find(old, sid, title)
        tree = parse_draft(text)
        dest = _find(tree, sid, title) if source is not None else None
        if source is None or dest is None:
            continue
        body = old.text[source.body_start:source.span_end]
        if text[dest.body_start:dest.span_end].strip() != body.strip() and body.strip():
            text = replace_section(tree, dest.id, body)
    for sentence in locked_sentences(before, locks):
        if sentence in text:
            continue
        text = _put_back(old, parse_draft(text), sentence)
    return text


def _put_back(old: DraftTree, tree: DraftTree, sentence: str) -> str:
    """Insert ``sentence`` into the section of ``tree`` that held it in ``old`` (same title), at its old
    sentence index; at the end of the draft when that section is gone."""
    home = next((s for s in old.walk() if sentence in old.text[s.body_start:s.end]), None)
    dest = _find(tree, home.id, home.title) if home is not None else None
    if home is None or dest is None:
        sep = "" if tree.text.endswith("\n") else "\n"
        return f"{tree.text}{sep}\n{sentence}\n"
    old_sentences = split_sentences(old.text[home.body_start:home.end])
    index = old_sentences.index(sentence) if sentence in old_sentences else len(old_sentences)
    own = tree.text[dest.body_start:dest.end]
    new_sentences = split_sentences(own)
    if not new_sentences:
        return replace_section(tree, dest.id, sentence, own_body_only=True)
    if index < len(new_sentences):
        anchor = new_sentences[index]
        at = own.index(anchor)
        joiner = "" if has_cjk(sentence) else " "
        body = own[:at] + sentence + joiner + own[at:]
    else:
        anchor = new_sentences[-1]
        at = own.rindex(anchor) + len(anchor)
        joiner = "" if has_cjk(sentence) else " "
        body = own[:at] + joiner + sentence + own[at:]
    return replace_section(tree, dest.id, body, own_body_only=True)
