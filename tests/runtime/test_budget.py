"""The generic budget worker: a long-lived child serves batch after batch, and is replaced when an
item overruns, when it died while idle, when it grew by more than the budget, or after its items
per child."""
from __future__ import annotations

import os
import signal
import time

import psutil

from flows.runtime import budget
from flows.runtime.budget import Budget, within_budget

BUDGET = Budget(seconds=5, memory_bytes=100 * 2**20, noun="analysis", verb="analysing")
_held: list[bytearray] = []


class Refused(ValueError):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _pid_of_child(item):
    """The child's pid; the item says what else to do."""
    if item == "refuse":
        raise Refused("not for this function")
    if item == "sleep":
        time.sleep(60)
    if item == "hold":  # keeps 80 MB after the item: the next item gets a fresh child
        _held.append(bytearray(80 * 2**20))
        _held[-1][::4096] = b"x" * len(_held[-1][::4096])
    return os.getpid()


def _pids(items) -> tuple[list, list]:
    done, refused = within_budget(items, _pid_of_child, BUDGET, (Refused,))
    return [pid for _, pid in done], refused


def test_one_child_serves_every_batch_until_an_item_overruns():
    first, _ = _pids(["a", "b"])
    second, _ = _pids(["c"])
    assert len(set(first + second)) == 1 and first[0] != os.getpid()
    pids, refused = _pids(["refuse", "d", "sleep", "e"])
    assert refused == [("refuse", "not for this function"),
                       ("sleep", "over time budget: still analysing after 5 s; analysis stopped")]
    assert pids[0] == first[0] and pids[1] != first[0]  # refused: same child; over time: a new one


def test_a_child_that_died_while_idle_is_replaced_without_refusing_anything():
    (pid,), _ = _pids(["a"])
    os.kill(pid, signal.SIGKILL)
    (replaced,), refused = _pids(["b"])
    assert refused == [] and replaced != pid


def test_a_child_that_grew_by_more_than_the_budget_is_replaced_between_items():
    pids, refused = _pids(["hold", "hold", "a"])
    assert refused == []
    assert pids[0] == pids[1] != pids[2]


def test_a_child_idle_for_long_ends_and_the_next_batch_gets_a_fresh_one(monkeypatch):
    monkeypatch.setattr(budget, "IDLE_SECONDS", 0.2)
    budget.close_idle_workers()
    (pid,), _ = _pids(["a"])
    time.sleep(1)
    (fresh,), refused = _pids(["b"])
    assert refused == [] and fresh != pid


def _reaped(pid: int) -> bool:
    """Whether the process is gone, not left a zombie, within a few seconds."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            psutil.Process(pid).status()
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.05)
    return False


def test_a_child_that_ends_while_idle_is_reaped_before_the_next_batch(monkeypatch):
    monkeypatch.setattr(budget, "IDLE_SECONDS", 0.2)
    budget.close_idle_workers()
    (pid,), _ = _pids(["a"])
    assert _reaped(pid)
    (killed,), _ = _pids(["b"])
    os.kill(killed, signal.SIGKILL)
    assert _reaped(killed)


def test_a_child_is_replaced_after_its_items_per_child():
    three = Budget(seconds=5, memory_bytes=100 * 2**20, noun="analysis", verb="analysing", items_per_child=3)
    done, refused = within_budget(["a", "b", "c", "d", "e"], _pid_of_child, three, (Refused,))
    ((_, more),), _ = within_budget(["f"], _pid_of_child, three, (Refused,))  # across batches too
    pids = [pid for _, pid in done] + [more]
    assert refused == []
    assert pids[0] == pids[1] == pids[2] != pids[3] == pids[4] == pids[5]
