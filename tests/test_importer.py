"""`report-assistant import`: SOURCES.md metadata, page splitting into front-matter files, exclusions."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.importer import _parse_what, import_files, parse_sources_table
from assistant.ingest import load_report_files, read_front_matter

SOURCES_MD = """# Sources

| repo | path(s) | commit | what it is | quality |
|---|---|---|---|---|
| owner/corpus | data.jsonl | 2e56948f20e8056d9e443377f738cbea0a4a5bf3 (file unchanged) | x | y |

## Files
| file | chars | source repo / path | what it is | notes |
|---|---:|---|---|---|
| cn_a.txt | 10 | owner/corpus / data.jsonl | 2025年中华人民共和国国务院政府工作报告 — 国务院 (national) — https://example.org/a | n |
| cn_b.txt | 10 | other/repo / b.csv | 2026年吉林省政府工作报告 [吉林省] — 省级 (provincial) — published 2026-02-01 — https://example.org/b | |
| en_c.txt | 10 | gao/reader / c.md | Fiscal Year 2027 Budget Request: U.S. Government Accountability Office — US GAO — https://www.gao.gov/c | |
"""


@pytest.mark.parametrize(
    ("what", "expected"),
    [
        (
            "2025年中华人民共和国国务院政府工作报告 — 国务院 (national) — https://example.org/a",
            {"title": "2025年中华人民共和国国务院政府工作报告", "issuer": "国务院", "level": "national",
             "source": "https://example.org/a"},
        ),
        (
            "2026年吉林省政府工作报告 [吉林省] — 省级 (provincial) — published 2026-02-01 — https://example.org/b",
            {"title": "2026年吉林省政府工作报告", "issuer": "吉林省人民政府", "level": "provincial", "year": "2026",
             "source": "https://example.org/b"},
        ),
        (
            "Fiscal Year 2027 Budget Request: U.S. Government Accountability Office — US GAO — https://www.gao.gov/c",
            {"title": "Fiscal Year 2027 Budget Request: U.S. Government Accountability Office",
             "issuer": "U.S. Government Accountability Office (GAO)", "level": "agency",
             "source": "https://www.gao.gov/c"},
        ),
        (
            "2012年呼伦贝尔市某区政府工作报告 — 区县级 (district, 呼伦贝尔市某区)",
            {"title": "2012年呼伦贝尔市某区政府工作报告", "level": "county"},
        ),
    ],
    ids=["national", "provincial", "gao", "district"],
)
def test_parse_what_it_is(what: str, expected: dict[str, str]) -> None:
    assert _parse_what(what) == expected


def test_parse_sources_table_adds_repository_and_commit() -> None:
    table = parse_sources_table(SOURCES_MD)
    assert set(table) == {"cn_a.txt", "cn_b.txt", "en_c.txt"}
    assert table["cn_a.txt"].fields["via"] == "owner/corpus@2e56948f20e8056d9e443377f738cbea0a4a5bf3 / data.jsonl"
    assert table["cn_b.txt"].fields["via"] == "other/repo / b.csv"


def test_import_writes_one_file_per_report_with_metadata(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "cn_a.txt").write_text("各位代表：\n\n一、2024年工作回顾\n\n国内生产总值增长5%。\n", encoding="utf-8")
    (src / "en_c.txt").write_text(
        "# Fiscal Year 2027 Budget Request\n\n**Report:** GAO-26-900720 | **Published:** 2026-03-17\n\n"
        "## Highlights\n\nGAO requests $860 million.\n",
        encoding="utf-8",
    )
    (src / "cn_skip_me.txt").write_text("不应导入。\n", encoding="utf-8")
    page = "合集页\n\n2024-12-29 版权声明 我要投稿\n\n范文 篇1\n\nAA镇2025年工作总结\n\n全镇增长5%。\n\n范文 篇2\n\n我市森林防火。\n"
    (src / "page.txt").write_text(page, encoding="utf-8")
    (src / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path / "out"

    result = import_files(
        [src], out, max_bytes=100_000, meta_table=parse_sources_table(SOURCES_MD), exclude=["*skip*"]
    )

    assert sorted(p.name for p in result.written) == ["cn_a.md", "en_c.md", "page_p01.md", "page_p02.md"]
    assert [p.name for p in result.skipped] == ["cn_skip_me.txt"]
    assert [e.path.name for e in result.errors] == ["empty.txt"]

    fields, body = read_front_matter((out / "cn_a.md").read_text(encoding="utf-8"))
    assert fields["title"] == "2025年中华人民共和国国务院政府工作报告"
    assert (fields["issuer"], fields["level"], fields["year"], fields["language"]) == ("国务院", "national", "2025", "zh")
    assert fields["source"] == "https://example.org/a"
    assert body.startswith("各位代表：")

    gao, _ = read_front_matter((out / "en_c.md").read_text(encoding="utf-8"))
    assert (gao["language"], gao["year"], gao["level"]) == ("en", "2026", "agency")

    p1, body1 = read_front_matter((out / "page_p01.md").read_text(encoding="utf-8"))
    assert p1["title"] == "AA镇2025年工作总结" and p1["year"] == "2025" and p1["level"] == "township"
    assert "篇1" in p1["source"] and "page.txt" in p1["source"]
    assert "版权声明" not in body1 and body1.strip() == "全镇增长5%。"
    p2, _ = read_front_matter((out / "page_p02.md").read_text(encoding="utf-8"))
    assert p2["title"] == "范文 篇2"

    loaded = load_report_files([out], max_bytes=100_000)
    assert loaded.errors == []
    assert sorted(r.meta.report_id for r in loaded.reports) == ["cn_a", "en_c", "page_p01", "page_p02"]


def test_import_cli(tmp_path: Path) -> None:
    from assistant.cli import app

    src = tmp_path / "a.txt"
    src.write_text("2025年工作总结\n\n一、成绩\n\n增长5%。\n", encoding="utf-8")
    bad = tmp_path / "b.txt"
    bad.write_bytes(b"\x00\x00\x00")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["import", str(src), str(bad), "--out", str(out)])
    assert result.exit_code == 1
    assert (out / "a.md").is_file()
    assert "b.txt" in result.output and "1 report file(s) written" in result.output
