"""Design 2 of the attribution tagger (issue 23), measured and not shipped: spaCy's ``ner`` over
SOURCE / CUE / CONTENT (``bench/attribution_ner.cfg``), listening to en_core_web_sm's frozen
tok2vec, trained with ``spacy train`` (seed 0) on PolNeAR train and scored like the CRF: its labels
go through the same post-steps (``flows.analyze.claims.attributions``) and the bench's matching.

Data: the train articles outside the held-out tenth of bench/train_attribution_model.py (the first
``--articles`` of them by name), each article's first annotator file; the held-out tenth is
spaCy's dev corpus (model-best by entity F1) and the attribution score.

    .venv/bin/python bench/attribution_ner_design.py --articles 300 --steps 1200 --cache /tmp/polnear_docs
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import spacy  # noqa: E402
from spacy.cli.train import train as spacy_train  # noqa: E402
from spacy.tokens import Doc, DocBin  # noqa: E402

from bench.attribution_bench import POLNEAR, report  # noqa: E402
from bench.train_attribution_model import gold_labels, parsed, score, split_held_out  # noqa: E402
from flows.analyze.claims import attribution_model  # noqa: E402
from flows.analyze.nlp import english  # noqa: E402

CONFIG = REPO_ROOT / "bench" / "attribution_ner.cfg"


def entity_tags(labels: list[str]) -> list[str]:
    """The CRF's BIO labels as spaCy entity tags: an inside label after another role begins one
    (gold labels skip whitespace tokens, which splits a span there)."""
    tags, previous = [], "O"
    for label in labels:
        if label.startswith("I-") and previous[2:] != label[2:]:
            label = "B-" + label[2:]
        tags.append(label)
        previous = label
    return tags


def write_docbin(articles, path: Path) -> None:
    docs = DocBin()
    for _, doc, gold in articles:
        docs.add(Doc(doc.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc],
                     ents=entity_tags(gold_labels(doc, gold))))
    docs.to_disk(path)


class NerLabels:
    """``attribution_model.tag`` from the trained component: the analysis doc's tok2vec output
    (doc.tensor) on a copy of its words, so the parse's own entities stay as they are."""

    def __init__(self, model_dir: Path):
        self.ner = spacy.load(model_dir).get_pipe("attribution")
        self.tok2vec = english().get_pipe("tok2vec")

    def tag(self, doc: Doc, rule_found, quotes) -> list[str]:
        if doc.tensor.size == 0:  # a parse read back from a DocBin has no tensor
            self.tok2vec(doc)
        copy = Doc(self.ner.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc])
        copy.tensor = doc.tensor
        self.ner(copy)
        return ["O" if t.ent_iob_ == "O" else f"{t.ent_iob_}-{t.ent_type_}" for t in copy]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300, help="train articles to fit on (of the 90 %%)")
    parser.add_argument("--steps", type=int, default=1200, help="training steps (batches of ~2,000 words)")
    parser.add_argument("--out", type=Path, default=Path("/tmp/attribution_ner"))
    parser.add_argument("--cache", type=Path, help="keep the spaCy parses of PolNeAR here between runs")
    args = parser.parse_args()
    if not (POLNEAR / "train").is_dir():
        print(f"PolNeAR not found at {POLNEAR}; nothing to train on.")
        return
    fit, held = split_held_out(parsed("train", args.cache))
    fit = fit[:args.articles]
    args.out.mkdir(parents=True, exist_ok=True)
    write_docbin(fit, args.out / "fit.spacy")
    write_docbin(held, args.out / "held.spacy")
    spacy_train(CONFIG, args.out / "model", overrides={
        "paths.train": str(args.out / "fit.spacy"), "paths.dev": str(args.out / "held.spacy"),
        "paths.base_model": str(english().path), "training.max_steps": args.steps})
    attribution_model.tag = NerLabels(args.out / "model" / "model-best").tag  # the post-steps read these labels
    print(f"held-out train ({len(held)} articles), ner on {len(fit)} articles, {args.steps} steps: "
          f"{report(score(held, POLNEAR / 'train'))}")


if __name__ == "__main__":
    main()
