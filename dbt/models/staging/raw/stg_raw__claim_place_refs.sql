with source as (
    select * from {{ source('raw', 'claim_place_refs') }}
    {{ where_changed() }}
),

renamed as (
    select distinct
        md5(document_id || ':' || claim_index::varchar) as claim_id,
        document_id,
        mention_index
    from source
)

select * from renamed
