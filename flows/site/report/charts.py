"""The report's charts as Vega-Lite specs (Altair): a map of places and claims, publishers, runs.

The map's shapes are the country polygons shipped with ``countryinfo`` (Natural Earth, low
resolution, ~280 kB for the world), so it draws without any tile server.
"""
from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

import altair as alt

from flows.site.report.data import ReportData

MAP_WIDTH, MAP_HEIGHT = 680, 420
# Degrees added around the mentioned places, so a map of one province still shows its neighbours.
MAP_MARGIN = 4.0
# A label's box in pixels (10 px text): labels of places closer than this would overlap, so they
# are stacked into one label, at most LABEL_LINES names and a count of the rest.
LABEL_WIDTH, LABEL_HEIGHT, LABEL_LINES = 90, 14, 4
# A label stands this far beside its place's circle; a character of 10 px text is at most about this
# wide. Where a place lies is estimated as if the projection were linear, which it is not far from
# the map's middle: a label must end this share of the width before the right edge.
LABEL_OFFSET, CHAR_WIDTH, EDGE_SHARE = 16, 7, 0.9


def _signed_area(ring: list[list[float]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0, *_), (x1, y1, *_) in zip(ring, ring[1:] + ring[:1])) / 2


def _rewind(polygon: list[list[list[float]]]) -> list[list[list[float]]]:
    """Outer ring clockwise, holes counter-clockwise, as d3-geo (Vega) reads a polygon on the sphere:
    the other winding (GeoJSON's RFC 7946 order) means "the whole globe except this country"."""
    return [ring if (_signed_area(ring) < 0) == (i == 0) else ring[::-1] for i, ring in enumerate(polygon)]


def _d3_geometry(geometry: dict) -> dict:
    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": _rewind(geometry["coordinates"])}
    if geometry["type"] == "MultiPolygon":
        return {"type": "MultiPolygon", "coordinates": [_rewind(p) for p in geometry["coordinates"]]}
    return geometry


@lru_cache(maxsize=1)
def country_shapes() -> tuple[dict, ...]:
    """One GeoJSON feature per country, with its ISO alpha-2 code in ``properties.code``."""
    from countryinfo import CountryInfo

    features = []
    for info in CountryInfo.all().values():
        geo, iso = info.get("geoJSON"), info.get("ISO") or {}
        if not geo or not iso.get("alpha2"):
            continue
        for feature in geo.get("features", []):
            features.append({"type": "Feature", "geometry": _d3_geometry(feature["geometry"]),
                             "properties": {"code": iso["alpha2"], "name": info.get("name", iso["alpha2"])}})
    return tuple(features)


def _extent(data: ReportData) -> dict:
    """The area to fit the map to: the mentioned places with a margin, or the whole world."""
    if not data.places:
        return {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [
            [[-170, -58], [180, -58], [180, 80], [-170, 80], [-170, -58]]]}, "properties": {}}
    # Each place with a margin on every side: fitting only the box's corners would cut off places
    # near its edges, since the projection bends the box.
    corners = {(max(-180.0, min(180.0, p["longitude"] + dx)), max(-85.0, min(85.0, p["latitude"] + dy)))
               for p in data.places for dx in (-MAP_MARGIN, MAP_MARGIN) for dy in (-MAP_MARGIN, MAP_MARGIN)}
    return {"type": "Feature", "properties": {},
            "geometry": {"type": "MultiPoint", "coordinates": sorted(list(c) for c in corners)}}


def place_labels(places: list[dict]) -> list[dict]:
    """One label per group of claimed places that would overlap on the map (a story's districts lie
    a few pixels apart): the group's names one per line, the most claimed first. A label stands
    right of its group's north-east corner, or left of its north-west corner (``side``) where it
    would run past the map's right edge."""
    claimed = sorted((p for p in places if p["n_claims"] > 0), key=lambda p: (-p["n_claims"], -p["n_mentions"], p["name"]))
    if not claimed:
        return []
    # Degrees per pixel of the fitted map (the wider of its two spans decides the scale).
    longitudes, latitudes = [p["longitude"] for p in places], [p["latitude"] for p in places]
    per_pixel = max((max(longitudes) - min(longitudes) + 2 * MAP_MARGIN) / MAP_WIDTH,
                    (max(latitudes) - min(latitudes) + 2 * MAP_MARGIN) / MAP_HEIGHT)
    # A label stands beside its place (right of the largest circle), one line per name downwards: a
    # place whose own line would cross a group's lines joins the group.
    groups: list[list[dict]] = []
    for place in claimed:
        for group in groups:
            dx = (place["longitude"] - group[0]["longitude"]) / per_pixel
            dy = (place["latitude"] - group[0]["latitude"]) / per_pixel
            if abs(dx) < LABEL_WIDTH and -LABEL_HEIGHT * min(len(group), LABEL_LINES) < dy < LABEL_HEIGHT:
                group.append(place)
                break
        else:
            groups.append([place])
    middle = (max(longitudes) + min(longitudes)) / 2
    labels = []
    for group in groups:
        names = [p["name"] for p in group[:LABEL_LINES]]
        if len(group) > LABEL_LINES:
            names[-1] = f"and {len(group) - LABEL_LINES + 1} more"
        # Beside the group's north-east corner, so its lines run down clear of the group's circles.
        latitude, longitude = max(p["latitude"] for p in group), max(p["longitude"] for p in group)
        x = MAP_WIDTH / 2 + (longitude - middle) / per_pixel
        right_end = x + LABEL_OFFSET + CHAR_WIDTH * max(map(len, names))
        side = "left" if right_end > EDGE_SHARE * MAP_WIDTH else "right"
        if side == "left":
            longitude = min(p["longitude"] for p in group)
        labels.append({"latitude": latitude, "longitude": longitude, "text": "\n".join(names), "side": side})
    return labels


def place_map(data: ReportData) -> dict:
    """Countries shaded by the claims about their places; each place a circle sized by its mentions."""
    claims, mentions = defaultdict(int), defaultdict(int)
    for place in data.places:
        claims[place["country_code"]] += place["n_claims"]
        mentions[place["country_code"]] += place["n_mentions"]
    features = [{**f, "properties": {**f["properties"], "claims": claims.get(f["properties"]["code"], 0),
                                     "mentions": mentions.get(f["properties"]["code"], 0)}}
                for f in country_shapes()]
    projection = {"type": "equalEarth"}
    countries = alt.Chart(alt.Data(values=features)).mark_geoshape(stroke="white", strokeWidth=0.5, clip=True).encode(
        color=alt.condition("datum.properties.claims > 0",
                            alt.Color("properties.claims:Q", title="claims about places",
                                      scale=alt.Scale(scheme="oranges")),
                            alt.value("#e6e6e6")),
        tooltip=[alt.Tooltip("properties.name:N", title="country"),
                 alt.Tooltip("properties.mentions:Q", title="place mentions"),
                 alt.Tooltip("properties.claims:Q", title="claims")],
    ).project(**projection)
    places = alt.Chart(alt.Data(values=[
        {k: p[k] for k in ("name", "admin1_name", "latitude", "longitude", "n_mentions", "n_documents", "n_claims")}
        for p in data.places])).mark_circle(color="#1f4e79", opacity=0.75, stroke="white", strokeWidth=0.7, clip=True).encode(
        longitude="longitude:Q", latitude="latitude:Q",
        size=alt.Size("n_mentions:Q", title="mentions", scale=alt.Scale(range=[30, 600])),
        tooltip=[alt.Tooltip("name:N", title="place"), alt.Tooltip("admin1_name:N", title="province"),
                 alt.Tooltip("n_mentions:Q", title="mentions"), alt.Tooltip("n_documents:Q", title="documents"),
                 alt.Tooltip("n_claims:Q", title="claims")],
    ).project(**projection)
    labels = [alt.Chart(alt.Data(values=[label for label in place_labels(data.places) if label["side"] == side])).mark_text(
        dx=LABEL_OFFSET if side == "right" else -LABEL_OFFSET, dy=-6, align="left" if side == "right" else "right",
        baseline="top", fontSize=10, color="#1f4e79", lineBreak="\n", clip=True).encode(
        longitude="longitude:Q", latitude="latitude:Q", text="text:N").project(**projection)
        for side in ("right", "left")]
    # validate=False: the schema check of ~280 kB of inline shapes costs seconds and Altair built them.
    # The extent to fit goes in after for the same reason: Altair checks a projection's arguments when
    # they are set, and at 5,000 places the extent's 20,000 points took 7 s to check.
    spec = alt.layer(countries, places, *labels).properties(width=MAP_WIDTH, height=MAP_HEIGHT).to_dict(validate=False)
    extent = _extent(data)
    for layer in spec["layer"]:
        layer["projection"]["fit"] = extent
    return spec


def publishers_chart(data: ReportData) -> dict:
    rows = [{"publisher": r["publisher"], "documents": r["n_documents"]} for r in data.new_documents]
    return alt.Chart(alt.Data(values=rows)).mark_bar(color="#1f4e79").encode(
        x=alt.X("documents:Q", title="new documents", axis=alt.Axis(tickMinStep=1)),
        y=alt.Y("publisher:N", sort="-x", title=None),
        tooltip=["publisher:N", "documents:Q"],
    ).properties(width=420, height=alt.Step(22)).to_dict()


def runs_chart(data: ReportData) -> dict:
    """Pages per run by what became of them, oldest run first; the run's status as a coloured mark."""
    runs = sorted(data.runs, key=lambda r: r["started_at"])
    rows = []
    for run in runs:
        label = run["started_at"].strftime("%m-%d %H:%M")
        for kind in ("new", "duplicate", "quarantined"):
            rows.append({"run": label, "kind": kind, "pages": run.get(f"pages_{kind}") or 0,
                         "status": run["status"], "documents": run.get("documents"), "claims": run.get("claims")})
    order = [r["started_at"].strftime("%m-%d %H:%M") for r in runs]
    base = alt.Chart(alt.Data(values=rows))
    bars = base.mark_bar().encode(
        x=alt.X("run:O", sort=order, title="run (UTC)"),
        y=alt.Y("sum(pages):Q", title="pages"),
        color=alt.Color("kind:N", title="pages", scale=alt.Scale(domain=["new", "duplicate", "quarantined"],
                                                                  range=["#1f4e79", "#9ecae1", "#d62728"])),
        tooltip=["run:O", "kind:N", "pages:Q", "status:N", "documents:Q", "claims:Q"],
    ).properties(width=MAP_WIDTH, height=180)
    status = base.transform_filter(alt.datum.kind == "new").mark_square(size=120).encode(
        x=alt.X("run:O", sort=order, axis=None),
        color=alt.Color("status:N", title="status", scale=alt.Scale(
            domain=["published", "failed", "error", "running"], range=["#2ca02c", "#d62728", "#7f0000", "#bbbbbb"])),
        tooltip=["run:O", "status:N"],
    ).properties(width=MAP_WIDTH, height=20)
    return alt.vconcat(status, bars, spacing=4).resolve_scale(color="independent").to_dict()
