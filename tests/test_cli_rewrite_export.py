"""`report-assistant rewrite` and `report-assistant export` end to end, in subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from openai_server import ScriptedOpenAIServer

DRAFT = """# 某镇2025年工作总结暨2026年工作安排

## 一、2025年工作总结

### （一）经济运行

在县委县政府的正确领导下，全年完成固定资产投资1.2亿元，同比增长8%。

### （二）民生保障

新增就业320人。

## 二、存在的问题

招商引资难度加大，专业人才非常缺乏。

## 三、2026年工作安排

### （一）经济目标

力争固定资产投资增长10%左右。

### （二）民生目标

新增就业300人以上。
"""
NOTES = "全年完成固定资产投资1.2亿元，同比增长8%\n新增就业320人\n招商引资难度加大\n力争投资增长10%左右\n新增就业300人以上\n"


def _run(cmd: str, args: list[str], tmp_path: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items()
            if not k.startswith("REPORT_ASSISTANT_") and k not in ("OPENAI_API_KEY", "OPENAI_BASE_URL")}
    base.update({"REPORT_ASSISTANT_DATA_DIR": str(tmp_path / "data"), "REPORT_ASSISTANT_EMBEDDING": "hash"})
    base.update(env or {})
    return subprocess.run(
        [sys.executable, "-c", "from assistant.cli import main; main()", cmd, *args],
        cwd=tmp_path, env=base, capture_output=True, text=True, timeout=120,
    )


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    d = tmp_path / "draft.md"
    d.write_text(DRAFT, encoding="utf-8")
    n = tmp_path / "notes.txt"
    n.write_text(NOTES, encoding="utf-8")
    return d, n


def _outside_equal(old: str, new: str, heading: str, next_heading: str) -> None:
    a, b = old.index(heading), old.index(next_heading)
    assert new.startswith(old[: a + len(heading)])
    assert new.endswith(old[b:])


def test_rewrite_offline_to_stdout(tmp_path: Path, files: tuple[Path, Path]) -> None:
    d, n = files
    proc = _run("rewrite", [str(d), "--notes", str(n), "--section", "第二部分", "--instruction", "改得更正式",
                            "--provider", "offline"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "专业人才十分缺乏" in proc.stdout
    _outside_equal(DRAFT, proc.stdout, "## 二、存在的问题\n", "## 三、2026年工作安排")
    assert "section: s2 二、存在的问题" in proc.stderr


def test_rewrite_offline_json_out_and_notes_out(tmp_path: Path, files: tuple[Path, Path]) -> None:
    d, n = files
    out, nout = tmp_path / "new.md", tmp_path / "notes2.txt"
    proc = _run("rewrite", [str(d), "-n", str(n), "-s", "工作安排", "-i", "补充：林蛙养殖园区投资300万元",
                            "--provider", "offline", "--out", str(out), "--notes-out", str(nout), "--json"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["section_id"] == "s3" and data["added_notes"] == ["林蛙养殖园区投资300万元"]
    assert data["check"]["ok"] is True
    assert "林蛙养殖园区投资300万元。" in out.read_text(encoding="utf-8")
    assert nout.read_text(encoding="utf-8") == NOTES + "林蛙养殖园区投资300万元\n"
    assert "added to the notes: 林蛙养殖园区投资300万元" in proc.stderr


@pytest.mark.parametrize(("ref", "needle"), [("（一）", "s1.1"), ("第九部分", "s1 一、2025年工作总结")])
def test_rewrite_ambiguous_or_unknown_exits_2(tmp_path: Path, files: tuple[Path, Path], ref: str, needle: str) -> None:
    d, n = files
    proc = _run("rewrite", [str(d), "-n", str(n), "-s", ref, "-i", "更简洁", "-p", "offline"], tmp_path)
    assert proc.returncode == 2
    assert needle in proc.stderr and proc.stdout == ""


def test_rewrite_through_openai_endpoint(tmp_path: Path, files: tuple[Path, Path]) -> None:
    d, n = files
    with ScriptedOpenAIServer(["招商引资难度加大，专业人才缺乏。"], model="served-model") as server:
        env = {"REPORT_ASSISTANT_PROVIDER": "openai", "REPORT_ASSISTANT_OPENAI_BASE_URL": server.base_url,
               "REPORT_ASSISTANT_OPENAI_API_KEY": "sk-test-key", "REPORT_ASSISTANT_OPENAI_MODEL": "served-model"}
        proc = _run("rewrite", [str(d), "-n", str(n), "-s", "存在的问题", "-i", "改写得更简洁", "--no-examples"],
                    tmp_path, env)
        requests = server.chat_requests
    assert proc.returncode == 0, proc.stderr
    assert "## 二、存在的问题\n\n招商引资难度加大，专业人才缺乏。\n\n## 三、" in proc.stdout
    _outside_equal(DRAFT, proc.stdout, "## 二、存在的问题\n", "## 三、2026年工作安排")
    assert len(requests) == 1 and requests[0].body["stream"] is True
    prompt = requests[0].prompt_text
    assert "专业人才非常缺乏" in prompt and "改写得更简洁" in prompt and "新增就业320人" in prompt
    assert "sk-test-key" not in proc.stderr + proc.stdout


def test_export_docx_and_md(tmp_path: Path, files: tuple[Path, Path]) -> None:
    d, _ = files
    out = tmp_path / "out" / "report.docx"
    proc = _run("export", [str(d), "--format", "docx", "--out", str(out)], tmp_path)
    assert proc.returncode == 0, proc.stderr
    doc = docx.Document(str(out))
    paras = [p for p in doc.paragraphs if p.text]
    assert paras[0].style.name == "Title" and paras[0].text == "某镇2025年工作总结暨2026年工作安排"
    assert any(p.style.name == "Heading 1" and p.text == "二、存在的问题" for p in paras)
    proc = _run("export", [str(d), "--format", "md"], tmp_path)
    assert proc.returncode == 0 and proc.stdout == DRAFT
    proc = _run("export", [str(d)], tmp_path)  # default: docx named after the title, in the cwd
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "某镇2025年工作总结暨2026年工作安排.docx").exists()


def test_export_bad_input(tmp_path: Path, files: tuple[Path, Path]) -> None:
    d, _ = files
    assert _run("export", [str(d), "--format", "pdf"], tmp_path).returncode == 2
    empty = tmp_path / "empty.md"
    empty.write_text("\n", encoding="utf-8")
    proc = _run("export", [str(empty)], tmp_path)
    assert proc.returncode == 2 and "empty" in proc.stderr
