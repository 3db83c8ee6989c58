"""``newsclaims``: run, serve, status, quarantine, extract and analyze."""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from flows.cli.analyst import add_analyst_commands
from flows.cli.options import add_command, settings_of
from flows.config import Settings


def _print_jsonl(records) -> None:
    for record in records:
        sys.stdout.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")


def _print_extracted(record: dict) -> None:
    """A page as a person reads it: a header of its metadata, then the body text."""
    fields = ("title", "publisher", "author", "published", "language")
    print(f"== {record['path']}")
    for name in fields:
        if record[name]:
            print(f"   {name}: {record[name]}")
    print(f"   removed blocks: {len(record['removed'])}\n")
    print(record["text"], end="\n\n")


def _print_analyzed(record: dict) -> None:
    """A file's places and claims, one line each."""
    print(f"== {record['path']}")
    for place in record["places"]:
        where = ", ".join(str(p) for p in (place["name"], place["admin1"], place["country_code"]) if p)
        print(f"   place  {place['surface']!r} -> {where or 'unresolved'}")
    for claim in record["claims"]:
        speaker = (claim["speaker"] or {}).get("name") or (claim["speaker"] or {}).get("title")
        print(f"   {claim['type']:<9} {claim['certainty']:<11} {speaker + ': ' if speaker else ''}{claim['text']}")
    print()


def cmd_run(args: argparse.Namespace) -> int:
    from flows.cli.runner import run_command

    return run_command(args.landing, args.warehouse, args.verbose, args.full_refresh)


def cmd_serve(args: argparse.Namespace) -> int:
    from prefect.schedules import Cron

    from flows.pipeline import nightly
    from flows.runtime import serve_flow

    settings = Settings().with_paths(Path(args.landing) if args.landing else None,
                                     Path(args.warehouse) if args.warehouse else None)
    parameters = {k: v for k, v in (("landing", args.landing), ("warehouse", args.warehouse)) if v}
    serve_flow(nightly, settings, name=args.name,
               schedule=Cron(args.cron or settings.cron, timezone=settings.timezone), parameters=parameters)
    return 0


def _read_ops(settings: Settings, read, attempts: int = 5):
    """``read(con)`` on the state file opened read-only, retried while a run holds it; then on the
    published file (which carries the ops tables as of the last publish). Returns (result, source)."""
    import duckdb

    from flows.warehouse.state import read_only

    for attempt in range(attempts):
        try:
            con = read_only(settings.state_db)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise
            time.sleep(0.2 * (attempt + 1))
            continue
        with con:
            return read(con), settings.state_db
    if not settings.warehouse.exists():
        raise SystemExit(f"{settings.state_db} is locked by a running run and nothing is published yet; try again later")
    with read_only(settings.warehouse) as con:
        return read(con), settings.warehouse


def _with_state(args: argparse.Namespace, nothing_yet: str) -> Settings | None:
    """The settings of ``--warehouse``, or None (having said ``nothing_yet``) before its first run."""
    settings = settings_of(args)
    if settings.state_db.exists():
        return settings
    print(f"{nothing_yet} ({settings.state_db} does not exist)")
    return None


def _status_table(runs: list[dict], title: str):
    """The runs in a table that fits 80 columns: short headers, times to the minute, and the gate
    result in the remaining width, wrapped."""
    from rich import box
    from rich.table import Table

    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1),
                  collapse_padding=True)
    table.add_column("started", no_wrap=True)
    table.add_column("status", no_wrap=True)
    for header in ("seen", "new", "dup", "quar", "docs", "claims"):
        table.add_column(header, justify="right", no_wrap=True)
    table.add_column("gate", overflow="fold", ratio=1, min_width=12)
    for run in runs:
        started = run["started_at"].strftime("%m-%d %H:%M") if run["started_at"] else ""
        counts = [run[c] for c in ("pages_seen", "pages_new", "pages_duplicate", "pages_quarantined",
                                   "documents", "claims")]
        gate = run["gate_result"] or run["message"] or ""
        table.add_row(started, run["status"], *("" if c is None else str(c) for c in counts),
                      gate if len(gate) <= GATE_CHARS else gate[:GATE_CHARS - 1] + "…")
    return table


GATE_CHARS = 160


def cmd_status(args: argparse.Namespace) -> int:
    from rich.console import Console

    from flows.warehouse import state

    settings = _with_state(args, "no runs yet")
    if settings is None:
        return 0

    def read(con):
        active, = con.execute("SELECT count(*) FROM ops.quarantine WHERE released_at IS NULL").fetchone()
        return state.last_runs(con, args.limit), active

    (runs, quarantined), source = _read_ops(settings, read)
    if source != settings.state_db:
        print(f"a run is writing {settings.state_db}; showing the runs as of the last publish ({source})")
    console = Console()
    console.print(_status_table(runs, f"last {len(runs)} runs of {settings.warehouse.name}"))
    console.print(f"seen = new + dup(licate) + quar(antined) pages; {quarantined} pages quarantined now "
                  f"(`newsclaims quarantine` lists them)")
    return 0


def cmd_quarantine(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from flows.warehouse import quarantine, run_lock
    from flows.warehouse.runs import open_state

    settings = _with_state(args, "nothing quarantined")
    if settings is None:
        return 0
    if args.release:
        with run_lock(settings):  # never while a run writes the state file
            with open_state(settings) as con:
                released = [quarantine.release(con, page) for page in args.release]
        for page, count in zip(args.release, released):
            print(f"released {page}: the next run reads it again" if count else f"{page}: not quarantined",
                  file=sys.stdout if count else sys.stderr)
        return 0 if all(released) else 1
    rows, _ = _read_ops(settings, lambda con: quarantine.active(con, args.limit))
    if args.jsonl:
        _print_jsonl(rows)
        return 0
    columns = ["quarantined_at", "stage", "item", "landing_path", "page_id", "reason"]
    table = Table(*columns, title=f"{len(rows)} quarantined in {settings.warehouse} (release with --release PATH)")
    for row in rows:
        table.add_row(*("" if row[c] is None else str(row[c])[:160] for c in columns))
    Console().print(table)
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from flows.extract import ExtractionError, extract
    from flows.ingest import Rejected, read_path

    settings, failed = Settings(), 0
    for raw_path in args.paths:
        for page in read_path(Path(raw_path), raw_path, settings.max_page_bytes):
            if isinstance(page, Rejected):
                failed += 1
                print(f"{page.landing_path}: {page.reason}", file=sys.stderr)
                continue
            try:
                doc = extract(page.content, page.fmt, settings, page.url)
            except ExtractionError as exc:
                failed += 1
                print(f"{page.landing_path}: {exc}", file=sys.stderr)
                continue
            data = doc.to_json()
            record = {"path": page.landing_path, **{k: data[k] for k in (
                "title", "publisher", "author", "published", "language", "text", "removed")}}
            _print_jsonl([record]) if args.jsonl else _print_extracted(record)
    return 1 if failed else 0


def cmd_analyze(args: argparse.Namespace) -> int:
    from flows.cli.scratch import analyze_files

    records = analyze_files([Path(p) for p in args.paths], Settings())
    if args.jsonl:
        _print_jsonl(records)
    else:
        for record in records:
            _print_analyzed(record)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsclaims", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    run = add_command(sub, "run", cmd_run, "one pipeline run: landing pages -> published warehouse")
    run.add_argument("--landing", help="landing directory (default: seeds/pages or $NEWSCLAIMS_LANDING)")
    run.add_argument("--verbose", action="store_true", help="library logs and tracebacks on screen too")
    run.add_argument("--full-refresh", action="store_true",
                     help="rebuild every model from the state file instead of updating the published file")

    serve = add_command(sub, "serve", cmd_serve, "serve a Prefect deployment of the nightly run on a cron schedule")
    serve.add_argument("--cron", help="cron schedule, UTC (default: 0 2 * * * or $NEWSCLAIMS_CRON)")
    serve.add_argument("--name", default="nightly", help="deployment name")
    serve.add_argument("--landing")

    add_command(sub, "status", cmd_status, "the last runs recorded in ops.pipeline_runs").add_argument(
        "--limit", type=int, default=10)

    quarantine = add_command(sub, "quarantine", cmd_quarantine, "list what ops.quarantine keeps out, or release pages")
    quarantine.add_argument("--limit", type=int, default=200)
    quarantine.add_argument("--jsonl", action="store_true", help="one JSON object per row")
    quarantine.add_argument("--release", nargs="+", metavar="PAGE",
                            help="landing path or page id: the next run reads the page again as new")

    extract = add_command(sub, "extract", cmd_extract, "extract pages without touching the warehouse", warehouse=False)
    extract.add_argument("paths", nargs="+")
    extract.add_argument("--jsonl", action="store_true", help="one JSON object per page (default: readable text)")

    analyze = add_command(sub, "analyze", cmd_analyze, "places and claims of article text files", warehouse=False)
    analyze.add_argument("paths", nargs="+")
    analyze.add_argument("--jsonl", action="store_true", help="one JSON object per file (default: readable text)")

    add_analyst_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    # The machine reaches no analytics endpoint; Prefect's telemetry would only log failures.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    args = build_parser().parse_args(argv)
    return args.func(args)

