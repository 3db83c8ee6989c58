"""CPU time of the English analysis per document, per spaCy component and per consumer (issue 27).

Reads the PolNeAR dev articles (``../shared/bench/attribution/polnear/dev/text``, ~800 words each)
and times, in one process, the stock ``en_core_web_sm`` pipeline and the shipped one
(``flows.analyze.nlp.english``) on the same documents, alternating rounds so that the load of a
shared machine falls on both alike. Then the whole analysis (``flows.analyze.analyze``: pipe,
places, claims, MinHash) with each pipeline, and with the shipped one once more with the garbage
collector walking every object as before ``english()`` froze the loaded ones ("unfrozen"); each
stage's share (parse, places, claims and within them the attribution tagger and quantities,
MinHash). Checks that both pipelines give every token the same tag, part of speech, morphology,
lemma, dependency, head and entity, and the same sentences, and that every variant gives the same
analysis rows (claims, quantities, places, all tables), and counts what differs.
CPU seconds (``time.process_time``); the load average is printed beside them.

``--dump FILE`` writes the shipped pipeline's token annotations and analysis rows to FILE, and
``--compare FILE`` counts what differs from such a dump (another spaCy version, for instance);
neither times anything.
"""
from __future__ import annotations

import argparse
import functools
import gc
import os
import pickle
import sys
import time
from collections import defaultdict
from pathlib import Path
from unittest import mock

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import flows.analyze.analysis
from flows.analyze import analyze, minhash
from flows.analyze.claims import rows as claim_rows_module
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


def timed_stages(nlp, totals: dict[str, float]) -> list:
    """Patches that add the CPU seconds of each analysis stage to ``totals`` (nested stages are
    also counted in their parent: claims include the attribution tagger and quantities)."""
    def timed(target, name: str, stage: str):
        function = getattr(target, name)

        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                totals[stage] += time.process_time() - start
        return mock.patch.object(target, name, wrapper)

    class TimedPipe:  # the parse is consumed lazily, so each document's next() is timed
        def __getattr__(self, name):
            return getattr(nlp, name)

        def pipe(self, texts, **kwargs):
            docs = nlp.pipe(texts, **kwargs)
            while True:
                start = time.process_time()
                doc = next(docs, None)
                totals["parse"] += time.process_time() - start
                if doc is None:
                    return
                yield doc

    return [mock.patch.object(flows.analyze.analysis, "english", lambda: TimedPipe()),
            timed(flows.analyze.analysis.places, "recognize", "places"),
            timed(flows.analyze.claims, "claim_rows", "claims"),
            timed(claim_rows_module, "attribute", "claims: attribution"),
            timed(claim_rows_module, "quantities", "claims: quantities"), timed(minhash, "signature", "MinHash")]


def token_annotations(doc) -> list[tuple]:
    return [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_type_, t.ent_iob_, t.is_sent_start)
            for t in doc]


def shipped_output(texts: list[str]) -> dict:
    """The shipped pipeline's token annotations per document and the whole analysis's rows."""
    documents = [(str(i), text, "en") for i, text in enumerate(texts)]
    return {"tokens": [token_annotations(doc) for doc in english().pipe(texts)],
            "rows": analyze(documents, Settings()).rows}


def compare(dumped: dict, output: dict) -> int:
    """Prints what differs between two ``shipped_output``s; returns the number of differences."""
    tokens = sum(a != b for x, y in zip(dumped["tokens"], output["tokens"]) for a, b in zip(x, y)) \
        + sum(abs(len(x) - len(y)) for x, y in zip(dumped["tokens"], output["tokens"]))
    print(f"tokens: {sum(map(len, output['tokens']))}, with any annotation different from the dump: {tokens}")
    for x, y in zip(dumped["tokens"], output["tokens"]):
        for a, b in [(a, b) for a, b in zip(x, y) if a != b][:5]:
            print(f"  dump {a}\n  now  {b}")
    rows = 0
    for table in sorted(dumped["rows"].keys() | output["rows"].keys()):
        before, after = dumped["rows"].get(table, []), output["rows"].get(table, [])
        differing = sum(a != b for a, b in zip(before, after)) + abs(len(before) - len(after))
        print(f"{table}: {len(after)} rows ({len(before)} in the dump), differing: {differing}")
        rows += differing
    return tokens + rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=80, help="PolNeAR dev articles to read")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds per pipeline")
    parser.add_argument("--dump", type=Path, help="write the shipped output to this file and stop")
    parser.add_argument("--compare", type=Path, help="compare the shipped output with this dump and stop")
    args = parser.parse_args()
    if not POLNEAR_DEV.is_dir():
        print(f"skipped: {POLNEAR_DEV} not found")
        return 0
    texts = [p.read_text(encoding="utf-8") for p in sorted(POLNEAR_DEV.glob("*.txt"))[:args.docs]]
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} documents, {words / len(texts):.0f} words on average; load {os.getloadavg()}")
    if args.dump:
        args.dump.write_bytes(pickle.dumps(shipped_output(texts)))
        return 0
    if args.compare:
        differences = compare(pickle.loads(args.compare.read_bytes()), shipped_output(texts))
        print(f"differences from {args.compare}: {differences}")
        return 1 if differences else 0
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
    variants = {"stock": (pipelines["stock"], True), "shipped": (pipelines["shipped"], True),
                "shipped, unfrozen": (pipelines["shipped"], False)}
    analyze(documents[:2], settings)  # first-use loads: the gazetteer's lookups, the attribution model
    analysis = defaultdict(float)
    stages = {name: defaultdict(float) for name in variants}
    rows = {}
    for _ in range(args.rounds):
        for name, (nlp, frozen) in variants.items():
            if not frozen:
                gc.unfreeze()
            patches = timed_stages(nlp, stages[name])
            for patch in patches:
                patch.start()
            try:
                start = time.process_time()
                rows[name] = analyze(documents, settings).rows
                analysis[name] += time.process_time() - start
            finally:
                for patch in patches:
                    patch.stop()
                gc.freeze()
    for name, seconds in analysis.items():
        seconds /= args.rounds
        parts = ", ".join(f"{stage} {s / args.rounds:.2f}" for stage, s in stages[name].items())
        print(f"{name:18s} whole analysis: {seconds:.2f} CPU s = {len(texts) / seconds:.2f} docs per CPU s ({parts})")
    for name in variants:
        differing = {table: sum(a != b for a, b in zip(table_rows, rows[name][table]))
                     + abs(len(table_rows) - len(rows[name][table])) for table, table_rows in rows["stock"].items()}
        print(f"{name:18s} rows: {sum(len(r) for r in rows[name].values())}, differing from stock: "
              f"{sum(differing.values())} ({', '.join(f'{t} {n}' for t, n in differing.items() if n) or 'none'})")
    print(f"load {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
