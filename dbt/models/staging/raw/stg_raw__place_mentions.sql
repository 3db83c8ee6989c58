with source as (
    select * from {{ source('raw', 'place_mentions') }}
    {{ where_changed() }}
),

renamed as (
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
        name_key,
        consonant_key,
        qualifier_key,
        qualified_key
    from source
)

select * from renamed
