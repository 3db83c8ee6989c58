-- The same claim across documents: how many outlets carry it independently, when, and where they disagree.
with members as (
    select
        c.cluster_id, c.claim_id, c.claim_type, c.event_kind, c.quantity_value, c.quantity_unit,
        c.certainty, c.document_id, d.published_at, i.independence_group
    from {{ ref('fct_claims') }} as c
    inner join {{ ref('stg_raw__documents') }} as d on d.document_id = c.document_id
    inner join {{ ref('int_document_independence') }} as i on i.document_id = c.document_id
),
places as (
    select k.cluster_id, count(distinct p.place_id) as n_anchor_places
    from {{ ref('int_claim_clusters') }} as k
    inner join {{ ref('int_claim_places') }} as p on p.claim_id = k.claim_id and p.is_anchor
    group by 1
)
select
    m.cluster_id,
    min(m.claim_type) as claim_type,
    min(m.event_kind) as event_kind,
    min(m.quantity_unit) as quantity_unit,
    count(*)::integer as n_claims,
    count(distinct m.document_id)::integer as n_documents,
    count(distinct m.independence_group)::integer as n_independent_sources,
    min(m.published_at) as first_published,
    max(m.published_at) as last_published,
    coalesce(max(p.n_anchor_places), 0)::integer as n_anchor_places,
    count(distinct m.quantity_value)::integer as n_distinct_values,
    string_agg(distinct m.quantity_value::varchar, ' | ') as quantity_values,
    string_agg(distinct m.certainty, ' | ' order by m.certainty) as certainties,
    count(distinct m.quantity_value) > 1 or bool_or(m.certainty in ('disputed', 'denied')) as has_dispute
from members as m
left join places as p on p.cluster_id = m.cluster_id
group by m.cluster_id
