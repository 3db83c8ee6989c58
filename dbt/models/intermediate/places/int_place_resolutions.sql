{{ config(materialized='incremental') }}
-- One place per mention: the candidate with the best score, where score is the weighted sum of its
-- evidence (int_place_candidate_features) with the weights of seed place_resolution_weights,
-- learned by bench/train_resolution_model.py as a conditional logit over each mention's candidates.
-- Confidence is the softmax of the winning score among the mention's candidates, the probability
-- that model gives it; the runner-up (second-best candidate) and its confidence are kept, so an
-- ambiguous mention shows how close it was.
{%- set evidence = [
    'name_similarity', 'is_variant',
    'country_share', 'province_share', 'county_share', 'in_named_province', 'in_named_county',
    'home_country_share', 'home_province_share', 'is_qualified',
    'is_area', 'is_named_province', 'is_province', 'is_named_county', 'is_county', 'is_capital',
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
