"""The nightly flow: discover → extract → load → analyse → dbt build → quality gate → publish."""
from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from prefect import flow, get_run_logger, task
from rich.progress import track

from flows import analysis, load, publish
from flows.config import Settings
from flows.discover import Page, Rejected, read_pages
from flows.extraction import extract
from flows.gate import run_gate
from flows.gazetteer import ensure_gazetteer
from flows.transform import DbtFailure, run_dbt


class GateFailed(RuntimeError):
    """The candidate failed dbt tests or expectations; the published file was left untouched."""


@dataclass
class Intake:
    """What one run found in the landing directory, reconciled: seen = new + duplicate + quarantined."""
    new: list[tuple[Page, object]] = field(default_factory=list)
    duplicates: list[Page] = field(default_factory=list)
    quarantined: list[Rejected] = field(default_factory=list)

    @property
    def seen(self) -> int:
        return len(self.new) + len(self.duplicates) + len(self.quarantined)


def analyzer_version() -> str:
    """Changes whenever the analysis code or the spaCy model changes, so old rows get re-analysed."""
    from flows import claims, nlp, places

    digest = hashlib.sha256()
    for module in (analysis, places, claims, nlp):
        digest.update(Path(module.__file__).read_bytes())
    meta = nlp.english().meta
    digest.update(f"{meta['name']}-{meta['version']}".encode())
    return digest.hexdigest()[:16]


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
def extract_pages(pages: list[Page]) -> tuple[list[tuple[Page, object]], list[Rejected]]:
    extracted, rejected = [], []
    for page in track(pages, description="extracting", transient=True, disable=len(pages) < 2):
        try:
            extracted.append((page, extract(page.content, page.fmt, page.url)))
        except Exception as exc:  # one bad page is quarantined with its reason; the run goes on
            rejected.append(Rejected(page.landing_path, f"extraction failed: {exc}", page.page_id, page.size_bytes))
    return extracted, rejected


@task
def load_intake(settings: Settings, run_id: str, intake: Intake) -> None:
    now = load.utc_now()
    con = load.connect(settings.state_db)
    try:
        con.begin()
        load.append_rows(con, "raw.pages", [
            {"page_id": p.page_id, "landing_path": p.landing_path, "url": p.url or doc.url,
             "fetched_at": p.fetched_at, "format": p.fmt, "size_bytes": p.size_bytes,
             "content": p.content, "first_run_id": run_id}
            for p, doc in intake.new], load.PAGES)
        load.replace_rows(con, "raw.documents", [
            {"document_id": p.page_id, "title": doc.title, "publisher": doc.publisher, "author": doc.author,
             "published_at": doc.published, "language": doc.language, "body_text": doc.text}
            for p, doc in intake.new], load.DOCUMENTS)
        load.replace_rows(con, "raw.removed_blocks", [
            {"document_id": p.page_id, "block_index": i, "kind": block.kind, "text": block.text}
            for p, doc in intake.new for i, block in enumerate(doc.removed)], load.REMOVED_BLOCKS)
        load.append_rows(con, "ops.quarantine", [
            {"run_id": run_id, "landing_path": r.landing_path, "page_id": r.page_id,
             "size_bytes": r.size_bytes, "reason": r.reason, "quarantined_at": now}
            for r in intake.quarantined], load.QUARANTINE)
        con.commit()
    finally:
        con.close()


@task
def analyze_documents(settings: Settings) -> int:
    """Run the NLP analysis on every document this analyzer version has not seen yet."""
    version = analyzer_version()
    con = load.connect(settings.state_db)
    try:
        if load.ensure_derived_tables(con, analysis.RAW_TABLES):
            con.execute("DELETE FROM raw.analysis_versions")  # a table was rebuilt: re-analyse all
        pending = load.documents_to_analyze(con, version)
        if not pending:
            return 0
        rows = analysis.analyze(
            track(pending, description="analysing", transient=True, disable=len(pending) < 2),
            batch_size=settings.nlp_batch_size)
        con.begin()
        for table, schema in analysis.RAW_TABLES.items():
            con.execute(f"DELETE FROM raw.{table} WHERE document_id IN (SELECT UNNEST(?))",
                        [[doc_id for doc_id, _ in pending]])
            load.append_rows(con, f"raw.{table}", rows[table], schema)
        load.replace_rows(con, "raw.analysis_versions",
                          [{"document_id": d, "analyzer_version": version} for d, _ in pending],
                          load.ANALYSIS_VERSIONS)
        con.commit()
        return len(pending)
    finally:
        con.close()


@task(retries=1, retry_delay_seconds=2)
def prepare_gazetteer(settings: Settings) -> bool:
    return ensure_gazetteer(settings.gazetteer_db)


@task
def build_marts(settings: Settings) -> Path:
    candidate = publish.build_candidate(settings)
    run_dbt(candidate, settings, "build")
    return candidate


@task
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


@flow(name="newsclaims-nightly", log_prints=True)
def nightly(landing: str | None = None, warehouse: str | None = None) -> dict:
    """One pipeline run; raises (and leaves the published file untouched) if any gate fails."""
    settings = Settings().with_paths(Path(landing) if landing else None, Path(warehouse) if warehouse else None)
    logger = get_run_logger()
    run = {"run_id": uuid.uuid4().hex, "started_at": load.utc_now(), "status": "running"}
    with publish.run_lock(settings):
        con = load.connect(settings.state_db)
        try:
            known = load.known_page_ids(con)
            load.record_run(con, run)
        finally:
            con.close()
        new_pages, duplicates, rejected = discover(settings, known)
        extracted, failed = extract_pages(new_pages)
        intake = Intake(extracted, duplicates, rejected + failed)
        run.update(pages_seen=intake.seen, pages_new=len(intake.new), pages_duplicate=len(intake.duplicates),
                   pages_quarantined=len(intake.quarantined))
        logger.info("pages seen %d = new %d + duplicate %d + quarantined %d", intake.seen, len(intake.new),
                    len(intake.duplicates), len(intake.quarantined))
        for r in intake.quarantined:
            logger.warning("quarantined %s: %s", r.landing_path, r.reason)
        load_intake(settings, run["run_id"], intake)
        candidate = settings.candidate_db
        try:
            prepare_gazetteer(settings)  # recognition reads it too, so before the analysis
            logger.info("analysed %d documents", analyze_documents(settings))
            candidate = build_marts(settings)
            run["gate_result"] = "dbt passed; " + quality_gate(candidate, settings)
            run["documents"], run["claims"] = _mart_counts(candidate)
            run.update(status="published", ended_at=load.utc_now())
            publish.publish(candidate, settings, run)
        except (DbtFailure, GateFailed) as exc:
            run.update(status="failed", ended_at=load.utc_now(), gate_result=str(exc)[:4000], message=str(exc)[:4000])
            raise GateFailed(f"not published: {exc}") from exc
        except Exception as exc:
            run.update(status="error", ended_at=load.utc_now(), message=f"{type(exc).__name__}: {exc}"[:4000])
            raise
        finally:
            publish.discard(candidate)
            con = load.connect(settings.state_db)
            try:
                load.record_run(con, run)
            finally:
                con.close()
        logger.info("published %s: %s", settings.warehouse, run["gate_result"])
    return run
