"""Run bookkeeping that survives ``kill -9``: a run's start recovers whatever the last one left.

A killed run can leave, and the next run (holding the run lock) clears:
- an ``ops.pipeline_runs`` row at ``running``: closed as ``published`` when the published file
  carries that run (killed after the swap, before the state file was told), else ``aborted``;
- pages its load committed: they belong to no published run, so the next run adopts them as new
  (a page is a duplicate only once a published run counted it) and the accounting stays exact;
- scratch directories: every scratch directory lives under ``Settings.scratch_dir``, emptied here.

The state file is checked at start (a truncated or corrupt file fails with a recovery recipe
instead of deep inside dbt), and its persistent tables are backed up after each published run (flows.warehouse.backup).
"""
from __future__ import annotations

import logging
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import duckdb

from flows.config import Settings
from flows.warehouse import state
from flows.warehouse.backup import back_up_state, state_backup
from flows.warehouse.dbt import DbtFailure
from flows.warehouse.gate import GateFailed
from flows.warehouse.publish import discard, set_aside_warning, set_aside_wal


class StateCorrupt(RuntimeError):
    """The state file cannot be opened; the message says how to recover."""


def recovery_advice(settings: Settings) -> str:
    backup = state_backup(settings)
    return (f"Recover by either (1) restoring the copy kept after the last published run: "
            f"mv {settings.state_db} {settings.state_db}.corrupt && cp {backup} {settings.state_db} "
            f"(pages landed since then are read again as new), or (2) rebuilding from the landing directory: "
            f"mv {settings.state_db} {settings.state_db}.corrupt (the next run reads every landing page as new)."
            + ("" if backup.exists() else f" No backup exists yet at {backup}."))


def open_state(settings: Settings) -> duckdb.DuckDBPyConnection:
    """The state file opened read-write with every core column present (state.connect); StateCorrupt
    if it is damaged. A context manager that closes it."""
    try:
        con = state.connect(settings.state_db)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise
        raise StateCorrupt(f"state file {settings.state_db} is damaged ({exc}). {recovery_advice(settings)}") from exc
    except (duckdb.SerializationException, duckdb.InternalException, duckdb.InvalidInputException) as exc:
        raise StateCorrupt(f"state file {settings.state_db} is damaged ({exc}). {recovery_advice(settings)}") from exc
    return con


def _published_status(settings: Settings, run_id: str) -> str | None:
    """The run's status as the published file records it, or None (absent, unreadable)."""
    if not settings.warehouse.exists():
        return None
    try:
        with state.read_only(settings.warehouse) as con:
            row = con.execute("SELECT status FROM ops.pipeline_runs WHERE run_id = ?", [run_id]).fetchone()
    except duckdb.Error:
        return None
    return row[0] if row else None


def close_interrupted_runs(con: duckdb.DuckDBPyConnection, settings: Settings) -> list[tuple[str, str]]:
    """Close every ``running`` row left by a killed run; returns (run_id, new status) pairs."""
    closed = []
    for (run_id,) in con.execute("SELECT run_id FROM ops.pipeline_runs WHERE status = 'running'").fetchall():
        if _published_status(settings, run_id) == "published":
            with state.read_only(settings.warehouse) as published:
                run, = state.records(published.execute("SELECT * FROM ops.pipeline_runs WHERE run_id = ?", [run_id]))
            state.record_run(con, run)
            closed.append((run_id, "published"))
        else:
            con.execute("UPDATE ops.pipeline_runs SET status = 'aborted', ended_at = ?, message = ? WHERE run_id = ?",
                        [state.utc_now(), "the run was killed; closed by the next run", run_id])
            closed.append((run_id, "aborted"))
    return closed


def clear_scratch(settings: Settings) -> None:
    """Remove scratch a killed run left (the run lock guarantees no live run uses it)."""
    shutil.rmtree(settings.scratch_dir, ignore_errors=True)
    settings.scratch_dir.mkdir(parents=True, exist_ok=True)


def start_run(settings: Settings, run: dict) -> list[tuple[str, str]]:
    """Recover what a killed run left, record ``run`` as running; returns the (run_id, status) of
    each run closed on the way."""
    from flows.ingest import LandingMissing

    if not settings.landing_dir.is_dir():
        raise LandingMissing(f"landing directory {settings.landing_dir} does not exist or is not a directory")
    clear_scratch(settings)
    # Before anything opens the published file: DuckDB would replay the WAL into what it reads.
    kept = set_aside_wal(settings.warehouse)
    if kept:
        run.setdefault("warnings", []).append(set_aside_warning(kept))
    with open_state(settings) as con:
        closed = close_interrupted_runs(con, settings)
        state.record_run(con, run)
    return closed


def finish_run(settings: Settings, run: dict) -> None:
    """Record how the run ended; after a publish, refresh the state backup."""
    with state.connect(settings.state_db) as con:
        state.record_run(con, run)
    if run["status"] == "published":
        logging.getLogger(__name__).info("state backup %s", back_up_state(settings))
    shutil.rmtree(settings.scratch_dir, ignore_errors=True)


@contextmanager
def recorded_run(settings: Settings, logger: logging.Logger | logging.LoggerAdapter,
                 on_rejected: Callable[[], None]) -> Iterator[dict]:
    """A run's record in ``ops.pipeline_runs``, opened at ``running`` (start_run) and yielded for the
    body to fill in; closed as the body left it, ``failed`` if dbt or the gate rejected the candidate
    (``on_rejected()`` first, then GateFailed naming each check), or ``error``. The candidate is
    discarded either way."""
    run = {"run_id": uuid.uuid4().hex, "started_at": state.utc_now(), "status": "running"}
    for run_id, status in start_run(settings, run):
        logger.warning("closed run %s left at 'running' by a killed run as %s", run_id, status)
    for warning in run.get("warnings", []):
        logger.warning(warning)
    try:
        yield run
    except (DbtFailure, GateFailed) as exc:
        on_rejected()
        run.update(status="failed", ended_at=state.utc_now(), gate_result=str(exc)[:4000], message=str(exc)[:4000])
        raise GateFailed(f"not published: {exc}", exc.failures) from exc
    except Exception as exc:
        run.update(status="error", ended_at=state.utc_now(), message=f"{type(exc).__name__}: {exc}"[:4000])
        raise
    finally:
        discard(settings.candidate_db)
        finish_run(settings, run)
