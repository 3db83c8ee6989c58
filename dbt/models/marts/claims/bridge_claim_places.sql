select distinct claim_id, place_id, is_anchor
from {{ ref('int_claim_places') }}
