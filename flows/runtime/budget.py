"""Run a function on items one at a time in a long-lived child process, each item within a time
and memory budget: an item over it is refused with the reason, the child is replaced, and the
batch goes on.

Why a child process and not a thread or a signal: a hostile page can hold lxml or a regex in C
code for minutes and allocate gigabytes, and only a process can be stopped from outside and have
its memory measured and returned. Why long-lived: a fresh process pays for every lazy load on its
first items (py3langid's model, dateparser's locales, the line model); a process per batch of 32
pages tripled the extraction stage's CPU time (bench/extraction_stage_bench.py). So each process
keeps its idle workers, one per (function, budget), and lends them to the next batch; a worker is
replaced after a kill, when it died or ended while idle (after IDLE_SECONDS, so a stage's children
do not hold memory through the next stage; a thread waiting on each child reaps it as it ends), when what it holds between items has grown by more
than the budget, or after the budget's ``items_per_child`` (what an analysis child keeps grows with
what it has read).

The child is a fresh interpreter (``subprocess``, not ``os.fork`` or ``multiprocessing``): it holds
only what its function loads, not a copy of its parent (a forked analysis child counted the flow's
or Dask worker's few hundred MB again, bench/RESULTS.md issue 27), it starts safely from a
threaded parent, and it runs inside a Dask worker process too (daemonic processes may not start
``multiprocessing`` children). The function goes through a pipe by cloudpickle (a closure or a
lambda too), items and results by pickle; the child gets the parent's import path first, so a
function from any module the parent imported unpickles there. Memory is the worker's resident set
above what it held when the item started, polled while it works, with an address-space limit (set
before each item) as a backstop against allocations faster than the poll.
"""
from __future__ import annotations

import atexit
import os
import pickle
import resource
import signal
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from multiprocessing.connection import Connection, Pipe

import cloudpickle
import psutil

from flows.runtime.children import die_with_parent

POLL_SECONDS = 0.05
# A child idle this long ends, so what it holds is free for the next stage (the analysis after the
# extraction); the next item after that gets a fresh child.
IDLE_SECONDS = 10.0
# The child's first answer to an item: a child found dead before it is replaced and the item
# retried (an idle child dies when the thread that started it ends: flows.runtime.children).
_STARTED = ("started",)
# The child's answer once it has its function (its modules imported): what it holds from then on
# is its baseline.
_READY = ("ready",)
# A child's own start: Python, its function's imports (spaCy, the gazetteer's modules) on a busy machine.
START_SECONDS = 300.0


@dataclass(frozen=True)
class Budget:
    """Time and memory allowed per item, and the words a refusal uses for the work."""

    seconds: float
    memory_bytes: int
    noun: str = "work"  # "extraction": "...; extraction stopped"
    verb: str = "working"  # "extracting": "still extracting after 60 s"
    # A child is replaced after this many items (0: never): what it keeps between items (spaCy's
    # string store, first-use caches) grows with what it has read.
    items_per_child: int = 0

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


def serve_child(fd: int) -> None:
    """The child's main: the parent's import path, its idle time, the function, then items."""
    conn = Connection(fd)
    die_with_parent()
    path, idle_seconds = conn.recv()
    sys.path[:] = path
    function, budget, refusals = pickle.loads(conn.recv_bytes())
    conn.send(_READY)
    _serve(conn, function, budget, refusals, idle_seconds)


def _serve(conn: Connection, function: Callable, budget: Budget, refusals: tuple[type[BaseException], ...],
           idle_seconds: float) -> None:
    while True:
        try:
            if not conn.poll(idle_seconds):
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
    """One child process serving items, and the parent's end of its pipe."""

    def __init__(self, function: Callable, budget: Budget, refusals: tuple[type[BaseException], ...]):
        parent_end, child_end = Pipe()
        command = [sys.executable, "-c", f"from flows.runtime.budget import serve_child; serve_child({child_end.fileno()})"]
        # Its output goes where this process' standard error does (during a run, the run log).
        self.child = subprocess.Popen(command, pass_fds=[child_end.fileno()], stdin=subprocess.DEVNULL, stdout=2)
        # Reaped the moment it ends, idle or not, instead of lying a zombie until this process next
        # looks at it. Popen's wait holds its own lock, so the other threads' poll() and wait() stay
        # safe (poll reads a child being waited for as running, which it is until this wait returns).
        threading.Thread(target=self.child.wait, name=f"reap-{budget.noun}-{self.child.pid}", daemon=True).start()
        child_end.close()
        self.pid, self.conn, self.budget, self.owner = self.child.pid, parent_end, budget, os.getpid()
        self.process = psutil.Process(self.pid)
        try:
            parent_end.send((sys.path, IDLE_SECONDS))
            parent_end.send_bytes(cloudpickle.dumps((function, budget, refusals)))
            if not parent_end.poll(START_SECONDS) or parent_end.recv() != _READY:
                raise EOFError
        except (BrokenPipeError, ConnectionResetError, EOFError) as exc:
            raise RuntimeError(f"the {budget.noun} worker did not start ({self._stop()})") from exc
        self.started_rss = self.process.memory_info().rss
        self.served = 0

    def usable(self) -> bool:
        """Alive, short of its items per child, and holding no more than a budget above what it held
        at the start; else closed."""
        try:
            if (self.child.poll() is None and not 0 < self.budget.items_per_child <= self.served
                    and self.process.memory_info().rss - self.started_rss <= self.budget.memory_bytes):
                return True
        except psutil.Error:
            pass
        self.close()
        return False

    def run(self, item) -> tuple:
        """("ok", result), ("refused", reason), ("died", reason), ("error", exception, traceback),
        or ("unstarted", reason) when the child was gone before it took the item."""
        try:
            before = self.process.memory_info().rss
            self.conn.send(item)
            self.served += 1
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
        status = self.child.wait()
        self.conn.close()
        if status < 0 and -status != signal.SIGKILL:
            return f"killed by signal {signal.Signals(-status).name}"
        return f"exit status {status}"

    def close(self) -> None:
        """Ask the child to end and reap it (a dead child is only reaped)."""
        if self.owner != os.getpid():  # inherited by a forked process: not its child
            return
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.child.wait()
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
