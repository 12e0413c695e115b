"""Word round trip (issue 14 item 3): an exported draft, edited with python-docx and raw tracked-change
XML, comes back as draft text with every change, comment and changed figure found; bounds; the CLI."""

from __future__ import annotations

import importlib.util
import io
import json
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import docx
import pytest
from typer.testing import CliRunner

from assistant.errors import InputError
from assistant.export import to_docx
from assistant.sections import parse_draft
from assistant.word_edit import import_into_session, reimport_docx
from assistant.word_in import read_docx

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "word"
NOTES = (DATA / "hailar_2016_notes.txt").read_text(encoding="utf-8")
DRAFT = (DATA / "hailar_2016_draft.md").read_text(encoding="utf-8")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

ZH_PLAIN = "某镇工作总结\n一、工作回顾\n（一）经济增长进一步加快。全年投资1.2亿元。\n二、工作安排\n力争增长10%。\n"
EN = """# Annual Report 2025

## Summary of 2025

Revenue reached $4.2 million, up **12 percent**.

| Indicator | Value |
|---|---|
| Revenue | $4.2 million |

## Plan for 2026

Grow 10 percent.
"""


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("word_roundtrip", ROOT / "benchmarks" / "word_roundtrip.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up while the class is built
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture
def edited(tmp_path: Path) -> tuple[Path, object]:
    bench = _bench()
    src = to_docx(DRAFT, tmp_path / "draft.docx")
    dst = tmp_path / "edited.docx"
    return dst, bench.edit_document(src, dst)


# --------------------------------------------------------------------------------------------- round trip


@pytest.mark.parametrize(
    ("text", "default_form"),
    [
        (DRAFT, True),
        (EN, True),
        ("# 一、工作回顾\n\n全年投资1.2亿元。\n\n## （一）经济\n\n增长8%。\n\n# 二、安排\n\n力争增长10%。\n", False),
        ("Annual report\n\n1. Summary\n\nRevenue grew 12 percent.\n\n2. Plan\n\nGrow 10 percent.\n", False),
    ],
    ids=["hailar-offline-draft", "english-md-table", "md-without-title", "english-plain"],
)
def test_unedited_export_comes_back_byte_for_byte(tmp_path: Path, text: str, default_form: bool) -> None:
    path = to_docx(text, tmp_path / "x.docx")
    assert read_docx(path, previous_text=text).text == text  # the previous version's form is mirrored
    alone = read_docx(path).text  # without it: "# title", "##" sections, blank lines between paragraphs
    assert (alone == text) is default_form
    assert [s.label for s in parse_draft(alone).walk()] == [s.label for s in parse_draft(text).walk()]
    edit = reimport_docx(path, notes_text=NOTES, previous_text=text)
    assert edit.changed_sections == [] and edit.changed_figures == [] and edit.comments == []


def test_plain_draft_comes_back_as_plain_lines(tmp_path: Path) -> None:
    path = to_docx(ZH_PLAIN, tmp_path / "p.docx")
    text = read_docx(path, previous_text=ZH_PLAIN).text
    assert text == ZH_PLAIN
    assert [s.label for s in parse_draft(text).walk()] == ["一、工作回顾", "（一）经济增长进一步加快", "二、工作安排"]


def test_every_edit_is_found_and_every_changed_figure_rechecked(edited: tuple[Path, object]) -> None:
    path, exp = edited
    edit = reimport_docx(path, notes_text=NOTES, previous_text=DRAFT)
    by_label = {c.title: c for c in edit.changed_sections}
    assert set(by_label) == {"一、2015年工作总结", "（一）经济运行稳中有进", "（二）产业结构持续优化",
                             "（三）民生福祉不断增进", "（四）其他各项工作", "二、存在的问题"}
    assert by_label["一、2015年工作总结"].removed == (exp.paragraph_deleted,)  # type: ignore[attr-defined]
    assert by_label["（三）民生福祉不断增进"].added == (exp.paragraph_added,)  # type: ignore[attr-defined]
    old, new = by_label["（一）经济运行稳中有进"].modified[0]
    assert "287.9亿元" in old and "289.5亿元" in new
    # tracked changes: the accepted state counts
    assert "削减审批事项65项" in edit.text and "62项" not in edit.text
    assert "二是财政收支矛盾突出" not in edit.text and "一是经济总量不大" in edit.text
    kinds = [(t.kind, t.text, t.author) for t in edit.tracked]
    assert ("delete", "62项", "李四") in kinds and ("insert", "65项", "李四") in kinds
    assert ("delete", "二是财政收支矛盾突出；", "李四") in kinds
    # the comment, with its author, text and the section it anchors to
    (comment,) = edit.comments
    assert (comment.author, comment.text) == ("张科长", "校舍面积请与教育局核对。")
    assert "中小学生人均校舍面积" in comment.anchor
    assert edit.section_label(edit.comment_sections[comment.comment_id]) == "（四）其他各项工作"
    # every changed or added figure is listed with the checker's verdict; unchanged ones are not
    changed = {cf.check.figure.text: cf for cf in edit.changed_figures}
    assert set(changed) == {"289.5亿元", "670万人次", "65项", "5200人", "3.8%以内"}
    assert {changed[t].kind for t in ("289.5亿元", "670万人次", "65项")} == {"changed"}
    assert changed["5200人"].kind == "added" and changed["5200人"].section_id == "s1.3"
    assert all(cf.check.blocking for cf in edit.changed_figures)
    assert changed["289.5亿元"].check.status == "mismatch"
    assert not edit.check.ok
    assert {fc.figure.text for fc in edit.flagged} == set(changed)  # nothing else is flagged
    # the new text parses into the same sections
    assert [s.label for s in edit.tree.walk()] == [s.label for s in parse_draft(DRAFT).walk()]


# --------------------------------------------------------------------------------------------- raw XML


def _doc_with_body(tmp_path: Path, body_xml: str, comments: bool = False) -> Path:
    """A .docx whose body is ``body_xml`` (w: namespace), styles from python-docx's default template."""
    from lxml import etree

    d = docx.Document()
    d.add_heading("标题甲", level=1)
    body = d.element.body
    for child in list(body):
        if not child.tag.endswith("sectPr"):
            body.remove(child)
    frag = etree.fromstring(f'<w:body xmlns:w="{W}">{body_xml}</w:body>')
    sect = body[-1] if len(body) else None
    for el in list(frag):
        if sect is not None:
            sect.addprevious(el)
        else:
            body.append(el)
    path = tmp_path / "raw.docx"
    d.save(str(path))
    return path


def _p(inner: str, style: str = "") -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}{inner}</w:p>"


def _r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def _dr(text: str) -> str:
    return f'<w:r><w:delText xml:space="preserve">{text}</w:delText></w:r>'


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (_p(_r("投资") + f'<w:ins w:id="1" w:author="a">{_r("1.5")}</w:ins>'
            + f'<w:del w:id="2" w:author="a">{_dr("1.2")}</w:del>' + _r("亿元。")), "投资1.5亿元。"),
        (_p(f'<w:moveFrom w:id="3" w:author="a">{_r("甲句。")}</w:moveFrom>' + _r("乙句。"))
         + _p(_r("丙句。") + f'<w:moveTo w:id="4" w:author="a">{_r("甲句。")}</w:moveTo>'), "乙句。\n\n丙句。甲句。"),
        # a deleted paragraph mark joins the paragraph with the next one
        (_p('<w:pPr><w:rPr><w:del w:id="5" w:author="a"/></w:rPr></w:pPr>' + _r("前半句，")) + _p(_r("后半句。")),
         "前半句，后半句。"),
        # a whole deleted paragraph disappears
        (_p('<w:pPr><w:rPr><w:del w:id="6" w:author="a"/></w:rPr></w:pPr>'
            + f'<w:del w:id="7" w:author="a">{_dr("删掉的段落。")}</w:del>') + _p(_r("留下的段落。")), "留下的段落。"),
        # tabs, breaks and a hyperlink's text; field codes are not text
        (_p(_r("甲") + '<w:r><w:tab/></w:r>' + f'<w:hyperlink r:id="x" xmlns:r="urn:r">{_r("链接")}</w:hyperlink>'
            + '<w:r><w:instrText>PAGE</w:instrText></w:r>'), "甲\t链接"),
        # a deleted table row is dropped; cells are joined as a markdown table
        ('<w:tbl><w:tr><w:tc><w:p>' + _r("指标") + '</w:p></w:tc><w:tc><w:p>' + _r("数值") + '</w:p></w:tc></w:tr>'
         '<w:tr><w:trPr><w:del w:id="8" w:author="a"/></w:trPr><w:tc><w:p>' + _r("旧") + '</w:p></w:tc></w:tr>'
         '<w:tr><w:tc><w:p>' + _r("投资") + '</w:p></w:tc><w:tc><w:p>' + _r("1.2亿元") + '</w:p></w:tc></w:tr></w:tbl>',
         "| 指标 | 数值 |\n|---|---|\n| 投资 | 1.2亿元 |"),
        # bold runs come back as **bold**
        (_p('<w:r><w:rPr><w:b/></w:rPr><w:t>320人</w:t></w:r>' + _r("新增。")), "**320人**新增。"),
    ],
    ids=["ins-del", "move", "deleted-mark", "deleted-paragraph", "tab-link-field", "table-deleted-row", "bold"],
)
def test_tracked_changes_read_as_accepted(tmp_path: Path, body: str, expected: str) -> None:
    assert read_docx(_doc_with_body(tmp_path, body)).text == expected + "\n"


def test_headings_by_style_outline_level_and_pattern(tmp_path: Path) -> None:
    body = (
        _p(_r("某镇2025年工作总结"), "Title")
        + _p(_r("一、工作回顾"), "Heading1")
        + _p(_r("（一）经济运行"), "Heading2")
        + _p(_r("全年投资1.2亿元。"))
        + _p(_r("（二）民生保障"))  # typed in Normal style: a heading by its numbering
        + _p(_r("新增就业320人。"))
        + '<w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr>' + _r("二、工作安排") + "</w:p>"
        + _p(_r("力争增长10%。"))
    )
    text = read_docx(_doc_with_body(tmp_path, body)).text
    assert text.splitlines()[::2] == ["# 某镇2025年工作总结", "## 一、工作回顾", "### （一）经济运行", "全年投资1.2亿元。",
                                      "### （二）民生保障", "新增就业320人。", "## 二、工作安排", "力争增长10%。"]
    tree = parse_draft(text)
    assert [(s.id, s.label) for s in tree.walk()] == [
        ("s1", "一、工作回顾"), ("s1.1", "（一）经济运行"), ("s1.2", "（二）民生保障"), ("s2", "二、工作安排")]


def test_markers_and_comments_mapped_to_sections(tmp_path: Path) -> None:
    draft = "# 报告\n\n## 一、工作回顾\n\n全年投资1.2亿元。产值3.5亿元【待核实：笔记中无此数】。\n\n## 二、安排\n\n力争增长10%。\n"
    path = to_docx(draft, tmp_path / "m.docx")
    d = docx.Document(str(path))
    target = next(p for p in d.paragraphs if "增长10%" in p.text)
    d.add_comment(target.runs, text="目标偏低", author="王五", initials="W")
    d.save(str(path))
    edit = reimport_docx(path, notes_text="全年投资1.2亿元\n明年增长10%\n", previous_text=draft)
    assert [(m.figure, edit.section_label(m.section_id)) for m in edit.markers] == [("笔记中无此数", "一、工作回顾")]
    (c,) = edit.comments
    assert (c.author, c.text, c.anchor) == ("王五", "目标偏低", "力争增长10%。")
    assert edit.section_label(edit.comment_sections[c.comment_id]) == "二、安排"
    assert edit.changed_sections == []  # a comment is not a text change


def test_comment_range_opened_between_paragraphs(tmp_path: Path) -> None:
    path = _doc_with_body(tmp_path, _p(_r("第一段。")) + '<w:commentRangeStart w:id="7"/>' + _p(_r("第二段。"))
                          + '<w:commentRangeEnd w:id="7"/>')
    comments = (f'<w:comments xmlns:w="{W}"><w:comment w:id="7" w:author="赵六" w:date="2026-01-05T00:00:00Z">'
                f'<w:p>{_r("请补充数据")}</w:p></w:comment></w:comments>').encode()
    data = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr("word/comments.xml", comments)
    read = read_docx(data.getvalue())
    (c,) = read.comments
    assert (c.author, c.text, c.anchor, c.line) == ("赵六", "请补充数据", "第二段。", 3)
    assert read.text == "第一段。\n\n第二段。\n"


# --------------------------------------------------------------------------------------------- bounds


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_bounds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = to_docx(DRAFT, tmp_path / "g.docx").read_bytes()
    with pytest.raises(InputError, match="over the limit"):
        read_docx(good, max_bytes=len(good) - 1)
    with pytest.raises(InputError, match="not a zip"):
        read_docx(b"plain text, not a document")
    with pytest.raises(InputError, match="empty"):
        read_docx(b"")
    with pytest.raises(InputError, match="not found"):
        read_docx(tmp_path / "missing.docx")
    with pytest.raises(InputError, match=r"no word/document\.xml"):
        read_docx(_zip({"a.txt": b"x"}))
    with pytest.raises(InputError, match="zip bomb"):
        read_docx(_zip({"word/document.xml": b"<a/>", "word/media/pad.bin": b"\0" * (4 << 20)}))
    with pytest.raises(InputError, match="not valid XML"):
        read_docx(_zip({"word/document.xml": b"<w:document"}))
    import assistant.word_in as word_in

    monkeypatch.setattr(word_in, "MAX_PARAGRAPHS", 5)
    with pytest.raises(InputError, match="more than 5 paragraphs"):
        read_docx(good)


def test_entities_are_not_expanded(tmp_path: Path) -> None:
    xml = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x "EXPANDED">]>'
           b'<w:document xmlns:w="' + W.encode() + b'"><w:body><w:p><w:r><w:t>a&x;b</w:t></w:r></w:p></w:body></w:document>')
    text = read_docx(_zip({"word/document.xml": xml})).text
    assert "EXPANDED" not in text


# --------------------------------------------------------------------------------------------- store, CLI


def test_import_into_session_stores_a_word_edit_version(tmp_path: Path, edited: tuple[Path, object]) -> None:
    from assistant.store import SessionStore

    path, _ = edited
    with SessionStore(tmp_path / "s.sqlite3") as store:
        sid = store.create_session("t").session_id
        store.set_notes(sid, NOTES)
        first = store.add_version(sid, DRAFT, cause="first_draft")
        edit, version = import_into_session(store, sid, path)
        assert version.cause == "word_edit" and version.parent_id == first.version_id
        assert store.head(sid) == version and version.text == edit.text
        assert store.load_check(version.version_id)["ok"] is False
        assert "1 comment" in (version.instruction or "")
        assert "s1.1" in store.diff(first.version_id, version.version_id).changed_sections


def _cli(args: list[str]) -> tuple[int, str]:
    from assistant.cli import app

    res = CliRunner().invoke(app, args)
    return res.exit_code, res.output


def test_cli_word_import(tmp_path: Path, edited: tuple[Path, object], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORT_ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    path, _ = edited
    notes = tmp_path / "notes.txt"
    notes.write_text(NOTES, encoding="utf-8")
    prev = tmp_path / "draft.md"
    prev.write_text(DRAFT, encoding="utf-8")
    code, out = _cli(["word-import", str(path), "--notes", str(notes), "--previous", str(prev)])
    assert code == 1, out
    assert "（四）其他各项工作" in out and "张科长" in out and "289.5亿元 [数值不符]" in out
    assert "+ 全年新增城镇就业5200人" in out and "- 现将2015年主要工作情况总结如下。" in out
    code, out = _cli(["word-import", str(path), "--notes", str(notes), "--previous", str(prev), "--json",
                      "--out", str(tmp_path / "back.md")])
    data = json.loads(out.splitlines()[0])
    assert code == 1 and data["ok"] is False and len(data["comments"]) == 1
    assert {f["text"] for f in data["changed_figures"]} >= {"289.5亿元", "670万人次", "65项"}
    assert (tmp_path / "back.md").read_text(encoding="utf-8") == data["text"]
    clean = to_docx(DRAFT, tmp_path / "clean.docx")
    code, out = _cli(["word-import", str(clean), "--notes", str(notes), "--previous", str(prev)])
    assert code == 0, out
    assert "修改的章节： 无" in out and "已核实 24" in out
    code, out = _cli(["word-import", str(path), "--notes", str(notes)])  # no previous: flagged figures only
    assert code == 1 and "修改的章节" not in out and "存疑的数字：" in out and "65项 [数值不符]" in out
    assert _cli(["word-import", str(notes), "--notes", str(notes)])[0] == 2
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    code, out = _cli(["word-import", str(bad), "--notes", str(notes)])
    assert code == 2 and "not a Word .docx" in out
