with source as (
    select * from {{ source('raw', 'claim_quantities') }}
    {{ where_changed() }}
),

renamed as (
    select
        md5(document_id || ':' || claim_index::varchar) as claim_id,
        document_id,
        value,
        value_low,
        value_high,
        bound,
        quantity_kind,
        unit,
        change,
        counted,
        counted_key,
        outcome,
        surface
    from source
)

select * from renamed
