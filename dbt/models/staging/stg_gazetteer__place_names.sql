{{ config(materialized='ephemeral') }}
-- Ephemeral: the published warehouse has no gazetteer attached, so no view may point at it.
select
    place_id,
    name,
    is_code,
    {{ place_name_key('name') }} as name_key,
    {{ place_consonant_key('name') }} as consonant_key
from {{ source('gazetteer', 'place_names') }}
