"""A run's own temporary Prefect API, for when no ``PREFECT_API_URL`` is configured.

Prefect would otherwise start one itself, with the home and SQLite database every run of the user
shares (two runs at once lock each other out of it), on a port it checks and then lets uvicorn bind
(another process can take it in between), and give up after 20 seconds (a loaded machine takes
minutes). Here each warehouse's runs keep Prefect's home and database in a directory of their own
(``Settings.prefect_home``; the run lock keeps it to one run at a time, and a kept database spares the
next run its schema migrations), the server gets a socket the OS bound for it before it starts, and
the start waits ``Settings.prefect_start_seconds``. A start that fails is retried once; then the run
ends with what happened and what to do. The server's own output goes to a log in its home, never
to the terminal, and the server dies with the run even on ``kill -9``.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from flows.runtime.children import die_with_parent

POLL_SECONDS = 0.2
HEALTH_SECONDS = 5
STOP_SECONDS = 10
ATTEMPTS = 2  # one retry


class PrefectApiUnavailable(RuntimeError):
    """The run's temporary Prefect API did not start; the message says what to do."""


def server_command(fd: int) -> list[str]:
    """uvicorn serving Prefect's API app on the listening socket ``fd``."""
    return [sys.executable, "-m", "uvicorn", "--factory", "prefect.server.api.server:create_app", "--fd", str(fd),
            "--log-level", "error", "--lifespan", "on"]


def server_environment(home: Path) -> dict[str, str]:
    from prefect.settings import get_current_settings

    return {**os.environ, **get_current_settings().to_environment_variables(exclude_unset=True),
            "PREFECT_HOME": str(home),
            "PREFECT_API_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{home / 'prefect.db'}",
            "PREFECT_UI_ENABLED": "0", "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            # What Prefect's own temporary server sets: no background services, no UI build.
            "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}


class TemporaryApi:
    """One uvicorn process serving Prefect's API from ``home``, on a port the OS chose."""

    def __init__(self, home: Path):
        self.home = home
        self.log = home / "server.log"
        self.process: subprocess.Popen | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def spawn(self) -> None:
        """Start the server without waiting for it (``wait``)."""
        self.home.mkdir(parents=True, exist_ok=True)
        # The socket is bound and listening before the server starts, so no other process can take the port.
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listening, self.log.open("ab") as log:
            listening.bind(("127.0.0.1", 0))
            listening.listen(128)
            self.port = listening.getsockname()[1]
            self.process = subprocess.Popen(
                server_command(listening.fileno()), env=server_environment(self.home), pass_fds=[listening.fileno()],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, preexec_fn=die_with_parent)

    def wait(self, timeout: float) -> str | None:
        """Wait for the spawned server's ``/health``; None when it answered, else why not."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return f"the server exited with code {self.process.returncode}"
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=HEALTH_SECONDS) as response:
                    if response.status == 200:
                        return None
            except OSError:  # refused, reset or timed out while it starts
                pass
            time.sleep(POLL_SECONDS)
        return f"the server did not answer within {timeout:g} s"

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


@contextmanager
def temporary_api(home: Path, start_seconds: float, meanwhile: Callable[[], object] = lambda: None) -> Iterator[str]:
    """A started temporary API's URL, with Prefect's home and API URL set to it in this process
    (and so in every process Prefect starts from it); stopped on exit. ``meanwhile`` runs while the
    server starts (the server's start is a second process importing Prefect's server: on two cores
    the caller's own imports cost no wall time beside it)."""
    from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, PREFECT_HOME, temporary_settings

    api = TemporaryApi(home)
    problems = []
    try:
        for attempt in range(ATTEMPTS):
            api.spawn()
            if attempt == 0:
                meanwhile()
            problem = api.wait(start_seconds)
            if problem is None:
                break
            api.stop()
            problems.append(problem)
        else:
            raise PrefectApiUnavailable(
                f"the run's temporary Prefect API did not start ({'; then '.join(problems)}; its output is in "
                f"{api.log}). Run again when the machine is less busy, allow a longer start with "
                f"NEWSCLAIMS_PREFECT_START_SECONDS (now {start_seconds:g}), or point PREFECT_API_URL at a running "
                "Prefect server (prefect server start)")
        # No flow run heartbeats: a server detects a crashed run from them with proactive automations, a
        # service this temporary API does not run; and each flow run's end waits up to a second for the
        # heartbeat thread's sleep.
        with temporary_settings({PREFECT_API_URL: api.url, PREFECT_HOME: home,
                                 PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
            try:
                yield api.url
            finally:
                drain_to_api()
    finally:
        api.stop()


def drain_to_api(timeout: float = 60) -> None:
    """Send the log lines and events Prefect still queues for the API, while it is up: at exit,
    with the server gone, Prefect would retry and then print the failure to the terminal."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        worker.drain_all(timeout=timeout)
