-- The story of each document: the connected group of documents its story links reach. A new
-- document joins the story of the documents it links to (merging them when it links to several)
-- or starts one. A story is named by its smallest document id, so a full build and a run that
-- adds documents one night at a time give the same stories.
with nodes as (
    select document_id as node from {{ ref('stg_raw__documents') }}
),
edges as (
    select doc_a as src, doc_b as dst from {{ ref('int_story_links') }}
    union all
    select doc_b, doc_a from {{ ref('int_story_links') }}
)
select node as document_id, substr(md5(label), 1, 16) as story_id
from {{ connected_components('nodes', 'edges') }}
