"""Quality gate: the Great Expectations suites over the candidate's marts, in two kinds.

- Row-level expectations (``meta.scope: row``) judge one document, claim or mention. The rows
  that break one are returned as ``Offender``s, named by the suite's ``meta.quarantine`` key, so
  the run quarantines them (flows.warehouse.quarantine) and publishes the rest.
- Table-level expectations (``meta.scope: table``: row counts, key uniqueness, and the run
  thresholds of suite ``gate_metrics``: volume drop against the last published run, share of
  documents quarantined) are systemic: any failure fails the run.

The versioned file context in ``expectations/`` (suites with their thresholds, validation
definitions, the ``publish_gate`` checkpoint) is copied to a scratch directory per run, its
datasource pointed at a Parquet snapshot of the candidate's marts plus the one-row
``gate_metrics`` table, and run there (the row-level suites on the rows of the documents the
build changed, ``row_scoped_suites``), so a run never edits versioned files and two warehouses
never share a snapshot. flows.site.gate_page renders the results as an offline HTML page next
to the warehouse, in place of GX's data docs.
"""
from __future__ import annotations

import json
import logging
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from flows.config import Settings
from flows.warehouse import state

CHECKPOINT = "publish_gate"
DATASOURCE_DIR = "uncommitted/marts_snapshot"  # the versioned datasource base_directory
METRICS_TABLE = "gate_metrics"
METRICS = pa.schema([
    ("documents", pa.int64()),            # documents in the candidate's marts
    ("previous_documents", pa.int64()),   # documents of the last published run; null before the first
    ("document_ratio", pa.float64()),     # documents / previous_documents
    ("checked_documents", pa.int64()),    # new documents of this run that reached the gate
    ("quarantined_documents", pa.int64()),  # of those, quarantined by row-level expectations
    ("quarantined_share", pa.float64()),
])


@dataclass(frozen=True)
class Offender:
    """A row that broke a row-level expectation: what to quarantine and why."""
    kind: str           # document | claim | mention
    document_id: str
    item_key: str | None  # claim_id or mention_index; None for a whole document
    expectation: str    # "<suite>: <expectation type>(<column>)"


@dataclass
class GateResult:
    success: bool
    evaluated: int
    failures: list[str] = field(default_factory=list)   # table-level: these fail the run
    offenders: list[Offender] = field(default_factory=list)  # row-level: these are quarantined
    validations: list = field(default_factory=list, repr=False)  # GX results, for the report
    metrics: dict = field(default_factory=dict)  # the gate_metrics row

    def summary(self) -> str:
        if self.success:
            kept_out = f"; {len(self.offenders)} rows to quarantine" if self.offenders else ""
            return f"passed ({self.evaluated} expectations{kept_out})"
        return f"failed {len(self.failures)} of {self.evaluated}: " + "; ".join(self.failures)


class GateFailed(RuntimeError):
    """The candidate failed dbt tests or expectations; the published file was left untouched.

    ``failures`` names each failed test or expectation, for the closing paragraph of a run.
    """

    def __init__(self, message: str, failures: list[str] | None = None):
        super().__init__(message)
        self.failures = list(failures or [])


@dataclass(frozen=True)
class RunVolume:
    """What the gate's run thresholds compare: this run's documents against the last published run's."""
    previous_documents: int | None
    checked_documents: int
    quarantined_documents: int = 0


def snapshot_marts(database: Path, target_dir: Path, tables: list[str] | None = None,
                   documents: list[str] | None = None, by_document: frozenset[str] = frozenset()) -> list[str]:
    """Export the tables of schema ``marts`` (all, or those of ``tables`` that exist) to
    ``<table>.parquet``; of a table in ``by_document``, only the rows of ``documents`` when given.
    Returns the table names."""
    target_dir.mkdir(parents=True, exist_ok=True)
    with state.read_only(database) as con:
        existing = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'marts' ORDER BY 1").fetchall()]
        exported = [t for t in existing if tables is None or t in tables]
        for table in exported:
            if documents is not None and table in by_document:
                rows = con.sql(f"SELECT * FROM marts.{table} WHERE document_id IN (SELECT UNNEST(?))", params=[documents])
            else:
                rows = con.sql(f"SELECT * FROM marts.{table}")
            rows.write_parquet(str(target_dir / f"{table}.parquet"))
    return exported


def row_scoped_suites(expectations_dir: Path) -> frozenset[str]:
    """Suites whose every expectation judges one row of one document (``meta.scope: row``, with a
    quarantine key). A row of a document the run did not change is what passed the gate when it was
    published (per-document marts are not rebuilt for it; a new dbt project rebuilds every document),
    so these suites need only the rows of changed documents."""
    scoped = set()
    for path in (expectations_dir / "expectations").glob("*.json"):
        suite = json.loads(path.read_text())
        if (suite.get("meta") or {}).get("quarantine") and all(
                (e.get("meta") or {}).get("scope") == "row" for e in suite["expectations"]):
            scoped.add(suite["name"])
    return frozenset(scoped)


def write_metrics(database: Path, volume: RunVolume, target_dir: Path) -> dict:
    with state.read_only(database) as con:
        try:
            documents = con.execute("SELECT count(*) FROM marts.fct_documents").fetchone()[0]
        except duckdb.Error:
            documents = 0  # no mart: fct_documents' own suite names the failure
    previous = volume.previous_documents
    row = {"documents": documents, "previous_documents": previous,
           "document_ratio": documents / previous if previous else None,
           "checked_documents": volume.checked_documents, "quarantined_documents": volume.quarantined_documents,
           "quarantined_share": (volume.quarantined_documents / volume.checked_documents
                                 if volume.checked_documents else None)}
    pq.write_table(pa.Table.from_pylist([row], schema=METRICS), target_dir / f"{METRICS_TABLE}.parquet")
    return row


def _name(suite: str, cfg) -> str:
    column = cfg.kwargs.get("column") or cfg.kwargs.get("column_A") or ",".join(cfg.kwargs.get("column_list") or [])
    return f"{suite}: {cfg.type}({column})"


def _failure(suite: str, res) -> str:
    detail = ""
    if res.exception_info and res.exception_info.get("raised_exception"):
        detail = " raised " + str(res.exception_info.get("exception_message", "")).splitlines()[0][:200]
    elif res.result and res.result.get("unexpected_count") is not None:
        detail = f" ({res.result['unexpected_count']} unexpected)"
    elif res.result and res.result.get("observed_value") is not None:
        detail = f" (observed {res.result['observed_value']})"
    return _name(suite, res.expectation_config) + detail


def _offenders(suite: str, res, quarantine: dict) -> list[Offender] | None:
    """The rows a failed row-level expectation names, or None when it names none (then it fails the run)."""
    rows = (res.result or {}).get("unexpected_index_list")
    if not rows or not isinstance(rows[0], dict) or (res.exception_info or {}).get("raised_exception"):
        return None
    kind, key = quarantine["kind"], quarantine["key"]
    name = _name(suite, res.expectation_config)
    found = []
    for row in rows:
        document_id = row.get("document_id")
        if document_id is None:
            return None
        item = None if kind == "document" else str(row.get(key[-1]))
        found.append(Offender(kind, str(document_id), item, name))
    return found


def _result_format(quarantine: dict | None) -> dict:
    if quarantine:
        return {"result_format": "COMPLETE", "unexpected_index_column_names": quarantine["key"],
                "partial_unexpected_count": 20}
    return {"result_format": "SUMMARY"}


def _context(settings: Settings, scratch: Path, snapshot_dir: Path):
    import great_expectations as gx

    context_dir = scratch / "context"
    shutil.copytree(settings.expectations_dir, context_dir, ignore=shutil.ignore_patterns("uncommitted"))
    # GE resolves a relative base_directory against the working directory: make it absolute.
    # Rewritten in the scratch copy because GX's ${VAR} substitution covers only its ConfigStr
    # fields (credentials, connection strings), not a filesystem datasource's base_directory.
    config = context_dir / "great_expectations.yml"
    config.write_text(re.sub(rf"base_directory: {re.escape(DATASOURCE_DIR)}\b",
                             f"base_directory: {snapshot_dir}", config.read_text()))
    return gx.get_context(mode="file", context_root_dir=str(context_dir)), context_dir


def run_gate(database: Path, settings: Settings, volume: RunVolume, documents: list[str] | None = None) -> GateResult:
    """Validate the candidate; with ``documents`` (those the build changed), the row-level suites
    see only their rows and the table-level ones every row."""
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    settings.scratch_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gx-", dir=settings.scratch_dir) as scratch:
        snapshot_dir = Path(scratch) / "marts"
        snapshot_dir.mkdir()
        context, context_dir = _context(settings, Path(scratch), snapshot_dir)
        checkpoint = json.loads((context_dir / "checkpoints" / f"{CHECKPOINT}.json").read_text())
        suites = [entry["name"] for entry in checkpoint["validation_definitions"]]
        snapshot_marts(database, snapshot_dir, suites, documents, row_scoped_suites(context_dir))
        metrics = write_metrics(database, volume, snapshot_dir)
        result = GateResult(True, 0, metrics=metrics)
        for entry in checkpoint["validation_definitions"]:
            name = entry["name"]
            try:
                definition = context.validation_definitions.get(name)
                quarantine = (definition.suite.meta or {}).get("quarantine")
                validation = definition.run(result_format=_result_format(quarantine))
            except Exception as exc:  # a missing mart or column surfaces here; it must fail the gate, named
                result.failures.append(f"{name}: {type(exc).__name__}: {exc}")
                continue
            result.validations.append(validation)
            result.evaluated += len(validation.results)
            for res in validation.results:
                if res.success:
                    continue
                scope = (res.expectation_config.meta or {}).get("scope", "table")
                offenders = _offenders(name, res, quarantine) if scope == "row" and quarantine else None
                if offenders is None:
                    result.failures.append(_failure(name, res))
                else:
                    result.offenders += offenders
        result.success = not result.failures
    return result
