"""``python -m tests.e2e.slow_api SECONDS -- newsclaims run ARGS``: a run whose temporary Prefect API
fails its first start at once and then takes SECONDS longer than usual to start, as on a loaded
machine. Used by test_concurrency.py."""
from __future__ import annotations

import sys


def install(delay: float) -> None:
    from flows.runtime import prefect_api

    real = prefect_api.server_command
    attempts = []

    def failing_then_slow(fd: int) -> list[str]:
        attempts.append(fd)
        if len(attempts) == 1:
            return [sys.executable, "-c", "raise SystemExit(3)"]  # what uvicorn exits with when it cannot serve
        command = real(fd)
        return [command[0], "-c", f"import runpy, sys, time; time.sleep({delay}); sys.argv = {command[2:]!r}; "
                "runpy.run_module('uvicorn', run_name='__main__')"]
    prefect_api.server_command = failing_then_slow


if __name__ == "__main__":
    from flows.cli import main

    delay, separator, *argv = sys.argv[1:]
    assert separator == "--"
    install(float(delay))
    main(argv)
