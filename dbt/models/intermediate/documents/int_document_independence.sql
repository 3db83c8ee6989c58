-- Documents that are not independent of each other: near-duplicate text (copies of one wire story,
-- Jaccard similarity of word 5-shingles >= 0.5) or the same publisher. Each group counts once.
-- Only documents sharing a MinHash band (int_document_minhash) are compared, and only their
-- shingles are computed; a publisher's documents are linked to its first one rather than in
-- every pair: the same groups, with work that grows with the documents, not their square.
with candidates as (
    select distinct a.document_id as doc_a, b.document_id as doc_b
    from {{ ref('int_document_minhash') }} as a
    inner join {{ ref('int_document_minhash') }} as b
        on a.band = b.band and a.band_hash = b.band_hash and a.document_id < b.document_id
),
candidate_documents as (
    select d.document_id, d.body_text
    from {{ ref('stg_raw__documents') }} as d
    where d.document_id in (select doc_a from candidates union select doc_b from candidates)
),
shingles as {{ document_shingles('candidate_documents') }},
sizes as (select document_id, count(*) as n from shingles group by 1),
shared as (
    select c.doc_a, c.doc_b, count(*) as n_shared
    from candidates as c
    inner join shingles as a on a.document_id = c.doc_a
    inner join shingles as b on b.document_id = c.doc_b and b.shingle = a.shingle
    group by 1, 2
),
links as (
    select s.doc_a, s.doc_b
    from shared as s
    inner join sizes as sa on sa.document_id = s.doc_a
    inner join sizes as sb on sb.document_id = s.doc_b
    where s.n_shared / (sa.n + sb.n - s.n_shared) >= 0.5
    union
    select document_id, min(document_id) over (partition by source_id)
    from {{ ref('int_document_sources') }}
    where source_id <> 'unknown'
),
edges as (
    select doc_a as src, doc_b as dst from links
    union select doc_b, doc_a from links
),
nodes as (select document_id as node from {{ ref('stg_raw__documents') }})
select node as document_id, label as independence_group
from {{ connected_components('nodes', 'edges') }}
