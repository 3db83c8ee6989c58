"""What the nightly report shows, read from the published file (read-only) and the run log."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from flows.site.analyses import render_analysis
from flows.config import Settings
from flows.warehouse import state

RUNS_SHOWN = 30
ROWS_SHOWN = 100

PLACES = """
with mentions as (
    select place_id, count(*) as n_mentions, count(distinct document_id) as n_documents
    from marts.fct_place_mentions where place_id is not null group by place_id
), claims as (
    select place_id, count(distinct claim_id) as n_claims from marts.bridge_claim_places group by place_id
)
select p.name, p.admin1_name, p.country_code, p.latitude, p.longitude,
       coalesce(m.n_mentions, 0) as n_mentions, coalesce(m.n_documents, 0) as n_documents,
       coalesce(c.n_claims, 0) as n_claims
from marts.dim_places as p
left join mentions as m on m.place_id = p.place_id
left join claims as c on c.place_id = p.place_id
where p.latitude is not null and p.longitude is not null
  and (m.n_mentions is not null or c.n_claims is not null)
order by n_mentions desc, n_claims desc, p.name
"""

# Documents whose page was first seen by the given run: the night's new documents.
NEW_DOCUMENTS = """
select coalesce(s.name, d.source_id) as publisher, count(*) as n_documents,
       list(coalesce(d.title, d.landing_path) order by d.title) as titles
from marts.fct_documents as d
left join marts.dim_sources as s on s.source_id = d.source_id
where d.first_run_id = ?
group by all
order by n_documents desc, publisher
"""

DISAGREEMENTS = """
select st.label as story, k.claim_type, coalesce(k.event_kind, k.quantity_unit) as about, k.dispute_kind,
       k.n_documents, k.n_independent_sources, k.quantity_values, k.certainties,
       string_agg(distinct s.name, ', ' order by s.name) as publishers,
       first(left(c.claim_text, 200) order by c.certainty in ('denied', 'disputed') desc, c.claim_text) as example
from marts.fct_claim_clusters as k
inner join marts.dim_stories as st on st.story_id = k.story_id
inner join marts.fct_claims as c on c.cluster_id = k.cluster_id
inner join marts.fct_documents as d on d.document_id = c.document_id
left join marts.dim_sources as s on s.source_id = d.source_id
where k.has_dispute
group by all
order by k.n_independent_sources desc, story, about
"""

# The night's stories: those a document of the given run belongs to, with every outlet carrying
# them, their independent sources and what their disputed clusters disagree on.
STORIES = """
with outlets as (
    select d.story_id, count(*) filter (where d.first_run_id = ?) as n_new,
           string_agg(distinct coalesce(s.name, d.source_id), ', ' order by coalesce(s.name, d.source_id)) as outlets
    from marts.fct_documents as d
    left join marts.dim_sources as s on s.source_id = d.source_id
    group by d.story_id
), disputes as (
    select k.story_id, string_agg(distinct case
               when k.dispute_kind = 'values' then coalesce(k.quantity_unit, '') || ': ' || k.quantity_values
               else left(c.claim_text, 160) end, ' | ') as disputes
    from marts.fct_claim_clusters as k
    inner join marts.fct_claims as c on c.cluster_id = k.cluster_id
    where k.has_dispute and (k.dispute_kind = 'values' or c.certainty in ('denied', 'disputed'))
    group by k.story_id
)
select st.label, st.n_documents, o.n_new, o.outlets, st.n_independent_sources, st.n_disputes, d.disputes
from marts.dim_stories as st
inner join outlets as o on o.story_id = st.story_id
left join disputes as d on d.story_id = st.story_id
where o.n_new > 0
order by st.n_independent_sources desc, st.n_documents desc, st.label
"""

SPEAKERS = """
select speaker, sum(n_statements) as n_statements, count(distinct quoted_by) as n_publishers,
       string_agg(distinct quoted_by, ', ' order by quoted_by) as quoted_by,
       string_agg(distinct titles_given, ' / ') as titles_given
from ({who_is_quoted}) as q
group by speaker
order by n_statements desc, n_publishers desc, speaker
limit 15
"""

QUARANTINE = """
select landing_path, reason, quarantined_at, run_id from ops.quarantine
order by quarantined_at desc, landing_path
"""

RUNS = """
select run_id, started_at, ended_at, status, pages_seen, pages_new, pages_duplicate, pages_quarantined,
       documents, claims, gate_result
from ops.pipeline_runs order by started_at desc limit ?
"""


@dataclass
class Table:
    columns: list[str]
    rows: list[tuple]
    total: int = 0  # rows in the full result, when only the first ROWS_SHOWN are kept


@dataclass
class ReportData:
    warehouse: Path
    generated_at: datetime
    published_run: dict | None
    totals: dict[str, int]
    places: list[dict]
    new_documents: list[dict]
    stories: Table
    single_source: Table
    disagreements: Table
    speakers: Table
    quarantine: Table
    runs: list[dict] = field(default_factory=list)


def _records(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    return state.records(con.execute(sql, params or []))


def _table(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> Table:
    relation_sql = f"select * from ({sql}) as q"
    total = con.execute(f"select count(*) from ({relation_sql})", params or []).fetchone()[0]
    cursor = con.execute(f"{relation_sql} limit {ROWS_SHOWN}", params or [])
    return Table([d[0] for d in cursor.description], cursor.fetchall(), total)


def _runs(settings: Settings, published: duckdb.DuckDBPyConnection) -> list[dict]:
    """The last runs from the state file, which also logs the runs that failed after the last publish;
    while a run writes it, the published file's copy of the log (up to its own run) is read instead."""
    try:
        con = state.read_only(settings.state_db)
    except (duckdb.IOException, duckdb.CatalogException):
        return _records(published, RUNS, [RUNS_SHOWN])
    with con:
        return _records(con, RUNS, [RUNS_SHOWN])


def read_report_data(settings: Settings) -> ReportData:
    with state.read_only(settings.warehouse) as con:
        published = _records(con, "select * from ops.pipeline_runs where status = 'published' "
                                  "order by started_at desc limit 1")
        run = published[0] if published else None
        totals = {**state.mart_counts(con),
                  "quarantined": con.execute("select count(*) from ops.quarantine").fetchone()[0]}
        return ReportData(
            warehouse=settings.warehouse,
            generated_at=datetime.now(timezone.utc),
            published_run=run,
            totals=totals,
            places=_records(con, PLACES),
            new_documents=_records(con, NEW_DOCUMENTS, [run["run_id"]]) if run else [],
            stories=_table(con, STORIES, [run["run_id"] if run else None]),
            single_source=_table(con, render_analysis("claims_single_source", settings)),
            disagreements=_table(con, DISAGREEMENTS),
            speakers=_table(con, SPEAKERS.format(who_is_quoted=render_analysis("who_is_quoted", settings))),
            quarantine=_table(con, QUARANTINE),
            runs=_runs(settings, con),
        )
