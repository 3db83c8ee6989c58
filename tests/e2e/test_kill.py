"""Fault injection: SIGKILL a run in each stage in turn, in a subprocess, and check after every kill
that the published file opens and is unchanged, that the next run closes the killed run's row,
that no process or scratch directory is left, and that page accounting stays exact.

One landing directory and one warehouse serve the whole sequence, each run recovering from the
kill before it; all but the first reuse the session's Prefect server (the first starts its own
temporary server, which must die with it).
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psutil
import pytest

from flows.config import REPO_ROOT
from tests.conftest import SAMPLE_PAGES, query

pytestmark = pytest.mark.slow
KILLED_BEFORE_PUBLISH = ["extract", "load", "analyze", "dbt", "gate"]



def _processes_marked(marker: str) -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter():
        try:
            if process.environ().get("NEWSCLAIMS_TEST_MARKER") == marker:
                found.append(process)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    return found


class Runner:
    def __init__(self, root: Path, api_url: str):
        self.landing = root / "landing"
        self.warehouse = root / "warehouse" / "newsclaims.duckdb"
        self.state = self.warehouse.with_name("newsclaims_state.duckdb")
        self.tmp = root / "tmp"  # the runs' TMPDIR: anything left in it leaked
        self.tmp.mkdir()
        self.api_url = api_url
        self.prefect_home = root / "prefect-home"

    def run(self, stage: str | None, own_server: bool = False) -> subprocess.CompletedProcess:
        marker = uuid.uuid4().hex
        env = {**os.environ, "NEWSCLAIMS_TEST_MARKER": marker, "TMPDIR": str(self.tmp),
               "PREFECT_HOME": str(self.prefect_home)}
        env.pop("PREFECT_API_URL", None)
        if not own_server:
            env["PREFECT_API_URL"] = self.api_url
        command = ["run", "--landing", str(self.landing), "--warehouse", str(self.warehouse)]
        prefix = ["-m", "tests.e2e.kill_at", stage, "--"] if stage else ["-m", "flows.cli"]
        done = subprocess.run([sys.executable, *prefix, *command], cwd=REPO_ROOT, env=env, capture_output=True,
                              text=True, timeout=600)
        # The kernel delivers the parent-death signal at once; a loaded machine may take a while to reap.
        deadline = time.monotonic() + 120
        while _processes_marked(marker) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = [(p.pid, p.name()) for p in _processes_marked(marker)]
        for process in _processes_marked(marker):
            process.kill()
        assert not left, f"processes outlived the run killed in {stage}: {left}"
        return done

    def runs(self) -> dict[str, tuple]:
        return {r[0]: r[1:] for r in query(self.state, "SELECT run_id, status, pages_new, pages_duplicate, "
                                                         "pages_quarantined, started_at FROM ops.pipeline_runs")}

    def published_digest(self) -> str:
        query(self.warehouse, "SELECT count(*) FROM marts.fct_documents")  # opens
        return hashlib.sha256(self.warehouse.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def runner(tmp_path_factory, prefect_backend):
    from prefect.settings import PREFECT_API_URL

    root = tmp_path_factory.mktemp("kill")
    landing = root / "landing"
    landing.mkdir()
    samples = sorted(SAMPLE_PAGES.glob("*.txt"))
    shutil.copy(samples[0], landing)
    shutil.copy(samples[0], landing / "copy.txt")
    (landing / "empty.html").write_bytes(b"")
    return Runner(root, PREFECT_API_URL.value())


def test_a_run_killed_in_any_stage_leaves_nothing_behind(runner):
    # 1. Killed right after the swap: the published file is the new one and says so; the state
    #    file still says running until the next run reconciles it from the published file.
    done = runner.run("publish")
    assert done.returncode == -9, done.stderr[-2000:]
    digest = runner.published_digest()
    (published_run,) = [r for r, (status, *_) in runner.runs().items() if status == "running"]
    assert query(runner.warehouse, f"SELECT status FROM ops.pipeline_runs WHERE run_id = '{published_run}'") == \
        [("published",)]

    # 2. A new page, then a kill in each stage before publishing: the published file never changes.
    shutil.copy(sorted(SAMPLE_PAGES.glob("*.txt"))[1], runner.landing)
    killed = []
    for stage in KILLED_BEFORE_PUBLISH:
        before = set(runner.runs()) if runner.state.exists() else set()
        done = runner.run(stage, own_server=stage == "extract")
        assert done.returncode == -9, f"{stage}: {done.returncode} {done.stderr[-2000:]}"
        assert runner.published_digest() == digest, f"killed in {stage}, the published file changed"
        (this_run,) = set(runner.runs()) - before
        killed.append(this_run)
        statuses = runner.runs()
        assert statuses[this_run][0] == "running"  # until the next run closes it
        assert statuses[published_run][0] == "published"  # closed by the first run after it
        for earlier in killed[:-1]:
            assert statuses[earlier][0] == "aborted", f"{earlier} not closed"

    # 3. A clean run recovers: closes the last killed run, publishes the new page, leaves nothing.
    done = runner.run(None)
    assert done.returncode == 0, done.stderr[-3000:]
    statuses = runner.runs()
    assert [statuses[r][0] for r in killed] == ["aborted"] * len(killed)
    assert not [r for r, (status, *_) in statuses.items() if status == "running"]
    (final,) = [r for r, v in statuses.items() if v[0] == "published" and r != published_run]
    # Exact accounting: the first published run counted 1 new page (its copy a duplicate, the empty
    # page quarantined); pages the killed runs loaded are new to the run that publishes them.
    assert statuses[published_run][1:4] == (1, 1, 1)
    assert statuses[final][1:4] == (1, 2, 1)
    assert query(runner.warehouse, "SELECT count(*) FROM marts.fct_documents") == [(2,)]
    assert query(runner.state, "SELECT count(*) FROM raw.pages") == [(2,)]
    scratch = runner.warehouse.with_name(".newsclaims-scratch")
    assert not scratch.exists() or not any(scratch.iterdir())
    assert not list(runner.tmp.iterdir()), f"left in TMPDIR: {list(runner.tmp.iterdir())}"
    assert not runner.warehouse.with_name("newsclaims_candidate.duckdb").exists()
