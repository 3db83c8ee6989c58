{{ config(materialized='incremental') }}
-- Where a document is about: each distinct place name in it (and each demonym) votes for the
-- countries and provinces of the places it exactly names, its vote split evenly among them,
-- so an ambiguous name ("Banu": Afghanistan or Pakistan) counts little and a clear one
-- ("Afghanistan", "Baghlan") counts fully. Shares are of the document's total votes.
with votes as (
    select distinct
        c.document_id,
        coalesce(m.name_key, 'country ' || m.named_country_code) as voter,
        p.country_code,
        p.admin1_code
    from {{ ref('int_place_candidates') }} as c
    inner join {{ ref('stg_raw__place_mentions') }} as m using (document_id, mention_index)
    inner join {{ ref('stg_gazetteer__places') }} as p using (place_id)
    where c.method in ('exact', 'named_country') and p.country_code is not null
        {% if is_incremental() %}and c.document_id in ({{ changed_documents() }}){% endif %}
),

weighted as (
    select *,
        1.0 / count(*) over (partition by document_id, voter) as weight,
        count(distinct voter) over (partition by document_id) as voters
    from votes
)

select
    document_id,
    country_code,
    admin1_code,
    sum(weight) / any_value(voters) as admin1_share,
    sum(sum(weight)) over (partition by document_id, country_code) / any_value(voters) as country_share
from weighted
group by document_id, country_code, admin1_code
