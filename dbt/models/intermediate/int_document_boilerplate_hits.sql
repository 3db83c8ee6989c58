-- Maintained boilerplate markers (seed) still present in a document body; the quality gate
-- requires none, so a leak in extraction blocks publishing instead of reaching analysts.
select
    d.document_id,
    count(m.pattern) as marker_count,
    string_agg(m.pattern, ' | ' order by m.pattern) as markers_found
from {{ ref('stg_documents') }} as d
left join {{ ref('boilerplate_markers') }} as m
    on regexp_matches(d.body_text, m.pattern, 'i')
group by d.document_id
