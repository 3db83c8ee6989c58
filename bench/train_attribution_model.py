"""Train the attribution tagger (flows/analyze/claims/attribution_crf.bin) on PolNeAR train and print the dev figure.

Data: ``../shared/bench/attribution/polnear/train`` (840 articles; each article's first annotator
file by name). Every token gets a BIO label of the role (Source, Cue, Content) whose span covers it,
the cue winning where spans overlap. One CRF sequence per sentence, features from
``flows.analyze.claims.attribution_model``. Model selection: a tenth of the train articles (chosen
by a hash of the file name) is held out, each candidate in ``CANDIDATES`` is trained on the rest and
scored like bench/attribution_bench.py on the held-out tenth; the best is retrained on all train
articles with the same settings and written. L-BFGS is deterministic, so the same data and
settings write the same weights. Dev is scored once, at the end.

Speech apart from stance: the word list ``statements.SPEECH_CUES`` is measured on train (how many
attributions it calls speech, and how often their contents are quoted against the others').

    .venv/bin/python bench/train_attribution_model.py [--cache /tmp/polnear_docs]
"""
from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import pycrfsuite  # noqa: E402
from spacy.tokens import Doc, DocBin  # noqa: E402

from bench.attribution_bench import POLNEAR, predicted_from_doc, read_gold, report, score_doc  # noqa: E402
from flows.analyze import ATTRIBUTION_MODEL  # noqa: E402
from flows.analyze.claims import attribution_model, statements  # noqa: E402
from flows.analyze.claims.rows import claim_units  # noqa: E402
from flows.analyze.nlp import english  # noqa: E402

# L-BFGS with elastic net: c1 (L1) prunes rare features, c2 (L2) smooths the rest.
CANDIDATES = [
    {"c1": 0.1, "c2": 0.01, "max_iterations": 100},
    {"c1": 0.05, "c2": 0.01, "max_iterations": 150},
]
HELD_OUT_SHARE = 10  # one article in ten, by hash


def parsed(split: str, cache: Path | None) -> list[tuple[str, Doc, list[dict]]]:
    """(name, parsed doc, first annotator's gold attributions) per article of a split."""
    split_dir = POLNEAR / split
    texts = sorted((split_dir / "text").glob("*.txt"))
    cached = cache / f"{split}.spacy" if cache else None
    nlp = english()
    if cached is not None and cached.is_file():
        docs = list(DocBin().from_disk(cached).get_docs(nlp.vocab))
    else:
        docs = list(nlp.pipe((p.read_text(encoding="utf-8") for p in texts), batch_size=16))
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            DocBin(docs=docs, store_user_data=False).to_disk(cached)
    out = []
    for path, doc in zip(texts, docs):
        annotations = sorted((split_dir / "attributions").glob(f"{path.stem}_*.ann"))
        out.append((path.stem, doc, read_gold(annotations[0]) if annotations else []))
    return out


def gold_labels(doc: Doc, gold: list[dict]) -> list[str]:
    labels = ["O"] * len(doc)
    for role in ("Content", "Source", "Cue"):  # later roles overwrite earlier ones
        for attribution in gold:
            for start, end in attribution.get(role, []):
                span = doc.char_span(start, end, alignment_mode="expand")
                tokens = [t for t in span or () if not t.is_space]
                for k, token in enumerate(tokens):
                    labels[token.i] = ("B-" if k == 0 else "I-") + role.upper()
    return labels


def sequences(doc: Doc, labels: list[str] | None = None):
    rule_found = [statements.attributions_of(u) for _, u in claim_units(doc)]
    features = attribution_model.token_features(doc, rule_found, statements.quote_spans(doc.text))
    for start, end, items in attribution_model.sentence_items(doc, features):
        yield items, (labels[start:end] if labels is not None else None)


def train(articles, params: dict, out: Path) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for _, doc, gold in articles:
        labels = gold_labels(doc, gold)
        for items, y in sequences(doc, labels):
            trainer.append(items, y)
    trainer.set_params({**params, "feature.possible_transitions": True})
    trainer.train(str(out))


def measure_speech_cues(articles) -> str:
    """How the speech cue list (statements.SPEECH_CUES) splits train's attributions, and how often
    each side's contents are quoted."""
    counts = Counter()
    for _, doc, gold in articles:
        for attribution in gold:
            cue = doc.char_span(*attribution["Cue"][0], alignment_mode="expand") if attribution.get("Cue") else None
            kind = "speech" if cue is not None and len(cue) and statements.cue_word(cue) in statements.SPEECH_CUES \
                else "stance"
            content = "".join(doc.text[s:e] for s, e in attribution["Content"])
            counts[kind] += 1
            counts[f"{kind} quoted"] += any(ch in content for ch in "“”\"")
    return ", ".join(f"{kind} {counts[kind]} attributions ({counts[kind + ' quoted'] / max(counts[kind], 1):.0%} "
                     "of contents quoted)" for kind in ("speech", "stance"))


def score(articles, split_dir: Path) -> Counter:
    """Score claims.claim_rows on the articles against every annotator file, like attribution_bench."""
    counts: Counter = Counter()
    for name, doc, _ in articles:
        score_doc(doc, predicted_from_doc(doc), sorted((split_dir / "attributions").glob(f"{name}_*.ann")),
                  counts, Counter())
    return counts


def split_held_out(articles: list) -> tuple[list, list]:
    """(the rest, the held-out tenth) of the train articles, the tenth chosen by a hash of the name."""
    held = [a for a in articles if int(hashlib.sha256(a[0].encode()).hexdigest(), 16) % HELD_OUT_SHARE == 0]
    return [a for a in articles if a not in held], held


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, help="keep the spaCy parses of PolNeAR here between runs")
    args = parser.parse_args()
    if not (POLNEAR / "train").is_dir():
        print(f"PolNeAR not found at {POLNEAR}; nothing to train on.")
        return
    articles = parsed("train", args.cache)
    print(f"train, speech cue list: {measure_speech_cues(articles)}")
    fit, held = split_held_out(articles)
    model_path = ATTRIBUTION_MODEL
    best = None
    for params in CANDIDATES:
        train(fit, params, model_path)
        attribution_model.tagger.cache_clear()
        counts = score(held, POLNEAR / "train")
        print(f"held-out train ({len(held)} articles) {params}: {report(counts)}")
        f1 = report(counts, as_f1=True)
        if best is None or f1 > best[0]:
            best = (f1, params)
    print(f"chosen: {best[1]}; training on all {len(articles)} train articles")
    train(articles, best[1], model_path)
    attribution_model.tagger.cache_clear()
    print(f"wrote {model_path} ({model_path.stat().st_size / 1e6:.1f} MB)")
    dev = parsed("dev", args.cache)
    print(f"PolNeAR dev ({len(dev)} articles, all annotators): {report(score(dev, POLNEAR / 'dev'))}")


if __name__ == "__main__":
    main()
