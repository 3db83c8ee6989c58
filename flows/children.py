"""Child processes end with the run, even when the run is killed with SIGKILL.

Linux's parent-death signal (``prctl(PR_SET_PDEATHSIG)``) makes the kernel kill a child when
the thread that started it dies, so nothing in the dead parent has to run. Our own extraction
workers and a local Dask cluster's worker processes set it on themselves; Prefect's temporary API
server (started when no PREFECT_API_URL is set) gets it through the one place Prefect starts it. On other systems these are no-ops and a
killed run may leave its children behind.
"""
from __future__ import annotations

import ctypes
import functools
import signal
import subprocess
import sys
import types

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Ask the kernel to SIGKILL the calling process when its parent dies (Linux)."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def bind_prefect_server() -> None:
    """Start Prefect's temporary server (if this process starts one) with the parent-death signal.

    Prefect starts it with ``subprocess.Popen`` from ``prefect.server.api.server``; that module
    alone gets a ``subprocess`` namespace whose Popen sets the signal in the child before exec.
    """
    import prefect.server.api.server as server

    if getattr(server.subprocess, "binds_children", False):
        return
    bound = types.SimpleNamespace(**vars(subprocess))
    bound.Popen = functools.partial(subprocess.Popen, preexec_fn=die_with_parent)
    bound.binds_children = True
    server.subprocess = bound
