"""The command line: ``newsclaims`` and its commands (commands.py), ``newsclaims run`` as a person
sees it (runner.py, console.py), the analyst commands on the published file
(analyst.py) and scratch analysis of loose files (scratch.py)."""
from flows.cli.commands import main

__all__ = ["main"]
