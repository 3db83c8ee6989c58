-- A null claim_index means the whole document cites the source ("with inputs from AFP").
with source as (
    select * from {{ source('raw', 'cited_sources') }}
    {{ where_changed() }}
),

renamed as (
    select
        document_id,
        case when claim_index is not null then md5(document_id || ':' || claim_index::varchar) end as claim_id,
        trim(surface) as surface,
        cue,
        source_kind,
        {{ claims_alias_key('surface') }} as alias_key
    from source
    where nullif(trim(surface), '') is not null
)

select * from renamed
