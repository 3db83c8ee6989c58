with source as (
    select * from {{ source('raw', 'pages') }}
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
