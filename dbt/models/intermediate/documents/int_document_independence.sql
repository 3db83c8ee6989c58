-- Documents that are not independent of each other: near-duplicate text (copies of one wire story,
-- Jaccard similarity of word 5-shingles >= 0.5) or the same publisher. Each group counts once.
-- Only documents sharing a MinHash band (stg_raw__document_minhash, signed once per document in
-- the analysis stage) are compared, by those signatures, never by re-reading the text;
-- a publisher's documents are linked to its first one rather than in every pair: work that
-- grows with the documents, not their square.
with minhash as (
    select * from {{ ref('stg_raw__document_minhash') }}
),
candidates as (
    select distinct a.document_id as doc_a, b.document_id as doc_b
    from minhash as a
    inner join minhash as b
        on a.band = b.band and a.band_hash = b.band_hash and a.document_id < b.document_id
),
filled as (
    select document_id, sum(list_count(list_filter(bin_minima, lambda m: m <> 0))) as bins
    from minhash
    group by 1
),
-- One-permutation MinHash estimate of Jaccard similarity: bins whose minima agree, over the bins
-- that are not empty in both documents (a band left out is three empty bins).
shared as (
    select c.doc_a, c.doc_b,
        sum(list_count(list_filter(list_zip(a.bin_minima, b.bin_minima), lambda p: p[1] <> 0 and p[1] = p[2]))) as agreeing,
        sum(list_count(list_filter(list_zip(a.bin_minima, b.bin_minima), lambda p: p[1] <> 0 and p[2] <> 0))) as both_filled
    from candidates as c
    inner join minhash as a on a.document_id = c.doc_a
    inner join minhash as b on b.document_id = c.doc_b and b.band = a.band
    group by 1, 2
),
links as (
    select s.doc_a, s.doc_b
    from shared as s
    inner join filled as fa on fa.document_id = s.doc_a
    inner join filled as fb on fb.document_id = s.doc_b
    where s.agreeing / (fa.bins + fb.bins - s.both_filled) >= 0.5
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
