"""A flow (the nightly one, handed in by the command line) on the configured Prefect API and task
runner: ``newsclaims run`` and ``serve``."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager

from prefect import Flow
from prefect.task_runners import ThreadPoolTaskRunner

from flows.config import Settings
from flows.runtime.dask_worker import RUN_LOG_ENV
from flows.runtime.prefect_api import temporary_api
from flows.runtime.stages import stage


def task_runner(settings: Settings, api_url: str | None = None):
    """Dask: the cluster at ``settings.dask_address``, else a local cluster with one single-threaded
    worker process per core (each loads spaCy once, logs to the run log and dies with this
    process), its workers reporting to the Prefect API at ``api_url``; with one worker, the tasks
    run in this process."""
    if settings.dask_address or settings.workers > 1:
        from prefect_dask import DaskTaskRunner

        if settings.dask_address:
            return DaskTaskRunner(address=settings.dask_address)
        import dask

        # The cluster's lock and spill files go with the run's scratch, which a killed run's successor clears.
        dask.config.set({"temporary-directory": str(settings.scratch_dir / "dask")})
        prefect = {"PREFECT_API_URL": api_url, "PREFECT_HOME": str(settings.prefect_home)} if api_url else {}
        return DaskTaskRunner(cluster_kwargs={
            "n_workers": settings.workers, "threads_per_worker": 1, "processes": True, "dashboard_address": None,
            "preload": ["flows.runtime.dask_worker"], "env": {**prefect, RUN_LOG_ENV: str(settings.log_file)}})
    return ThreadPoolTaskRunner(max_workers=1)


def on_task_runner(flow: Flow, settings: Settings, api_url: str | None = None) -> Flow:
    """``flow`` on the task runner ``settings`` ask for."""
    return flow.with_options(task_runner=task_runner(settings, api_url))


def runner_for_night(settings: Settings, configured, night_size: Callable[[], int]):
    """The task runner for a night of ``night_size()`` batched items: ``configured`` (a copy), except
    that less than a batch per worker runs in this process, because starting a local cluster (worker
    processes, the model loaded in each) costs more than doing such a night here."""
    if settings.workers > 1 and not settings.dask_address and night_size() < settings.batch_pages * settings.workers:
        return ThreadPoolTaskRunner(max_workers=1)
    return configured.duplicate()


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
    with run_lock(settings), prefect_api_for(settings, lambda: loaded.append(load_flow())) as api_url:
        return on_task_runner(loaded[0], settings, api_url)(**parameters)


def serve_flow(flow: Flow, settings: Settings, **serve_options) -> None:
    """Serve ``flow``'s deployment; scheduled runs take the run lock each. Without a configured
    server, the deployment lives in a temporary API whose home is kept apart from ad-hoc runs'."""
    from prefect.settings import PREFECT_API_URL

    if PREFECT_API_URL.value():
        on_task_runner(flow, settings).serve(**serve_options)
        return
    with temporary_api(settings.prefect_home / "serve", settings.prefect_start_seconds) as api_url:
        on_task_runner(flow, settings, api_url).serve(**serve_options)
