{{ config(materialized='incremental') }}
-- Every recognised toponym mention, resolved to a place or kept with the reason it is not.
select
    m.document_id,
    m.mention_index,
    m.sentence_index,
    m.surface,
    m.char_start,
    m.char_end,
    m.recognizer,
    r.place_id,
    r.method,
    r.confidence,
    r.runner_up_place_id,
    r.runner_up_confidence,
    case when r.place_id is null then 'no gazetteer name matches "' || coalesce(m.lookup_name, m.surface) || '"' end as unresolved_reason
from {{ ref('stg_raw__place_mentions') }} as m
left join {{ ref('int_place_resolutions') }} as r using (document_id, mention_index)
{{ where_changed('m.document_id') }}
