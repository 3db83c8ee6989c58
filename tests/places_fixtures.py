"""Shared fixtures for the place tests: one gazetteer per session, built from the installed packages."""
from __future__ import annotations

from pathlib import Path

import pytest

from flows.config import Settings
from flows.gazetteer import ensure_gazetteer

SAMPLE_PAGES = sorted((Path(__file__).resolve().parent.parent / "seeds" / "pages").glob("*.txt"))


@pytest.fixture(scope="session")
def place_settings(tmp_path_factory) -> Settings:
    """Settings whose gazetteer is built once per test session, in a temporary warehouse dir."""
    settings = Settings().with_paths(warehouse=tmp_path_factory.mktemp("places") / "newsclaims.duckdb")
    ensure_gazetteer(settings.gazetteer_db)
    return settings
