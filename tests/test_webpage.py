"""Saved web pages: main text vs a hand-cleaned copy, titles (never the breadcrumb), metadata, report split.

The pages under tests/data/webpages are real saved pages (see SOURCES.md there); the split cases at the
end are small constructed pages, because no real page holding several reports was vendored.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.errors import InputError
from assistant.importer import import_files
from assistant.ingest import load_report_files, read_front_matter
from assistant.webpage import compare_text, extract_page, read_webpage

DATA = Path(__file__).parent / "data" / "webpages"
EXPECTED: dict[str, dict[str, object]] = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))
PAGES = sorted(EXPECTED)
MAX_BYTES = 2_000_000


def test_every_vendored_page_has_an_expected_text() -> None:
    html = sorted(p.name for p in DATA.glob("*.html"))
    assert html == PAGES
    for name in PAGES:
        assert (DATA / name.replace(".html", ".expected.txt")).is_file()


@pytest.mark.parametrize("name", PAGES)
def test_main_text_recall_and_clutter(name: str) -> None:
    page = read_webpage(DATA / name, max_bytes=MAX_BYTES)
    expected = (DATA / name.replace(".html", ".expected.txt")).read_text(encoding="utf-8")
    recall, clutter = compare_text(expected, page.text)
    assert recall >= 0.98, f"{name}: recall {recall:.3f}"
    assert clutter <= 0.01, f"{name}: clutter {clutter:.3f}"
    for junk in ("ICP备", "版权所有", "上一篇", "字体", "扫一扫", "首页 >", "浏览", "打印", "分享"):
        assert junk not in page.text, f"{name}: {junk!r} left in the text"


@pytest.mark.parametrize("name", PAGES)
def test_title_metadata_and_split(name: str) -> None:
    want = EXPECTED[name]
    page = read_webpage(DATA / name, max_bytes=MAX_BYTES)
    assert page.title == want["title"]
    assert page.date == want["date"]
    assert page.issuer == want["issuer"]
    assert page.url == want["url"]  # <link rel=canonical>, og:url, a url meta tag or the saved-from comment
    assert [r.title for r in page.reports] == want["reports"]
    crumb = str(want["breadcrumb"])
    for title in [page.title, *(r.title for r in page.reports)]:
        assert crumb not in title and "首页" not in title and ">" not in title


# --- constructed pages: splitting and titles ------------------------------------------------------------------

_SHELL = (
    "<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
    "<div class='breadcrumb'>首页 &gt; 政务公开 &gt; 工作总结</div>"
    "<div class='tools'>字号：大 中 小 打印 关闭</div>"
    "<div class='content'>{body}</div>"
    "<div class='footer'>版权所有：某某县人民政府 备案号：京ICP备00000000号</div></body></html>"
)
_PARA = "<p>{0}全年完成固定资产投资12.5亿元，同比增长8.3%，新增市场主体560户，城乡居民收入稳步提高，民生保障持续加强。</p>"


def _page(title: str, body: str) -> str:
    return _SHELL.format(title=title, body=body)


def _report(title: str, issuer: str, date: str, parts: int = 3) -> str:
    numbers = "一二三四五"
    body = "".join(f"<h3>{numbers[i]}、重点工作</h3>" + _PARA.format(f"{title}第{i + 1}部分：") * 2 for i in range(parts))
    return f"<h2>{title}</h2><p>{issuer}</p><p>{date}</p>{body}"


@pytest.mark.parametrize(
    ("body", "titles"),
    [
        pytest.param(
            _report("AA镇2023年工作总结", "AA镇人民政府", "2023年12月20日")
            + _report("BB镇2023年工作总结和2024年工作安排", "BB镇人民政府", "2024年1月5日"),
            ["AA镇2023年工作总结", "BB镇2023年工作总结和2024年工作安排"],
            id="two-reports-with-own-title-issuer-date",
        ),
        pytest.param(
            "<h2>CC县2023年政府工作报告</h2>" + "".join(
                f"<h3>{n}、2023年工作回顾</h3>" + _PARA.format("") * 2 for n in "一二三"
            ),
            ["CC县2023年政府工作报告"],
            id="one-report-is-not-split-at-its-parts",
        ),
        pytest.param(
            "<p>关于印发2024年工作要点的通知</p>" + _PARA.format("通知正文：") * 2
            + "<p>附件1</p><p>DD局2024年工作要点</p>" + _PARA.format("要点：") * 3
            + "<p>附件2</p><p>DD局2023年工作总结</p>" + _PARA.format("总结：") * 3,
            ["关于印发2024年工作要点的通知", "DD局2024年工作要点", "DD局2023年工作总结"],
            id="attachments-are-reports",
        ),
        pytest.param(
            "".join(f"<p>工作总结范文 篇{n}</p><p>EE街道202{n}年工作总结</p>" + _PARA.format("") * 2 for n in (1, 2, 3)),
            ["EE街道2021年工作总结", "EE街道2022年工作总结", "EE街道2023年工作总结"],
            id="numbered-parts",
        ),
    ],
)
def test_split_reports(body: str, titles: list[str]) -> None:
    page = extract_page(_page("页面 - 某某县人民政府", body))
    assert [r.title for r in page.reports] == titles
    for report in page.reports:
        assert "字号" not in report.text and "ICP" not in report.text and "首页" not in report.text
        assert len(report.text) > 50


def test_split_reports_keep_their_own_date_and_issuer() -> None:
    body = _report("AA镇2023年工作总结", "AA镇人民政府", "2023年12月20日") + _report(
        "BB镇2023年工作总结", "BB镇人民政府", "2024年1月5日"
    )
    reports = extract_page(_page("合集", body)).reports
    assert [(r.issuer, r.date) for r in reports] == [("AA镇人民政府", "2023-12-20"), ("BB镇人民政府", "2024-01-05")]
    assert all("人民政府\n" not in r.text.split("\n\n", 1)[0] for r in reports)


@pytest.mark.parametrize(
    ("head", "heading", "title"),
    [
        ("<meta name='ArticleTitle' content='XX市2024年政府工作报告'>", "", "XX市2024年政府工作报告"),
        ("<meta property='og:title' content='Annual Report 2024'>", "", "Annual Report 2024"),
        ("", "<h1>YY区2023年工作总结</h1>", "YY区2023年工作总结"),
        ("", "", "ZZ县2022年工作总结"),  # <title> minus the site name
    ],
)
def test_title_sources(head: str, heading: str, title: str) -> None:
    html = (
        f"<html><head><meta charset='utf-8'>{head}<title>ZZ县2022年工作总结 - 某某县人民政府网</title>"
        "<meta name='SiteName' content='某某县人民政府网'></head><body>"
        "<div class='position'>当前位置：首页 &gt; 政务公开</div>"
        f"{heading}<div class='article'>{_PARA.format('') * 3}</div></body></html>"
    )
    assert extract_page(html).title == title


def test_a_breadcrumb_title_is_refused() -> None:
    html = (
        "<html><head><meta charset='utf-8'><title>首页 > 政务公开 > 工作总结</title></head><body>"
        f"<div>{_PARA.format('') * 3}</div></body></html>"
    )
    assert extract_page(html).title == ""


# --- import end to end -------------------------------------------------------------------------------------------


def test_cli_import_of_a_saved_page(tmp_path: Path) -> None:
    from assistant.cli import app

    out = tmp_path / "out"
    page = DATA / "cn_shanxi_gov_news.html"
    result = CliRunner().invoke(app, ["import", str(page), "--out", str(out)])
    assert result.exit_code == 0, result.output
    written = out / "cn_shanxi_gov_news.md"
    fields, body = read_front_matter(written.read_text(encoding="utf-8"))
    assert fields["title"] == "山西品牌丝路行（南美站）正式启动"
    assert (fields["year"], fields["issuer"], fields["published"]) == ("2019", "山西日报", "2019-09-18")
    expected = (DATA / "cn_shanxi_gov_news.expected.txt").read_text(encoding="utf-8")
    recall, clutter = compare_text(expected, body)
    assert recall >= 0.98 and clutter <= 0.01


def test_import_splits_a_page_into_reports_and_the_loader_agrees(tmp_path: Path) -> None:
    src = tmp_path / "合集.html"
    body = _report("AA镇2023年工作总结", "AA镇人民政府", "2023年12月20日") + _report(
        "BB镇2023年工作总结", "BB镇人民政府", "2024年1月5日"
    )
    src.write_text(_page("合集 - 某某县人民政府", body), encoding="utf-8")
    result = import_files([src], tmp_path / "out", max_bytes=MAX_BYTES)
    assert sorted(p.name for p in result.written) == ["合集_p01.md", "合集_p02.md"]
    first, text = read_front_matter(result.written[0].read_text(encoding="utf-8"))
    assert (first["title"], first["issuer"], first["year"]) == ("AA镇2023年工作总结", "AA镇人民政府", "2023")
    assert "一、重点工作" in text and "ICP" not in text
    assert "《合集》" in first["source"] and "篇1" in first["source"]  # no address on the page: the page title
    loaded = load_report_files([src], max_bytes=MAX_BYTES)
    assert [r.meta.title for r in loaded.reports] == ["AA镇2023年工作总结", "BB镇2023年工作总结"]


def test_a_page_over_the_size_cap_is_refused_naming_the_file(tmp_path: Path) -> None:
    big = tmp_path / "big.html"
    big.write_text("<html><body>" + "<p>很长的页面。</p>" * 5000 + "</body></html>", encoding="utf-8")
    with pytest.raises(InputError, match=r"big\.html"):
        read_webpage(big, max_bytes=10_000)


def test_an_english_government_page() -> None:
    """Constructed on the pattern of UK/US council and agency pages (no real English page is vendored)."""
    html = (
        "<html lang='en'><head><meta charset='utf-8'>"
        "<title>Annual Report 2023: progress and plans - Example County Council</title>"
        "<meta property='og:site_name' content='Example County Council'></head><body>"
        "<div class='skip-link'><a href='#main'>Skip to main content</a></div>"
        "<header><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></header>"
        "<div class='govuk-breadcrumbs'><ol><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li>"
        "<li>Press releases</li></ol></div>"
        "<main id='main'><h1>Annual Report 2023: progress and plans</h1>"
        "<p class='meta'>Published 12 March 2024 · From: Example County Council</p>"
        "<div class='share-links'>Share this page: <a>Facebook</a> <a>Twitter</a></div>"
        "<div class='body'><p>The council delivered 1,240 new affordable homes in 2023, up 14% on the year "
        "before, and resurfaced 86 miles of road.</p><h2>Priorities for 2024</h2><p>We will open two new "
        "libraries, extend the bus network by 12 routes and plant 30,000 trees across the county.</p>"
        "<p>Budget pressures remain: adult social care costs rose by 9.3% and now take 41% of net spending.</p></div>"
        "<p><a href='javascript:window.print()'>Print this page</a></p>"
        "<div class='related'><h2>Related content</h2><ul><li><a href='/a'>Budget 2024</a></li></ul></div>"
        "</main><footer><p>© Crown copyright</p><a href='/cookies'>Cookies</a></footer></body></html>"
    )
    page = extract_page(html)
    assert (page.title, page.date, page.issuer) == (
        "Annual Report 2023: progress and plans", "2024-03-12", "Example County Council"
    )
    assert page.text.startswith("The council delivered 1,240 new affordable homes")
    assert "## Priorities for 2024" in page.text and page.text.rstrip().endswith("41% of net spending.")
    for junk in ("Skip to", "Home", "Share", "Print", "Related", "Crown copyright", "Cookies", "Published"):
        assert junk not in page.text


@pytest.mark.parametrize(
    ("raw", "parts", "title"),
    [
        ("文章标题_栏目_网站", ["文章标题", "栏目", "网站"], "文章标题"),
        ("Annual Report 2024 - City of Riverside", ["Annual Report 2024", "City of Riverside"], "Annual Report 2024"),
        ("关于印发工作总结的通知 -- 某县人民政府", ["关于印发工作总结的通知", "某县人民政府"], "关于印发工作总结的通知"),
        ("标题｜网站", ["标题", "网站"], "标题"),
        ("A :: B", ["A", "B"], "A"),
        ("Title — Site — Portal", ["Title", "Site", "Portal"], "Title"),
        ("2024-03-12", ["2024", "03", "12"], "2024"),
        ("no separator here", ["no separator here"], "no separator here"),
        ("a - - b", ["a", "", "b"], "a"),
    ],
)
def test_title_separators(raw: str, parts: list[str], title: str) -> None:
    from assistant.webpage_meta import _TITLE_SEPARATORS, _title_from_tag

    assert _TITLE_SEPARATORS.split(raw) == parts
    assert _title_from_tag(raw, "网站") == title


@pytest.mark.parametrize(
    ("raw", "parts"),
    [
        (" " * 100_000, [" " * 100_000]),
        ("\n" * 100_000, ["\n" * 100_000]),
        ("1" * 100_000, ["1" * 100_000]),
        ("工作总结" + " " * 100_000 + "-" + " " * 100_000 + "某县人民政府", ["工作总结", "某县人民政府"]),
    ],
)
def test_title_separators_on_long_runs_finish(raw: str, parts: list[str]) -> None:
    """A <title> with a 100,000-character run of blanks is split in one pass, not one per blank."""
    from assistant.webpage_meta import _TITLE_SEPARATORS

    assert _TITLE_SEPARATORS.split(raw) == parts
