"""Runs on one machine without a configured Prefect server, as an operator starts them: each keeps
Prefect's state beside its own warehouse, so two runs of two warehouses both publish at once; a
second run of the same warehouse stops at once; a temporary API that fails its first start, then
starts slower than Prefect's own 20-second limit, still carries the run to its publish."""
from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.config import REPO_ROOT
from tests.conftest import SAMPLE_PAGES, query

pytestmark = pytest.mark.slow
SAMPLES = sorted(SAMPLE_PAGES.glob("*.txt"))


def _command(warehouse: Path, landing: Path, *prefix: str) -> list[str]:
    return [sys.executable, *(prefix or ("-m", "flows.cli")), "run", "--landing", str(landing),
            "--warehouse", str(warehouse)]


def _environment(place_settings) -> dict[str, str]:
    env = {**os.environ, "NEWSCLAIMS_GAZETTEER_DB": str(place_settings.gazetteer_db), "NEWSCLAIMS_WORKERS": "1"}
    env.pop("PREFECT_API_URL", None)  # no server configured: each run starts its own
    return env


def _landing(root: Path, pages: list[Path], duplicate: bool = False, empty: bool = False) -> Path:
    landing = root / "landing"
    landing.mkdir(parents=True)
    for page in pages:
        shutil.copy(page, landing)
    if duplicate:
        shutil.copy(pages[0], landing / "copy.txt")
    if empty:
        (landing / "empty.html").write_bytes(b"")
    return landing


def _runs(warehouse: Path) -> list[tuple]:
    return query(warehouse, "SELECT status, pages_seen, pages_new, pages_duplicate, pages_quarantined "
                            "FROM ops.pipeline_runs")


def _holds_lock(warehouse: Path) -> bool:
    lock = warehouse.with_name(f".{warehouse.name}.lock")
    if not lock.exists():
        return False
    with lock.open("r") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


def test_two_warehouses_publish_at_once_and_a_second_run_of_one_stops_at_once(tmp_path, place_settings):
    env = _environment(place_settings)
    first, second = tmp_path / "first", tmp_path / "second"
    landings = [_landing(first, SAMPLES[:2], duplicate=True, empty=True), _landing(second, SAMPLES[2:5])]
    warehouses = [first / "warehouse" / "newsclaims.duckdb", second / "warehouse" / "newsclaims.duckdb"]
    runs = [subprocess.Popen(_command(w, landing), cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True) for w, landing in zip(warehouses, landings)]
    try:
        while not _holds_lock(warehouses[0]) and runs[0].poll() is None:
            time.sleep(0.1)
        # The first warehouse is held: a second run of it says so, without starting anything.
        again = subprocess.run(_command(warehouses[0], landings[0]), cwd=REPO_ROOT, env=env, capture_output=True,
                               text=True, timeout=600)
        outputs = [run.communicate(timeout=1800)[0] for run in runs]
    finally:
        for run in runs:
            run.kill()
    assert again.returncode == 1
    assert "Run not started: another run holds" in again.stdout, again.stdout
    assert "prefect" not in [line.split()[0] for line in again.stdout.splitlines() if line.startswith("  ")]
    for run, output in zip(runs, outputs):
        assert run.returncode == 0, output
        assert "Traceback" not in output and "Error" not in output, output
    # Exact accounting: seen = new + duplicate + quarantined, per warehouse.
    assert _runs(warehouses[0]) == [("published", 4, 2, 1, 1)]
    assert _runs(warehouses[1]) == [("published", 3, 3, 0, 0)]
    assert query(warehouses[0], "SELECT count(*) FROM marts.fct_documents") == [(2,)]
    assert query(warehouses[1], "SELECT count(*) FROM marts.fct_documents") == [(3,)]
    for warehouse in warehouses:  # each kept its Prefect state beside it
        assert (warehouse.with_name(".newsclaims-prefect") / "prefect.db").exists()


def test_a_temporary_api_that_fails_once_then_starts_slowly_still_carries_the_run(tmp_path, place_settings):
    landing = _landing(tmp_path, SAMPLES[:1])
    warehouse = tmp_path / "warehouse" / "newsclaims.duckdb"
    delay = 25  # longer than Prefect's own 20 s limit for its temporary server
    done = subprocess.run(_command(warehouse, landing, "-m", "tests.e2e.slow_api", str(delay), "--"), cwd=REPO_ROOT,
                          env=_environment(place_settings), capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    assert done.stdout.splitlines()[1].split()[0] == "prefect"
    assert _runs(warehouse) == [("published", 1, 1, 0, 0)]
