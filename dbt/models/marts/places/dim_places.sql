-- The places the documents mention, with the country and province each lies in, so that
-- analysts can roll mentions up by province and country. Small by construction: it never
-- copies the gazetteer, which the published warehouse does not have attached.
with mentioned as (
    select place_id from {{ ref('int_place_resolutions') }}
    union
    select runner_up_place_id from {{ ref('int_place_resolutions') }} where runner_up_place_id is not null
),

places as (
    select * from {{ ref('stg_gazetteer__places') }}
),

wanted as (
    select place_id from mentioned
    union
    select country.place_id
    from mentioned
    inner join places as p using (place_id)
    inner join places as country on country.feature_code = 'PCLI' and country.country_code = p.country_code
    union
    select province.place_id
    from mentioned
    inner join places as p using (place_id)
    inner join places as province
        on province.feature_code = 'ADM1'
        and province.country_code = p.country_code
        and province.admin1_code = p.admin1_code
)

select
    p.place_id,
    p.geonameid,
    p.name,
    p.feature_code,
    p.country_code,
    p.admin1_name,
    p.admin2_name,
    p.latitude,
    p.longitude,
    p.population
from wanted
inner join places as p using (place_id)
