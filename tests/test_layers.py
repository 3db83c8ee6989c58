"""The floors of flows/ (the import-linter contract in pyproject.toml): the command line on top, then
the flow, the stages, the runtime, the warehouse, ingest, and config at the bottom. A module imports
only from floors below its own, lazily or not, and a new subpackage or top module needs its floor."""
from importlinter.cli import lint_imports

from flows.config import REPO_ROOT


def test_nothing_in_flows_imports_a_floor_above_its_own():
    assert lint_imports(config_filename=str(REPO_ROOT / "pyproject.toml"), no_cache=True, no_logo=True) == 0
