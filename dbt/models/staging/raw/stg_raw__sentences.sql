with source as (
    select * from {{ source('raw', 'sentences') }}
    {{ where_changed() }}
),

renamed as (
    select
        document_id,
        sentence_index,
        char_start,
        char_end
    from source
)

select * from renamed
