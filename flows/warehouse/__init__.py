"""Warehouse stage: the state file's bulk writes, the dbt build, the quality gate and the atomic publish."""
from flows.warehouse.dbt import DbtFailure, project_fingerprint, run_dbt
from flows.warehouse.gate import GateFailed, GateResult, run_gate
from flows.warehouse.publish import (
    Candidate,
    RunLocked,
    build_candidate,
    discard,
    publish,
    record_build,
    run_lock,
)

__all__ = ["Candidate", "DbtFailure", "GateFailed", "GateResult", "RunLocked", "build_candidate", "discard", "project_fingerprint",
           "publish", "record_build", "run_dbt", "run_gate", "run_lock"]
