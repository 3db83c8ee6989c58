"""``newsclaims run`` as a person sees it: the stage lines, then the summary or why the run failed."""
from __future__ import annotations

import time
import traceback
from pathlib import Path

from flows.cli import console
from flows.config import Settings
from flows.runtime.run_log import log_failure, route_logs


def _nightly():
    from flows.pipeline import nightly

    return nightly


def run_command(landing: str | None, warehouse: str | None, verbose: bool = False, full_refresh: bool = False) -> int:
    settings = Settings().with_paths(Path(landing) if landing else None, Path(warehouse) if warehouse else None)
    route_logs(settings.log_file, verbose)
    from flows.runtime import run_flow, showing_stages

    out = console.CONSOLE
    out.line(f"newsclaims run: {console.relative(settings.landing_dir)} -> {console.relative(settings.warehouse)}")
    started = time.perf_counter()
    try:
        with showing_stages(console.CONSOLE):
            run = run_flow(_nightly, settings, landing=landing, warehouse=warehouse, full_refresh=full_refresh)
    except Exception as exc:  # every failure ends in one paragraph; the traceback goes to the log
        if verbose:
            out.line("".join(traceback.format_exception(exc)).rstrip())
        paragraph = console.failure_paragraph(exc, settings, verbose)
        log_failure(exc)
        out.line()
        for line in paragraph:
            out.line(line)
        return 1
    out.line()
    for line in console.summary_lines(run, settings, time.perf_counter() - started):
        out.line(line)
    return 0
