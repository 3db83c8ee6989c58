"""Scale a DuckDB file up to N documents by replicating every document's rows under new ids, for
benches that measure what a step costs at a size no corpus here reaches."""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

REPO_ROOT = Path(__file__).resolve().parent.parent


def sample_run(root: Path) -> Path:
    """The sample pages (seeds/pages) through the nightly flow into ``root``; the published file."""
    from flows.pipeline import nightly

    warehouse = root / "sample" / "newsclaims.duckdb"
    warehouse.parent.mkdir(parents=True)
    shutil.copy(REPO_ROOT / "warehouse" / "gazetteer.duckdb", warehouse.parent)
    run = nightly(landing=str(REPO_ROOT / "seeds" / "pages"), warehouse=str(warehouse))
    if run["status"] != "published":
        raise RuntimeError(f"the sample run did not publish: {run}")
    return warehouse


def document_tables(con: duckdb.DuckDBPyConnection, exclude_schemas: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(table, key column) of every table whose rows belong to one document."""
    return [(f"{s}.{t}", c) for s, t, c in con.execute(
        """SELECT schema_name, table_name, column_name FROM duckdb_columns()
           WHERE database_name = current_database() AND column_name IN ('document_id', 'page_id')
             AND schema_name NOT IN (SELECT UNNEST(?)) ORDER BY 1, 2""", [list(exclude_schemas)]).fetchall()]


def scale_up(con: duckdb.DuckDBPyConnection, documents: int, counted: str = "raw.documents",
             exclude_schemas: tuple[str, ...] = ()) -> int:
    """Replicate every document's rows until ``counted`` holds at least ``documents``; returns its count."""
    have = con.execute(f"SELECT count(*) FROM {counted}").fetchone()[0]
    copies = -(-documents // have)
    for table, key in document_tables(con, exclude_schemas):
        con.execute(f"""INSERT INTO {table} SELECT t.* REPLACE (t.{key} || '~' || r.k AS {key})
                        FROM {table} AS t, range(1, {copies}) AS r(k)""")
    con.execute("CHECKPOINT")
    return con.execute(f"SELECT count(*) FROM {counted}").fetchone()[0]
