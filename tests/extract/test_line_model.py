"""The text cleaner's line model: the shipped trees load and score, the tree walk is exact, and a
model trained on other features is refused."""
from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from flows.config import REPO_ROOT, Settings
from flows.extract import load_markers
from flows.extract.line_model import (
    MODEL_JSON,
    feature_names,
    line_features,
    load_model,
)
from flows.extract.textcapture import clean_capture, measure_capture

SETTINGS = Settings()
MARKERS = load_markers(SETTINGS.reference_dir)

SAMPLES = REPO_ROOT / "seeds" / "pages"


def _write_model(path: Path, trees: list[dict], features: list[str] | None = None) -> Path:
    spec = {"trained_on": "test", "decision_threshold": 0.5, "depth": 2,
            "features": features or feature_names(), "trees": trees}
    path.write_text(json.dumps(spec))
    return path


def test_shipped_model_scores_every_line_of_a_sample():
    model = load_model(MODEL_JSON)
    measured = measure_capture(next(SAMPLES.glob("*.txt")).read_text(), MARKERS)
    assert measured.features.shape == (len(measured.lines), len(feature_names()))
    probabilities = model.probability(measured.features)
    assert probabilities.shape == (len(measured.lines),)
    assert ((probabilities > 0) & (probabilities < 1)).all()
    # Article paragraphs score high, single-word chrome low.
    by_text = dict(zip((line.text for line in measured.lines), probabilities))
    assert max(by_text.values()) > 0.9 and min(by_text.values()) < 0.1


def test_tree_walk_follows_splits_and_sums_trees(tmp_path):
    names = feature_names()
    sentence_end = names.index("sentence_end")
    # Tree 1: sentence_end <= 0.5 -> leaf -2, else a second split on "bullet" -> 1 or 3.
    bullet = names.index("bullet")
    first = {"feature": [sentence_end, -1, bullet, -1, -1], "threshold": [0.5, 0, 0.5, 0, 0],
             "left": [1, -1, 3, -1, -1], "right": [2, -1, 4, -1, -1], "value": [0, -2.0, 0, 3.0, 1.0]}
    constant = {"feature": [-1], "threshold": [0], "left": [-1], "right": [-1], "value": [0.5]}
    model = load_model(_write_model(tmp_path / "model.json", [first, constant]))
    rows = np.zeros((3, len(names)))
    rows[1, sentence_end] = 1
    rows[2, sentence_end] = rows[2, bullet] = 1
    expected = [1 / (1 + math.exp(-(raw + 0.5))) for raw in (-2.0, 3.0, 1.0)]
    assert model.probability(rows) == pytest.approx(expected)


def test_model_trained_on_other_features_is_refused(tmp_path):
    path = _write_model(tmp_path / "stale.json", [], features=feature_names()[:-1])
    with pytest.raises(ValueError, match="retrain"):
        load_model(path)


def test_features_are_defined_for_a_one_line_capture():
    measured = measure_capture("A single line of text that is all the page has to offer today.", MARKERS)
    assert line_features(measured.lines, measured.title, frozenset()).shape[0] == len(measured.lines)


def test_invisible_characters_are_removed_from_the_body():
    paragraph = ("Schon im Mit\u00adtel\u00adal\u00adter war der Wein das Aus\u00adhän\u00adge\u00adschild der Region, "
                 "und die Win\u200bzer wussten das auch zu nutzen, wenn sie ihn verkauften.")
    body = clean_capture("\n\n".join([paragraph, paragraph.replace("Wein", "Rotwein")] * 2), MARKERS).body
    assert "\u00ad" not in body and "\u200b" not in body
    assert "Mittelalter" in body
