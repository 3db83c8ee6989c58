"""The learned last step of the text-capture cleaner: boosted trees over line features.

The rule stages of flows.extract.textcapture decide well on clear lines; headings, list items and short
paragraphs next to boilerplate, and long boilerplate prose (licences, author boxes, newsletter
prompts) are where they err. The model sees each line's own measures, the rule stages' verdicts
for it and its neighbours, where it sits relative to the article cluster, and how much of its
vocabulary the article shares, and scores the probability that the line is article text.

The trees live in flows/extract/line_model.json, written by bench/train_line_model.py and scored by
flows.trees (numpy alone). The file names its features, so a model trained on another feature set
is refused at load time.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

from flows.extract.scripts import content_words
from flows.trees import Trees, load_trees

MODEL_JSON = Path(__file__).resolve().parent / "line_model.json"
CLASSES = ("good", "neargood", "short", "bad")
NEIGHBOUR_OFFSETS = (-2, -1, 1, 2)
# Bin edges: features are one-hot bins, each tree split reads one bin.
CHARS_BINS = (10, 20, 30, 45, 70, 110, 160, 250, 400)
STOPWORD_BINS = (0.05, 0.1, 0.15, 0.22, 0.3, 0.4)
CAPITALISED_BINS = (0.3, 0.6, 0.9)
DIGIT_BINS = (0.05, 0.15, 0.3)
DISTANCE_BINS = (1.5, 2.5, 3.5, 6)
GAP_BINS = (0.5, 1.5, 3.5, 8)
SHARE_BINS = (0.05, 0.3, 0.7, 0.95)
COHESION_BINS = (0.1, 0.25, 0.4, 0.6)
TITLE_OVERLAP_BINS = (0.5, 1.5, 2.5)
INDENT_BINS = (-2.5, 2.5)  # against the article lines' median indentation
FAR = 99  # distance to a good line when there is none in that direction

_DIGIT = re.compile(r"\d")


class MeasuredLine(Protocol):
    """What the model reads of a flows.extract.textcapture line."""

    text: str
    chars: int
    stopword_ratio: float
    sentence_end: bool
    spaced: bool
    bullet: bool
    repeated: bool
    blank_before: bool  # a blank line before it in the capture
    blank_after: bool
    indent: int  # leading spaces
    marker: str | None
    kind: str
    initial: str  # class from the line's own features
    resolved: str  # class after the neighbour pass
    rule: str  # class after all rule stages


def _bins(name: str, edges: Sequence[float]) -> list[str]:
    return [f"{name}<{edges[0]}"] + [f"{name}>={edge}" for edge in edges]


def _one_hot(value: float, edges: Sequence[float]) -> list[float]:
    row = [0.0] * (len(edges) + 1)
    row[bisect.bisect_right(edges, value)] = 1.0
    return row


def _classes(name: str) -> list[str]:
    return [f"{name}={cls}" for cls in CLASSES]


def feature_names() -> list[str]:
    names = ["bias", *_bins("chars", CHARS_BINS), *_bins("stopwords", STOPWORD_BINS),
             "sentence_end", "unspaced", "bullet", "ends_colon", "repeated", "marker", "script",
             "blank_before", "blank_after", *_bins("relative_indent", INDENT_BINS),
             "kind=navigation", "kind=related", *_bins("capitalised", CAPITALISED_BINS),
             *_bins("digits", DIGIT_BINS), *_classes("initial"), *_classes("resolved"), "rule=good"]
    for offset in NEIGHBOUR_OFFSETS:
        names += [*_classes(f"n{offset:+d}.initial"), f"n{offset:+d}.rule=good", f"n{offset:+d}.short",
                  f"n{offset:+d}.edge"]
    names += [*_bins("good_above", DISTANCE_BINS), *_bins("good_below", DISTANCE_BINS),
              "before_article", "inside_article", "after_article", *_bins("article_gap", GAP_BINS),
              *_bins("good_share_before", SHARE_BINS), *_bins("position", SHARE_BINS),
              *_bins("cohesion", COHESION_BINS), "no_content_words", *_bins("title_overlap", TITLE_OVERLAP_BINS)]
    return names


def line_features(lines: Sequence[MeasuredLine], title: str | None, stops: frozenset[str]) -> np.ndarray:
    """One row per line, columns as in feature_names()."""
    n = len(lines)
    good_chars = np.array([line.chars if line.initial == "good" else 0 for line in lines], float)
    total_good = good_chars.sum() or 1.0
    good_before = np.cumsum(good_chars) - good_chars
    kept = [i for i, line in enumerate(lines) if line.rule == "good"]
    first, last = (kept[0], kept[-1]) if kept else (n, -1)
    good_at = [i for i, line in enumerate(lines) if line.initial == "good"]
    # Cohesion: the share of a line's content words that other article lines use too.
    words = [content_words(line.text, stops) for line in lines]
    article_vocabulary: Counter[str] = Counter()
    for line, line_words in zip(lines, words):
        if line.rule == "good":
            article_vocabulary.update(set(line_words))
    title_words = set(content_words(title or "", stops))
    article_indent = float(np.median([lines[i].indent for i in kept])) if kept else 0.0

    rows = []
    for i, line in enumerate(lines):
        tokens = line.text.split()
        row = [1.0, *_one_hot(line.chars, CHARS_BINS)]
        row += _one_hot(line.stopword_ratio, STOPWORD_BINS)
        row += [float(line.sentence_end), float(not line.spaced), float(line.bullet), float(line.text.endswith(":")),
                float(line.repeated), float(bool(line.marker)), float(line.kind == "script"),
                float(line.blank_before), float(line.blank_after)]
        row += _one_hot(line.indent - article_indent, INDENT_BINS)
        row += [
                float(line.kind == "navigation"), float(line.kind == "related")]
        row += _one_hot(sum(token[:1].isupper() for token in tokens) / max(len(tokens), 1), CAPITALISED_BINS)
        row += _one_hot(len(_DIGIT.findall(line.text)) / max(line.chars, 1), DIGIT_BINS)
        row += [float(line.initial == cls) for cls in CLASSES] + [float(line.resolved == cls) for cls in CLASSES]
        row.append(float(line.rule == "good"))
        for offset in NEIGHBOUR_OFFSETS:
            j = i + offset
            if 0 <= j < n:
                other = lines[j]
                row += [float(other.initial == cls) for cls in CLASSES]
                row += [float(other.rule == "good"), float(other.chars < 45), 0.0]
            else:
                row += [0.0] * (len(CLASSES) + 2) + [1.0]
        k = bisect.bisect_left(good_at, i)
        above = i - good_at[k - 1] if k > 0 else FAR
        below_at = k + 1 if k < len(good_at) and good_at[k] == i else k
        below = good_at[below_at] - i if below_at < len(good_at) else FAR
        row += _one_hot(above, DISTANCE_BINS) + _one_hot(below, DISTANCE_BINS)
        row += [float(i < first), float(first <= i <= last), float(i > last)]
        row += _one_hot(first - i if i < first else (i - last if i > last else 0), GAP_BINS)
        row += _one_hot(good_before[i] / total_good, SHARE_BINS) + _one_hot(i / n, SHARE_BINS)
        own = line.rule == "good"
        line_words = words[i]
        cohesion = sum(article_vocabulary[w] - own > 0 for w in line_words) / len(line_words) if line_words else 0.0
        row += _one_hot(cohesion, COHESION_BINS) + [float(not line_words)]
        row += _one_hot(sum(w in title_words for w in line_words), TITLE_OVERLAP_BINS)
        rows.append(row)
    return np.array(rows, dtype=float).reshape(n, len(feature_names()))


@lru_cache(maxsize=2)
def load_model(path: Path = MODEL_JSON) -> Trees:
    """The line model's trees; ``probability`` of a row of line_features is that the line is article text."""
    return load_trees(path, feature_names(), "bench/train_line_model.py")
