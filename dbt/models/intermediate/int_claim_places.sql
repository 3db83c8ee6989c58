-- Resolved places of each claim. An anchor place is specific enough to identify what a claim is
-- about: a country or a first-level division (a province) is context, shared by unrelated claims.
select distinct
    r.claim_id,
    r.document_id,
    pm.place_id,
    not (p.admin1_name is null or lower(p.name) = lower(p.admin1_name)) as is_anchor
from {{ ref('stg_claim_place_refs') }} as r
inner join {{ ref('fct_place_mentions') }} as pm
    on pm.document_id = r.document_id and pm.mention_index = r.mention_index
inner join {{ ref('dim_places') }} as p on p.place_id = pm.place_id
where pm.place_id is not null
