-- Pairs of claims in different documents that state the same thing, compared by what they are
-- about, not their wording ("recaptured" / "liberated" / "reclaimed", "Deh Salah" / "Deh-e-Salah"):
-- events of one kind sharing an anchor place; counts of one unit with the same outcome (so
-- differing values show as a conflict) or the same value; money, percentages and measures of one
-- unit about the same thing ("defence budget" in USD);
-- statements by one speaker sharing an anchor place.
with claims as (
    select c.claim_id, c.document_id, c.claim_type, c.event_kind, q.quantity_kind, q.unit, q.outcome, q.value,
        q.counted_key,
        s.actor_id as speaker_actor_id
    from {{ ref('stg_raw__claims') }} as c
    left join {{ ref('stg_raw__claim_quantities') }} as q on q.claim_id = c.claim_id
    left join {{ ref('int_actor_mentions') }} as s on s.claim_id = c.claim_id and s.mention_role = 'speaker'
),
shared_anchor as (
    select distinct a.claim_id as claim_a, b.claim_id as claim_b
    from {{ ref('int_claim_places') }} as a
    inner join {{ ref('int_claim_places') }} as b
        on a.place_id = b.place_id and a.document_id <> b.document_id and a.is_anchor
)
select distinct a.claim_id as claim_a, b.claim_id as claim_b
from claims as a
inner join claims as b
    on a.claim_type = b.claim_type and a.document_id <> b.document_id and a.claim_id <> b.claim_id
left join shared_anchor as sa on sa.claim_a = a.claim_id and sa.claim_b = b.claim_id
where (a.claim_type = 'event' and a.event_kind = b.event_kind and sa.claim_a is not null)
   or (a.claim_type = 'quantity' and a.quantity_kind = 'count' and b.quantity_kind = 'count' and a.unit = b.unit
       and (a.outcome = b.outcome or a.value = b.value))
   or (a.claim_type = 'quantity' and a.quantity_kind <> 'count' and a.quantity_kind = b.quantity_kind
       and a.unit = b.unit and a.counted_key = b.counted_key)
   or (a.claim_type = 'statement' and a.speaker_actor_id = b.speaker_actor_id and sa.claim_a is not null)
