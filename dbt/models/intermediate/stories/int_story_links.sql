-- Pairs of documents that report the same story: their most telling content words agree.
-- Each document is described by its top terms by TF-IDF: a term's weight grows with its count in
-- the document and steeply with how few documents hold it (smoothed, ln(1 + N/df): in a warehouse
-- holding one story's reports alone, its words are in every document and still count); names
-- (words written capitalised at least 4 times in 5) count double, as they tell one earthquake
-- from another where the common words cannot; terms in one document only, or in so many that
-- they tell nothing (1 in 30), are left out. Two reports of one event name something in common
-- (a place, a person, a ship): a pair sharing no name is never linked, however alike its common
-- words. Documents are compared only when they share a top term, a blocked join whose work grows
-- with the documents, not their square; their similarity is the cosine of their top-term vectors.
-- Two documents whose publication dates are both known and lie further apart than the window are
-- never linked: the same kind of event a year later is another story. When a date is missing, the
-- text alone decides (names, places and years among the top terms).
-- One similar pair alone does not make a story: two similar events (two earthquakes on one
-- island, two coaches fired by one team) share enough words that a report of one and a report of
-- the other can pass, and a story grows by every link. A pair is linked when its documents also
-- resemble the same other documents: each document's closest documents (its top neighbours among
-- those at least neighbour_similarity alike, itself included) overlap by a share (Jaccard) of at
-- least min_shared_neighbours. Reports of one event are each other's closest; a report of one
-- event that happens to resemble one of the other has its closest documents on its own side. The
-- neighbours come from the blocked pairs, so this grows with the documents, not their square.
{#- Tuned on the odd topics of ECB+ (bench/stories_bench.py); the even ones scored apart. -#}
{% set top_terms = 30 %}
{% set neighbour_similarity = 0.2 %}
{% set top_neighbours = 5 %}
{% set min_similarity = 0.27 %}
{% set min_shared_neighbours = 0.25 %}
{% set window_days = 14 %}
with terms as (
    select * from {{ ref('int_document_terms') }}
),
corpus as (
    select count(distinct document_id) as documents from terms
),
frequency as (
    select term, count(*) as document_count, sum(capitalised) / sum(occurrences) as capitalised_share
    from terms group by 1
),
weighted as (
    select t.document_id, t.term, f.capitalised_share >= 0.8 as is_name,
        -- Exact decimals: sums of doubles depend on the order rows arrive in, and a full build
        -- must link the same pairs as an incremental one (macros/fixed_point.sql).
        ((1 + ln(t.occurrences)) * pow(ln(1 + c.documents / f.document_count), 1.5)
            * case when f.capitalised_share >= 0.8 then 2 else 1 end)::decimal(18, 9) as weight
    from terms as t
    inner join frequency as f on f.term = t.term
    cross join corpus as c
    where f.document_count >= 2 and f.document_count <= greatest(20, c.documents / 30)
),
top as (
    select document_id, term, is_name, weight
    from weighted
    qualify row_number() over (partition by document_id order by weight desc, term) <= {{ top_terms }}
),
norms as (
    select document_id, sqrt(sum(weight * weight)::double) as norm from top group by 1
),
pairs as (
    select a.document_id as doc_a, b.document_id as doc_b,
        sum(a.weight * b.weight) as dot, count(*) as shared_terms, count(*) filter (where a.is_name) as shared_names
    from top as a
    inner join top as b on b.term = a.term and a.document_id < b.document_id
    group by 1, 2
),
scored as (
    select p.doc_a, p.doc_b, p.shared_terms,
        round(p.dot::double / (na.norm * nb.norm), 6) as similarity
    from pairs as p
    inner join norms as na on na.document_id = p.doc_a
    inner join norms as nb on nb.document_id = p.doc_b
    where p.shared_terms >= 2 and p.shared_names >= 1
),
close_pairs as (
    select s.doc_a, s.doc_b, s.shared_terms, s.similarity
    from scored as s
    inner join {{ ref('stg_raw__documents') }} as da on da.document_id = s.doc_a
    inner join {{ ref('stg_raw__documents') }} as db on db.document_id = s.doc_b
    where s.similarity >= {{ neighbour_similarity }}
        and (da.published_at is null or db.published_at is null
            or abs(date_diff('day', da.published_at, db.published_at)) <= {{ window_days }})
),
closest as (
    select document_id, neighbour
    from (
        select doc_a as document_id, doc_b as neighbour, similarity from close_pairs
        union all
        select doc_b, doc_a, similarity from close_pairs
    )
    qualify row_number() over (partition by document_id order by similarity desc, neighbour) <= {{ top_neighbours }}
),
neighbourhoods as (
    select document_id, neighbour from closest
    union all
    select distinct document_id, document_id from closest
),
sizes as (
    select document_id, count(*) as n_members from neighbourhoods group by 1
),
common as (
    select p.doc_a, p.doc_b, count(*) as n_common
    from close_pairs as p
    inner join neighbourhoods as na on na.document_id = p.doc_a
    inner join neighbourhoods as nb on nb.document_id = p.doc_b and nb.neighbour = na.neighbour
    where p.similarity >= {{ min_similarity }}
    group by 1, 2
)
select p.doc_a, p.doc_b, p.shared_terms, p.similarity
from close_pairs as p
inner join common as c on c.doc_a = p.doc_a and c.doc_b = p.doc_b
inner join sizes as sa on sa.document_id = p.doc_a
inner join sizes as sb on sb.document_id = p.doc_b
where p.similarity >= {{ min_similarity }}
    and c.n_common / (sa.n_members + sb.n_members - c.n_common) >= {{ min_shared_neighbours }}
