-- How many independent outlets report that a place changed hands? Per specific place, the
-- control-change clusters about it, the outlets carrying them, and whether any claim disputes it.
select
    p.name as place,
    p.admin1_name as province,
    k.cluster_id,
    k.n_documents,
    k.n_independent_sources,
    string_agg(distinct s.name, ', ' order by s.name) as publishers,
    k.certainties,
    k.has_dispute
from {{ ref('fct_claim_clusters') }} as k
inner join {{ ref('fct_claims') }} as c on c.cluster_id = k.cluster_id
inner join {{ ref('bridge_claim_places') }} as b on b.claim_id = c.claim_id and b.is_anchor
inner join {{ ref('dim_places') }} as p on p.place_id = b.place_id
inner join {{ ref('fct_documents') }} as d on d.document_id = c.document_id
inner join {{ ref('dim_sources') }} as s on s.source_id = d.source_id
where k.claim_type = 'event' and k.event_kind = 'control_change'
group by all
order by k.n_independent_sources desc, place
