"""The polish task hint asks for exactly as many listed points as the section has.

Found in real use (local model): "List the problems as 'First, … Second, …'" over a single problem made the
model invent a second one ("Second, the lack of effective communication … has hindered …").
"""

from __future__ import annotations

import pytest

from assistant.drafting.polish import polish_hint


@pytest.mark.parametrize(("language", "kind", "items", "has", "lacks"), [
    ("en", "problems", 1, "one problem only", "First, …"),
    ("en", "problems", 3, "the 3 problems as 'First, … Second, …': exactly 3", "one problem only"),
    ("en", "plan", 2, "State the targets, then list the 2 measures", "one measure"),
    ("zh", "problems", 1, "本节只有1条问题", "一是……二是"),
    ("zh", "measures", 4, "把4条举措用“一是……二是……”逐条写，正好4条", "只有1条"),
    ("zh", "summary", 5, "不要补充初稿和要点以外的任何数字、事实", "一是"),
    ("en", "summary", 5, "Add no figure, fact, cause or point", "First"),
])
def test_the_hint_asks_for_exactly_the_sections_points(language: str, kind: str, items: int, has: str,
                                                       lacks: str) -> None:
    hint = polish_hint(language, kind, items)
    assert has in hint
    assert lacks not in hint
