-- One row per person or organisation named in claims, spelling variants merged, titles kept out of the name.
select
    actor_id,
    first(name order by n desc, length(name) desc, name) as canonical_name,
    case
        when sum(n) filter (where entity_label = 'PERSON' or has_title) > 0 then 'person'
        when sum(n) filter (where entity_label in ('ORG', 'NORP')) > 0 then 'organisation'
        else 'unknown'
    end as actor_kind,
    sum(n)::integer as n_mentions,
    count(distinct document_id)::integer as n_documents,
    string_agg(distinct name, ' | ' order by name) as name_variants
from (
    select actor_id, name, entity_label, title is not null as has_title, document_id, count(*) as n
    from {{ ref('int_actor_mentions') }}
    group by all
)
group by actor_id
