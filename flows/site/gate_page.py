"""The gate's HTML report: one self-contained page, every value escaped, nothing loaded from elsewhere.

It replaces Great Expectations' data docs, whose pages pull scripts and styles from CDNs and
carry tracking identifiers; values from the pages themselves (a ``lang`` attribute, a title)
reach this report, so the template (templates/gate_page.html.j2) is rendered with autoescaping.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import jinja2

from flows.warehouse.state import write_atomically

TEMPLATES = Path(__file__).resolve().parent / "templates"
# The page may not fetch, run or submit anything, even if a value slipped through unescaped.
CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'none'; base-uri 'none'"


def render(passes: list[tuple[str, object]]) -> str:
    """The page for one run's gate passes, (title, GateResult) each."""
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                                     undefined=jinja2.StrictUndefined)
    environment.filters["cell"] = lambda value: "" if value is None else value
    environment.filters["sample"] = lambda value: repr(value)[:80]
    return environment.get_template("gate_page.html.j2").render(passes=passes, csp=CSP)


def write_gate_page(directory: Path, passes: list[tuple[str, object]]) -> Path:
    """Write ``index.html`` for one run's gate passes, (title, GateResult) each, atomically."""
    directory.mkdir(parents=True, exist_ok=True)
    for generated_by_gx in ("static", "expectations", "validations"):  # left by earlier versions
        shutil.rmtree(directory / generated_by_gx, ignore_errors=True)
    target = directory / "index.html"
    write_atomically(target, render(passes))
    return target
