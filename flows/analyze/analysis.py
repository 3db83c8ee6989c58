"""The analysis itself: one spaCy pass per document feeds sentence, place and claim recognition;
each document's MinHash signature (near-duplicates) is taken here too, once. Imported by the
budget children that run it (through ``flows.analyze.analyze``), never by the flow process."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from flows.analysis_tables import ANALYSIS_COLUMNS
from flows.analyze import Analysis, claims, minhash
from flows.analyze.nlp import english, readable_by_english_model, tokens_and_sentences
from flows.analyze.places import recognize as places
from flows.config import Settings


def _parsed(documents: list[tuple[str, str, str | None]], settings: Settings) -> Iterator:
    """spaCy docs in input order: English ones through the model, the others tokenized only."""
    english_texts = (text for _, text, language in documents if readable_by_english_model(language))
    parsed = english().pipe(english_texts, batch_size=settings.nlp_batch_size)
    for _, text, language in documents:
        yield next(parsed) if readable_by_english_model(language) else tokens_and_sentences()(text)


def analyze(documents: Iterable[tuple[str, str, str | None]], settings: Settings, with_claims: bool = True
            ) -> Analysis:
    """Rows for every table in ``ANALYSIS_COLUMNS`` from ``(document_id, body_text, language)``;
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
    return Analysis({table: rows.get(table, []) for table in ANALYSIS_COLUMNS}, not_english)
