"""``python -m tests.e2e.kill_at STAGE -- newsclaims run ARGS``: a run that SIGKILLs itself in STAGE.

Used by test_kill.py. Each stage's hook kills the run process the way ``kill -9`` would, in the
middle of the stage's work, at a point the run reaches by what it does, never after a delay, so a
loaded machine kills it at the same place as a quiet one: extraction and analysis when the first
batch's result is back from the task runner's workers, before it is loaded; the load between two
writes of its transaction; dbt when it starts its first node; the gate once it has snapshotted the
marts and set up its validation context; publish right after the swap.
"""
from __future__ import annotations

import importlib
import os
import signal
import sys
import types


def _kill_self() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _killing_first_call(function):
    def killing(*args, **kwargs):
        _kill_self()
        return function(*args, **kwargs)
    return killing


def install(stage: str) -> None:
    # The modules themselves: flows.warehouse's __init__ shadows the name "publish" with the function.
    load, gate, publish, state = (importlib.import_module(f"flows.{name}") for name in (
        "warehouse.load", "warehouse.gate", "warehouse.publish", "warehouse.state"))

    if stage == "extract":  # a batch is extracted, not loaded
        load.StateLedger.load_batch = _killing_first_call(load.StateLedger.load_batch)
    elif stage == "load":
        replace_rows = state.replace_rows

        def kill_mid_transaction(con, name, *args, **kwargs):
            if name == "raw.documents":  # raw.pages is written, the commit not reached
                _kill_self()
            return replace_rows(con, name, *args, **kwargs)
        state.replace_rows = kill_mid_transaction
    elif stage == "analyze":
        load.load_analysis = _killing_first_call(load.load_analysis)  # a batch is analysed, not loaded
    elif stage == "dbt":
        import dbt.cli.main

        runner = dbt.cli.main.dbtRunner

        def kill_at_first_node(event) -> None:
            if event.info.name == "NodeStart":
                _kill_self()
        dbt.cli.main.dbtRunner = lambda *args, **kwargs: runner(callbacks=[kill_at_first_node])
    elif stage == "gate":
        context = gate._context

        def context_then_kill(*args, **kwargs):
            built = context(*args, **kwargs)  # the marts are snapshotted, the metrics written
            _kill_self()
            return built
        gate._context = context_then_kill
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
    main(argv)
