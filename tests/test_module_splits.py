"""The issue 11 splits of wave 4 keep every old import path: ``assistant.meaning`` re-exports the cue
readers of ``assistant.meaning_cues`` and ``assistant.notes`` the text readers of ``assistant.note_text``
(the same objects, so caches and identity checks still hold), and both caches still work."""

from __future__ import annotations

import importlib

import pytest

from assistant.meaning_cues import _indicator_key


@pytest.mark.parametrize(
    ("old", "new", "name"),
    [
        *[("assistant.meaning", "assistant.meaning_cues", n) for n in (
            "BASE_LABELS", "FACT_ROLES", "ZH_INDICATOR_ABBREVIATIONS", "base_label", "indicator_key",
            "is_forecast_text", "normalise_indicator", "read_base", "read_direction", "read_role_cue",
            "same_indicator", "states_target")],
        *[("assistant.notes", "assistant.note_text", n) for n in (
            "EN_ABBREVIATIONS", "ZH_ABBREVIATIONS", "expand_terse")],
        *[("assistant.notes", "assistant.note_lines", n) for n in (
            "header_line", "instruction_reason", "is_continuation", "is_title_without_year", "parse_title_line")],
    ],
)
def test_an_old_import_path_gives_the_moved_object(old: str, new: str, name: str) -> None:
    old_mod, new_mod = importlib.import_module(old), importlib.import_module(new)
    assert name in old_mod.__all__
    assert getattr(old_mod, name) is getattr(new_mod, name)


def test_every_name_in_all_is_importable() -> None:
    for mod_name in ("assistant.meaning", "assistant.notes"):
        mod = importlib.import_module(mod_name)
        missing = [n for n in mod.__all__ if not hasattr(mod, n)]
        assert not missing, (mod_name, missing)


def test_indicator_keys_are_still_cached_and_read_alike() -> None:
    from assistant.meaning import indicator_key, same_indicator

    name = "规上工业增加值（测试缓存）"
    before = _indicator_key.cache_info().hits
    first = indicator_key(name)
    assert indicator_key(name) == first == "规模以上工业增加值（测试缓存）"
    assert _indicator_key.cache_info().hits == before + 1
    assert indicator_key("GDP") == indicator_key("地区生产总值")
    assert same_indicator("固投", "固定资产投资") is True


def test_parse_notes_is_still_cached_and_expands_through_the_moved_readers() -> None:
    from assistant.notes import parse_notes

    text = "单位：红星镇\n- 固投100.6亿 +16.6%\n存在问题：\n- 人才短缺"
    notes = parse_notes(text)
    assert parse_notes(text) is notes
    assert notes.metadata["organisation"] == "红星镇"
    assert [i.role for i in notes.items] == ["metadata", "achievement", "problem"]
    assert notes.items[1].expanded == "固定资产投资100.6亿，同比增长16.6%"
