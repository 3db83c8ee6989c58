-- Which claims rest on one source only? Event and quantity claims whose cluster is carried by a
-- single independent source (one publisher, or copies of one wire story), with who they cite.
select
    c.claim_type,
    coalesce(c.event_kind, c.quantity_unit) as about,
    c.quantity_value,
    c.certainty,
    c.modality,
    s.name as publisher,
    coalesce(cs.name, a.canonical_name, c.speaker_title) as attributed_to,
    left(c.claim_text, 120) as claim_text
from {{ ref('fct_claims') }} as c
inner join {{ ref('fct_claim_clusters') }} as k on k.cluster_id = c.cluster_id
inner join {{ ref('fct_documents') }} as d on d.document_id = c.document_id
inner join {{ ref('dim_sources') }} as s on s.source_id = d.source_id
left join {{ ref('dim_sources') }} as cs on cs.source_id = c.cited_source_id
left join {{ ref('dim_actors') }} as a on a.actor_id = c.speaker_actor_id
where k.n_independent_sources = 1
  and c.claim_type in ('event', 'quantity')
order by c.claim_type, about, publisher
