"""``newsclaims``: run, serve, status, extract and analyze."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

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
    from flows.pipeline import GateFailed, run_nightly
    from flows.warehouse import RunLocked

    try:
        run = run_nightly(Settings(), landing=args.landing, warehouse=args.warehouse, full_refresh=args.full_refresh)
    except (GateFailed, RunLocked) as exc:
        print(f"run failed: {exc}", file=sys.stderr)
        return 1
    print(f"published {run['documents']} documents, {run['claims']} claims; pages seen {run['pages_seen']} = "
          f"new {run['pages_new']} + duplicate {run['pages_duplicate']} + quarantined {run['pages_quarantined']}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from prefect.schedules import Cron

    from flows.pipeline import nightly_on

    settings = Settings()
    parameters = {k: v for k, v in (("landing", args.landing), ("warehouse", args.warehouse)) if v}
    nightly_on(settings).serve(name=args.name, schedule=Cron(args.cron or settings.cron, timezone=settings.timezone),
                  parameters=parameters)
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from flows.warehouse import state

    settings = Settings().with_paths(warehouse=Path(args.warehouse) if args.warehouse else None)
    if not settings.state_db.exists():
        print(f"no runs yet ({settings.state_db} does not exist)")
        return 0
    import duckdb

    con = duckdb.connect(str(settings.state_db), read_only=True)
    try:
        runs = state.last_runs(con, args.limit)
    finally:
        con.close()
    columns = ["started_at", "status", "pages_seen", "pages_new", "pages_duplicate", "pages_quarantined",
               "documents", "claims", "gate_result"]
    table = Table(*columns, title=f"last {len(runs)} runs of {settings.warehouse}")
    for run in runs:
        table.add_row(*("" if run[c] is None else str(run[c])[:120] for c in columns))
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
    from flows.scratch import analyze_files

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

    run = sub.add_parser("run", help="one pipeline run: landing pages -> published warehouse")
    run.add_argument("--landing", help="landing directory (default: seeds/pages or $NEWSCLAIMS_LANDING)")
    run.add_argument("--warehouse", help="published DuckDB file (default: warehouse/newsclaims.duckdb)")
    run.add_argument("--full-refresh", action="store_true",
                     help="rebuild every model from the state file instead of updating the published file")
    run.set_defaults(func=cmd_run)

    serve = sub.add_parser("serve", help="serve a Prefect deployment of the nightly run on a cron schedule")
    serve.add_argument("--cron", help="cron schedule, UTC (default: 0 2 * * * or $NEWSCLAIMS_CRON)")
    serve.add_argument("--name", default="nightly", help="deployment name")
    serve.add_argument("--landing")
    serve.add_argument("--warehouse")
    serve.set_defaults(func=cmd_serve)

    status = sub.add_parser("status", help="the last runs recorded in ops.pipeline_runs")
    status.add_argument("--warehouse")
    status.add_argument("--limit", type=int, default=10)
    status.set_defaults(func=cmd_status)

    extract = sub.add_parser("extract", help="extract pages without touching the warehouse")
    extract.add_argument("paths", nargs="+")
    extract.add_argument("--jsonl", action="store_true", help="one JSON object per page (default: readable text)")
    extract.set_defaults(func=cmd_extract)

    analyze = sub.add_parser("analyze", help="places and claims of article text files")
    analyze.add_argument("paths", nargs="+")
    analyze.add_argument("--jsonl", action="store_true", help="one JSON object per file (default: readable text)")
    analyze.set_defaults(func=cmd_analyze)
    return parser


def main(argv: list[str] | None = None) -> int:
    # The machine reaches no analytics endpoint; Prefect's telemetry would only log failures.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
