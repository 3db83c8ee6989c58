{{ config(materialized='incremental') }}
select
    d.document_id,
    coalesce(s.source_id, 'unknown') as source_id,
    p.landing_path,
    p.first_run_id,
    p.url,
    d.title,
    d.author,
    d.published_at,
    d.language,
    d.body_text,
    {{ word_count('d.body_text') }}::integer as word_count,
    b.marker_count::integer as boilerplate_marker_count
from {{ ref('stg_raw__documents') }} as d
inner join {{ ref('stg_raw__pages') }} as p on p.page_id = d.document_id
left join {{ ref('int_document_sources') }} as s on s.document_id = d.document_id
left join {{ ref('int_document_boilerplate_hits') }} as b on b.document_id = d.document_id
{{ where_changed('d.document_id') }}
