{{ config(materialized='incremental') }}
-- Where a document is about: each distinct place name in it (and each demonym) votes for the
-- countries, provinces and (US) counties of the places it exactly names, its vote split evenly
-- among them at each level, so an ambiguous name ("Banu": Afghanistan or Pakistan) counts little
-- and a clear one ("Afghanistan", "Baghlan", "Metcalfe County") counts fully. Shares are of the
-- document's total votes. One row per county voted for (admin2_code null for places outside one).
with candidates as (
    select
        c.document_id,
        coalesce(m.name_key, 'country ' || m.named_country_code) as voter,
        p.country_code,
        p.admin1_code,
        p.admin2_code
    from {{ ref('int_place_candidates') }} as c
    inner join {{ ref('stg_raw__place_mentions') }} as m using (document_id, mention_index)
    inner join {{ ref('stg_gazetteer__places') }} as p using (place_id)
    where c.method in ('exact', 'named_country') and p.country_code is not null
        {% if is_incremental() %}and c.document_id in ({{ changed_documents() }}){% endif %}
),

voters as (
    select document_id, count(distinct voter) as voters from candidates group by document_id
),

country_votes as (
    select document_id, country_code, sum({{ fixed_point('weight') }})::double as votes
    from (
        select *, 1.0 / count(*) over (partition by document_id, voter) as weight
        from (select distinct document_id, voter, country_code from candidates)
    )
    group by document_id, country_code
),

admin1_votes as (
    select document_id, country_code, admin1_code, sum({{ fixed_point('weight') }})::double as votes
    from (
        select *, 1.0 / count(*) over (partition by document_id, voter) as weight
        from (select distinct document_id, voter, country_code, admin1_code from candidates)
    )
    group by document_id, country_code, admin1_code
),

admin2_votes as (
    select document_id, country_code, admin1_code, admin2_code, sum({{ fixed_point('weight') }})::double as votes
    from (
        select *, 1.0 / count(*) over (partition by document_id, voter) as weight
        from (select distinct document_id, voter, country_code, admin1_code, admin2_code from candidates)
    )
    group by document_id, country_code, admin1_code, admin2_code
)

select
    a2.document_id,
    a2.country_code,
    a2.admin1_code,
    a2.admin2_code,
    case when a2.admin2_code is not null then a2.votes / v.voters end as admin2_share,
    a1.votes / v.voters as admin1_share,
    c.votes / v.voters as country_share
from admin2_votes as a2
inner join voters as v using (document_id)
inner join admin1_votes as a1
    on a1.document_id = a2.document_id
    and a1.country_code = a2.country_code
    and a1.admin1_code is not distinct from a2.admin1_code
inner join country_votes as c
    on c.document_id = a2.document_id
    and c.country_code = a2.country_code
