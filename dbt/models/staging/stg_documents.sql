-- One row per extracted document, joined to the page it came from.
select
    d.document_id,
    p.landing_path,
    p.url,
    nullif(trim(d.title), '') as title,
    nullif(trim(d.publisher), '') as publisher,
    nullif(trim(d.author), '') as author,
    d.published_at,
    d.language,
    d.body_text,
    p.format,
    p.fetched_at
from {{ source('raw', 'documents') }} as d
inner join {{ ref('stg_raw__pages') }} as p on p.page_id = d.document_id
