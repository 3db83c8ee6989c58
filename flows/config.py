"""All configuration in one place, read from the environment with sane defaults.

Every setting is a ``NEWSCLAIMS_*`` environment variable; paths are relative to the repo root
unless absolute.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def _path(name: str, default: str) -> Path:
    value = Path(os.environ.get(name, default))
    return value if value.is_absolute() else REPO_ROOT / value


def _optional_path(name: str) -> Path | None:
    return _path(name, os.environ[name]) if os.environ.get(name) else None


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


@dataclass(frozen=True)
class Settings:
    landing_dir: Path = field(default_factory=lambda: _path("NEWSCLAIMS_LANDING", "seeds/pages"))
    # The published file analysts and BI tools read; a run never writes it in place.
    warehouse: Path = field(default_factory=lambda: _path("NEWSCLAIMS_WAREHOUSE", "warehouse/newsclaims.duckdb"))
    dbt_dir: Path = field(default_factory=lambda: _path("NEWSCLAIMS_DBT_DIR", "dbt"))
    expectations_dir: Path = field(default_factory=lambda: _path("NEWSCLAIMS_EXPECTATIONS_DIR", "expectations"))
    reference_dir: Path = field(default_factory=lambda: _path("NEWSCLAIMS_REFERENCE_DIR", "seeds/reference"))
    # The gazetteer depends only on package versions, so several warehouses may share one file; by
    # default it lies beside the warehouse, so a warehouse elsewhere never writes into the repo.
    gazetteer_path: Path | None = field(default_factory=lambda: _optional_path("NEWSCLAIMS_GAZETTEER_DB"))
    # The place span selector's trees (flows.analyze.places.selection); another file only to bench a
    # model trained on another corpus (bench/geo_bench.py --span-model).
    place_span_model: Path = field(default_factory=lambda: _path(
        "NEWSCLAIMS_PLACE_SPAN_MODEL", "flows/analyze/places/span_model.json"))
    cron: str = field(default_factory=lambda: os.environ.get("NEWSCLAIMS_CRON", "0 2 * * *"))
    timezone: str = field(default_factory=lambda: os.environ.get("NEWSCLAIMS_TZ", "UTC"))
    max_page_bytes: int = field(default_factory=lambda: _int("NEWSCLAIMS_MAX_PAGE_BYTES", 20 * 1024 * 1024))
    min_body_chars: int = field(default_factory=lambda: _int("NEWSCLAIMS_MIN_BODY_CHARS", 200))
    nlp_batch_size: int = field(default_factory=lambda: _int("NEWSCLAIMS_NLP_BATCH", 16))
    # Per-page extraction budget (flows.extract.budget): a page over it is quarantined with the reason.
    page_seconds: float = field(default_factory=lambda: float(os.environ.get("NEWSCLAIMS_PAGE_SECONDS", 60)))
    page_memory_mb: int = field(default_factory=lambda: _int("NEWSCLAIMS_PAGE_MEMORY_MB", 512))
    # Per-document analysis budget (flows.analyze.budget): a document over it keeps its places (when
    # they are found within the budget) and its claims are quarantined with the reason.
    document_seconds: float = field(default_factory=lambda: float(os.environ.get("NEWSCLAIMS_DOCUMENT_SECONDS", 120)))
    document_memory_mb: int = field(default_factory=lambda: _int("NEWSCLAIMS_DOCUMENT_MEMORY_MB", 2048))
    # DuckDB's memory for dbt's build (it spills to disk beyond it).
    dbt_memory_mb: int = field(default_factory=lambda: _int("NEWSCLAIMS_DBT_MEMORY_MB", 1024))
    # Pages per extraction or analysis task: what one worker gets at a time, and (times the
    # batches in flight, two per worker) what the run holds in memory.
    batch_pages: int = field(default_factory=lambda: _int("NEWSCLAIMS_BATCH_PAGES", 32))
    # An existing Dask cluster's scheduler ("tcp://host:8786"); unset, `newsclaims run` starts a
    # local cluster of `workers` processes.
    dask_address: str | None = field(default_factory=lambda: os.environ.get("NEWSCLAIMS_DASK_ADDRESS") or None)
    workers: int = field(default_factory=lambda: _int("NEWSCLAIMS_WORKERS", os.cpu_count() or 1))
    # How long a run's temporary Prefect API may take to start (flows.runtime.prefect_api): 2.5 s on a
    # quiet 2-core machine, up to 170 s measured at a load of 13-18; waiting ends as soon as it answers.
    prefect_start_seconds: float = field(default_factory=lambda: float(os.environ.get(
        "NEWSCLAIMS_PREFECT_START_SECONDS", 300)))

    @property
    def warehouse_dir(self) -> Path:
        return self.warehouse.parent

    @property
    def gazetteer_db(self) -> Path:
        return self.gazetteer_path or self.warehouse_dir / "gazetteer.duckdb"

    @property
    def state_db(self) -> Path:
        """Persistent raw, reference and ops layers; the published file is built from it."""
        return self.warehouse.with_name(self.warehouse.stem + "_state.duckdb")

    @property
    def candidate_db(self) -> Path:
        return self.warehouse.with_name(self.warehouse.stem + "_candidate.duckdb")

    @property
    def scratch_dir(self) -> Path:
        """Every scratch directory of a run lies here, so the next run can remove what a killed one left."""
        return self.warehouse.with_name(f".{self.warehouse.stem}-scratch")

    @property
    def prefect_home(self) -> Path:
        """Prefect's home and database for this warehouse's runs when no PREFECT_API_URL is set."""
        return self.warehouse.with_name(f".{self.warehouse.stem}-prefect")

    @property
    def dbt_target_dir(self) -> Path:
        """dbt's artifacts of the nightly build, kept between runs for its partial parse (outside
        the scratch directory, which every run empties)."""
        return self.warehouse.with_name(f".{self.warehouse.stem}-dbt-target")

    @property
    def data_docs_dir(self) -> Path:
        """Great Expectations data docs of the published file."""
        return self.warehouse_dir / "data_docs"

    @property
    def candidate_data_docs_dir(self) -> Path:
        """Where the gate writes its data docs; promoted to ``data_docs_dir`` only when published."""
        return self.warehouse_dir / "data_docs_candidate"

    @property
    def rejected_data_docs_dir(self) -> Path:
        """The last rejected candidate's validation, kept beside the published file's."""
        return self.warehouse_dir / "data_docs_rejected"

    @property
    def log_file(self) -> Path:
        return self.warehouse.with_suffix(".log")

    @property
    def report_file(self) -> Path:
        return self.warehouse.with_name(self.warehouse.stem + "_report.html")

    @property
    def dbt_docs_file(self) -> Path:
        return self.warehouse.with_name(self.warehouse.stem + "_dbt_docs.html")

    def with_paths(self, landing: Path | None = None, warehouse: Path | None = None) -> "Settings":
        changes = {}
        if landing is not None:
            changes["landing_dir"] = Path(landing).resolve()
        if warehouse is not None:
            changes["warehouse"] = Path(warehouse).resolve()
        return replace(self, **changes)
