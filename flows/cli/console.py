"""What a person sees of a run: one line per stage with its count and time, a progress bar on long
stages at a terminal only, and a closing summary or one paragraph saying why the run failed.

Everything else (library logs, warnings, tracebacks) goes to the run log (``flows.runtime.run_log``). The
stage lines are written to the console's own stream, never through ``print``: the flow's
``log_prints`` would turn a print into a log record.
"""
from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)

from flows.site.links import relative
from flows.warehouse.state import mart_counts

# Below this many items a stage finishes in seconds: a bar would only flicker.
PROGRESS_MIN_ITEMS = 50
NAME_WIDTH = 10


@dataclass
class Stage:
    name: str
    detail: str = ""

    def done(self, detail: str) -> None:
        self.detail = detail


class RunConsole:
    def __init__(self, stream=None):
        self.console = Console(file=stream or sys.stdout, highlight=False, soft_wrap=True)

    @property
    def interactive(self) -> bool:
        return self.console.is_terminal

    def line(self, text: str = "") -> None:
        self.console.print(text, markup=False)

    @contextmanager
    def stage(self, name: str, waiting: str | None = None) -> Iterator[Stage]:
        """A stage's line, written when it ends; at a terminal a spinner says what is running meanwhile."""
        stage = Stage(name)
        started = time.perf_counter()
        try:
            if self.interactive:
                with self.console.status(waiting or f"{name} …"):
                    yield stage
            else:
                yield stage
        except BaseException as exc:
            stage.detail = stage.detail or _shorten(f"failed: {exc}", 50)
            raise
        finally:
            self.line(f"  {name:<{NAME_WIDTH}} {stage.detail:<50} {_duration(time.perf_counter() - started):>7}")

    def progress(self, items: Iterable, total: int, description: str) -> Iterator:
        """``items`` with a bar at a terminal when there are enough of them to take a while."""
        if not self.interactive or total < PROGRESS_MIN_ITEMS:
            yield from items
            return
        columns = (TextColumn(f"  {description:<{NAME_WIDTH}}"), BarColumn(), MofNCompleteColumn(),
                   TimeRemainingColumn())
        with Progress(*columns, console=self.console, transient=True) as bar:
            yield from bar.track(items, total=total)


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f} s"
    return f"{int(seconds // 60)} min {int(seconds % 60):02d} s"


CONSOLE = RunConsole()


def stage(name: str, waiting: str | None = None):
    return CONSOLE.stage(name, waiting)


def progress(items: Iterable, total: int, description: str) -> Iterator:
    return CONSOLE.progress(items, total, description)


def use(console: RunConsole) -> None:
    """Send the stage lines elsewhere (tests, or a quieter caller)."""
    global CONSOLE
    CONSOLE = console


def summary_lines(run: dict, settings, elapsed: float) -> list[str]:
    """The closing summary of a published run: counts, gate, and where to look next."""
    published = mart_counts(settings.warehouse)
    docs = settings.dbt_docs_file
    return [
        f"Published in {_duration(elapsed)}.",
        f"  pages      seen {run['pages_seen']} = new {run['pages_new']} + duplicate {run['pages_duplicate']}"
        f" + quarantined {run['pages_quarantined']}",
        f"  published  {published['documents']} documents, {published['claims']} claims, {published['places']} places",
        f"  gate       {run.get('gate_result') or ''}",
        *(f"  warning    {warning}" for warning in run.get("warnings") or []),
        f"  warehouse  {relative(settings.warehouse)}  (newsclaims sql opens it read-only)",
        f"  report     {relative(settings.report_file)}",
        f"  docs       {relative(settings.data_docs_dir / 'index.html')}, "
        + (relative(docs) if docs.exists() else "dbt docs: newsclaims docs"),
        f"  log        {relative(settings.log_file)}",
    ]


def _failed_checks(failures: list[str]) -> list[str]:
    """Gate and dbt failures in words: '(3 unexpected)' says how many rows."""
    import re

    lines = []
    for failure in failures:
        count = re.search(r"\((\d+) unexpected\)", failure)
        name = re.sub(r"\s*\(\d+ unexpected\)", "", failure)
        lines.append(f"  - {name}" + (f": {count.group(1)} rows fail it" if count else ""))
    return lines


def failure_paragraph(exc: BaseException, settings, verbose: bool) -> list[str]:
    """One paragraph: what failed, how many rows, that nothing was published, what to do next."""
    trace = "" if verbose else f" The traceback is in {relative(settings.log_file)} (--verbose prints it)."
    untouched = (f"{relative(settings.warehouse)} was left as it was" if settings.warehouse.exists()
                 else "nothing has been published yet")
    failures = getattr(exc, "failures", None)
    if failures is not None:
        rejected = settings.rejected_data_docs_dir / "index.html"
        look = (f"see the failing rows in {relative(rejected)}" if rejected.exists()
                else f"see the failing dbt nodes in {relative(settings.log_file)}")
        return [f"Run failed: the candidate did not pass its checks and was not published; {untouched}.",
                *(_failed_checks(failures) or [f"  - {exc}"]),
                f"Next: {look}, fix the pages, the extraction or the check, and run again "
                f"(pages already loaded are kept).{trace}"]
    if type(exc).__name__ == "PrefectApiUnavailable":
        return [f"Run not started: {exc}."]
    if type(exc).__name__ == "RunLocked":
        return [f"Run not started: {exc}. Another run of this warehouse is still going; wait for it to end "
                "(newsclaims status shows it) and run again."]
    return [f"Run stopped by an error; {untouched}: {type(exc).__name__}: {exc}",
            f"Next: fix its cause and run again.{trace}"]
