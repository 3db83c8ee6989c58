-- The same claim across documents of one story: how many outlets carry it independently, when, and
-- where they disagree. A dispute is real disagreement, not variety:
-- - values: the claims count or measure the same thing (int_claim_cluster_edges) and their ranges
--   cannot all hold at once; "about 60" (taken as 60 +/- 20 %) or "more than 50" does not
--   contradict an exact 60, and 13-inch against 15-inch never share a cluster. Documents
--   disagree, not a document with itself: when one document gives values that cannot all hold
--   (seven rebounds and 11 rebounds, of two players), what is counted names several things, and
--   the cluster's values are no dispute. Only figures an outlet attributes (reported, claimed,
--   unconfirmed) are weighed: figures in an outlet's own voice are mostly background that names
--   many things with one noun (a player's points, a mother's 12 children, an earlier quake's dead);
-- - denial: a claim of the cluster is denied or disputed while another asserts it ("differing
--   reports contended that Deh-e-Salah had not been captured"); a denial that outlets merely
--   repeat, with nobody asserting the claim, is one claim with several sources, not a dispute.
with members as (
    select
        c.cluster_id, c.claim_id, c.claim_type, c.event_kind, c.quantity_value, c.quantity_unit,
        c.certainty, c.document_id, d.published_at, i.independence_group, s.story_id,
        case when c.quantity_bound in ('approximate', 'vague') then c.quantity_low * 0.8 else c.quantity_low end as low,
        case when c.quantity_bound in ('approximate', 'vague') then c.quantity_high * 1.2 else c.quantity_high end as high,
        -- a hypothetical figure ("if there was just one cable down") is nobody's claim
        c.certainty <> 'asserted' and c.modality is distinct from 'hypothetical' as is_attributed,
        c.certainty in ('denied', 'disputed') as is_denial
    from {{ ref('fct_claims') }} as c
    inner join {{ ref('stg_raw__documents') }} as d on d.document_id = c.document_id
    inner join {{ ref('int_document_independence') }} as i on i.document_id = c.document_id
    inner join {{ ref('int_document_stories') }} as s on s.document_id = c.document_id
),
-- One document giving values for the cluster's thing that cannot all hold, in its own voice or
-- not: several things counted.
ambiguous as (
    select cluster_id
    from members
    group by cluster_id, document_id
    having max(low) > min(coalesce(high, 'infinity'::double))
),
places as (
    select k.cluster_id, count(distinct p.place_id) as n_anchor_places
    from {{ ref('int_claim_clusters') }} as k
    inner join {{ ref('int_claim_places') }} as p on p.claim_id = k.claim_id and p.is_anchor
    group by 1
),
clusters as (
    select
        m.cluster_id,
        min(m.story_id) as story_id,
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
        -- sorted as numbers, so the mart reads the same on every run
        nullif(array_to_string(list_sort(list(distinct m.quantity_value)), ' | '), '') as quantity_values,
        string_agg(distinct m.certainty, ' | ' order by m.certainty) as certainties,
        coalesce(max(m.low) filter (where m.is_attributed)
            > min(coalesce(m.high, 'infinity'::double)) filter (where m.is_attributed), false)
            and m.cluster_id not in (select cluster_id from ambiguous) as values_conflict,
        bool_or(m.is_denial and m.claim_type <> 'statement') and bool_or(not m.is_denial) as is_denied
    from members as m
    left join places as p on p.cluster_id = m.cluster_id
    group by m.cluster_id
)
select
    cluster_id, story_id, claim_type, event_kind, quantity_unit, n_claims, n_documents,
    n_independent_sources, first_published, last_published, n_anchor_places, n_distinct_values,
    quantity_values, certainties,
    values_conflict or is_denied as has_dispute,
    case when values_conflict then 'values' when is_denied then 'denial' end as dispute_kind
from clusters
