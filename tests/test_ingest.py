"""Importer: clutter, page splitting, front matter, batch loading and structure-aware chunking."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.documents import ReportMeta
from assistant.ingest import (
    chunk_report,
    infer_level,
    infer_year,
    load_report_files,
    read_front_matter,
    section_paragraphs,
    slugify_id,
    split_long,
    split_page,
    strip_clutter,
    write_report_file,
)

SEED_NAME = "000_db92b67709ff25bf.txt"
CLUTTER = ("版权声明", "我要投稿", "尽在知音", "知音网络", "上一篇", "下一篇", "精选8篇")


@pytest.fixture(scope="module")
def seed_text(shared_dir: Path) -> str:
    return (shared_dir / "seed" / SEED_NAME).read_text(encoding="utf-8")


def _meta(report_id: str = "r", title: str = "报告", language: str = "zh") -> ReportMeta:
    return ReportMeta(report_id=report_id, title=title, language=language)  # type: ignore[arg-type]


# --- clutter ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("标题\n\n2024-12-29 版权声明 我要投稿\n\n正文。\n", "标题\n\n正文。\n"),
        ("XX年工作总结(精选8篇)\n\n正文。\n", "正文。\n"),
        ("提供有力保障。原创,尽在知音网络.com网。\n\n二、明确职责\n", "提供有力保障。\n\n二、明确职责\n"),
        ("正文(更多范文,尽在XX范文网)\n", "正文\n"),
        ("正文。\n\n上一篇:小学家长会通知下一篇:税法学课堂练习题", "正文。\n"),
        ("正文。\n2024-12-29\n版权声明\n", "正文。\n"),
        ("2026-01-22\n正文保留日期行。\n", "2026-01-22\n正文保留日期行。\n"),
        ("取得一批原创性成果。\n", "取得一批原创性成果。\n"),
        ("The agency reviewed 31 reports.\nhttps://www.switchboardta.org/.\n", "The agency reviewed 31 reports.\nhttps://www.switchboardta.org/.\n"),
    ],
    ids=["date-copyright", "index-line", "inline-yuanchuang", "inline-more", "prev-next", "date-before-clutter",
         "date-kept", "word-yuanchuang-kept", "url-kept"],
)
def test_strip_clutter(text: str, expected: str) -> None:
    assert strip_clutter(text) == expected


# --- page splitting -------------------------------------------------------------------------------


def test_seed_page_splits_into_eight_reports_with_titles(seed_text: str) -> None:
    parts = split_page(strip_clutter(seed_text))
    assert [p.part for p in parts] == list(range(1, 9))
    assert parts[0].title == "AA镇XX年工作总结暨XX年工作安排" and parts[0].has_own_title
    for p in parts[1:]:
        assert p.title == f"XX年乡镇工作总结暨XX年工作安排 篇{p.part}"
    assert all(p.page_title == "XX年乡镇工作总结暨XX年工作安排" for p in parts)
    assert parts[0].text.startswith("AA镇人民政府")
    assert "新建日光温室" not in parts[1].text and "日光温室31栋" in parts[0].text
    assert "森林防火" in parts[5].text and "云南教育" in parts[7].text


def test_clutter_is_gone_from_every_seed_report(seed_text: str) -> None:
    for part in split_page(strip_clutter(seed_text)):
        for word in CLUTTER:
            assert word not in part.text, (part.part, word)
        assert "篇" + str(part.part) not in part.text.split("\n")[0]


def test_page_with_one_report_stays_whole() -> None:
    text = "2025年工作总结\n\n一、主要成绩\n完成投资31亿元。\n"
    parts = split_page(text)
    assert len(parts) == 1 and parts[0].part is None
    assert parts[0].title == "2025年工作总结" and parts[0].text == text


def test_a_stray_pian_line_does_not_split() -> None:
    parts = split_page("报告\n\n正文一。\n\n范文 篇3\n\n正文二。\n")
    assert len(parts) == 1


# --- front matter ---------------------------------------------------------------------------------


def test_front_matter_round_trip(tmp_path: Path) -> None:
    meta = {
        "title": "Fiscal Year 2027 Budget Request: U.S. GAO",
        "issuer": "国务院",
        "level": "national",
        "year": 2025,
        "language": "zh",
        "source": "https://zh.wikisource.org/wiki/x?a=1#b",
        "via": "owner/repo@abc / path.jsonl",
        "empty": "",
    }
    body = "一、工作回顾\n\n---\n正文：增长5%。\n"
    path = tmp_path / "r.md"
    write_report_file(path, meta, body)
    fields, read_body = read_front_matter(path.read_text(encoding="utf-8"))
    assert fields == {k: str(v) for k, v in meta.items() if v != ""}
    assert read_body == body
    assert list(fields)[:6] == ["title", "issuer", "level", "year", "language", "source"]


@pytest.mark.parametrize(
    "text",
    ["no front matter\n", "---\ntitle: x\nno closing line\n", "---\nnot a key line\n---\nbody\n"],
    ids=["none", "unclosed", "malformed"],
)
def test_text_without_valid_front_matter_is_all_body(text: str) -> None:
    assert read_front_matter(text) == ({}, text)


def test_front_matter_values_lose_quotes_and_keys_are_lowercased() -> None:
    fields, body = read_front_matter('---\nTitle: "2025年报告"\nyear: 2025\n---\n\n正文\n')
    assert fields == {"title": "2025年报告", "year": "2025"}
    assert body == "正文\n"


# --- metadata inference -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "year"),
    [("2025年中华人民共和国国务院政府工作报告", 2025), ("XX年乡镇工作总结", None), ("２００２年政府工作报告", 2002),
     ("Fiscal Year 2027 Budget Request", 2027)],
)
def test_infer_year(title: str, year: int | None) -> None:
    assert infer_year(title) == year


@pytest.mark.parametrize(
    ("issuer", "text", "level"),
    [("AA镇人民政府", "", "township"), ("国务院", "", "national"), ("", "全省经济增长。全省就业稳定。我省改革。", "provincial"),
     ("", "我市森林防火。全市各级。我市林区。", "municipal"), ("", "nothing here", "other")],
)
def test_infer_level(issuer: str, text: str, level: str) -> None:
    assert infer_level(issuer, "", text) == level


def test_slugify_id_is_ascii_and_keeps_non_ascii_names_distinct() -> None:
    assert slugify_id("seed/000_db92b67709ff25bf_p01") == "seed/000_db92b67709ff25bf_p01"
    a, b = slugify_id("我的/报告一"), slugify_id("我的/报告二")
    assert a != b and a.isascii() and b.isascii()


# --- loading ------------------------------------------------------------------------------------------


def test_seed_page_loads_as_eight_reports(shared_dir: Path) -> None:
    result = load_report_files([shared_dir / "seed"], max_bytes=5_000_000)
    assert result.errors == []
    ids = [r.meta.report_id for r in result.reports]
    assert ids == [f"000_db92b67709ff25bf-p{n:02d}" for n in range(1, 9)]
    first = result.reports[0].meta
    assert (first.title, first.issuer, first.level, first.language) == (
        "AA镇XX年工作总结暨XX年工作安排", "AA镇人民政府", "township", "zh")
    assert len({r.content_hash for r in result.reports}) == 8


def test_bad_files_are_reported_and_the_rest_of_the_batch_loads(tmp_path: Path) -> None:
    folder = tmp_path / "kb"
    folder.mkdir()
    (folder / "good.md").write_text("---\ntitle: 2025年工作总结\nlevel: county\n---\n一、成绩\n增长5%。\n", encoding="utf-8")
    (folder / "english.txt").write_text("Annual Report 2025\n\nRevenue grew by 5 percent.\n", encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    (folder / "fake.docx").write_bytes(b"not a zip")
    (folder / "README.md").write_text("# About this folder\n", encoding="utf-8")
    (folder / ".hidden.txt").write_text("hidden", encoding="utf-8")
    (folder / "ignored.csv").write_text("a,b", encoding="utf-8")
    result = load_report_files([folder, tmp_path / "missing.txt"], max_bytes=100_000)

    assert sorted(r.meta.report_id for r in result.reports) == ["english", "good"]
    good = next(r for r in result.reports if r.meta.report_id == "good").meta
    assert (good.title, good.level, good.year, good.language) == ("2025年工作总结", "county", 2025, "zh")
    english = next(r for r in result.reports if r.meta.report_id == "english").meta
    assert (english.title, english.language, english.year) == ("Annual Report 2025", "en", 2025)
    errors = {e.path.name: e.message for e in result.errors}
    assert set(errors) == {"empty.txt", "binary.txt", "fake.docx", "missing.txt"}
    for name, message in errors.items():
        assert name in message


def test_report_ids_follow_the_root_and_content_hash_tracks_changes(tmp_path: Path) -> None:
    sub = tmp_path / "kb" / "sub"
    sub.mkdir(parents=True)
    path = sub / "a.txt"
    path.write_text("2025年工作总结\n\n增长5%。\n", encoding="utf-8")
    first = load_report_files([path], max_bytes=10_000, root=tmp_path / "kb").reports[0]
    again = load_report_files([tmp_path / "kb"], max_bytes=10_000).reports[0]
    assert first.meta.report_id == again.meta.report_id == "sub/a"
    assert first.content_hash == again.content_hash
    path.write_text("2025年工作总结\n\n增长6%。\n", encoding="utf-8")
    changed = load_report_files([path], max_bytes=10_000, root=tmp_path / "kb").reports[0]
    assert changed.content_hash != first.content_hash


# --- chunking ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_chunks(shared_dir: Path) -> dict[str, list]:  # type: ignore[type-arg]
    result = load_report_files([shared_dir / "seed"], max_bytes=5_000_000)
    return {r.meta.report_id: chunk_report(r.meta, r.text) for r in result.reports}


def test_greenhouse_paragraph_is_one_chunk_with_its_section_path(seed_chunks: dict[str, list]) -> None:  # type: ignore[type-arg]
    chunks = seed_chunks["000_db92b67709ff25bf-p01"]
    hits = [c for c in chunks if "日光温室31栋" in c.text]
    assert len(hits) == 1
    chunk = hits[0]
    assert chunk.section == "二、进一步调整产业结构,推动农村经济较快发展 > 2、产业园区不断拓展"
    assert chunk.text.startswith("投资1146万元")
    assert "塑料大棚20栋" in chunk.text and chunk.text.endswith("蛋鸡规模养殖园区存栏蛋鸡2万只。")
    assert "产业园区不断拓展" not in chunk.text  # the heading went to the path


def test_seed_chunks_follow_structure_and_limits(seed_chunks: dict[str, list]) -> None:  # type: ignore[type-arg]
    for report_id, chunks in seed_chunks.items():
        assert [c.position for c in chunks] == list(range(len(chunks)))
        assert [c.chunk_id for c in chunks] == [f"{report_id}#{i:04d}" for i in range(len(chunks))]
        for c in chunks:
            assert 0 < len(c.text) <= 600
            assert c.report_id == report_id and c.language == "zh"
            for word in CLUTTER:
                assert word not in c.text
    sections = {c.section for c in seed_chunks["000_db92b67709ff25bf-p01"]}
    assert "四、XX年工作安排 > 1、突出招商引资,强化项目建设,提升镇域经济实力" in sections
    park = {c.section for c in seed_chunks["000_db92b67709ff25bf-p04"]}
    assert "二、XX年工作思路 > (二)强化招商引资,项目工作取得新突破 > 1.有的放矢,突出招商工作重点" in park
    studio = {c.section for c in seed_chunks["000_db92b67709ff25bf-p05"]}
    assert any(s.startswith("第一部分 各项工作完成和落实情况 > 一、学员培训") for s in studio)
    assert any(s.startswith("第三部分 XX年工作打算") for s in studio)


def test_chunks_are_deterministic(seed_chunks: dict[str, list], shared_dir: Path) -> None:  # type: ignore[type-arg]
    result = load_report_files([shared_dir / "seed"], max_bytes=5_000_000)
    again = {r.meta.report_id: chunk_report(r.meta, r.text) for r in result.reports}
    assert again == seed_chunks


def test_heading_lines_are_not_chunks_and_same_line_body_is() -> None:
    text = "一、工作回顾\n\n2、产业园区不断拓展。投资1146万元,建设日光温室31栋。\n\n（一）空的小节\n"
    chunks = chunk_report(_meta(), text)
    assert [(c.section, c.text) for c in chunks] == [
        ("一、工作回顾 > 2、产业园区不断拓展", "投资1146万元,建设日光温室31栋。")
    ]


def test_long_paragraph_splits_at_sentence_ends() -> None:
    sentence = "全镇完成农机保护性耕作4200亩，秋季深松整地30000亩。"
    text = "一、农业\n" + sentence * 40 + "\n"
    chunks = chunk_report(_meta(), text, max_chars=200)
    assert len(chunks) > 1
    assert all(len(c.text) <= 200 and c.text.endswith("。") for c in chunks)
    assert "".join(c.text for c in chunks) == sentence * 40


def test_tiny_paragraphs_merge_within_a_section_only() -> None:
    text = "一、甲\n短句一。\n短句二。\n二、乙\n短句三。\n"
    chunks = chunk_report(_meta(), text)
    assert [(c.section, c.text) for c in chunks] == [("一、甲", "短句一。\n短句二。"), ("二、乙", "短句三。")]


def test_english_markdown_headings_and_wrapped_lines(shared_dir: Path) -> None:
    text = (
        "# Federal Student Loans: Oversight\n\n## Highlights\n\n### What GAO Found\n\n"
        "The Department of Education has reduced staff\nwho oversee loan servicers.\n\n"
        "##### y [Establishes new statutory limits on states’ use of taxes ]\n\n"
        "### What GAO Recommends\n\nGAO makes two recommendations.\n"
    )
    meta = _meta("gao", "Federal Student Loans: Oversight", "en")
    assert [(c.section, c.text) for c in chunk_report(meta, text)] == [
        ("Highlights > What GAO Found",
         "The Department of Education has reduced staff who oversee loan servicers.\n"
         "Establishes new statutory limits on states’ use of taxes"),
        ("Highlights > What GAO Recommends", "GAO makes two recommendations."),
    ]


def test_real_gao_report_sections(shared_dir: Path) -> None:
    path = shared_dir / "real-reports" / "en_gao_26-109008.txt"
    result = load_report_files([path], max_bytes=5_000_000)
    report = result.reports[0]
    assert report.meta.language == "en"
    sections = {c.section for c in chunk_report(report.meta, report.text)}
    assert "Highlights > What GAO Found" in sections
    assert "Letter > USPS’s Current Financial Condition Is Poor as Expenses Continue to Exceed Revenue" in sections
    assert not any(s.startswith(report.meta.title) for s in sections)


def test_english_numbered_and_title_case_headings() -> None:
    text = (
        "Summary of 2025\n\nThe office closed 120 cases this year, up from 90 in 2024, and cut the average "
        "waiting time by a third.\n\n1. Budget Outlook\n\nSpending stayed within the $4.2 million budget while "
        "the caseload grew by a third over the year.\n"
    )
    chunks = chunk_report(_meta("en", "Annual report", "en"), text)
    assert [c.section for c in chunks] == ["Summary of 2025", "Summary of 2025 > 1. Budget Outlook"]


def test_section_paragraphs_absorbs_part_title_line() -> None:
    pairs = section_paragraphs("第一部分\n各项工作完成和落实情况\n一、学员培训\n培训学员30人。\n")
    assert pairs == [("第一部分 各项工作完成和落实情况 > 一、学员培训", "培训学员30人。")]


def test_split_long_hard_cuts_a_sentence_without_ends() -> None:
    pieces = split_long("甲" * 250, 100)
    assert [len(p) for p in pieces] == [100, 100, 50]


def test_unnumbered_chinese_headings_between_paragraphs() -> None:
    text = (
        "2026年甘肃省政府工作报告\n来源：甘肃日报\n各位代表：\n我代表省人民政府，向大会报告工作。\n"
        "“十四五”时期工作回顾\n“十四五”时期是甘肃发展极不寻常、极不平凡的五年，全省地区生产总值达到13697.5亿元。\n"
        "2026年重点工作\n（一）放大促消费扩投资政策效应\n全年固定资产投资增长5%左右，社会消费品零售总额稳定增长。\n"
    )
    pairs = section_paragraphs(text, report_title="2026年甘肃省政府工作报告")
    assert [p[0] for p in pairs] == ["", "", "", "", "“十四五”时期工作回顾", "2026年重点工作 > （一）放大促消费扩投资政策效应"]



_ALPHABET = "一二三、（）()1.。，,；！？ \n#甲乙丙第部分篇ab AZ①"


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=_ALPHABET, max_size=400), max_chars=st.integers(min_value=20, max_value=120))
def test_chunking_never_fails_and_respects_the_limit(text: str, max_chars: int) -> None:
    chunks = chunk_report(_meta(), text, max_chars=max_chars)
    assert all(0 < len(c.text) <= max_chars for c in chunks)
    assert [c.position for c in chunks] == list(range(len(chunks)))
    for c in chunks:  # no text is invented: every chunk line comes from the input (modulo joins)
        for line in c.text.split("\n"):
            assert line.replace(" ", "") in text.replace(" ", "").replace("\n", "")
    strip_clutter(text)
    split_page(text)


@pytest.mark.parametrize(
    "line",
    [
        "①台湾烨联不锈钢公司年产120万吨不锈钢薄板生产线项目,该项目投资50亿元人民币。",
        "（1）新建日光温室31栋，塑料大棚20栋。",
    ],
)
def test_a_whole_sentence_behind_a_list_marker_stays_text(line: str) -> None:
    """Consecutive list items with no body under them must not vanish into section titles."""
    from assistant.documents import ReportMeta

    text = f"一、招商引资\n\n（一）重点项目\n\n{line}\n②鞍山宝得钢铁公司年产80万吨板材项目,该项目投资18亿元人民币。\n"
    chunks = chunk_report(ReportMeta(report_id="r", title="t", language="zh"), text)
    joined = "\n".join(c.text for c in chunks)
    assert line in joined and "宝得钢铁" in joined
    assert all("该项目投资" not in c.section for c in chunks)
