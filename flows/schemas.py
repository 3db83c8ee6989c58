"""Every Arrow schema of the warehouse's raw, ops and gazetteer tables: the contract between the
Python stages that write them and the dbt sources that read them."""
from __future__ import annotations

import pyarrow as pa

from flows.analysis_tables import ANALYSIS_COLUMNS, CLAIM_COLUMNS, Columns

TS = pa.timestamp("us", tz="UTC")

PAGES = pa.schema([
    ("page_id", pa.string()),
    ("landing_path", pa.string()),
    ("url", pa.string()),
    ("fetched_at", TS),
    ("format", pa.string()),
    ("size_bytes", pa.int64()),
    ("content", pa.string()),  # kept so a better extractor can re-process without the landing files
    ("first_run_id", pa.string()),
    ("landing_path_bytes", pa.binary()),  # the name's exact bytes when it is not UTF-8
])
DOCUMENTS = pa.schema([
    ("document_id", pa.string()),
    ("title", pa.string()),
    ("publisher", pa.string()),
    ("author", pa.string()),
    ("published_at", TS),
    ("language", pa.string()),
    ("body_text", pa.string()),
    # Boilerplate-marker patterns (flows.extract.markers) still on a body line, checked once at
    # extraction; the quality gate requires none.
    ("boilerplate_markers", pa.list_(pa.string())),
])
REMOVED_BLOCKS = pa.schema([
    ("document_id", pa.string()),
    ("block_index", pa.int32()),
    ("kind", pa.string()),
    ("text", pa.string()),
])
ANALYSIS_VERSIONS = pa.schema([("document_id", pa.string()), ("analyzer_version", pa.string())])
# A number that grows with every write of a document's raw rows (load, analysis): dbt's
# incremental models rebuild the documents above the revision their last build saw.
DOCUMENT_REVISIONS = pa.schema([("document_id", pa.string()), ("revision", pa.int64())])
# Landing files already loaded, so a rerun recognises them by path, size and mtime unread.
LANDING_FILES = pa.schema([
    ("landing_path", pa.string()),
    ("size_bytes", pa.int64()),
    ("mtime_ns", pa.int64()),
    ("page_id", pa.string()),
])
# What the published file was last built from: the state's revision and the dbt project's fingerprint.
BUILD_STATE = pa.schema([("revision", pa.int64()), ("fingerprint", pa.string()), ("built_at", TS)])
# The dbt project fingerprint the state file's own models (staging, intermediate) were last built
# with, written before the build starts: a build that failed half-way leaves some of them that way.
MODELS_BUILD = pa.schema([("fingerprint", pa.string()), ("started_at", TS)])
PIPELINE_RUNS = pa.schema([
    ("run_id", pa.string()),
    ("started_at", TS),
    ("ended_at", TS),
    ("status", pa.string()),
    ("pages_seen", pa.int64()),
    ("pages_new", pa.int64()),
    ("pages_duplicate", pa.int64()),
    ("pages_quarantined", pa.int64()),
    ("documents", pa.int64()),
    ("documents_analyzed", pa.int64()),
    # Analysed for places only: the English model cannot read their language.
    ("documents_not_english", pa.int64()),
    ("claims", pa.int64()),
    ("gate_result", pa.string()),
    ("message", pa.string()),
    # What the run set right on its way, e.g. a stale WAL beside the published file it moved aside.
    ("warnings", pa.list_(pa.string())),
])
# What the run that published the file last wrote: the only published content a next run builds on.
PUBLISHED_FILE = pa.schema([
    ("sha256", pa.string()),
    ("size_bytes", pa.int64()),
    ("run_id", pa.string()),
])
QUARANTINE = pa.schema([
    ("run_id", pa.string()),
    ("landing_path", pa.string()),
    ("page_id", pa.string()),             # the page, and the document extracted from it (document_id = page_id)
    ("size_bytes", pa.int64()),
    ("reason", pa.string()),
    ("quarantined_at", TS),
    ("landing_path_bytes", pa.binary()),  # the name's exact bytes when it is not UTF-8
    ("stage", pa.string()),               # ingest | extract | gate
    ("item", pa.string()),                # page | document | claim | mention
    ("item_key", pa.string()),            # claim_id or mention_index for claim and mention rows
    ("expectation", pa.string()),         # gate rows: "<suite>: <expectation>(<column>)" that failed
    ("released_at", TS),                  # set by `newsclaims quarantine --release`
])
# Sidecar or header fields dropped from a page that was kept (flows.ingest.sidecar).
PAGE_WARNINGS = pa.schema([
    ("run_id", pa.string()),
    ("page_id", pa.string()),
    ("landing_path", pa.string()),
    ("warning", pa.string()),
])

CORE_TABLES: dict[str, pa.Schema] = {
    "raw.pages": PAGES,
    "raw.documents": DOCUMENTS,
    "raw.removed_blocks": REMOVED_BLOCKS,
    "raw.analysis_versions": ANALYSIS_VERSIONS,
    "raw.document_revisions": DOCUMENT_REVISIONS,
    "raw.landing_files": LANDING_FILES,
    "ops.pipeline_runs": PIPELINE_RUNS,
    "ops.quarantine": QUARANTINE,
    "ops.page_warnings": PAGE_WARNINGS,
    "ops.published_file": PUBLISHED_FILE,
    "ops.models_build": MODELS_BUILD,
}

# The raw tables the analysis fills, typed from flows.analysis_tables' names (the analysis children
# read those without pyarrow).
ARROW_TYPES = {"string": pa.string(), "int32": pa.int32(), "int64": pa.int64(), "uint64": pa.uint64(),
               "float64": pa.float64(), "bool": pa.bool_(), "list<uint64>": pa.list_(pa.uint64())}


def arrow_schema(columns: Columns) -> pa.Schema:
    return pa.schema([(name, ARROW_TYPES[type_name]) for name, type_name in columns])


CLAIM_TABLES: dict[str, pa.Schema] = {table: arrow_schema(columns) for table, columns in CLAIM_COLUMNS.items()}
ANALYSIS_TABLES: dict[str, pa.Schema] = {table: arrow_schema(columns) for table, columns in ANALYSIS_COLUMNS.items()}

# The gazetteer file's tables (flows.analyze.places.gazetteer builds them).
GAZETTEER_PLACES = pa.schema([
    ("place_id", pa.int64()), ("geonameid", pa.int64()), ("name", pa.string()), ("feature_code", pa.string()),
    ("country_code", pa.string()), ("admin1_code", pa.string()), ("admin1_name", pa.string()),
    ("admin2_code", pa.string()), ("admin2_name", pa.string()),
    ("latitude", pa.float64()), ("longitude", pa.float64()), ("population", pa.int64()),
])
GAZETTEER_PLACE_NAMES = pa.schema([
    ("place_id", pa.int64()), ("name", pa.string()), ("is_code", pa.bool_()),
    ("name_key", pa.string()), ("consonant_key", pa.string()),  # flows.analyze.names.place_key / consonant_key
])

# The allowed values of every coded mart column: their one home. dbt's accepted_values tests
# (dbt/models/marts/*/_*__models.yml) and the gate's expect_column_values_to_be_in_set
# (expectations/expectations/*.json) are written from this table by
# `python -m flows.warehouse.contract`, and tests/warehouse/test_contract.py fails while they differ.
# A new coded column: add it here, give its YAML column an accepted_values test (and, if the gate
# should quarantine rows outside the set, an in_set expectation), then run that command.
BLOCK_KINDS = ("comment", "advertisement", "navigation", "related", "share", "legal", "script", "other")
CLAIM_TYPES = ("statement", "event", "quantity")
CERTAINTIES = ("asserted", "reported", "claimed", "unconfirmed", "disputed", "denied")
ACCEPTED_VALUES: dict[str, dict[str, tuple[str, ...]]] = {
    "fct_removed_blocks": {"kind": BLOCK_KINDS},
    "fct_claims": {
        "claim_type": CLAIM_TYPES,
        "event_kind": ("control_change", "attack", "protest"),
        "quote_kind": ("direct", "indirect"),
        "attribution_kind": ("speech", "stance"),
        "quantity_bound": ("exact", "lower", "upper", "approximate", "range", "vague"),
        "quantity_kind": ("count", "money", "percent", "percentage_point", "measure", "age", "duration", "number",
                          "fraction"),
        "modality": ("actual", "background", "hypothetical"),
        "certainty": CERTAINTIES,
    },
    "fct_claim_clusters": {"dispute_kind": ("values", "denial")},
    "bridge_claim_actors": {"role": ("speaker", "subject", "object")},
    "dim_actors": {"actor_kind": ("person", "organisation", "unknown")},
    "dim_sources": {"kind": ("agency", "newspaper", "broadcaster", "online", "social account", "unknown")},
    "dim_places": {"feature_code": ("PPL", "PPLC", "ADM1", "ADM2", "PCLI", "CONT", "RGN")},
    "fct_place_mentions": {
        "recognizer": ("ner", "gazetteer", "context", "demonym", "qualifier", "qualified"),
        "method": ("exact", "consonant", "fuzzy", "named_country", "abbreviation", "qualifier"),
    },
}
