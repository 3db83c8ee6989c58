with source as (
    select * from {{ source('raw', 'sentences') }}
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
