"""Warehouse stage: the state file's bulk writes, the dbt build, the quality gate and the atomic publish."""
from flows.warehouse.dbt import DbtFailure, run_dbt
from flows.warehouse.gate import GateResult, run_gate
from flows.warehouse.publish import (
           RunLocked,
           build_candidate,
           discard,
           publish,
           run_lock,
)

__all__ = ["DbtFailure", "GateResult", "RunLocked", "build_candidate", "discard", "publish", "run_dbt", "run_gate",
           "run_lock"]
