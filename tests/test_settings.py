"""Settings: environment prefix, OpenAI fallbacks, and the README table generated from the fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.settings import PROJECT_ROOT, Settings
from assistant.settings_doc import render_block


def test_every_field_is_described() -> None:
    missing = [n for n, f in Settings.model_fields.items() if not (f.description or "").strip()]
    assert missing == []


def test_prefixed_variables_are_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("REPORT_ASSISTANT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("REPORT_ASSISTANT_TOP_K", "7")
    s = Settings(_env_file=None)  # type: ignore[call-arg]
    assert s.data_dir == tmp_path
    assert s.top_k == 7
    assert s.sessions_db.parent == tmp_path


@pytest.mark.parametrize(
    ("env", "expected_key", "expected_url"),
    [
        ({"OPENAI_API_KEY": "plain", "OPENAI_BASE_URL": "http://127.0.0.1:9/v1"}, "plain", "http://127.0.0.1:9/v1"),
        (
            {"OPENAI_API_KEY": "plain", "REPORT_ASSISTANT_OPENAI_API_KEY": "prefixed"},
            "prefixed",
            None,
        ),
    ],
)
def test_openai_fallbacks(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected_key: str, expected_url: str | None
) -> None:
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    s = Settings(_env_file=None)  # type: ignore[call-arg]
    assert s.openai_api_key is not None
    assert s.openai_api_key.get_secret_value() == expected_key
    assert s.openai_base_url == expected_url
    assert expected_key not in repr(s)


def test_invalid_value_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORT_ASSISTANT_PROVIDER", "gpt5-magic")
    with pytest.raises(ValueError):
        Settings(_env_file=None)  # type: ignore[call-arg]


def test_readme_configuration_table_is_current() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert render_block() in readme, "run: .venv/bin/python -m assistant.settings_doc"
