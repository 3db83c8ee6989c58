with source as (
    select * from {{ source('raw', 'claim_actor_mentions') }}
    {{ where_changed() }}
),

renamed as (
    select
        md5(document_id || ':' || claim_index::varchar) as claim_id,
        document_id,
        mention_role,
        nullif(trim(name), '') as name,
        nullif(trim(title), '') as title,
        phrase,
        entity_label,
        nullif(name_key, '') as name_key,
        char_start
    from source
)

select * from renamed
