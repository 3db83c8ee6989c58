-- story_id of documents already built changes when a new document merges their story with
-- another (int_document_stories): the post-hook updates those rows, so an incremental build equals
-- a full one.
{{ config(materialized='incremental', post_hook="{{ update_changed_stories() }}") }}
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
    b.marker_count::integer as boilerplate_marker_count,
    st.story_id
from {{ ref('stg_raw__documents') }} as d
inner join {{ ref('stg_raw__pages') }} as p on p.page_id = d.document_id
left join {{ ref('int_document_sources') }} as s on s.document_id = d.document_id
left join {{ ref('int_document_boilerplate_hits') }} as b on b.document_id = d.document_id
left join {{ ref('int_document_stories') }} as st on st.document_id = d.document_id
{{ where_changed('d.document_id') }}
