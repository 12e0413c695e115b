"""Markdown and .docx export: layout, fonts, sizes, highlight of unverified figures, file names."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from assistant.errors import InputError
from assistant.export import (
    export_file,
    safe_filename,
    suggest_filename,
    to_docx,
    to_markdown,
    unverified_spans,
)
from assistant.lang import detect_language
from assistant.sections import parse_draft

ZH = """# 某镇2025年工作总结暨2026年工作安排

## 一、2025年工作总结

### （一）经济运行稳中有进

全年完成固定资产投资1.2亿元，同比增长8%。规上工业产值3.5亿元【待核实：笔记中无此数】。

### （二）民生保障

新增就业**320人**。

## 二、存在的问题

招商引资难度加大。

## 三、2026年工作安排

力争固定资产投资增长10%左右。

| 指标 | 目标 |
|---|---|
| 投资 | 增长10% |
"""

ZH_PLAIN = "某镇工作总结\n一、工作回顾\n（一）经济增长进一步加快。全年投资1.2亿元。\n第二部分　工作安排\n力争增长10%。\n"

EN = """# Annual Report 2025

## Summary of 2025

Revenue reached $4.2 million [to verify: not in the notes], up 12 percent.

## Plan for 2026

Grow 10 percent.
"""


def _east_asia(run_or_style: object) -> str | None:
    rpr = run_or_style.element.rPr  # type: ignore[attr-defined]
    rfonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    return rfonts.get(qn("w:eastAsia")) if rfonts is not None else None


@pytest.fixture
def zh_doc(tmp_path: Path) -> docx.document.Document:
    out = to_docx(ZH, tmp_path / "zh.docx", language="zh")
    return docx.Document(str(out))


def test_zh_page_and_margins(zh_doc: docx.document.Document) -> None:
    s = zh_doc.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    assert [round(x.mm) for x in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)] == [37, 35, 28, 26]


def test_zh_title_headings_body(zh_doc: docx.document.Document) -> None:
    paras = [p for p in zh_doc.paragraphs if p.text.strip()]
    title = paras[0]
    assert title.text == "某镇2025年工作总结暨2026年工作安排"
    assert title.style.name == "Title"
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs[0].font.size == Pt(22)
    assert _east_asia(title.runs[0]) == "方正小标宋简体"

    h1 = next(p for p in paras if p.text == "一、2025年工作总结")
    assert h1.style.name == "Heading 1"
    assert _east_asia(h1.runs[0]) == "黑体" and h1.runs[0].font.size == Pt(16)
    assert _east_asia(zh_doc.styles["Heading 1"]) == "黑体"
    assert zh_doc.styles["Heading 1"].font.color.rgb == RGBColor(0, 0, 0)

    h2 = next(p for p in paras if p.text == "（一）经济运行稳中有进")
    assert h2.style.name == "Heading 2"
    assert _east_asia(h2.runs[0]) == "楷体_GB2312" and h2.runs[0].font.size == Pt(16)

    body = next(p for p in paras if p.text.startswith("全年完成固定资产投资"))
    assert body.style.name == "Normal"
    run = body.runs[0]
    assert _east_asia(run) == "仿宋_GB2312" and run.font.size == Pt(16) and run.font.name == "Times New Roman"
    pf = body.paragraph_format
    assert pf.first_line_indent == Pt(32)
    assert pf.element.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"
    assert pf.line_spacing_rule == WD_LINE_SPACING.EXACTLY and pf.line_spacing == Pt(28)
    assert _east_asia(zh_doc.styles["Normal"]) == "仿宋_GB2312"


def test_zh_font_fallbacks_in_font_table(tmp_path: Path) -> None:
    out = to_docx(ZH, tmp_path / "f.docx")
    d = docx.Document(str(out))
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from lxml import etree

    part = next(r.target_part for r in d.part.rels.values() if r.reltype == RT.FONT_TABLE)
    root = etree.fromstring(part.blob)
    alts = {f.get(qn("w:name")): f.find(qn("w:altName")).get(qn("w:val"))
            for f in root.findall(qn("w:font")) if f.find(qn("w:altName")) is not None}
    assert alts["仿宋_GB2312"] == "仿宋"
    assert alts["楷体_GB2312"] == "楷体"
    assert alts["方正小标宋简体"] == "宋体"


def test_unverified_figure_highlighted(zh_doc: docx.document.Document) -> None:
    flagged = [r for p in zh_doc.paragraphs for r in p.runs if r.font.highlight_color == WD_COLOR_INDEX.YELLOW]
    assert [r.text for r in flagged] == ["3.5亿元【待核实：笔记中无此数】"]
    assert flagged[0].font.color.rgb == RGBColor(0xFF, 0, 0)
    plain = [r for p in zh_doc.paragraphs for r in p.runs if "1.2亿元" in r.text]
    assert plain and plain[0].font.highlight_color is None


def test_bold_markdown_and_table(zh_doc: docx.document.Document) -> None:
    p = next(p for p in zh_doc.paragraphs if "320人" in p.text)
    assert p.text == "新增就业320人。"
    assert [r.font.bold for r in p.runs if r.text == "320人"] == [True]
    assert len(zh_doc.tables) == 1
    t = zh_doc.tables[0]
    assert [[c.text for c in row.cells] for row in t.rows] == [["指标", "目标"], ["投资", "增长10%"]]


def test_plain_text_draft_run_in_heading_and_part(tmp_path: Path) -> None:
    d = docx.Document(str(to_docx(ZH_PLAIN, tmp_path / "p.docx")))
    texts = [(p.style.name, p.text) for p in d.paragraphs if p.text]
    assert texts[0] == ("Title", "某镇工作总结")
    assert ("Heading 1", "一、工作回顾") in texts
    assert ("Heading 2", "（一）经济增长进一步加快。全年投资1.2亿元。") in texts
    run_in = next(p for p in d.paragraphs if p.text.startswith("（一）"))
    assert _east_asia(run_in.runs[0]) == "楷体_GB2312" and _east_asia(run_in.runs[-1]) == "仿宋_GB2312"
    part = next(p for p in d.paragraphs if p.text.startswith("第二部分"))
    assert part.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_english_layout(tmp_path: Path) -> None:
    d = docx.Document(str(to_docx(EN, tmp_path / "en.docx")))
    s = d.sections[0]
    assert round(s.left_margin.mm, 1) == 25.4
    paras = [p for p in d.paragraphs if p.text]
    assert paras[0].style.name == "Title" and paras[0].text == "Annual Report 2025"
    h = next(p for p in paras if p.text == "Summary of 2025")
    assert h.style.name == "Heading 1" and h.runs[0].font.name == "Calibri" and h.runs[0].font.size == Pt(14)
    body = next(p for p in paras if p.text.startswith("Revenue"))
    assert body.runs[0].font.name == "Times New Roman" and body.runs[0].font.size == Pt(12)
    assert body.paragraph_format.first_line_indent is None
    flagged = [r.text for r in body.runs if r.font.highlight_color == WD_COLOR_INDEX.YELLOW]
    assert flagged == ["$4.2 million [to verify: not in the notes]"] or flagged == ["4.2 million [to verify: not in the notes]"]


def test_headingless_and_empty(tmp_path: Path) -> None:
    d = docx.Document(str(to_docx("今年完成投资1.2亿元。\n新增就业320人。\n", tmp_path / "h.docx")))
    assert [p.text for p in d.paragraphs if p.text] == ["今年完成投资1.2亿元。", "新增就业320人。"]
    with pytest.raises(InputError):
        to_docx("  \n", tmp_path / "e.docx")


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("增长8%【待核实】", "8%【待核实】"),
        ("投资3.5亿元【待核实：笔记中为3.2亿元】。", "3.5亿元【待核实：笔记中为3.2亿元】"),
        ("grew 12 percent [to verify]", "12 percent [to verify]"),
        ("【待核实】没有数字", "【待核实】"),
    ],
)
def test_unverified_regex(text: str, flag: str) -> None:
    spans = unverified_spans(text)
    assert spans and text[spans[0][0] : spans[0][1]] == flag


def test_markdown_export() -> None:
    assert to_markdown(ZH) == ZH
    md = to_markdown(ZH_PLAIN)
    assert md.startswith("# 某镇工作总结\n")
    assert "\n## 一、工作回顾\n" in md and "\n### （一）经济增长进一步加快\n" in md
    assert "\n## 第二部分 工作安排\n" in md or "\n## 第二部分工作安排\n" in md
    assert to_markdown(parse_draft(EN)) == EN


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2025年/工作:总结?", "2025年_工作_总结.docx"),
        ("  ..  ", "report.docx"),
        ("CON", "report.docx"),
        ("a\x00b<c>|d", "a_b_c_d.docx"),
        ("某" * 100, "某" * 80 + ".docx"),
    ],
)
def test_safe_filename(name: str, expected: str) -> None:
    assert safe_filename(name, ext="docx") == expected


def test_suggest_and_export_file(tmp_path: Path) -> None:
    assert suggest_filename(ZH, ext="docx") == "某镇2025年工作总结暨2026年工作安排.docx"
    assert suggest_filename("没有标题的正文。正文很长很长很长。\n\n第二段。", ext="md") == "工作总结.md"
    p = export_file(ZH, tmp_path, fmt="md")
    assert p.read_text(encoding="utf-8") == ZH
    q = export_file(EN, tmp_path, fmt="docx", confirm=True)  # EN has a [to verify] marker
    assert q.name == "Annual Report 2025.docx" and q.stat().st_size > 0
    assert not list(tmp_path.glob(".export-*"))
    assert detect_language(ZH) == "zh" and detect_language(EN) == "en"


def test_export_accepts_a_draft_object(tmp_path: Path) -> None:
    from assistant.drafting.pipeline import draft_report, run_draft
    from assistant.notes import parse_notes

    draft = run_draft(draft_report(parse_notes("全年完成投资1.2亿元，同比增长8%\n存在问题：人才短缺\n明年计划：新建学校1所\n")))
    assert to_markdown(draft) == draft.to_markdown()
    d = docx.Document(str(to_docx(draft, tmp_path / "d.docx")))
    assert d.paragraphs[0].text == draft.title


# --------------------------------------------------------------------------------------------- page numbers,
# properties, the user's template, font warnings, flagged figures (issue 14 item 4, issue 12 item 6)


def _footer_xml(footer: object) -> str:
    from lxml import etree

    return etree.tostring(footer._element, encoding="unicode")  # type: ignore[attr-defined]


def test_page_numbers_odd_right_even_left(tmp_path: Path) -> None:
    d = docx.Document(str(to_docx(ZH, tmp_path / "pn.docx")))
    assert d.settings.odd_and_even_pages_header_footer  # w:evenAndOddHeaders in settings.xml
    sec = d.sections[0]
    odd, even = sec.footer.paragraphs[0], sec.even_page_footer.paragraphs[0]
    assert odd.text == even.text == "— 1 —"
    assert odd.alignment == WD_ALIGN_PARAGRAPH.RIGHT and even.alignment == WD_ALIGN_PARAGRAPH.LEFT
    for footer in (sec.footer, sec.even_page_footer):
        xml = _footer_xml(footer)
        assert 'w:fldCharType="begin"' in xml and "<w:instrText xml:space=\"preserve\"> PAGE </w:instrText>" in xml
        assert 'w:fldCharType="end"' in xml and 'w:eastAsia="宋体"' in xml
    assert odd.runs[0].font.size == Pt(14)  # 四号


def test_english_page_numbers_centred(tmp_path: Path) -> None:
    d = docx.Document(str(to_docx(EN, tmp_path / "en.docx")))
    p = d.sections[0].footer.paragraphs[0]
    assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER and "PAGE" in _footer_xml(d.sections[0].footer)
    assert not d.settings.odd_and_even_pages_header_footer


def test_document_properties_from_the_report(tmp_path: Path) -> None:
    import zipfile

    path = to_docx(ZH, tmp_path / "p.docx", author="办公室")
    cp = docx.Document(str(path)).core_properties
    assert cp.title == "某镇2025年工作总结暨2026年工作安排"
    assert cp.author == "办公室" and cp.language == "zh-CN" and cp.comments == ""
    assert cp.created is not None and cp.created.year >= 2025
    with zipfile.ZipFile(path) as z:
        meta = z.read("docProps/core.xml").decode() + z.read("docProps/app.xml").decode()
    assert "python-docx" not in meta and "<Application>report-assistant</Application>" in meta
    plain = docx.Document(str(to_docx(EN, tmp_path / "e.docx"))).core_properties
    assert plain.author == "" and plain.language == "en-US" and plain.title == "Annual Report 2025"


def _template(tmp_path: Path, *, dotx: bool = False, drop_heading2: bool = False) -> Path:
    import zipfile

    from docx.shared import Mm

    t = docx.Document()
    normal = t.styles["Normal"]
    normal.font.name = "Courier New"
    normal.font.size = Pt(13)
    t.styles["Heading 1"].font.name = "Arial Black"
    sec = t.sections[0]
    sec.left_margin, sec.right_margin, sec.top_margin = Mm(20), Mm(19), Mm(45)
    sec.header.paragraphs[0].text = "某县人民政府文件"
    sec.footer.paragraphs[0].text = "某县人民政府办公室印发"
    t.add_paragraph("模板里的示例正文，导出时应清除。")
    if drop_heading2:
        el = t.styles["Heading 2"].element
        el.getparent().remove(el)
    path = tmp_path / "tpl.docx"
    t.save(str(path))
    if not dotx:
        return path
    out = tmp_path / "tpl.dotx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"wordprocessingml.document.main+xml", b"wordprocessingml.template.main+xml")
            dst.writestr(info, data)
    return out


@pytest.mark.parametrize("dotx", [False, True], ids=["docx", "dotx"])
def test_user_template_styles_margins_header(tmp_path: Path, dotx: bool) -> None:
    path = to_docx(ZH, tmp_path / "t.docx", template=_template(tmp_path, dotx=dotx))
    d = docx.Document(str(path))
    sec = d.sections[0]
    assert round(sec.left_margin.mm) == 20 and round(sec.right_margin.mm) == 19 and round(sec.top_margin.mm) == 45
    assert sec.header.paragraphs[0].text == "某县人民政府文件"
    assert sec.footer.paragraphs[0].text == "某县人民政府办公室印发"
    texts = [p.text for p in d.paragraphs]
    assert "模板里的示例正文，导出时应清除。" not in texts
    assert texts[0] == "某镇2025年工作总结暨2026年工作安排" and d.paragraphs[0].style.name == "Title"
    h1 = next(p for p in d.paragraphs if p.text == "一、2025年工作总结")
    assert h1.style.name == "Heading 1" and h1.style.font.name == "Arial Black"
    body = next(p for p in d.paragraphs if p.text.startswith("全年完成固定资产投资"))
    assert body.style.name == "Normal" and d.styles["Normal"].font.name == "Courier New"
    assert d.styles["Normal"].font.size == Pt(13)
    # the built-in layout's direct fonts are gone, so the template's styles show
    assert all(r.font.name is None and r.font.size is None for r in body.runs)
    assert body.paragraph_format.first_line_indent is None
    # bold from the draft and the unverified highlight survive
    assert any(r.bold for p in d.paragraphs if "320人" in p.text for r in p.runs if "320" in r.text)
    assert any(r.font.highlight_color == WD_COLOR_INDEX.YELLOW for r in body.runs)
    assert len(d.tables) == 1 and d.tables[0].cell(1, 0).text == "投资"
    # no built-in page numbers over the template's own footer
    assert "PAGE" not in _footer_xml(sec.footer)


def test_template_without_a_heading_style_gets_one(tmp_path: Path) -> None:
    d = docx.Document(str(to_docx(ZH, tmp_path / "t.docx", template=_template(tmp_path, drop_heading2=True))))
    h2 = next(p for p in d.paragraphs if p.text == "（一）经济运行稳中有进")
    assert h2.style.name.lower() == "heading 2" and h2.style.base_style.name == "Normal"
    ppr = h2.style.element.find(qn("w:pPr"))
    assert ppr.find(qn("w:outlineLvl")).get(qn("w:val")) == "1"


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"not a zip", "not a Word"), (b"PK\x03\x04broken", "not a valid Word file|cannot be read")],
)
def test_bad_template_is_an_input_error(tmp_path: Path, content: bytes, message: str) -> None:
    bad = tmp_path / "bad.dotx"
    bad.write_bytes(content)
    with pytest.raises(InputError, match=message):
        to_docx(ZH, tmp_path / "x.docx", template=bad)
    with pytest.raises(InputError, match=r"use a \.docx or \.dotx"):
        to_docx(ZH, tmp_path / "x.docx", template=tmp_path / "t.pdf")


@pytest.mark.parametrize(
    ("families", "expected"),
    [
        (frozenset({"方正小标宋简体", "黑体", "楷体_GB2312", "仿宋_GB2312"}), []),
        (frozenset({"宋体", "SimHei", "楷体", "仿宋"}), ["方正小标宋简体", "黑体", "楷体_GB2312", "仿宋_GB2312"]),
        (frozenset({"黑体", "楷体_GB2312", "仿宋_GB2312", "宋体"}), ["方正小标宋简体"]),
    ],
    ids=["all-installed", "only-fallbacks", "title-font-missing"],
)
def test_missing_font_warnings_name_the_fallback(families: frozenset[str], expected: list[str]) -> None:
    from assistant.export import ZH_LAYOUT
    from assistant.export_layout import missing_font_warnings

    warnings = missing_font_warnings(ZH_LAYOUT, families)
    assert [w.split("“")[1].split("”")[0] for w in warnings] == expected
    fallback = {"方正小标宋简体": "宋体", "黑体": "SimHei", "楷体_GB2312": "楷体", "仿宋_GB2312": "仿宋"}
    for w, font in zip(warnings, expected, strict=True):
        assert f"以“{fallback[font]}”代替" in w and "本机也没有" not in w


def test_export_file_requires_confirmation_for_flagged_figures(tmp_path: Path) -> None:
    from assistant.export import FlaggedFiguresError

    with pytest.raises(FlaggedFiguresError) as info:
        export_file(ZH, tmp_path, fmt="docx")
    assert info.value.flagged == ["line 7: 规上工业产值3.5亿元【待核实：笔记中无此数】"]
    assert not list(tmp_path.glob("*.docx"))
    clean = ZH.replace("【待核实：笔记中无此数】", "")
    notes = "全年完成固定资产投资1.2亿元，同比增长8%\n新增就业320人\n力争投资增长10%左右\n"
    with pytest.raises(FlaggedFiguresError) as info:
        export_file(clean, tmp_path, fmt="docx", notes_text=notes)
    assert "3.5亿元 [unsupported]" in [f.split(": ", 1)[1] for f in info.value.flagged]
    assert export_file(clean, tmp_path, fmt="docx", notes_text=notes, confirm=True).exists()
    assert export_file(ZH, tmp_path, fmt="md").exists()  # the Markdown working copy is never held back


def test_cli_export_force_template_and_warnings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from assistant.cli import app

    monkeypatch.setenv("REPORT_ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    draft = tmp_path / "d.md"
    draft.write_text(ZH, encoding="utf-8")
    out = tmp_path / "o.docx"
    runner = CliRunner()
    res = runner.invoke(app, ["export", str(draft), "--out", str(out)])
    assert res.exit_code == 1 and "规上工业产值3.5亿元【待核实：笔记中无此数】" in res.output and not out.exists()
    res = runner.invoke(app, ["export", str(draft), "--out", str(out), "--force", "--template",
                              str(_template(tmp_path))])
    assert res.exit_code == 0, res.output
    assert docx.Document(str(out)).sections[0].header.paragraphs[0].text == "某县人民政府文件"
    monkeypatch.setenv("REPORT_ASSISTANT_WORD_TEMPLATE", str(_template(tmp_path, dotx=True)))
    res = runner.invoke(app, ["export", str(draft), "--out", str(out), "--force"])
    assert res.exit_code == 0 and docx.Document(str(out)).sections[0].header.paragraphs[0].text == "某县人民政府文件"
    res = runner.invoke(app, ["export", str(draft), "--format", "md"])
    assert res.exit_code == 0 and res.output.startswith(ZH)  # the Markdown working copy is not held back
    monkeypatch.delenv("REPORT_ASSISTANT_WORD_TEMPLATE")
    monkeypatch.setattr("assistant.export_layout.installed_font_families", lambda: frozenset({"宋体"}))
    res = runner.invoke(app, ["export", str(draft), "--out", str(out), "--force"])
    assert res.exit_code == 0 and "warning: 本机未安装字体“仿宋_GB2312”：文档已声明以“仿宋”代替" in res.output
@pytest.mark.parametrize(
    "hostile",
    ["\u202e", "\u202a", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\u200f", "\x07", "\x1b", "\x00", "\x7f",
     "\x85"],
    ids=lambda c: f"U+{ord(c):04X}",
)
def test_bidi_overrides_and_control_characters_leave_exports_and_file_names(tmp_path: Path, hostile: str) -> None:
    draft = f"# 某镇{hostile}工作总结{hostile}exe.docx\n\n## 一、工作回顾\n\n增长{hostile}8%【待核实】，新建温室31栋。{hostile}\n"
    md = export_file(draft, tmp_path, fmt="md")
    docx_path = export_file(draft, tmp_path, fmt="docx")
    for path in (md, docx_path):
        assert hostile not in path.name and path.parent == tmp_path
    assert hostile not in md.read_text(encoding="utf-8") and "增长8%【待核实】" in md.read_text(encoding="utf-8")
    text = "\n".join(p.text for p in docx.Document(str(docx_path)).paragraphs)
    assert hostile not in text and "增长8%【待核实】" in text
    assert hostile not in safe_filename(f"a{hostile}b", ext="md")


@pytest.mark.parametrize(
    "line",
    [
        "1" * 100_000 + "【待核实】",
        "增长" + "1," * 50_000 + "【待核实】",
        "【待核实" * 20_000,
        "[to verify" * 20_000 + "]",
        "**" * 50_000,
        "|" + "1|" * 20_000,
    ],
    ids=["100k-digits-marker", "digit-comma-run", "open-markers", "open-en-markers", "stars", "wide-table-row"],
)
def test_pathological_lines_export_in_linear_time(tmp_path: Path, line: str) -> None:
    import time

    started = time.process_time()
    out = to_docx(f"# 标题\n\n{line}\n", tmp_path / "x.docx")
    assert out.exists() and time.process_time() - started < 60  # generous: it was hours (quadratic)


def test_a_long_digit_run_before_a_marker_is_highlighted_with_its_tail() -> None:
    text = "x" + "1" * 1000 + "%【待核实】"
    (start, end), = unverified_spans(text)
    assert text[end - 6 :] == "%【待核实】" and 1 < start < end - 6 and set(text[start : end - 6]) == {"1"}
