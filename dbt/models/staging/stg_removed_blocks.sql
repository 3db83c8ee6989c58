select
    document_id,
    block_index,
    kind,
    text
from {{ source('raw', 'removed_blocks') }}
