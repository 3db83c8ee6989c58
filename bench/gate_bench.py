"""The quality gate's cost at N documents, in full and on an incremental build that changed 1 % of
them (issue 27): the row-level suites then see only the changed documents' rows.

The candidate: a published file (``--warehouse``, copied first), or by default the sample pages'
run, with every document-keyed mart replicated under new document ids up to ``--documents``. Wall
seconds of ``run_gate`` (the Parquet snapshot and every suite of the checkpoint), best of
``--repeat``, with the load average. Needs no shared data.

    .venv/bin/python bench/gate_bench.py --documents 10000
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import duckdb  # noqa: E402

from bench.replicate import sample_run, scale_up  # noqa: E402
from flows.config import Settings  # noqa: E402
from flows.warehouse.gate import RunVolume, run_gate  # noqa: E402


def _best(step, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = step()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10000)
    parser.add_argument("--warehouse", type=Path, help="a published file to start from (copied, never changed)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="gate_bench_"))
    try:
        published = args.warehouse or sample_run(root)
        settings = Settings().with_paths(landing=root, warehouse=root / "wh" / "newsclaims.duckdb")
        candidate = settings.candidate_db
        candidate.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(published, candidate)
        with duckdb.connect(str(candidate)) as con:
            documents = scale_up(con, args.documents, counted="marts.fct_documents", exclude_schemas=("ops",))
            sample = [r[0] for r in con.execute(
                "SELECT document_id FROM marts.fct_documents USING SAMPLE 1 PERCENT (bernoulli, 7)").fetchall()]
            claims = con.execute("SELECT count(*) FROM marts.fct_claims").fetchone()[0]
        print(f"candidate: {documents} documents, {claims} claims, "
              f"{candidate.stat().st_size / 2**20:.0f} MiB; load {os.getloadavg()[0]:.1f}")
        volume = RunVolume(previous_documents=documents, checked_documents=len(sample))
        full, result = _best(lambda: run_gate(candidate, settings, volume), args.repeat)
        changed, scoped = _best(lambda: run_gate(candidate, settings, volume, sample), args.repeat)
        print(f"load {os.getloadavg()[0]:.1f}\n\n| gate | wall s (best of {args.repeat}) | expectations |\n|---|---|---|")
        print(f"| every row | {full:.2f} | {result.evaluated} |")
        print(f"| +1 % ({len(sample)} changed documents): row-level suites on their rows | {changed:.2f} | "
              f"{scoped.evaluated} |")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
