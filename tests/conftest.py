"""Shared fixtures: sample pages, a Prefect test server for flow runs, isolated warehouses."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from flows.config import REPO_ROOT

SAMPLE_PAGES = REPO_ROOT / "seeds" / "pages"


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
