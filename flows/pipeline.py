"""The nightly flow: discover → extract → load → analyse → dbt build → quality gate → publish.

Extraction and analysis fan out in batches over the flow's task runner (``task_runner``: a Dask
cluster for ``newsclaims run``); the flow process alone reads the landing directory and writes the
state file, one batch at a time, with at most two batches per worker in flight, so memory follows
the batch size, not the night's pages. Tasks take no cache keys: inputs hold page content, and the
state file already says what is done.
"""
from __future__ import annotations

import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from prefect import Flow, flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext
from prefect.task_runners import ThreadPoolTaskRunner

from flows.analyze import (
    ANALYSIS_TABLES,
    Analysis,
    analyze,
    analyzer_version,
    ensure_gazetteer,
)
from flows.config import Settings
from flows.extract import ExtractedDocument, ExtractionError, extract, load_markers
from flows.ingest import Page, Rejected, list_landing_files, read_path
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
    project_fingerprint,
    publish,
    record_build,
    run_dbt,
    run_gate,
    run_lock,
    state,
)


class GateFailed(RuntimeError):
    """The candidate failed dbt tests or expectations; the published file was left untouched."""


@dataclass
class Intake:
    """What one run found in the landing directory, reconciled: seen = new + duplicate + quarantined."""
    new: int = 0
    duplicates: int = 0
    quarantined: int = 0

    @property
    def seen(self) -> int:
        return self.new + self.duplicates + self.quarantined


# A page, its extracted document and the boilerplate markers still in the document's body.
Extracted = tuple[Page, ExtractedDocument, list[str]]


@task(cache_policy=NO_CACHE)
def extract_pages(pages: list[Page], settings: Settings) -> tuple[list[Extracted], list[Rejected]]:
    markers = load_markers(settings.reference_dir)
    extracted, rejected = [], []
    for page in pages:
        try:
            document = extract(page.content, page.fmt, settings, page.url)
        except ExtractionError as exc:  # a page without an article is quarantined; a bug fails the run
            rejected.append(Rejected(page.landing_path, exc.reason, page.page_id, page.size_bytes))
            continue
        extracted.append((page, document, markers.patterns_in(document.text)))
    return extracted, rejected


@task(cache_policy=NO_CACHE)
def analyze_batch(documents: list[tuple[str, str, str | None]], settings: Settings) -> Analysis:
    return analyze(documents, settings)


def _stat(path: Path, landing_dir: Path) -> tuple[str, int, int]:
    info = path.stat()
    return path.relative_to(landing_dir).as_posix(), info.st_size, info.st_mtime_ns


def _batches(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def discover(con, settings: Settings, intake: Intake, run_id: str) -> Iterator[list[Page]]:
    """Batches of new pages. A file loaded before with the same size and mtime is a duplicate
    unread; any other is read and hashed, and a known hash makes it a duplicate too. Rejected
    files are quarantined on the way."""
    seen_ids: set[str] = set()  # pages new in this run, so a second copy counts as a duplicate
    pending: list[Page] = []
    for paths in _batches(list_landing_files(settings.landing_dir), settings.batch_pages):
        stats = [_stat(p, settings.landing_dir) for p in paths]
        unchanged = state.unchanged_landing_files(con, stats)
        intake.duplicates += len(unchanged)
        pages, rejected, files = [], [], []
        for path, (landing_path, size, mtime_ns) in zip(paths, stats):
            if landing_path in unchanged:
                continue
            for item in read_path(path, landing_path, settings.max_page_bytes):
                if isinstance(item, Rejected):
                    rejected.append(item)
                    continue
                pages.append(item)
                if item.landing_path == landing_path:  # one page per file (not a WARC record)
                    files.append({"landing_path": landing_path, "size_bytes": size, "mtime_ns": mtime_ns,
                                  "page_id": item.page_id})
        known = state.known_pages(con, [p.page_id for p in pages]) | seen_ids
        duplicates = set()
        for page in pages:
            if page.page_id in known:
                intake.duplicates += 1
                duplicates.add(page.landing_path)
            else:
                seen_ids.add(page.page_id)
                known.add(page.page_id)
                pending.append(page)
        quarantine(con, rejected, intake, run_id)
        # Files of duplicates are remembered now; those of new pages once their page is loaded.
        state.remember_landing_files(con, [f for f in files if f["landing_path"] in duplicates])
        while len(pending) >= settings.batch_pages:
            yield pending[:settings.batch_pages]
            pending = pending[settings.batch_pages:]
    if pending:
        yield pending


def quarantine(con, rejected: list[Rejected], intake: Intake, run_id: str) -> None:
    now = state.utc_now()
    intake.quarantined += state.append_rows(con, "ops.quarantine", [
        {"run_id": run_id, "landing_path": r.landing_path, "page_id": r.page_id,
         "size_bytes": r.size_bytes, "reason": r.reason, "quarantined_at": now}
        for r in rejected], QUARANTINE)


def load_extracted(con, settings: Settings, run_id: str, extracted: list[Extracted]) -> None:
    """Write one batch of extracted pages: pages, documents, removed blocks and their revisions."""
    con.begin()
    state.append_rows(con, "raw.pages", [
        {"page_id": p.page_id, "landing_path": p.landing_path, "url": p.url or doc.url,
         "fetched_at": p.fetched_at, "format": p.fmt, "size_bytes": p.size_bytes,
         "content": p.content, "first_run_id": run_id}
        for p, doc, _ in extracted], PAGES)
    state.replace_rows(con, "raw.documents", [
        {"document_id": p.page_id, "title": doc.title, "publisher": doc.publisher, "author": doc.author,
         "published_at": doc.published, "language": doc.language, "body_text": doc.text,
         "boilerplate_markers": markers}
        for p, doc, markers in extracted], DOCUMENTS)
    state.replace_rows(con, "raw.removed_blocks", [
        {"document_id": p.page_id, "block_index": i, "kind": block.kind, "text": block.text}
        for p, doc, _ in extracted for i, block in enumerate(doc.removed)], REMOVED_BLOCKS)
    state.bump_revisions(con, [p.page_id for p, _, _ in extracted])
    landing = settings.landing_dir
    state.remember_landing_files(con, [
        dict(zip(("landing_path", "size_bytes", "mtime_ns"), _stat(landing / p.landing_path, landing)),
             page_id=p.page_id)
        for p, _, _ in extracted if "#record-" not in p.landing_path])
    con.commit()


def load_analysis(con, version: str, document_ids: list[str], analysis: Analysis) -> None:
    """Replace one batch's analysis rows, and mark the documents analysed by this version."""
    con.begin()
    for table, schema in ANALYSIS_TABLES.items():
        con.execute(f"DELETE FROM raw.{table} WHERE document_id IN (SELECT UNNEST(?))", [document_ids])
        state.append_rows(con, f"raw.{table}", analysis.rows[table], schema)
    state.replace_rows(con, "raw.analysis_versions",
                       [{"document_id": d, "analyzer_version": version} for d in document_ids], ANALYSIS_VERSIONS)
    state.bump_revisions(con, document_ids)
    con.commit()


def fan_out(batches: Iterator, submit: Callable, collect: Callable, in_flight: int) -> None:
    """Submit every batch to the task runner with at most ``in_flight`` running; ``collect(batch,
    result)`` runs in this process, in submission order."""
    running: deque = deque()
    for batch in batches:
        running.append((batch, submit(batch)))
        if len(running) >= in_flight:
            done, future = running.popleft()
            collect(done, future.result())
    while running:
        done, future = running.popleft()
        collect(done, future.result())


def ingest(settings: Settings, run_id: str) -> Intake:
    """Discover, extract (fanned out) and load the night's new pages."""
    intake = Intake()
    con = state.connect(settings.state_db)

    def collect(_, result: tuple[list[Extracted], list[Rejected]]) -> None:
        extracted, rejected = result
        load_extracted(con, settings, run_id, extracted)
        intake.new += len(extracted)
        quarantine(con, rejected, intake, run_id)

    try:
        fan_out(discover(con, settings, intake, run_id), lambda batch: extract_pages.submit(batch, settings),
                collect, 2 * settings.workers)
    finally:
        con.close()
    return intake


def analyze_documents(settings: Settings) -> tuple[int, int]:
    """Analyse every document this analyzer version has not seen yet; (analysed, not English)."""
    version = analyzer_version(settings)
    con = state.connect(settings.state_db)
    counts = [0, 0]

    def texts(ids: list[str]) -> list[tuple[str, str, str | None]]:
        return state.document_texts(con, ids)

    def collect(batch: list[tuple[str, str, str | None]], analysis: Analysis) -> None:
        load_analysis(con, version, [d for d, _, _ in batch], analysis)
        counts[0] += len(batch)
        counts[1] += analysis.not_english

    try:
        if state.ensure_derived_tables(con, ANALYSIS_TABLES):
            con.execute("DELETE FROM raw.analysis_versions")  # a table was rebuilt: re-analyse all
        pending = state.documents_to_analyze(con, version)
        batches = (texts(ids) for ids in _batches(pending, settings.batch_pages))
        fan_out(batches, lambda batch: analyze_batch.submit(batch, settings), collect, 2 * settings.workers)
    finally:
        con.close()
    return counts[0], counts[1]


@task(retries=1, retry_delay_seconds=2)
def prepare_gazetteer(settings: Settings) -> bool:
    return ensure_gazetteer(settings.gazetteer_db)


@task(cache_policy=NO_CACHE)
def build_marts(settings: Settings, full_refresh: bool) -> tuple[Path, bool]:
    """The candidate with its marts up to date; False when nothing changed since the published
    build (the candidate is then a copy of the published file, whose marts passed the gate)."""
    fingerprint = project_fingerprint(settings)
    candidate = build_candidate(settings, fingerprint, full_refresh)
    con = state.connect(settings.state_db)
    try:
        revision = state.current_revision(con)
    finally:
        con.close()
    if candidate.since_revision == revision:
        return candidate.path, False
    run_dbt(candidate.path, settings, "build", since_revision=candidate.since_revision)
    record_build(candidate.path, revision, fingerprint)
    return candidate.path, True


@task(cache_policy=NO_CACHE)
def quality_gate(candidate: Path, settings: Settings) -> str:
    result = run_gate(candidate, settings)
    if not result.success:
        raise GateFailed("expectations " + result.summary())
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


def task_runner(settings: Settings, api_url: str | None = None):
    """Dask: the cluster at ``settings.dask_address``, else a local cluster with one single-threaded
    worker process per core (each loads spaCy once), its workers reporting to the Prefect API at
    ``api_url``; with one worker, the tasks run in this process."""
    if settings.dask_address or settings.workers > 1:
        from prefect_dask import DaskTaskRunner

        if settings.dask_address:
            return DaskTaskRunner(address=settings.dask_address)
        return DaskTaskRunner(cluster_kwargs={
            "n_workers": settings.workers, "threads_per_worker": 1, "processes": True, "dashboard_address": None,
            "env": {"PREFECT_API_URL": api_url} if api_url else {}})
    return ThreadPoolTaskRunner(max_workers=1)


@contextmanager
def _stage(logger, name: str) -> Iterator[None]:
    """Log how long a stage took (bench/scale_bench.py reads these lines)."""
    start = time.perf_counter()
    yield
    logger.info("stage %s: %.1f s", name, time.perf_counter() - start)


@flow(name="newsclaims-pages", validate_parameters=False)
def process_pages(settings: Settings, run_id: str) -> tuple[Intake, int, int]:
    """Discover, extract, load and analyse: the stages that fan out over the task runner. A subflow,
    so a local Dask cluster lives only while it runs and its workers' memory is free for dbt."""
    logger = get_run_logger()
    with _stage(logger, "ingest"):
        intake = ingest(settings, run_id)
    logger.info("pages seen %d = new %d + duplicate %d + quarantined %d", intake.seen, intake.new,
                intake.duplicates, intake.quarantined)
    prepare_gazetteer(settings)  # recognition reads it too, so before the analysis
    with _stage(logger, "analysis"):
        analysed, not_english = analyze_documents(settings)
    logger.info("analysed %d documents (%d not English: places only, no claims)", analysed, not_english)
    return intake, analysed, not_english


# Called directly (tests), the flow runs its tasks one at a time in this process; ``newsclaims
# run`` and ``serve`` use ``nightly_on(settings)`` for the configured task runner, which the
# ``process_pages`` subflow gets a fresh copy of.
@flow(name="newsclaims-nightly", log_prints=True, task_runner=ThreadPoolTaskRunner(max_workers=1))
def nightly(landing: str | None = None, warehouse: str | None = None, full_refresh: bool = False) -> dict:
    """One pipeline run; raises (and leaves the published file untouched) if any gate fails.

    ``full_refresh`` rebuilds every model from the state file instead of updating the published one.
    """
    settings = Settings().with_paths(Path(landing) if landing else None, Path(warehouse) if warehouse else None)
    logger = get_run_logger()
    run = {"run_id": uuid.uuid4().hex, "started_at": state.utc_now(), "status": "running"}
    with run_lock(settings):
        con = state.connect(settings.state_db)
        try:
            state.record_run(con, run)
        finally:
            con.close()
        candidate = settings.candidate_db
        try:
            runner = FlowRunContext.get().task_runner.duplicate()
            intake, analysed, not_english = process_pages.with_options(task_runner=runner)(settings, run["run_id"])
            run.update(pages_seen=intake.seen, pages_new=intake.new, pages_duplicate=intake.duplicates,
                       pages_quarantined=intake.quarantined, documents_analyzed=analysed,
                       documents_not_english=not_english)
            with _stage(logger, "dbt"):
                candidate, rebuilt = build_marts(settings, full_refresh)
            with _stage(logger, "gate"):
                run["gate_result"] = ("dbt passed; " + quality_gate(candidate, settings) if rebuilt
                                      else "nothing changed since the published build")
            run["documents"], run["claims"] = _mart_counts(candidate)
            run.update(status="published", ended_at=state.utc_now())
            with _stage(logger, "publish"):
                publish(candidate, settings, run)
        except (DbtFailure, GateFailed) as exc:
            run.update(status="failed", ended_at=state.utc_now(), gate_result=str(exc)[:4000], message=str(exc)[:4000])
            raise GateFailed(f"not published: {exc}") from exc
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
    return run


def nightly_on(settings: Settings, api_url: str | None = None) -> Flow:
    """The nightly flow on the task runner ``settings`` ask for."""
    return nightly.with_options(task_runner=task_runner(settings, api_url))


def run_nightly(settings: Settings, **parameters) -> dict:
    """One nightly run on the configured task runner. Without a Prefect server configured, the flow
    and the local cluster's workers share one temporary API, instead of one per worker process."""
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.settings import PREFECT_API_URL, temporary_settings

    api_url = PREFECT_API_URL.value()
    if api_url or settings.dask_address or settings.workers <= 1:
        return nightly_on(settings, api_url)(**parameters)
    server = SubprocessASGIServer()
    server.start()  # stopped at exit, after Prefect has flushed its logs and events to it
    with temporary_settings({PREFECT_API_URL: server.api_url}):
        return nightly_on(settings, server.api_url)(**parameters)
