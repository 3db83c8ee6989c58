"""``python -m tests.e2e.kill_at STAGE -- newsclaims run ARGS``: a run that SIGKILLs itself in STAGE.

Used by test_kill.py. Each stage's hook kills the run process the way ``kill -9`` would, in the
middle of the stage's work where the stage has some (a timer while the task runner's workers
extract or analyse, or dbt or the gate runs; the load between two writes of its transaction;
publish right after the swap). A timed stage that ends before its timer waits for it there, so a
fast machine never carries the run on to publish.
"""
from __future__ import annotations

import importlib
import os
import signal
import sys
import threading
import time
import types


def _kill_self(after: float = 0.0) -> None:
    if after:
        threading.Timer(after, os.kill, (os.getpid(), signal.SIGKILL)).start()
    else:
        os.kill(os.getpid(), signal.SIGKILL)


def _held_until_killed(outcome):
    time.sleep(60)  # the timer fires in here at the latest
    return outcome


def install(stage: str) -> None:
    # The modules themselves: flows.warehouse's __init__ shadows the name "publish" with the function.
    pipeline, audit, publish, state = (importlib.import_module(f"flows.{name}") for name in (
        "pipeline", "warehouse.audit", "warehouse.publish", "warehouse.state"))

    if stage == "extract":
        fan_out = pipeline.fan_out

        def submit_then_kill(batches, submit, collect, in_flight):
            def submitted(batch):
                future = submit(batch)
                _kill_self(after=0.5)  # the task runner's workers are extracting the batch
                return _held_until_killed(future)
            return fan_out(batches, submitted, collect, in_flight)
        pipeline.fan_out = submit_then_kill
    elif stage == "load":
        replace_rows = state.replace_rows

        def kill_mid_transaction(con, name, *args, **kwargs):
            if name == "raw.documents":  # raw.pages is written, the commit not reached
                _kill_self()
            return replace_rows(con, name, *args, **kwargs)
        state.replace_rows = kill_mid_transaction
    elif stage == "analyze":
        analyze_documents = pipeline.analyze_documents

        def analyze_then_kill(settings):
            _kill_self(after=1.0)  # loading the model alone takes longer
            return _held_until_killed(analyze_documents(settings))
        pipeline.analyze_documents = analyze_then_kill
    elif stage in ("dbt", "gate"):
        name = "run_dbt" if stage == "dbt" else "run_gate"
        real = getattr(audit, name)

        def killed_midway(*args, **kwargs):
            _kill_self(after=2.0)
            return _held_until_killed(real(*args, **kwargs))
        setattr(audit, name, killed_midway)
    elif stage == "publish":
        def replace_then_kill(src, dst):
            os.replace(src, dst)
            _kill_self()
        publish.os = types.SimpleNamespace(**{**vars(os), "replace": replace_then_kill})
    else:
        raise SystemExit(f"unknown stage {stage!r}")


if __name__ == "__main__":
    from flows.cli import main

    stage, separator, *argv = sys.argv[1:]
    assert separator == "--"
    install(stage)
    sys.exit(main(argv))
