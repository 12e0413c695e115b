"""The page factory: builds without a browser, wires every component, leaks no secret."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ui.app import _merge, build_app
from ui.context import AppContext


@pytest.fixture
def ctx(settings: Any) -> Any:
    from pydantic import SecretStr

    settings.openai_api_key = SecretStr("sk-app-test-secret-999")
    context = AppContext(settings=settings)
    yield context
    context.close()


def test_build_app_has_the_page_components_and_no_secret(ctx: AppContext) -> None:
    import gradio as gr

    demo = build_app(ctx.settings, services=ctx)
    assert isinstance(demo, gr.Blocks)
    config = demo.get_config_file()
    ids = {c.get("props", {}).get("elem_id") for c in config["components"]}
    for elem_id in ("ra-chat", "ra-input", "ra-send", "ra-upload", "ra-draft-box", "ra-figures", "ra-summary",
                    "ra-ver-a", "ra-ver-b", "ra-restore", "ra-undo", "ra-diff-btn", "ra-editor", "ra-save-edit",
                    "ra-dl-md", "ra-dl-docx", "ra-session-dd", "ra-new", "ra-open", "ra-rename", "ra-delete",
                    "ra-lang", "ra-status", "ra-sources", "ra-omitted", "ra-rw-section", "ra-rw-button"):
        assert elem_id in ids, elem_id
    assert "sk-app-test-secret-999" not in json.dumps(config, default=str)
    # Drafting streams of different users must not wait behind one another in the queue.
    for name in ("on_send", "on_rewrite"):
        limits = [fn.concurrency_limit for fn in demo.fns.values() if fn.name == name]
        assert limits and all(limit is None for limit in limits), (name, limits)


def test_build_app_is_a_factory(ctx: AppContext) -> None:
    first = build_app(ctx.settings, services=ctx)
    second = build_app(ctx.settings, services=ctx)
    assert first is not second


def test_merge_keeps_values_when_relabelling() -> None:
    chat, editor, button = object(), object(), object()
    values = {chat: [{"role": "user", "content": "hi"}], editor: {"__type__": "update", "value": "md"}}
    labels = {chat: {"__type__": "update", "label": "Chat"}, editor: {"__type__": "update", "label": "Edit"},
              button: "Send"}
    merged = _merge(values, labels)
    assert merged[chat] == {"__type__": "update", "value": [{"role": "user", "content": "hi"}], "label": "Chat"}
    assert merged[editor] == {"__type__": "update", "value": "md", "label": "Edit"}
    assert merged[button] == "Send"
