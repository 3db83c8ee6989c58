"""Quality gate: the Great Expectations checkpoint over the candidate's marts.

The versioned file context in ``expectations/`` (suites, validation definitions, the
``publish_gate`` checkpoint) is copied to a scratch directory per run, its datasource pointed at a
Parquet snapshot of the candidate's marts, and run there, so a run never edits versioned files and
two warehouses never share a snapshot. The HTML data docs are copied next to the warehouse, as the
candidate's until the run publishes (``flows.docs``).
"""
from __future__ import annotations

import logging
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from flows.config import Settings

CHECKPOINT = "publish_gate"
DATASOURCE_DIR = "uncommitted/marts_snapshot"  # the versioned datasource base_directory


@dataclass
class GateResult:
    success: bool
    evaluated: int
    failures: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if self.success:
            return f"passed ({self.evaluated} expectations)"
        return f"failed {len(self.failures)} of {self.evaluated}: " + "; ".join(self.failures)


def snapshot_marts(database: Path, target_dir: Path) -> list[str]:
    """Export every table of schema ``marts`` to ``<table>.parquet``; returns the table names."""
    target_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(database), read_only=True)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'marts' ORDER BY 1").fetchall()]
        for table in tables:
            con.execute(f"COPY marts.{table} TO '{target_dir / table}.parquet' (FORMAT parquet)")
    finally:
        con.close()
    return tables


def _describe(validation) -> list[str]:
    suite = validation.suite_name
    failed = []
    for res in validation.results:
        if res.success:
            continue
        cfg = res.expectation_config
        column = cfg.kwargs.get("column") or ",".join(cfg.kwargs.get("column_list", []) or [])
        detail = ""
        if res.exception_info and res.exception_info.get("raised_exception"):
            detail = " raised " + str(res.exception_info.get("exception_message", "")).splitlines()[0][:200]
        elif res.result and res.result.get("unexpected_count") is not None:
            detail = f" ({res.result['unexpected_count']} unexpected)"
        failed.append(f"{suite}: {cfg.type}({column}){detail}")
    return failed


def run_gate(database: Path, settings: Settings) -> GateResult:
    import great_expectations as gx

    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="newsclaims-gx-") as scratch:
        context_dir = Path(scratch) / "context"
        shutil.copytree(settings.expectations_dir, context_dir, ignore=shutil.ignore_patterns("uncommitted"))
        snapshot_dir = Path(scratch) / "marts"
        snapshot_marts(database, snapshot_dir)
        # GE resolves a relative base_directory against the working directory: make it absolute.
        # Rewritten in the scratch copy because GX's ${VAR} substitution covers only its ConfigStr
        # fields (credentials, connection strings), not a filesystem datasource's base_directory.
        config = context_dir / "great_expectations.yml"
        config.write_text(re.sub(rf"base_directory: {re.escape(DATASOURCE_DIR)}\b",
                                 f"base_directory: {snapshot_dir}", config.read_text()))
        context = gx.get_context(mode="file", context_root_dir=str(context_dir))
        try:
            result = context.checkpoints.get(CHECKPOINT).run()
        except Exception as exc:  # a missing mart or column surfaces here; it must fail the gate, named
            return GateResult(False, 0, [f"{CHECKPOINT}: {type(exc).__name__}: {exc}"])
        failures: list[str] = []
        evaluated = 0
        for validation in result.run_results.values():
            evaluated += len(validation.results)
            failures += _describe(validation)
        docs = context_dir / "uncommitted" / "data_docs" / "local_site"
        if docs.exists():
            shutil.rmtree(settings.candidate_data_docs_dir, ignore_errors=True)
            shutil.copytree(docs, settings.candidate_data_docs_dir)
    return GateResult(result.success and not failures, evaluated, failures)
