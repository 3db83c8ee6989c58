-- Where do outlets disagree? Every disputed claim cluster with its story and each outlet's side:
-- different figures for the same counted thing that cannot all hold (dispute_kind values), or a
-- claim one outlet asserts and another denies or disputes (denial).
select
    st.label as story,
    k.cluster_id,
    k.dispute_kind,
    coalesce(k.event_kind, k.quantity_unit, k.claim_type) as about,
    s.name as publisher,
    string_agg(distinct coalesce(c.quantity_bound || ' ' || c.quantity_value::varchar || ' ', '') || c.certainty, '; ') as stated,
    -- The outlet's denial when it denies, else its first claim of the cluster.
    first(left(c.claim_text, 120) order by c.certainty in ('denied', 'disputed') desc, c.claim_text) as example
from {{ ref('fct_claim_clusters') }} as k
inner join {{ ref('dim_stories') }} as st on st.story_id = k.story_id
inner join {{ ref('fct_claims') }} as c on c.cluster_id = k.cluster_id
inner join {{ ref('fct_documents') }} as d on d.document_id = c.document_id
inner join {{ ref('dim_sources') }} as s on s.source_id = d.source_id
where k.has_dispute
group by all
order by story, k.cluster_id, stated like '%denied%' or stated like '%disputed%', publisher
