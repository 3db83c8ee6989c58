{{ config(materialized='incremental') }}
select
    document_id,
    block_index,
    kind,
    text,
    len(text)::integer as char_count
from {{ ref('stg_raw__removed_blocks') }}
{{ where_changed() }}
