{#- A double as an exact fixed-point number (18 decimal places), to be summed. A sum of doubles
    depends on the order its rows arrive in, which DuckDB's parallel operators do not fix: place
    vote shares and the confidences computed from them differed in their last bits from one build
    to the next, so a full refresh did not reproduce the incremental marts. Fixed-point sums are
    exact, so every build agrees. A ratio to such a sum takes its numerator in the same form, so a
    part never exceeds its whole. -#}
{% macro fixed_point(expression) -%}
    ({{ expression }})::decimal(38, 18)
{%- endmacro %}
