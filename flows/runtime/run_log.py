"""The run log beside the warehouse: library logs, warnings and tracebacks go there, not to the screen.

Prefect installs a console handler on the root logger (and on uvicorn's and fastapi's loggers);
``route_logs`` moves them to the log file, so the terminal shows only the stage lines and the summary
(the command line's console), and points standard error itself at the log. ``--verbose`` keeps
Prefect's console output and standard error on the terminal. Budget children inherit the standard
error it points at.
"""
from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import traceback
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
MAX_BYTES = 5 * 1024 * 1024
BACKUPS = 3
# Loggers that say nothing a reader of the run log needs at INFO (one line per HTTP call to Prefect's API).
CHATTY = ("httpx", "httpcore", "great_expectations._docs_decorators")


def _console_handlers(logger: logging.Logger) -> list[logging.Handler]:
    """Handlers writing to the terminal (Prefect's, or a plain stream handler on stdout/stderr)."""
    from prefect.logging.handlers import PrefectConsoleHandler

    terminal = {id(s) for s in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__)}
    return [h for h in logger.handlers if isinstance(h, PrefectConsoleHandler)
            or (type(h) is logging.StreamHandler and id(h.stream) in terminal)]


def route_logs(log_file: Path, verbose: bool = False) -> logging.Handler:
    """Send every log record and warning to ``log_file``; off the screen unless ``verbose``."""
    from prefect.logging.configuration import ensure_logging_setup

    # Prefect configures logging lazily (on `prefect.main`); have it done now, then move its handlers.
    ensure_logging_setup()

    log_file.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(log_file, maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                                   encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.setLevel(logging.INFO)
    logging.captureWarnings(True)  # library warnings become records of the "py.warnings" logger
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    for name in CHATTY:
        logging.getLogger(name).setLevel(logging.WARNING)
    for logger in (root, logging.getLogger("uvicorn"), logging.getLogger("fastapi")):
        if not verbose:
            for console in _console_handlers(logger):
                logger.removeHandler(console)
        if logger is root or not logger.propagate:
            logger.addHandler(handler)
    if not verbose:
        stderr_to(log_file)
    return handler


def stderr_to(log_file: Path) -> None:
    """Point this process's standard error (file descriptor 2) at the log, for good: what writes there
    without Python's logging (dbt's console events, the budget children, which send their standard
    output there too, and DuckDB's nanobind bindings reporting at interpreter exit) stays off the
    terminal, whose stage lines and closing paragraph go to standard output."""
    sys.stdout.flush()
    sys.stderr.flush()
    descriptor = os.open(log_file, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    os.dup2(descriptor, 2)
    os.close(descriptor)


def log_failure(exc: BaseException) -> None:
    """Write the full traceback to the log, then release the frames it holds.

    The traceback of a failed flow keeps the flow's frames, and with them closed DuckDB connections,
    alive until the interpreter exits; DuckDB's nanobind bindings then report them as leaked
    ("nanobind: leaked 28 instances"). Clearing the frames' locals lets them be freed normally.
    """
    logging.getLogger("newsclaims").error(
        "run failed\n%s", "".join(traceback.format_exception(exc)).rstrip())
    release_frames(exc)


def release_frames(exc: BaseException | None) -> None:
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        traceback.clear_frames(exc.__traceback__)
        exc = exc.__cause__ or exc.__context__
