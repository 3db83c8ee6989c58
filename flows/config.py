"""All configuration in one place, read from the environment with sane defaults (pydantic-settings).

Every setting is a ``NEWSCLAIMS_*`` environment variable (``env`` below names it); paths are
relative to the repo root unless absolute; an empty variable counts as unset. A new setting is one
more field: ``name: type = _env("NEWSCLAIMS_NAME", default)``. Settings are built once and passed
down; ``settings.model_copy(update={...})`` gives a changed copy.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


def _env(name: str, default: Any = None, **kwargs: Any) -> Any:
    """A field read from environment variable ``name``."""
    return Field(default, validation_alias=name, **kwargs)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(frozen=True, populate_by_name=True, validate_default=True,
                                      env_ignore_empty=True, extra="ignore")

    landing_dir: Path = _env("NEWSCLAIMS_LANDING", "seeds/pages")
    # The published file analysts and BI tools read; a run never writes it in place.
    warehouse: Path = _env("NEWSCLAIMS_WAREHOUSE", "warehouse/newsclaims.duckdb")
    dbt_dir: Path = _env("NEWSCLAIMS_DBT_DIR", "dbt")
    expectations_dir: Path = _env("NEWSCLAIMS_EXPECTATIONS_DIR", "expectations")
    reference_dir: Path = _env("NEWSCLAIMS_REFERENCE_DIR", "seeds/reference")
    # The gazetteer depends only on package versions, so several warehouses may share one file; by
    # default it lies beside the warehouse, so a warehouse elsewhere never writes into the repo.
    gazetteer_path: Path | None = _env("NEWSCLAIMS_GAZETTEER_DB")
    # The place span selector's trees (flows.analyze.places.selection); another file only to bench a
    # model trained on another corpus (bench/geo_bench.py --span-model).
    place_span_model: Path = _env("NEWSCLAIMS_PLACE_SPAN_MODEL", "flows/analyze/places/span_model.json")
    cron: str = _env("NEWSCLAIMS_CRON", "0 2 * * *")
    timezone: str = _env("NEWSCLAIMS_TZ", "UTC")
    max_page_bytes: int = _env("NEWSCLAIMS_MAX_PAGE_BYTES", 20 * 1024 * 1024)
    min_body_chars: int = _env("NEWSCLAIMS_MIN_BODY_CHARS", 200)
    # A shorter body is still an article when it is all whole sentences and no boilerplate: a news
    # brief of one paragraph ("Sixers' coach Jim O'Brien was fired today ...") is news.
    min_brief_chars: int = _env("NEWSCLAIMS_MIN_BRIEF_CHARS", 60)
    nlp_batch_size: int = _env("NEWSCLAIMS_NLP_BATCH", 16)
    # Per-page extraction budget (flows.extract.budget): a page over it is quarantined with the reason.
    page_seconds: float = _env("NEWSCLAIMS_PAGE_SECONDS", 60.0)
    page_memory_mb: int = _env("NEWSCLAIMS_PAGE_MEMORY_MB", 512)
    # Per-document analysis budget (flows.analyze.budget): a document over it keeps its places (when
    # they are found within the budget) and its claims are quarantined with the reason.
    document_seconds: float = _env("NEWSCLAIMS_DOCUMENT_SECONDS", 120.0)
    document_memory_mb: int = _env("NEWSCLAIMS_DOCUMENT_MEMORY_MB", 2048)
    # An analysis child is replaced after this many documents (0: never): after warm-up it grows
    # about 7 MB per 100 documents (spaCy's string store), and a fresh one costs 3.4 CPU s, so 500
    # bounds the growth at about 35 MB for about 3.6 % of the analysis' CPU (bench/RESULTS.md, issue 27).
    documents_per_child: int = _env("NEWSCLAIMS_DOCUMENTS_PER_CHILD", 500)
    # DuckDB's memory for dbt's build (it spills to disk beyond it): at 10,000 documents 512 MB kept
    # the build's process at 0.9 GB against 1.3 GB with 1024, in about the same time (bench/RESULTS.md, issue 27).
    dbt_memory_mb: int = _env("NEWSCLAIMS_DBT_MEMORY_MB", 512)
    # Pages per extraction or analysis task: what one worker gets at a time, and (times the
    # batches in flight, two per worker) what the run holds in memory.
    batch_pages: int = _env("NEWSCLAIMS_BATCH_PAGES", 32)
    # An existing Dask cluster's scheduler ("tcp://host:8786"); unset, the flow process runs
    # `workers` batches at once on threads, each in a budget child of its own (flows.runtime.runs).
    dask_address: str | None = _env("NEWSCLAIMS_DASK_ADDRESS")
    workers: int = Field(default_factory=lambda: os.cpu_count() or 1, validation_alias="NEWSCLAIMS_WORKERS")
    # How long a run's temporary Prefect API may take to start (flows.runtime.prefect_api): 2.5 s on a
    # quiet 2-core machine, up to 170 s measured at a load of 13-18; waiting ends as soon as it answers.
    prefect_start_seconds: float = _env("NEWSCLAIMS_PREFECT_START_SECONDS", 300.0)

    @field_validator("landing_dir", "warehouse", "dbt_dir", "expectations_dir", "reference_dir", "gazetteer_path",
                     "place_span_model")
    @classmethod
    def _in_repo(cls, value: Path | None) -> Path | None:
        return value if value is None or value.is_absolute() else REPO_ROOT / value

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
        return self.model_copy(update=changes)
