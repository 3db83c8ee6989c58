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
from flows.extract import ExtractionError, extract
from flows.ingest import Page, Rejected, read_pages
from flows.report import write_report_after_run
from flows.schemas import (
    ANALYSIS_VERSIONS,
    DOCUMENTS,
    PAGES,
    QUARANTINE,
    REMOVED_BLOCKS,
)
from flows.warehouse import (
    DbtFailure,
    build_candidate,
    discard,
    publish,
    run_dbt,
    run_gate,
    run_lock,
    state,
)


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
    extracted, rejected = [], []
    for page in console.progress(pages, len(pages), "extract"):
        try:
            extracted.append((page, extract(page.content, page.fmt, settings, page.url)))
        except ExtractionError as exc:  # a page without an article is quarantined; a bug fails the run
            rejected.append(Rejected(page.landing_path, exc.reason, page.page_id, page.size_bytes))
    return extracted, rejected


@task
def load_intake(settings: Settings, run_id: str, intake: Intake) -> None:
    now = state.utc_now()
    con = state.connect(settings.state_db)
    try:
        con.begin()
        state.append_rows(con, "raw.pages", [
            {"page_id": p.page_id, "landing_path": p.landing_path, "url": p.url or doc.url,
             "fetched_at": p.fetched_at, "format": p.fmt, "size_bytes": p.size_bytes,
             "content": p.content, "first_run_id": run_id}
            for p, doc in intake.new], PAGES)
        state.replace_rows(con, "raw.documents", [
            {"document_id": p.page_id, "title": doc.title, "publisher": doc.publisher, "author": doc.author,
             "published_at": doc.published, "language": doc.language, "body_text": doc.text}
            for p, doc in intake.new], DOCUMENTS)
        state.replace_rows(con, "raw.removed_blocks", [
            {"document_id": p.page_id, "block_index": i, "kind": block.kind, "text": block.text}
            for p, doc in intake.new for i, block in enumerate(doc.removed)], REMOVED_BLOCKS)
        state.append_rows(con, "ops.quarantine", [
            {"run_id": run_id, "landing_path": r.landing_path, "page_id": r.page_id,
             "size_bytes": r.size_bytes, "reason": r.reason, "quarantined_at": now}
            for r in intake.quarantined], QUARANTINE)
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
def build_marts(settings: Settings) -> tuple[Path, int, int]:
    """The candidate, with how many dbt nodes ran and how many dbt tests passed."""
    candidate = build_candidate(settings)
    result = run_dbt(candidate, settings, "build")
    return candidate, result.nodes, result.tests_passed


@task
def quality_gate(candidate: Path, settings: Settings) -> str:
    result = run_gate(candidate, settings)
    if not result.success:
        raise GateFailed("expectations " + result.summary(), result.failures)
    return result.summary()


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
        con = state.connect(settings.state_db)
        try:
            known = state.known_page_ids(con)
            state.record_run(con, run)
        finally:
            con.close()
        with console.stage("discover") as stage:
            new_pages, duplicates, rejected = discover(settings, known)
            stage.done(f"{len(new_pages) + len(duplicates) + len(rejected)} pages: {len(new_pages)} new, "
                       f"{len(duplicates)} duplicate, {len(rejected)} unreadable")
        with console.stage("extract") as stage:
            extracted, failed = extract_pages(new_pages, settings)
            stage.done(f"{len(extracted)} documents, {len(failed)} without an article")
        intake = Intake(extracted, duplicates, rejected + failed)
        run.update(pages_seen=intake.seen, pages_new=len(intake.new), pages_duplicate=len(intake.duplicates),
                   pages_quarantined=len(intake.quarantined))
        logger.info("pages seen %d = new %d + duplicate %d + quarantined %d", intake.seen, len(intake.new),
                    len(intake.duplicates), len(intake.quarantined))
        for r in intake.quarantined:
            logger.warning("quarantined %s: %s", r.landing_path, r.reason)
        with console.stage("load") as stage:
            load_intake(settings, run["run_id"], intake)
            stage.done(f"{len(intake.new)} documents, {len(intake.quarantined)} quarantined pages")
        candidate = settings.candidate_db
        try:
            with console.stage("gazetteer", "building the place gazetteer (first run only, about a minute)") as stage:
                # recognition reads it too, so before the analysis
                stage.done("built once for these package versions" if prepare_gazetteer(settings) else "ready")
            with console.stage("analyse") as stage:
                analysed = analyze_documents(settings)
                stage.done(f"{analysed} documents" if analysed else "nothing new to analyse")
            logger.info("analysed %d documents", analysed)
            with console.stage("dbt build") as stage:
                candidate, nodes, tests_passed = build_marts(settings)
                stage.done(f"{nodes} models, seeds and tests; {tests_passed} tests passed")
            with console.stage("gate") as stage:
                gate = quality_gate(candidate, settings)
                run["gate_result"] = "dbt passed; " + gate
                stage.done(gate)
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
            con = state.connect(settings.state_db)
            try:
                state.record_run(con, run)
            finally:
                con.close()
        logger.info("published %s: %s", settings.warehouse, run["gate_result"])
        with console.stage("report") as stage:
            stage.done(write_report_after_run(settings))
    return run
