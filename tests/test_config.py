"""Settings: every NEWSCLAIMS_* variable, its default, and paths resolved against the repo."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from flows.config import REPO_ROOT, Settings

# variable, field, value set, value read (None: the value set, as a path if the default is one)
VARIABLES = [
    ("NEWSCLAIMS_LANDING", "landing_dir", "/in", Path("/in")),
    ("NEWSCLAIMS_WAREHOUSE", "warehouse", "out/w.duckdb", REPO_ROOT / "out/w.duckdb"),
    ("NEWSCLAIMS_DBT_DIR", "dbt_dir", "/d", Path("/d")),
    ("NEWSCLAIMS_EXPECTATIONS_DIR", "expectations_dir", "/e", Path("/e")),
    ("NEWSCLAIMS_REFERENCE_DIR", "reference_dir", "/r", Path("/r")),
    ("NEWSCLAIMS_GAZETTEER_DB", "gazetteer_path", "g.duckdb", REPO_ROOT / "g.duckdb"),
    ("NEWSCLAIMS_PLACE_SPAN_MODEL", "place_span_model", "/m.json", Path("/m.json")),
    ("NEWSCLAIMS_CRON", "cron", "5 4 * * *", "5 4 * * *"),
    ("NEWSCLAIMS_TZ", "timezone", "Europe/Paris", "Europe/Paris"),
    ("NEWSCLAIMS_MAX_PAGE_BYTES", "max_page_bytes", "1000", 1000),
    ("NEWSCLAIMS_MIN_BODY_CHARS", "min_body_chars", "50", 50),
    ("NEWSCLAIMS_NLP_BATCH", "nlp_batch_size", "4", 4),
    ("NEWSCLAIMS_PAGE_SECONDS", "page_seconds", "2.5", 2.5),
    ("NEWSCLAIMS_PAGE_MEMORY_MB", "page_memory_mb", "64", 64),
    ("NEWSCLAIMS_DBT_MEMORY_MB", "dbt_memory_mb", "256", 256),
    ("NEWSCLAIMS_BATCH_PAGES", "batch_pages", "8", 8),
    ("NEWSCLAIMS_DASK_ADDRESS", "dask_address", "tcp://h:8786", "tcp://h:8786"),
    ("NEWSCLAIMS_WORKERS", "workers", "3", 3),
]


@pytest.fixture
def clean_environment(monkeypatch):
    for name in [n for n in os.environ if n.startswith("NEWSCLAIMS_")]:
        monkeypatch.delenv(name)
    return monkeypatch


def test_the_defaults(clean_environment):
    settings = Settings()
    assert (settings.landing_dir, settings.warehouse) == (REPO_ROOT / "seeds/pages", REPO_ROOT / "warehouse/newsclaims.duckdb")
    assert (settings.dbt_dir, settings.expectations_dir, settings.reference_dir) == (
        REPO_ROOT / "dbt", REPO_ROOT / "expectations", REPO_ROOT / "seeds/reference")
    assert settings.gazetteer_path is None and settings.gazetteer_db == REPO_ROOT / "warehouse/gazetteer.duckdb"
    assert settings.place_span_model == REPO_ROOT / "flows/analyze/places/span_model.json"
    assert (settings.cron, settings.timezone, settings.max_page_bytes, settings.min_body_chars) == (
        "0 2 * * *", "UTC", 20 * 1024 * 1024, 200)
    assert (settings.nlp_batch_size, settings.page_seconds, settings.page_memory_mb, settings.batch_pages) == (16, 60, 512, 32)
    assert settings.dask_address is None and settings.workers == (os.cpu_count() or 1)
    assert settings.dbt_memory_mb == 512


@pytest.mark.parametrize(("variable", "field", "value", "read"), VARIABLES)
def test_each_variable_sets_its_setting(clean_environment, variable, field, value, read):
    clean_environment.setenv(variable, value)
    assert getattr(Settings(), field) == read


def test_an_empty_variable_counts_as_unset_and_a_copy_keeps_the_rest(clean_environment):
    clean_environment.setenv("NEWSCLAIMS_DASK_ADDRESS", "")
    clean_environment.setenv("NEWSCLAIMS_GAZETTEER_DB", "")
    clean_environment.setenv("NEWSCLAIMS_BATCH_PAGES", "8")
    settings = Settings().with_paths(warehouse=Path("/tmp/x/w.duckdb"))
    assert settings.dask_address is None and settings.gazetteer_path is None and settings.batch_pages == 8
    assert settings.state_db == Path("/tmp/x/w_state.duckdb")
