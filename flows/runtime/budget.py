"""Run a function on items one at a time in a long-lived child process, each item within a time
and memory budget: an item over it is refused with the reason, the child is replaced, and the
batch goes on.

Why a child process and not a thread or a signal: a hostile page can hold lxml or a regex in C
code for minutes and allocate gigabytes, and only a process can be stopped from outside and have
its memory measured and returned. Why long-lived: a fresh process pays for every lazy load on its
first items (py3langid's model, dateparser's locales, the line model); forking one per batch of 32
pages tripled the extraction stage's CPU time (bench/extraction_stage_bench.py). So each process
keeps its idle workers, one per (function, budget), and lends them to the next batch; a worker is
replaced after a kill, when it died or ended while idle (after IDLE_SECONDS, so a stage's children
do not hold memory through the next stage), or when what it holds between items has grown by more
than the budget.

The child is made with a plain ``os.fork`` and a pipe, not ``multiprocessing.Process``, so the
same code runs inside a Dask worker process (daemonic processes may not start ``multiprocessing``
children) or a thread pool. The function is inherited by the fork and never pickled; items and
results go through the pipe, so they must pickle. Memory is the worker's resident set above what
it held when the item started, polled while it works, with an address-space limit (set before each
item) as a backstop against allocations faster than the poll.
"""
from __future__ import annotations

import atexit
import os
import resource
import signal
import threading
import time
import traceback
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from multiprocessing.connection import Connection, Pipe

import psutil

from flows.runtime.children import die_with_parent

POLL_SECONDS = 0.05
# A child idle this long ends, so what it holds is free for the next stage (the analysis after the
# extraction); the next item after that gets a fresh child.
IDLE_SECONDS = 10.0
# The child's first answer to an item: a child found dead before it is replaced and the item
# retried (an idle child dies when the thread that forked it ends: flows.runtime.children).
_STARTED = ("started",)


@dataclass(frozen=True)
class Budget:
    """Time and memory allowed per item, and the words a refusal uses for the work."""

    seconds: float
    memory_bytes: int
    noun: str = "work"  # "extraction": "...; extraction stopped"
    verb: str = "working"  # "extracting": "still extracting after 60 s"

    def over_memory(self, measured: str) -> str:
        return (f"over memory budget: {measured}, more than the {self.memory_bytes / 2**20:.0f} MiB allowed; "
                f"{self.noun} stopped")

    def over_time(self) -> str:
        return f"over time budget: still {self.verb} after {self.seconds:g} s; {self.noun} stopped"


# A function equal to another (a module-level function, a frozen dataclass instance) shares its workers.
Key = tuple[Hashable, Budget, tuple[type[BaseException], ...]]


def _limit_address_space(budget: Budget) -> None:
    mapped = psutil.Process().memory_info().vms
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = mapped + 2 * budget.memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))


def _serve(conn: Connection, function: Callable, budget: Budget, refusals: tuple[type[BaseException], ...]) -> None:
    die_with_parent()
    while True:
        try:
            if not conn.poll(IDLE_SECONDS):
                return
            item = conn.recv()
        except EOFError:
            return
        if item is None:
            return
        conn.send(_STARTED)
        _limit_address_space(budget)
        try:
            conn.send(("ok", function(item)))
        except refusals as exc:
            conn.send(("refused", getattr(exc, "reason", str(exc))))
        except MemoryError:
            conn.send(("refused", budget.over_memory("out of address space")))
        except Exception as exc:  # a bug: handed to the parent, which raises it
            trace = traceback.format_exc()
            try:
                conn.send(("error", exc, trace))
            except Exception:  # the exception does not pickle
                conn.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}"), trace))


class _Worker:
    """One forked child serving items, and the parent's end of its pipe."""

    def __init__(self, function: Callable, budget: Budget, refusals: tuple[type[BaseException], ...]):
        parent_end, child_end = Pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns into the parent's code, never runs its atexit hooks
            status = 0
            try:
                parent_end.close()
                _serve(child_end, function, budget, refusals)
            except BaseException:
                status = 1
            finally:
                os._exit(status)
        child_end.close()
        self.pid, self.conn, self.budget, self.owner = pid, parent_end, budget, os.getpid()
        self.process = psutil.Process(pid)
        self.started_rss = self.process.memory_info().rss

    def usable(self) -> bool:
        """Alive, and holding no more than a budget above what it held at the start; else closed."""
        try:
            pid, _ = os.waitpid(self.pid, os.WNOHANG)
            if pid == 0 and self.process.memory_info().rss - self.started_rss <= self.budget.memory_bytes:
                return True
        except (ChildProcessError, psutil.Error):
            pass
        self.close()
        return False

    def run(self, item) -> tuple:
        """("ok", result), ("refused", reason), ("died", reason), ("error", exception, traceback),
        or ("unstarted", reason) when the child was gone before it took the item."""
        try:
            before = self.process.memory_info().rss
            self.conn.send(item)
        except (BrokenPipeError, ConnectionResetError, EOFError, psutil.Error):
            return ("unstarted", f"{self.budget.noun} worker died before this item ({self._stop()})")
        started, taken = time.monotonic(), False
        while True:
            if self.conn.poll(POLL_SECONDS):
                try:
                    answer = self.conn.recv()
                except (EOFError, ConnectionResetError):
                    ended = self._stop()
                    return ("died", f"{self.budget.noun} worker died on this item ({ended})") if taken \
                        else ("unstarted", f"{self.budget.noun} worker died before this item ({ended})")
                if answer != _STARTED:
                    return answer
                taken = True
                continue
            try:
                grown = self.process.memory_info().rss - before
            except psutil.Error:
                continue  # gone: the next poll reads the end of the pipe
            if grown > self.budget.memory_bytes:
                self._stop()
                return ("died", self.budget.over_memory(f"{grown / 2**20:.0f} MiB"))
            if time.monotonic() - started > self.budget.seconds:
                self._stop()
                return ("died", self.budget.over_time())

    def _stop(self) -> str:
        """Kill and reap the child; says how it ended."""
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            _, status = os.waitpid(self.pid, 0)
        except ChildProcessError:  # already reaped
            status = signal.SIGKILL
        self.conn.close()
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) != signal.SIGKILL:
            return f"killed by signal {signal.Signals(os.WTERMSIG(status)).name}"
        return f"exit status {os.waitstatus_to_exitcode(status)}"

    def close(self) -> None:
        """Ask the child to end and reap it (a dead child is only reaped)."""
        if self.owner != os.getpid():  # inherited by a forked process: not its child
            return
        try:
            self.conn.send(None)
        except OSError:
            pass
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass
        self.conn.close()


_idle: dict[Key, list[_Worker]] = {}
_idle_lock = threading.Lock()


def _borrow(key: Key) -> _Worker | None:
    with _idle_lock:
        workers = _idle.get(key, [])
        worker = workers.pop() if workers else None
    if worker is not None and (worker.owner != os.getpid() or not worker.usable()):
        return None
    return worker


def _give_back(key: Key, worker: _Worker) -> None:
    with _idle_lock:
        _idle.setdefault(key, []).append(worker)


@atexit.register
def close_idle_workers() -> None:
    with _idle_lock:
        workers = [worker for pool in _idle.values() for worker in pool]
        _idle.clear()
    for worker in workers:
        worker.close()


def within_budget(items: Iterable, function: Callable, budget: Budget,
                  refusals: tuple[type[BaseException], ...] = ()) -> tuple[list[tuple], list[tuple]]:
    """``function(item)`` for each item in a child process, within the budget.

    Returns (item, result) pairs and (item, reason) pairs for items refused: the function raised
    one of ``refusals`` (its ``reason``, else its message), the item went over the time or memory
    budget, or the child died on it. Any other exception is a bug and is raised here, so it fails
    the caller instead of refusing every item.
    """
    key = (function, budget, refusals)
    done, refused = [], []
    worker = _borrow(key)
    try:
        for item in items:
            if worker is None or not worker.usable():
                worker = _Worker(function, budget, refusals)
            outcome = worker.run(item)
            if outcome[0] == "unstarted":  # once more in a fresh child; twice is the item's doing
                worker = _Worker(function, budget, refusals)
                outcome = worker.run(item)
            if outcome[0] == "ok":
                done.append((item, outcome[1]))
            elif outcome[0] in ("refused", "died", "unstarted"):
                refused.append((item, outcome[1]))
                if outcome[0] != "refused":
                    worker = None
            else:
                _, error, trace = outcome
                error.add_note(f"raised in the {budget.noun} worker:\n" + trace)
                raise error
    except BaseException:
        if worker is not None:
            worker.close()
            worker = None
        raise
    finally:
        if worker is not None:
            _give_back(key, worker)
    return done, refused
