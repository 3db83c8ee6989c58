"""Boosted decision trees trained with LightGBM, shipped as JSON and scored with numpy alone.

The learned steps (the text cleaner's line model, place recognition's span selector) are trained by
scripts in bench/ with LightGBM, which only the benchmark extra installs. ``export`` turns a booster's
``dump_model()`` into flat node arrays; ``load_trees`` reads them back and refuses a file trained on
other features than the caller computes, so a stale model fails loudly instead of scoring garbage.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np


@dataclass(frozen=True)
class Trees:
    """Boosted decision trees, all trees' nodes in flat arrays (a leaf has feature -1)."""

    roots: np.ndarray
    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    depth: int
    decision_threshold: float
    trained_on: str

    def raw_score(self, rows: np.ndarray) -> np.ndarray:
        """The sum of every tree's leaf value, one per row."""
        index = np.arange(len(rows))
        node = np.repeat(self.roots[:, None], len(rows), axis=1)
        for _ in range(self.depth):  # every tree walks one level per step, for all rows at once
            split = self.feature[node]
            if (split < 0).all():  # every tree has reached a leaf for every row
                break
            # A leaf's children are itself, so rows already on a leaf stay there.
            goes_left = rows[index, split] <= self.threshold[node]
            node = np.where(goes_left, self.left[node], self.right[node])
        return self.value[node].sum(axis=0)

    def probability(self, rows: np.ndarray) -> np.ndarray:
        """A binary model's probability of the positive class, one per row."""
        return 1.0 / (1.0 + np.exp(-self.raw_score(rows)))


def load_trees(path: Path, features: Sequence[str], trainer: str) -> Trees:
    """The trees of ``path``; ``features`` are the columns the caller computes, ``trainer`` the script
    that retrains the file when they differ."""
    spec = json.loads(path.read_text(encoding="utf-8"))
    if spec["features"] != list(features):
        raise ValueError(f"{path}: trained on other features than the code computes; retrain it with {trainer}")
    roots, arrays = [], {key: [] for key in ("feature", "threshold", "left", "right", "value")}
    for tree in spec["trees"]:
        offset = len(arrays["feature"])
        roots.append(offset)
        arrays["feature"] += tree["feature"]
        arrays["threshold"] += tree["threshold"]
        arrays["value"] += tree["value"]
        # Children are stored per tree; leaves point at themselves.
        for side in ("left", "right"):
            arrays[side] += [offset + (child if child >= 0 else k) for k, child in enumerate(tree[side])]
    return Trees(np.array(roots, dtype=int), np.array(arrays["feature"], dtype=int),
                 np.array(arrays["threshold"], dtype=float), np.array(arrays["left"], dtype=int),
                 np.array(arrays["right"], dtype=int), np.array(arrays["value"], dtype=float),
                 int(spec["depth"]), float(spec["decision_threshold"]), spec["trained_on"])


def flat_tree(structure: dict) -> dict[str, list]:
    """One tree of LightGBM's dump_model() as node arrays; a leaf has feature -1 and child -1."""
    leaf = {"feature": -1, "threshold": 0.0, "left": -1, "right": -1, "value": 0.0}
    tree: dict[str, list] = {key: [] for key in leaf}

    def add(node: dict) -> int:
        index = len(tree["feature"])
        for key, default in leaf.items():
            tree[key].append(default)
        if "leaf_value" in node:
            tree["value"][index] = float(f"{node['leaf_value']:.9g}")
            return index
        if node["decision_type"] != "<=":
            raise ValueError(f"unsupported split {node['decision_type']!r}")
        tree["feature"][index] = node["split_feature"]
        tree["threshold"][index] = float(f"{node['threshold']:.9g}")
        tree["left"][index] = add(node["left_child"])
        tree["right"][index] = add(node["right_child"])
        return index

    add(structure)
    return tree


def tree_depth(structure: dict) -> int:
    if "leaf_value" in structure:
        return 0
    return 1 + max(tree_depth(structure["left_child"]), tree_depth(structure["right_child"]))


def export(booster_dump: dict, features: Sequence[str], decision_threshold: float, trained_on: str,
           parameters: dict) -> dict:
    """The JSON spec ``load_trees`` reads, from a LightGBM booster's ``dump_model()``."""
    trees = [info["tree_structure"] for info in booster_dump["tree_info"]]
    return {
        "trained_on": trained_on,
        "parameters": parameters,
        "decision_threshold": decision_threshold,
        "features": list(features),
        "depth": max((tree_depth(tree) for tree in trees), default=0),
        "trees": [flat_tree(tree) for tree in trees],
    }


def write_checked(spec: dict, path: Path, rows: np.ndarray, expected_raw: np.ndarray, trainer: str) -> Trees:
    """Write ``spec`` to ``path`` and check that the written trees reproduce LightGBM's raw scores."""
    path.write_text(json.dumps(spec, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
    trees = load_trees(path, spec["features"], trainer)
    difference = np.abs(trees.raw_score(rows) - expected_raw).max() if len(rows) else 0.0
    if difference > 1e-5:  # leaf values and thresholds are stored to 9 significant digits
        raise SystemExit(f"the written model disagrees with LightGBM by {difference}")
    return trees
