"""The story and claim-cluster models' cost at ~10,000 documents (issue 24), without analysing 10,000.

Takes a warehouse that bench/stories_bench.py built (``--work-dir``) and scales its state by
replication: copy k of each document gets id ``<id>~k``, its terms a suffix ``#k``, and its claims,
quantities, actor mentions and claim places the same ids, so every copy is a universe with the
original's structure (document frequencies unchanged, copies never link) while the corpus counts
N x copies documents. The compiled SQL of each model (the run's dbt target) is run on the scaled
tables, best of two: ``int_document_terms`` for 1 % new documents (it is incremental), the models a
run rebuilds whole (``int_story_links``, ``int_document_stories``, ``int_claim_cluster_edges``), and,
with ``--before-edges``, another version of the edges model (a .sql file with dbt refs) for
comparison. What replication does not show: real vocabularies overlap across stories, so real term
postings are longer; the marts and dbt's own overhead are not timed.

    .venv/bin/python bench/stories_scale_bench.py --work-dir DIR [--copies 14] [--before-edges FILE]

Skips (exit 0) when the warehouse is absent.
"""
from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

# Per-claim tables the edges model reads, replicated with suffixed claim and document ids.
CLAIM_TABLES = (("staging", "stg_raw__claims"), ("staging", "stg_raw__claim_quantities"),
                ("intermediate", "int_actor_mentions"), ("intermediate", "int_claim_places"))


def scale(con, copies: int) -> None:
    con.execute("create schema if not exists scaled")
    con.execute(f"""create or replace table scaled.stg_raw__documents as
        select d.* replace (d.document_id || '~' || k as document_id)
        from staging.stg_raw__documents as d, range({copies}) as t(k)""")
    con.execute(f"""create or replace table scaled.int_document_terms as
        select t.document_id || '~' || k as document_id, t.term || '#' || k as term, t.occurrences, t.capitalised
        from intermediate.int_document_terms as t, range({copies}) as r(k)""")
    for schema, table in CLAIM_TABLES:
        con.execute(f"""create or replace table scaled.{table} as
            select t.* replace (t.claim_id || '~' || k as claim_id, t.document_id || '~' || k as document_id)
            from {schema}.{table} as t, range({copies}) as r(k)""")


def compiled_sql(target: Path, folder: str, model: str) -> str:
    sql = (target / "compiled" / "newsclaims" / "models" / "intermediate" / folder / f"{model}.sql").read_text()
    return re.sub(r'"newsclaims_state"\."(?:staging|intermediate)"\."(\w+)"', r"scaled.\1", sql)


def timed(con, label: str, sql: str, into: str) -> None:
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        con.execute(f"create or replace table scaled.{into} as {sql}")
        best = min(best, time.perf_counter() - start)
    rows = con.execute(f"select count(*) from scaled.{into}").fetchone()[0]
    print(f"| {label} | {best:.2f} s | {rows:,} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work-dir", type=Path, required=True, help="a warehouse built by bench/stories_bench.py")
    parser.add_argument("--copies", type=int, default=14)
    parser.add_argument("--before-edges", type=Path, help="another int_claim_cluster_edges.sql to time beside")
    args = parser.parse_args()
    state = args.work_dir / "newsclaims_state.duckdb"
    target = args.work_dir / ".newsclaims-dbt-target"
    if not state.exists() or not target.exists():
        print(f"skipped: no built warehouse in {args.work_dir}")
        return 0
    import duckdb

    with tempfile.TemporaryDirectory(prefix="newsclaims-stories-scale-") as scratch:
        copy = Path(scratch) / "state.duckdb"
        shutil.copy(state, copy)
        con = duckdb.connect(str(copy))
        scale(con, args.copies)
        documents = con.execute("select count(*) from scaled.stg_raw__documents").fetchone()[0]
        claims = con.execute("select count(*) from scaled.stg_raw__claims").fetchone()[0]
        new = max(1, documents // 100)
        print(f"## Story and cluster models on {documents:,} documents ({args.copies} copies), {claims:,} claims\n")
        print("| model's query (best of 2) | time | rows |\n|---|---|---|")
        terms = compiled_sql(target, "stories", "int_document_terms")
        only_new = f"from (select * from scaled.stg_raw__documents order by document_id limit {new})\n"
        timed(con, f"int_document_terms, {new} new documents (incremental)",
              re.sub(r"from scaled\.stg_raw__documents\s*\n", only_new, terms), "int_document_terms_new")
        timed(con, "int_story_links (rebuilt every run)", compiled_sql(target, "stories", "int_story_links"),
              "int_story_links")
        timed(con, "int_document_stories (rebuilt every run)",
              compiled_sql(target, "stories", "int_document_stories"), "int_document_stories")
        timed(con, "int_claim_cluster_edges (rebuilt every run)",
              compiled_sql(target, "claims", "int_claim_cluster_edges"), "int_claim_cluster_edges")
        if args.before_edges:
            before = re.sub(r"{{ ref\('(\w+)'\) }}", r"scaled.\1", args.before_edges.read_text())
            timed(con, f"int_claim_cluster_edges as in {args.before_edges.name}", before, "before_edges")
        con.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
