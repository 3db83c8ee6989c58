"""Write-audit-publish: build a candidate from the state file, and swap it in atomically.

Readers of the published file keep their open handle on the old inode: ``os.replace`` never blocks
on them and never changes the bytes they are reading.

The published file is made read-only on disk, and any WAL beside it is removed at the swap: a
read-write client (a BI tool's default) that wrote to the old file and crashed leaves a WAL that
DuckDB would replay against the new file and refuse to open it ("WAL does not match database
file"). Its writes were never part of the warehouse; the next publish would replace them anyway.
"""
from __future__ import annotations

import fcntl
import os
import shutil
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flows.config import Settings
from flows.warehouse import state


class RunLocked(RuntimeError):
    pass


@contextmanager
def run_lock(settings: Settings) -> Iterator[None]:
    """One run per warehouse at a time; a second run fails fast instead of racing the first."""
    settings.warehouse_dir.mkdir(parents=True, exist_ok=True)
    lock_path = settings.warehouse.with_name(f".{settings.warehouse.name}.lock")
    with lock_path.open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise RunLocked(f"another run holds {lock_path}") from exc
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build_candidate(settings: Settings) -> Path:
    """A fresh candidate: a byte copy of the (closed) state file, which dbt then builds marts in."""
    candidate = settings.candidate_db
    candidate.unlink(missing_ok=True)
    candidate.with_name(candidate.name + ".wal").unlink(missing_ok=True)
    shutil.copyfile(settings.state_db, candidate)
    return candidate


def publish(candidate: Path, settings: Settings, run: dict) -> None:
    """Stamp the passing run into the candidate's ops log, then atomically replace the published file."""
    con = state.connect(candidate)
    try:
        state.record_run(con, run)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    with candidate.open("rb") as handle:
        os.fsync(handle.fileno())
    os.chmod(candidate, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    remove_stale_wal(settings.warehouse)
    os.replace(candidate, settings.warehouse)
    remove_stale_wal(settings.warehouse)  # one written by a client of the old file in the meantime
    directory = os.open(settings.warehouse_dir, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def remove_stale_wal(database: Path) -> None:
    database.with_name(database.name + ".wal").unlink(missing_ok=True)


def discard(candidate: Path) -> None:
    candidate.unlink(missing_ok=True)
