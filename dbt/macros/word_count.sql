{#- Words in a text: whitespace-separated tokens, where each Han ideograph or kana counts as one word.
    Chinese and Japanese put no spaces between words, so a whitespace count made a whole Chinese
    article one or two "words" and the gate's minimum length quarantined it; one word per
    character is the convention word processors use for these scripts. -#}
{% macro word_count(text) -%}
    len(regexp_split_to_array(trim(regexp_replace({{ text }}, '([\p{Han}\p{Hiragana}\p{Katakana}])', ' \1 ', 'g')), '\s+'))
{%- endmacro %}
