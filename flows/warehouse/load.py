"""The raw layer's loads: extracted pages and analysis rows mapped onto the state file's tables,
one batch per transaction (with the batch's refusals quarantined), and the ledger discovery asks
what the state file already counted."""
from __future__ import annotations

import logging
from dataclasses import dataclass

import duckdb

from flows.ingest import Intake, Page, checked_url
from flows.schemas import (
    ANALYSIS_TABLES,
    ANALYSIS_VERSIONS,
    DOCUMENTS,
    PAGE_WARNINGS,
    PAGES,
    REMOVED_BLOCKS,
)
from flows.warehouse import quarantine, state


@dataclass
class StateLedger:
    """flows.ingest.Ledger on the state file: refused pages go to ``ops.quarantine`` for ``run_id``."""
    con: duckdb.DuckDBPyConnection
    run_id: str
    logger: logging.Logger | logging.LoggerAdapter

    def unchanged_files(self, files: list[tuple[str, int, int]]) -> set[str]:
        return state.unchanged_landing_files(self.con, files)

    def known_pages(self, page_ids: list[str]) -> set[str]:
        return state.known_pages(self.con, page_ids)

    def remember_files(self, files: list[dict]) -> None:
        state.remember_landing_files(self.con, files)

    def quarantine(self, rejected: list) -> int:
        count = quarantine.record_refused(self.con, self.run_id, rejected)
        for r in rejected:
            self.logger.warning("quarantined %s: %s", r.landing_path, r.reason)
        return count

    def load_batch(self, intake: Intake, batch: list[Page], extracted: list[tuple], refused: list) -> None:
        """Load one extracted batch (page, document, boilerplate markers) and quarantine its refused
        pages, which are then not new."""
        loaded = {p.page_id for p, _, _ in extracted}
        files = [intake.files.pop(p.landing_path) for p in batch if p.landing_path in intake.files]
        load_extracted(self.con, self.run_id, extracted, [f for f in files if f["page_id"] in loaded], self.logger)
        intake.quarantined += self.quarantine(refused)
        intake.new -= {r.page_id for r in refused}


def load_extracted(con: duckdb.DuckDBPyConnection, run_id: str, extracted: list[tuple], files: list[dict],
                   logger: logging.Logger | logging.LoggerAdapter) -> None:
    """Write one batch of extracted pages (page, document, boilerplate markers): pages, documents,
    removed blocks, warnings and revisions."""
    con.begin()
    # Replaced, not appended: a page a killed or failed run loaded is adopted by this run.
    state.replace_rows(con, "raw.pages", [
        {"page_id": p.page_id, "landing_path": p.landing_path, "landing_path_bytes": p.landing_path_bytes,
         "url": p.url or checked_url(doc.url), "fetched_at": p.fetched_at, "format": p.fmt,
         "size_bytes": p.size_bytes, "content": p.content, "first_run_id": run_id}
        for p, doc, _ in extracted], PAGES, key="page_id")
    state.replace_rows(con, "raw.documents", [
        {"document_id": p.page_id, "title": doc.title, "publisher": doc.publisher, "author": doc.author,
         "published_at": doc.published, "language": doc.language, "body_text": doc.text,
         "boilerplate_markers": markers}
        for p, doc, markers in extracted], DOCUMENTS)
    state.replace_rows(con, "raw.removed_blocks", [
        {"document_id": p.page_id, "block_index": i, "kind": block.kind, "text": block.text}
        for p, doc, _ in extracted for i, block in enumerate(doc.removed)], REMOVED_BLOCKS)
    state.append_rows(con, "ops.page_warnings", [
        {"run_id": run_id, "page_id": p.page_id, "landing_path": p.landing_path, "warning": w}
        for p, doc, _ in extracted for w in (*p.warnings, *doc.warnings)], PAGE_WARNINGS)
    state.bump_revisions(con, [p.page_id for p, _, _ in extracted])
    state.remember_landing_files(con, files)
    con.commit()
    for p, doc, _ in extracted:
        for warning in (*p.warnings, *doc.warnings):
            logger.warning("kept %s with: %s", p.landing_path, warning)


def documents_to_analyze(con: duckdb.DuckDBPyConnection, version: str) -> list[str]:
    """Ids of the documents this analyzer version has not analysed; all of them when an analysis
    table had to be rebuilt for new columns."""
    if state.ensure_derived_tables(con, ANALYSIS_TABLES):
        con.execute("DELETE FROM raw.analysis_versions")
    return state.documents_to_analyze(con, version)


def load_analysis(con: duckdb.DuckDBPyConnection, version: str, document_ids: list[str],
                  rows: dict[str, list[dict]]) -> None:
    """Replace one batch's analysis rows (per table of ANALYSIS_TABLES), and mark the documents
    analysed by this version."""
    con.begin()
    for table, schema in ANALYSIS_TABLES.items():
        con.execute(f"DELETE FROM raw.{table} WHERE document_id IN (SELECT UNNEST(?))", [document_ids])
        state.append_rows(con, f"raw.{table}", rows[table], schema)
    state.replace_rows(con, "raw.analysis_versions",
                       [{"document_id": d, "analyzer_version": version} for d in document_ids], ANALYSIS_VERSIONS)
    state.bump_revisions(con, document_ids)
    con.commit()


def load_analysis_batch(con: duckdb.DuckDBPyConnection, run_id: str, version: str, document_ids: list[str],
                        rows: dict[str, list[dict]], refused: list,
                        logger: logging.Logger | logging.LoggerAdapter) -> None:
    """Load one analysed batch and quarantine what its budget refused (the analysis stage's
    ``Refused``: a document's claims, with the reason)."""
    load_analysis(con, version, document_ids, rows)
    quarantine.record_analysis_refused(con, run_id, refused)
    for r in refused:
        logger.warning("quarantined the %s of document %s: %s", r.item, r.document_id, r.reason)
