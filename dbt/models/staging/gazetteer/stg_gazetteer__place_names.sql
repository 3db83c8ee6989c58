{{ config(materialized='ephemeral') }}
-- Ephemeral: the published warehouse has no gazetteer attached, so no view may point at it.
with source as (
    select * from {{ source('gazetteer', 'place_names') }}
),

renamed as (
    select
        place_id,
        name,
        is_code,
        name_key,
        consonant_key
    from source
)

select * from renamed
