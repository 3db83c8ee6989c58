"""What the gazetteer knows of a name, for the span selector: how populous the largest place so named
is, how many places share it, and which kinds of place they are.

Held as sorted numpy arrays keyed by the name key's in-process hash (~10 MB for 640,000 names,
against ~200 MB as a dict of strings), built once per process from the gazetteer file.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import duckdb
import numpy as np

from flows.analyze.places.gazetteer import ensure_gazetteer

# Bits of ``kinds``: which kinds of place carry the name.
COUNTRY_OR_REGION, ADMIN1, ADMIN2, POPULATED, CODE_ONLY = 1, 2, 4, 8, 16


_STATS_SQL = """
    select n.name_key, max(coalesce(p.population, 0)), count(distinct p.place_id),
        bit_or(case when p.feature_code in ('PCLI', 'CONT', 'RGN') then {COUNTRY_OR_REGION}
                    when p.feature_code = 'ADM1' then {ADMIN1}
                    when p.feature_code = 'ADM2' then {ADMIN2} else {POPULATED} end)
            | case when bool_and(n.is_code) then {CODE_ONLY} else 0 end
    from place_names n join places p using (place_id)
    where n.name_key is not null
    group by n.name_key
"""


@dataclass(frozen=True)
class NameStats:
    hashes: np.ndarray  # sorted hash(name_key)
    population: np.ndarray  # largest population among places so named
    places: np.ndarray  # how many places carry the name
    kinds: np.ndarray  # bit mask of the kinds above

    def lookup(self, keys: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(population, places, kinds) per key; zeros for a key the gazetteer does not hold."""
        wanted = np.array([hash(key) for key in keys], dtype=np.int64)
        at = np.minimum(np.searchsorted(self.hashes, wanted), len(self.hashes) - 1)
        known = self.hashes[at] == wanted
        return (np.where(known, self.population[at], 0), np.where(known, self.places[at], 0),
                np.where(known, self.kinds[at], 0))


@lru_cache(maxsize=2)
def name_stats(gazetteer_db: Path) -> NameStats:
    ensure_gazetteer(gazetteer_db)
    sql = _STATS_SQL.format(COUNTRY_OR_REGION=COUNTRY_OR_REGION, ADMIN1=ADMIN1, ADMIN2=ADMIN2, POPULATED=POPULATED,
                            CODE_ONLY=CODE_ONLY)
    with duckdb.connect(str(gazetteer_db), read_only=True) as con:
        keys, population, places, kinds = con.execute(sql).fetchnumpy().values()
    hashes = np.array([hash(key) for key in keys], dtype=np.int64)
    order = np.argsort(hashes)
    return NameStats(hashes[order], np.asarray(population, dtype=np.int64)[order],
                     np.asarray(places, dtype=np.int64)[order], np.asarray(kinds, dtype=np.int64)[order])
