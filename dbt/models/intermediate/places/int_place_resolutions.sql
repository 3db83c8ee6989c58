{{ config(materialized='incremental') }}
-- One place per mention: the candidate with the best score, where score is the weighted sum of its
-- evidence (int_place_candidate_features) with the weights of seed place_resolution_weights
-- (hand-set ratios, scaled by bench/train_resolution_model.py as a conditional logit over each
-- mention's candidates). Confidence is the softmax of the winning score among the mention's
-- candidates, the probability that model gives it; the runner-up (second-best candidate) and its
-- confidence are kept, so an ambiguous mention shows how close it was. A town that "City, ST"
-- places where the gazetteer has no such town takes the division the text names (method
-- 'qualifier').
{%- set evidence = [
    'name_similarity', 'is_variant',
    'country_share', 'province_share', 'county_share', 'in_named_province', 'in_named_county',
    'home_country_share', 'home_province_share', 'is_qualified',
    'is_area', 'is_named_province', 'is_province', 'is_named_county', 'is_county', 'is_division_called_a_town',
    'is_capital',
    'is_division_named_like_its_town', 'is_named_town',
    'is_population_unknown', 'log_population', 'log_population_above_10k', 'variant_log_population',
] %}
with features as (
    select * from {{ ref('int_place_candidate_features') }}
    {{ where_changed() }}
),

weights as (
    pivot {{ ref('place_resolution_weights') }} on evidence using first(weight)
),

scored as (
    select f.document_id, f.mention_index, f.place_id, f.method, f.population,
        {% for name in evidence %}w.{{ name }} * f.{{ name }}{{ ' + ' if not loop.last }}{% endfor %} as score
    from features as f
    cross join weights as w
),

-- The softmax is taken relative to the mention's best score, so that exp() stays within fixed point.
relative as (
    select *, score - max(score) over (partition by document_id, mention_index) as relative_score
    from scored
),

ranked as (
    select *,
        {{ fixed_point('exp(relative_score)') }}::double
            / (sum({{ fixed_point('exp(relative_score)') }}) over (partition by document_id, mention_index))::double
            as confidence,
        row_number() over (partition by document_id, mention_index order by score desc, population desc, place_id) as rank
    from relative
),

best as (
    select * from ranked where rank = 1
),

mentions as (
    select * from {{ ref('stg_raw__place_mentions') }}
    {{ where_changed() }}
),

places as (
    select * from {{ ref('stg_gazetteer__places') }}
),

-- "Holliday, Mo." when the gazetteer holds no Holliday in Missouri: the town resolves to the
-- division (or country) the text places it in, the most specific place the text supports, rather
-- than to a small namesake elsewhere (a city of 100,000 or more stays); that namesake stays as the
-- runner-up.
placed_by_qualifier as (
    select town.document_id, town.mention_index, division.place_id, division.confidence
    from mentions as town
    inner join mentions as qualifier
        on qualifier.document_id = town.document_id
        and qualifier.mention_index = town.mention_index + 1
        and qualifier.name_key = town.qualifier_key
        and qualifier.qualified_key = town.name_key
    inner join best as division
        on division.document_id = qualifier.document_id and division.mention_index = qualifier.mention_index
    inner join places as d on d.place_id = division.place_id and d.feature_code in ('PCLI', 'ADM1', 'ADM2')
    inner join best as namesake
        on namesake.document_id = town.document_id and namesake.mention_index = town.mention_index
    inner join places as p on p.place_id = namesake.place_id
    where p.feature_code = 'PPL' and coalesce(p.population, 0) < 100000
        and not coalesce({{ place_contains('d', 'p') }}, false)
)

select
    best.document_id,
    best.mention_index,
    coalesce(q.place_id, best.place_id) as place_id,
    case when q.place_id is not null then 'qualifier' else best.method end as method,
    best.score,
    coalesce(q.confidence, best.confidence) as confidence,
    case when q.place_id is not null then best.place_id else runner_up.place_id end as runner_up_place_id,
    case when q.place_id is not null then best.confidence else runner_up.confidence end as runner_up_confidence
from best
left join ranked as runner_up
    on runner_up.document_id = best.document_id
    and runner_up.mention_index = best.mention_index
    and runner_up.rank = 2
left join placed_by_qualifier as q
    on q.document_id = best.document_id and q.mention_index = best.mention_index
