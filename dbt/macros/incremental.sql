{#- Incremental per-document models. Every write to a document's raw rows gives it a higher
    revision (raw.document_revisions); an incremental build's candidate is a copy of the published
    file, whose ops.build_state holds the revision it was built at, so a run touches only documents
    changed since then. Read from the candidate, not passed as a var: vars that change every run
    would make dbt parse the whole project again every run. A model keyed by another column than
    document_id (stg_raw__pages) names it in config document_key. -#}

{% macro changed_documents() -%}
    select document_id from {{ source('raw', 'document_revisions') }}
    where revision > (select revision from candidate.ops.build_state)
{%- endmacro %}

{% macro where_changed(column='document_id') -%}
    {%- if is_incremental() %}where {{ column }} in ({{ changed_documents() }}){% endif -%}
{%- endmacro %}

{% macro delete_changed_documents() -%}
    {%- if is_incremental() -%}
    delete from {{ this }} where {{ config.get('document_key', 'document_id') }} in ({{ changed_documents() }})
    {%- endif -%}
{%- endmacro %}

{#- The documents already built whose story changed (merged with another) take their new story_id. -#}
{% macro update_changed_stories() -%}
    {%- if is_incremental() -%}
    update {{ this }} as d set story_id = s.story_id
    from {{ ref('int_document_stories') }} as s
    where s.document_id = d.document_id and d.story_id is distinct from s.story_id
    {%- endif -%}
{%- endmacro %}
