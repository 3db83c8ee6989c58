"""Toponym recognition: find every place name in a parsed document, with character offsets.

Propose, then select. Recognizers propose spans (resolution to GeoNames happens later, in dbt):
- ``ner``: spaCy GPE/LOC/FAC entities, and the place an organisation's name holds ("Kentucky State
  Police"; proposer ``embedded``);
- ``gazetteer``: capitalised runs that are names in the gazetteer (prominent places - countries,
  provinces, cities of 15,000+ - as ``prominent``), and names a rule accepted elsewhere in the document;
- ``context``: capitalised names governed by a feature word ("Bano district", "the districts of
  Deh Saleh, Bano and Pul-Hesar"), which the model often tags as people;
- ``qualifier``/``qualified``: "City, ST" pairs ("Lexington, Ky.");
- ``demonym``: adjectival forms standing for a country ("Afghan", "Turkish"), kept by rule.
A learned selector (flows.analyze.places.selection) then keeps the proposals that name places.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

import duckdb
from spacy.tokens import Doc, Span

from flows.analyze.places import selection
from flows.analyze.places.gazetteer import ensure_gazetteer
from flows.analyze.places.name_stats import ADMIN1, ADMIN2, CODE_ONLY, COUNTRY_OR_REGION, NameStats, name_stats
from flows.analyze.places.selection import Proposal
from flows.config import Settings
from flows.analyze.names import consonant_key, place_key, word_key

PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Words that make a two-word name an organisation's rather than a person's ("Queensland Police").
ORGANISATION_WORDS = frozenset({
    "police", "government", "council", "university", "college", "school", "department", "ministry", "hospital",
    "court", "parliament", "assembly", "senate", "legislature", "army", "navy", "guard", "airport", "port",
    "news", "press", "times", "post", "herald", "tribune", "journal", "gazette", "star", "telegraph", "radio",
    "health", "fire", "rescue", "transit", "museum", "zoo", "library", "church", "diocese", "club", "fc",
})
NON_PLACE_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})
FEATURE_WORDS = {
    "district", "districts", "province", "provinces", "valley", "valleys", "city", "town", "village",
    "villages", "county", "counties", "parish", "borough", "township", "region", "state", "governorate",
    "prefecture", "municipality", "island", "islands", "river", "mountains", "area", "areas",
}
# A place name right before one of these names a disease or its agent ("Ebola virus", "West Nile
# fever", "Marburg disease"), not the place.
DISEASE_WORDS = frozenset({"virus", "viruses", "fever", "disease", "flu", "influenza", "strain", "encephalitis"})
# Lower-case words allowed inside a name: Persian/Arabic connectors and Romance particles.
NAME_CONNECTORS = {"e", "i", "al", "el", "ul", "ud", "de", "del", "da", "la", "le"}
LIST_WORDS = {",", "and", "&"}
# Words that describe a place without naming one: inside a longer entity ("Baltic Sea", "West
# Midlands", "Rift Valley") or as a bare name the gazetteer happens to hold, they never stand for a
# place by themselves.
GENERIC_WORDS = FEATURE_WORDS | {
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "upper", "lower", "greater", "new", "sea", "ocean", "lake", "bay", "gulf", "coast", "mountain",
    "desert", "peninsula", "delta", "basin", "plateau", "park", "strait", "channel",
    # buildings and bodies that name no place by themselves ("Hospital", a village in Limerick)
    "hospital", "school", "university", "college", "church", "cathedral", "airport", "station", "stadium",
    "hotel", "prison", "museum", "police", "centre", "center",
}
MAX_NAME_TOKENS = 7
# Last words of a street's name: a town inside one ("Hertford Road") is not a mention of the town.
THOROUGHFARE_WORDS = frozenset({"road", "rd", "street", "st", "avenue", "ave", "boulevard", "blvd", "highway",
                                "drive", "lane", "way", "court", "place", "crescent", "square", "bridge"})
# Gazetteer-only single words, and towns inside a longer entity ("Greater Toronto"), must be this
# prominent: short or small-town names collide with everyday words and surnames ("Bath", "Reading",
# "Florence", "Airport").
SINGLE_WORD_MIN_POPULATION = 100_000


@lru_cache(maxsize=4)
def prominent_place_keys(gazetteer_db: Path) -> dict[str, int]:
    """Name key → largest population among prominent places so named (countries, provinces: max)."""
    ensure_gazetteer(gazetteer_db)
    with duckdb.connect(str(gazetteer_db), read_only=True) as con:
        rows = con.execute(
            """
            select n.name, max(case when p.feature_code in ('PCLI', 'ADM1', 'CONT', 'RGN') then 1e12 else p.population end)
            from place_names n join places p using (place_id)
            where (p.feature_code in ('PCLI', 'ADM1', 'CONT', 'RGN') or (p.feature_code like 'PPL%' and p.population >= 15000))
                and not n.is_code
            group by n.name
            """
        ).fetchall()
    keys: dict[str, int] = {}
    for name, population in rows:
        key = word_key(name)
        if len(key) >= 3:
            keys[key] = max(keys.get(key, 0), int(population))
    return keys


@lru_cache(maxsize=4)
def qualifier_keys(gazetteer_db: Path) -> frozenset[str]:
    """Keys of what may follow a place and a comma to say where it lies ("Lexington, Ky.", "Surrey,
    B.C.", "Paris, Texas", "Kabul, Afghanistan"): names and abbreviations of countries, first-order
    divisions and US counties."""
    ensure_gazetteer(gazetteer_db)
    with duckdb.connect(str(gazetteer_db), read_only=True) as con:
        rows = con.execute(
            """
            select distinct n.name_key from place_names n join places p using (place_id)
            where p.feature_code in ('PCLI', 'ADM1', 'ADM2') and length(n.name_key) >= 2
            """
        ).fetchall()
    return frozenset(key for (key,) in rows)


@lru_cache(maxsize=4)
def country_names(reference_dir: Path) -> dict[str, tuple[str, str]]:
    """Name key → (country code, kind) from the maintained demonym/alias reference CSV."""
    with open(reference_dir / "place_country_names.csv", newline="", encoding="utf-8") as f:
        return {word_key(r["name"]): (r["country_code"], r["kind"]) for r in csv.DictReader(f)}


def _demonym_country(text: str, names: dict[str, tuple[str, str]]) -> str | None:
    key = word_key(text)
    for candidate in (key, key.removesuffix("s")):  # "Afghans" → "afghan"
        hit = names.get(candidate)
        if hit and hit[1] == "demonym":
            return hit[0]
    return None


def _alias_country(text: str, names: dict[str, tuple[str, str]]) -> str | None:
    """The country a listed alias stands for ("UK", "Burma"), or None."""
    hit = names.get(word_key(text))
    return hit[0] if hit and hit[1] == "alias" else None


def _is_capitalised(token) -> bool:
    return token.text[:1].isupper() and any(c.isalpha() for c in token.text)


def _name_spans(doc: Doc) -> list[Span]:
    """Maximal runs of capitalised tokens joined by connectors ("Pol-e-Hesar", "Deh Saleh")."""
    spans, i = [], 0
    while i < len(doc):
        if not _is_capitalised(doc[i]) or doc[i].is_stop or doc[i].lower_ in FEATURE_WORDS:
            i += 1
            continue
        end = i + 1
        while end < len(doc) and end - i < MAX_NAME_TOKENS:
            token, next_token = doc[end], doc[end + 1] if end + 1 < len(doc) else None
            attached_hyphen = token.text == "-" and not doc[end - 1].whitespace_
            joins = token.lower_ in NAME_CONNECTORS and next_token is not None and (
                _is_capitalised(next_token) or next_token.text == "-")
            if (_is_capitalised(token) and token.lower_ not in FEATURE_WORDS) or attached_hyphen or joins:
                end += 1
            else:
                break
        while end > i + 1 and not _is_capitalised(doc[end - 1]):
            end -= 1
        spans.append(doc[i:end])
        i = end
    return spans


# What joins a plural feature word to the list of names it governs.
LIST_HEADS = frozenset({"of", "–", "—", ":"})


def _singular(feature_word: str) -> str:
    return {"valleys": "valley", "villages": "village", "islands": "island", "districts": "district",
            "provinces": "province", "areas": "area"}.get(feature_word, feature_word)


def _within_name_list(token) -> bool:
    return token.lower_ in LIST_WORDS or token.lower_ in NAME_CONNECTORS or token.text == "-" or _is_capitalised(token)


def _feature_after(doc: Doc, end: int) -> str | None:
    """The feature word governing a name: right after it, or after a list it heads ("X and Y districts")."""
    j = end
    while j < len(doc) and j - end < 12:
        token = doc[j]
        if token.lower_ in FEATURE_WORDS:
            return _singular(token.lower_)
        if not _within_name_list(token):
            return None
        j += 1
    return None


def _feature_before(doc: Doc, start: int) -> str | None:
    """"the districts of X, Y and Z" or "three districts – X, Y and Z": a feature word heading a list."""
    j = start - 1
    while j >= 1 and start - j < 12:
        token = doc[j]
        if token.lower_ in LIST_HEADS and doc[j - 1].lower_ in FEATURE_WORDS:
            return _singular(doc[j - 1].lower_)
        if not _within_name_list(token):
            return None
        j -= 1
    return None


def _strip_article(span: Span) -> Span:
    return span[1:] if len(span) > 1 and span[0].lower_ == "the" else span


def _split_feature(span: Span, stats: NameStats) -> tuple[Span, str | None]:
    """The name and its trailing feature word ("Metcalfe" and "county"); a name the gazetteer holds
    with that word ("Rhode Island", "Mexico City") is looked up whole."""
    if len(span) > 1 and span[-1].lower_ in FEATURE_WORDS:
        _, places, _ = stats.lookup([place_key(span.text)])
        return (span if places[0] else span[:-1]), span[-1].lower_
    return span, None


def recognize(doc: Doc, settings: Settings) -> dict[str, list[dict]]:
    """Place mentions of one parsed document (rows without ``document_id``), in text order: the
    proposals of ``propose`` that the span selector keeps (demonyms are kept by rule)."""
    found, proposals = propose(doc, settings)
    offsets = list(proposals)
    kept = selection.select(doc, [proposals[o] for o in offsets], settings)
    for o, keep in zip(offsets, kept):
        if not keep:
            del found[o]
    rows = sorted(found.values(), key=lambda r: r["char_start"])
    return {"place_mentions": [{"mention_index": i, **row} for i, row in enumerate(rows)]}


def propose(doc: Doc, settings: Settings) -> tuple[dict[tuple[int, int], dict], dict[tuple[int, int], Proposal]]:
    """Every candidate mention by character offsets, and for each but demonyms what the selector reads."""
    prominent = prominent_place_keys(settings.gazetteer_db)
    qualifiers = qualifier_keys(settings.gazetteer_db)
    names = country_names(settings.reference_dir)
    found: dict[tuple[int, int], dict] = {}
    spans: dict[tuple[int, int], Span] = {}
    proposers: dict[tuple[int, int], str] = {}
    accepted_keys: set[str] = set()
    entity_of = {t.i: ent for ent in doc.ents for t in ent}

    def add(span: Span, recognizer: str, label: str | None, feature: str | None = None,
            country: str | None = None, proposer: str | None = None) -> None:
        name_span, trailing = _split_feature(_strip_article(span), stats)
        spans[(span.start_char, span.end_char)] = span
        if recognizer != "demonym":
            proposers[(span.start_char, span.end_char)] = proposer or recognizer
        found[(span.start_char, span.end_char)] = {
            "surface": span.text, "char_start": span.start_char, "char_end": span.end_char,
            "sentence_index": sent_index[span.start], "recognizer": recognizer, "ner_label": label,
            "lookup_name": None if country else name_span.text,
            "name_key": None if country else place_key(name_span.text),
            "consonant_key": None if country else consonant_key(name_span.text),
            "feature_hint": trailing or feature,
            "named_country_code": country,
            "qualifier_key": None, "qualified_key": None,
        }
        if not country and recognizer != "gazetteer":
            accepted_keys.add(word_key(name_span.text))

    sent_index = {t.i: i for i, sent in enumerate(doc.sents) for t in sent}
    stats = name_stats(settings.gazetteer_db)
    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS:
            for part in _comma_parts(ent):
                part = _place_within(part, stats)
                # "the West", "the North", "the Gulf": a direction or a feature alone names no
                # place (it resolved to Cameroon's West Region and was drawn on the map).
                if all(t.lower_ in GENERIC_WORDS for t in _strip_article(part)):
                    continue
                add(part, "ner", ent.label_, country=_alias_country(part.text, names))
        elif ent.label_ == "NORP" and (country := _demonym_country(ent.text, names)):
            add(ent, "demonym", ent.label_, country=country)
        elif ent.label_ == "ORG" and (inner := _place_in_organisation(ent, stats, names)) is not None:
            add(inner, "ner", ent.label_, country=_alias_country(inner.text, names), proposer="embedded")

    # Dates, sums and counts are no places, whatever the gazetteer holds ("August", "US$").
    not_places = {t.i for ent in doc.ents if ent.label_ in NON_PLACE_LABELS for t in ent}
    covered = {i for start, end in found for i in range(start, end)}
    candidates = [s for s in _name_spans(doc) if s.start_char not in covered and s.end_char - 1 not in covered
                  and s.start not in not_places]
    deferred = []
    for span in candidates:
        key = word_key(span.text)
        entity = entity_of.get(span.start)
        label = entity.label_ if entity is not None else None
        feature = _feature_after(doc, span.end) or _feature_before(doc, span.start)
        if label is None and (country := _demonym_country(span.text, names)):
            add(span, "demonym", label, country=country)
        elif feature and (label in (None, "PERSON", "ORG", "NORP") or label in PLACE_LABELS):
            add(span, "context", label, feature)
        elif key in prominent and label != "PERSON" and _prominent_enough(span, prominent[key]):
            add(span, "gazetteer", label, proposer="prominent")
        else:
            deferred.append((span, label))
    # A name the gazetteer holds (unless the model tags it a person: "Jackson said"), or one a rule
    # accepted elsewhere in the document, is proposed too.
    _, places, _ = stats.lookup([place_key(s.text) for s, _ in deferred])
    for (span, label), known in zip(deferred, places > 0):
        if len(span) == 1 and span[0].lower_ in GENERIC_WORDS:
            continue
        if (known and label != "PERSON") or word_key(span.text) in accepted_keys:
            add(span, "gazetteer", label)
    _pair_qualifiers(doc, found, spans, qualifiers, stats, entity_of, add, not_places)
    if (dateline := _dateline(doc, spans)) in found:
        found[dateline]["feature_hint"] = found[dateline]["feature_hint"] or "city"
    for offsets in [o for o, span in spans.items() if _names_a_disease(doc, span)]:
        del found[offsets]
    proposals = {
        offsets: Proposal(spans[offsets], proposer, row["ner_label"], row["name_key"] or place_key(row["surface"]),
                          row["qualifier_key"] is not None, row["feature_hint"] is not None)
        for offsets, proposer in proposers.items() if (row := found.get(offsets)) is not None
    }
    return found, proposals


def _place_within(span: Span, stats: NameStats) -> Span:
    """An entity the gazetteer does not know as a whole ("Metcalfe County Sheriff's Office", "Far
    North Queensland", "Greater Toronto") stands for the run of its capitalised words that names a
    country, a division or a town of 100,000+, and no longer such run holds: one that ends in a
    feature word first ("Metcalfe County", not "Metcalfe"), then the most populous, then the
    longest ("San Francisco", not "San", of "San Francisco Art Institute"); a street ("Hertford
    Road") or an entity with no such run stays as it is. A run of generic words alone ("Sea" in
    "Baltic Sea", "West" in "West Midlands") names nothing, nor does one cut after an abbreviation
    (neither "St." nor "Michael" of "St. Michael's Hospital"), nor an acronym after the first word
    ("AM" of "Edmonton AM" is not Armenia; "US" of "US Army" is the country)."""
    if len(span) < 2 or span[-1].lower_.rstrip(".") in THOROUGHFARE_WORDS:
        return span
    runs = [span] + [span[i:j] for i in range(len(span)) for j in range(i + 1, len(span) + 1)
                     if (i, j) != (0, len(span)) and _is_capitalised(span[i]) and _is_capitalised(span[j - 1])
                     and not all(t.lower_ in GENERIC_WORDS for t in span[i:j])
                     and not (j < len(span) and _is_title_abbreviation(span[j - 1]))
                     and not (i > 0 and _is_title_abbreviation(span[i - 1]))
                     and not (i > 0 and j == i + 1 and span[i].is_upper and len(span[i].text) <= 3)]
    population, places, kinds = stats.lookup([place_key(run.text) for run in runs])
    if places[0]:
        return span
    named = [(run[-1].lower_ in FEATURE_WORDS, pop, len(run), run)
             for run, pop, known, kind in zip(runs, population, places, kinds)
             if known and not kind & CODE_ONLY
             and (kind & (COUNTRY_OR_REGION | ADMIN1 | ADMIN2) or pop >= SINGLE_WORD_MIN_POPULATION)]
    outermost = [n for n in named if not any(
        o[3].start <= n[3].start and n[3].end <= o[3].end and len(o[3]) > len(n[3]) for o in named)]
    return max(outermost, key=lambda n: n[:3])[3] if outermost else span


def _place_in_organisation(ent: Span, stats: NameStats, names: dict[str, tuple[str, str]]) -> Span | None:
    """The place an organisation's name opens with or holds ("Kentucky State Police", "CTV Edmonton",
    "U.S. Centers for Disease Control"): news reports and gold standards count it as a mention of
    the place; the span selector decides. None when the name holds no such place."""
    ent = _strip_article(ent)
    if len(ent) == 2 and not any(t.lower_ in ORGANISATION_WORDS or (t.is_upper and len(t) > 1) for t in ent):
        return None  # two names alone are as often a person's ("Paris Hilton", "Jack London")
    first = ent[:1]
    if len(ent) > 1 and _alias_country(first.text, names):
        return first
    inner = _place_within(ent, stats)
    return inner if len(inner) < len(ent) else None


def _is_title_abbreviation(token) -> bool:
    """"St.", "Mt.", "Ft.": a shortened word that belongs to the name after it, unlike "U.S."."""
    return token.text.endswith(".") and not token.text.isupper()


def _comma_parts(span: Span) -> list[Span]:
    """A place entity split at its commas ("Lexington, Ky." → "Lexington", "Ky."), so each part is
    looked up on its own and the second can say where the first lies."""
    parts, start = [], span.start
    for token in span:
        if token.text == ",":
            if token.i > start:
                parts.append(span.doc[start:token.i])
            start = token.i + 1
    if start < span.end:
        parts.append(span.doc[start:span.end])
    return parts


def _pair_qualifiers(doc: Doc, found: dict, spans: dict, qualifiers: frozenset[str], stats: NameStats,
                     entity_of: dict, add, not_places: set[int]) -> None:
    """"City, ST": a place name, a comma, then the division or country it lies in ("Lexington, Ky.",
    "Surrey, B.C.", "Paris, Texas"), unless the first is a country, or a division in a list of them
    ("Georgia, Illinois, Missouri"). Both are mentions; the first gets the second's key as its
    qualifier (decisive in resolution), the second the first's key. An abbreviation ("Ky.", "B.C.")
    is a qualifier only here, and makes the name before it a place even when nothing else did."""
    by_start = {span.start: span for span in spans.values()}
    by_end = {span.end: span for span in spans.values()}
    for comma in (t for t in doc if t.text == ","):
        before = by_end.get(comma.i)
        after = by_start.get(comma.i + 1) or _capitalised_run(doc, comma.i + 1)
        if after is None or after.start in not_places or comma.i - 1 in not_places or (
                before is not None and place_key(before.text) in qualifiers
                and (_in_a_list(doc, before, after) or _names_a_country(before, stats))):
            continue
        abbreviation = _is_abbreviation(after)
        # An abbreviation the gazetteer does not hold ("P.E.I.", "Alta.") qualifies a place found already.
        if place_key(after.text) not in qualifiers and not (before and (abbreviation or _is_clipped(after))):
            continue
        if before is None:
            before = _capitalised_run_before(doc, comma.i)
            entity = entity_of.get(before.start) if before is not None else None
            if before is None or not abbreviation or (entity is not None and entity.label_ == "PERSON"):
                continue
            add(before, "qualified", entity.label_ if entity is not None else None)
        after_offsets = (after.start_char, after.end_char)
        if after_offsets not in found:
            add(after, "qualifier", None)
        found[(before.start_char, before.end_char)]["qualifier_key"] = found[after_offsets]["name_key"]
        found[after_offsets]["qualified_key"] = found[(before.start_char, before.end_char)]["name_key"]


def _dateline(doc: Doc, spans: dict[tuple[int, int], Span]) -> tuple[int, int] | None:
    """The offsets of the place a dateline opens the text with ("WASHINGTON -", "HOLLIDAY, Mo. -",
    "Washington (CNN)"): a town, where the story was filed."""
    first = next((t.i for t in doc if not t.is_space), None)
    for offsets, span in spans.items():
        if span.start == first:
            following = doc[span.end] if span.end < len(doc) else None
            if span.text.isupper() or (following is not None and following.text in ("—", "–", "-", "(", ",")):
                return offsets
    return None


def _names_a_country(span: Span, stats: NameStats) -> bool:
    """A country comes before no comma as a town does ("Argentina, Brazil's neighbour")."""
    _, _, kinds = stats.lookup([place_key(span.text)])
    return bool(kinds[0] & COUNTRY_OR_REGION)


def _in_a_list(doc: Doc, before: Span, after: Span) -> bool:
    """"Georgia, Illinois, Missouri" or "Washington, Pennsylvania and California": the two names
    are items of a list (another item before or after them), not "City, ST"."""
    previous = doc[before.start - 1] if before.start > 0 else None
    if previous is not None and previous.text == ",":
        return True
    following = after.end
    while following < len(doc) and doc[following].lower_ in (",", "and", "or"):
        following += 1
    return following > after.end and following < len(doc) and _is_capitalised(doc[following])


def _is_abbreviation(span: Span) -> bool:
    """"Ky.", "B.C.", "N.Y.", "KY": a short form, not a word that could start a new phrase."""
    text = span.text
    return len(span) == 1 and (text.endswith(".") or (text.isupper() and 2 <= len(text) <= 3))


def _is_clipped(span: Span) -> bool:
    """"Que." or "Alta." split into a word and its full stop: a clipped name of 2-5 letters, which
    resolution matches to a division by its letters ("Gatineau, Que.")."""
    token = span[0]
    following = token.nbor() if token.i + 1 < len(token.doc) else None
    return (len(span) == 1 and token.is_alpha and 2 <= len(token) <= 5 and token.text[0].isupper()
            and following is not None and following.text == "." and not token.whitespace_)


def _capitalised_run(doc: Doc, start: int) -> Span | None:
    end = start
    while end < len(doc) and end - start < 3 and _is_capitalised(doc[end]):
        end += 1
    return doc[start:end] if end > start else None


def _capitalised_run_before(doc: Doc, end: int) -> Span | None:
    start = end
    while start > 0 and end - start < 4 and _is_capitalised(doc[start - 1]) and not doc[start - 1].is_sent_start:
        start -= 1
    if start > 0 and _is_capitalised(doc[start - 1]) and doc[start - 1].is_sent_start and not doc[start - 1].is_stop:
        start -= 1
    return doc[start:end] if start < end else None


def _names_a_disease(doc: Doc, span: Span) -> bool:
    return span.end < len(doc) and doc[span.end].lower_ in DISEASE_WORDS


def _prominent_enough(span: Span, population: int) -> bool:
    if len(span) > 1:
        return True
    token = span[0]
    return (population >= SINGLE_WORD_MIN_POPULATION and token.pos_ == "PROPN"
            and not token.is_sent_start and not token.is_stop)
