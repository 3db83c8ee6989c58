"""`newsclaims serve` against a real Prefect server on loopback: the deployment registers with its
cron schedule, and a run triggered through it completes and publishes the warehouse."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import duckdb
import pytest

from tests.conftest import SAMPLE_PAGES

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Answers a busy server gives for a request it did not process; Prefect's own client retries them too.
RETRIED = (429, 502, 503)


def _api(url: str, payload: dict | None = None, attempts: int = 10):
    data = json.dumps(payload).encode() if payload is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    for attempt in range(attempts):
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as exc:
            if exc.code not in RETRIED or attempt == attempts - 1:
                raise
            time.sleep(2)


def _wait(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except OSError:
            pass
        time.sleep(1)
    raise AssertionError(f"timed out waiting for {what}")


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_serve_registers_a_cron_deployment_and_runs_it(tmp_path):
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect"), "PREFECT_API_URL": api,
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_SERVER_UI_ENABLED": "false"}
    landing = tmp_path / "landing"
    shutil.copytree(SAMPLE_PAGES, landing)
    warehouse = tmp_path / "warehouse" / "newsclaims.duckdb"
    server = subprocess.Popen([str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    serve = None
    try:
        _wait(lambda: _api(f"{api}/health"), 120, "the Prefect server")
        serve = subprocess.Popen(
            [str(BIN / "newsclaims"), "serve", "--name", "ci", "--cron", "15 3 * * *",
             "--landing", str(landing), "--warehouse", str(warehouse)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deployment = _wait(lambda: _api(f"{api}/deployments/name/newsclaims-nightly/ci"), 120, "the deployment")
        schedules = [s["schedule"] for s in deployment["schedules"]]
        assert schedules and schedules[0]["cron"] == "15 3 * * *" and schedules[0]["timezone"] == "UTC"

        flow_run = _api(f"{api}/deployments/{deployment['id']}/create_flow_run", {})
        final = _wait(lambda: (lambda r: r if r["state"]["type"] in ("COMPLETED", "FAILED", "CRASHED") else None)(
            _api(f"{api}/flow_runs/{flow_run['id']}")), 900, "the triggered flow run")
        assert final["state"]["type"] == "COMPLETED", final["state"]
    finally:
        if serve:
            _stop(serve)
        _stop(server)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM marts.fct_documents").fetchone() == (5,)
        assert con.execute("SELECT status FROM ops.pipeline_runs").fetchall() == [("published",)]
    finally:
        con.close()
