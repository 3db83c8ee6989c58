"""Analyst commands on the published file: ``newsclaims report``, ``docs`` and ``sql``.

Every one of them opens the published file read-only (or a copy of it), so none can lock it
against BI tools or damage it, and all of them work while a nightly run is going.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from flows.cli.options import add_command, settings_of
from flows.config import Settings

MAX_ROWS = 1000


def _require_published(settings: Settings) -> bool:
    if settings.warehouse.exists():
        return True
    print(f"{settings.warehouse} does not exist yet: run `newsclaims run` first", file=sys.stderr)
    return False


def cmd_report(args: argparse.Namespace) -> int:
    from flows.site.links import relative
    from flows.site.report import build_report

    settings = settings_of(args)
    if not _require_published(settings):
        return 1
    print(f"report written to {relative(build_report(settings))}")
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    from flows.site.links import relative
    from flows.site.docs import build_dbt_docs
    from flows.runtime.run_log import route_logs

    settings = settings_of(args)
    if not _require_published(settings):
        return 1
    route_logs(settings.log_file)  # dbt's and Prefect's chatter belongs in the log
    page = build_dbt_docs(settings)
    print(f"dbt docs written to {relative(page)}")
    data_docs = settings.data_docs_dir / "index.html"
    if data_docs.exists():
        print(f"data docs of the published file: {relative(data_docs)}")
    return 0


def duckdb_cli() -> str | None:
    """The ``duckdb`` command of this environment (the duckdb-cli package), else one on PATH."""
    beside = Path(sys.executable).with_name("duckdb")
    return str(beside) if beside.exists() else shutil.which("duckdb")


def cmd_sql(args: argparse.Namespace) -> int:
    from flows.site.analyses import UnknownAnalysis, analysis_names, render_analysis

    settings = settings_of(args)
    if args.list:
        print("\n".join(analysis_names(settings)))
        return 0
    if not _require_published(settings):
        return 1
    if args.analysis:
        try:
            sql = render_analysis(args.analysis, settings)
        except UnknownAnalysis as exc:
            print(exc, file=sys.stderr)
            return 2
        from flows.warehouse.state import read_only

        with read_only(settings.warehouse) as con:
            con.sql(sql).show(max_width=shutil.get_terminal_size().columns, max_rows=MAX_ROWS)
        return 0
    cli = duckdb_cli()
    if cli is None:
        print("no duckdb command found: `pip install duckdb-cli` (make install does)", file=sys.stderr)
        return 1
    os.execv(cli, [cli, "-readonly", str(settings.warehouse)])


def add_analyst_commands(sub) -> None:
    add_command(sub, "report", cmd_report, "write the static HTML report of the published file")
    add_command(sub, "docs", cmd_docs, "build the dbt documentation as one static HTML file")
    sql = add_command(sub, "sql", cmd_sql, "open the published file read-only in the duckdb shell, or run an analysis")
    sql.add_argument("--analysis", metavar="NAME", help="run dbt/analyses/NAME.sql and print its table")
    sql.add_argument("--list", action="store_true", help="list the analyses")
