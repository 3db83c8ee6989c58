-- Claims in different documents that state the same thing, compared by what they are about, not
-- their wording ("recaptured" / "liberated" / "reclaimed", "Deh Salah" / "Deh-e-Salah"): events of
-- one kind sharing an anchor place; counts of one unit with the same outcome (so differing values
-- show as a conflict) or the same value; money, percentages and measures of one unit about the
-- same thing ("defence budget" in USD); statements by one speaker sharing an anchor place.
-- Each such match is a block (kind + place, unit + outcome, ...); a block holding claims of two or
-- more documents links each of its claims to its smallest claim. That gives the connected
-- components of every matching pair, with links that grow with the claims, not their square.
with claims as (
    select c.claim_id, c.document_id, c.claim_type, c.event_kind, q.quantity_kind, q.unit, q.outcome, q.value,
        q.counted_key,
        s.actor_id as speaker_actor_id
    from {{ ref('stg_raw__claims') }} as c
    left join {{ ref('stg_raw__claim_quantities') }} as q on q.claim_id = c.claim_id
    left join {{ ref('int_actor_mentions') }} as s on s.claim_id = c.claim_id and s.mention_role = 'speaker'
),
anchors as (
    select claim_id, place_id from {{ ref('int_claim_places') }} where is_anchor
),
blocks as (
    select 'event|' || c.event_kind || '|' || a.place_id as block, c.claim_id, c.document_id
    from claims as c inner join anchors as a on a.claim_id = c.claim_id
    where c.claim_type = 'event' and c.event_kind is not null
    union
    select 'statement|' || c.speaker_actor_id || '|' || a.place_id, c.claim_id, c.document_id
    from claims as c inner join anchors as a on a.claim_id = c.claim_id
    where c.claim_type = 'statement' and c.speaker_actor_id is not null
    union
    select 'count|' || unit || '|outcome|' || outcome, claim_id, document_id
    from claims
    where claim_type = 'quantity' and quantity_kind = 'count' and unit is not null and outcome is not null
    union
    select 'count|' || unit || '|value|' || value::varchar, claim_id, document_id
    from claims
    where claim_type = 'quantity' and quantity_kind = 'count' and unit is not null and value is not null
    union
    select 'quantity|' || quantity_kind || '|' || unit || '|' || counted_key, claim_id, document_id
    from claims
    where claim_type = 'quantity' and quantity_kind <> 'count' and unit is not null and counted_key is not null
),
shared_blocks as (
    select block, min(claim_id) as first_claim
    from blocks
    group by block
    having count(distinct document_id) > 1
),
links as (
    select b.claim_id as claim_a, s.first_claim as claim_b
    from blocks as b inner join shared_blocks as s on s.block = b.block
    where b.claim_id <> s.first_claim
)
select claim_a, claim_b from links
union
select claim_b, claim_a from links
