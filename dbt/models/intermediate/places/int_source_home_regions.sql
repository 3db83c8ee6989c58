-- A publisher's home region, as a local reader knows it: where the places of its documents lie.
-- Per source, the sums over its documents of their country and province shares of place votes
-- (int_place_document_context) and its number of documents; a reference outlet that is not a wire
-- agency adds its listed country as one more document. int_place_resolutions reads a document's
-- home region from the other documents of its source (its own shares taken out of the sums), so
-- a source without documents has no row.
-- Rebuilt each run from the per-document shares: a few rows per document.
with document_sources as (
    select document_id, source_id
    from {{ ref('int_document_sources') }}
    where source_id <> 'unknown'
),

country_shares as (
    select distinct document_id, country_code, country_share as share
    from {{ ref('int_place_document_context') }}
),

province_shares as (
    select distinct document_id, country_code, admin1_code, admin1_share as share
    from {{ ref('int_place_document_context') }}
    where admin1_code is not null
),

listed as (
    select source_id, country as country_code
    from {{ ref('news_organisations') }}
    where kind <> 'agency' and country is not null
),

documents as (
    select source_id, count(*) + max(case when l.source_id is not null then 1 else 0 end) as n_documents
    from document_sources
    left join listed as l using (source_id)
    group by source_id
),

shares as (
    select s.source_id, c.country_code, null::varchar as admin1_code, c.share
    from country_shares as c
    inner join document_sources as s using (document_id)
    union all
    select s.source_id, p.country_code, p.admin1_code, p.share
    from province_shares as p
    inner join document_sources as s using (document_id)
    union all
    select source_id, country_code, null, 1.0 from listed
)

select
    shares.source_id,
    shares.country_code,
    shares.admin1_code,
    sum({{ fixed_point('shares.share') }})::double as share_total,
    any_value(d.n_documents) as n_documents
from shares
inner join documents as d using (source_id)
group by shares.source_id, shares.country_code, shares.admin1_code
