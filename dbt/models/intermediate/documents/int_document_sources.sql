{{ config(materialized='incremental') }}
-- The publisher of each document, from the strongest evidence available: the extracted publisher
-- name, the URL's host, a maintained boilerplate signature of the site (seed publisher_signatures:
-- "Read all the Latest News, Breaking News ... here" is News18's footer), then a reference outlet's
-- domain named in the removed boilerplate or the text; failing all of these, the publisher name the
-- page gives, then the site itself ('site:<host>': its pages share a publisher and a home region).
with docs as (
    select
        d.document_id,
        d.publisher,
        {{ claims_alias_key('d.publisher') }} as publisher_key,
        lower(regexp_extract(p.url, '^[a-z]+://(www\.)?([^/:]+)', 2)) as host
    from {{ ref('stg_raw__documents') }} as d
    inner join {{ ref('stg_raw__pages') }} as p on p.page_id = d.document_id
    {{ where_changed('d.document_id') }}
),
by_publisher as (
    select d.document_id, min(a.source_id) as source_id
    from docs as d inner join {{ ref('int_source_aliases') }} as a on a.alias_key = d.publisher_key
    group by 1
),
by_host as (
    select d.document_id, arg_max(o.source_id, length(o.domain)) as source_id
    from docs as d inner join {{ ref('news_organisations') }} as o
        on d.host = o.domain or d.host like '%.' || o.domain
    group by 1
),
page_text as (
    select document_id, text from {{ ref('stg_raw__removed_blocks') }}
    {{ where_changed() }}
    union all
    select document_id, coalesce(title, '') || ' ' || body_text from {{ ref('stg_raw__documents') }}
    {{ where_changed() }}
),
by_signature as (
    select t.document_id, min(g.source_id) as source_id
    from page_text as t inner join {{ ref('publisher_signatures') }} as g
        on contains(lower(t.text), lower(g.signature))
    group by 1
),
by_mentioned_domain as (
    -- "Authored by washingtonexaminer.com", a site's own script URLs or WhatsApp prompt.
    select t.document_id, arg_max(o.source_id, length(t.text) - length(replace(lower(t.text), o.domain, ''))) as source_id
    from page_text as t inner join {{ ref('news_organisations') }} as o
        on o.kind <> 'social account' and contains(lower(t.text), o.domain)
    group by 1
)
select
    d.document_id,
    coalesce(p.source_id, h.source_id, g.source_id, m.source_id,
             case when d.publisher_key <> '' then 'pub:' || d.publisher_key end,
             case when d.host <> '' then 'site:' || d.host end,
             'unknown') as source_id,
    case
        when p.source_id is not null then 'publisher'
        when h.source_id is not null then 'url'
        when g.source_id is not null then 'signature'
        when m.source_id is not null then 'page_text'
        when d.publisher_key <> '' then 'publisher_unlisted'
        when d.host <> '' then 'url_unlisted'
        else 'none'
    end as evidence,
    d.publisher as publisher_as_written
from docs as d
left join by_publisher as p on p.document_id = d.document_id
left join by_host as h on h.document_id = d.document_id
left join by_signature as g on g.document_id = d.document_id
left join by_mentioned_domain as m on m.document_id = d.document_id
