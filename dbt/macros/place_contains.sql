{#- Whether place `outer` (a country, province or county) contains place `inner`: the same country,
    and the same province (and county) when `outer` is one; a place does not contain itself. Null
    (unknown) when `inner` lacks the code compared. -#}
{% macro place_contains(outer, inner) -%}
    {{ outer }}.feature_code in ('PCLI', 'ADM1', 'ADM2')
    and {{ outer }}.country_code = {{ inner }}.country_code
    and ({{ outer }}.feature_code = 'PCLI' or {{ outer }}.admin1_code = {{ inner }}.admin1_code)
    and ({{ outer }}.feature_code <> 'ADM2' or {{ outer }}.admin2_code = {{ inner }}.admin2_code)
    and {{ outer }}.place_id <> {{ inner }}.place_id
{%- endmacro %}
