"""Run the dbt project against a DuckDB file in-process (dbt's programmatic ``dbtRunner``) and report
every failed node by name."""
from __future__ import annotations

import hashlib
import json
import tempfile
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from flows.config import Settings


class DbtFailure(RuntimeError):
    """dbt failed; ``failures`` names each failed model, seed or test, or says why dbt could not run."""

    def __init__(self, failures: list[str]):
        self.failures = failures
        super().__init__("dbt build failed: " + "; ".join(failures))


@dataclass(frozen=True)
class DbtResult:
    nodes: int
    tests_passed: int


def _release_database() -> None:
    """Close dbt-duckdb's cached database handle: it outlives the invocation in this process, and
    DuckDB refuses to open the same file again with another configuration (read-only) meanwhile."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    environment = DuckDBConnectionManager._ENV
    if environment is not None:
        environment.close()
    DuckDBConnectionManager.close_all_connections()


def project_fingerprint(settings: Settings) -> str:
    """Changes whenever what the marts are built with changes (the dbt project, its seeds, the
    expectations, dbt and DuckDB versions): a published file built with another fingerprint is
    rebuilt in full, never incrementally."""
    digest = hashlib.sha256()
    for package in ("dbt-core", "dbt-duckdb", "duckdb"):
        digest.update(f"{package}=={version(package)}".encode())
    for root in (settings.dbt_dir, settings.reference_dir, settings.expectations_dir):
        for path in sorted(root.rglob("*")):
            relative = path.relative_to(root)
            if path.is_file() and not {"target", "logs", "uncommitted"} & set(relative.parts):
                digest.update(str(relative).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def run_dbt(database: Path, settings: Settings, command: str = "build", select: str | None = None,
            indirect_selection: str | None = None, state_db: Path | None = None,
            full_refresh: bool = True, target_dir: Path | None = None,
            extra_args: tuple[str, ...] = ()) -> DbtResult:
    """Run ``dbt <command>`` in the state file (default ``settings.state_db``: staging and
    intermediate models) with the marts going to ``database`` and the gazetteer attached read-only.

    Without ``full_refresh``, incremental models rebuild the documents changed after the revision
    the candidate's ops.build_state says it was built at (dbt/macros/incremental.sql).
    The paths reach the profile as dbt vars, so the process environment is never changed.
    ``indirect_selection="cautious"`` keeps out tests that also touch unselected models. dbt's
    artifacts go to a scratch directory unless ``target_dir`` asks to keep them; there dbt keeps
    its parse too, and the next call parses only what changed.
    """
    from dbt.cli.main import dbtRunner

    settings.scratch_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="dbt-", dir=settings.scratch_dir) as scratch:
        paths = {"database": str(database), "gazetteer": str(settings.gazetteer_db),
                 "state": str(state_db or settings.state_db), "memory_limit": f"{settings.dbt_memory_mb}MB"}
        args = [
            *command.split(),
            *extra_args,
            "--project-dir", str(settings.dbt_dir),
            "--profiles-dir", str(settings.dbt_dir),
            "--target-path", str(target_dir or Path(scratch) / "target"),
            "--log-path", str(Path(scratch) / "logs"),
            # JSON is YAML, which dbt parses --vars as; a Python repr of a path with both quotes is not.
            "--vars", json.dumps(paths),
            "--partial-parse" if target_dir else "--no-partial-parse",
            # No console output at all: failures come back in the results, and the run reports them.
            "--no-send-anonymous-usage-stats", "--log-level", "none", "--no-use-colors",
        ]
        if full_refresh and command.split()[0] in ("build", "run"):
            args.append("--full-refresh")
        if select:
            args += ["--select", select]
        if indirect_selection:
            args += ["--indirect-selection", indirect_selection]
        try:
            outcome = dbtRunner().invoke(args)
        finally:
            _release_database()
    results = list(getattr(outcome.result, "results", None) or [])
    failures = [
        f"{r.node.unique_id}: {r.status}" + (f" ({r.message})" if r.message else "")
        for r in results
        if str(r.status) in ("error", "fail", "runtime error")
    ]
    if outcome.exception is not None and not failures:
        failures = [f"{type(outcome.exception).__name__}: {outcome.exception}".strip()]
    if not outcome.success or failures:
        raise DbtFailure(failures or ["dbt ended unsuccessfully without naming a failed node"])
    passed = sum(1 for r in results if r.node.unique_id.startswith("test.") and str(r.status) == "pass")
    return DbtResult(nodes=len(results), tests_passed=passed)
