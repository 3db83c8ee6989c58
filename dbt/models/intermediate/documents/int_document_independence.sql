-- Documents that are not independent of each other: near-duplicate text (copies of one wire story,
-- Jaccard similarity of word 5-shingles >= 0.5) or the same publisher. Each group counts once.
-- Words are runs of letters and digits in any script; Chinese and Japanese characters, written
-- without spaces, count as one word each.
with recursive words as (
    select document_id, list_filter(regexp_split_to_array(
        regexp_replace(lower(body_text), '([\p{Han}\p{Hiragana}\p{Katakana}])', ' \1 ', 'g'),
        '[^\pL\pN]+'), lambda x: x <> '') as w
    from {{ ref('stg_raw__documents') }}
),
shingles as (
    select distinct document_id, hash(array_to_string(w[i:i + 4], ' ')) as shingle
    from words, range(1, greatest(len(w) - 3, 1) + 1) as t(i)
),
sizes as (select document_id, count(*) as n from shingles group by 1),
shared as (
    select a.document_id as doc_a, b.document_id as doc_b, count(*) as n_shared
    from shingles as a inner join shingles as b on a.shingle = b.shingle and a.document_id < b.document_id
    group by 1, 2
),
links as (
    select s.doc_a, s.doc_b
    from shared as s
    inner join sizes as sa on sa.document_id = s.doc_a
    inner join sizes as sb on sb.document_id = s.doc_b
    where s.n_shared / (sa.n + sb.n - s.n_shared) >= 0.5
    union
    select a.document_id, b.document_id
    from {{ ref('int_document_sources') }} as a
    inner join {{ ref('int_document_sources') }} as b
        on a.source_id = b.source_id and a.document_id < b.document_id and a.source_id <> 'unknown'
),
edges as (
    select doc_a as src, doc_b as dst from links
    union select doc_b, doc_a from links
),
reach(document_id, reached) as (
    select document_id, document_id from {{ ref('stg_raw__documents') }}
    union
    select r.document_id, e.dst from reach as r inner join edges as e on e.src = r.reached
)
select document_id, min(reached) as independence_group
from reach
group by 1
