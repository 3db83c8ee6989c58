"""The nightly report: one static HTML page beside the warehouse that works offline.

Vega-Lite's JavaScript is inlined from ``vl-convert-python`` (no CDN), the map's shapes come from
``countryinfo`` (no tile server), and the page is rendered with Jinja2 with autoescaping on: titles
and claims come from crawled pages.
"""
from __future__ import annotations

import json
import logging
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import jinja2

from flows.config import Settings
from flows.site.links import link_bar, relative
from flows.site.report.charts import place_map, publishers_chart, runs_chart
from flows.site.report.data import ReportData, read_report_data
from flows.warehouse.state import write_atomically

TEMPLATES = Path(__file__).parent / "templates"


class NothingToReport(RuntimeError):
    pass


@lru_cache(maxsize=1)
def _vega_bundle(cache_dir: Path) -> str:
    """Vega's JavaScript for the page, kept in ``cache_dir`` per version: vl-convert bundles it anew
    on every call, about 1.5 CPU s, more than the rest of a small night's report."""
    import vl_convert
    from altair.utils._importers import vl_version_for_vl_convert

    version = vl_version_for_vl_convert()
    kept = cache_dir / f".vega-bundle-{version}-vl-convert-{vl_convert.__version__}.js"
    if kept.exists():
        return kept.read_text(encoding="utf-8")
    bundle = vl_convert.javascript_bundle(vl_version=version)
    write_atomically(kept, bundle)
    return bundle


def _script_json(value) -> str:
    """JSON safe inside a <script> element: no '</' can close it early."""
    return json.dumps(value, default=str).replace("</", "<\\/").replace("<!--", "<\\!--")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def render_report(data: ReportData, settings: Settings) -> str:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                                     undefined=jinja2.StrictUndefined)
    environment.filters["cell"] = _cell
    charts = {"map": place_map(data), "runs": runs_chart(data)}
    if data.new_documents:
        charts["publishers"] = publishers_chart(data)
    return environment.get_template("report.html.j2").render(
        data=data, warehouse=settings.warehouse.name, charts_json=_script_json(charts),
        vega_bundle=_vega_bundle(settings.warehouse_dir), links=link_bar(settings, settings.report_file))


def build_report(settings: Settings) -> Path:
    """Write the report for the published file; atomically, so a browser never reads half a page."""
    if not settings.warehouse.exists():
        raise NothingToReport(f"{settings.warehouse} does not exist yet: run `newsclaims run` first")
    write_atomically(settings.report_file, render_report(read_report_data(settings), settings))
    return settings.report_file


def write_report_after_run(settings: Settings) -> str:
    """The report of a run that published; the run has succeeded, so a failure here only logs."""
    try:
        return relative(build_report(settings))
    except Exception:
        logging.getLogger("newsclaims.report").exception("the report could not be written")
        return f"not written (see {relative(settings.log_file)})"
