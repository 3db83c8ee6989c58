-- Named actor mentions with the actor they resolve to; unnamed ones ("people close to X") stay out.
select
    m.claim_id,
    m.document_id,
    m.mention_role,
    m.name,
    m.title,
    m.entity_label,
    substr(md5(k.canonical_key), 1, 16) as actor_id,
    m.char_start
from {{ ref('stg_raw__claim_actor_mentions') }} as m
inner join {{ ref('int_actor_keys') }} as k on k.name_key = m.name_key
