"""flows.trees: a LightGBM dump becomes flat node arrays that score as the booster does."""
from __future__ import annotations

import math

import numpy as np
import pytest

from flows.trees import export, load_trees, write_checked

# Two trees as LightGBM's dump_model() writes them: x0 <= 0.5 ? (x1 <= 2 ? -1 : 2) : 0.5, and a constant.
DUMP = {"tree_info": [
    {"tree_structure": {"split_feature": 0, "threshold": 0.5, "decision_type": "<=",
                        "left_child": {"split_feature": 1, "threshold": 2.0, "decision_type": "<=",
                                       "left_child": {"leaf_value": -1.0}, "right_child": {"leaf_value": 2.0}},
                        "right_child": {"leaf_value": 0.5}}},
    {"tree_structure": {"leaf_value": 0.25}},
]}
FEATURES = ["x0", "x1"]


def test_exported_trees_score_like_the_dump(tmp_path):
    spec = export(DUMP, FEATURES, 0.5, "test", {})
    assert spec["depth"] == 2
    rows = np.array([[0.0, 1.0], [0.0, 3.0], [1.0, 0.0]])
    expected = np.array([-1.0, 2.0, 0.5]) + 0.25
    trees = write_checked(spec, tmp_path / "model.json", rows, expected, "a trainer")
    assert trees.raw_score(rows) == pytest.approx(expected)
    assert trees.probability(rows) == pytest.approx([1 / (1 + math.exp(-x)) for x in expected])


def test_a_disagreeing_export_is_not_kept_quietly(tmp_path):
    with pytest.raises(SystemExit, match="disagrees"):
        write_checked(export(DUMP, FEATURES, 0.5, "test", {}), tmp_path / "model.json", np.zeros((1, 2)),
                      np.array([9.0]), "a trainer")


def test_trees_trained_on_other_features_are_refused(tmp_path):
    path = tmp_path / "model.json"
    write_checked(export(DUMP, FEATURES, 0.5, "test", {}), path, np.zeros((0, 2)), np.zeros(0), "a trainer")
    with pytest.raises(ValueError, match="retrain it with a trainer"):
        load_trees(path, ["x0"], "a trainer")
