"""dbt's full build at N documents under each DuckDB memory cap (issue 27): wall seconds and the
building process's peak RSS, as the flow runs it (``run_dbt`` in process).

A run's state file (e.g. a scale bench's ``newsclaims_state.duckdb``) is copied, dbt's schemas
dropped, and raw's documents replicated under new ids to N (bench/replicate.py); each cap then
builds its own copy in a fresh process.

    .venv/bin/python bench/dbt_memory_bench.py STATE_FILE --documents 10000 --caps 1024 512
"""
from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from bench.replicate import scale_up  # noqa: E402


def scaled_state(source: Path, target: Path, documents: int) -> int:
    shutil.copyfile(source, target)
    with duckdb.connect(str(target)) as con:
        for (schema,) in con.execute("SELECT DISTINCT schema_name FROM duckdb_tables() "
                                     "WHERE database_name = current_database()").fetchall():
            if schema not in ("raw", "ops"):
                con.execute(f"DROP SCHEMA {schema} CASCADE")
        return scale_up(con, documents, exclude_schemas=("ops",))


def build(state: Path, cap_mb: int, work: Path) -> None:
    """One full build in this process; prints its wall time and peak RSS."""
    from flows.config import Settings
    from flows.warehouse.dbt import run_dbt

    candidate = work / "newsclaims.duckdb"
    settings = Settings().with_paths(None, candidate).model_copy(update={"dbt_memory_mb": cap_mb})
    duckdb.connect(str(candidate)).close()
    start = time.perf_counter()
    result = run_dbt(candidate, settings, "build", full_refresh=True, state_db=state)
    print(f"| {cap_mb} | {time.perf_counter() - start:.0f} s | "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB | {result.nodes} nodes, "
          f"{result.tests_passed} tests passed |", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("state", type=Path, help="a run's state file")
    parser.add_argument("--documents", type=int, default=10000)
    parser.add_argument("--caps", type=int, nargs="+", default=[1024, 512], help="NEWSCLAIMS_DBT_MEMORY_MB values")
    parser.add_argument("--build", type=int, help=argparse.SUPPRESS)  # one cap, in a child process
    args = parser.parse_args()
    if args.build:
        build(args.state, args.build, args.state.parent)
        return 0
    with tempfile.TemporaryDirectory(prefix="dbt-memory-") as scratch:
        scaled = Path(scratch) / "scaled_state.duckdb"
        print(f"{scaled_state(args.state, scaled, args.documents)} documents\n")
        print("| NEWSCLAIMS_DBT_MEMORY_MB | wall | peak RSS | build |\n|---|---|---|---|")
        for cap in args.caps:
            work = Path(scratch) / str(cap)
            work.mkdir()
            shutil.copyfile(scaled, work / "state.duckdb")
            subprocess.run([sys.executable, __file__, str(work / "state.duckdb"), "--build", str(cap)], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
