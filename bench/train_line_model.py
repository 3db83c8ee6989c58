"""Train the text-capture cleaner's line model (flows/extract/line_model.json) on ../shared/bench/extraction.

Only the training half of the corpus is read (bench/extraction_corpus.is_training_page). Each page
is rendered to full-page text as the benchmark does and cleaned by the rule stages; a line that
holds one of the page's `with` snippets is labelled article, one that holds a `without` snippet
boilerplate, others stay unlabelled. LightGBM fits boosted trees on the line features of
flows.extract.line_model; the trees are written as flat node arrays that flows.trees scores with
numpy, and the written model is checked against LightGBM's own predictions before it is saved.
Parameters were chosen by 4-fold cross-validation on the training half alone (snippet F1).
"""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import extraction_corpus as corpus  # noqa: E402  (bench/ is the script's directory)

from flows import trees  # noqa: E402
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
    trained_on = (f"{len(training)} pages (training half) of ../shared/bench/extraction, inscriptis renders, "
                  f"{len(labels)} snippet-labelled lines ({int(labels.sum())} article), "
                  f"LightGBM {lightgbm.__version__}, {date.today()}")
    spec = trees.export(booster.dump_model(), feature_names(), DECISION_THRESHOLD, trained_on,
                        {**PARAMETERS, "rounds": ROUNDS})
    predicted = booster.predict(features)
    trees.write_checked(spec, args.output, features, booster.predict(features, raw_score=True),
                        "bench/train_line_model.py")
    load_model.cache_clear()
    accuracy = float(((predicted >= DECISION_THRESHOLD) == (labels == 1)).mean())
    print(f"{spec['trained_on']}; training line accuracy {accuracy:.3f}; written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
