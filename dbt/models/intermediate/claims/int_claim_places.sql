{{ config(materialized='incremental') }}
-- Resolved places of each claim. An anchor place is specific enough to identify what a claim is
-- about; countries, first-level divisions (provinces), regions and national capitals are context
-- shared by unrelated claims ("north of Kabul", "in Baghlan province").
select distinct
    r.claim_id,
    r.document_id,
    pm.place_id,
    not coalesce(
        p.feature_code like 'PCL%' or p.feature_code in ('ADM1', 'PPLC', 'RGN', 'CONT'),
        p.admin1_name is null  -- no feature code: only a country has no first-level division
    ) as is_anchor
from {{ ref('stg_raw__claim_place_refs') }} as r
inner join {{ ref('fct_place_mentions') }} as pm
    on pm.document_id = r.document_id and pm.mention_index = r.mention_index
inner join {{ ref('dim_places') }} as p on p.place_id = pm.place_id
where pm.place_id is not null
    {% if is_incremental() %}and r.document_id in ({{ changed_documents() }}){% endif %}
