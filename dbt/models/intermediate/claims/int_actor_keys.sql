-- Spelling variants of one name share a transliteration-insensitive key (computed at analysis time:
-- "Ahmad Massoud" and "Ahmed Masood" are both "ahmd msd"); keys that still differ slightly
-- (Jaro-Winkler >= 0.93, same number of words) fold into the most-mentioned key.
with keys as (
    select name_key, count(*) as n_mentions, len(string_split(name_key, ' ')) as n_words
    from {{ ref('stg_raw__claim_actor_mentions') }}
    where name_key is not null
    group by 1
)
select
    k.name_key,
    first(t.name_key order by t.n_mentions desc, t.name_key) as canonical_key
from keys as k
inner join keys as t
    on t.n_words = k.n_words
    and jaro_winkler_similarity(k.name_key, t.name_key) >= 0.93
group by 1
