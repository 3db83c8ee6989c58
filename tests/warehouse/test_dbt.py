"""dbt runs in-process and names its failures in plain words."""
from __future__ import annotations


import pytest

from flows.warehouse import DbtFailure, run_dbt


def test_failure_before_any_node_reads_as_a_sentence_not_a_python_list(settings, tmp_path):
    broken = tmp_path / "dbt"
    broken.mkdir()  # no dbt_project.yml: dbt fails before it writes any result
    with pytest.raises(DbtFailure) as failure:
        run_dbt(tmp_path / "scratch.duckdb", settings.model_copy(update=dict(dbt_dir=broken)))
    message = str(failure.value)
    assert message.startswith("dbt build failed: ")
    assert "['" not in message and "[]" not in message
    assert failure.value.failures and all(isinstance(f, str) and f for f in failure.value.failures)
