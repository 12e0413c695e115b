"""The CLI entry point: configuration and file-system failures are one clear line, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def run_entry(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith("REPORT_ASSISTANT_")}
    full.update({"REPORT_ASSISTANT_EMBEDDING": "hash", "OMP_NUM_THREADS": "1", **env})
    return subprocess.run(
        [sys.executable, "-c", "from assistant.cli import main; main()", *args],
        capture_output=True, text=True, encoding="utf-8", timeout=120, check=False, env=full, cwd=cwd,
    )


@pytest.mark.parametrize(
    ("variable", "value", "command"),
    [
        ("REPORT_ASSISTANT_PROVIDER", "foo", ["search", "温室"]),
        ("REPORT_ASSISTANT_TOP_K", "abc", ["search", "温室"]),
        ("REPORT_ASSISTANT_PROVIDER", "foo", ["index"]),
    ],
)
def test_bad_setting_is_one_line_naming_the_variable(
    tmp_path: Path, variable: str, value: str, command: list[str]
) -> None:
    proc = run_entry(command, {"REPORT_ASSISTANT_DATA_DIR": str(tmp_path / "data"), variable: value}, tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("error: ") and variable in proc.stderr and value in proc.stderr


def test_unusable_data_dir_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    proc = run_entry(["search", "温室"], {"REPORT_ASSISTANT_DATA_DIR": str(blocker / "data")}, tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines()[-1].startswith("error: ") and str(blocker) in proc.stderr
