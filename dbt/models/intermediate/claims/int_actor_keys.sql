-- Spelling variants of one name share a transliteration-insensitive key (computed at analysis time:
-- "Ahmad Massoud" and "Ahmed Masood" are both "ahmd msd"); keys that still differ slightly
-- (Jaro-Winkler >= 0.93, same number of words) fold into the most-mentioned key. Only keys that
-- share their first letter or their last three are compared (a variant differing at both ends is
-- left apart; short keys differing so would be below 0.93 anyway), so the comparisons grow with
-- the keys of a block, not with all keys squared.
with keys as (
    select name_key, count(*) as n_mentions, len(string_split(name_key, ' ')) as n_words,
        left(name_key, 1) as head, right(name_key, 3) as tail
    from {{ ref('stg_raw__claim_actor_mentions') }}
    where name_key is not null
    group by 1
),
close_keys as (
    select k.name_key, t.name_key as other_key, t.n_mentions
    from keys as k
    inner join keys as t on t.n_words = k.n_words and t.head = k.head
    where jaro_winkler_similarity(k.name_key, t.name_key) >= 0.93
    union
    select k.name_key, t.name_key, t.n_mentions
    from keys as k
    inner join keys as t on t.n_words = k.n_words and t.tail = k.tail
    where jaro_winkler_similarity(k.name_key, t.name_key) >= 0.93
)
select
    name_key,
    first(other_key order by n_mentions desc, other_key) as canonical_key
from close_keys
group by 1
