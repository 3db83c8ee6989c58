-- One row per story (int_document_stories): the documents from any outlet that report one event,
-- how many outlets and independent sources carry it, when, where, and how many disputes it holds.
-- The label reads "most specific place · event kind · first date"; a story with none of these is
-- labelled by its first document's title.
with documents as (
    select s.story_id, d.document_id, d.title, d.published_at, src.source_id, i.independence_group
    from {{ ref('int_document_stories') }} as s
    inner join {{ ref('stg_raw__documents') }} as d on d.document_id = s.document_id
    inner join {{ ref('int_document_independence') }} as i on i.document_id = s.document_id
    left join {{ ref('int_document_sources') }} as src on src.document_id = s.document_id
),
-- Places the story's claims happen at (anchors) count twice as much as places merely named;
-- countries, continents and world regions only when the story names nothing finer.
place_votes as (
    select s.story_id, m.place_id,
        count(distinct m.document_id) + count(distinct a.document_id) as votes
    from {{ ref('fct_place_mentions') }} as m
    inner join {{ ref('int_document_stories') }} as s on s.document_id = m.document_id
    left join {{ ref('int_claim_places') }} as a
        on a.document_id = m.document_id and a.place_id = m.place_id and a.is_anchor
    where m.place_id is not null
    group by 1, 2
),
main_places as (
    select v.story_id, v.place_id, p.name
    from place_votes as v
    inner join {{ ref('dim_places') }} as p on p.place_id = v.place_id
    qualify row_number() over (
        partition by v.story_id
        order by p.feature_code in ('PCLI', 'CONT', 'RGN'), v.votes desc,
            p.feature_code not like 'PPL%', p.feature_code <> 'ADM2', v.place_id
    ) = 1
),
kinds as (
    select s.story_id, c.event_kind
    from {{ ref('stg_raw__claims') }} as c
    inner join {{ ref('int_document_stories') }} as s on s.document_id = c.document_id
    where c.claim_type = 'event' and c.event_kind is not null
    group by 1, 2
    qualify row_number() over (partition by s.story_id order by count(distinct c.document_id) desc, count(*) desc,
        c.event_kind) = 1
),
disputes as (
    select story_id, count(*) filter (where has_dispute) as n_disputes
    from {{ ref('fct_claim_clusters') }}
    group by 1
),
stories as (
    select
        story_id,
        count(*)::integer as n_documents,
        count(distinct source_id)::integer as n_sources,
        count(distinct independence_group)::integer as n_independent_sources,
        min(published_at) as first_published,
        max(published_at) as last_published,
        first(title order by published_at nulls last, document_id) as first_title
    from documents
    group by 1
)
select
    s.story_id,
    coalesce(nullif(concat_ws(' · ', p.name, replace(k.event_kind, '_', ' '), strftime(s.first_published, '%Y-%m-%d')), ''),
        s.first_title, 'story ' || s.story_id) as label,
    p.place_id,
    k.event_kind,
    s.first_published,
    s.last_published,
    s.n_documents,
    s.n_sources,
    s.n_independent_sources,
    coalesce(d.n_disputes, 0)::integer as n_disputes
from stories as s
left join main_places as p on p.story_id = s.story_id
left join kinds as k on k.story_id = s.story_id
left join disputes as d on d.story_id = s.story_id
