"""The command line: ``newsclaims`` and its commands (commands.py), ``newsclaims run`` as a person
sees it (runner.py, console.py), the analyst commands on the published file
(analyst.py) and scratch analysis of loose files (scratch.py)."""
from __future__ import annotations

import atexit
import logging
import os
import sys
from typing import NoReturn

from flows.cli import commands


def main(argv: list[str] | None = None) -> NoReturn:
    """``newsclaims`` as a program: the command, then the process ends with its exit status once the
    exit handlers ran (budget children closed, Prefect's queues drained) and the log and the streams
    are flushed, without the interpreter's teardown, which freed every object of dbt, Great
    Expectations, spaCy and pandas one by one for 1-3 s after the run's work was done
    (bench/RESULTS.md, issue 27). ``commands.main`` runs a command and returns its status."""
    status = commands.main(argv)
    atexit._run_exitfuncs()  # what the interpreter's exit would run first; no public name for it
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


__all__ = ["main"]
