-- Connected components of the claim graph; a claim with no match is a cluster of its own.
with recursive reach(claim_id, reached) as (
    select claim_id, claim_id from {{ ref('stg_raw__claims') }}
    union
    select r.claim_id, e.claim_b
    from reach as r inner join {{ ref('int_claim_cluster_edges') }} as e on e.claim_a = r.reached
)
select claim_id, substr(md5(min(reached)), 1, 16) as cluster_id
from reach
group by 1
