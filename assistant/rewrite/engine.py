"""Rewrite one section of a draft, from chat ("把第二部分改写得更简洁") or from the UI.

* :func:`resolve_section_ref` turns "第二部分", "二、", "第2部分", "存在的问题那部分", "the plan section",
  "section 3", "3", "s2.1" or title words into a :class:`~assistant.sections.Section`, or into an
  :class:`Ambiguity` (a short question listing the candidates — never a guess) or :class:`NotFound`.
* :func:`parse_rewrite_request` finds ``(ref, instruction)`` in a chat message, or ``None`` when the
  message is not a request to rewrite a section.
* :func:`iter_rewrite` streams the rewrite of one section (:class:`RewriteToken` events, then one
  :class:`RewriteDone`); :func:`rewrite_section` is the same without streaming. Only that section
  changes: every other byte of the draft stays identical. With a model, each body of the section
  (its own text and each subsection's text; headings are never sent for rewriting) is one streamed
  call of ``prompts/rewrite_section.*``; offline, deterministic transformations apply (more concise:
  filler clauses and words dropped, every figure kept; more formal: colloquial words replaced; add:
  the matching note lines, or the user's own words, appended).
* The rewritten section is re-checked against the notes with :mod:`assistant.check`: blocking
  figures get one repair re-ask, and what still fails is marked 【待核实：…】/[to verify: …].
  Facts the user typed in the instruction ("加上林蛙养殖园区投资300万元") are appended to the notes as
  a new line, so the checker accepts them; the new notes text is returned.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Union

from assistant import check as check_module
from assistant.check import CheckResult, ExampleText, find_markers
from assistant.documents import Hit
from assistant.drafting.repair import repair_loop
from assistant.errors import InputError, ModelError
from assistant.lang import detect_language
from assistant.notes import NoteItem
from assistant.rewrite.coverage import follow_up, rewrite_problems
from assistant.rewrite.offline import offline_rewrite
from assistant.rewrite.requests import (
    _ADD_EN,
    _ADD_ZH,
    _CONCISE,
    _FORMAL,
    _norm,
    _title_core,
    added_facts,
)
from assistant.sections import DraftTree, Section, parse_draft, replace_section

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage

    from assistant.documents import Hit

log = logging.getLogger(__name__)


# ============================================================================ the rewrite


@dataclass(frozen=True)
class RewriteToken:
    section_id: str  # the (sub)section whose body is being written
    text: str


@dataclass(frozen=True)
class RewriteRepair:
    section_id: str
    problems: tuple[str, ...]


@dataclass
class RewriteResult:
    """The outcome of one rewrite. ``text``/``tree`` are the whole new draft."""

    text: str
    tree: DraftTree
    section_id: str
    instruction: str
    old_section: str  # the section (heading + body + subsections) before
    new_section: str  # … and after
    notes_text: str  # the notes, with the user's added facts appended as new lines
    added_notes: list[str] = field(default_factory=list)
    check: dict[str, int] | None = None  # status → count for the rewritten section
    check_json: dict[str, Any] | None = None  # the checker's full JSON for the rewritten section
    unverified: int = 0
    repairs: list[list[str]] = field(default_factory=list)
    provider: str = "offline"
    actions: list[str] = field(default_factory=list)  # what the offline rewrite did
    # what the model's rewrite still got wrong after one re-ask: a note item left out, points not laid out
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return self.old_section != self.new_section


@dataclass(frozen=True)
class RewriteDone:
    result: RewriteResult


RewriteEvent = Union[RewriteToken, RewriteRepair, RewriteDone]  # noqa: UP007


def _examples_for_check(examples: Sequence[Hit | tuple[str, str]]) -> list[ExampleText]:
    """The example passages (hits, or ``(title, text)`` pairs) as the checker's leak detection reads them."""
    return [ExampleText(ex.chunk.report_title, ex.chunk.text) if isinstance(ex, Hit) else ExampleText(str(ex[0]), str(ex[1]))
            for ex in examples]


def _bodies(sec: Section) -> list[Section]:
    """Sections whose own body text is rewritten: the section and every subsection with text."""
    return [s for s in sec.walk() if s.body.strip() or not s.children]


def _append_notes(notes_text: str, facts: Sequence[str]) -> tuple[str, list[str]]:
    added: list[str] = []
    existing = {_norm(x) for x in notes_text.splitlines()}
    text = notes_text
    for f in facts:
        if _norm(f) in existing or (_norm(f) and _norm(f) in _norm(notes_text)):
            continue
        sep = "" if not text or text.endswith("\n") else "\n"
        text = f"{text}{sep}{f}\n"
        existing.add(_norm(f))
        added.append(f)
    return text, added


def _match_layout(new: str, old: str, *, blank_lines: bool) -> str:
    """Lay out new paragraphs like the old body: blank lines between them or not, 　　 indentation."""
    paras = [p.strip() for p in re.split(r"\n\s*\n|\n", new.strip()) if p.strip()]
    old_s = old.strip("\n")
    if "\n" in old_s.strip():
        blank_lines = re.search(r"\n\s*\n", old_s) is not None
    sep = "\n\n" if blank_lines else "\n"
    indent = "\u3000\u3000" if old_s.startswith("\u3000\u3000") else ""
    return sep.join(indent + p for p in paras)


def _strip_heading_echo(text: str, sec: Section) -> str:
    """Drop a first line that repeats the section heading (models like to echo it)."""
    lines = text.strip().split("\n")
    if lines and _norm(lines[0]) in {_norm(sec.label), _norm(sec.title), _norm(_title_core(sec))}:
        lines = lines[1:]
    return "\n".join(lines).strip()


def _model_messages(prompt_lang: str, *, report_title: str, notes_text: str, style: str, heading: str,
                    section_text: str, instruction: str) -> list[BaseMessage]:
    from assistant.drafting.prompting import notes_block
    from assistant.llm.prompts import load_prompt, quote_data
    from assistant.notes import parse_notes

    try:
        nb = notes_block(parse_notes(notes_text))
    except InputError:
        nb = "（无）" if prompt_lang == "zh" else "(none)"
    return load_prompt("rewrite_section", prompt_lang).to_messages(
        report_title=quote_data(report_title),
        notes_block=nb,
        style_block=style,
        section_heading=quote_data(heading),
        section_text=quote_data(section_text),
        instruction=quote_data(instruction),
    )


def _stream(model: BaseChatModel, messages: list[BaseMessage], sid: str, buf: list[str]) -> Iterator[RewriteToken]:
    from assistant.llm.streaming import stream_text

    for content in stream_text(model, messages):
        buf.append(content)
        yield RewriteToken(sid, content)


def iter_rewrite(
    tree: DraftTree,
    section_id: str,
    instruction: str,
    notes_text: str,
    *,
    model: BaseChatModel | None = None,
    language: str | None = None,
    examples: Sequence[Hit | tuple[str, str]] = (),
    provider: str | None = None,
    check: bool = True,
    max_repairs: int = 1,
) -> Iterator[RewriteEvent]:
    """Stream the rewrite of one section; the last event is :class:`RewriteDone`."""
    started = time.perf_counter()
    instruction = instruction.strip()
    if not instruction:
        raise InputError("Say how the section should change. / 请说明要如何修改这一部分。")
    target = tree.get(section_id)
    source = tree.text
    lang = language or detect_language(source)
    zh = lang == "zh"
    old_section = tree.section_text(section_id)
    facts = added_facts(instruction)
    new_notes, added = _append_notes(notes_text, facts)
    checker = check_module if check else None
    ex_check = _examples_for_check(examples) if checker is not None else []

    bodies = _bodies(target)
    adding = bool(_ADD_ZH.search(instruction) or _ADD_EN.search(instruction))
    add_target = bodies[-1].id if bodies else section_id
    style = ""
    if model is not None:
        from assistant.drafting.prompting import style_block

        hits = [e for e in examples if hasattr(e, "chunk")]
        style = style_block(hits, "zh" if zh else "en")[0]  # type: ignore[arg-type]

    note_items = _note_items(new_notes)
    result = RewriteResult(text=source, tree=tree, section_id=section_id, instruction=instruction,
                           old_section=old_section, new_section=old_section, notes_text=new_notes,
                           added_notes=added, provider=provider or ("offline" if model is None else "model"))
    current = tree
    for body_sec in bodies:
        sid = body_sec.id
        sec = current.get(sid)
        own = source_body = current.text[sec.body_start : sec.end]
        if adding and sid != add_target and not (_CONCISE.search(instruction) or _FORMAL.search(instruction)):
            continue  # "add X" touches one body only (the last of the section)
        if not own.strip() and sid != add_target:
            continue
        if model is None:
            new_body, done = offline_rewrite(own, instruction, new_notes, language=lang, add_here=sid == add_target,
                                             draft_text=current.text,
                                             section_title=f"{_title_core(target)} {_title_core(sec)}")
            result.actions.extend(d for d in done if d not in result.actions)
            for piece in [new_body]:
                yield RewriteToken(sid, piece)
        else:
            heading = sec.label or (current.title or "")
            ins = instruction
            if adding and sid != add_target:
                ins = re.sub(_ADD_ZH.pattern if zh else _ADD_EN.pattern, "", instruction).strip(" ，,") or instruction
            messages = _model_messages(lang, report_title=current.title or "", notes_text=new_notes, style=style,
                                       heading=heading, section_text=own.strip(), instruction=ins)
            buf: list[str] = []
            yield from _stream(model, messages, sid, buf)
            raw = "".join(buf)
            new_body = _clean(raw, sec, lang)
            if _norm(new_body) == _norm(own) and own.strip():
                # small local models often echo the section: ask once more, naming the problem (and a
                # length for "more concise"); the rule-based rewrite below stays the last resort
                from langchain_core.messages import AIMessage, HumanMessage

                yield RewriteRepair(sid, ("模型原样返回了原文，已要求重写" if zh
                                          else "the model returned the section unchanged; asked again",))
                buf = []
                yield from _stream(model, [*messages, AIMessage(content=raw),
                                           HumanMessage(content=_echo_follow_up(own, instruction, zh))], sid, buf)
                retry = _clean("".join(buf), sec, lang)
                if retry.strip():
                    raw, new_body = "".join(buf), retry
            if checker is not None:
                def stream(convo: list[BaseMessage], buf: list[str], sid: str = sid,
                           model: BaseChatModel = model) -> Iterator[RewriteEvent]:
                    return _stream(model, convo, sid, buf)

                def finish(reply: str, sec: Section = sec) -> tuple[str, str]:
                    return reply, _clean(reply, sec, lang)

                def announce(_attempt: int, problems: tuple[str, ...], sid: str = sid) -> RewriteEvent:
                    return RewriteRepair(sid, problems)

                outcome = yield from repair_loop(
                    check=lambda t: checker.check_draft(new_notes, t, examples=ex_check),
                    messages=messages, raw=raw, text=new_body, heading=heading, language=lang,
                    max_repairs=max_repairs, stream=stream, finish=finish, announce=announce)
                result.repairs.extend(r.problems for r in outcome.repairs)
                new_body = outcome.text
            problems = rewrite_problems(note_items, own, new_body, instruction, zh=zh) if new_body.strip() else []
            if problems:  # a note dropped (numeric or not) or "分成几条" ignored: ask once more, then report
                from langchain_core.messages import AIMessage, HumanMessage

                yield RewriteRepair(sid, tuple(problems))
                buf = []
                yield from _stream(model, [*messages, AIMessage(content=new_body),
                                           HumanMessage(content=follow_up(problems, zh=zh))], sid, buf)
                retry = _clean("".join(buf), sec, lang)
                still = rewrite_problems(note_items, own, retry, instruction, zh=zh) if retry.strip() else problems
                if retry.strip() and len(still) <= len(problems):
                    raw, new_body, problems = "".join(buf), retry, still
                result.problems.extend(p for p in problems if p not in result.problems)
        if model is not None and _norm(new_body) == _norm(own):
            # the model gave the section back unchanged (small models echo their input): apply the
            # deterministic rewrite so the user still gets what they asked for, and say so
            new_body, done = offline_rewrite(own, instruction, new_notes, language=lang, add_here=sid == add_target,
                                             draft_text=current.text,
                                             section_title=f"{_title_core(target)} {_title_core(sec)}")
            note = "模型未改动，已按规则改写" if zh else "the model left it unchanged; rule-based rewrite applied"
            result.actions.extend([note, *[d for d in done if d not in result.actions]])
        if not new_body.strip():
            log.warning("rewrite of %s produced no text; keeping the old text", sid)
            continue
        laid_out = _match_layout(new_body, source_body,
                                 blank_lines=any(x.kind.startswith("md") for x in current.walk()))
        new_text = replace_section(current, sid, laid_out, own_body_only=True)
        current = parse_draft(new_text)

    # re-check the rewritten section (everything under its heading) against the extended notes;
    # what still fails is marked 【待核实：…】 / [to verify: …]
    if checker is not None:
        body_text = current.section_body(section_id)
        res = _without_marked(checker.check_draft(new_notes, body_text, examples=ex_check))
        blocking = list(checker.blocking_figures(res))
        if blocking:
            marked = checker.mark_unverified(body_text, res, lang)
            if marked.strip() and marked != body_text:
                current = parse_draft(replace_section(current, section_id, marked))
                res = checker.check_draft(new_notes, current.section_body(section_id), examples=ex_check)
            result.unverified = len(blocking)
        result.check = dict(res.summary)
        result.check_json = res.to_json()
    new_section = current.section_text(section_id)
    result.text = current.text
    result.tree = current
    result.new_section = new_section
    result.seconds = time.perf_counter() - started
    yield RewriteDone(result)


def _note_items(notes_text: str) -> list[NoteItem]:
    """The notes' content items (none when the notes are empty or unreadable)."""
    from assistant.notes import parse_notes

    try:
        return list(parse_notes(notes_text).content_items) if notes_text.strip() else []
    except InputError:
        return []


def _echo_follow_up(own: str, instruction: str, zh: bool) -> str:
    """The follow-up sent once when the model gave the section back word for word."""
    if zh:
        cap = f"：用不超过{max(20, len(_norm(own)) * 6 // 10)}个字概括原小节的意思" if _CONCISE.search(instruction) else ""
        return (f"这与【原小节】原文一字不差，没有按【修改要求】修改。请重新改写{cap}，措辞必须与原文不同，"
                "数字原样照抄。只输出改写后的正文：")
    cap = f" in at most {max(15, len(own.split()) * 6 // 10)} words" if _CONCISE.search(instruction) else ""
    return ("That is the ORIGINAL SECTION word for word; it does not follow the REQUEST. Rewrite it again"
            f"{cap}, in different wording, copying every figure exactly. Output the rewritten body text only:")


def _without_marked(res: CheckResult) -> CheckResult:
    """The check result minus figures already inside a 【待核实：…】 marker (never mark twice)."""
    spans = [(a, b) for a, b, _ in find_markers(res.draft_text)]
    if not spans:
        return res
    keep = [fc for fc in res.figures if not any(a <= fc.figure.start < b for a, b in spans)]
    return dataclasses.replace(res, figures=keep)


_ECHO_BLOCK = re.compile(
    r"^\s*(?:【(?P<zh>工作要点|范文摘录|原小节|修改要求)】|(?P<en>NOTES|STYLE EXCERPTS|ORIGINAL SECTION|REQUEST)\b)")
# possessive blanks: two \s* around an optional group would split a run of blanks every possible way
_ECHO_QUOTED_HEADING = re.compile(r"^\s*+(?:[（(][^）)]{0,40}[）)])?\s*+[“\"][^”\"]{0,60}[”\"]\s*[:：]?\s*")
_ECHO_TAIL = re.compile(r"^\s*(只输出改写后的正文|Output the rewritten body text only)")
# leading blanks taken only from the start of a run of blanks (or none right after a previous match):
# the same matches as \s*\[n…, linear on a long run of blanks
_NOTE_ID = re.compile(r"(?:(?<!\s)\s*+|(?<=\s))\[n\d+\]\s*")


def _strip_prompt_echo(raw: str) -> str:
    """Small models echo the prompt (【工作要点】 block, 【原小节】“…”, 【修改要求】 …): keep only the
    section text. Notes, style and request blocks are dropped; the section block is kept without its label."""
    if not _ECHO_BLOCK.search(raw) and not re.search(r"(?m)^\s*\[n\d+\]", raw):
        return _NOTE_ID.sub("", raw)
    out: list[str] = []
    keep = True
    for line in raw.replace("\r\n", "\n").split("\n"):
        m = _ECHO_BLOCK.match(line)
        if m:
            label = m.group("zh") or m.group("en")
            keep = label in ("原小节", "ORIGINAL SECTION")
            rest = line[m.end():]
            if keep:
                rest = _NOTE_ID.sub("", _ECHO_QUOTED_HEADING.sub("", rest))
                if rest.strip():
                    out.append(rest)
            continue
        if re.match(r"^\s*\[n\d+\]", line) or _ECHO_TAIL.match(line):
            continue
        if keep:
            out.append(_NOTE_ID.sub("", line))
    return "\n".join(out)


def _clean(raw: str, sec: Section, language: str) -> str:
    from assistant.drafting.cleanup import clean_model_output

    raw = _strip_prompt_echo(raw)
    text = clean_model_output(raw, sec.label, _title_core(sec), "zh" if language == "zh" else "en")
    return _strip_heading_echo(text, sec)


def rewrite_section(
    tree: DraftTree,
    section_id: str,
    instruction: str,
    notes_text: str,
    *,
    model: BaseChatModel | None = None,
    language: str | None = None,
    examples: Sequence[Hit | tuple[str, str]] = (),
    provider: str | None = None,
    check: bool = True,
    max_repairs: int = 1,
) -> RewriteResult:
    """Rewrite one section (see :func:`iter_rewrite`) and return the result."""
    final: RewriteResult | None = None
    for event in iter_rewrite(tree, section_id, instruction, notes_text, model=model, language=language,
                              examples=examples, provider=provider, check=check, max_repairs=max_repairs):
        if isinstance(event, RewriteDone):
            final = event.result
    if final is None:  # pragma: no cover - iter_rewrite always ends with RewriteDone
        raise ModelError("the rewrite ended without a result")
    return final
