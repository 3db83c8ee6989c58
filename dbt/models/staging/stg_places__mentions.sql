select
    document_id,
    mention_index,
    sentence_index,
    surface,
    char_start,
    char_end,
    recognizer,
    ner_label,
    lookup_name,
    feature_hint,
    named_country_code,
    {{ place_name_key('lookup_name') }} as name_key,
    {{ place_consonant_key('lookup_name') }} as consonant_key
from {{ source('raw_places', 'place_mentions') }}
