"""What an analysis budget child holds as it reads, and what bounds it (issue 27): the English
articles of the scale bench (the geo corpora and PolNeAR, ~1,450 distinct texts) analysed in
batches of 32 through ``flows.analyze.budget.analyze_within_budget`` (one fresh-interpreter child,
as a run's thread drives it), with

- ``plain``: one child for every document;
- ``recycled N``: a child replaced after N documents (``NEWSCLAIMS_DOCUMENTS_PER_CHILD``);
- ``memory zone``: each document analysed inside spaCy's ``nlp.memory_zone()``, which drops the
  strings a document added to the model's string store when it ends.

Reported per mode: the child's RSS after each 200 documents and its peak (sampled every 0.1 s),
the children's CPU seconds (``RUSAGE_CHILDREN``, every child reaped) and wall seconds, and whether
every table's rows equal the plain mode's. Skips (exit 0) when the shared corpora are absent.

    .venv/bin/python bench/budget_child_bench.py --docs 1450
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import threading
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / "bench"))

import psutil  # noqa: E402

from flows.analyze import Analysis, analyze  # noqa: E402
from flows.analyze.budget import analyze_within_budget  # noqa: E402
from flows.config import Settings  # noqa: E402
from flows.runtime.budget import close_idle_workers  # noqa: E402


def analyze_in_memory_zone(documents, settings, **options) -> Analysis:
    """``analyze`` inside spaCy's memory zone: strings a document adds are dropped when it ends."""
    from flows.analyze.nlp import english

    with english().memory_zone():
        return analyze(documents, settings, **options)


def english_texts(count: int) -> list[str]:
    import xml.etree.ElementTree as ET

    from scale_bench import GEO, POLNEAR

    texts = [(a.findtext("text") or "").strip() for path in GEO for a in ET.parse(path).getroot().iter("article")]
    texts += [p.read_text(encoding="utf-8") for p in sorted(POLNEAR.glob("*/text/*.txt"))]
    return [t for t in texts if len(t) > 200][:count]


def children_rss() -> int:
    return sum(c.memory_info().rss for c in psutil.Process().children() if c.is_running())


def run_mode(texts: list[str], settings: Settings, analyzer) -> dict:
    documents = [(f"doc{i:05d}", text, "en") for i, text in enumerate(texts)]
    peak, stop = [0], threading.Event()

    def sample() -> None:
        while not stop.wait(0.1):
            try:
                peak[0] = max(peak[0], children_rss())
            except psutil.Error:
                pass

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    start, curve, analyses = time.perf_counter(), [], []
    for i in range(0, len(documents), 32):
        analysis, refused = analyze_within_budget(documents[i:i + 32], settings, analyzer)
        assert not refused, refused
        analyses.append(analysis)
        done = i + len(documents[i:i + 32])
        if done % 192 == 0 or done == len(documents):
            curve.append((done, children_rss() / 2**20))
    wall = time.perf_counter() - start
    close_idle_workers()
    stop.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"wall": wall, "cpu": after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime,
            "peak": peak[0] / 2**20, "curve": curve, "rows": Analysis.merge(analyses).rows}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=1450)
    parser.add_argument("--recycle", type=int, nargs="*", default=[500], help="documents per child to try")
    parser.add_argument("--no-zone", action="store_true", help="skip the memory-zone mode")
    args = parser.parse_args()
    texts = english_texts(args.docs)
    if not texts:
        print("skipped: ../shared/bench corpora not found")
        return 0
    print(f"{len(texts)} English texts; load average before {os.getloadavg()}")
    base = Settings()
    modes = [("plain", base.model_copy(update={"documents_per_child": 0}), analyze)]
    modes += [(f"recycled {n}", base.model_copy(update={"documents_per_child": n}), analyze) for n in args.recycle]
    if not args.no_zone:
        modes.append(("memory zone", base.model_copy(update={"documents_per_child": 0}), analyze_in_memory_zone))
    plain_rows = None
    for name, settings, analyzer in modes:
        try:
            result = run_mode(texts, settings, analyzer)
        except Exception as exc:  # a mode that breaks the analysis is a result too
            close_idle_workers()
            print(f"{name}: failed: {type(exc).__name__}: {str(exc)[:300]}")
            continue
        plain_rows = plain_rows or result["rows"]
        same = all(sorted(map(repr, result["rows"][t])) == sorted(map(repr, plain_rows[t])) for t in plain_rows)
        curve = ", ".join(f"{n}: {mb:.0f}" for n, mb in result["curve"])
        print(f"{name}: peak child RSS {result['peak']:.0f} MB; after N documents (MB) {curve}; "
              f"children CPU {result['cpu']:.0f} s, wall {result['wall']:.0f} s; "
              f"rows {'equal to plain' if same else 'DIFFER from plain'}; load {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
