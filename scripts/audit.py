"""Dependency audit for CI: ``pip-audit`` over the project's virtual environment.

    .venv/bin/python scripts/audit.py        (run by scripts/setup.sh --test)

* a known vulnerability → a clear list (package, version, advisory, fixed in) and exit status 1;
* the vulnerability service unreachable, or unable to look the packages up → a warning saying what
  was not audited, and exit status 0 (an outage must not fail CI);
* otherwise "no known vulnerabilities" and exit status 0.

pip-audit asks PyPI's JSON API (the default service) and nothing else.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Verdict:
    code: int
    message: str


def judge(returncode: int, report: str, stderr: str = "") -> Verdict:
    """Turn pip-audit's exit status and JSON report into the CI verdict (see the module docstring)."""
    try:
        data: Any = json.loads(report) if report.strip() else None
    except json.JSONDecodeError:
        data = None
    if not isinstance(data, dict) or not isinstance(data.get("dependencies"), list):
        tail = " ".join(stderr.strip().splitlines()[-3:])[:400]
        return Verdict(0, "warning: dependency audit skipped: pip-audit could not reach the vulnerability "
                          f"service or failed (exit {returncode}). {tail}".rstrip())
    deps = [d for d in data["dependencies"] if isinstance(d, dict)]
    vulnerable = [d for d in deps if d.get("vulns")]
    skipped = [d for d in deps if d.get("skip_reason") and "editable" not in str(d.get("skip_reason"))]
    audited = len(deps) - len(skipped) - sum(1 for d in deps if "editable" in str(d.get("skip_reason", "")))
    if vulnerable:
        lines = ["error: known vulnerabilities in installed dependencies:"]
        for d in vulnerable:
            for v in d["vulns"]:
                fixed = ", ".join(v.get("fix_versions") or []) or "no fixed release yet"
                aliases = ", ".join(a for a in v.get("aliases") or [] if a != v.get("id"))
                lines.append(f"  {d.get('name')} {d.get('version')}: {v.get('id')}"
                             + (f" ({aliases})" if aliases else "") + f" — fixed in {fixed}")
        lines.append("Upgrade the package (pyproject.toml) or, if it does not affect report-assistant, "
                     "record why and ignore it with pip-audit --ignore-vuln ID in scripts/audit.py.")
        return Verdict(1, "\n".join(lines))
    if skipped and audited == 0:
        return Verdict(0, f"warning: dependency audit incomplete: the vulnerability service knew none of the "
                          f"{len(skipped)} packages (an offline mirror?); nothing was audited.")
    note = f" ({len(skipped)} package(s) could not be looked up)" if skipped else ""
    return Verdict(0, f"dependency audit: no known vulnerabilities in {audited} package(s){note}.")


def main() -> int:
    exe = Path(sys.executable).with_name("pip-audit")
    cmd = [str(exe) if exe.exists() else (shutil.which("pip-audit") or "pip-audit"), "--format", "json",
           "--skip-editable", "--progress-spinner", "off", "--timeout", "30"]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, cwd=ROOT, check=False)
    except FileNotFoundError:
        print("warning: pip-audit is not installed (pip install -e '.[dev]'); dependencies not audited.")
        return 0
    except subprocess.TimeoutExpired:
        print("warning: pip-audit did not finish in 600 s (service unreachable?); dependencies not audited.")
        return 0
    verdict = judge(proc.returncode, proc.stdout, proc.stderr)
    print(verdict.message)
    return verdict.code


if __name__ == "__main__":
    sys.exit(main())
