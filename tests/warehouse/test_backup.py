"""The state backup: the persistent tables, brought up to date by the documents a run changed."""
from __future__ import annotations

import logging

import duckdb
import pytest

from flows.schemas import ANALYSIS_TABLES, DOCUMENTS
from flows.warehouse import state
from flows.warehouse.backup import back_up_state, state_backup


@pytest.fixture
def local(settings, tmp_path):
    return settings.with_paths(landing=tmp_path / "landing", warehouse=tmp_path / "wh" / "newsclaims.duckdb")


def _add_document(con, document_id: str, text: str) -> None:
    state.replace_rows(con, "raw.documents", [{"document_id": document_id, "body_text": text}],
                       DOCUMENTS)
    state.bump_revisions(con, [document_id])


def _persistent(path) -> dict[str, set]:
    with state.read_only(path) as con:
        names = [f"{s}.{t}" for s, t in con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() WHERE schema_name IN ('raw', 'ops')").fetchall()]
        return {name: set(con.execute(f"SELECT * FROM {name}").fetchall()) for name in names}


def _state(local):
    con = state.connect(local.state_db)
    con.execute("CREATE SCHEMA IF NOT EXISTS intermediate;"
                " CREATE TABLE IF NOT EXISTS intermediate.int_big AS SELECT range AS n FROM range(1000)")
    return con


def test_the_backup_holds_the_persistent_tables_and_not_dbts(local):
    with _state(local) as con:
        _add_document(con, "a", "first")
    assert back_up_state(local) == "written anew"
    assert _persistent(state_backup(local)) == _persistent(local.state_db)
    with state.read_only(state_backup(local)) as con:
        assert not state.table_exists(con, "intermediate.int_big")


def test_a_run_rewrites_only_the_documents_it_changed(local):
    with _state(local) as con:
        for document_id in "abc":
            _add_document(con, document_id, f"text {document_id}")
    back_up_state(local)
    with _state(local) as con:
        _add_document(con, "b", "text b, revised")
        _add_document(con, "d", "text d")
        con.execute("DELETE FROM raw.documents WHERE document_id = 'c'")
        state.bump_revisions(con, ["c"])
        con.execute("INSERT INTO ops.page_warnings (run_id, page_id, warning) VALUES ('r', 'd', 'odd')")
    assert back_up_state(local) == "synced 3 documents"
    assert _persistent(state_backup(local)) == _persistent(local.state_db)


def test_a_table_whose_columns_changed_or_that_is_new_is_copied_whole(local):
    with _state(local) as con:
        _add_document(con, "a", "first")
    back_up_state(local)
    with _state(local) as con:
        state.ensure_derived_tables(con, {"place_mentions": ANALYSIS_TABLES["place_mentions"]})
        con.execute("INSERT INTO raw.place_mentions (document_id, mention_index) VALUES ('a', 0)")
        state.bump_revisions(con, ["a"])
    back_up_state(local)
    assert _persistent(state_backup(local)) == _persistent(local.state_db)
    with _state(local) as con:
        con.execute("DROP TABLE raw.place_mentions")
    back_up_state(local)
    assert _persistent(state_backup(local)) == _persistent(local.state_db)


def test_rows_changed_without_a_revision_make_a_new_backup_not_a_wrong_one(local, caplog):
    with _state(local) as con:
        _add_document(con, "a", "first")
    back_up_state(local)
    with _state(local) as con:
        con.execute("INSERT INTO raw.documents (document_id, body_text) VALUES ('z', 'no revision')")
    with caplog.at_level(logging.WARNING):
        assert back_up_state(local) == "written anew"
    assert "row counts differ" in caplog.text
    assert _persistent(state_backup(local)) == _persistent(local.state_db)


def test_an_older_byte_copy_or_a_damaged_backup_is_replaced(local):
    with _state(local) as con:
        _add_document(con, "a", "first")
    state_backup(local).write_bytes(b"not a database")
    assert back_up_state(local) == "written anew"
    assert _persistent(state_backup(local)) == _persistent(local.state_db)
    with duckdb.connect(str(state_backup(local))) as con:
        con.execute("DROP TABLE backup.synced")
    assert back_up_state(local) == "written anew"
