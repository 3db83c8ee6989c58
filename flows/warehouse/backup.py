"""The state file's backup, kept after each published run at the cost of what the run changed.

The backup holds the state file's persistent tables (schemas ``raw`` and ``ops``): what no run can
rebuild. dbt's tables there (staging, intermediate, seeds) are left out; restored without them,
the next run's incremental models find no table and build it in full from raw.

A document-keyed raw table follows ``raw.document_revisions``: every writer of a document's rows
bumps its revision (dbt's incremental models rely on the same), so the documents whose revision
differs between state and backup are the only ones whose rows changed, and only those are
rewritten. The bookkeeping tables (landing files, ops) are small and copied whole. The update is one
transaction in the backup file: a kill leaves the previous backup. A backup that is missing, not
kept by this module (an older byte copy) or that disagrees with the state after the update is
written anew.
"""
from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import duckdb

from flows.config import Settings
from flows.warehouse import state

PERSISTENT_SCHEMAS = ("raw", "ops")
# Marks a file kept by this module, and when it was last brought up to date.
_MARKER = "backup.synced"
_STATE = "state_file"


class _Rewrite(Exception):
    """The backup cannot be brought up to date in place; the reason says why."""


def state_backup(settings: Settings) -> Path:
    return settings.state_db.with_name(settings.state_db.name + ".backup")


def back_up_state(settings: Settings) -> str:
    """Bring the backup of the (closed) state file up to date; returns how: ``synced N documents``
    or ``written anew``."""
    backup = state_backup(settings)
    if backup.exists():
        try:
            return _sync(settings.state_db, backup)
        except (_Rewrite, duckdb.Error) as exc:
            logging.getLogger(__name__).warning("state backup %s written anew: %s", backup, exc)
    _write_anew(settings.state_db, backup)
    return "written anew"


def _open(backup: Path, state_db: Path) -> duckdb.DuckDBPyConnection:
    """The backup read-write with the state file attached read-only as ``state_file``."""
    con = duckdb.connect(str(backup), config={"storage_compatibility_version": state.STORAGE_COMPATIBILITY,
                                              "memory_limit": state.MEMORY_LIMIT})
    con.execute(f"ATTACH {state.sql_literal(state_db)} AS {_STATE} (READ_ONLY)")
    return con


def _tables(con: duckdb.DuckDBPyConnection, database: str) -> dict[str, list[str]]:
    """The persistent tables of an attached database: ``schema.table`` -> its columns in order."""
    tables: dict[str, list[str]] = {}
    for schema, table, column in con.execute(
            "SELECT schema_name, table_name, column_name FROM duckdb_columns() WHERE database_name = ?"
            " AND schema_name IN (SELECT UNNEST(?)) ORDER BY schema_name, table_name, column_index",
            [database, list(PERSISTENT_SCHEMAS)]).fetchall():
        tables.setdefault(f"{schema}.{table}", []).append(column)
    return tables


def _document_key(name: str, columns: list[str]) -> str | None:
    """The column a raw table's rows follow their document's revision by; None for tables copied whole."""
    if not name.startswith("raw.") or name == "raw.landing_files":
        return None  # landing files point at pages without bumping them (a duplicate file)
    return "page_id" if name == "raw.pages" else ("document_id" if "document_id" in columns else None)


def _changed_documents(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Documents whose revision differs between the state file and the backup (new, changed, removed)."""
    return [r[0] for r in con.execute(
        f"""SELECT document_id FROM {_STATE}.raw.document_revisions AS s
            FULL JOIN raw.document_revisions AS b USING (document_id)
            WHERE s.revision IS DISTINCT FROM b.revision""").fetchall()]


def _counts(con: duckdb.DuckDBPyConnection, database: str, names) -> dict[str, int]:
    return {name: con.execute(f"SELECT count(*) FROM {state.sql_identifier(database)}.{name}").fetchone()[0]
            for name in names}


def _sync(state_db: Path, backup: Path) -> str:
    con = _open(backup, state_db)
    try:
        kept_in = con.execute("SELECT current_database()").fetchone()[0]
        ours = _tables(con, kept_in)
        if not state.table_exists(con, _MARKER) or "raw.document_revisions" not in ours:
            raise _Rewrite("not a backup kept by this version")
        theirs = _tables(con, _STATE)
        changed = _changed_documents(con)
        con.begin()
        for name in ours.keys() - theirs.keys():
            con.execute(f"DROP TABLE {name}")
        for name, columns in theirs.items():
            key = _document_key(name, columns)
            if ours.get(name) != columns:
                con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM {_STATE}.{name}")
            elif key:
                con.execute(f"DELETE FROM {name} WHERE {key} IN (SELECT UNNEST(?))", [changed])
                con.execute(f"INSERT INTO {name} SELECT * FROM {_STATE}.{name} WHERE {key} IN (SELECT UNNEST(?))",
                            [changed])
            else:
                con.execute(f"DELETE FROM {name}")
                con.execute(f"INSERT INTO {name} SELECT * FROM {_STATE}.{name}")
        _mark(con)
        # A writer that changed rows without bumping their document would show here; written anew then.
        kept, source = _counts(con, kept_in, theirs), _counts(con, _STATE, theirs)
        differ = [name for name in theirs if kept[name] != source[name]]
        if differ:
            con.rollback()
            raise _Rewrite(f"row counts differ from the state file after the update in {', '.join(differ)}")
        con.commit()
        con.execute("CHECKPOINT")
    finally:
        con.close()
    _fsync(backup)
    return f"synced {len(changed)} documents"


def _write_anew(state_db: Path, backup: Path) -> None:
    """A byte copy of the state file without dbt's tables (dropping is quick; rewriting the rows is
    not), swapped in atomically so a kill never leaves half a backup."""
    partial = backup.with_name(backup.name + ".partial")
    partial.with_name(partial.name + ".wal").unlink(missing_ok=True)
    shutil.copyfile(state_db, partial)
    with duckdb.connect(str(partial)) as con:
        for (schema,) in con.execute(
                "SELECT schema_name FROM duckdb_schemas() WHERE database_name = current_database()"
                " AND NOT internal AND schema_name NOT IN (SELECT UNNEST(?))", [list(PERSISTENT_SCHEMAS)]).fetchall():
            con.execute(f"DROP SCHEMA {state.sql_identifier(schema)} CASCADE")
        _mark(con)
        con.execute("CHECKPOINT")
    _fsync(partial)
    backup.with_name(backup.name + ".wal").unlink(missing_ok=True)  # the old file's, never to be replayed on this one
    os.replace(partial, backup)


def _mark(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE SCHEMA IF NOT EXISTS backup")
    con.execute(f"CREATE OR REPLACE TABLE {_MARKER} AS SELECT now() AS synced_at")


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())
