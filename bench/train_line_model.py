"""Train the text-capture cleaner's line model (flows/extract/line_model.json) on ../shared/bench/extraction.

Only the training half of the corpus is read (bench/extraction_corpus.is_training_page). Each page
is rendered to full-page text as the benchmark does and cleaned by the rule stages; a line that
holds one of the page's `with` snippets is labelled article, one that holds a `without` snippet
boilerplate, others stay unlabelled. LightGBM fits boosted trees on the line features of
flows.line_model; the trees are written as flat node arrays that flows.line_model scores with
numpy, and the written model is checked against LightGBM's own predictions before it is saved.
Parameters were chosen by 4-fold cross-validation on the training half alone (snippet F1).
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import extraction_corpus as corpus  # noqa: E402  (bench/ is the script's directory)

from flows.config import Settings
from flows.extract import load_markers
from flows.extract.line_model import MODEL_JSON, feature_names, load_model  # noqa: E402
from flows.extract.textcapture import measure_capture  # noqa: E402

SETTINGS = Settings()
MARKERS = load_markers(SETTINGS.reference_dir)

PARAMETERS = {"objective": "binary", "num_leaves": 31, "min_data_in_leaf": 10, "learning_rate": 0.03,
              "feature_fraction": 0.8, "bagging_fraction": 0.8, "bagging_freq": 1, "seed": 1,
              "deterministic": True, "num_threads": 1, "verbose": -1}
ROUNDS = 300
DECISION_THRESHOLD = 0.5


def labelled_lines(item: dict) -> tuple[np.ndarray, np.ndarray]:
    measured = measure_capture(corpus.render(corpus.read_html(item)), MARKERS)
    article = [corpus.collapse_spaces(s) for s in item["with"]]
    boilerplate = [corpus.collapse_spaces(s) for s in item["without"]]
    rows, labels = [], []
    for line, features in zip(measured.lines, measured.features):
        text = corpus.collapse_spaces(line.text)
        if any(snippet in text for snippet in article):
            rows.append(features)
            labels.append(1.0)
        elif any(snippet in text for snippet in boilerplate):
            rows.append(features)
            labels.append(0.0)
    width = len(feature_names())
    return np.array(rows, dtype=float).reshape(-1, width), np.array(labels)


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=MODEL_JSON)
    args = parser.parse_args(argv)
    if not corpus.available():
        print(f"skipping: extraction corpus not found at {corpus.CORPUS}")
        return 0
    training = [item for _, item in corpus.items() if corpus.is_training_page(item)]
    parts = [labelled_lines(item) for item in training]
    features = np.vstack([rows for rows, _ in parts])
    labels = np.concatenate([y for _, y in parts])
    import lightgbm

    booster = lightgbm.train(PARAMETERS, lightgbm.Dataset(features, labels), ROUNDS)
    trees = [info["tree_structure"] for info in booster.dump_model()["tree_info"]]
    spec = {
        "trained_on": (f"{len(training)} pages (training half) of ../shared/bench/extraction, inscriptis renders, "
                       f"{len(labels)} snippet-labelled lines ({int(labels.sum())} article), "
                       f"LightGBM {lightgbm.__version__}, {date.today()}"),
        "parameters": {**PARAMETERS, "rounds": ROUNDS},
        "decision_threshold": DECISION_THRESHOLD,
        "features": feature_names(),
        "depth": max(tree_depth(tree) for tree in trees),
        "trees": [flat_tree(tree) for tree in trees],
    }
    args.output.write_text(json.dumps(spec, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
    load_model.cache_clear()
    predicted = booster.predict(features)
    difference = np.abs(load_model(args.output).article_probability(features) - predicted).max()
    if difference > 1e-6:  # leaf values are stored to 9 significant digits
        raise SystemExit(f"the written model disagrees with LightGBM by {difference}")
    accuracy = float(((predicted >= DECISION_THRESHOLD) == (labels == 1)).mean())
    print(f"{spec['trained_on']}; training line accuracy {accuracy:.3f}; written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
