-- Connected components of the claim graph; a claim with no match is a cluster of its own.
with nodes as (
    select claim_id as node from {{ ref('stg_raw__claims') }}
),
edges as (
    select claim_a as src, claim_b as dst from {{ ref('int_claim_cluster_edges') }}
)
select node as claim_id, substr(md5(label), 1, 16) as cluster_id
from {{ connected_components('nodes', 'edges') }}
