"""One page can no longer hold the night in analysis: a page of 10,000 short quotes is analysed or
quarantined within the per-document budget, and the other page of the night is published with its
claims. The memory budget is lowered so the outcome does not hang on the machine's speed."""
from __future__ import annotations

import shutil

import pytest

from flows.pipeline import nightly
from tests.conftest import SAMPLE_PAGES, query

pytestmark = pytest.mark.slow


def _quotes_page(count: int) -> str:
    quotes = "".join(f'<p>"The river rose {i} centimetres overnight," said Mayor Ana Lopez of Springfield.</p>'
                     for i in range(count))
    return f"<html><head><title>Flood diary</title></head><body><article><h1>Flood diary</h1>{quotes}</article></body></html>"


def test_a_page_of_ten_thousand_quotes_is_analysed_or_quarantined_and_the_rest_published(
        tmp_path, prefect_backend, place_settings, monkeypatch):
    monkeypatch.setenv("NEWSCLAIMS_GAZETTEER_DB", str(place_settings.gazetteer_db))
    monkeypatch.setenv("NEWSCLAIMS_DOCUMENT_MEMORY_MB", "1024")
    landing = tmp_path / "landing"
    landing.mkdir()
    sample = sorted(SAMPLE_PAGES.glob("*.txt"))[0]
    shutil.copy(sample, landing)
    (landing / "quotes.html").write_text(_quotes_page(10_000))  # 0.8 MB, its text within spaCy's 1M characters
    warehouse = tmp_path / "warehouse" / "newsclaims.duckdb"
    run = nightly(landing=str(landing), warehouse=str(warehouse))
    assert run["status"] == "published"
    assert (run["pages_seen"], run["pages_new"], run["pages_quarantined"]) == (2, 2, 0)
    assert run["documents_analyzed"] == 2
    refused = query(warehouse, "SELECT item, reason FROM ops.quarantine WHERE stage = 'analyze' "
                               "AND landing_path = 'quotes.html'")
    claims = dict(query(warehouse, "SELECT landing_path, count(c.claim_id) FROM marts.fct_documents d "
                                   "LEFT JOIN marts.fct_claims c USING (document_id) GROUP BY landing_path"))
    if refused:  # quarantined within the budget, with the reason; its claims are not published
        ((item, reason),) = refused
        assert item in ("claims", "analysis")
        assert reason.startswith(("over memory budget", "over time budget")), reason
        assert item == "analysis" or query(warehouse, "SELECT count(*) FROM marts.fct_place_mentions m JOIN "
                                                      "marts.fct_documents d USING (document_id) "
                                                      "WHERE d.landing_path = 'quotes.html'") > [(0,)]
        assert claims["quotes.html"] == 0
    else:  # analysed within the budget
        assert claims["quotes.html"] > 0
    assert claims[sample.name] > 0  # the rest is published, claims and all
