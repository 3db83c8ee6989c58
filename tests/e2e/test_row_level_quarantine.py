"""A value outside its allowed set is a row-level fact: the gate quarantines the row that carries it
and the rest is published. dbt only warns about it, so it can never fail the build first."""
from __future__ import annotations

import shutil
from dataclasses import replace
from types import SimpleNamespace

import pytest

from tests.conftest import SAMPLE_PAGES, query

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def run_with_unknown_values(tmp_path_factory, prefect_backend):
    """Three sample pages; a bug stands in for an extractor and an analyser that invent a value:
    the first page gets a removed block of kind 'banner', the second a claim of type 'rumour'."""
    import flows.pipeline as pipeline

    samples = sorted(SAMPLE_PAGES.glob("*.txt"))[:3]
    landing = tmp_path_factory.mktemp("unknown") / "landing"
    landing.mkdir()
    for sample in samples:
        shutil.copy(sample, landing)
    from flows.ingest.discover import page_id_of

    from flows.analyze import analyze

    extract = pipeline.extract
    bannered, rumoured = samples[0].read_text(), page_id_of(samples[1].read_bytes())

    def extract_with_a_banner(content, fmt, settings, url=None):
        document = extract(content, fmt, settings, url)
        if content == bannered:
            document.removed = [*document.removed, SimpleNamespace(kind="banner", text="Subscribe today")]
        return document

    def analyze_with_a_rumour(documents, settings, **options):
        analysis = analyze(documents, settings, **options)
        claims = analysis.rows["claims"]
        for i, row in enumerate(claims):
            if row["document_id"] == rumoured:
                claims[i] = {**row, "claim_type": "rumour"}
                break
        return replace(analysis, rows={**analysis.rows, "claims": claims})

    monkeypatch = pytest.MonkeyPatch()
    # The pipeline hands both to its budget children, which get them by value (cloudpickle).
    monkeypatch.setattr(pipeline, "extract", extract_with_a_banner)
    monkeypatch.setattr(pipeline, "analyze", analyze_with_a_rumour)
    warehouse = landing.parent / "warehouse" / "newsclaims.duckdb"
    try:
        run = pipeline.nightly(landing=str(landing), warehouse=str(warehouse))
    finally:
        monkeypatch.undo()
    return samples, warehouse, run, rumoured


def test_a_row_with_an_unknown_claim_type_or_block_kind_is_quarantined_and_the_rest_published(
        run_with_unknown_values):
    samples, warehouse, run, rumoured = run_with_unknown_values
    assert run["status"] == "published"
    quarantined = query(warehouse, "SELECT landing_path, item, reason FROM ops.quarantine ORDER BY item")
    assert [(path, item) for path, item, _ in quarantined] == [(samples[1].name, "claim"),
                                                               (samples[0].name, "document")]
    assert "fct_claims: expect_column_values_to_be_in_set(claim_type)" in quarantined[0][2]
    assert "fct_removed_blocks: expect_column_values_to_be_in_set(kind)" in quarantined[1][2]
    published = {p for (p,) in query(warehouse, "SELECT landing_path FROM marts.fct_documents")}
    assert published == {samples[1].name, samples[2].name}
    assert query(warehouse, "SELECT count(*) FROM marts.fct_claims WHERE claim_type NOT IN "
                            "('statement', 'event', 'quantity')") == [(0,)]
    # The rumoured document keeps its other claims.
    assert query(warehouse, f"SELECT count(*) > 0 FROM marts.fct_claims WHERE document_id = '{rumoured}'") == [(True,)]
