-- Who speaks in, acts in, or is acted on in each claim, with the title or role written at that mention.
select
    claim_id,
    actor_id,
    mention_role as role,
    min(title) as title
from {{ ref('int_actor_mentions') }}
group by claim_id, actor_id, mention_role
