"""Shared fixtures: sample pages, settings in a temporary warehouse, the gazetteer, a Prefect test server."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from flows.config import REPO_ROOT, Settings

SAMPLE_PAGES = REPO_ROOT / "seeds" / "pages"
FIXTURES = REPO_ROOT / "tests" / "fixtures"


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
    """Settings whose warehouse (and so the gazetteer beside it) lies in a temporary directory."""
    return Settings().with_paths(warehouse=tmp_path_factory.mktemp("warehouse") / "newsclaims.duckdb")


@pytest.fixture(scope="session")
def markers(settings):
    from flows.extract import load_markers

    return load_markers(settings.reference_dir)


@pytest.fixture(scope="session")
def place_settings(settings) -> Settings:
    """``settings`` with its gazetteer built, once per test session."""
    from flows.analyze import ensure_gazetteer

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
