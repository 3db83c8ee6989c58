select
    document_id,
    sentence_index,
    char_start,
    char_end
from {{ source('raw', 'sentences') }}
