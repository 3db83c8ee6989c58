{{ config(materialized='ephemeral') }}
-- Ephemeral: the published warehouse has no gazetteer attached, so no view may point at it.
with source as (
    select * from {{ source('gazetteer', 'places') }}
),

renamed as (
    select
        place_id,
        geonameid,
        name,
        feature_code,
        country_code,
        admin1_code,
        admin1_name,
        admin2_code,
        admin2_name,
        latitude,
        longitude,
        coalesce(population, 0) as population
    from source
)

select * from renamed
