-- Claims in different documents of one story (int_document_stories) that state the same thing,
-- compared by what they are about, not their wording ("recaptured" / "liberated" / "reclaimed",
-- "Deh Salah" / "Deh-e-Salah"): events of one kind at one anchor place; quantities counting the
-- same thing (counted_key, unit and outcome: "Taliban fighters killed"), so differing values show as
-- a dispute; statements by one speaker at one anchor place; any claim repeated word for word (a
-- quantity with its own words: one sentence holds several). Never a number and a unit alone: "two
-- games" in two unrelated stories, or "150 nautical miles" of nothing named, are no one claim.
-- An event claim that names no place at all ("differing reports contended that it had not been
-- captured") is taken to be about the place where its story's events of that kind mostly happen.
-- A measure written as an attribute ("13-inch laptop", "15-year-old", "two-million-euro haul")
-- says which thing is meant, not how much of it there is: its value is part of what is counted,
-- so 13-inch and 15-inch differ.
-- Each such match is a block; a block holding claims of two or more documents links each of its
-- claims to its smallest claim: the connected components of every matching pair, with links that
-- grow with the claims, not their square.
with claims as (
    select c.claim_id, c.document_id, s.story_id, c.claim_type, c.event_kind, c.claim_text,
        q.quantity_kind, q.unit, q.outcome, q.value, q.surface, q.counted_key,
        md5(lower(regexp_replace(c.claim_text, '\W+', ' ', 'g'))) as text_key,
        sp.actor_id as speaker_actor_id
    from {{ ref('stg_raw__claims') }} as c
    inner join {{ ref('int_document_stories') }} as s on s.document_id = c.document_id
    left join {{ ref('stg_raw__claim_quantities') }} as q on q.claim_id = c.claim_id
    left join {{ ref('int_actor_mentions') }} as sp on sp.claim_id = c.claim_id and sp.mention_role = 'speaker'
),
anchors as (
    select claim_id, place_id from {{ ref('int_claim_places') }} where is_anchor
),
placed as (
    select distinct claim_id from {{ ref('int_claim_places') }}
),
-- Where a story's events of each kind mostly happen: the anchor place most documents give them.
event_places as (
    select c.story_id, c.event_kind, a.place_id
    from claims as c inner join anchors as a on a.claim_id = c.claim_id
    where c.claim_type = 'event' and c.event_kind is not null
    group by 1, 2, 3
    qualify row_number() over (partition by c.story_id, c.event_kind
                               order by count(distinct c.document_id) desc, count(*) desc, a.place_id) = 1
),
-- Materialized, as shared_blocks: inlined into the join below, the planner took 10 s at 713
-- documents instead of 0.3 s.
blocks as materialized (
    select 'event|' || c.story_id || '|' || c.event_kind || '|' || a.place_id as block, c.claim_id, c.document_id
    from claims as c inner join anchors as a on a.claim_id = c.claim_id
    where c.claim_type = 'event' and c.event_kind is not null
    union
    select 'event|' || c.story_id || '|' || c.event_kind || '|' || e.place_id, c.claim_id, c.document_id
    from claims as c
    inner join event_places as e on e.story_id = c.story_id and e.event_kind = c.event_kind
    where c.claim_type = 'event' and c.claim_id not in (select claim_id from placed)
    union
    select 'statement|' || c.story_id || '|' || c.speaker_actor_id || '|' || a.place_id, c.claim_id, c.document_id
    from claims as c inner join anchors as a on a.claim_id = c.claim_id
    where c.claim_type = 'statement' and c.speaker_actor_id is not null
    union
    select concat_ws('|', 'quantity', story_id, quantity_kind, unit, counted_key, outcome,
            case when regexp_matches(surface, '^\S+-\S') then value::varchar end),
        claim_id, document_id
    from claims
    where claim_type = 'quantity' and unit is not null and counted_key is not null
    union
    select concat_ws('|', 'verbatim', story_id, claim_type, surface, text_key),
        claim_id, document_id
    from claims
),
shared_blocks as materialized (
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
