{#- The data contract fixes schema names (marts, staging, ...): use the custom schema as given,
    not dbt's default "<target>_<custom>" concatenation. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
