{{ config(materialized='incremental') }}
-- One place per mention: the candidate with the best score, where
-- score = name similarity
--   + document context (share of the document's place votes in the candidate's country, its
--     province and its county) + 0.5 for lying in a province, and 0.5 in a county, that a mention
--     of another name in the document names (a town, or a county the text calls one, matched exactly
--     or as a transliteration variant): a state or county named in the story weighs heavily
--   + the publisher's home region: the share of the source's other documents' place votes in the
--     candidate's country and in its province ("London" in the London Free Press is in Ontario)
--   + "City, ST": 3.0 when the division or country named after the comma contains the candidate
--     (on the city) or the candidate contains the place named before it (on "Ky.") - decisive
--   + feature prior (countries, continents and regions first; divisions when the text says
--     "province"/"state"/"county"; otherwise the most specific feature: a bare name is a town
--     before a county; capitals)
--   + log-population prior (0.1 per decade, 0.25 above 10,000 people: towns over villages stays
--     a light prior, while London, England beats London, Ohio in a US-heavy story).
-- Confidence is the softmax of the winning score among the mention's candidates; the runner-up
-- (second-best candidate) and its confidence are kept, so an ambiguous mention shows how close it was.
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

named_places as (
    select n.name_key, p.*
    from {{ ref('stg_gazetteer__place_names') }} as n
    inner join places as p using (place_id)
    where n.name_key in (select qualifier_key from mentions union select qualified_key from mentions)
),

candidates as (
    select c.*, m.feature_hint, m.qualifier_key, m.qualified_key,
        p.feature_code, p.country_code, p.admin1_code, p.admin2_code, p.population
    from {{ ref('int_place_candidates') }} as c
    inner join mentions as m using (document_id, mention_index)
    inner join places as p using (place_id)
),

-- q contains p: the same country, and the same province (and county) when q is one.
qualified as (
    select distinct c.document_id, c.mention_index, c.place_id
    from candidates as c
    inner join named_places as q
        on q.name_key = c.qualifier_key
        and q.feature_code in ('PCLI', 'ADM1', 'ADM2')
        and q.country_code = c.country_code
        and (q.feature_code = 'PCLI' or q.admin1_code = c.admin1_code)
        and (q.feature_code <> 'ADM2' or q.admin2_code = c.admin2_code)
        and q.place_id <> c.place_id
    union
    select distinct c.document_id, c.mention_index, c.place_id
    from candidates as c
    inner join named_places as p
        on p.name_key = c.qualified_key
        and c.feature_code in ('PCLI', 'ADM1', 'ADM2')
        and p.country_code = c.country_code
        and (c.feature_code = 'PCLI' or p.admin1_code = c.admin1_code)
        and (c.feature_code <> 'ADM2' or p.admin2_code = c.admin2_code)
        and p.place_id <> c.place_id
),

-- The provinces and counties the document's mentions name exactly.
named_divisions as (
    select distinct c.document_id, m.name_key, c.feature_code, c.country_code, c.admin1_code, c.admin2_code
    from candidates as c
    inner join mentions as m using (document_id, mention_index)
    where c.feature_code in ('ADM1', 'ADM2') and c.method = 'exact'
),

within_named as (
    select c.document_id, c.mention_index, c.place_id,
        max(case when d.feature_code = 'ADM1' then 0.5 else 0 end)
        + max(case when d.feature_code = 'ADM2' and d.admin2_code = c.admin2_code then 0.5 else 0 end) as bonus
    from candidates as c
    inner join mentions as m using (document_id, mention_index)
    inner join named_divisions as d
        on d.document_id = c.document_id
        and d.name_key <> m.name_key
        and d.country_code = c.country_code
        and d.admin1_code = c.admin1_code
    where c.method in ('exact', 'consonant')
        and (c.feature_code like 'PPL%' or (c.feature_code = 'ADM2' and c.feature_hint in ('county', 'parish', 'borough')))
    group by c.document_id, c.mention_index, c.place_id
),

scored as (
    select
        c.document_id,
        c.mention_index,
        c.place_id,
        c.method,
        c.population,
        c.name_similarity
        + 2.0 * coalesce(country.country_share, 0)
        + 2.0 * coalesce(province.admin1_share, 0)
        + 2.0 * coalesce(county.admin2_share, 0)
        + 0.5 * coalesce(home_country.share, 0)
        + 2.0 * coalesce(home_province.share, 0)
        + coalesce(w.bonus, 0)
        + case when q.place_id is not null then 3.0 else 0 end
        + case
            when c.feature_code in ('PCLI', 'CONT', 'RGN') then 1.2
            when c.feature_code = 'ADM1' and c.feature_hint in ('province', 'state', 'region', 'governorate', 'prefecture', 'county') then 0.8
            when c.feature_code = 'ADM1' then 0.2
            when c.feature_code = 'ADM2' and c.feature_hint in ('county', 'parish', 'borough') then 1.2
            when c.feature_code = 'ADM2' then -1.0
            when c.feature_code = 'PPLC' then 0.3
            when c.feature_hint in ('district', 'city', 'town', 'village', 'area', 'township') then 0.2
            else 0
        end
        + 0.1 * log10(1 + c.population) + 0.15 * greatest(log10(1 + c.population) - 4, 0) as score
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
),

ranked as (
    select *,
        {{ fixed_point('exp(score)') }}::double
            / (sum({{ fixed_point('exp(score)') }}) over (partition by document_id, mention_index))::double as confidence,
        row_number() over (partition by document_id, mention_index order by score desc, population desc, place_id) as rank
    from scored
)

select
    best.document_id,
    best.mention_index,
    best.place_id,
    best.method,
    best.score,
    best.confidence,
    runner_up.place_id as runner_up_place_id,
    runner_up.confidence as runner_up_confidence
from ranked as best
left join ranked as runner_up
    on runner_up.document_id = best.document_id
    and runner_up.mention_index = best.mention_index
    and runner_up.rank = 2
where best.rank = 1
