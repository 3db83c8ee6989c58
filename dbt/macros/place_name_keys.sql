{#- Spelling-insensitive keys for matching place names across transliterations.
    place_name_key: accents stripped, lower case, apostrophes and dots dropped, any other
    punctuation (hyphens) as a space, and connector particles removed ("Pol-e-Hesar" and
    "Pul-e Hisar" → "pol hesar" / "pul hisar").
    place_consonant_key: the name key without vowels, h, w, y and spaces, so that transliteration
    variants meet ("Pol-e-Hesar", "Pul-Hesar", "Pul-e Ḩişār" → "plsr"; "Deh Salah", "De Salah"). -#}
{% macro place_name_key(expr) -%}
trim(regexp_replace(
    regexp_replace(
        regexp_replace(lower(strip_accents({{ expr }})), '[''’‘ʻʼ`´.]', '', 'g'),
        '[^a-z0-9]+', ' ', 'g'),
    '(^| )((e|i|ye|al|el|ul|ud)( |$))+', ' ', 'g'))
{%- endmacro %}

{% macro place_consonant_key(expr) -%}
regexp_replace({{ place_name_key(expr) }}, '[aeiouyhw ]', '', 'g')
{%- endmacro %}
