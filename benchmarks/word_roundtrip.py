"""Word round trip (issue 14 item 3): export a real draft, edit it in python-docx, re-import, count.

The draft is written by the offline writer (``report-assistant draft --provider offline``) from notes
derived from the 2016 Hailar government work report (``tests/data/word/hailar_2016_notes.txt``);
``--draft FILE`` uses a given draft instead (the vendored ``tests/data/word/hailar_2016_draft.md``
when drafting fails). The edit, done with python-docx as a colleague would in Word:

* two figures changed in place (287.9亿元 → 289.5亿元, 607万人次 → 670万人次);
* a paragraph added (a new, unsupported figure 5200人) and a paragraph deleted;
* a comment added (python-docx ``add_comment``);
* a tracked change written as raw ``w:del``/``w:ins`` XML (62项 → 65项), plus a tracked deletion of a
  whole sentence.

Prints what the re-import found against what was done: changed sections, paragraphs
added/removed/modified, comments, tracked changes, figures changed and re-checked (with status).

    PYTHONPATH=$PWD python benchmarks/word_roundtrip.py [--draft FILE] [--json]
"""

from __future__ import annotations

import argparse
import copy
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "word"
NOTES = DATA / "hailar_2016_notes.txt"
VENDORED_DRAFT = DATA / "hailar_2016_draft.md"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@dataclass
class Expected:
    """What the edit did, for the comparison."""

    figures_changed: dict[str, str] = field(default_factory=dict)  # new figure -> old figure
    figures_added: list[str] = field(default_factory=list)
    paragraph_added: str = ""
    paragraph_deleted: str = ""
    comment: tuple[str, str, str] = ("", "", "")  # author, text, anchor paragraph start
    tracked_inserted: list[str] = field(default_factory=list)
    tracked_deleted: list[str] = field(default_factory=list)


def _q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _para(doc: Any, needle: str) -> Any:
    for p in doc.paragraphs:
        if needle in p.text:
            return p
    raise LookupError(needle)


def _replace_in_runs(p: Any, old: str, new: str) -> None:
    for run in p.runs:
        if old in run.text:
            run.text = run.text.replace(old, new)
            return
    raise LookupError(old)


def _tracked_replace(p: Any, old: str, new: str, *, author: str) -> None:
    """Split the run holding ``old`` into text / w:del(old) / w:ins(new) / text (Word's own markup)."""
    for run in p.runs:
        text = run.text
        if old not in text:
            continue
        before, after = text.split(old, 1)
        r = run._r
        parent = r.getparent()
        idx = parent.index(r)

        def clone(t: str, tag: str = "t", r: Any = r) -> Any:
            c = copy.deepcopy(r)
            for child in list(c):
                if child.tag != _q("rPr"):
                    c.remove(child)
            el = c.makeelement(_q(tag), {})
            el.text = t
            el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            c.append(el)
            return c

        dele = r.makeelement(_q("del"), {_q("id"): "901", _q("author"): author, _q("date"): "2026-01-05T10:00:00Z"})
        dele.append(clone(old, "delText"))
        ins = r.makeelement(_q("ins"), {_q("id"): "902", _q("author"): author, _q("date"): "2026-01-05T10:00:00Z"})
        ins.append(clone(new))
        parent.remove(r)
        for k, el in enumerate([clone(before), dele, ins, clone(after)]):
            parent.insert(idx + k, el)
        return
    raise LookupError(old)


def _tracked_delete_sentence(p: Any, sentence: str, *, author: str) -> None:
    for run in p.runs:
        if sentence in run.text:
            before, after = run.text.split(sentence, 1)
            run.text = before
            r = run._r
            tail = copy.deepcopy(r)
            for child in list(tail):
                if child.tag != _q("rPr"):
                    tail.remove(child)
            t = tail.makeelement(_q("t"), {})
            t.text = after
            tail.append(t)
            dele = r.makeelement(_q("del"), {_q("id"): "903", _q("author"): author})
            dr = copy.deepcopy(tail)
            dr.remove(dr[-1])
            dt = dr.makeelement(_q("delText"), {})
            dt.text = sentence
            dr.append(dt)
            dele.append(dr)
            r.addnext(dele)
            dele.addnext(tail)
            return
    raise LookupError(sentence)


def edit_document(src: Path, dst: Path) -> Expected:
    """Apply the colleague's edits to the exported ``src``; save as ``dst``; say what was done."""
    import docx

    doc = docx.Document(str(src))
    exp = Expected()
    _replace_in_runs(_para(doc, "287.9亿元"), "287.9亿元", "289.5亿元")
    _replace_in_runs(_para(doc, "607万人次"), "607万人次", "670万人次")
    exp.figures_changed = {"289.5亿元": "287.9亿元", "670万人次": "607万人次"}
    anchor = _para(doc, "五年新增就业")
    added = "全年新增城镇就业5200人，城镇登记失业率控制在3.8%以内。"
    new_p = anchor.insert_paragraph_before(added, style=anchor.style)
    new_p.paragraph_format.first_line_indent = anchor.paragraph_format.first_line_indent
    exp.paragraph_added = added
    exp.figures_added = ["5200人", "3.8%"]
    gone = _para(doc, "主要工作情况总结如下")
    exp.paragraph_deleted = gone.text
    gone._p.getparent().remove(gone._p)
    target = _para(doc, "中小学生人均校舍面积")
    doc.add_comment(target.runs, text="校舍面积请与教育局核对。", author="张科长", initials="ZK")
    exp.comment = ("张科长", "校舍面积请与教育局核对。", target.text[:12])
    _tracked_replace(target, "62项", "65项", author="李四")
    exp.figures_changed["65项"] = "62项"
    exp.tracked_deleted = ["62项"]
    exp.tracked_inserted = ["65项"]
    problems = _para(doc, "财政收支矛盾突出")
    _tracked_delete_sentence(problems, "二是财政收支矛盾突出；", author="李四")
    exp.tracked_deleted.append("二是财政收支矛盾突出；")
    doc.save(str(dst))
    return exp


def make_draft(work: Path) -> tuple[str, str]:
    """(draft text, how it was made): the offline writer through the CLI, else the vendored draft."""
    out = work / "draft.md"
    env_cmd = [sys.executable, "-c", "from assistant.cli import main; main()", "draft", str(NOTES),
               "--provider", "offline", "--no-examples", "--out", str(out)]
    try:
        proc = subprocess.run(env_cmd, cwd=work, capture_output=True, text=True, timeout=300,
                              env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin",
                                   "REPORT_ASSISTANT_DATA_DIR": str(work / "data"),
                                   "REPORT_ASSISTANT_EMBEDDING": "hash"})
        if proc.returncode == 0 and out.exists() and out.read_text(encoding="utf-8").strip():
            return out.read_text(encoding="utf-8"), "offline writer (CLI draft)"
    except (OSError, subprocess.TimeoutExpired):
        pass
    return VENDORED_DRAFT.read_text(encoding="utf-8"), f"vendored {VENDORED_DRAFT.name}"


def score(edit: Any, exp: Expected) -> dict[str, Any]:
    """Counts of what the re-import found against what the edit did."""
    found_changed = {cf.check.figure.text: cf for cf in edit.changed_figures}
    added_paras = [p for c in edit.changes for p in c.added]
    removed_paras = [p for c in edit.changes for p in c.removed]
    modified = [m for c in edit.changes for m in c.modified]
    tracked_ins = [t.text for t in edit.tracked if t.kind == "insert"]
    tracked_del = [t.text for t in edit.tracked if t.kind == "delete"]
    figure_targets = list(exp.figures_changed) + exp.figures_added
    # the checker's figure may carry a qualifier ("3.8%以内"): match by the figure's start
    found_for = {f: next((t for t in found_changed if t.startswith(f)), None) for f in figure_targets}
    rechecked = [f for f, t in found_for.items() if t is not None]
    return {
        "sections": sum(1 for _ in edit.tree.walk()),
        "sections_changed": len(edit.changed_sections),
        "paragraphs_modified": len(modified),
        "paragraph_added_found": any(exp.paragraph_added in p for p in added_paras),
        "paragraph_deleted_found": any(exp.paragraph_deleted in p for p in removed_paras),
        "comments_found": len(edit.comments),
        "comment_matches": any(c.author == exp.comment[0] and c.text == exp.comment[1]
                               and exp.comment[2] in c.anchor for c in edit.comments),
        "comment_section": [edit.section_label(edit.comment_sections.get(c.comment_id, "")) for c in edit.comments],
        "tracked_inserted_found": all(t in tracked_ins for t in exp.tracked_inserted),
        "tracked_deleted_found": all(t in tracked_del for t in exp.tracked_deleted),
        "deleted_text_absent": all(t not in edit.text for t in exp.tracked_deleted),
        "figures_targeted": len(figure_targets),
        "figures_rechecked": len(rechecked),
        "figure_status": {f: found_changed[str(found_for[f])].check.status for f in rechecked},
        "changed_figures_listed": len(edit.changed_figures),
        "flagged_total": len(edit.flagged),
        "figures_checked": len(edit.check.figures),
    }


def main() -> int:
    from assistant.export import to_docx
    from assistant.word_edit import reimport_docx

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--draft", type=Path, help="use this draft instead of drafting from the notes")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    notes = NOTES.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if args.draft:
            draft, how = args.draft.read_text(encoding="utf-8"), str(args.draft)
        else:
            draft, how = make_draft(work)
        exported = to_docx(draft, work / "draft.docx")
        edited = work / "edited.docx"
        exp = edit_document(exported, edited)
        t0 = time.perf_counter()
        edit = reimport_docx(edited, notes_text=notes, previous_text=draft)
        seconds = time.perf_counter() - t0
    result = {"draft": how, "reimport_seconds": round(seconds, 3), **score(edit, exp)}
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        for k, v in result.items():
            print(f"{k:26} {v}")
    ok = (result["paragraph_added_found"] and result["paragraph_deleted_found"] and result["comment_matches"]
          and result["tracked_inserted_found"] and result["tracked_deleted_found"] and result["deleted_text_absent"]
          and result["figures_rechecked"] == result["figures_targeted"])
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
