{#- Comparable form of an outlet name or alias: lower case, letters and digits only, no leading "the". -#}
{% macro claims_alias_key(expr) -%}
    regexp_replace(regexp_replace(lower(strip_accents({{ expr }})), '^the\s+', ''), '[^a-z0-9]', '', 'g')
{%- endmacro %}
