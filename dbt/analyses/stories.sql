-- Which stories do the outlets carry, and where do they disagree? One row per story (documents of
-- any outlet reporting one event): its label, the outlets carrying it, its independent sources
-- (one per publisher and per group of copied texts), when it was first and last published, and
-- its disputed claims; the most widely carried first.
with outlets as (
    select d.story_id, string_agg(distinct s.name, ', ' order by s.name) as outlets
    from {{ ref('fct_documents') }} as d
    inner join {{ ref('dim_sources') }} as s on s.source_id = d.source_id
    group by 1
),
disputes as (
    select k.story_id,
        string_agg(distinct case
            when k.dispute_kind = 'values' then k.quantity_unit || ': ' || k.quantity_values
            else left(c.claim_text, 120) end, ' | ') as disputed
    from {{ ref('fct_claim_clusters') }} as k
    inner join {{ ref('fct_claims') }} as c on c.cluster_id = k.cluster_id
    where k.has_dispute and (k.dispute_kind = 'values' or c.certainty in ('denied', 'disputed'))
    group by 1
)
select
    st.label as story,
    st.n_documents,
    o.outlets,
    st.n_independent_sources,
    st.first_published,
    st.last_published,
    st.n_disputes,
    d.disputed
from {{ ref('dim_stories') }} as st
inner join outlets as o on o.story_id = st.story_id
left join disputes as d on d.story_id = st.story_id
order by st.n_independent_sources desc, st.n_documents desc, story
