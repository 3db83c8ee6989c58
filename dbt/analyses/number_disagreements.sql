-- Where do outlets disagree on a number? Quantity clusters (same thing counted, same outcome or
-- value) with every outlet's value, bound and certainty; clusters with more than one value or
-- more than one bound come first.
with per_outlet as (
    select
        c.cluster_id,
        s.name as publisher,
        c.quantity_unit,
        c.quantity_outcome,
        string_agg(distinct c.quantity_bound || ' ' || c.quantity_value::varchar, '; ') as stated,
        string_agg(distinct c.certainty, ', ') as certainty
    from {{ ref('fct_claims') }} as c
    inner join {{ ref('fct_documents') }} as d on d.document_id = c.document_id
    inner join {{ ref('dim_sources') }} as s on s.source_id = d.source_id
    where c.claim_type = 'quantity' and c.quantity_kind = 'count'
    group by all
)
select
    k.cluster_id,
    o.quantity_unit as counted,
    o.quantity_outcome as outcome,
    k.n_distinct_values,
    k.has_dispute,
    o.publisher,
    o.stated,
    o.certainty
from {{ ref('fct_claim_clusters') }} as k
inner join per_outlet as o on o.cluster_id = k.cluster_id
where k.n_documents > 1
order by k.n_distinct_values desc, counted, o.publisher
