"""What `newsclaims run` leaves on the terminal when it fails: its stage lines and one closing
paragraph, nothing else. A dbt test that always fails stands in for bad data; the run uses a local
Dask cluster, so dbt's FAIL lines, Dask's teardown and DuckDB's exit-time reports all have their
chance to reach the terminal."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from flows.config import REPO_ROOT
from tests.conftest import SAMPLE_PAGES

pytestmark = pytest.mark.slow


def test_a_failed_run_shows_only_its_stage_lines_and_the_failure_paragraph(tmp_path, place_settings):
    dbt_dir = tmp_path / "dbt"
    shutil.copytree(REPO_ROOT / "dbt", dbt_dir, ignore=shutil.ignore_patterns("target", "logs"))
    shutil.copytree(REPO_ROOT / "seeds" / "reference", tmp_path / "seeds" / "reference")  # the project's seed path
    (dbt_dir / "tests" / "always_fails.sql").write_text("select 1 as failing_row\n")
    landing = tmp_path / "landing"
    landing.mkdir()
    for page in sorted(SAMPLE_PAGES.glob("*.txt"))[:2]:
        shutil.copy(page, landing)
    # Two workers and a batch per page: two threads, each with its budget children, beside the stage lines.
    env = {**os.environ, "NEWSCLAIMS_GAZETTEER_DB": str(place_settings.gazetteer_db), "NEWSCLAIMS_DBT_DIR": str(dbt_dir),
           "NEWSCLAIMS_WORKERS": "2", "NEWSCLAIMS_BATCH_PAGES": "1"}
    done = subprocess.run([sys.executable, "-m", "flows.cli", "run", "--landing", str(landing), "--warehouse",
                           str(tmp_path / "warehouse" / "newsclaims.duckdb")], cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True, timeout=1800)
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    assert lines[0].startswith("newsclaims run: ")
    paragraph = lines[lines.index("") + 1:]
    stages = lines[1:lines.index("")]
    assert [line.split()[0] for line in stages] == ["prefect", "extract", "gazetteer", "analyse", "build"], done.stdout
    assert paragraph[0].startswith("Run failed: the candidate did not pass its checks"), done.stdout
    assert any("always_fails" in line for line in paragraph), done.stdout
    assert paragraph[-1].startswith("Next: ")
    for noise in ("FAIL ", "Traceback", "nanobind", "distributed", "Error logging to API"):
        assert noise not in done.stdout, done.stdout
