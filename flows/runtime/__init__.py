"""Where a run executes: its Prefect API (a temporary one of its own unless ``PREFECT_API_URL`` is
set), its task runner (a Dask cluster, local or existing), and the child processes that do its work
under a budget or must die with it. The pipeline (``flows.pipeline``) says what a run does; this
package, where and on what."""
from flows.runtime.children import die_with_parent
from flows.runtime.prefect_api import PrefectApiUnavailable
from flows.runtime.runs import nightly_on, run_nightly, serve_nightly, task_runner

__all__ = ["PrefectApiUnavailable", "die_with_parent", "nightly_on", "run_nightly", "serve_nightly", "task_runner"]
