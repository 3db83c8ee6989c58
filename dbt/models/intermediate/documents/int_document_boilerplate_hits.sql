{{ config(materialized='incremental') }}
-- Maintained boilerplate markers (seed boilerplate_markers) still present in a document body; the
-- quality gate requires none, so a leak in extraction blocks publishing instead of reaching
-- analysts. Found once per document at extraction (flows.extract.markers, one compiled
-- alternation over the body's lines) and stored with the document.
select
    document_id,
    len(boilerplate_markers) as marker_count,
    nullif(array_to_string(boilerplate_markers, ' | '), '') as markers_found
from {{ ref('stg_raw__documents') }}
{{ where_changed() }}
