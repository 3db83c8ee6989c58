select distinct
    md5(document_id || ':' || claim_index::varchar) as claim_id,
    document_id,
    mention_index
from {{ source('raw_claims', 'claim_place_refs') }}
