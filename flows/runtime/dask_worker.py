"""Dask's preload for the workers of a local cluster (``preload=["flows.runtime.dask_worker"]``): each
worker process dies with the run that started it, even on ``kill -9``, and writes its logs (Prefect's
task-run lines among them), its standard output and its standard error to the run's log file, not
to the terminal the stage lines go to."""
from __future__ import annotations

import os
from pathlib import Path

from flows.runtime.children import die_with_parent
from flows.runtime.run_log import route_logs, stderr_to

RUN_LOG_ENV = "NEWSCLAIMS_RUN_LOG"


def dask_setup(worker) -> None:
    die_with_parent()
    if os.environ.get(RUN_LOG_ENV):
        log = Path(os.environ[RUN_LOG_ENV])
        route_logs(log)
        stderr_to(log, (1, 2))
