"""The gate's HTML report: one self-contained page, every value escaped, nothing loaded from elsewhere.

It replaces Great Expectations' data docs, whose pages pull scripts and styles from CDNs and
carry tracking identifiers; values from the pages themselves (a ``lang`` attribute, a title)
reach this report, so each one goes through ``html.escape``.
"""
from __future__ import annotations

import html
import shutil
from pathlib import Path

from flows.warehouse.state import write_atomically

STYLE = ("body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
         "padding:.3em .6em;text-align:left;vertical-align:top}.fail{color:#a00}.pass{color:#070}")
# The page may not fetch, run or submit anything, even if a value slipped through unescaped.
CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'none'; base-uri 'none'"


def _cell(value: object) -> str:
    return f"<td>{html.escape(str(value) if value is not None else '', quote=True)}</td>"


def _rows(validations) -> list[str]:
    rows = []
    for validation in validations:
        for res in validation.results:
            cfg = res.expectation_config
            result = res.result or {}
            sample = result.get("partial_unexpected_list") or []
            rows.append(
                f'<tr class="{"pass" if res.success else "fail"}">'
                + _cell(validation.suite_name) + _cell(cfg.type)
                + _cell(cfg.kwargs.get("column") or cfg.kwargs.get("column_A") or "")
                + _cell((cfg.meta or {}).get("scope", "table"))
                + _cell("passed" if res.success else "failed")
                + _cell(result.get("unexpected_count", ""))
                + _cell(", ".join(repr(v)[:80] for v in sample[:5]))
                + "</tr>")
    return rows


def _section(title: str, result) -> str:
    metrics_rows = "".join(f"<tr>{_cell(k)}{_cell(v)}</tr>" for k, v in result.metrics.items())
    failures = "".join(f"<li>{html.escape(f)}</li>" for f in result.failures)
    quarantined = "".join(f"<tr>{_cell(o.kind)}{_cell(o.document_id)}{_cell(o.item_key)}{_cell(o.expectation)}</tr>"
                          for o in result.offenders)
    return (f"<h2>{html.escape(title)}: {html.escape(result.summary())}</h2>"
            f"<h3>Run metrics</h3><table>{metrics_rows}</table>"
            + (f"<h3>Table-level failures</h3><ul>{failures}</ul>" if failures else "")
            + (f"<h3>Rows quarantined</h3><table><tr><th>kind</th><th>document</th><th>item</th>"
               f"<th>expectation</th></tr>{quarantined}</table>" if quarantined else "")
            + "<h3>Expectations</h3><table><tr><th>suite</th><th>expectation</th><th>column</th><th>scope</th>"
            "<th>result</th><th>unexpected</th><th>sample</th></tr>" + "".join(_rows(result.validations)) + "</table>")


def write_report(directory: Path, passes: list[tuple[str, object]]) -> Path:
    """Write ``index.html`` for one run's gate passes, (title, GateResult) each, atomically."""
    directory.mkdir(parents=True, exist_ok=True)
    for generated_by_gx in ("static", "expectations", "validations"):  # left by earlier versions
        shutil.rmtree(directory / generated_by_gx, ignore_errors=True)
    head = ("<!doctype html><html><head><meta charset=\"utf-8\">"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">"
            f"<meta name=\"referrer\" content=\"no-referrer\"><title>newsclaims quality gate</title>"
            f"<style>{STYLE}</style></head><body><h1>Quality gate</h1>")
    body = "".join(_section(title, result) for title, result in passes)
    target = directory / "index.html"
    write_atomically(target, head + body + "</body></html>")
    return target
