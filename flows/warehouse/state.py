"""The persistent state warehouse (raw, ops) and bulk Arrow writes into it.

The state file holds the raw layer that persists across runs and the ops tables. Candidates for
publishing are built from a copy of it, so it is the only DuckDB file a run writes in place.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pyarrow as pa

from flows.schemas import CORE_TABLES, PIPELINE_RUNS

# The storage format new state files are written in, and so the published file copied from them.
# DuckDB 2.0 writes its newest format by default, which the duckdb shell from PyPI (duckdb-cli 1.5)
# and the JDBC and Node drivers of BI tools (DuckDB 1.x) cannot open; any DuckDB >= 1.0 reads this one.
STORAGE_COMPATIBILITY = "v1.0.0"


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), config={"storage_compatibility_version": STORAGE_COMPATIBILITY})
    con.execute("CREATE SCHEMA IF NOT EXISTS raw; CREATE SCHEMA IF NOT EXISTS ops;")
    for name, schema in CORE_TABLES.items():
        _create(con, name, schema)
    return con


def _columns(con: duckdb.DuckDBPyConnection, name: str) -> list[str]:
    schema, table = name.split(".")
    return [r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ?"
        " ORDER BY ordinal_position", [schema, table]).fetchall()]


def _create(con: duckdb.DuckDBPyConnection, name: str, schema: pa.Schema) -> None:
    empty = schema.empty_table()  # noqa: F841 - read by DuckDB's replacement scan
    con.execute(f"CREATE TABLE IF NOT EXISTS {name} AS SELECT * FROM empty")


def ensure_derived_tables(con: duckdb.DuckDBPyConnection, tables: dict[str, pa.Schema]) -> bool:
    """Create derived raw tables; drop and recreate any whose columns changed. True if any changed."""
    changed = False
    for table, schema in tables.items():
        name = f"raw.{table}"
        existing = _columns(con, name)
        if existing and existing != schema.names:
            con.execute(f"DROP TABLE {name}")
            changed = True
        _create(con, name, schema)
    return changed


def replace_rows(con: duckdb.DuckDBPyConnection, name: str, rows: Iterable[dict], schema: pa.Schema,
                 key: str = "document_id") -> int:
    """Bulk upsert: delete the keys being written, then insert them from one Arrow table."""
    batch = pa.Table.from_pylist(list(rows), schema=schema)  # noqa: F841 - DuckDB replacement scan
    if batch.num_rows == 0:
        return 0
    con.execute(f"DELETE FROM {name} WHERE {key} IN (SELECT DISTINCT {key} FROM batch)")
    con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM batch")
    return batch.num_rows


def append_rows(con: duckdb.DuckDBPyConnection, name: str, rows: Iterable[dict], schema: pa.Schema) -> int:
    batch = pa.Table.from_pylist(list(rows), schema=schema)  # noqa: F841 - DuckDB replacement scan
    if batch.num_rows:
        con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM batch")
    return batch.num_rows


def known_page_ids(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute("SELECT page_id FROM raw.pages").fetchall()}


def documents_to_analyze(con: duckdb.DuckDBPyConnection, analyzer_version: str) -> list[tuple[str, str]]:
    """Documents never analysed by this analyzer version (new ones, or all after a code change)."""
    return con.execute(
        """SELECT d.document_id, d.body_text FROM raw.documents d
           LEFT JOIN raw.analysis_versions v
             ON v.document_id = d.document_id AND v.analyzer_version = ?
           WHERE v.document_id IS NULL ORDER BY d.document_id""",
        [analyzer_version],
    ).fetchall()


def record_run(con: duckdb.DuckDBPyConnection, run: dict) -> None:
    replace_rows(con, "ops.pipeline_runs", [run], PIPELINE_RUNS, key="run_id")


def last_runs(con: duckdb.DuckDBPyConnection, limit: int = 10) -> list[dict]:
    cur = con.execute("SELECT * FROM ops.pipeline_runs ORDER BY started_at DESC LIMIT ?", [limit])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)
