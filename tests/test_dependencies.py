"""Every third-party package the code imports is declared in pyproject.toml (and so pinned)."""
from __future__ import annotations

import ast
import sys
import tomllib
from importlib.metadata import packages_distributions

from packaging.requirements import Requirement

from flows.config import REPO_ROOT


def _imported_top_level(root) -> set[str]:
    names = set()
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"flows", "__future__"}


def _canonical(name: str) -> str:
    return name.lower().replace("_", "-")


def test_every_import_of_the_package_is_a_declared_dependency():
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    declared = {_canonical(Requirement(r).name) for r in project["dependencies"]}
    distributions = packages_distributions()
    undeclared = {}
    for module in _imported_top_level(REPO_ROOT / "flows"):
        owners = {_canonical(d) for d in distributions.get(module, [])}
        # The spaCy model is installed from requirements-model.txt by hash, not from pyproject.
        if module.startswith("en_core_web_sm"):
            continue
        if not owners & declared:
            undeclared[module] = sorted(owners)
    assert not undeclared, f"imported but not declared in pyproject.toml: {undeclared}"
