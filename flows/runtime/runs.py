"""The nightly flow on the configured Prefect API and task runner: ``newsclaims run`` and ``serve``."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from prefect import Flow
from prefect.task_runners import ThreadPoolTaskRunner

from flows.cli import console
from flows.config import Settings
from flows.runtime.dask_worker import RUN_LOG_ENV
from flows.runtime.prefect_api import temporary_api


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


def nightly_on(settings: Settings, api_url: str | None = None) -> Flow:
    """The nightly flow on the task runner ``settings`` ask for."""
    from flows.pipeline import nightly

    return nightly.with_options(task_runner=task_runner(settings, api_url))


@contextmanager
def prefect_api_for(settings: Settings) -> Iterator[str | None]:
    """The configured ``PREFECT_API_URL``, else a temporary API of this warehouse's own, started now."""
    from prefect.settings import PREFECT_API_URL

    configured = PREFECT_API_URL.value()
    if configured:
        yield configured
        return
    with ExitStack() as running:
        with console.stage("prefect", "starting the run's own Prefect API") as stage:
            url = running.enter_context(temporary_api(settings.prefect_home, settings.prefect_start_seconds))
            stage.done(f"temporary API, state in {console.relative(settings.prefect_home)}")
        yield url


def run_nightly(settings: Settings, **parameters) -> dict:
    """One nightly run. The warehouse's run lock comes first, so a second run of the same warehouse
    stops at once, before it starts a Prefect API on the first one's home."""
    from flows.warehouse import run_lock

    with run_lock(settings), prefect_api_for(settings) as api_url:
        return nightly_on(settings, api_url)(**parameters)


def serve_nightly(settings: Settings, **serve_options) -> None:
    """Serve the nightly deployment; scheduled runs take the run lock each. Without a configured
    server, the deployment lives in a temporary API whose home is kept apart from ad-hoc runs'."""
    from prefect.settings import PREFECT_API_URL

    if PREFECT_API_URL.value():
        nightly_on(settings).serve(**serve_options)
        return
    with temporary_api(settings.prefect_home / "serve", settings.prefect_start_seconds) as api_url:
        nightly_on(settings, api_url).serve(**serve_options)
