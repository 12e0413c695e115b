"""The page's text tables: complete in both languages, language detection, formatting."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ui.i18n import LANGUAGES, TEXTS, normalize_language, other, t

UI_DIR = Path(__file__).resolve().parent.parent / "ui"


def test_every_language_has_every_key() -> None:
    keys = {lang: set(table) for lang, table in TEXTS.items()}
    assert set(LANGUAGES) == set(TEXTS)
    assert keys["zh"] == keys["en"], keys["zh"] ^ keys["en"]


@pytest.mark.parametrize("key", sorted(TEXTS["en"]))
def test_placeholders_match_between_languages(key: str) -> None:
    fields = {lang: set(re.findall(r"{(\w+)}", TEXTS[lang][key])) for lang in LANGUAGES}
    assert fields["zh"] == fields["en"], key
    assert TEXTS["zh"][key].strip() and TEXTS["en"][key].strip()


def test_chinese_table_is_chinese_and_english_is_not() -> None:
    cjk = re.compile(r"[\u4e00-\u9fff]")
    # Short codes and the toggle (which names the *other* language) are the only exceptions.
    exceptions = {"language_toggle"}
    for key, text in TEXTS["zh"].items():
        if key not in exceptions:
            assert cjk.search(text), f"zh text for {key!r} has no Chinese: {text!r}"
    for key, text in TEXTS["en"].items():
        if key not in exceptions:
            assert not cjk.search(text), f"en text for {key!r} has Chinese: {text!r}"


def test_every_key_used_in_ui_exists() -> None:
    used: set[str] = set()
    for path in UI_DIR.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"\bt\((?:lang0|lang|page_lang|view\.lang|new_lang)\s*,\s*\"(\w+)\"", source))
    assert used, "no t(...) calls found"
    missing = used - set(TEXTS["en"])
    assert not missing, missing


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("zh-CN", "zh"),
        ("zh-TW", "zh"),
        ("zh", "zh"),
        ("zh-Hans-CN", "zh"),
        ("en-US", "en"),
        ("fr-FR", "en"),
        ("", "en"),
        (None, "en"),
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh"),
        ("en-US,en;q=0.9,zh-CN;q=0.8", "en"),
        ("zh;q=0,en;q=0.5", "en"),
        ("*,zh-CN;q=0.5", "zh"),
    ],
)
def test_normalize_language(value: str | None, expected: str) -> None:
    assert normalize_language(value) == expected


def test_t_formats_and_falls_back() -> None:
    assert t("zh", "msg_restored", version="v2") == "已恢复到版本 v2。"
    assert t("en", "msg_restored", version="v2") == "Restored version v2."
    assert t("fr", "send") == "Send"
    assert other("zh") == "en" and other("en") == "zh"
    with pytest.raises(KeyError):
        t("en", "no_such_key")
