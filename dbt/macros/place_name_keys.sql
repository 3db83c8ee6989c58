{#- Spelling-insensitive keys for matching place names across transliterations.
    place_name_key: accents stripped, lower case, apostrophes and dots dropped, any other
    punctuation (hyphens) as a space, and connector particles removed ("Pol-e-Hesar" and
    "Pul-e Hisar" → "pol hesar" / "pul hisar").
    place_consonant_key: the name key's first letter, then its other letters without vowels, h, w,
    y and spaces, so that transliteration variants meet ("Pol-e-Hesar", "Pul-Hesar",
    "Pul-e Ḩişār" → "plsr"; "Deh Salah", "De Salah" → "dsl"). -#}
{% macro place_name_key(expr) -%}
trim(regexp_replace(
    regexp_replace(
        regexp_replace(lower(strip_accents({{ expr }})), '[''’‘ʻʼ`´.]', '', 'g'),
        '[^a-z0-9]+', ' ', 'g'),
    '(^| )((e|i|ye|al|el|ul|ud)( |$))+', ' ', 'g'))
{%- endmacro %}

{% macro place_consonant_key(expr) -%}
{%- set key = place_name_key(expr) -%}
{#- The first letter stays even if a vowel ("Ankara" is not "Nkwerre"); doubled consonants count once. -#}
{%- set letters = 'bcdfgjklmnpqrstvxz' -%}
left({{ key }}, 1) || {% for c in letters %}replace({% endfor %}regexp_replace(substr({{ key }}, 2), '[aeiouyhw ]', '', 'g'){% for c in letters %}, '{{ c }}{{ c }}', '{{ c }}'){% endfor %}
{%- endmacro %}
