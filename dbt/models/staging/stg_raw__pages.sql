select
    page_id,
    landing_path,
    url,
    fetched_at,
    format,
    size_bytes,
    first_run_id
from {{ source('raw', 'pages') }}
