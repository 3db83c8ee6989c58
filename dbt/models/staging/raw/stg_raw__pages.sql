{{ config(document_key='page_id') }}
with source as (
    select * from {{ source('raw', 'pages') }}
    {{ where_changed('page_id') }}
),

renamed as (
    select
        page_id,
        landing_path,
        url,
        fetched_at,
        format,
        size_bytes,
        first_run_id
    from source
)

select * from renamed
