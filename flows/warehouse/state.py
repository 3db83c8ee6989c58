"""The persistent state warehouse (raw, ops), bulk Arrow writes into it, and the DuckDB helpers
every module uses: connections as context managers (``with connect(path) as con``, ``with
read_only(path) as con``), rows as dicts, ``table_exists``, the published counts, paths quoted
into SQL, and atomic file writes.

The state file holds the raw layer that persists across runs (page content included) and the ops
tables. dbt reads it attached read-only while it builds a candidate; the published file never
holds raw, so it is the only DuckDB file a run writes in place.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pyarrow as pa

from flows.schemas import CORE_TABLES, DOCUMENT_REVISIONS, LANDING_FILES, PIPELINE_RUNS

# The storage format new state files are written in, and so the published file copied from them.
# DuckDB 2.0 writes its newest format by default, which the duckdb shell from PyPI (duckdb-cli 1.5)
# and the JDBC and Node drivers of BI tools (DuckDB 1.x) cannot open; any DuckDB >= 1.0 reads this one.
STORAGE_COMPATIBILITY = "v1.0.0"
# DuckDB's buffer pool defaults to 80 % of RAM and keeps every block the run wrote: the flow process
# would grow with the state file. Evicted blocks are re-read from disk; what the run holds at once is a batch.
MEMORY_LIMIT = "256MB"
# The analysis stage's connection reads a batch's texts and writes its rows, a few MB, while the
# analysis children hold the run's most memory: with 256 MB its pool kept blocks it would not read
# again, and the flow process grew by about 140 MB over 10,000 documents, 65 MB with this
# (bench/RESULTS.md, issue 27). The extraction stage keeps 256 MB: it writes a batch of pages of up
# to 20 MB each in one transaction.
ANALYSIS_MEMORY_LIMIT = "64MB"


def _database(path: Path) -> str:
    """``path`` as DuckDB is given it. DuckDB reads a backslash in a file name as a directory
    separator, even on Linux, so such a path would name another file: it is refused, not rewritten."""
    if "\\" in str(path):
        raise ValueError(f"{path}: DuckDB reads a backslash in a path as a directory separator; "
                         "use a warehouse path without one")
    return str(path)


def connect(path: Path, memory_limit: str = MEMORY_LIMIT) -> duckdb.DuckDBPyConnection:
    """The state file opened read-write, every core table and column present; a context manager
    that closes it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(_database(path), config={"storage_compatibility_version": STORAGE_COMPATIBILITY,
                                            "memory_limit": memory_limit})
    con.execute("CREATE SCHEMA IF NOT EXISTS raw; CREATE SCHEMA IF NOT EXISTS ops;")
    for name, schema in CORE_TABLES.items():
        _create(con, name, schema)
        _add_missing_columns(con, name, schema)
    return con


def read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """A reader's connection (the published file, a candidate, a state file a run may hold); a
    context manager that closes it."""
    return duckdb.connect(_database(path), read_only=True)


def records(cursor: duckdb.DuckDBPyConnection) -> list[dict]:
    """The rows of an executed query as dicts by column name."""
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def table_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Whether ``schema.table`` exists in the connection's database."""
    schema, table = name.split(".")
    return con.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
                       [schema, table]).fetchone()[0] > 0


def mart_counts(source: Path | duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Documents, claims and places in the marts of a published or candidate file (its path, or a
    connection to it)."""
    if isinstance(source, Path):
        with read_only(source) as con:
            return mart_counts(con)
    documents, claims, places = source.execute(
        "SELECT (SELECT count(*) FROM marts.fct_documents), (SELECT count(*) FROM marts.fct_claims),"
        " (SELECT count(*) FROM marts.dim_places)").fetchone()
    return {"documents": documents, "claims": claims, "places": places}


def sql_literal(value: str | Path) -> str:
    """A string (a file path) as an SQL literal, for statements that take no parameters (COPY TO)."""
    return "'" + str(value).replace("'", "''") + "'"


def sql_identifier(name: str) -> str:
    """A name (a database named after its file) as a quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def write_atomically(path: Path, text: str) -> None:
    """Write beside ``path`` and rename over it: a reader never sees half a file."""
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


def _add_missing_columns(con: duckdb.DuckDBPyConnection, name: str, schema: pa.Schema) -> None:
    """A state file written by an older version gains the columns added since (null in old rows)."""
    existing = set(_columns(con, name))
    types = dict(zip(schema.names, con.from_arrow(schema.empty_table()).types))
    for column in schema.names:
        if column not in existing:
            con.execute(f'ALTER TABLE {name} ADD COLUMN "{column}" {types[column]}')


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


def replace_all(con: duckdb.DuckDBPyConnection, name: str, rows: Iterable[dict], schema: pa.Schema) -> int:
    """The table's rows become ``rows``, in one transaction."""
    con.begin()
    con.execute(f"DELETE FROM {name}")
    count = append_rows(con, name, rows, schema)
    con.commit()
    return count


def append_rows(con: duckdb.DuckDBPyConnection, name: str, rows: Iterable[dict], schema: pa.Schema) -> int:
    batch = pa.Table.from_pylist(list(rows), schema=schema)  # noqa: F841 - DuckDB replacement scan
    if batch.num_rows:
        con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM batch")
    return batch.num_rows


# Pages a published run has counted: only these are duplicates. A page loaded by a run that was
# killed or failed the gate is read again and counted as new by the run that publishes it.
_COUNTED_PAGES = """SELECT p.page_id FROM raw.pages p
    JOIN ops.pipeline_runs r ON r.run_id = p.first_run_id AND r.status = 'published'"""


def unchanged_landing_files(con: duckdb.DuckDBPyConnection, files: list[tuple[str, int, int]]) -> set[str]:
    """Of (landing_path, size_bytes, mtime_ns), the files whose counted page was read from that
    path with that size and mtime: duplicates known without reading them."""
    batch = pa.Table.from_pylist(  # noqa: F841 - DuckDB replacement scan
        [dict(zip(LANDING_FILES.names, f)) for f in files], schema=LANDING_FILES.remove(3))
    return {r[0] for r in con.execute(
        "SELECT b.landing_path FROM batch b JOIN raw.landing_files f USING (landing_path, size_bytes, mtime_ns)"
        f" WHERE f.page_id IN ({_COUNTED_PAGES})").fetchall()}


def known_pages(con: duckdb.DuckDBPyConnection, page_ids: list[str]) -> set[str]:
    """Which of these page ids a published run has counted."""
    return {r[0] for r in con.execute(
        f"SELECT page_id FROM ({_COUNTED_PAGES}) WHERE page_id IN (SELECT UNNEST(?))", [page_ids]).fetchall()}


def remember_landing_files(con: duckdb.DuckDBPyConnection, files: list[dict]) -> None:
    replace_rows(con, "raw.landing_files", files, LANDING_FILES, key="landing_path")


def bump_revisions(con: duckdb.DuckDBPyConnection, document_ids: list[str]) -> None:
    """Mark documents changed: they get a revision above every earlier one."""
    revision = current_revision(con) + 1
    replace_rows(con, "raw.document_revisions",
                 ({"document_id": d, "revision": revision} for d in document_ids), DOCUMENT_REVISIONS)


def current_revision(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT coalesce(max(revision), 0) FROM raw.document_revisions").fetchone()[0]


def changed_since(con: duckdb.DuckDBPyConnection, revision: int) -> list[str]:
    """Documents changed (added, rewritten, removed) after ``revision``."""
    return [r[0] for r in con.execute(
        "SELECT document_id FROM raw.document_revisions WHERE revision > ?", [revision]).fetchall()]


def documents_to_analyze(con: duckdb.DuckDBPyConnection, analyzer_version: str) -> list[str]:
    """Ids of documents never analysed by this analyzer version (new ones, or all after a code change)."""
    return [r[0] for r in con.execute(
        """SELECT d.document_id FROM raw.documents d
           LEFT JOIN raw.analysis_versions v
             ON v.document_id = d.document_id AND v.analyzer_version = ?
           WHERE v.document_id IS NULL ORDER BY d.document_id""",
        [analyzer_version],
    ).fetchall()]


def document_texts(con: duckdb.DuckDBPyConnection, document_ids: list[str]) -> list[tuple[str, str, str | None]]:
    """(document_id, body_text, language) of these documents, in the order given."""
    rows = {r[0]: r for r in con.execute(
        "SELECT document_id, body_text, language FROM raw.documents WHERE document_id IN (SELECT UNNEST(?))",
        [document_ids]).fetchall()}
    return [rows[d] for d in document_ids]


def record_run(con: duckdb.DuckDBPyConnection, run: dict) -> None:
    replace_rows(con, "ops.pipeline_runs", [run], PIPELINE_RUNS, key="run_id")


def last_runs(con: duckdb.DuckDBPyConnection, limit: int = 10) -> list[dict]:
    return records(con.execute("SELECT * FROM ops.pipeline_runs ORDER BY started_at DESC LIMIT ?", [limit]))


def utc_now() -> datetime:
    return datetime.now(timezone.utc)
