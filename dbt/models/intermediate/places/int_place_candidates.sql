{{ config(materialized='incremental') }}
-- Every gazetteer place a mention's name could denote, with how its name matched:
-- exact (same normalised key; a code only for a mention written as one),
-- consonant (same vowel-insensitive key: transliteration variants of towns and divisions; never
-- countries or regions, whose English names are fixed and whose short skeletons collide with local
-- names: "Bano" is not Benin),
-- fuzzy (Jaro-Winkler ≥ 0.9 among names sharing the first two letters and a similar length, tried
-- only for names with no exact or consonant match),
-- named_country (the country a demonym or listed alias stands for),
-- abbreviation (a division abbreviated after a town: "Gatineau, Que.", "Churchill, Man.",
-- "Wainwright, Alta.": the first-order divisions holding a place of the town's name whose name has
-- the abbreviation's letters in order from its first, those it starts if any; press styles
-- abbreviate so, and no package lists every style).
with mentions as (
    -- A code or abbreviation ("NO", "Ky.", "B.C.") names its place only when written as one: "No"
    -- and "La" at the start of a sentence are not Norway and Laos.
    select *, regexp_matches(surface, '^[A-Z][A-Z. ]*$|\.') as written_as_code
    from {{ ref('stg_raw__place_mentions') }}
    {{ where_changed() }}
),

mention_keys as (
    select distinct name_key, consonant_key, written_as_code
    from mentions
    where named_country_code is null and name_key <> ''
),

names as (
    select * from {{ ref('stg_gazetteer__place_names') }}
),

exact as (
    select k.name_key, k.written_as_code, n.place_id, 'exact' as method, 1.0 as name_similarity
    from mention_keys as k
    inner join names as n on n.name_key = k.name_key and (k.written_as_code or not n.is_code)
),

consonant as (
    select k.name_key, k.written_as_code, n.place_id, 'consonant' as method,
        0.9 * jaro_winkler_similarity(k.name_key, n.name_key) as name_similarity
    from mention_keys as k
    inner join names as n on n.consonant_key = k.consonant_key
    inner join {{ ref('stg_gazetteer__places') }} as p using (place_id)
    where not n.is_code and length(k.consonant_key) >= 2 and p.feature_code not in ('PCLI', 'CONT', 'RGN')
),

unmatched as (
    select * from mention_keys as k
    where length(k.name_key) >= 4
        and not exists (select 1 from exact as e where e.name_key = k.name_key and e.written_as_code = k.written_as_code)
        and not exists (
            select 1 from consonant as c where c.name_key = k.name_key and c.written_as_code = k.written_as_code
        )
),

fuzzy as (
    select k.name_key, k.written_as_code, n.place_id, 'fuzzy' as method,
        0.8 * jaro_winkler_similarity(k.name_key, n.name_key) as name_similarity
    from unmatched as k
    inner join names as n
        on left(n.name_key, 2) = left(k.name_key, 2)
        and abs(length(n.name_key) - length(k.name_key)) <= 2
    where not n.is_code and jaro_winkler_similarity(k.name_key, n.name_key) >= 0.9
),

abbreviated as (
    select distinct name_key, qualified_key
    from mentions
    where qualified_key is not null and regexp_matches(name_key, '^[a-z]{2,5}$')
),

abbreviation as (
    select a.name_key, a.qualified_key, d.place_id, 'abbreviation' as method, 1.0 as name_similarity
    from abbreviated as a
    inner join names as town_name on town_name.name_key = a.qualified_key and not town_name.is_code
    inner join {{ ref('stg_gazetteer__places') }} as town using (place_id)
    inner join {{ ref('stg_gazetteer__places') }} as d
        on d.feature_code = 'ADM1' and d.country_code = town.country_code and d.admin1_code = town.admin1_code
    inner join names as division_name on division_name.place_id = d.place_id and not division_name.is_code
    where regexp_matches(division_name.name_key, '^' || array_to_string(string_split(a.name_key, ''), '.*'))
    group by a.name_key, a.qualified_key, d.place_id
    -- a name that starts with the abbreviation outranks one that only holds its letters ("Man." is
    -- Manitoba before Montana)
    qualify rank() over (partition by a.name_key, a.qualified_key
        order by max(starts_with(division_name.name_key, a.name_key)) desc) = 1
),

by_name as (
    select name_key, written_as_code, place_id,
        arg_max(method, name_similarity) as method,
        max(name_similarity) as name_similarity
    from (select * from exact union all select * from consonant union all select * from fuzzy)
    group by name_key, written_as_code, place_id
),

matched as (
    select m.document_id, m.mention_index, c.place_id, c.method, c.name_similarity
    from mentions as m
    inner join by_name as c on c.name_key = m.name_key and c.written_as_code = m.written_as_code
    where m.named_country_code is null

    union all

    select m.document_id, m.mention_index, a.place_id, a.method, a.name_similarity
    from mentions as m
    inner join abbreviation as a on a.name_key = m.name_key and a.qualified_key = m.qualified_key
)

select document_id, mention_index, place_id,
    arg_max(method, method = 'abbreviation') as method,
    max(name_similarity) as name_similarity
from matched
group by document_id, mention_index, place_id

union all

select m.document_id, m.mention_index, p.place_id, 'named_country' as method, 1.0 as name_similarity
from mentions as m
inner join {{ ref('stg_gazetteer__places') }} as p
    on p.feature_code = 'PCLI' and p.country_code = m.named_country_code
