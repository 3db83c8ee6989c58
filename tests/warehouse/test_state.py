"""The DuckDB helpers every module shares."""
from __future__ import annotations

import duckdb
import pytest

from flows.warehouse import state
from flows.warehouse.gate import snapshot_marts
from flows.warehouse.publish import publish
from tests.conftest import query


def test_a_warehouse_path_with_quotes_in_it_is_snapshotted_and_published(settings, tmp_path):
    root = tmp_path / "it's \"here\""
    quoted = settings.model_copy(update=dict(warehouse=root / "news'claims.duckdb"))
    with state.connect(quoted.state_db):
        pass
    with duckdb.connect(str(quoted.candidate_db)) as con:
        con.execute("CREATE SCHEMA marts; CREATE TABLE marts.fct_documents AS SELECT 'd1' AS document_id")
    assert snapshot_marts(quoted.candidate_db, root / "snap'shot") == ["fct_documents"]
    assert (root / "snap'shot" / "fct_documents.parquet").exists()
    publish(quoted.candidate_db, quoted, {"run_id": "r1", "status": "published"})
    assert query(quoted.warehouse, "SELECT document_id FROM marts.fct_documents") == [("d1",)]
    assert query(quoted.warehouse, "SELECT run_id, status FROM ops.pipeline_runs") == [("r1", "published")]


def test_a_warehouse_path_with_a_backslash_is_refused_before_duckdb_opens_another_file(tmp_path):
    # DuckDB would open tmp_path/ware/house/...: a file the run never meant, or "No such file".
    (tmp_path / "ware\\house").mkdir()
    for open_file in (state.connect, state.read_only):
        with pytest.raises(ValueError, match="backslash"):
            open_file(tmp_path / "ware\\house" / "newsclaims_state.duckdb")
    assert not (tmp_path / "ware").exists()


def test_records_table_exists_and_mart_counts(tmp_path):
    path = tmp_path / "published.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE SCHEMA marts; CREATE TABLE marts.fct_documents AS SELECT * FROM range(3) t(n);"
                    "CREATE TABLE marts.fct_claims AS SELECT 1 AS claim_id; CREATE TABLE marts.dim_places (id int)")
    assert state.mart_counts(path) == {"documents": 3, "claims": 1, "places": 0}
    with state.read_only(path) as con:
        assert state.table_exists(con, "marts.fct_claims") and not state.table_exists(con, "ops.build_state")
        assert state.records(con.execute("SELECT n FROM marts.fct_documents ORDER BY n LIMIT 2")) == [{"n": 0}, {"n": 1}]
