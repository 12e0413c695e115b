"""Lexical side: language detection, jieba/English tokenization, figures across languages, BM25."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from assistant.lexical import BM25, Tokenizer, is_figure


def test_tokenizer_mixed_text(tmp_path: Any) -> None:
    tokens = Tokenizer(tmp_path / "jieba").tokenize("新建日光温室31栋，塑料大棚20栋 Built SOLAR greenhouses；增长１４．３％")
    assert {"日光", "温室", "日光温室", "31", "塑料大棚", "built", "solar", "greenhouses", "14.3"} <= set(tokens)
    assert "，" not in tokens and "%" not in tokens
    assert (tmp_path / "jieba").is_dir()  # jieba's cache goes where we say, not /tmp


def test_bm25_ranks_and_scores() -> None:
    docs = [["温室", "31", "栋"], ["收入", "31", "亿元"], ["小学", "教学楼"]]
    bm = BM25(docs)
    top = bm.top(["温室", "31"], 3)
    assert [m.doc for m in top] == [0, 1]  # the third document matches nothing
    assert top[0].score > top[1].score > 0
    # mask excludes documents
    assert [m.doc for m in bm.top(["温室", "31"], 3, np.array([False, True, True]))] == [1]
    assert bm.top(["不存在"], 3) == []


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("revenue of 3.1 billion yuan", "收入31亿元"),
        ("taxes of 9 million yuan", "上缴税款900万元"),
        ("a plant costing 420 million yuan", "投资4.2亿元"),
        ("1,002 mu of farmland", "1002亩"),
        ("30,000 mu", "30000亩"),
    ],
)
def test_figures_match_across_languages(tmp_path: Any, english: str, chinese: str) -> None:
    tok = Tokenizer(tmp_path)
    en = {t for t in tok.tokenize(english) if is_figure(t)}
    zh = {t for t in tok.tokenize(chinese) if is_figure(t)}
    assert en & zh


@pytest.mark.parametrize(("token", "figure"), [("3", False), ("10", True), ("3.1", True), ("2025", True), ("abc", False)])
def test_is_figure(token: str, figure: bool) -> None:
    assert is_figure(token) is figure


def test_bm25_coverage_counts_unknown_query_words() -> None:
    bm = BM25([["温室", "31"], ["收入", "31"], ["小学"]])
    cov = bm.coverage(["温室", "31"])
    assert cov[0] == pytest.approx(1.0) and 0 < cov[1] < cov[0] and cov[2] == 0
    assert bm.coverage(["温室", "从未出现"])[0] < 0.5


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("revenue of 3.1 billion yuan", ["revenue", "of", "3.1", "31", "310000", "billion", "yuan"]),
        ("22  Million", ["22", "2200", "0.22", "million"]),
        ("12 millions", ["12", "1200", "0.12", "millions"]),
        ("12 mil", ["12", "mil"]),
        ("a 2025 plan", ["a", "2025", "plan"]),
        ("million 5", ["million", "5"]),
    ],
)
def test_scale_words_after_figures(tmp_path: Any, text: str, tokens: list[str]) -> None:
    assert Tokenizer(tmp_path).tokenize(text) == tokens


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("12" + " " * 100_000 + "million", ["12", "1200", "0.12", "million"]),
        ("12" + "\n" * 100_000 + "x", ["12", "x"]),
        (" " * 100_000, []),
    ],
)
def test_scale_word_after_long_blank_run_finishes(tmp_path: Any, text: str, tokens: list[str]) -> None:
    from assistant.lexical import _SCALE_AFTER

    assert Tokenizer(tmp_path).tokenize(text) == tokens
    assert _SCALE_AFTER.search(" " * 100_000) is None
    assert [m.group(1) for m in _SCALE_AFTER.finditer(" " * 100_000 + "亿")] == ["亿"]
