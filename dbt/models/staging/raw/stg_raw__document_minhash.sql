with source as (
    select * from {{ source('raw', 'document_minhash') }}
    {{ where_changed() }}
),

renamed as (
    select
        document_id,
        band,
        band_hash,
        bin_minima
    from source
)

select * from renamed
