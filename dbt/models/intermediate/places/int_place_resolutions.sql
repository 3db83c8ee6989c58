{{ config(materialized='incremental') }}
-- One place per mention: the candidate with the best score, where
-- score = name similarity + document context (share of the document's place votes in the
-- candidate's country, and in its province) + feature prior (countries and continents first;
-- provinces when the text says "province"/"state"; capitals) + log-population prior (0.1 per
-- decade, 0.25 above 10,000 people: towns over villages stays a light prior, while London,
-- England beats London, Ohio in a US-heavy story).
-- Confidence is the softmax of the winning score among the mention's candidates.
with scored as (
    select
        c.document_id,
        c.mention_index,
        c.place_id,
        c.method,
        p.population,
        c.name_similarity
        + 2.0 * coalesce(country.country_share, 0)
        + 2.0 * coalesce(province.admin1_share, 0)
        + case
            when p.feature_code in ('PCLI', 'CONT') then 0.6
            when p.feature_code = 'ADM1' and m.feature_hint in ('province', 'state', 'region', 'governorate', 'prefecture') then 0.8
            when p.feature_code = 'ADM1' then 0.2
            when p.feature_code = 'PPLC' then 0.3
            when m.feature_hint in ('district', 'city', 'town', 'village', 'area') then 0.2
            else 0
        end
        + 0.1 * log10(1 + p.population) + 0.15 * greatest(log10(1 + p.population) - 4, 0) as score
    from {{ ref('int_place_candidates') }} as c
    inner join {{ ref('stg_raw__place_mentions') }} as m using (document_id, mention_index)
    inner join {{ ref('stg_gazetteer__places') }} as p using (place_id)
    left join (
        select distinct document_id, country_code, country_share from {{ ref('int_place_document_context') }}
    ) as country
        on country.document_id = c.document_id and country.country_code = p.country_code
    left join {{ ref('int_place_document_context') }} as province
        on province.document_id = c.document_id
        and province.country_code = p.country_code
        and province.admin1_code = p.admin1_code
    {{ where_changed('c.document_id') }}
)

select
    document_id,
    mention_index,
    place_id,
    method,
    score,
    exp(score) / sum(exp(score)) over (partition by document_id, mention_index) as confidence
from scored
qualify row_number() over (partition by document_id, mention_index order by score desc, population desc, place_id) = 1
