"""The state backup's cost at N documents after a run that changed 1 % of them (issue 27), against
the byte copy of the state file it replaced, in the same run.

The state file: a real one (``--state``, copied first), or by default the sample pages' run
(seeds/pages through the nightly flow), with every document-keyed table of every schema (raw,
staging, intermediate) replicated under new document ids up to ``--documents``, so the file holds
what N analysed documents hold. Then:
1. the byte copy of the state file (what a publish did before; fsync included);
2. the backup written anew (the first publish after an upgrade, or after a damaged backup);
3. +1 %: that many documents re-analysed (their raw rows deleted and written again, their revision
   bumped, as ``load_analysis`` does), then the backup brought up to date;
4. a run that changed nothing, then the backup brought up to date.
Wall seconds, with the load average; the file sizes. Needs no shared data.

    .venv/bin/python bench/backup_bench.py --documents 10000
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

from flows.config import Settings  # noqa: E402
from flows.warehouse import state  # noqa: E402
from flows.warehouse.backup import back_up_state, state_backup  # noqa: E402
from bench.replicate import document_tables, sample_run, scale_up  # noqa: E402


def _reanalyse(path: Path, share: float) -> int:
    """Rewrite the raw rows of ``share`` of the documents and bump their revisions, as a run does."""
    with state.connect(path) as con:
        ids = [r[0] for r in con.execute(
            f"SELECT document_id FROM raw.documents USING SAMPLE {share * 100:.3f} PERCENT (bernoulli, 7)").fetchall()]
        con.begin()
        for table, key in document_tables(con, exclude_schemas=("ops",)):
            if table.startswith("raw.") and table != "raw.document_revisions":
                con.execute(f"CREATE TEMP TABLE rewritten AS SELECT * FROM {table} WHERE {key} IN (SELECT UNNEST(?))",
                            [ids])
                con.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT UNNEST(?))", [ids])
                con.execute(f"INSERT INTO {table} SELECT * FROM rewritten; DROP TABLE rewritten")
        state.bump_revisions(con, ids)
        con.commit()
        return len(ids)


def _timed(step):
    start = time.perf_counter()
    result = step()
    return time.perf_counter() - start, result


def _byte_copy(source: Path, target: Path) -> None:
    shutil.copyfile(source, target)
    with target.open("rb") as handle:
        os.fsync(handle.fileno())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10000)
    parser.add_argument("--state", type=Path, help="a state file to start from (copied, never changed)")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="backup_bench_"))
    try:
        seed = args.state or sample_run(root).with_name("newsclaims_state.duckdb")
        settings = Settings().with_paths(landing=root, warehouse=root / "wh" / "newsclaims.duckdb")
        settings.state_db.parent.mkdir(parents=True)
        shutil.copyfile(seed, settings.state_db)
        with state.connect(settings.state_db) as con:
            documents = scale_up(con, args.documents, exclude_schemas=("ops",))
        size = settings.state_db.stat().st_size
        print(f"state file: {documents} documents, {size / 2**20:.0f} MiB; load {os.getloadavg()[0]:.1f}")
        rows = [("byte copy of the state file (before)", *_timed(lambda: _byte_copy(settings.state_db,
                                                                                      root / "copy.duckdb")))]
        rows.append(("backup written anew", *_timed(lambda: back_up_state(settings))))
        changed = _reanalyse(settings.state_db, 0.01)
        rows.append((f"+1 % ({changed} documents re-analysed), backup brought up to date",
                     *_timed(lambda: back_up_state(settings))))
        rows.append(("nothing changed, backup brought up to date", *_timed(lambda: back_up_state(settings))))
        print(f"backup file: {state_backup(settings).stat().st_size / 2**20:.0f} MiB; "
              f"load {os.getloadavg()[0]:.1f}\n\n| step | wall s | how |\n|---|---|---|")
        for label, seconds, how in rows:
            print(f"| {label} | {seconds:.2f} | {how or ''} |")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
