"""Analysis stage: one spaCy pass per document feeds sentence, place and claim recognition; each
document's MinHash signature (near-duplicates) is taken here too, once.

Takes ``(document_id, body_text, language)`` triples and returns plain rows per raw table
(``flows.schemas.ANALYSIS_TABLES``); the warehouse stage writes them to schema ``raw`` in bulk, and
dbt resolves places, actors, sources and claim clusters from there. Documents the English model
cannot read get sentences and gazetteer-matched places only (``flows.analyze.nlp``).
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from flows import schemas, trees
from flows.analyze import claims, minhash, places
from flows.analyze.claims.attribution_model import MODEL_PATH as ATTRIBUTION_MODEL
from flows.analyze.nlp import (
    english,
    english_meta,
    readable_by_english_model,
    tokens_and_sentences,
)
from flows.analyze.places.gazetteer import ensure_gazetteer, source_versions
from flows.config import Settings
from flows.schemas import ANALYSIS_TABLES

__all__ = ["ANALYSIS_TABLES", "Analysis", "analyze", "analyzer_inputs", "analyzer_version", "ensure_gazetteer"]

# Reference files the analysis reads (recognition's demonyms and country aliases).
REFERENCE_FILES = ("place_country_names.csv",)


def analyzer_inputs(settings: Settings) -> list[Path]:
    """Every file the analysis reads: this subpackage's code, the modules it shares, its reference
    files and its trained model (a retrained model re-analyses old documents)."""
    package = Path(__file__).resolve().parent
    code = sorted([*package.rglob("*.py"), *(Path(m.__file__).resolve() for m in (schemas, trees))])
    return [*code, *(settings.reference_dir / name for name in REFERENCE_FILES), settings.place_span_model,
            ATTRIBUTION_MODEL]


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
    rows: dict[str, list[dict]]  # per table of ANALYSIS_TABLES, each row with its document_id
    not_english: int  # documents analysed for places only

    @classmethod
    def merge(cls, parts: list["Analysis"]) -> "Analysis":
        return cls({table: [row for part in parts for row in part.rows[table]] for table in ANALYSIS_TABLES},
                   sum(part.not_english for part in parts))


def _parsed(documents: list[tuple[str, str, str | None]], settings: Settings) -> Iterator:
    """spaCy docs in input order: English ones through the model, the others tokenized only."""
    english_texts = (text for _, text, language in documents if readable_by_english_model(language))
    parsed = english().pipe(english_texts, batch_size=settings.nlp_batch_size)
    for _, text, language in documents:
        yield next(parsed) if readable_by_english_model(language) else tokens_and_sentences()(text)


def analyze(documents: Iterable[tuple[str, str, str | None]], settings: Settings, with_claims: bool = True
            ) -> Analysis:
    """Rows for every table in ``ANALYSIS_TABLES`` from ``(document_id, body_text, language)``;
    without claims, sentences, signatures and places only."""
    documents = list(documents)
    rows: dict[str, list[dict]] = defaultdict(list)
    not_english = 0
    for (document_id, text, language), doc in zip(documents, _parsed(documents, settings)):
        per_doc: dict[str, list[dict]] = {
            "document_minhash": minhash.signature(text),
            "sentences": [
                {"sentence_index": i, "char_start": s.start_char, "char_end": s.end_char}
                for i, s in enumerate(doc.sents)
            ]
        }
        per_doc.update(places.recognize(doc, settings))
        if not readable_by_english_model(language):
            not_english += 1
        elif with_claims:
            per_doc.update(claims.claim_rows(doc, per_doc))
        for table, table_rows in per_doc.items():
            rows[table].extend({"document_id": document_id, **row} for row in table_rows)
    return Analysis({table: rows.get(table, []) for table in ANALYSIS_TABLES}, not_english)
