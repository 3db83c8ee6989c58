with source as (
    select * from {{ source('raw', 'removed_blocks') }}
    {{ where_changed() }}
),

renamed as (
    select
        document_id,
        block_index,
        kind,
        text
    from source
)

select * from renamed
