"""Child processes end with the run, even when the run is killed with SIGKILL.

Linux's parent-death signal (``prctl(PR_SET_PDEATHSIG)``) makes the kernel kill a child when
the thread that started it dies, so nothing in the dead parent has to run. Extraction's and
analysis' budget workers and the run's temporary Prefect API set it on themselves. On other
systems this is a no-op and a killed run may leave its children behind.
"""
from __future__ import annotations

import ctypes
import signal
import sys

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Ask the kernel to SIGKILL the calling process when its parent dies (Linux)."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
