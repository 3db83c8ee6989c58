"""Transform stage: run the dbt project against a DuckDB file and report every failed node."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from flows.config import Settings


class DbtFailure(RuntimeError):
    """dbt ended non-zero; ``failures`` names each failed model, seed or test."""

    def __init__(self, failures: list[str], output: str):
        self.failures = failures
        self.output = output
        summary = "; ".join(failures) if failures else output.strip().splitlines()[-1:]
        super().__init__(f"dbt build failed: {summary}")


@dataclass(frozen=True)
class DbtResult:
    nodes: int
    tests_passed: int


def _dbt_executable() -> str:
    # The console script sits beside this interpreter in the venv; fall back to PATH.
    local = Path(sys.executable).with_name("dbt")
    return str(local) if local.exists() else (shutil.which("dbt") or "dbt")


def run_dbt(database: Path, settings: Settings, command: str = "build", select: str | None = None,
            indirect_selection: str | None = None) -> DbtResult:
    """Run ``dbt <command>`` with the profile pointed at ``database`` (gazetteer attached read-only).

    ``indirect_selection="cautious"`` keeps out tests that also touch unselected models.
    """
    with tempfile.TemporaryDirectory(prefix="newsclaims-dbt-") as scratch:
        env = {
            **os.environ,
            "NEWSCLAIMS_DBT_DB": str(database),
            "NEWSCLAIMS_GAZETTEER_DB": str(settings.gazetteer_db),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
        }
        args = [
            _dbt_executable(), command,
            "--project-dir", str(settings.dbt_dir),
            "--profiles-dir", str(settings.dbt_dir),
            "--target-path", str(Path(scratch) / "target"),
            "--log-path", str(Path(scratch) / "logs"),
            "--no-partial-parse",
        ]
        if select:
            args += ["--select", select]
        if indirect_selection:
            args += ["--indirect-selection", indirect_selection]
        proc = subprocess.run(args, env=env, capture_output=True, text=True, cwd=settings.dbt_dir)
        results_file = Path(scratch) / "target" / "run_results.json"
        results = json.loads(results_file.read_text())["results"] if results_file.exists() else []
    failures = [
        f"{r['unique_id']}: {r['status']}" + (f" ({r['message']})" if r.get("message") else "")
        for r in results
        if r["status"] in ("error", "fail", "runtime error")
    ]
    if proc.returncode != 0 or failures:
        raise DbtFailure(failures, proc.stdout + proc.stderr)
    passed = sum(1 for r in results if r["unique_id"].startswith("test.") and r["status"] == "pass")
    return DbtResult(nodes=len(results), tests_passed=passed)
