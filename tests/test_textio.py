"""Reading files as text: encodings, .docx, .html, and a clear error naming the file for bad input."""

from __future__ import annotations

import codecs
import io
import zipfile
from pathlib import Path

import pytest

from assistant.errors import InputError
from assistant.textio import DOCX_MAX_UNCOMPRESSED, decode_bytes, display_name, read_text_file

ZH = "一、2025年工作总结\r\n全镇地区生产总值增长14.3%，新建日光温室31栋。\r\n"
ZH_LF = ZH.replace("\r\n", "\n")
CAP = 1_000_000


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (ZH.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + ZH.encode("utf-8"), "utf-8"),
        (ZH.encode("gb18030"), "gb18030"),
        (ZH.encode("gbk"), "gb18030"),
        (codecs.BOM_UTF16_LE + ZH.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + ZH.encode("utf-16-be"), "utf-16-be"),
    ],
    ids=["utf8", "utf8-bom", "gb18030", "gbk", "utf16le-bom", "utf16be-bom"],
)
def test_encodings_are_detected_and_line_ends_normalised(tmp_path: Path, data: bytes, encoding: str) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(data)
    decoded = read_text_file(path, max_bytes=CAP)
    assert decoded.text == ZH_LF
    assert decoded.encoding == encoding
    assert decoded.path == path


def test_big5_traditional_chinese_is_not_misread_as_gb18030(tmp_path: Path) -> None:
    text = "各位代表：現在，我代表國務院，向大會報告政府工作，請予審議。過去一年，我國發展歷程很不平凡。\n" * 3
    path = tmp_path / "tw.txt"
    path.write_bytes(text.encode("big5"))
    decoded = read_text_file(path, max_bytes=CAP)
    assert decoded.encoding == "big5"
    assert decoded.text == text


def test_lone_cr_line_ends_become_lf() -> None:
    text, _ = decode_bytes(b"a\rb\r\nc\n", name="x.txt")
    assert text == "a\nb\nc\n"


def test_english_latin1_falls_back_to_charset_normalizer(tmp_path: Path) -> None:
    path = tmp_path / "memo.txt"
    path.write_bytes("Café revenue rose 5% — a résumé of the year.\n".encode("cp1252"))
    decoded = read_text_file(path, max_bytes=CAP)
    assert "Caf" in decoded.text and "5%" in decoded.text
    assert decoded.encoding not in ("utf-8", "gb18030")


def test_markdown_file_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "plan.md"
    path.write_text("# 2026 Plan\n\n1. Summary of 2025\n", encoding="utf-8")
    assert read_text_file(path, max_bytes=CAP).text.startswith("# 2026 Plan")


def test_docx_paragraphs_headings_and_tables_in_order(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("2025年工作总结", level=1)
    document.add_paragraph("一、经济发展")
    document.add_paragraph("全年完成投资1146万元，新建日光温室31栋。")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "指标"
    table.rows[0].cells[1].text = "31栋"
    document.add_heading("Plans for 2026", level=2)
    document.add_paragraph("Grow revenue by 5 percent.")
    path = tmp_path / "report.docx"
    document.save(str(path))

    decoded = read_text_file(path, max_bytes=CAP)
    assert decoded.encoding == "docx"
    lines = [line for line in decoded.text.split("\n") if line]
    assert lines == [
        "# 2025年工作总结",
        "一、经济发展",
        "全年完成投资1146万元，新建日光温室31栋。",
        "指标\t31栋",
        "## Plans for 2026",
        "Grow revenue by 5 percent.",
    ]


def test_html_drops_script_style_nav_and_keeps_headings(tmp_path: Path) -> None:
    html = (
        "<html><head><meta charset='gbk'><style>p{color:red}</style><script>var x=1;</script></head>"
        "<body><nav>首页 &gt; 工作总结</nav><h1>2025年工作总结</h1><p>新建日光温室31栋，<br>塑料大棚20栋。</p>"
        "<div>二、存在的问题</div><footer>版权所有</footer></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_bytes(html.encode("gbk"))
    decoded = read_text_file(path, max_bytes=CAP)
    assert decoded.text.split("\n\n") == ["# 2025年工作总结", "新建日光温室31栋，", "塑料大棚20栋。", "二、存在的问题"]
    assert "var x" not in decoded.text and "color" not in decoded.text and "首页" not in decoded.text
    assert decoded.encoding == "gb18030"


def _error(path: Path, max_bytes: int = CAP) -> str:
    with pytest.raises(InputError) as info:
        read_text_file(path, max_bytes=max_bytes)
    return str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    message = _error(tmp_path / "nope.txt")
    assert "nope.txt" in message and "not found" in message


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    assert "folder" in _error(folder)


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  "], ids=["empty", "whitespace"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    message = _error(path)
    assert "empty.txt" in message and "empty" in message


def test_utf16_whitespace_only_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "blank16.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "  \r\n ".encode("utf-16-le"))
    assert "empty" in _error(path)


def test_over_the_size_cap_names_the_cap(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"x" * 5000)
    message = _error(path, max_bytes=4096)
    assert "huge.txt" in message and "4.0 KB" in message


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"abc\x00def\x00" * 10, "binary"),
        (b"%PDF-1.7\n...", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
    ],
    ids=["nul-bytes", "pdf", "png"],
)
def test_binary_files(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "data.txt"
    path.write_bytes(content)
    message = _error(path)
    assert "data.txt" in message and words in message


def test_undecodable_bytes(tmp_path: Path) -> None:
    path = tmp_path / "junk.txt"
    path.write_bytes(bytes(range(0x80, 0x100)) * 20)
    message = _error(path)
    assert "junk.txt" in message


def test_unsupported_suffix(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF")
    assert "unsupported" in _error(path)


def test_docx_that_is_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "fake.docx"
    path.write_text("这不是Word文件", encoding="utf-8")
    message = _error(path)
    assert "fake.docx" in message and "not a valid .docx" in message


def test_zip_without_word_document(tmp_path: Path) -> None:
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert "not a Word document" in _error(path)


def test_docx_zip_bomb_is_refused_before_reading(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\x00" * (DOCX_MAX_UNCOMPRESSED + 1024))
    path = tmp_path / "bomb.docx"
    path.write_bytes(buffer.getvalue())
    assert path.stat().st_size < 200_000
    message = _error(path)
    assert "bomb.docx" in message and "50.0 MB" in message


def test_damaged_docx(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<not-xml")
    assert "broken.docx" in _error(path)


def test_file_names_in_messages_are_sanitised(tmp_path: Path) -> None:
    name = "bad\x1b[31mname" + "x" * 200 + ".txt"
    assert "\x1b" not in display_name(tmp_path / name)
    assert len(display_name(tmp_path / name)) <= 80
    message = _error(tmp_path / name)
    assert "\x1b" not in message and len(message) < 200


# --- bounded import: caps checked while streaming --------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx_with_body(path: Path, body: str) -> Path:
    """A minimal .docx (zipfile only, nothing committed) whose document body is ``body``."""
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W}"><w:body>{body}</w:body></w:document>'
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", xml)
    return path


def _cpu_seconds() -> float:
    import time

    return time.process_time()


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("<w:p/>" * 1_400_000, "over 100,000 paragraphs"),
        ("<w:tbl>" * 300 + "</w:tbl>" * 300, "nests elements more than 200"),
        ("<w:b/>" * 1_100_000, "XML elements"),
    ],
    ids=["1.4M-empty-paragraphs", "nesting-300", "1.1M-elements"],
)
def test_docx_bombs_are_refused_while_streaming(tmp_path: Path, body: str, words: str) -> None:
    import resource

    path = _docx_with_body(tmp_path / "bomb.docx", body)
    assert path.stat().st_size < 400_000  # small on disk: it passes both size caps
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cpu0 = _cpu_seconds()
    message = _error(path)
    cpu = _cpu_seconds() - cpu0
    assert "bomb.docx" in message and words in message
    assert cpu < 2.0, f"refusing took {cpu:.1f} s of CPU"  # CPU time, not wall time: load does not matter
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss0 < 150_000  # KB: never built in memory


def test_a_long_real_docx_is_still_read(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    for i in range(2000):
        document.add_paragraph(f"第{i}段")
    document.save(str(tmp_path / "ok.docx"))
    text = read_text_file(tmp_path / "ok.docx", max_bytes=CAP).text
    assert text.startswith("第0段\n\n第1段") and text.endswith("第1999段")


@pytest.mark.parametrize(
    ("html", "words"),
    [
        ("<div>" * 50_000 + "x" + "</div>" * 50_000, "nests HTML elements more than 200"),
        ("<p>a</p>" * 120_000, "over 100,000 HTML elements"),
        ("<span>" * 201 + "x", "nests HTML elements more than 200"),
    ],
    ids=["50k-nested-divs", "120k-paragraphs", "unclosed-nesting"],
)
def test_html_bombs_are_refused_while_streaming(tmp_path: Path, html: str, words: str) -> None:
    path = tmp_path / "bomb.html"
    path.write_text(html, encoding="utf-8")
    cpu0 = _cpu_seconds()
    message = _error(path)
    assert "bomb.html" in message and words in message
    assert _cpu_seconds() - cpu0 < 5.0


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>a" * 90_000, "a\n\na"),  # unclosed <p> siblings do not nest
        ("<div>" * 199 + "深" + "</div>" * 199, "深"),
        ("<html><head><title>T</title></head><body><h2>标题 <b>一</b></h2><p>正文&amp;<br>第二行</p>"
         "<script>x()</script><iframe>bad</iframe></body></html>", "## 标题 一\n\n正文&\n\n第二行"),
        ("<h1>Plan</h1><ul><li>one<li>two</ul><style>p{}</style>", "# Plan\n\none\n\ntwo"),
    ],
    ids=["90k-unclosed-p", "depth-199", "body-heading-br-drops", "no-body"],
)
def test_html_within_the_caps_is_read_linearly(tmp_path: Path, html: str, expected: str) -> None:
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    text = read_text_file(path, max_bytes=10_000_000).text
    assert text.startswith(expected)


@pytest.mark.parametrize(
    "html",
    ["<a" * 100_000, "<a b=\"" * 40_000, "<!--" * 50_000, "<?" * 100_000, "<![CDATA[" * 30_000, "</a" * 70_000,
     "<" * 300_000, "<p>正文" + "<!--" * 50_000],
    ids=["open-tags", "open-quotes", "open-comments", "open-pis", "open-cdata", "open-end-tags", "lt", "text-then-comments"],
)
def test_unterminated_markup_is_read_or_refused_in_linear_time(tmp_path: Path, html: str) -> None:
    """html.parser rescanned to the end for each of these (200 KB of ``<a b="`` took minutes)."""
    path = tmp_path / "odd.html"
    path.write_text(html, encoding="utf-8")
    cpu0 = _cpu_seconds()
    try:
        text = read_text_file(path, max_bytes=10_000_000).text
    except InputError as exc:
        assert "odd.html" in str(exc)
    else:
        assert "<!--" not in text and "<?" not in text
    assert _cpu_seconds() - cpu0 < 10.0
