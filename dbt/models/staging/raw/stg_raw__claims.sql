with source as (
    select * from {{ source('raw', 'claims') }}
    {{ where_changed() }}
),

renamed as (
    select
        md5(document_id || ':' || claim_index::varchar) as claim_id,
        document_id,
        claim_index,
        sentence_index,
        claim_type,
        event_kind,
        claim_text,
        char_start,
        char_end,
        reporting_verb,
        quote_kind,
        attribution_kind,
        certainty,
        certainty_cue,
        negated,
        tense,
        modality,
        content_start,
        content_end,
        speaker_start,
        speaker_end,
        cue_start,
        cue_end
    from source
)

select * from renamed
