"""`report-assistant check --notes NOTES DRAFT [--json]`: schema and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from support import run_cli as run

NOTES = "地区生产总值完成274.4亿元，同比增长9.1%；\n新建学校3所，新增就业1250人。\n社会消费品零售总额4187万元。\n"
GOOD = "一、2024年工作回顾\n全区地区生产总值完成274.4亿元，同比增长9.1%。新建学校3所，新增就业1250人。\n"
BAD = "全区地区生产总值完成274.4亿元，同比增长9.7%。全年销售设备3000台。\n"


@pytest.fixture(autouse=True)
def env(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORT_ASSISTANT_DATA_DIR", str(data_dir))
    monkeypatch.chdir(data_dir)  # no developer .env


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    p = tmp_path / name
    if isinstance(content, bytes):
        p.write_bytes(content)
    else:
        p.write_text(content, encoding="utf-8")
    return p


def test_clean_draft_exits_0(tmp_path: Path) -> None:
    code, out, _ = run("check", "--notes", str(write(tmp_path, "n.txt", NOTES)), str(write(tmp_path, "d.txt", GOOD)))
    assert code == 0
    assert out.strip().splitlines()[-1] == "已核实 4 · 非数据 2"


def test_blocking_figures_exit_1_with_one_line_each(tmp_path: Path) -> None:
    code, out, _ = run("check", "--notes", str(write(tmp_path, "n.txt", NOTES)), str(write(tmp_path, "d.txt", BAD)))
    assert code == 1
    lines = out.strip().splitlines()
    assert len(lines) == 3
    assert "[mismatch] 9.7%" in lines[0] and "9.1%" in lines[0]
    assert "[unsupported] 3000台" in lines[1]
    assert lines[2] == "已核实 1 · 数值不符 1 · 无依据 1"


def test_json_schema(tmp_path: Path) -> None:
    notes = write(tmp_path, "n.txt", NOTES)
    draft = write(tmp_path, "d.txt", BAD)
    code, out, _ = run("check", "--notes", str(notes), str(draft), "--json")
    assert code == 1
    obj = json.loads(out)
    assert set(obj) == {"ok", "figures", "omitted", "summary"}
    assert obj["ok"] is False
    assert obj["summary"] == {"verified": 1, "mismatch": 1, "unsupported": 1}
    for fig in obj["figures"]:
        assert set(fig) == {"text", "start", "end", "value", "unit", "status", "reason", "note"}
        assert BAD[fig["start"]:fig["end"]] == fig["text"]
    mismatch = next(f for f in obj["figures"] if f["status"] == "mismatch")
    assert mismatch["value"] == 9.7 and mismatch["unit"] == "%"
    assert mismatch["note"]["line"] == 1
    assert NOTES[mismatch["note"]["start"]:mismatch["note"]["end"]] == "9.1%"
    assert mismatch["note"]["text"] == NOTES.splitlines()[0]
    unsupported = next(f for f in obj["figures"] if f["status"] == "unsupported")
    assert unsupported["note"] is None
    assert {"line": 3, "text": NOTES.splitlines()[2], "figure": "4187万元"} in obj["omitted"]


def test_english_draft_and_language_option(tmp_path: Path) -> None:
    notes = write(tmp_path, "n.txt", "Operating revenue was $78.5 billion, up 2.1 percent.\n")
    draft = write(tmp_path, "d.txt", "Operating revenue rose 2.4 percent.\n")
    code, out, _ = run("check", "--notes", str(notes), str(draft))
    assert code == 1
    assert "[mismatch] 2.4 percent" in out and out.strip().endswith("1 mismatch")
    code, out, _ = run("check", "--notes", str(notes), str(draft), "--language", "zh")
    assert code == 1 and out.strip().endswith("数值不符 1")


@pytest.mark.parametrize(
    ("notes", "draft"),
    [
        (None, "ok"),  # missing notes file
        ("", "ok"),  # empty notes
        ("ok", b"\x00\x01binary\x00"),  # binary draft
        ("ok", "   \n\n"),  # whitespace only
    ],
)
def test_bad_input_exits_2(tmp_path: Path, notes: str | None, draft: str | bytes) -> None:
    notes_path = tmp_path / "missing.txt" if notes is None else write(tmp_path, "n.txt", notes)
    draft_path = write(tmp_path, "d.txt", draft)
    code, _, err = run("check", "--notes", str(notes_path), str(draft_path))
    assert code == 2
    assert err.startswith("error: ")


def test_gb18030_and_utf16_input(tmp_path: Path) -> None:
    notes = write(tmp_path, "n.txt", NOTES.encode("gb18030"))
    draft = write(tmp_path, "d.txt", GOOD.encode("utf-16"))
    code, out, _ = run("check", "--notes", str(notes), str(draft), "--json")
    assert code == 0
    assert json.loads(out)["ok"] is True


def test_entry_point_json_on_any_utf8(tmp_path: Path) -> None:
    """The real console entry point: one JSON object on stdout, even for odd input."""
    notes = write(tmp_path, "n.txt", "😀 100% 🎉\n𠀀𠀁 3.5万元\u200b\n")
    draft = write(tmp_path, "d.txt", "😀 100% 🎉 3.5万元 ７．３％\n")
    proc = subprocess.run(
        [sys.executable, "-c", "from assistant.cli import main; main()", "check", "--notes", str(notes),
         str(draft), "--json"],
        capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
    )
    assert proc.returncode == 1, proc.stderr
    obj = json.loads(proc.stdout)
    assert [f["status"] for f in obj["figures"]] == ["verified", "verified", "unsupported"]


def test_examples_option_names_the_leaked_example(tmp_path: Path) -> None:
    """A figure copied from an example report is named as a leak from that example (front-matter title)."""
    examples = tmp_path / "examples"
    examples.mkdir()
    write(examples, "seed1.md", "---\ntitle: AA镇工作总结\nlanguage: zh\n---\n\n建设了9.9公顷的七台新菜田园区。\n")
    write(examples, "other.txt", "全年接待游客120万人次。\n")
    write(examples, "README.md", "本目录的范文，如“建设了9.9公顷的七台新菜田园区”。\n")  # a folder's README is not an example
    notes = write(tmp_path, "n.txt", NOTES)
    draft = write(tmp_path, "d.txt", GOOD + "建成菜田园区9.9公顷。\n")
    code, out, _ = run("check", "--notes", str(notes), str(draft), "--json")
    assert code == 1
    leak = next(f for f in json.loads(out)["figures"] if f["text"] == "9.9公顷")
    assert leak["status"] == "unsupported" and "AA镇" not in leak["reason"]
    for target in (examples, examples / "seed1.md"):
        code, out, _ = run("check", "--notes", str(notes), str(draft), "--examples", str(target), "--json")
        assert code == 1
        leak = next(f for f in json.loads(out)["figures"] if f["text"] == "9.9公顷")
        assert leak["status"] == "unsupported"
        assert "《AA镇工作总结》" in leak["reason"]


def test_examples_option_bad_path_exits_2(tmp_path: Path) -> None:
    notes = write(tmp_path, "n.txt", NOTES)
    draft = write(tmp_path, "d.txt", GOOD)
    code, _, err = run("check", "--notes", str(notes), str(draft), "--examples", str(tmp_path / "nope"))
    assert code == 2 and err.startswith("error: ")
