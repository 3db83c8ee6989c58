-- Where do outlets disagree on a money or percentage figure? Clusters of money or percentage
-- claims (same unit, same thing measured: "defence budget" in USD, "turnout" in %) with every
-- outlet's figure, bound, direction of change and certainty; clusters with more than one value first.
with per_outlet as (
    select
        c.cluster_id,
        s.name as publisher,
        c.quantity_kind,
        c.quantity_unit,
        c.quantity_counted,
        string_agg(distinct c.quantity_bound || ' ' || c.quantity_value::varchar
            || coalesce(' (' || c.quantity_change || ')', ''), '; ') as stated,
        string_agg(distinct c.certainty, ', ') as certainty
    from {{ ref('fct_claims') }} as c
    inner join {{ ref('fct_documents') }} as d on d.document_id = c.document_id
    inner join {{ ref('dim_sources') }} as s on s.source_id = d.source_id
    where c.claim_type = 'quantity' and c.quantity_kind in ('money', 'percent', 'percentage_point')
    group by all
)
select
    k.cluster_id,
    o.quantity_kind as kind,
    o.quantity_unit as unit,
    o.quantity_counted as measured,
    k.n_distinct_values,
    k.has_dispute,
    o.publisher,
    o.stated,
    o.certainty
from {{ ref('fct_claim_clusters') }} as k
inner join per_outlet as o on o.cluster_id = k.cluster_id
where k.n_documents > 1
order by k.n_distinct_values desc, kind, unit, measured, o.publisher
