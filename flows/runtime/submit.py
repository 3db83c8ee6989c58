"""Batches over the task runner with a bounded number in flight, their results handled here."""
from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator


def fan_out(batches: Iterator, submit: Callable, collect: Callable, in_flight: int) -> None:
    """Submit every batch to the task runner with at most ``in_flight`` running; ``collect(batch,
    result)`` runs in this process, in submission order, so only this process writes the state file."""
    running: deque = deque()
    for batch in batches:
        running.append((batch, submit(batch)))
        if len(running) >= in_flight:
            done, future = running.popleft()
            collect(done, future.result())
    while running:
        done, future = running.popleft()
        collect(done, future.result())
