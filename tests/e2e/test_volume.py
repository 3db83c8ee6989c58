"""At volume: a run extracts and analyses only the new pages, its marts equal a full refresh, the
published file carries no raw pages, and a run on a Dask cluster publishes the same marts."""
from __future__ import annotations

import json
import shutil

import duckdb
import pytest

from flows.pipeline import nightly
from flows.runtime import on_task_runner
from tests.conftest import SAMPLE_PAGES
from tests.e2e.test_pipeline import _marts

pytestmark = pytest.mark.slow

PAGES = sorted(SAMPLE_PAGES.glob("*.txt"))[:3]


@pytest.fixture(scope="module")
def shared_gazetteer(place_settings):
    """Every warehouse of this module reads the session's gazetteer instead of building its own."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NEWSCLAIMS_GAZETTEER_DB", str(place_settings.gazetteer_db))
        yield


@pytest.fixture(scope="module")
def grown(tmp_path_factory, prefect_backend, shared_gazetteer):
    """A warehouse built from two pages, then run again after a third page landed."""
    root = tmp_path_factory.mktemp("volume")
    landing, warehouse = root / "landing", root / "warehouse" / "newsclaims.duckdb"
    landing.mkdir()
    for page in PAGES[:2]:
        shutil.copy(page, landing)
    first = nightly(landing=str(landing), warehouse=str(warehouse))
    first["dbt_node_kinds"] = _dbt_node_kinds(warehouse)
    shutil.copy(PAGES[2], landing)
    second = nightly(landing=str(landing), warehouse=str(warehouse))
    second["dbt_node_kinds"] = _dbt_node_kinds(warehouse)
    return landing, warehouse, first, second


def _dbt_node_kinds(warehouse) -> set[str]:
    """Kinds of node (model, test, unit_test, seed) the run's dbt build ran, from its kept artifacts."""
    results = json.loads((warehouse.with_name(".newsclaims-dbt-target") / "run_results.json").read_text())
    return {result["unique_id"].split(".")[0] for result in results["results"]}


def test_a_run_extracts_and_analyses_only_the_new_pages(grown):
    _, _, first, second = grown
    assert (first["pages_new"], first["documents_analyzed"]) == (2, 2)
    assert (second["pages_new"], second["pages_duplicate"], second["documents_analyzed"]) == (1, 2, 1)
    assert second["documents"] == 3 and second["documents_not_english"] == 0


def test_unit_tests_run_in_the_full_build_only(grown):
    _, _, first, second = grown
    assert {"model", "test", "unit_test"} <= first["dbt_node_kinds"]
    assert {"model", "test"} <= second["dbt_node_kinds"] and "unit_test" not in second["dbt_node_kinds"]


def test_the_published_file_holds_marts_and_ops_only(grown):
    _, warehouse, _, _ = grown
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        schemas = {r[0] for r in con.execute("SELECT DISTINCT table_schema FROM information_schema.tables").fetchall()}
        columns = {r[0] for r in con.execute("SELECT column_name FROM information_schema.columns").fetchall()}
    finally:
        con.close()
    assert schemas == {"marts", "ops"}
    assert "content" not in columns


def test_incremental_marts_equal_a_full_refresh(grown):
    landing, warehouse, _, _ = grown
    incremental = _marts(warehouse)
    run = nightly(landing=str(landing), warehouse=str(warehouse), full_refresh=True)
    assert (run["pages_new"], run["documents_analyzed"]) == (0, 0)
    assert _marts(warehouse) == incremental


def test_a_run_on_a_dask_cluster_publishes_the_same_marts(grown, tmp_path, monkeypatch, prefect_backend):
    from distributed import LocalCluster
    from prefect.settings import PREFECT_API_URL

    from flows.config import Settings

    landing, warehouse, _, _ = grown
    # Workers report their task runs to the test's Prefect API, not one of their own.
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      env={"PREFECT_API_URL": PREFECT_API_URL.value()}) as cluster:
        monkeypatch.setenv("NEWSCLAIMS_DASK_ADDRESS", cluster.scheduler_address)
        settings = Settings()
        assert settings.dask_address == cluster.scheduler_address
        on_cluster = tmp_path / "warehouse" / "newsclaims.duckdb"
        run = on_task_runner(nightly, settings)(landing=str(landing), warehouse=str(on_cluster))
    assert run["status"] == "published" and run["pages_new"] == 3
    assert _marts(on_cluster) == _marts(warehouse)


def test_a_failed_build_under_another_project_leaves_no_rows_after_the_revert(tmp_path, monkeypatch, prefect_backend,
                                                                               shared_gazetteer):
    """A changed project fails its build after rebuilding the state's incremental models; once it is
    reverted, the published file's fingerprint matches again, yet the state's models still hold the
    other project's rows: the next build must not update them incrementally."""
    from flows.config import REPO_ROOT
    from flows.warehouse import GateFailed

    project = tmp_path / "project"
    shutil.copytree(REPO_ROOT / "dbt", project / "dbt", ignore=shutil.ignore_patterns("target", "logs"))
    shutil.copytree(REPO_ROOT / "seeds" / "reference", project / "seeds" / "reference")  # the project's seed-paths
    monkeypatch.setenv("NEWSCLAIMS_DBT_DIR", str(project / "dbt"))
    monkeypatch.setenv("NEWSCLAIMS_REFERENCE_DIR", str(project / "seeds" / "reference"))
    landing, warehouse = tmp_path / "landing", tmp_path / "warehouse" / "newsclaims.duckdb"
    landing.mkdir()
    for page in PAGES[:2]:
        shutil.copy(page, landing)
    assert nightly(landing=str(landing), warehouse=str(warehouse))["status"] == "published"

    sources = project / "dbt" / "models" / "intermediate" / "documents" / "int_document_sources.sql"
    original = sources.read_text()
    sources.write_text(original.replace("coalesce(p.source_id,", "'changed:' || coalesce(p.source_id,"))
    rejects_the_change = project / "dbt" / "tests" / "no_changed_sources.sql"
    rejects_the_change.write_text("select * from {{ ref('int_document_sources') }} where source_id like 'changed:%'\n")
    shutil.copy(PAGES[2], landing)
    with pytest.raises(GateFailed, match="no_changed_sources"):
        nightly(landing=str(landing), warehouse=str(warehouse))

    sources.write_text(original)
    rejects_the_change.unlink()
    assert nightly(landing=str(landing), warehouse=str(warehouse))["status"] == "published"
    # Built in full (its unit tests ran), as a full refresh would be: no incremental model kept a row.
    assert "unit_test" in _dbt_node_kinds(warehouse)
    assert not any("changed:" in repr(rows) for rows in _marts(warehouse).values())
