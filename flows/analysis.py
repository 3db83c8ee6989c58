"""Analysis stage: one spaCy pass per document feeds sentence, place and claim recognition.

Returns plain rows per raw table; the load stage writes them to schema ``raw`` in bulk, and dbt
resolves places, actors, sources and claim clusters from there.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pyarrow as pa

from flows import claims, places
from flows.nlp import english

SENTENCES = pa.schema([
    ("document_id", pa.string()),
    ("sentence_index", pa.int32()),
    ("char_start", pa.int32()),
    ("char_end", pa.int32()),
])

# Every raw table the analysis stage fills, keyed by table name, each with a document_id column.
RAW_TABLES: dict[str, pa.Schema] = {"sentences": SENTENCES, **places.RAW_TABLES, **claims.RAW_TABLES}


def analyze(documents: Iterable[tuple[str, str]], batch_size: int = 16) -> dict[str, list[dict]]:
    """Rows for every table in ``RAW_TABLES`` from ``(document_id, body_text)`` pairs."""
    documents = list(documents)
    rows: dict[str, list[dict]] = defaultdict(list)
    texts = (text for _, text in documents)
    for (document_id, _), doc in zip(documents, english().pipe(texts, batch_size=batch_size)):
        per_doc: dict[str, list[dict]] = {
            "sentences": [
                {"sentence_index": i, "char_start": s.start_char, "char_end": s.end_char}
                for i, s in enumerate(doc.sents)
            ]
        }
        per_doc.update(places.recognize(doc))
        per_doc.update(claims.extract(doc, per_doc))
        for table, table_rows in per_doc.items():
            rows[table].extend({"document_id": document_id, **row} for row in table_rows)
    return {table: rows.get(table, []) for table in RAW_TABLES}
