{{ config(materialized='incremental') }}
{%- set province_words = "('province', 'state', 'region', 'governorate', 'prefecture', 'county')" %}
{%- set county_words = "('county', 'parish', 'borough')" %}
{%- set town_words = "('district', 'city', 'town', 'village', 'area', 'township')" %}
{%- set settlement_words = "('city', 'town', 'village', 'township')" %}
-- Every candidate place of a mention, with the evidence int_place_resolutions weighs, each a number:
--   name: similarity, and whether the name matched only as a variant spelling (consonant or fuzzy);
--     a variant's population apart, as a big city's variant spelling ("Ranana", an old name of
--     London) is no likelier meant than a small town's;
--   document context: the share of the document's place votes in the candidate's country, its
--     province and its county, and whether it lies in a province or county that another mention
--     of the document names (a state or county named in the story);
--   the publisher's home region: the share of the source's other documents' place votes in the
--     candidate's country and in its province ("London" in the London Free Press is in Ontario);
--   "City, ST": the division or country named after the comma contains the candidate, or the
--     candidate contains the place named before it (on "Ky.");
--   feature class, with the word the text uses ("province", "county", "town"; a dateline is a
--     town), and whether a division shares its name with a town inside it; log population, and
--     whether GeoNames knows no population (0 there means unknown, not empty).
with mentions as (
    select * from {{ ref('stg_raw__place_mentions') }}
    {{ where_changed() }}
),

places as (
    select * from {{ ref('stg_gazetteer__places') }}
),

context as (
    select * from {{ ref('int_place_document_context') }}
),

country_shares as (
    select distinct document_id, country_code, country_share from context
),

province_shares as (
    select distinct document_id, country_code, admin1_code, admin1_share from context
),

-- Each mentioned document's home region: its source's sums less its own shares, over the others.
home_regions as (
    select s.document_id, h.country_code, h.admin1_code,
        (h.share_total - coalesce(own_country.country_share, own_province.admin1_share, 0)) / (h.n_documents - 1) as share
    from {{ ref('int_document_sources') }} as s
    inner join {{ ref('int_source_home_regions') }} as h using (source_id)
    left join country_shares as own_country
        on own_country.document_id = s.document_id
        and own_country.country_code = h.country_code
        and h.admin1_code is null
    left join province_shares as own_province
        on own_province.document_id = s.document_id
        and own_province.country_code = h.country_code
        and own_province.admin1_code = h.admin1_code
    where h.n_documents > 1 and s.document_id in (select document_id from mentions)
),

-- The places a qualifier or qualified name can name: by its gazetteer names, or as the division
-- an abbreviation stands for ("Que." after "Gatineau").
named_places as (
    select n.name_key, p.*
    from {{ ref('stg_gazetteer__place_names') }} as n
    inner join places as p using (place_id)
    where n.name_key in (select qualifier_key from mentions union select qualified_key from mentions)
    union
    select m.name_key, p.*
    from {{ ref('int_place_candidates') }} as a
    inner join mentions as m using (document_id, mention_index)
    inner join places as p using (place_id)
    where a.method = 'abbreviation'
),

candidates as (
    select c.*, m.feature_hint, m.qualifier_key, m.qualified_key,
        p.name as place_name, p.feature_code, p.country_code, p.admin1_code, p.admin2_code, p.population
    from {{ ref('int_place_candidates') }} as c
    inner join mentions as m using (document_id, mention_index)
    inner join places as p using (place_id)
),

-- "City, ST": the place named after the comma contains the candidate, or the candidate contains
-- the place named before it.
qualified as (
    select distinct c.document_id, c.mention_index, c.place_id
    from candidates as c
    inner join named_places as q on q.name_key = c.qualifier_key and {{ place_contains('q', 'c') }}
    union
    select distinct c.document_id, c.mention_index, c.place_id
    from candidates as c
    inner join named_places as p on p.name_key = c.qualified_key and {{ place_contains('c', 'p') }}
),

-- The provinces and counties the document's mentions name exactly. A bare name names a county only
-- when no bigger place bears it: "Washington" is the state or the capital and "Medina" the Saudi
-- city, not the Washington and Medina Counties whose towns they would otherwise place.
named_divisions as (
    select distinct c.document_id, m.name_key, c.feature_code, c.country_code, c.admin1_code, c.admin2_code
    from candidates as c
    inner join mentions as m using (document_id, mention_index)
    where c.method = 'exact' and (c.feature_code = 'ADM1' or (c.feature_code = 'ADM2' and (
        m.feature_hint in {{ county_words }} or not exists (
            select 1 from candidates as bigger
            where bigger.document_id = c.document_id and bigger.mention_index = c.mention_index
                and bigger.method = 'exact' and bigger.feature_code <> 'ADM2'
                and bigger.population > c.population))))
),

within_named as (
    select c.document_id, c.mention_index, c.place_id,
        max(case when d.feature_code = 'ADM1' then 1.0 else 0 end) as in_named_province,
        max(case when d.feature_code = 'ADM2' and d.admin2_code = c.admin2_code then 1.0 else 0 end) as in_named_county
    from candidates as c
    inner join mentions as m using (document_id, mention_index)
    inner join named_divisions as d
        on d.document_id = c.document_id
        and d.name_key <> m.name_key
        and d.country_code = c.country_code
        and d.admin1_code = c.admin1_code
    where c.method in ('exact', 'consonant')
        and (c.feature_code like 'PPL%' or (c.feature_code = 'ADM2' and c.feature_hint in {{ county_words }}))
    group by c.document_id, c.mention_index, c.place_id
),

-- Divisions named like a town inside them, the same name matching both ("Kabul" province and
-- city, "New York" state and city, "Paris" département and city): a bare name is usually the town.
divisions_named_like_their_town as (
    select distinct d.document_id, d.mention_index, d.place_id
    from candidates as d
    inner join candidates as t
        on t.document_id = d.document_id
        and t.mention_index = d.mention_index
        and t.feature_code like 'PPL%'
        and t.method = 'exact'
        and {{ place_contains('d', 't') }}
    where d.feature_code in ('ADM1', 'ADM2') and d.method = 'exact'
),

features as (
    select
        c.document_id,
        c.mention_index,
        c.place_id,
        c.method,
        c.population,
        c.name_similarity,
        case when c.method in ('consonant', 'fuzzy') then 1.0 else 0 end as is_variant,
        coalesce(country.country_share, 0) as country_share,
        coalesce(province.admin1_share, 0) as province_share,
        coalesce(county.admin2_share, 0) as county_share,
        coalesce(home_country.share, 0) as home_country_share,
        coalesce(home_province.share, 0) as home_province_share,
        coalesce(w.in_named_province, 0) as in_named_province,
        coalesce(w.in_named_county, 0) as in_named_county,
        case when q.place_id is not null then 1.0 else 0 end as is_qualified,
        case when c.feature_code in ('PCLI', 'CONT', 'RGN') then 1.0 else 0 end as is_area,
        case when c.feature_code = 'ADM1' and c.feature_hint in {{ province_words }} then 1.0 else 0 end as is_named_province,
        case when c.feature_code = 'ADM1' and (c.feature_hint is null or c.feature_hint not in {{ province_words }}) then 1.0 else 0 end as is_province,
        case when c.feature_code = 'ADM2' and c.feature_hint in {{ county_words }} then 1.0 else 0 end as is_named_county,
        -- "Metcalfe" alone is the town: a county whose name says so ("Metcalfe County") is meant
        -- bare only where its name is bare too ("Cornwall", "Kent", "Bulacan").
        case when c.feature_code = 'ADM2' and (c.feature_hint is null or c.feature_hint not in {{ county_words }})
            and split_part(lower(c.place_name), ' ', -1) in {{ county_words }} then 1.0 else 0 end as is_county,
        case when c.feature_code in ('ADM1', 'ADM2') and c.feature_hint in {{ settlement_words }} then 1.0 else 0 end
            as is_division_called_a_town,
        case when c.feature_code = 'PPLC' then 1.0 else 0 end as is_capital,
        case when t.place_id is not null then 1.0 else 0 end as is_division_named_like_its_town,
        case when c.feature_code not in ('PCLI', 'CONT', 'RGN', 'ADM1', 'ADM2', 'PPLC')
            and c.feature_hint in {{ town_words }} then 1.0 else 0 end as is_named_town,
        case when coalesce(c.population, 0) = 0 then 1.0 else 0 end as is_population_unknown,
        log10(1 + coalesce(c.population, 0)) as log_population,
        greatest(log10(1 + coalesce(c.population, 0)) - 4, 0) as log_population_above_10k,
        case when c.method in ('consonant', 'fuzzy') then log10(1 + coalesce(c.population, 0)) else 0 end as variant_log_population
    from candidates as c
    left join country_shares as country
        on country.document_id = c.document_id and country.country_code = c.country_code
    left join province_shares as province
        on province.document_id = c.document_id
        and province.country_code = c.country_code
        and province.admin1_code = c.admin1_code
    left join context as county
        on county.document_id = c.document_id
        and county.country_code = c.country_code
        and county.admin1_code = c.admin1_code
        and county.admin2_code = c.admin2_code
    left join home_regions as home_country
        on home_country.document_id = c.document_id
        and home_country.country_code = c.country_code
        and home_country.admin1_code is null
    left join home_regions as home_province
        on home_province.document_id = c.document_id
        and home_province.country_code = c.country_code
        and home_province.admin1_code = c.admin1_code
    left join qualified as q
        on q.document_id = c.document_id and q.mention_index = c.mention_index and q.place_id = c.place_id
    left join within_named as w
        on w.document_id = c.document_id and w.mention_index = c.mention_index and w.place_id = c.place_id
    left join divisions_named_like_their_town as t
        on t.document_id = c.document_id and t.mention_index = c.mention_index and t.place_id = c.place_id
)

select * from features
