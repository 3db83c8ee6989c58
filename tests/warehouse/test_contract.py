"""Each check of the marts is written once, and allowed values come from flows.schemas.ACCEPTED_VALUES."""
from __future__ import annotations

import shutil

from flows.warehouse import contract


def test_dbt_and_the_gate_agree_with_the_one_home_of_allowed_values_and_check_nothing_twice(settings):
    assert contract.disagreements(settings) == []


def test_a_new_allowed_value_is_written_into_dbt_and_the_gate_from_its_one_home(settings, tmp_path, monkeypatch):
    copy = settings.model_copy(update=dict(dbt_dir=tmp_path / "dbt", expectations_dir=tmp_path / "expectations"))
    shutil.copytree(settings.dbt_dir / "models", copy.dbt_dir / "models")
    shutil.copytree(settings.expectations_dir / "expectations", copy.expectations_dir / "expectations")
    values = {**contract.ACCEPTED_VALUES, "fct_claims": {**contract.ACCEPTED_VALUES["fct_claims"],
                                                         "claim_type": ("statement", "event", "quantity", "rumour")}}
    monkeypatch.setattr(contract, "ACCEPTED_VALUES", values)
    assert contract.disagreements(copy) == [
        "dbt fct_claims.claim_type: accepted_values ['statement', 'event', 'quantity'] differ from ACCEPTED_VALUES",
        "gate fct_claims.claim_type: value_set differs from ACCEPTED_VALUES"]
    written = contract.write(copy)
    assert sorted(p.name for p in written) == ["_claims__models.yml", "fct_claims.json"]
    assert contract.disagreements(copy) == []
    yaml_text = (copy.dbt_dir / "models" / "marts" / "claims" / "_claims__models.yml").read_text()
    assert "values: [statement, event, quantity, rumour]}, config: {severity: warn}}" in yaml_text


def test_a_dbt_test_of_a_fact_the_gate_quarantines_must_only_warn(settings, tmp_path):
    copy = settings.model_copy(update=dict(dbt_dir=tmp_path / "dbt"))
    shutil.copytree(settings.dbt_dir / "models", copy.dbt_dir / "models")
    path = copy.dbt_dir / "models" / "marts" / "claims" / "_claims__models.yml"
    path.write_text(path.read_text().replace("[statement, event, quantity]}, config: {severity: warn}}",
                                             "[statement, event, quantity]}}"))
    assert contract.disagreements(copy) == [
        "dbt fct_claims.claim_type: accepted_values must warn (severity: warn): "
        "the gate quarantines rows by expect_column_values_to_be_in_set"]
