-- The content words of each document (title and body), counted: the evidence stories compare
-- texts by. Lower-cased runs of letters of three or more, and numbers (years and magnitudes tell
-- two earthquakes apart); a plural "s" is dropped so "districts" meets "district". Function words
-- are not listed: they are in most documents, so int_story_links gives them no weight. How often
-- a word is written capitalised tells names (people, places, ships) from common words.
-- Per document and incremental: a run reads only the documents that changed.
{{ config(materialized='incremental') }}
with documents as (
    select document_id, coalesce(title, '') || '\n' || body_text as text
    from {{ ref('stg_raw__documents') }}
    {{ where_changed() }}
),
words as (
    select document_id, unnest(regexp_extract_all(text, '\p{L}[\p{L}''’-]*\p{L}|\d+(?:\.\d+)?')) as written
    from documents
),
lowered as (
    select document_id, lower(written) as word, regexp_matches(written, '^\p{Lu}') as capitalised from words
)
select
    document_id,
    case when word similar to '.{3,}[^siu]s' then left(word, -1) else word end as term,
    count(*)::integer as occurrences,
    count(*) filter (where capitalised)::integer as capitalised
from lowered
where length(word) >= 3 or regexp_full_match(word, '\d+')
group by 1, 2
