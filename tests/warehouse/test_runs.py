"""Run bookkeeping without a pipeline run: recovery at start, the state check, publish and readers."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timezone

import duckdb
import pytest

from flows.ingest import LandingMissing
from flows.warehouse import DbtFailure, GateFailed, publish, state
from flows.warehouse.runs import StateCorrupt, back_up_state, recorded_run, start_run


@pytest.fixture
def local(settings, tmp_path):
    landing = tmp_path / "landing"
    landing.mkdir()
    return settings.with_paths(landing=landing, warehouse=tmp_path / "wh" / "newsclaims.duckdb")


def _run(run_id: str, status: str, **extra) -> dict:
    return {"run_id": run_id, "started_at": datetime(2026, 11, 1, tzinfo=timezone.utc), "status": status, **extra}


def _runs(path) -> dict:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return dict(con.execute("SELECT run_id, status FROM ops.pipeline_runs").fetchall())
    finally:
        con.close()


def _published_file(local, run: dict) -> None:
    for database in (local.state_db, local.candidate_db):  # publish copies the state's ops log
        state.connect(database).close()
    publish(local.candidate_db, local, run)


def test_the_next_run_closes_a_killed_run_as_aborted_and_adopts_its_pages(local):
    con = state.connect(local.state_db)
    state.record_run(con, _run("killed", "running"))
    state.record_run(con, _run("old", "published"))
    con.execute("INSERT INTO raw.pages (page_id, first_run_id) VALUES ('p-killed', 'killed'), ('p-old', 'old')")
    con.close()
    closed = start_run(local, _run("next", "running"))
    assert closed == [("killed", "aborted")]
    con = state.connect(local.state_db)
    assert state.known_pages(con, ["p-killed", "p-old"]) == {"p-old"}  # the killed run's page is new again
    con.close()
    assert _runs(local.state_db) == {"killed": "aborted", "old": "published", "next": "running"}


def test_a_run_killed_right_after_the_swap_is_closed_as_published(local):
    run = _run("swapped", "running")
    con = state.connect(local.state_db)
    state.record_run(con, run)
    con.close()
    _published_file(local, {**run, "status": "published", "documents": 3})
    closed = start_run(local, _run("next", "running"))
    assert closed == [("swapped", "published")]
    assert _runs(local.state_db)["swapped"] == _runs(local.warehouse)["swapped"] == "published"


def test_scratch_left_by_a_killed_run_is_removed(local):
    leftover = local.scratch_dir / "dbt-abc" / "target"
    leftover.mkdir(parents=True)
    start_run(local, _run("next", "running"))
    assert local.scratch_dir.exists() and not any(local.scratch_dir.iterdir())


def test_a_missing_landing_directory_fails_before_anything_is_recorded(local, tmp_path):
    with pytest.raises(LandingMissing):
        start_run(local.with_paths(landing=tmp_path / "nowhere"), _run("next", "running"))
    assert not local.state_db.exists()


def test_a_truncated_state_file_is_named_with_its_recovery(local):
    con = state.connect(local.state_db)
    con.execute("CREATE TABLE raw.filler AS SELECT range AS n, repeat('x', 100) AS s FROM range(100000)")
    con.close()
    back_up_state(local)
    size = local.state_db.stat().st_size
    with local.state_db.open("r+b") as handle:
        handle.truncate(size // 2)
    with pytest.raises(StateCorrupt) as raised:
        start_run(local, _run("next", "running"))
    message = str(raised.value)
    assert str(local.state_db) in message and "damaged" in message
    assert f"cp {local.state_db}.backup {local.state_db}" in message
    assert "rebuilding from the landing directory" in message
    os.replace(f"{local.state_db}.backup", local.state_db)  # the documented recovery works
    start_run(local, _run("next", "running"))


def test_publishing_leaves_a_file_that_opens_whatever_stale_wal_lies_beside_it(local, tmp_path):
    _published_file(local, _run("first", "published"))
    crashed = tmp_path / "crashed.duckdb"  # a read-write client that wrote and died before its checkpoint
    con = duckdb.connect(str(crashed))
    con.execute("PRAGMA disable_checkpoint_on_shutdown; CREATE TABLE t AS SELECT 1 AS x; INSERT INTO t VALUES (2)")
    con.close()
    os.replace(f"{crashed}.wal", f"{local.warehouse}.wal")
    _published_file(local, _run("second", "published"))
    assert _runs(local.warehouse) == {"second": "published"}
    assert not (local.warehouse.stat().st_mode & 0o222)  # read-only on disk: BI tools cannot write to it


def test_status_reads_the_published_file_while_a_run_holds_the_state_file(local, capsys, monkeypatch):
    from flows.cli.commands import main

    monkeypatch.setenv("COLUMNS", "300")
    _published_file(local, _run("published-run", "published"))
    state.connect(local.state_db).close()
    writer = subprocess.Popen(  # another process holds the state file read-write, as a run does
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ready', flush=True);"
         " time.sleep(60)", str(local.state_db)], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "ready"
        assert main(["status", "--warehouse", str(local.warehouse)]) == 0
    finally:
        writer.kill()
        writer.wait()
    out = capsys.readouterr().out
    assert "showing the runs as of the last publish" in out and "published" in out


def test_the_state_backup_is_a_copy_that_opens(local):
    con = state.connect(local.state_db)
    state.record_run(con, _run("r", "published"))
    con.close()
    back_up_state(local)
    assert _runs(f"{local.state_db}.backup") == {"r": "published"}


@pytest.mark.parametrize(("raised", "status"), [
    (DbtFailure(["model.newsclaims.fct_claims: error"]), "failed"),
    (GateFailed("expectations failed 1 of 3", ["fct_documents: expect_table_row_count_to_be_between"]), "failed"),
    (KeyError("a bug"), "error"),
])
def test_a_rejected_or_broken_run_is_recorded_as_such_and_its_candidate_discarded(local, raised, status):
    import logging

    rejected = []
    state.connect(local.candidate_db).close()
    with pytest.raises(GateFailed if status == "failed" else KeyError) as caught:
        with recorded_run(local, logging.getLogger(__name__), on_rejected=lambda: rejected.append(True)) as run:
            raise raised
    assert _runs(local.state_db) == {run["run_id"]: status}
    assert rejected == ([True] if status == "failed" else [])
    assert not local.candidate_db.exists()
    if status == "failed":  # each failed check is named for the closing paragraph
        assert str(caught.value).startswith("not published: ") and caught.value.failures == raised.failures


def test_a_published_run_is_recorded_as_the_flow_left_it(local):
    import logging

    with recorded_run(local, logging.getLogger(__name__), on_rejected=lambda: None) as run:
        run.update(status="published", documents=3, claims=7)
    assert _runs(local.state_db) == {run["run_id"]: "published"}
