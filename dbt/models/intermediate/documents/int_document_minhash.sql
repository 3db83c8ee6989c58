{{ config(materialized='incremental') }}
-- Locality-sensitive signature of each document's word 5-shingles, so int_document_independence
-- compares only documents likely to be near-duplicates instead of every pair. One-permutation
-- MinHash: each shingle hash falls in one of 120 bins, a bin keeps its smallest hash (0 when
-- empty); 40 bands of 3 bins. Two documents with Jaccard similarity 0.5 share a band with
-- probability 1 - (1 - 0.5^3)^40 = 99.5 %, at 0.7 with > 99.999 %. A band of three empty bins
-- says nothing and is left out. The band's bin minima are kept too: int_document_independence
-- estimates the Jaccard similarity of candidate pairs from them, never re-reading the text.
with documents as (
    select document_id, body_text from {{ ref('stg_raw__documents') }}
    {{ where_changed() }}
),
shingles as {{ document_shingles('documents') }},
bins as (
    select document_id, shingle % 120 as bin, min(shingle) as min_hash
    from shingles
    group by 1, 2
),
grid as (
    select d.document_id, g.bin
    from (select distinct document_id from shingles) as d, range(120) as g(bin)
)
select
    g.document_id,
    (g.bin // 3)::integer as band,
    hash(list(coalesce(b.min_hash, 0) order by g.bin)) as band_hash,
    list(coalesce(b.min_hash, 0) order by g.bin) as bin_minima
from grid as g
left join bins as b on b.document_id = g.document_id and b.bin = g.bin
group by 1, 2
having count(b.min_hash) > 0
