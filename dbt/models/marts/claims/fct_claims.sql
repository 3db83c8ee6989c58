-- One row per claim: what is said, by whom, through which outlet, with what certainty and number.
with speakers as (
    select
        m.claim_id,
        first(a.actor_id order by m.char_start) as speaker_actor_id,
        first(m.title order by m.char_start) as speaker_title
    from {{ ref('stg_raw__claim_actor_mentions') }} as m
    left join {{ ref('int_actor_mentions') }} as a
        on a.claim_id = m.claim_id and a.mention_role = 'speaker' and a.char_start = m.char_start
    where m.mention_role = 'speaker'
    group by 1
),
cited as (
    -- A named outlet beats a channel ("according to Tolo News" over "tweeted").
    select c.claim_id, first(a.source_id order by c.source_kind <> 'named', a.source_id) as cited_source_id
    from {{ ref('stg_raw__cited_sources') }} as c
    inner join {{ ref('int_source_aliases') }} as a on a.alias_key = c.alias_key
    where c.claim_id is not null
    group by 1
)
select
    c.claim_id,
    c.document_id,
    c.claim_type,
    c.event_kind,
    c.claim_text,
    s.speaker_actor_id,
    s.speaker_title,
    c.reporting_verb,
    c.quote_kind,
    c.attribution_kind,
    q.value as quantity_value,
    q.unit as quantity_unit,
    q.bound as quantity_bound,
    q.value_low as quantity_low,
    q.value_high as quantity_high,
    q.outcome as quantity_outcome,
    q.quantity_kind,
    q.change as quantity_change,
    q.counted_key as quantity_counted,
    c.tense,
    c.modality,
    c.content_start,
    c.content_end,
    c.speaker_start,
    c.speaker_end,
    c.cue_start,
    c.cue_end,
    c.certainty,
    c.certainty_cue,
    ci.cited_source_id,
    c.sentence_index,
    k.cluster_id
from {{ ref('stg_raw__claims') }} as c
left join {{ ref('stg_raw__claim_quantities') }} as q on q.claim_id = c.claim_id
left join speakers as s on s.claim_id = c.claim_id
left join cited as ci on ci.claim_id = c.claim_id
inner join {{ ref('int_claim_clusters') }} as k on k.claim_id = c.claim_id
