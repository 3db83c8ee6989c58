-- Who is quoted, by whom? Each named speaker, the titles outlets give them, and which publishers
-- quote them through which channel or outlet.
select
    a.canonical_name as speaker,
    a.name_variants,
    string_agg(distinct b.title, ' / ') as titles_given,
    s.name as quoted_by,
    string_agg(distinct cs.name, ', ') as via,
    count(distinct c.claim_id) as n_statements
from {{ ref('fct_claims') }} as c
inner join {{ ref('bridge_claim_actors') }} as b on b.claim_id = c.claim_id and b.role = 'speaker'
inner join {{ ref('dim_actors') }} as a on a.actor_id = b.actor_id
inner join {{ ref('fct_documents') }} as d on d.document_id = c.document_id
inner join {{ ref('dim_sources') }} as s on s.source_id = d.source_id
left join {{ ref('dim_sources') }} as cs on cs.source_id = c.cited_source_id
where c.claim_type = 'statement'
group by all
order by speaker, quoted_by
