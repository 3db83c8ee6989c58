-- Every name, alias and domain stem a reference news organisation is known by.
with names as (
    select source_id, name as alias from {{ ref('news_organisations') }}
    union all
    select source_id, trim(unnest(string_split(aliases, '|'))) from {{ ref('news_organisations') }}
    where aliases is not null
    union all
    select source_id, domain from {{ ref('news_organisations') }}
)
select distinct source_id, {{ claims_alias_key('alias') }} as alias_key
from names
where nullif(trim(alias), '') is not null
