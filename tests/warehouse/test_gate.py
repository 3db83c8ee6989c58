"""The gate on an incremental build: row-level suites see the changed documents, table-level ones all."""
from __future__ import annotations

import duckdb

from flows.warehouse.gate import RunVolume, row_scoped_suites, run_gate


def _candidate(path) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute("""CREATE SCHEMA marts;
            CREATE TABLE marts.fct_documents AS SELECT * FROM (VALUES
                ('kept', 's', 'a.html', 'body', 3, 0, 'en'),
                ('new', 's', 'b.html', 'body', 300, 0, 'en'))
            AS t(document_id, source_id, landing_path, body_text, word_count, boilerplate_marker_count, language)""")


def test_the_row_level_suites_are_the_ones_judging_single_documents(settings):
    scoped = row_scoped_suites(settings.expectations_dir)
    assert {"fct_documents", "fct_claims", "fct_place_mentions", "fct_removed_blocks"} <= scoped
    assert not scoped & {"gate_metrics", "dim_sources", "dim_places", "fct_claim_clusters"}


def test_an_incremental_gate_judges_the_rows_of_changed_documents_only(settings, tmp_path):
    candidate = tmp_path / "candidate.duckdb"
    _candidate(candidate)
    volume = RunVolume(previous_documents=2, checked_documents=1)
    full = run_gate(candidate, settings, volume)
    assert {(o.document_id, o.expectation) for o in full.offenders} == {
        ("kept", "fct_documents: expect_column_values_to_be_between(word_count)")}
    incremental = run_gate(candidate, settings, volume, documents=["new"])
    assert incremental.offenders == []
    assert incremental.metrics["documents"] == 2  # the run thresholds still count every document
