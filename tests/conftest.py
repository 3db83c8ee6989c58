"""Shared fixtures: sample pages, settings in a temporary warehouse, the gazetteer, a Prefect test server."""
from __future__ import annotations

import atexit
import fcntl
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from flows.config import REPO_ROOT, Settings

SAMPLE_PAGES = REPO_ROOT / "seeds" / "pages"
FIXTURES = REPO_ROOT / "tests" / "fixtures"
# The gazetteer depends only on package versions: one file, built once, serves every session and
# every xdist worker (and `make run`, whose default it is).
GAZETTEER = REPO_ROOT / "warehouse" / "gazetteer.duckdb"

# Each test process keeps Prefect's home to itself, never the user's ~/.prefect nor another
# process's: the runs it starts as subprocesses inherit it.
_PREFECT_HOME = tempfile.mkdtemp(prefix="newsclaims-tests-prefect-")
os.environ["PREFECT_HOME"] = _PREFECT_HOME
atexit.register(shutil.rmtree, _PREFECT_HOME, True)


def query(path: Path, sql: str) -> list[tuple]:
    """Rows of ``sql`` on a DuckDB file opened read-only (as every reader of a warehouse should)."""
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="session")
def settings(tmp_path_factory) -> Settings:
    """Settings whose warehouse lies in a temporary directory, reading the shared gazetteer."""
    return Settings().with_paths(warehouse=tmp_path_factory.mktemp("warehouse") / "newsclaims.duckdb").model_copy(
        update={"gazetteer_path": GAZETTEER})


@pytest.fixture(scope="session")
def markers(settings):
    from flows.extract import load_markers

    return load_markers(settings.reference_dir)


@pytest.fixture(scope="session")
def place_settings(settings) -> Settings:
    """``settings`` with the gazetteer built if it is missing or stale; one builder at a time."""
    from flows.analyze import ensure_gazetteer

    GAZETTEER.parent.mkdir(parents=True, exist_ok=True)
    with GAZETTEER.with_name(".gazetteer.test-lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        ensure_gazetteer(settings.gazetteer_db)
    return settings


@pytest.fixture(scope="session")
def prefect_backend():
    """A temporary Prefect API for the session, so flow runs never touch a user's Prefect home."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def sample_landing(tmp_path: Path) -> Path:
    landing = tmp_path / "landing"
    shutil.copytree(SAMPLE_PAGES, landing)
    return landing
