"""``newsclaims analyze``: places and claims of article text files, through the nightly code path on a
scratch DuckDB file (analysis, a bulk load of the raw rows, the dbt place models), never the warehouse."""
from __future__ import annotations

import tempfile
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flows.analyze import analyze, claims, ensure_gazetteer
from flows.config import Settings
from flows.schemas import ANALYSIS_TABLES, DOCUMENTS, PAGES
from flows.warehouse import run_dbt, state

# The resolved places of one scratch build, one row per mention, as ``newsclaims analyze`` prints them.
_RESOLVED_PLACES_SQL = """
    select m.document_id, m.mention_index, m.surface, m.char_start as "start", m.char_end as "end",
        p.geonameid, p.name, p.latitude, p.longitude, p.country_code, p.admin1_name as admin1,
        p.admin2_name as admin2, p.feature_code, m.recognizer, m.confidence,
        r.geonameid as runner_up_geonameid, r.name as runner_up_name, r.country_code as runner_up_country_code,
        r.admin1_name as runner_up_admin1, m.runner_up_confidence
    from marts.fct_place_mentions as m
    left join marts.dim_places as p using (place_id)
    left join marts.dim_places as r on r.place_id = m.runner_up_place_id
    order by m.document_id, m.mention_index
"""


@contextmanager
def scratch_build(documents: list[tuple[str, str, str | None]], settings: Settings,
                  urls: list[str | None] | None = None) -> Iterator[tuple[dict[str, list[dict]], Path, Path]]:
    """Analyse ``documents`` (document_id, text, language) and build the dbt place models on scratch
    DuckDB files, as the nightly job would; yields the analysis rows, the state file (raw rows and
    intermediate models) and the marts file, both removed on exit."""
    ensure_gazetteer(settings.gazetteer_db)
    rows = analyze(documents, settings).rows
    with tempfile.TemporaryDirectory(prefix="newsclaims-analyze-") as scratch_dir:
        scratch_state, scratch = Path(scratch_dir) / "state.duckdb", Path(scratch_dir) / "analyze.duckdb"
        with state.connect(scratch_state) as con:
            state.ensure_derived_tables(con, ANALYSIS_TABLES)
            state.append_rows(con, "raw.pages", [
                {"page_id": d, "url": url} for (d, _, _), url in zip(documents, urls or [None] * len(documents))], PAGES)
            state.append_rows(con, "raw.documents", [
                {"document_id": d, "body_text": text} for d, text, _ in documents], DOCUMENTS)
            for table, schema in ANALYSIS_TABLES.items():
                state.append_rows(con, f"raw.{table}", rows[table], schema)
        # Cautious: tests of other marts that merely reference dim_places (claims) stay out.
        run_dbt(scratch, settings, select="+fct_place_mentions +dim_places", indirect_selection="cautious",
                state_db=scratch_state)
        yield rows, scratch_state, scratch


def analyze_files(paths: list[Path], settings: Settings, urls: list[str | None] | None = None) -> list[dict]:
    """Places and claims of each file, read as article text exactly as it is (no cleaning).

    Runs the same code path as the nightly job on a scratch DuckDB: ``analyze``, a bulk load of
    the raw rows, and the dbt place models, so offsets index into each file's own text. ``urls``
    (one per file, or None) are the pages' addresses: files of one site share its home region.
    """
    # Language None: the caller asked for these files, so every one goes through the English model.
    documents = [(str(i), Path(path).read_text(encoding="utf-8"), None) for i, path in enumerate(paths)]
    with scratch_build(documents, settings, urls) as (rows, _, scratch):
        with state.read_only(scratch) as con:
            resolved = con.sql(_RESOLVED_PLACES_SQL).to_arrow_table().to_pylist()
    places_by_document: dict[str, dict[int, dict]] = defaultdict(dict)
    for place in resolved:
        document_id, mention_index = place.pop("document_id"), place.pop("mention_index")
        places_by_document[document_id][mention_index] = place
    results = []
    for document_id, path in zip((d for d, _, _ in documents), paths):
        per_doc_rows = {t: [r for r in table_rows if r["document_id"] == document_id] for t, table_rows in rows.items()}
        doc_places = places_by_document[document_id]
        results.append({
            "path": str(path),
            "places": [doc_places[i] for i in sorted(doc_places)],
            "claims": claims.to_json(per_doc_rows, doc_places),
        })
    return results
