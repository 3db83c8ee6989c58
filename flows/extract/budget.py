"""A time and memory budget per page: extraction runs in a forked worker process that is killed
when a page overruns, and the page is refused with that reason while the batch goes on.

Why a worker process and not a thread or a signal: a hostile page can hold lxml or a regex in C
code for minutes and allocate gigabytes, and only a process can be stopped from outside and have
its memory measured and returned. One worker serves a whole batch (forking per page would double
the cost of small pages) and is replaced after a kill. The worker is made with a plain
``os.fork`` and a pipe, not ``multiprocessing.Process``, so the same code runs inside a Dask
worker process (daemonic processes may not start ``multiprocessing`` children) or a thread pool;
each caller (a task, a Dask task over a batch of pages) owns its own worker. Memory is the
worker's resident set above what it shared with its parent at the fork, polled while it works,
with an address-space limit as a backstop against allocations faster than the poll.
"""
from __future__ import annotations

import os
import resource
import signal
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from multiprocessing.connection import Connection, Pipe

import psutil

from flows.runtime.children import die_with_parent
from flows.config import Settings
from flows.extract.documents import ExtractedDocument

POLL_SECONDS = 0.05
Extractor = Callable[..., ExtractedDocument]


@dataclass(frozen=True)
class PageBudget:
    seconds: float
    memory_bytes: int

    @classmethod
    def of(cls, settings: Settings) -> "PageBudget":
        return cls(settings.page_seconds, settings.page_memory_mb * 1024 * 1024)


def _serve(conn: Connection, extractor: Extractor, settings: Settings, budget: PageBudget) -> None:
    from flows.extract import ExtractionError

    die_with_parent()
    mapped = psutil.Process().memory_info().vms
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = mapped + 2 * budget.memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        content, fmt, url = job
        try:
            conn.send(("ok", extractor(content, fmt, settings, url)))
        except ExtractionError as exc:
            conn.send(("refused", exc.reason))
        except MemoryError:
            conn.send(("refused", f"over memory budget: out of address space, more than the "
                                  f"{budget.memory_bytes / 2**20:.0f} MiB allowed; extraction stopped"))
        except Exception as exc:  # a bug: handed to the parent, which fails the run with it
            trace = traceback.format_exc()
            try:
                conn.send(("error", exc, trace))
            except Exception:  # the exception does not pickle
                conn.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}"), trace))


class _Worker:
    """One forked extraction process and the parent's end of its pipe."""

    def __init__(self, extractor: Extractor, settings: Settings, budget: PageBudget):
        parent_end, child_end = Pipe()
        pid = os.fork()
        if pid == 0:  # the worker: never returns into the parent's code, never runs its atexit hooks
            status = 0
            try:
                parent_end.close()
                _serve(child_end, extractor, settings, budget)
            except BaseException:
                status = 1
            finally:
                os._exit(status)
        child_end.close()
        self.pid, self.conn, self.budget = pid, parent_end, budget
        self.process = psutil.Process(pid)
        self.shared_rss = self.process.memory_info().rss  # what the fork shares with the parent
        self.peak_rss = 0

    def run(self, content: str, fmt: str, url: str | None) -> tuple:
        try:
            self.conn.send((content, fmt, url))
        except (BrokenPipeError, ConnectionResetError, EOFError):
            return ("died", f"extraction worker died before the page ({self._stop()})")
        started = time.monotonic()
        while not self.conn.poll(POLL_SECONDS):
            try:
                grown = self.process.memory_info().rss - self.shared_rss
            except psutil.Error:
                break  # gone: the recv below reports it
            self.peak_rss = max(self.peak_rss, grown)
            if grown > self.budget.memory_bytes:
                self._stop()
                return ("died", f"over memory budget: {grown / 2**20:.0f} MiB, more than the "
                                f"{self.budget.memory_bytes / 2**20:.0f} MiB allowed; extraction stopped")
            if time.monotonic() - started > self.budget.seconds:
                self._stop()
                return ("died", f"over time budget: still extracting after {self.budget.seconds:g} s; extraction stopped")
        try:
            return self.conn.recv()
        except (EOFError, ConnectionResetError):
            return ("died", f"extraction worker died on this page ({self._stop()})")

    def _stop(self) -> str:
        """Kill and reap the worker; says how it ended."""
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        _, status = os.waitpid(self.pid, 0)
        self.conn.close()
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) != signal.SIGKILL:
            return f"killed by signal {signal.Signals(os.WTERMSIG(status)).name}"
        return f"exit status {os.waitstatus_to_exitcode(status)}"

    def close(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass
        self.conn.close()


def extract_within_budget(pages: Iterable, settings: Settings, extractor: Extractor
                          ) -> tuple[list[tuple[object, ExtractedDocument]], list[tuple[object, str]]]:
    """Extract each page (anything with ``content``, ``fmt`` and ``url``) within the settings' budget.

    Returns (page, document) pairs and (page, reason) pairs for pages refused: no usable body
    (ExtractionError), over the time or memory budget, or a worker crash on that page. Any
    other exception is a bug and is raised here, so it fails the run instead of refusing every page.
    """
    budget = PageBudget.of(settings)
    extracted, refused = [], []
    worker = None
    try:
        for page in pages:
            worker = worker or _Worker(extractor, settings, budget)
            outcome = worker.run(page.content, page.fmt, page.url)
            if outcome[0] == "ok":
                extracted.append((page, outcome[1]))
            elif outcome[0] == "refused":
                refused.append((page, outcome[1]))
            elif outcome[0] == "died":
                refused.append((page, outcome[1]))
                worker = None
            else:
                _, error, trace = outcome
                error.add_note("raised in the extraction worker:\n" + trace)
                raise error
    finally:
        if worker is not None:
            worker.close()
    return extracted, refused
