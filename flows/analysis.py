"""Analysis stage: one spaCy pass per document feeds sentence, place and claim recognition.

Returns plain rows per raw table; the load stage writes them to schema ``raw`` in bulk, and dbt
resolves places, actors, sources and claim clusters from there.
"""
from __future__ import annotations

import tempfile
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import duckdb
import pyarrow as pa

from flows import claims, load, places
from flows.config import Settings
from flows.gazetteer import ensure_gazetteer
from flows.nlp import english
from flows.transform import run_dbt

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


# The resolved places of one scratch build, one row per mention, as ``newsclaims analyze`` prints them.
_RESOLVED_PLACES_SQL = """
    select m.document_id, m.mention_index, m.surface, m.char_start as "start", m.char_end as "end",
        p.geonameid, p.name, p.latitude, p.longitude, p.country_code, p.admin1_name as admin1
    from marts.fct_place_mentions as m
    left join marts.dim_places as p using (place_id)
    order by m.document_id, m.mention_index
"""


def analyze_files(paths: list[Path], settings: Settings) -> list[dict]:
    """Places and claims of each file, read as article text exactly as it is (no cleaning).

    Runs the same code path as the nightly job on a scratch DuckDB: ``analyze``, a bulk load of
    the raw rows, and the dbt place models, so offsets index into each file's own text.
    """
    documents = [(str(i), Path(path).read_text(encoding="utf-8")) for i, path in enumerate(paths)]
    rows = analyze(documents, batch_size=settings.nlp_batch_size)
    ensure_gazetteer(settings.gazetteer_db)
    with tempfile.TemporaryDirectory(prefix="newsclaims-analyze-") as scratch_dir:
        scratch = Path(scratch_dir) / "analyze.duckdb"
        con = load.connect(scratch)
        try:
            load.ensure_derived_tables(con, RAW_TABLES)
            for table, schema in RAW_TABLES.items():
                load.append_rows(con, f"raw.{table}", rows[table], schema)
        finally:
            con.close()
        # Cautious: tests of other marts that merely reference dim_places (claims) stay out.
        run_dbt(scratch, settings, select="+fct_place_mentions +dim_places", indirect_selection="cautious")
        with duckdb.connect(str(scratch), read_only=True) as con:
            resolved = con.sql(_RESOLVED_PLACES_SQL).to_arrow_table().to_pylist()
    places_by_document: dict[str, dict[int, dict]] = defaultdict(dict)
    for place in resolved:
        document_id, mention_index = place.pop("document_id"), place.pop("mention_index")
        places_by_document[document_id][mention_index] = place
    results = []
    for document_id, path in zip((d for d, _ in documents), paths):
        per_doc_rows = {t: [r for r in table_rows if r["document_id"] == document_id] for t, table_rows in rows.items()}
        doc_places = places_by_document[document_id]
        results.append({
            "path": str(path),
            "places": [doc_places[i] for i in sorted(doc_places)],
            "claims": claims.to_json(per_doc_rows, doc_places),
        })
    return results
