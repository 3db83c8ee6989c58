"""The nightly flow: discover → extract → load → analyse → dbt build → quality gate → publish."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path

from prefect import flow, get_run_logger, task

from flows import console
from flows.analyze import ANALYSIS_TABLES, analyze, analyzer_version, ensure_gazetteer
from flows.config import Settings
from flows.docs import promote_data_docs, set_aside_rejected_data_docs
from flows.extract import extract
from flows.extract.budget import extract_within_budget
from flows.ingest import Page, Rejected, checked_url, read_pages
from flows.report import write_report_after_run
from flows.schemas import (
    ANALYSIS_VERSIONS,
    DOCUMENTS,
    PAGE_WARNINGS,
    PAGES,
    REMOVED_BLOCKS,
)
from flows.warehouse import (
    DbtFailure,
    discard,
    publish,
    run_lock,
    runs,
    state,
)
from flows.warehouse import quarantine as quarantine_rows
from flows.warehouse.audit import Audit, audit_candidate


class GateFailed(RuntimeError):
    """The candidate failed dbt tests or expectations; the published file was left untouched.

    ``failures`` names each failed test or expectation, for the closing paragraph of a run.
    """

    def __init__(self, message: str, failures: list[str] | None = None):
        super().__init__(message)
        self.failures = list(failures or [])


@dataclass
class Intake:
    """What one run found in the landing directory, reconciled: seen = new + duplicate + quarantined."""
    new: list[tuple[Page, object]] = field(default_factory=list)
    duplicates: list[Page] = field(default_factory=list)
    quarantined: list[Rejected] = field(default_factory=list)

    @property
    def seen(self) -> int:
        return len(self.new) + len(self.duplicates) + len(self.quarantined)


@task(retries=2, retry_delay_seconds=2)
def discover(settings: Settings, known: set[str]) -> tuple[list[Page], list[Page], list[Rejected]]:
    """Read the landing directory; split pages into new and already-processed, and the rejected."""
    new, duplicates, rejected = [], [], []
    seen_ids = set(known)
    for item in read_pages(settings.landing_dir, settings.max_page_bytes):
        if isinstance(item, Rejected):
            rejected.append(item)
        elif item.page_id in seen_ids:
            duplicates.append(item)
        else:
            seen_ids.add(item.page_id)
            new.append(item)
    return new, duplicates, rejected


@task
def extract_pages(pages: list[Page], settings: Settings) -> tuple[list[tuple[Page, object]], list[Rejected]]:
    """Each page within its time and memory budget; a page without an article or over the budget is
    quarantined with the reason, a bug fails the run."""
    extracted, refused = extract_within_budget(
        console.progress(pages, len(pages), "extract"), settings, extract)
    return extracted, [Rejected(p.landing_path, reason, p.page_id, p.size_bytes, p.landing_path_bytes, "extract")
                       for p, reason in refused]


@task
def load_intake(settings: Settings, run_id: str, intake: Intake) -> None:
    con = state.connect(settings.state_db)
    try:
        con.begin()
        # Replaced, not appended: a page a killed or failed run loaded is adopted by this run.
        state.replace_rows(con, "raw.pages", [
            {"page_id": p.page_id, "landing_path": p.landing_path, "landing_path_bytes": p.landing_path_bytes,
             "url": p.url or checked_url(doc.url), "fetched_at": p.fetched_at, "format": p.fmt,
             "size_bytes": p.size_bytes, "content": p.content, "first_run_id": run_id}
            for p, doc in intake.new], PAGES, key="page_id")
        state.replace_rows(con, "raw.documents", [
            {"document_id": p.page_id, "title": doc.title, "publisher": doc.publisher, "author": doc.author,
             "published_at": doc.published, "language": doc.language, "body_text": doc.text}
            for p, doc in intake.new], DOCUMENTS)
        state.replace_rows(con, "raw.removed_blocks", [
            {"document_id": p.page_id, "block_index": i, "kind": block.kind, "text": block.text}
            for p, doc in intake.new for i, block in enumerate(doc.removed)], REMOVED_BLOCKS)
        quarantine_rows.record_refused(con, run_id, intake.quarantined)
        state.append_rows(con, "ops.page_warnings", [
            {"run_id": run_id, "page_id": p.page_id, "landing_path": p.landing_path, "warning": w}
            for p, _ in intake.new for w in p.warnings], PAGE_WARNINGS)
        con.commit()
    finally:
        con.close()


@task
def analyze_documents(settings: Settings) -> int:
    """Run the NLP analysis on every document this analyzer version has not seen yet."""
    version = analyzer_version(settings)
    con = state.connect(settings.state_db)
    try:
        if state.ensure_derived_tables(con, ANALYSIS_TABLES):
            con.execute("DELETE FROM raw.analysis_versions")  # a table was rebuilt: re-analyse all
        pending = state.documents_to_analyze(con, version)
        if not pending:
            return 0
        rows = analyze(console.progress(pending, len(pending), "analyse"), settings)
        con.begin()
        for table, schema in ANALYSIS_TABLES.items():
            con.execute(f"DELETE FROM raw.{table} WHERE document_id IN (SELECT UNNEST(?))",
                        [[doc_id for doc_id, _ in pending]])
            state.append_rows(con, f"raw.{table}", rows[table], schema)
        state.replace_rows(con, "raw.analysis_versions",
                          [{"document_id": d, "analyzer_version": version} for d, _ in pending],
                          ANALYSIS_VERSIONS)
        con.commit()
        return len(pending)
    finally:
        con.close()


@task(retries=1, retry_delay_seconds=2)
def prepare_gazetteer(settings: Settings) -> bool:
    return ensure_gazetteer(settings.gazetteer_db)


@task
def build_and_gate(settings: Settings, run_id: str, new_documents: set[str]) -> Audit:
    """dbt build, the quality gate, and the quarantine of rows that break row-level expectations."""
    return audit_candidate(settings, run_id, new_documents)


def _mart_counts(candidate: Path) -> tuple[int, int]:
    import duckdb

    con = duckdb.connect(str(candidate), read_only=True)
    try:
        docs = con.execute("SELECT count(*) FROM marts.fct_documents").fetchone()[0]
        claims = con.execute("SELECT count(*) FROM marts.fct_claims").fetchone()[0]
    finally:
        con.close()
    return docs, claims


@flow(name="newsclaims-nightly", log_prints=True)
def nightly(landing: str | None = None, warehouse: str | None = None) -> dict:
    """One pipeline run; raises (and leaves the published file untouched) if any gate fails."""
    settings = Settings().with_paths(Path(landing) if landing else None, Path(warehouse) if warehouse else None)
    logger = get_run_logger()
    run = {"run_id": uuid.uuid4().hex, "started_at": state.utc_now(), "status": "running"}
    with run_lock(settings):
        known, closed = runs.start_run(settings, run)
        for run_id, status in closed:
            logger.warning("closed run %s left at 'running' by a killed run as %s", run_id, status)
        candidate = settings.candidate_db
        try:
            with console.stage("discover") as stage:
                new_pages, duplicates, rejected = discover(settings, known)
                stage.done(f"{len(new_pages) + len(duplicates) + len(rejected)} pages: {len(new_pages)} new, "
                           f"{len(duplicates)} duplicate, {len(rejected)} unreadable")
            with console.stage("extract") as stage:
                extracted, failed = extract_pages(new_pages, settings)
                stage.done(f"{len(extracted)} documents, {len(failed)} without an article or over budget")
            intake = Intake(extracted, duplicates, rejected + failed)
            run.update(pages_seen=intake.seen, pages_new=len(intake.new), pages_duplicate=len(intake.duplicates),
                       pages_quarantined=len(intake.quarantined))
            for p, _ in intake.new:
                for warning in p.warnings:
                    logger.warning("kept %s without: %s", p.landing_path, warning)
            with console.stage("load") as stage:
                load_intake(settings, run["run_id"], intake)
                stage.done(f"{len(intake.new)} documents, {len(intake.quarantined)} quarantined pages")
            with console.stage("gazetteer", "building the place gazetteer (first run only, about a minute)") as stage:
                # recognition reads it too, so before the analysis
                stage.done("built once for these package versions" if prepare_gazetteer(settings) else "ready")
            with console.stage("analyse") as stage:
                analysed = analyze_documents(settings)
                stage.done(f"{analysed} documents" if analysed else "nothing new to analyse")
            logger.info("analysed %d documents", analysed)
            new_ids = {p.page_id for p, _ in intake.new}
            with console.stage("build") as stage:
                audit = build_and_gate(settings, run["run_id"], new_ids)
                candidate = audit.candidate
                stage.done(f"dbt and gate {audit.gate.summary()}")
            kept_out = len(audit.quarantined_documents & new_ids)  # new pages whose documents the gate refused
            run.update(pages_new=run["pages_new"] - kept_out, pages_quarantined=run["pages_quarantined"] + kept_out)
            logger.info("pages seen %d = new %d + duplicate %d + quarantined %d", run["pages_seen"], run["pages_new"],
                        run["pages_duplicate"], run["pages_quarantined"])
            for r in intake.quarantined:
                logger.warning("quarantined %s: %s", r.landing_path, r.reason)
            if not audit.gate.success:
                raise GateFailed("expectations " + audit.gate.summary(), audit.gate.failures)
            run["gate_result"] = "dbt passed; " + audit.gate.summary()
            run["documents"], run["claims"] = _mart_counts(candidate)
            run.update(status="published", ended_at=state.utc_now())
            with console.stage("publish") as stage:
                publish(candidate, settings, run)
                promote_data_docs(settings)
                stage.done(f"{run['documents']} documents, {run['claims']} claims")
        except (DbtFailure, GateFailed) as exc:
            set_aside_rejected_data_docs(settings)
            run.update(status="failed", ended_at=state.utc_now(), gate_result=str(exc)[:4000], message=str(exc)[:4000])
            raise GateFailed(f"not published: {exc}", exc.failures) from exc
        except Exception as exc:
            run.update(status="error", ended_at=state.utc_now(), message=f"{type(exc).__name__}: {exc}"[:4000])
            raise
        finally:
            discard(candidate)
            runs.finish_run(settings, run)
        logger.info("published %s: %s", settings.warehouse, run["gate_result"])
        with console.stage("report") as stage:
            stage.done(write_report_after_run(settings))
    return run
