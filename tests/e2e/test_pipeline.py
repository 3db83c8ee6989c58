"""End to end: sample pages -> published warehouse, idempotent re-runs, quarantine, and the gate."""
from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import duckdb
import pytest

from flows.config import REPO_ROOT, Settings
from flows.pipeline import nightly
from flows.warehouse import GateFailed
from tests.conftest import SAMPLE_PAGES, query

pytestmark = pytest.mark.slow

CONTRACT = {
    "fct_documents": {"document_id", "source_id", "landing_path", "url", "title", "published_at", "language",
                      "body_text", "word_count"},
    "dim_sources": {"source_id", "name", "domain", "kind"},
    "fct_removed_blocks": {"document_id", "kind", "text"},
    "dim_places": {"place_id", "geonameid", "name", "country_code", "admin1_name", "latitude", "longitude"},
    "fct_place_mentions": {"document_id", "place_id", "surface", "char_start", "char_end"},
    "fct_claims": {"claim_id", "document_id", "claim_type", "claim_text", "speaker_actor_id", "quantity_value",
                   "quantity_unit", "certainty", "cluster_id"},
    "bridge_claim_places": {"claim_id", "place_id"},
    "dim_actors": {"actor_id", "canonical_name"},
    "fct_claim_clusters": {"cluster_id", "story_id", "n_documents", "n_independent_sources", "has_dispute"},
    "dim_stories": {"story_id", "label", "n_documents", "n_sources", "n_independent_sources", "n_disputes"},
}
BAD_PAGES = {"empty.html": b"", "photo.html": b"\x89PNG\r\n\x1a\n\x00\x00" * 50, "notes.docx": b"PK\x03\x04"}


def _marts(path: Path) -> dict[str, list[tuple]]:
    """Every mart's rows, without the run that loaded each page (which differs between warehouses)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'marts'").fetchall()]
        return {t: sorted(con.execute(f"SELECT COLUMNS(lambda c: c <> 'first_run_id') FROM marts.{t}").fetchall(), key=repr)
                for t in tables}
    finally:
        con.close()



def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def first_run(tmp_path_factory, prefect_backend):
    root = tmp_path_factory.mktemp("e2e")
    landing = root / "landing"
    shutil.copytree(SAMPLE_PAGES, landing)
    for name, content in BAD_PAGES.items():
        (landing / name).write_bytes(content)
    first_sample = sorted(SAMPLE_PAGES.glob("*.txt"))[0]
    shutil.copy(first_sample, landing / "copy-of-first.txt")  # same bytes: a duplicate, not a document
    # Both quotes and a space in the warehouse's path: it reaches dbt's vars, dbt-duckdb's ATTACH,
    # COPY and the gate's snapshot, and none may break or change it.
    warehouse = root / 'it\'s a "ware house"' / "newsclaims.duckdb"
    run = nightly(landing=str(landing), warehouse=str(warehouse))
    return landing, warehouse, run


def test_first_run_publishes_every_contract_table(first_run):
    _, warehouse, run = first_run
    assert run["status"] == "published"
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        for table, columns in CONTRACT.items():
            found = {r[0] for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema='marts' AND table_name=?",
                [table]).fetchall()}
            assert columns <= found, f"marts.{table} lacks {columns - found}"
        for schema_table in ("ops.pipeline_runs", "ops.quarantine"):
            con.execute(f"SELECT count(*) FROM {schema_table}").fetchone()
    finally:
        con.close()


def test_sample_pages_become_five_clean_documents(first_run):
    _, warehouse, _ = first_run
    rows = query(warehouse, "SELECT landing_path, body_text, word_count FROM marts.fct_documents ORDER BY 1")
    assert [r[0] for r in rows] == sorted(p.name for p in SAMPLE_PAGES.glob("*.txt"))
    for path, body, words in rows:
        assert words > 100, path
        for leftover in ("Leave a Reply", "UTC »", "WhatsApp", "Support Us", "Trending now", "createElement",
                         "Read all the Latest News", "CLICK HERE", "You may also like", "- Advertisement -"):
            assert leftover not in body, f"{leftover!r} survived in {path}"
    removed = query(warehouse, "SELECT DISTINCT kind FROM marts.fct_removed_blocks")
    assert {"comment", "script"} <= {k for (k,) in removed}


def test_page_counts_reconcile_and_bad_pages_are_quarantined(first_run):
    _, warehouse, run = first_run
    assert run["pages_seen"] == 9
    assert (run["pages_new"], run["pages_duplicate"], run["pages_quarantined"]) == (5, 1, 3)
    assert run["pages_seen"] == run["pages_new"] + run["pages_duplicate"] + run["pages_quarantined"]
    reasons = dict(query(warehouse, f"SELECT landing_path, reason FROM ops.quarantine WHERE run_id = '{run['run_id']}'"))
    assert set(reasons) == set(BAD_PAGES)
    assert reasons["empty.html"].startswith("empty")
    assert reasons["photo.html"].startswith("binary")
    assert reasons["notes.docx"].startswith("unsupported")
    logged = query(warehouse, f"SELECT status, pages_seen, documents FROM ops.pipeline_runs WHERE run_id = '{run['run_id']}'")
    assert logged == [("published", 9, 5)]


def test_the_sample_pages_are_one_story_whose_retaking_cluster_holds_the_dispute(first_run):
    _, warehouse, _ = first_run
    stories = query(warehouse, "SELECT story_id, n_documents, n_disputes FROM marts.dim_stories")
    assert [(n, disputes > 0) for _, n, disputes in stories] == [(5, True)]
    # Newsweek's "differing reports contended that Deh-e-Salah had not been captured", in the cluster
    # of the three districts' retaking that all five outlets carry.
    retaking = query(warehouse, """
        SELECT k.n_documents, k.has_dispute, k.dispute_kind FROM marts.fct_claim_clusters AS k
        WHERE k.cluster_id IN (SELECT cluster_id FROM marts.fct_claims
                               WHERE event_kind = 'control_change' AND claim_text LIKE 'Differing reports%')""")
    assert retaking == [(5, True, "denial")]


def test_second_run_processes_nothing_and_publishes_identical_marts(first_run):
    landing, warehouse, _ = first_run
    before = _marts(warehouse)
    settings = Settings().with_paths(landing, warehouse)
    report = settings.report_file.stat().st_mtime_ns
    reader = duckdb.connect(str(warehouse), read_only=True)  # an analyst holding the file open
    try:
        run = nightly(landing=str(landing), warehouse=str(warehouse))
        assert reader.execute("SELECT count(*) FROM marts.fct_documents").fetchone() == (5,)
    finally:
        reader.close()
    assert run["status"] == "published"
    assert (run["pages_new"], run["pages_duplicate"], run["pages_quarantined"]) == (0, 6, 3)
    assert _marts(warehouse) == before
    assert settings.report_file.stat().st_mtime_ns == report  # nothing changed: the report is not rewritten
    assert (settings.dbt_target_dir / "partial_parse.msgpack").exists()  # the next build parses what changed


def test_failing_expectation_blocks_publishing_and_leaves_the_file_untouched(first_run, tmp_path, monkeypatch):
    landing, warehouse, _ = first_run
    expectations = tmp_path / "expectations"
    shutil.copytree(REPO_ROOT / "expectations", expectations, ignore=shutil.ignore_patterns("uncommitted"))
    suite_file = expectations / "expectations" / "fct_documents.json"
    suite = json.loads(suite_file.read_text())
    suite["expectations"].append({"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 1000}})
    suite_file.write_text(json.dumps(suite))
    monkeypatch.setenv("NEWSCLAIMS_EXPECTATIONS_DIR", str(expectations))
    (landing / "late-arrival.txt").write_text(
        "Late arrival\n\n" + "A new article arrived after the first run and would change the marts. " * 8)
    published = _sha256(warehouse)
    try:
        with pytest.raises(GateFailed, match=r"fct_documents: expect_table_row_count_to_be_between"):
            nightly(landing=str(landing), warehouse=str(warehouse))
    finally:
        (landing / "late-arrival.txt").unlink()
    assert _sha256(warehouse) == published
    state = warehouse.with_name(warehouse.stem + "_state.duckdb")
    (status, gate), = query(state, "SELECT status, gate_result FROM ops.pipeline_runs ORDER BY started_at DESC LIMIT 1")
    assert status == "failed" and "expect_table_row_count_to_be_between" in gate
    assert not warehouse.with_name(warehouse.stem + "_candidate.duckdb").exists()


def test_status_lists_the_recorded_runs(first_run, capsys, monkeypatch):
    from flows.cli.commands import main

    monkeypatch.setenv("COLUMNS", "300")  # rich wraps cells on a narrow captured console
    _, warehouse, _ = first_run
    assert main(["status", "--warehouse", str(warehouse)]) == 0
    out = capsys.readouterr().out
    assert "published" in out and "failed" in out  # the gate test's run is recorded too


def test_a_body_that_still_carries_a_boilerplate_marker_is_not_published(tmp_path, prefect_backend, monkeypatch):
    import flows.pipeline as pipeline

    leaky_page = sorted(SAMPLE_PAGES.glob("*.txt"))[2]

    def leaky_extract(content, fmt, settings, url=None):
        document = extract(content, fmt, settings, url)
        if content == leaky_page.read_text():
            document.text += "\n\nLeave a Reply\nYour email address will not be published."
        return document

    extract = pipeline.extract
    monkeypatch.setattr(pipeline, "extract", leaky_extract)
    landing = tmp_path / "landing"
    landing.mkdir()
    shutil.copy(leaky_page, landing)
    shutil.copy(sorted(SAMPLE_PAGES.glob("*.txt"))[3], landing)
    warehouse = tmp_path / "warehouse" / "newsclaims.duckdb"
    run = nightly(landing=str(landing), warehouse=str(warehouse))
    assert run["status"] == "published"
    assert (run["pages_seen"], run["pages_new"], run["pages_quarantined"]) == (2, 1, 1)
    assert query(warehouse, "SELECT landing_path FROM marts.fct_documents") == [(sorted(SAMPLE_PAGES.glob("*.txt"))[3].name,)]
    assert query(warehouse, "SELECT landing_path, stage, reason FROM ops.quarantine") == [
        (leaky_page.name, "gate",
         "document failed row-level expectation fct_documents: expect_column_values_to_be_between(boilerplate_marker_count)")]
