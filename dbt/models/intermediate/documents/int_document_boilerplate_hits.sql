-- Maintained boilerplate markers (seed) still present in a document body; the quality gate
-- requires none, so a leak in extraction blocks publishing instead of reaching analysts.
-- Same semantics as flows.extract.markers: patterns match line by line; patterns not anchored at the
-- line start only count on lines of at most 400 characters (a long paragraph quoting a notice
-- is article text).
with body_lines as (
    select
        document_id,
        trim(unnest(string_split(body_text, chr(10)))) as line
    from {{ ref('stg_raw__documents') }}
),

hits as (
    select distinct
        l.document_id,
        m.pattern
    from body_lines as l
    inner join {{ ref('boilerplate_markers') }} as m
        on regexp_matches(l.line, m.pattern, 'i')
        and (starts_with(m.pattern, '^') or length(l.line) <= 400)
)

select
    d.document_id,
    count(h.pattern) as marker_count,
    string_agg(h.pattern, ' | ' order by h.pattern) as markers_found
from {{ ref('stg_raw__documents') }} as d
left join hits as h on h.document_id = d.document_id
group by d.document_id
