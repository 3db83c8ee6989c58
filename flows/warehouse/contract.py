"""Where each check of the marts lives, written once.

- dbt owns schema facts: keys, not-null, relationships, allowed values (its YAML, severity error).
- The gate owns row-level rules (``meta.scope: row``: the rows that break one are quarantined) and
  the run thresholds of ``gate_metrics``. A dbt test of a fact the gate quarantines only warns, so
  the build never fails before the gate can quarantine the row; the gate re-checks no dbt fact.
- Allowed values have one home, ``flows.schemas.ACCEPTED_VALUES``: ``python -m flows.warehouse.contract``
  writes them into dbt's accepted_values tests and the gate's expect_column_values_to_be_in_set, and
  ``disagreements`` (run by tests/warehouse/test_contract.py) names every place they differ or a
  check is written twice.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from flows.config import Settings
from flows.schemas import ACCEPTED_VALUES

# The dbt test that checks the same fact as a gate expectation.
SAME_FACT = {
    "expect_column_values_to_not_be_null": {"not_null"},
    "expect_column_values_to_be_in_set": {"accepted_values"},
    "expect_column_values_to_be_unique": {"unique"},
    "expect_compound_columns_to_be_unique": {"unique_combination"},
    "expect_column_values_to_be_between": {"place_value_between", "positive_value"},
}
_MODEL = re.compile(r"^  - name: (\S+)")
_COLUMN = re.compile(r"^      - name: (\S+)")
_VALUES = re.compile(r"values: \[[^\]]*\]")


def _model_files(settings: Settings) -> list[Path]:
    return sorted((settings.dbt_dir / "models" / "marts").rglob("_*__models.yml"))


def _suite_files(settings: Settings) -> list[Path]:
    return sorted((settings.expectations_dir / "expectations").glob("*.json"))


def _test(entry) -> tuple[str, dict]:
    if isinstance(entry, str):
        return entry, {}
    (name, spec), = entry.items()
    return name, spec or {}


def dbt_tests(settings: Settings) -> dict[tuple[str, str | None], list[tuple[str, dict]]]:
    """The marts' dbt tests by (model, column); model-level tests under column None."""
    tests: dict[tuple[str, str | None], list[tuple[str, dict]]] = {}
    for path in _model_files(settings):
        for model in yaml.safe_load(path.read_text(encoding="utf-8")).get("models", []):
            tests[(model["name"], None)] = [_test(t) for t in model.get("data_tests") or []]
            for column in model.get("columns", []):
                tests[(model["name"], column["name"])] = [_test(t) for t in column.get("data_tests") or []]
    return tests


def gate_expectations(settings: Settings) -> list[tuple[str, dict]]:
    """(suite, expectation) of every suite of the gate."""
    found = []
    for path in _suite_files(settings):
        suite = json.loads(path.read_text(encoding="utf-8"))
        found += [(suite["name"], e) for e in suite["expectations"]]
    return found


def disagreements(settings: Settings) -> list[str]:
    """Every allowed-value set that differs from ACCEPTED_VALUES, and every check written twice."""
    problems = []
    tests = dbt_tests(settings)
    for (model, column), column_tests in tests.items():
        for name, spec in column_tests:
            if name != "accepted_values":
                continue
            values = tuple((spec.get("arguments") or {}).get("values") or ())
            if values != ACCEPTED_VALUES.get(model, {}).get(column):
                problems.append(f"dbt {model}.{column}: accepted_values {list(values)} differ from ACCEPTED_VALUES")
    for model, columns in ACCEPTED_VALUES.items():
        for column in columns:
            if not any(name == "accepted_values" for name, _ in tests.get((model, column), [])):
                problems.append(f"dbt {model}.{column}: no accepted_values test for ACCEPTED_VALUES")
    for suite, expectation in gate_expectations(settings):
        kind, scope = expectation["type"], (expectation.get("meta") or {}).get("scope", "table")
        if kind == "expect_column_values_to_be_in_set":
            column = expectation["kwargs"]["column"]
            if tuple(expectation["kwargs"]["value_set"]) != ACCEPTED_VALUES.get(suite, {}).get(column):
                problems.append(f"gate {suite}.{column}: value_set differs from ACCEPTED_VALUES")
        column = expectation["kwargs"].get("column")  # None: a check of several columns, beside the model's tests
        for name, spec in tests.get((suite, column), []):
            if name not in SAME_FACT.get(kind, ()):
                continue
            if scope == "table":
                problems.append(f"gate {suite}.{column}: {kind} repeats dbt's {name}; dbt owns it")
            elif (spec.get("config") or {}).get("severity", "error") != "warn":
                problems.append(f"dbt {suite}.{column}: {name} must warn (severity: warn): "
                                f"the gate quarantines rows by {kind}")
    return problems


def write(settings: Settings) -> list[Path]:
    """Write ACCEPTED_VALUES into every accepted_values test and in_set expectation; returns the
    files changed. The YAML is edited line by line (the values list of each accepted_values test),
    so its comments and layout stay as written."""
    changed = []
    for path in _model_files(settings):
        lines, model, column, pending = path.read_text(encoding="utf-8").splitlines(keepends=True), None, None, False
        for i, line in enumerate(lines):
            if match := _MODEL.match(line):
                model, column = match.group(1), None
            elif match := _COLUMN.match(line):
                column = match.group(1)
            pending = pending or "accepted_values" in line
            if pending and _VALUES.search(line) and column in ACCEPTED_VALUES.get(model, {}):
                values = yaml.safe_dump(list(ACCEPTED_VALUES[model][column]), default_flow_style=True,
                                        width=10_000).strip()
                lines[i], pending = _VALUES.sub(lambda _: f"values: {values}", line), False
        text = "".join(lines)
        if text != path.read_text(encoding="utf-8"):
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    for path in _suite_files(settings):
        suite = json.loads(path.read_text(encoding="utf-8"))
        for expectation in suite["expectations"]:
            if expectation["type"] == "expect_column_values_to_be_in_set":
                values = ACCEPTED_VALUES.get(suite["name"], {}).get(expectation["kwargs"]["column"])
                if values is not None:
                    expectation["kwargs"]["value_set"] = list(values)
        text = json.dumps(suite, indent=2, ensure_ascii=False) + "\n"
        if text != path.read_text(encoding="utf-8"):
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


if __name__ == "__main__":
    for changed_file in write(Settings()):
        print(f"wrote {changed_file}")
