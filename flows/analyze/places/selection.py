"""The learned half of recognition: boosted trees select, among the proposed spans, the place names.

The recognizers of flows.analyze.places.recognize propose generously (every NER place, every name a
feature word governs, every capitalised run the gazetteer holds); the model decides from the span's
context which proposals are places. It reads the span's shape (capitalisation, length, sentence
start), its neighbours ("in", "near", "from" before; "County", ", Ky.", "said" after), the NER label,
what the gazetteer knows of the name (largest population, how many places, which kinds) and how the
document treats the same name elsewhere (tagged a place, part of a person's name).

The trees live in span_model.json next to this module (``Settings.place_span_model``), written by
bench/train_place_model.py (LightGBM on TR-News only) and scored by flows.trees with numpy.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, Span

from flows.analyze.places import name_stats as stats
from flows.config import Settings
from flows.trees import Trees, load_trees

TRAINER = "bench/train_place_model.py"

# Kinds of proposal: which rule proposed the span.
PROPOSERS = ("ner", "embedded", "context", "prominent", "gazetteer", "qualified", "qualifier")
NER_LABELS = ("GPE", "LOC", "FAC", "PERSON", "ORG", "NORP")
POS_TAGS = ("PROPN", "NOUN", "ADJ", "VERB")
LOCATIVE_WORDS = frozenset({
    "in", "near", "from", "at", "across", "outside", "around", "throughout", "into", "to", "toward", "towards",
    "within", "via", "through", "between", "across", "inside", "north", "south", "east", "west", "northern",
    "southern", "eastern", "western", "central", "downtown", "rural", "visit", "visited", "based", "capital",
})
TITLE_WORDS = frozenset({
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "gov", "gov.", "sen", "sen.", "rep", "rep.", "president",
    "judge", "coach", "pastor", "father", "sister", "st.", "saint", "officer", "sheriff", "mayor", "lt.", "sgt.",
    "gen.", "col.", "capt.", "prof.", "chief", "minister", "secretary",
})
SPEECH_WORDS = frozenset({
    "said", "says", "told", "added", "says", "explained", "noted", "wrote", "asked", "replied", "stated",
    "argued", "believes", "thinks", "announced",
})
FEATURE_AFTER = frozenset({
    "county", "counties", "province", "state", "city", "district", "region", "valley", "river", "island",
    "islands", "mountains", "parish", "township", "borough", "village", "town", "area", "border", "airport",
})


@dataclass(frozen=True)
class Proposal:
    """A proposed span with what recognition already knows of it."""

    span: Span
    proposer: str  # one of PROPOSERS
    ner_label: str | None
    name_key: str
    qualified: bool  # "Lexington" in "Lexington, Ky."
    feature_hint: bool  # a feature word governs it


def feature_names() -> list[str]:
    return [
        *(f"proposer={p}" for p in PROPOSERS), *(f"ner={label}" for label in NER_LABELS), "ner=none",
        "qualified", "feature_hint", "tokens", "chars", "all_caps", "every_word_capitalised", "sentence_initial",
        *(f"pos={tag}" for tag in POS_TAGS), "stop_word", "lower_form_in_document",
        "before=locative", "before=of", "before=the", "before=comma", "before=title", "before=capitalised",
        "before=none", "after=feature_word", "after=speech", "after=possessive", "after=capitalised",
        "after=comma", "after=verb", "after=none",
        "log_population", "log_places", "kind=country_or_region", "kind=admin1", "kind=admin2",
        "kind=populated", "kind=code_only", "unknown_name",
        "same_name_count", "same_name_place_elsewhere", "same_name_in_person_elsewhere",
        "places_in_sentence", "coordinated_with_place",
    ]


def _word(doc: Doc, i: int):
    return doc[i] if 0 <= i < len(doc) else None


def _in_person_names(doc: Doc) -> set[str]:
    """Lower-cased words of the document's PERSON entities ("jackson" after "Jesse Jackson")."""
    return {t.lower_ for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1 for t in ent}


def _strong(p: Proposal) -> bool:
    """Proposed by the NER model as a place or by a rule that reads the text around it."""
    return p.ner_label in ("GPE", "LOC", "FAC") or p.proposer in ("context", "qualified", "qualifier")


LIST_JOINERS = frozenset({",", "and", "or", "&"})


def _coordinated_with(doc: Doc, span: Span, strong_starts: set[int], strong_ends: set[int]) -> bool:
    """In a list with a strong proposal: "Peshawar and Bannu", "Pakistan, and Banu", "Bannu, Peshawar"."""
    start, end = span.start, span.end
    while start > 0 and span.start - start < 2 and doc[start - 1].lower_ in LIST_JOINERS:
        start -= 1
    while end < len(doc) and end - span.end < 2 and doc[end].lower_ in LIST_JOINERS:
        end += 1
    return (start < span.start and start in strong_ends) or (end > span.end and end in strong_starts)


def span_features(doc: Doc, proposals: list[Proposal], gazetteer_db: Path) -> np.ndarray:
    """One row per proposal, columns as in feature_names()."""
    population, places, kinds = stats.name_stats(gazetteer_db).lookup([p.name_key for p in proposals])
    strong_keys: dict[str, int] = defaultdict(int)
    key_counts: dict[str, int] = defaultdict(int)
    strong_in_sentence: dict[int, int] = defaultdict(int)
    strong_starts, strong_ends = set(), set()
    for p in proposals:
        key_counts[p.name_key] += 1
        if _strong(p):
            strong_keys[p.name_key] += 1
            strong_in_sentence[p.span.sent.start] += 1
            strong_starts.add(p.span.start)
            strong_ends.add(p.span.end)
    person_words = _in_person_names(doc)
    lower_words = {t.text for t in doc if t.text.islower()}
    rows = []
    for p, pop, count, kind in zip(proposals, population, places, kinds):
        span = p.span
        words = [t for t in span if any(c.isalpha() for c in t.text)] or list(span)
        before, after = _word(doc, span.start - 1), _word(doc, span.end)
        own_strong = _strong(p)
        row = [float(p.proposer == name) for name in PROPOSERS]
        row += [float(p.ner_label == label) for label in NER_LABELS] + [float(p.ner_label is None)]
        row += [float(p.qualified), float(p.feature_hint), float(len(span)), float(len(span.text)),
                float(span.text.isupper() and len(span.text) > 1),
                float(all(t.text[:1].isupper() for t in words)), float(span[0].is_sent_start)]
        row += [float(span.root.pos_ == tag) for tag in POS_TAGS]
        row += [float(len(words) == 1 and words[0].is_stop), float(span.text.lower() in lower_words)]
        row += [float(before is not None and before.lower_ in LOCATIVE_WORDS),
                float(before is not None and before.lower_ == "of"),
                float(before is not None and before.lower_ == "the"),
                float(before is not None and before.text == ","),
                float(before is not None and before.lower_ in TITLE_WORDS),
                float(before is not None and before.text[:1].isupper() and not before.is_sent_start),
                float(before is None)]
        row += [float(after is not None and after.lower_ in FEATURE_AFTER),
                float(after is not None and after.lower_ in SPEECH_WORDS),
                float(after is not None and after.text in ("'s", "’s", "'", "’")),
                float(after is not None and after.text[:1].isupper()),
                float(after is not None and after.text == ","),
                float(after is not None and after.pos_ in ("VERB", "AUX")),
                float(after is None)]
        row += [math.log10(1 + pop), math.log10(1 + count),
                *(float(bool(kind & bit)) for bit in (stats.COUNTRY_OR_REGION, stats.ADMIN1, stats.ADMIN2,
                                                      stats.POPULATED, stats.CODE_ONLY)),
                float(count == 0)]
        row += [float(key_counts[p.name_key] - 1), float(strong_keys[p.name_key] - own_strong > 0),
                float(len(words) == 1 and words[0].lower_ in person_words and p.ner_label != "PERSON")]
        row += [float(strong_in_sentence[span.sent.start] - own_strong),
                float(_coordinated_with(doc, span, strong_starts, strong_ends))]
        rows.append(row)
    return np.array(rows, dtype=float).reshape(len(proposals), len(feature_names()))


@lru_cache(maxsize=4)
def load_model(path: Path) -> Trees:
    """The span selector; ``probability`` of a row of span_features is that the span names a place."""
    return load_trees(path, feature_names(), TRAINER)


def select(doc: Doc, proposals: list[Proposal], settings: Settings) -> list[bool]:
    """Which proposals are place names."""
    if not proposals:
        return []
    model = load_model(settings.place_span_model)
    features = span_features(doc, proposals, settings.gazetteer_db)
    return list(model.probability(features) >= model.decision_threshold)
