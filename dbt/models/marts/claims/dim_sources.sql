-- Reference news organisations, publishers and sites the pages reveal that the reference list lacks, and 'unknown'.
with unlisted as (
    select source_id, coalesce(min(publisher_as_written), substr(source_id, 6)) as name,
        case when source_id like 'site:%' then substr(source_id, 6) end as domain
    from {{ ref('int_document_sources') }}
    where source_id like 'pub:%' or source_id like 'site:%'
    group by 1
),
sources as (
    select source_id, name, domain, kind, country, true as is_reference
    from {{ ref('news_organisations') }}
    union all
    select source_id, name, domain, 'online', null, false from unlisted
    union all
    select 'unknown', 'Unknown publisher', null, 'unknown', null, false
),
published as (
    select source_id, count(*) as n_documents_published
    from {{ ref('int_document_sources') }} group by 1
),
cited as (
    select a.source_id, count(*) as n_citations
    from {{ ref('stg_raw__cited_sources') }} as c
    inner join {{ ref('int_source_aliases') }} as a on a.alias_key = c.alias_key
    group by 1
)
select
    s.source_id,
    s.name,
    s.domain,
    s.kind,
    s.country,
    s.is_reference,
    coalesce(p.n_documents_published, 0)::integer as n_documents_published,
    coalesce(c.n_citations, 0)::integer as n_citations
from sources as s
left join published as p on p.source_id = s.source_id
left join cited as c on c.source_id = s.source_id
