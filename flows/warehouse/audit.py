"""Write-audit: build the candidate, gate it, quarantine the rows that break row-level
expectations and build it again without them, so one odd page never stops the publish.

The build is incremental: the candidate starts as a copy of the published file and dbt redoes the
documents whose revision is above the one it was built at (flows.warehouse.publish). When nothing
changed since, neither dbt nor the gate runs: the published marts already passed it."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from flows.config import Settings
from flows.warehouse import state
from flows.warehouse.dbt import project_fingerprint, run_dbt
from flows.warehouse.gate import GateResult, RunVolume, run_gate
from flows.warehouse.publish import build_candidate, discard, record_build, record_models_build
from flows.warehouse.quarantine import quarantine_offenders


@dataclass
class Audit:
    candidate: Path
    gate: GateResult
    quarantined_documents: set[str] = field(default_factory=set)  # documents kept out whole this run
    rebuilt: bool = True  # False: nothing changed since the published build, which the candidate copies
    warnings: list[str] = field(default_factory=list)  # for the run's record
    # Each pass of the gate, (title, GateResult), for its page in the data docs.
    passes: list[tuple[str, GateResult]] = field(default_factory=list)


def last_published_documents(settings: Settings) -> int | None:
    with state.connect(settings.state_db) as con:
        row = con.execute("SELECT documents FROM ops.pipeline_runs WHERE status = 'published'"
                          " ORDER BY ended_at DESC NULLS LAST LIMIT 1").fetchone()
    return row[0] if row else None


def _built(settings: Settings, full_refresh: bool) -> tuple[Path, list[str] | None, bool, list[str]]:
    """The candidate with its marts up to date, the documents the build changed (None: all), whether
    dbt had anything to do, and any warning on the way."""
    fingerprint = project_fingerprint(settings)
    candidate = build_candidate(settings, fingerprint, full_refresh)
    warnings = [candidate.warning] if candidate.warning else []
    for warning in warnings:
        logging.getLogger(__name__).warning(warning)
    with state.connect(settings.state_db) as con:
        revision = state.current_revision(con)
        changed = None if candidate.since_revision < 0 else state.changed_since(con, candidate.since_revision)
    if candidate.since_revision == revision:
        return candidate.path, changed, False, warnings
    incremental = candidate.since_revision >= 0
    # A unit test checks a model's SQL on fixed rows: its outcome changes only with the project, whose
    # new fingerprint means a full build, where they all run (1.4 of a small night's 10 CPU s in dbt).
    record_models_build(settings, fingerprint)
    run_dbt(candidate.path, settings, "build", full_refresh=not incremental, target_dir=settings.dbt_target_dir,
            extra_args=("--exclude-resource-type", "unit_test") if incremental else ())
    record_build(candidate.path, revision, fingerprint)
    return candidate.path, changed, True, warnings


def audit_candidate(settings: Settings, run_id: str, new_documents: set[str], full_refresh: bool = False) -> Audit:
    """The gated candidate. Raises DbtFailure from dbt; a failed gate is in ``Audit.gate``."""
    previous = last_published_documents(settings)
    candidate, changed, rebuilt, warnings = _built(settings, full_refresh)
    if not rebuilt:
        return Audit(candidate, GateResult(True, 0), rebuilt=False, warnings=warnings)
    gate = run_gate(candidate, settings, RunVolume(previous, len(new_documents)), changed)
    if not gate.offenders:
        return Audit(candidate, gate, warnings=warnings, passes=[("Gate", gate)])
    first = gate
    with state.connect(settings.state_db) as con:
        con.begin()
        quarantined = quarantine_offenders(con, run_id, gate.offenders)
        con.commit()
    discard(candidate)
    candidate, changed, _, _ = _built(settings, full_refresh)
    gate = run_gate(candidate, settings, RunVolume(previous, len(new_documents), len(quarantined & new_documents)),
                    changed)
    if gate.offenders:  # quarantine removed them from raw: any left are made by the marts themselves
        gate.success = False
        gate.failures.append(f"{len(gate.offenders)} rows still break row-level expectations after quarantine, "
                             f"e.g. {gate.offenders[0].expectation}")
    return Audit(candidate, gate, quarantined, warnings=warnings,
                 passes=[("Gate", first), ("Gate after quarantine", gate)])
