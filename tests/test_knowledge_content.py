"""The shipped knowledge base: 8 seed reports + 26 real reports with complete metadata, no evaluation data."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.ingest import LEVELS, chunk_report, load_report_files, read_front_matter

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"
REQUIRED = ("title", "issuer", "level", "year", "language", "source")


def _report_files() -> list[Path]:
    return sorted(p for p in KNOWLEDGE.rglob("*.md") if p.name != "README.md")


def test_no_evaluation_report_is_in_knowledge() -> None:
    """The Hailar reports are the evaluation set: no file name with 'hailar', no text with 海拉尔."""
    for path in KNOWLEDGE.rglob("*"):
        assert "hailar" not in path.name.lower(), path
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "海拉尔" not in text, path
            assert "呼伦贝尔" not in text, path


def test_eight_seed_reports() -> None:
    seed = sorted((KNOWLEDGE / "seed").glob("*.md"))
    assert [p.name for p in seed] == [f"000_db92b67709ff25bf_p{n:02d}.md" for n in range(1, 9)]
    for path in seed:
        fields, body = read_front_matter(path.read_text(encoding="utf-8"))
        assert fields["language"] == "zh"
        assert fields["title"] and fields["level"] in LEVELS
        assert "web page collecting 8 example texts" in fields["source"]
        for clutter in ("版权声明", "我要投稿", "尽在知音", "上一篇", "精选8篇"):
            assert clutter not in body
    first, _ = read_front_matter((KNOWLEDGE / "seed" / "000_db92b67709ff25bf_p01.md").read_text(encoding="utf-8"))
    assert (first["title"], first["issuer"], first["level"]) == ("AA镇XX年工作总结暨XX年工作安排", "AA镇人民政府", "township")


def test_twenty_six_real_reports_with_complete_metadata() -> None:
    reports = sorted((KNOWLEDGE / "reports").glob("*.md"))
    assert len(reports) == 26
    assert sum(p.name.startswith("cn_statecouncil_") for p in reports) == 10
    assert sum(p.name.startswith("cn_prov_") for p in reports) == 8
    assert sum(p.name.startswith("en_gao_") for p in reports) == 8
    for path in reports:
        fields, body = read_front_matter(path.read_text(encoding="utf-8"))
        for key in REQUIRED:
            assert fields.get(key), (path.name, key)
        assert fields["level"] in ("national", "provincial", "agency"), path.name
        assert fields["language"] == ("en" if path.name.startswith("en_") else "zh"), path.name
        assert 1949 <= int(fields["year"]) <= 2030
        assert fields["source"].startswith("https://"), path.name
        assert "@" in fields["via"], path.name  # repository@commit / path
        assert len(body) > 4000, path.name


@pytest.mark.parametrize(
    ("name", "title", "issuer", "year"),
    [
        ("cn_statecouncil_gwr_2025.md", "2025年中华人民共和国国务院政府工作报告", "国务院", "2025"),
        ("cn_prov_zhejiang_gwr_2026.md", "2026年浙江省政府工作报告", "浙江省人民政府", "2026"),
        ("en_gao_26-900720.md", "Fiscal Year 2027 Budget Request: U.S. Government Accountability Office",
         "U.S. Government Accountability Office (GAO)", "2026"),
    ],
)
def test_metadata_examples(name: str, title: str, issuer: str, year: str) -> None:
    fields, _ = read_front_matter((KNOWLEDGE / "reports" / name).read_text(encoding="utf-8"))
    assert (fields["title"], fields["issuer"], fields["year"]) == (title, issuer, year)


def test_knowledge_loads_without_errors_and_skips_the_readme() -> None:
    result = load_report_files([KNOWLEDGE], max_bytes=5_000_000)
    assert result.errors == []
    assert len(result.reports) == 34
    assert all(not r.path.name.lower().startswith("readme") for r in result.reports)
    ids = [r.meta.report_id for r in result.reports]
    assert len(set(ids)) == 34
    assert "seed/000_db92b67709ff25bf_p01" in ids and "reports/cn_statecouncil_gwr_2025" in ids
    chunks = [c for r in result.reports for c in chunk_report(r.meta, r.text)]
    assert len({c.chunk_id for c in chunks}) == len(chunks)
    greenhouse = [c for c in chunks if "日光温室31栋" in c.text]
    assert [c.section for c in greenhouse] == ["二、进一步调整产业结构,推动农村经济较快发展 > 2、产业园区不断拓展"]


def test_knowledge_matches_what_the_importer_writes(tmp_path: Path, shared_dir: Path) -> None:
    """knowledge/ is the importer's output: re-running the build steps gives the same files."""
    from assistant.importer import import_files, parse_sources_table

    data = shared_dir
    seed = import_files([data / "seed" / "000_db92b67709ff25bf.txt"], tmp_path / "seed", max_bytes=5_000_000)
    table = parse_sources_table((data / "real-reports" / "SOURCES.md").read_text(encoding="utf-8"))
    real = import_files(
        [data / "real-reports"], tmp_path / "reports", max_bytes=5_000_000, meta_table=table,
        exclude=["cn_county_hailar_*"],
    )
    assert seed.errors == [] and real.errors == []
    for sub in ("seed", "reports"):
        built = {p.name: p.read_bytes() for p in (tmp_path / sub).glob("*.md")}
        shipped = {p.name: p.read_bytes() for p in (KNOWLEDGE / sub).glob("*.md")}
        assert built == shipped, sub
