"""What a run shows of itself while it runs: a line per stage and a bar over long loops, on
whatever display the caller lends it (``showing_stages``: the command line's console). The flow and
the runtime call ``stage`` and ``progress``; with no display lent (``serve``, tests, a flow called
directly) both do nothing.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Protocol


class StageDisplay(Protocol):
    def stage(self, name: str, waiting: str | None = None):
        """A context manager yielding an object whose ``done(detail)`` gives the stage's closing line."""

    def progress(self, items: Iterable, total: int, description: str) -> Iterable:
        """``items``, shown advancing."""


class _Unshown:
    @contextmanager
    def stage(self, name: str, waiting: str | None = None) -> Iterator:
        yield SimpleNamespace(done=lambda detail: None)

    def progress(self, items: Iterable, total: int, description: str) -> Iterable:
        return items


_display: StageDisplay = _Unshown()


# Flows and tasks reach the display through these functions, never hold it: a function referring to
# the object itself would carry it (a console, with its locks) when Dask pickles the flow by value.
def stage(name: str, waiting: str | None = None):
    """A stage of the run: ``with stage("build") as shown: ...; shown.done("12 models")``."""
    return _display.stage(name, waiting)


def progress(items: list, description: str) -> Iterable:
    return _display.progress(items, len(items), description)


@contextmanager
def showing_stages(display: StageDisplay) -> Iterator[None]:
    """Show the stages of the runs started meanwhile on ``display``."""
    global _display
    previous, _display = _display, display
    try:
        yield
    finally:
        _display = previous
