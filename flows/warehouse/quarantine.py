"""``ops.quarantine``: what was kept out of the marts, where it landed, and why; and releasing it.

Pages refused at ingest or extraction never reach the state's raw tables. Rows refused by a
row-level expectation (flows.warehouse.gate) did: quarantining them removes them from the raw
tables the marts are built from, so the next candidate publishes without them and no later run
trips over them again; their documents get a new revision, so the incremental models drop them.
The page itself stays in ``raw.pages`` (content kept), so the landing file counts as a duplicate
afterwards instead of being re-processed every night; releasing it deletes that row (and what
the state remembers of the file), and the next run reads it from the landing directory as new.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import duckdb
import pyarrow as pa

from flows.schemas import ANALYSIS_TABLES, CLAIM_TABLES, QUARANTINE
from flows.warehouse import state
from flows.warehouse.gate import Offender

_CLAIM_ID = "md5(document_id || ':' || claim_index::varchar)"  # as stg_raw__claims computes it


def record_refused(con: duckdb.DuckDBPyConnection, run_id: str, refused: Iterable) -> int:
    """Quarantine rows for pages refused before the load (flows.ingest.Rejected, at ingest or extract)."""
    now = state.utc_now()
    return state.append_rows(con, "ops.quarantine", [
        {"run_id": run_id, "landing_path": r.landing_path, "landing_path_bytes": r.landing_path_bytes,
         "page_id": r.page_id, "size_bytes": r.size_bytes, "reason": r.reason, "quarantined_at": now,
         "stage": r.stage, "item": "page"}
        for r in refused], QUARANTINE)


def record_analysis_refused(con: duckdb.DuckDBPyConnection, run_id: str, refused: Iterable) -> int:
    """Quarantine rows for documents whose analysis went over its budget (flows.analyze.budget.Refused):
    their claims (places kept) or their whole analysis; the document itself is published."""
    rows = pa.Table.from_pylist(  # noqa: F841 - DuckDB replacement scan
        [{"page_id": r.document_id, "item": r.item, "reason": r.reason} for r in refused],
        schema=pa.schema([("page_id", pa.string()), ("item", pa.string()), ("reason", pa.string())]))
    return state.append_rows(con, "ops.quarantine", [
        {"run_id": run_id, "landing_path": landing_path, "landing_path_bytes": landing_path_bytes, "page_id": page_id,
         "size_bytes": size_bytes, "reason": reason, "quarantined_at": state.utc_now(), "stage": "analyze",
         "item": item}
        for page_id, item, reason, landing_path, landing_path_bytes, size_bytes in con.execute(
            "SELECT r.page_id, r.item, r.reason, p.landing_path, p.landing_path_bytes, p.size_bytes"
            " FROM rows r LEFT JOIN raw.pages p USING (page_id)").fetchall()], QUARANTINE)


def quarantine_offenders(con: duckdb.DuckDBPyConnection, run_id: str, offenders: list[Offender]) -> set[str]:
    """Record each offending document, claim or mention with its failed expectations and take it out
    of the raw tables; returns the ids of the documents quarantined whole. Runs in the caller's transaction."""
    reasons: dict[tuple[str, str, str | None], list[str]] = defaultdict(list)
    for o in offenders:
        if o.expectation not in reasons[(o.kind, o.document_id, o.item_key)]:
            reasons[(o.kind, o.document_id, o.item_key)].append(o.expectation)
    documents = {doc for kind, doc, _ in reasons if kind == "document"}
    # A claim or mention of a document quarantined whole goes with it.
    reasons = {k: v for k, v in reasons.items() if k[0] == "document" or k[1] not in documents}
    pages = dict(con.execute(
        "SELECT page_id, struct_pack(landing_path, landing_path_bytes, size_bytes) FROM raw.pages"
        " WHERE page_id IN (SELECT UNNEST(?))",
        [sorted({doc for _, doc, _ in reasons})]).fetchall())
    now = state.utc_now()
    rows = []
    for (kind, doc, key), failed in sorted(reasons.items()):
        page = pages.get(doc) or {}
        rows.append({"run_id": run_id, "page_id": doc, "landing_path": page.get("landing_path"),
                     "landing_path_bytes": page.get("landing_path_bytes"), "size_bytes": page.get("size_bytes"),
                     "reason": f"{kind} failed row-level expectation " + "; ".join(failed), "quarantined_at": now,
                     "stage": "gate", "item": kind, "item_key": key, "expectation": "; ".join(failed)})
    state.append_rows(con, "ops.quarantine", rows, QUARANTINE)
    _remove_documents(con, sorted(documents))
    _remove_claims(con, sorted({(doc, key) for kind, doc, key in reasons if kind == "claim"}))
    _remove_mentions(con, sorted({(doc, int(key)) for kind, doc, key in reasons if kind == "mention"}))
    state.bump_revisions(con, sorted({doc for _, doc, _ in reasons}))  # incremental models redo them
    return documents


def _remove_documents(con: duckdb.DuckDBPyConnection, documents: list[str]) -> None:
    if not documents:
        return
    for table in ("documents", "removed_blocks", "analysis_versions", *ANALYSIS_TABLES):
        if state.table_exists(con, f"raw.{table}"):
            con.execute(f"DELETE FROM raw.{table} WHERE document_id IN (SELECT UNNEST(?))", [documents])


def _remove_claims(con: duckdb.DuckDBPyConnection, claims: list[tuple[str, str]]) -> None:
    if not claims:
        return
    claim_ids = [claim_id for _, claim_id in claims]
    for table in CLAIM_TABLES:
        if state.table_exists(con, f"raw.{table}"):
            con.execute(f"DELETE FROM raw.{table} WHERE claim_index IS NOT NULL AND {_CLAIM_ID} IN (SELECT UNNEST(?))",
                        [claim_ids])


def _remove_mentions(con: duckdb.DuckDBPyConnection, mentions: list[tuple[str, int]]) -> None:
    if not mentions:
        return
    keys = [f"{doc}:{index}" for doc, index in mentions]
    for table in ("place_mentions", "claim_place_refs"):
        if state.table_exists(con, f"raw.{table}"):
            con.execute(f"DELETE FROM raw.{table} WHERE document_id || ':' || mention_index::varchar IN (SELECT UNNEST(?))",
                        [keys])


def active(con: duckdb.DuckDBPyConnection, limit: int = 200) -> list[dict]:
    """Unreleased quarantine rows, newest first, one per landing path, item and reason (a page refused
    at ingest is refused again by every run; its latest row stands for all)."""
    return state.records(con.execute(
        """SELECT * EXCLUDE (rank) FROM (
               SELECT *, row_number() OVER (PARTITION BY landing_path, page_id, item, item_key, reason
                                            ORDER BY quarantined_at DESC) AS rank
               FROM ops.quarantine WHERE released_at IS NULL)
           WHERE rank = 1 ORDER BY quarantined_at DESC, landing_path LIMIT ?""", [limit]))


def release(con: duckdb.DuckDBPyConnection, page: str) -> int:
    """Release a page (its landing path or page id): its quarantine rows get ``released_at`` and the
    page leaves ``raw.pages``, so the next run reads it from the landing directory as new. Returns
    the number of quarantine rows released (0: nothing quarantined under that name)."""
    matches = con.execute(
        "SELECT DISTINCT page_id, landing_path FROM ops.quarantine WHERE released_at IS NULL"
        " AND (landing_path = ? OR page_id = ?)", [page, page]).fetchall()
    if not matches:
        return 0
    page_ids = sorted({p for p, _ in matches if p})
    paths = sorted({path for _, path in matches if path})
    con.begin()
    released = con.execute(
        "UPDATE ops.quarantine SET released_at = ? WHERE released_at IS NULL"
        " AND (page_id IN (SELECT UNNEST(?)) OR landing_path IN (SELECT UNNEST(?)))",
        [state.utc_now(), page_ids, paths]).fetchone()[0]
    _remove_documents(con, page_ids)
    con.execute("DELETE FROM raw.pages WHERE page_id IN (SELECT UNNEST(?))", [page_ids])
    con.execute("DELETE FROM raw.landing_files WHERE page_id IN (SELECT UNNEST(?)) OR landing_path IN (SELECT UNNEST(?))",
                [page_ids, paths])
    state.bump_revisions(con, page_ids)
    con.commit()
    return released
