"""The analyzer version covers everything the analysis reads, so any change re-analyses old rows."""
from __future__ import annotations

import shutil

from flows.analyze import analyzer_inputs, analyzer_version
from flows.config import REPO_ROOT


def test_every_analysis_module_and_reference_file_is_an_input(settings):
    inputs = {path.relative_to(REPO_ROOT).as_posix() for path in analyzer_inputs(settings)}
    expected = {str(path.relative_to(REPO_ROOT).as_posix()) for path in (REPO_ROOT / "flows" / "analyze").rglob("*.py")}
    assert expected <= inputs
    assert {"flows/analyze/claims/actors.py", "flows/analyze/claims/quantities.py",
            "flows/analyze/places/gazetteer.py", "flows/analyze/names.py", "seeds/reference/place_country_names.csv",
            "flows/trees.py", "flows/analyze/places/span_model.json"} <= inputs


def test_a_retrained_span_model_changes_the_version(settings, tmp_path):
    retrained = tmp_path / "span_model.json"
    shutil.copy(settings.place_span_model, retrained)
    same = settings.model_copy(update=dict(place_span_model=retrained))
    assert analyzer_version(same) == analyzer_version(settings)
    retrained.write_text(retrained.read_text(encoding="utf-8").replace('"trained_on":"', '"trained_on":"again, '),
                         encoding="utf-8")
    assert analyzer_version(same) != analyzer_version(settings)


def test_a_changed_reference_file_changes_the_version(settings, tmp_path):
    reference = tmp_path / "reference"
    shutil.copytree(settings.reference_dir, reference)
    same = settings.model_copy(update=dict(reference_dir=reference))
    assert analyzer_version(same) == analyzer_version(settings)
    with (reference / "place_country_names.csv").open("a", encoding="utf-8") as handle:
        handle.write("Ruritanian,RU,demonym\n")
    assert analyzer_version(same) != analyzer_version(settings)
