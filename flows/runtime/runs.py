"""A flow (the nightly one, handed in by the command line) on the configured Prefect API and task
runner: ``newsclaims run`` and ``serve``."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING

from flows.config import Settings
from flows.runtime.prefect_api import temporary_api
from flows.runtime.stages import stage

if TYPE_CHECKING:  # Prefect is imported where a run starts, never by a budget child (flows.runtime.budget)
    from prefect import Flow


def task_runner(settings: Settings):
    """Dask: the cluster at ``settings.dask_address``, its workers reporting to the Prefect API they
    were started with; else threads in this process, one per worker, each driving its budget child
    (``flows.runtime.budget``) where the work runs. Threads and not a local Dask cluster: the work is
    in the children either way, and a worker process per core beside its child held a second copy
    of the imports (bench/RESULTS.md, issue 27)."""
    if settings.dask_address:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=settings.dask_address)
    from prefect.task_runners import ThreadPoolTaskRunner

    return ThreadPoolTaskRunner(max_workers=settings.workers)


def on_task_runner(flow: Flow, settings: Settings) -> Flow:
    """``flow`` on the task runner ``settings`` ask for."""
    return flow.with_options(task_runner=task_runner(settings))


@contextmanager
def prefect_api_for(settings: Settings, meanwhile: Callable[[], object] = lambda: None) -> Iterator[str | None]:
    """The configured ``PREFECT_API_URL``, else a temporary API of this warehouse's own, started now;
    ``meanwhile`` runs while it starts, or at once with a configured API."""
    from prefect.settings import PREFECT_API_URL

    configured = PREFECT_API_URL.value()
    if configured:
        meanwhile()
        yield configured
        return
    with ExitStack() as running:
        with stage("prefect", "starting the run's own Prefect API") as shown:
            url = running.enter_context(temporary_api(settings.prefect_home, settings.prefect_start_seconds,
                                                      meanwhile))
            shown.done(f"temporary API, its state in {settings.prefect_home.name}")
        yield url


def run_flow(load_flow: Callable[[], Flow], settings: Settings, **parameters) -> dict:
    """One run of the flow ``load_flow()`` returns. The warehouse's run lock comes first, so a second
    run of the same warehouse stops at once, before it starts a Prefect API on the first one's home;
    the flow's module (the pipeline's imports, seconds) loads while the API starts."""
    from flows.warehouse import run_lock

    loaded: list[Flow] = []
    with run_lock(settings), prefect_api_for(settings, lambda: loaded.append(load_flow())):
        return on_task_runner(loaded[0], settings)(**parameters)


def serve_flow(flow: Flow, settings: Settings, **serve_options) -> None:
    """Serve ``flow``'s deployment; scheduled runs take the run lock each. Without a configured
    server, the deployment lives in a temporary API whose home is kept apart from ad-hoc runs'."""
    from prefect.settings import PREFECT_API_URL

    if PREFECT_API_URL.value():
        on_task_runner(flow, settings).serve(**serve_options)
        return
    with temporary_api(settings.prefect_home / "serve", settings.prefect_start_seconds):
        on_task_runner(flow, settings).serve(**serve_options)
