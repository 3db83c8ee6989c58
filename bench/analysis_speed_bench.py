"""CPU time of the English analysis per document, per spaCy component and per consumer (issue 27).

Reads the PolNeAR dev articles (``../shared/bench/attribution/polnear/dev/text``, ~800 words each)
and times, in one process, the stock ``en_core_web_sm`` pipeline and the shipped one
(``flows.analyze.nlp.english``) on the same documents, alternating rounds so that the load of a
shared machine falls on both alike. Then the whole analysis (``flows.analyze.analyze``: pipe,
places, claims, MinHash) with each pipeline. Also checks that both pipelines give every token the
same tag, part of speech, morphology, lemma, dependency, head and entity, and the same sentences,
and counts the tokens where they differ.
CPU seconds (``time.process_time``); the load average is printed beside them.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from collections import defaultdict
from pathlib import Path
from unittest import mock

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import flows.analyze
from flows.analyze import analyze
from flows.analyze.nlp import english, stock_english
from flows.config import Settings

POLNEAR_DEV = REPO_ROOT.parent / "shared" / "bench" / "attribution" / "polnear" / "dev" / "text"


def component_seconds(nlp, texts: list[str], totals: dict[str, float], batch_size: int = 16) -> list:
    """Runs ``nlp`` component by component over ``texts``, adding each one's CPU seconds to ``totals``."""
    start = time.process_time()
    docs = [nlp.make_doc(text) for text in texts]
    totals["tokenizer"] += time.process_time() - start
    for name, component in nlp.pipeline:
        start = time.process_time()
        docs = list(component.pipe(docs, batch_size=batch_size)) if hasattr(component, "pipe") \
            else [component(doc) for doc in docs]
        totals[name] += time.process_time() - start
    return docs


def token_annotations(doc) -> list[tuple]:
    return [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_type_, t.ent_iob_, t.is_sent_start)
            for t in doc]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=80, help="PolNeAR dev articles to read")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds per pipeline")
    args = parser.parse_args()
    if not POLNEAR_DEV.is_dir():
        print(f"skipped: {POLNEAR_DEV} not found")
        return 0
    texts = [p.read_text(encoding="utf-8") for p in sorted(POLNEAR_DEV.glob("*.txt"))[:args.docs]]
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} documents, {words / len(texts):.0f} words on average; load {os.getloadavg()}")
    pipelines = {"stock": stock_english(), "shipped": english()}
    for nlp in pipelines.values():  # warm-up: lazy loads, the memo's first misses are in the rounds
        list(nlp.pipe(texts[:2]))
    totals = {name: defaultdict(float) for name in pipelines}
    annotations = {}
    for _ in range(args.rounds):
        for name, nlp in pipelines.items():
            docs = component_seconds(nlp, texts, totals[name])
            annotations[name] = [token_annotations(doc) for doc in docs]
    same = sum(a == b for a, b in zip(annotations["stock"], annotations["shipped"]))
    tokens = sum(len(doc) for doc in annotations["stock"])
    differing = sum(a != b for x, y in zip(annotations["stock"], annotations["shipped"]) for a, b in zip(x, y))
    print(f"documents with identical token annotations: {same} of {len(texts)}; "
          f"tokens with any annotation different: {differing} of {tokens}")
    for name, per_component in totals.items():
        total = sum(per_component.values()) / args.rounds
        parts = ", ".join(f"{c} {s / args.rounds:.2f}" for c, s in per_component.items())
        print(f"{name:8s} pipe: {total:.2f} CPU s = {len(texts) / total:.1f} docs per CPU s ({parts})")

    settings = Settings()
    documents = [(str(i), text, "en") for i, text in enumerate(texts)]
    analysis = defaultdict(float)
    for _ in range(args.rounds):
        for name, nlp in pipelines.items():
            with mock.patch.object(flows.analyze, "english", lambda nlp=nlp: nlp):
                start = time.process_time()
                analyze(documents, settings)
                analysis[name] += time.process_time() - start
    for name, seconds in analysis.items():
        seconds /= args.rounds
        print(f"{name:8s} whole analysis: {seconds:.2f} CPU s = {len(texts) / seconds:.2f} docs per CPU s")
    print(f"load {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
