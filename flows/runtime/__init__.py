"""Where a run executes: its Prefect API (a temporary one of its own unless ``PREFECT_API_URL`` is
set), its task runner (a Dask cluster, local or existing) and how batches fan out over it, the child
processes that do its work under a budget or must die with it, its log, and the display its stages
are shown on. The pipeline (``flows.pipeline``) says what a run does; this package, where and on
what. It never imports the flow: the command line hands it in."""
from flows.runtime.children import die_with_parent
from flows.runtime.prefect_api import PrefectApiUnavailable
from flows.runtime.runs import on_task_runner, run_flow, runner_for_night, serve_flow, task_runner
from flows.runtime.stages import progress, showing_stages, stage
from flows.runtime.submit import fan_out

__all__ = ["PrefectApiUnavailable", "die_with_parent", "fan_out", "on_task_runner", "progress", "run_flow",
           "runner_for_night", "serve_flow", "showing_stages", "stage", "task_runner"]
