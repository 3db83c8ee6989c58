-- One row per extracted document (document_id is the page_id of the page it came from;
-- the page's landing_path and url are joined from stg_raw__pages where needed).
with source as (
    select * from {{ source('raw', 'documents') }}
    {{ where_changed() }}
),

renamed as (
    select
        document_id,
        nullif(trim(title), '') as title,
        nullif(trim(publisher), '') as publisher,
        nullif(trim(author), '') as author,
        published_at,
        language,
        body_text,
        boilerplate_markers
    from source
)

select * from renamed
