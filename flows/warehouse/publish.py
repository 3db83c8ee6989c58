"""Write-audit-publish: build a candidate beside the published file, and swap it in atomically.

The candidate starts as a byte copy of the last published file (marts and ops: never raw page
content; compact, as a publish after a build writes it), and dbt updates its marts incrementally while working in the state file, where the
staging and intermediate models stay between runs. It starts empty, and dbt rebuilds everything,
on a full refresh, on the first run, or when the published file was built by another version of
the dbt project, or when the state file's own models were last built (or half-built, by a failed
build) by another version. A failed gate leaves the state's models ahead of the published marts;
the next build starts from the published revision again, and per-document models redo those documents.

Readers of the published file keep their open handle on the old inode: ``os.replace`` never blocks
on them and never changes the bytes they are reading.

The published file is never trusted back. It is made read-only on disk, but a read-write client
(a BI tool's default, or root, whom the mode does not stop) can still write to it: into a WAL
beside it, which DuckDB replays on every later open, even a read-only one, or into the file itself.
So a run moves any WAL beside it aside before anything opens the file (kept under a dated name,
named in the run's warnings), and copies the published file into the candidate only when its
SHA-256 is the one the state file recorded when it was published; otherwise the candidate is built
in full from the state file.
"""
from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import shutil
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from flows.config import Settings
from flows.schemas import BUILD_STATE, MODELS_BUILD, PUBLISHED_FILE
from flows.warehouse import state

# The ops tables the published file carries, copied from the state file at every publish.
OPS_TABLES = ("ops.pipeline_runs", "ops.quarantine", "ops.page_warnings")


class RunLocked(RuntimeError):
    pass


# Lock files this process holds, with how many holders: ``newsclaims run`` takes the lock before it
# starts its Prefect API, and the flow it then runs takes it again.
_held: dict[Path, int] = {}


@contextmanager
def run_lock(settings: Settings) -> Iterator[None]:
    """One run per warehouse at a time; a second run fails fast instead of racing the first."""
    settings.warehouse_dir.mkdir(parents=True, exist_ok=True)
    lock_path = settings.warehouse.with_name(f".{settings.warehouse.name}.lock")
    if _held.get(lock_path):
        _held[lock_path] += 1
        try:
            yield
        finally:
            _held[lock_path] -= 1
        return
    with lock_path.open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise RunLocked(f"another run holds {lock_path}") from exc
        _held[lock_path] = 1
        try:
            yield
        finally:
            del _held[lock_path]
            fcntl.flock(handle, fcntl.LOCK_UN)


@dataclass(frozen=True)
class Candidate:
    path: Path
    # The state revision the copied published file was built at; -1 when the candidate starts empty.
    since_revision: int
    warning: str | None = None  # why it starts empty although a published file exists


def set_aside_wal(database: Path) -> Path | None:
    """Move a WAL beside ``database`` out of DuckDB's way, kept under a dated name; where it went."""
    wal = database.with_name(database.name + ".wal")
    if not wal.exists():
        return None
    kept = wal.with_name(f"{wal.name}.set-aside-{state.utc_now():%Y%m%dT%H%M%S.%fZ}")
    os.replace(wal, kept)
    return kept


def set_aside_warning(kept: Path) -> str:
    return (f"a WAL beside the published file, written by a client that opened it read-write, was moved aside "
            f"unread to {kept}; its changes were never published")


def file_digest(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def vouched_for(settings: Settings) -> bool:
    """Whether the published file is, byte for byte, what the last publish wrote (per the state file)."""
    with state.connect(settings.state_db) as con:
        row = con.execute("SELECT sha256, size_bytes FROM ops.published_file").fetchone()
    return (row is not None and settings.warehouse.stat().st_size == row[1]
            and file_digest(settings.warehouse) == row[0])


def built_from(warehouse: Path) -> tuple[int, str] | None:
    """(revision, dbt project fingerprint) the published file was built at; None if unknown."""
    if not warehouse.exists():
        return None
    with state.read_only(warehouse) as con:
        if not state.table_exists(con, "ops.build_state"):
            return None
        return con.execute("SELECT revision, fingerprint FROM ops.build_state").fetchone()


def models_built_with(settings: Settings) -> str | None:
    """The dbt project fingerprint the state file's models were last built with; None if unknown."""
    with state.connect(settings.state_db) as con:
        row = con.execute("SELECT fingerprint FROM ops.models_build").fetchone()
    return row[0] if row else None


def record_models_build(settings: Settings, fingerprint: str) -> None:
    """Note, before dbt starts, the project the state file's models are about to be built with."""
    with state.connect(settings.state_db) as con:
        state.replace_all(con, "ops.models_build", [{"fingerprint": fingerprint, "started_at": state.utc_now()}],
                          MODELS_BUILD)


def build_candidate(settings: Settings, fingerprint: str, full_refresh: bool = False) -> Candidate:
    """A copy of the published file to update incrementally, or an empty file to build in full."""
    candidate = settings.candidate_db
    discard(candidate)
    if full_refresh or not settings.warehouse.exists():
        return Candidate(candidate, -1)
    if not vouched_for(settings):
        return Candidate(candidate, -1, f"the published file {settings.warehouse} is not what the last run published "
                                        "(written to since, or published before the state file kept its digest); "
                                        "the candidate is built in full from the state file")
    built = built_from(settings.warehouse)
    # Both must be this project's: after a failed build under another project (since reverted), the
    # published marts are this project's but the state's incremental models hold the other's rows,
    # which an incremental build would keep for every document it does not redo.
    if built is None or built[1] != fingerprint or models_built_with(settings) != fingerprint:
        return Candidate(candidate, -1)
    # A byte copy: the published file is a compact copy already, and the one its digest vouches for.
    shutil.copyfile(settings.warehouse, candidate)
    return Candidate(candidate, built[0])


def copy_database(source: Path, target: Path) -> None:
    """A compact copy: DuckDB reuses but never returns the blocks of replaced tables, so a byte copy
    would carry every earlier run's free space along."""
    with duckdb.connect(str(target), config={"storage_compatibility_version": state.STORAGE_COMPATIBILITY}) as con:
        con.execute("ATTACH ? AS source_file (READ_ONLY)", [str(source)])
        target_name = con.execute("SELECT current_database()").fetchone()[0]
        con.execute(f"COPY FROM DATABASE source_file TO {state.sql_identifier(target_name)}")
        con.execute("DETACH source_file")


def record_build(candidate: Path, revision: int, fingerprint: str) -> None:
    """Note in the candidate what it was built from, for the next run's incremental build."""
    with duckdb.connect(str(candidate)) as con:
        built = pa.Table.from_pylist(  # noqa: F841 - DuckDB replacement scan
            [{"revision": revision, "fingerprint": fingerprint, "built_at": state.utc_now()}], schema=BUILD_STATE)
        con.execute("CREATE SCHEMA IF NOT EXISTS ops")
        con.execute("CREATE OR REPLACE TABLE ops.build_state AS SELECT * FROM built")


def publish(candidate: Path, settings: Settings, run: dict, compact: bool = True) -> None:
    """Copy the state's ops log into the candidate with the passing run stamped in, then
    atomically replace the published file with a compact copy of it, or with the candidate itself
    when dbt did not rebuild it (``compact=False``: a byte copy of the published file whose ops
    tables alone were replaced; the next such night reuses their freed blocks, so its free space
    stays about the size of the ops tables)."""
    with duckdb.connect(str(candidate)) as con:
        con.execute("CREATE SCHEMA IF NOT EXISTS ops")
        con.execute("ATTACH ? AS state_file (READ_ONLY)", [str(settings.state_db)])
        for table in OPS_TABLES:
            con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM state_file.{table}")
        con.execute("DETACH state_file")
        state.record_run(con, run)
    if compact:  # dbt replaced whole tables in the candidate; the published file gets a copy without the free space
        published = _compact_path(candidate)
        published.unlink(missing_ok=True)
        copy_database(candidate, published)
    else:
        published = candidate
    with published.open("rb") as handle:
        os.fsync(handle.fileno())
    os.chmod(published, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    # Vouched for before the swap: killed in between, the next run finds the old file unvouched
    # and builds in full, which is slower but never wrong.
    with state.connect(settings.state_db) as con:
        state.replace_all(con, "ops.published_file", [
            {"sha256": file_digest(published), "size_bytes": published.stat().st_size, "run_id": run["run_id"]}],
            PUBLISHED_FILE)
    kept = [set_aside_wal(settings.warehouse)]
    os.replace(published, settings.warehouse)
    kept.append(set_aside_wal(settings.warehouse))  # one written by a client of the old file in the meantime
    for wal in filter(None, kept):
        run.setdefault("warnings", []).append(set_aside_warning(wal))
        logging.getLogger(__name__).warning(set_aside_warning(wal))
    directory = os.open(settings.warehouse_dir, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def _compact_path(candidate: Path) -> Path:
    return candidate.with_name(candidate.name + ".compact")


def discard(candidate: Path) -> None:
    for path in (candidate, _compact_path(candidate)):
        path.unlink(missing_ok=True)
        path.with_name(path.name + ".wal").unlink(missing_ok=True)
