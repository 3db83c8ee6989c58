"""Where a run executes: its Prefect API (a temporary one of its own unless ``PREFECT_API_URL`` is
set), its task runner (threads here, or an existing Dask cluster) and how batches fan out over it, the child
processes that do its work under a budget or must die with it, its log, and the display its stages
are shown on. The pipeline (``flows.pipeline``) says what a run does; this package, where and on
what. It never imports the flow: the command line hands it in."""
from flows.runtime.budget import close_idle_workers
from flows.runtime.children import die_with_parent
from flows.runtime.prefect_api import PrefectApiUnavailable
from flows.runtime.runs import on_task_runner, run_flow, serve_flow, task_runner
from flows.runtime.stages import progress, showing_stages, stage
from flows.runtime.submit import fan_out

__all__ = ["PrefectApiUnavailable", "close_idle_workers", "die_with_parent", "fan_out", "on_task_runner", "progress", "run_flow",
           "serve_flow", "showing_stages", "stage", "task_runner"]
