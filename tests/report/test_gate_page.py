"""The gate's page: every value escaped, nothing loaded from elsewhere."""
from __future__ import annotations

from types import SimpleNamespace

from flows.site.gate_page import write_gate_page
from flows.warehouse.gate import GateResult, Offender

XSS = "<img src=x onerror=alert(1)>"


def test_the_gate_page_escapes_every_value_and_names_failures_and_quarantined_rows(tmp_path):
    expectation = SimpleNamespace(type="expect_column_values_to_match_regex", kwargs={"column": "language"},
                                  meta={"scope": "row"})
    result = SimpleNamespace(expectation_config=expectation, success=False,
                             result={"unexpected_count": 1, "partial_unexpected_list": [XSS]})
    gate = GateResult(False, 1, failures=[f"fct_documents: {XSS}"],
                      offenders=[Offender("document", "d1", None, f"fct_documents: regex({XSS})")],
                      validations=[SimpleNamespace(suite_name="fct_documents", results=[result])],
                      metrics={"documents": 3, "previous_documents": None})
    page = write_gate_page(tmp_path, [("Gate", gate)]).read_text()
    assert XSS not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<h2>Gate: failed 1 of 1: fct_documents: &lt;img" in page
    assert '<tr class="fail"><td>fct_documents</td><td>expect_column_values_to_match_regex</td>' in page
    assert "<td>previous_documents</td><td></td>" in page
    assert "default-src 'none'" in page
    assert "<script" not in page and "http" not in page.replace("http-equiv", "")
