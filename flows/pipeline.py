"""The nightly flow: discover → extract → load → analyse → dbt build → quality gate → publish.

Extraction and analysis fan out in batches over the flow's task runner (``task_runner``: a thread
per core, each driving a budget child, or an existing Dask cluster); the flow process alone reads
the landing directory and writes the state file, one batch at a time, with at most two batches per
worker in flight, so memory follows the batch size, not the night's pages. Tasks take no cache keys: inputs hold page content, and the
state file already says what is done.
"""
from __future__ import annotations

import logging
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext
from prefect.exceptions import MissingContextError
from prefect.task_runners import ThreadPoolTaskRunner

from flows.analyze import Analysis, analyze, analyzer_version, ensure_gazetteer
from flows.analyze.budget import Refused as RefusedAnalysis
from flows.analyze.budget import analyze_within_budget
from flows.config import Settings
from flows.extract import ExtractedDocument, extract, load_markers
from flows.extract.budget import extract_within_budget
from flows.ingest import Intake, Page, Rejected, batches, new_pages
from flows.runtime import close_idle_workers, fan_out, progress, stage
from flows.site.docs import promote_data_docs, set_aside_rejected_data_docs
from flows.site.gate_page import write_gate_page
from flows.site.report import write_report_after_run
from flows.warehouse import GateFailed, publish, run_lock, runs, state
from flows.warehouse.audit import Audit, audit_candidate
from flows.warehouse.load import StateLedger, documents_to_analyze, load_analysis_batch


# A page, its extracted document and the boilerplate markers still in the document's body.
Extracted = tuple[Page, ExtractedDocument, list[str]]


@task(cache_policy=NO_CACHE)
def extract_pages(pages: list[Page], settings: Settings) -> tuple[list[Extracted], list[Rejected]]:
    """Each page within its time and memory budget; a page without an article or over the budget is
    quarantined with the reason, a bug fails the run."""
    markers = load_markers(settings.reference_dir)
    extracted, refused = extract_within_budget(pages, settings, extract)
    return ([(page, document, markers.patterns_in(document.text)) for page, document in extracted],
            [Rejected(p.landing_path, reason, p.page_id, p.size_bytes, p.landing_path_bytes, "extract")
             for p, reason in refused])


@task(cache_policy=NO_CACHE)
def analyze_batch(documents: list[tuple[str, str, str | None]], settings: Settings
                  ) -> tuple[Analysis, list[RefusedAnalysis]]:
    """Each document within its time and memory budget; one over it keeps its places if they were
    found in time, and what was refused is quarantined with the reason."""
    return analyze_within_budget(documents, settings, analyze)


def _logger() -> logging.Logger | logging.LoggerAdapter:
    """The flow run's logger, or this module's when the ingest steps are called outside a flow."""
    try:
        return get_run_logger()
    except MissingContextError:
        return logging.getLogger(__name__)


def ingest(settings: Settings, run_id: str) -> Intake:
    """Discover, extract (fanned out) and load the night's new pages."""
    intake = Intake()
    with state.connect(settings.state_db) as con:
        ledger = StateLedger(con, run_id, _logger())
        pages = new_pages(settings.landing_dir, ledger, intake, settings.max_page_bytes, settings.batch_pages,
                          lambda entries: progress(entries, "extract"))
        fan_out(pages, lambda batch: extract_pages.submit(batch, settings),
                lambda batch, result: ledger.load_batch(intake, batch, *result), 2 * settings.workers)
    return intake


def analyze_documents(settings: Settings, run_id: str) -> tuple[int, int]:
    """Analyse every document this analyzer version has not seen yet; (analysed, not English)."""
    version = analyzer_version(settings)
    counts = [0, 0]

    def collect(batch: list[tuple[str, str, str | None]], result: tuple[Analysis, list[RefusedAnalysis]]) -> None:
        analysis, refused = result
        load_analysis_batch(con, run_id, version, [d for d, _, _ in batch], analysis.rows, refused, _logger())
        counts[0] += len(batch)
        counts[1] += analysis.not_english

    with state.connect(settings.state_db, state.ANALYSIS_MEMORY_LIMIT) as con:
        pending = documents_to_analyze(con, version)
        texts = (state.document_texts(con, ids) for ids in batches(
            progress(pending, "analyse"), settings.batch_pages))
        fan_out(texts, lambda batch: analyze_batch.submit(batch, settings), collect, 2 * settings.workers)
    return counts[0], counts[1]


@task(retries=1, retry_delay_seconds=2)
def prepare_gazetteer(settings: Settings) -> bool:
    return ensure_gazetteer(settings.gazetteer_db)


@task(cache_policy=NO_CACHE)
def build_and_gate(settings: Settings, run_id: str, new_documents: set[str], full_refresh: bool) -> Audit:
    """dbt build, the quality gate (its page written for the data docs), and the quarantine of rows
    that break row-level expectations."""
    audit = audit_candidate(settings, run_id, new_documents, full_refresh)
    if audit.passes:
        write_gate_page(settings.candidate_data_docs_dir, audit.passes)
    return audit


@flow(name="newsclaims-pages", validate_parameters=False)
def process_pages(settings: Settings, run_id: str) -> tuple[Intake, int, int]:
    """Discover, extract, load and analyse: the stages that fan out over the task runner. A subflow,
    so its threads, and with them the budget children they started, end before dbt's build."""
    with stage("extract") as shown:
        intake = ingest(settings, run_id)
        shown.done(f"{intake.seen} pages: {len(intake.new)} new, {intake.duplicates} duplicate, "
                   f"{intake.quarantined} quarantined")
    close_idle_workers()  # the extraction's, when they ran here: their memory is the analysis'
    with stage("gazetteer", "building the place gazetteer (first run only, about a minute)") as shown:
        # recognition reads it too, so before the analysis
        shown.done("built once for these package versions" if prepare_gazetteer(settings) else "ready")
    with stage("analyse") as shown:
        analysed, not_english = analyze_documents(settings, run_id)
        shown.done(f"{analysed} documents ({not_english} not English: places only)" if analysed
                   else "nothing new to analyse")
    return intake, analysed, not_english


# Called directly (tests), the flow runs its tasks one at a time in this process; ``newsclaims
# run`` and ``serve`` put it on the configured task runner (``flows.runtime.on_task_runner``), which
# the ``process_pages`` subflow gets a fresh copy of.
@flow(name="newsclaims-nightly", log_prints=True, task_runner=ThreadPoolTaskRunner(max_workers=1))
def nightly(landing: str | None = None, warehouse: str | None = None, full_refresh: bool = False) -> dict:
    """One pipeline run; raises (and leaves the published file untouched) if any gate fails.

    ``full_refresh`` rebuilds every model from the state file instead of updating the published one.
    """
    settings = Settings().with_paths(Path(landing) if landing else None, Path(warehouse) if warehouse else None)
    logger = get_run_logger()
    with run_lock(settings):
        with runs.recorded_run(settings, logger, on_rejected=lambda: set_aside_rejected_data_docs(settings)) as run:
            runner = FlowRunContext.get().task_runner.duplicate()
            intake, analysed, not_english = process_pages.with_options(task_runner=runner)(settings, run["run_id"])
            run.update(intake.counts(), documents_analyzed=analysed, documents_not_english=not_english)
            with stage("build") as shown:
                audit = build_and_gate(settings, run["run_id"], intake.new, full_refresh)
                run.setdefault("warnings", []).extend(audit.warnings)
                shown.done(f"dbt and gate {audit.gate.summary()}" if audit.rebuilt
                           else "nothing changed since the published build")
            intake.keep_out(audit.quarantined_documents)  # new pages whose documents the gate refused
            run.update(intake.counts())
            logger.info("pages seen %(pages_seen)d = new %(pages_new)d + duplicate %(pages_duplicate)d"
                        " + quarantined %(pages_quarantined)d", run)
            if not audit.gate.success:
                raise GateFailed("expectations " + audit.gate.summary(), audit.gate.failures)
            run["gate_result"] = ("dbt passed; " + audit.gate.summary() if audit.rebuilt
                                  else "nothing changed since the published build")
            counts = state.mart_counts(audit.candidate)
            run.update(documents=counts["documents"], claims=counts["claims"], status="published",
                       ended_at=state.utc_now())
            with stage("publish") as shown:
                publish(audit.candidate, settings, run, compact=audit.rebuilt)
                promote_data_docs(settings)
                shown.done(f"{run['documents']} documents, {run['claims']} claims")
        logger.info("published %s: %s", settings.warehouse, run["gate_result"])
        with stage("report") as shown:
            if audit.rebuilt or not settings.report_file.exists():
                shown.done(write_report_after_run(settings))
            else:  # the marts are the ones the report shows
                shown.done("unchanged: nothing changed since the published build")
    return run
