"""The claim rows of one parsed document: attributed statements, events and quantities, each with certainty.

Works on the analysis stage's single spaCy parse (dependency tree, NER) and the place mentions the
places recogniser found in the same document. Rows omit ``document_id``; the analysis stage adds it.
dbt resolves actors, sources and places and clusters claims across documents.
"""
from __future__ import annotations

import bisect

from spacy.tokens import Doc, Span, Token

from flows.analysis_tables import CLAIM_COLUMNS
from flows.analyze.claims.actors import resolve_names
from flows.analyze.claims.attributions import attribute
from flows.analyze.claims.certainty import certainty_of
from flows.analyze.claims.events import event_actors, event_frame, event_verbs, is_hypothetical
from flows.analyze.claims.quantities import governing_verb, quantities
from flows.analyze.claims.statements import Attribution
from flows.analyze.names import person_key



def _is_negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def claim_units(doc: Doc) -> list[tuple[int, Span]]:
    """(sentence_index, span) claim units: spaCy sentences, cut again at line breaks, because
    headlines, captions and list items end without a full stop."""
    units = []
    for sentence_index, sent in enumerate(doc.sents):
        start = sent.start
        for token in sent:
            if "\n" in token.text or (token.whitespace_ == "" and "\n" in token.text_with_ws):
                if token.i > start:
                    units.append((sentence_index, doc[start:token.i]))
                start = token.i + 1
            elif token.i > start and "\n" in doc[token.i - 1].whitespace_:
                units.append((sentence_index, doc[start:token.i]))
                start = token.i
        if start < sent.end and doc[start:sent.end].text.strip():
            units.append((sentence_index, doc[start:sent.end]))
    return units


def _governing(unit_attributions: list[Attribution], owner: Attribution | None, char: int) -> Attribution:
    """The attribution an event or quantity at ``char`` falls under: the one whose content covers
    it, else the unit's owner, else one holding only citations, else none."""
    covering = next((a for a in unit_attributions if a.speaker and a.covers(char)), None)
    if covering is not None:
        return covering
    if owner is not None:
        return owner
    return next((a for a in unit_attributions if a.speaker is None), Attribution())


def _quantity_frame(phrase: Token) -> dict:
    """A figure in a conditional, modal or planned clause ("if there was just one cable down", "could
    reach 100") is hypothetical: no outlet asserts it, so it disputes no other figure."""
    verb = governing_verb(phrase)
    return {"tense": None, "modality": "hypothetical" if verb is not None and is_hypothetical(verb) else None}


def _spans(attribution: Attribution) -> dict:
    speaker = attribution.speaker or {}
    return {
        "content_start": attribution.content_span[0] if attribution.content_span else None,
        "content_end": attribution.content_span[1] if attribution.content_span else None,
        "speaker_start": speaker.get("char_start"), "speaker_end": speaker.get("char_end"),
        "cue_start": attribution.cue_span[0] if attribution.cue_span else None,
        "cue_end": attribution.cue_span[1] if attribution.cue_span else None,
    }


def claim_rows(doc: Doc, per_doc_rows: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Rows for every table in ``CLAIM_COLUMNS`` (without document_id) from one parsed document."""
    places = sorted(per_doc_rows.get("place_mentions", []), key=lambda p: p["char_start"])
    place_starts = [p["char_start"] for p in places]
    units = claim_units(doc)
    attributions, owners = attribute(doc, [u for _, u in units])
    tables: dict[str, list[dict]] = {name: [] for name in CLAIM_COLUMNS}
    mentions: list[dict] = []

    def add_claim(sentence_index: int, unit: Span, claim_type: str, attribution: Attribution, negated: bool,
                  event_kind: str | None = None, scope: Token | None = None, frame: dict | None = None,
                  phrase: Token | None = None) -> int:
        """Add one claim; its places are those inside ``scope``'s clause (else the unit), outside
        the speaker's own description ("Banu's former police chief"); a quantity's ``phrase`` limits
        the verbs that can deny it to those governing it."""
        claim_index = len(tables["claims"])
        certainty, cue = certainty_of(unit, attribution, negated, within=phrase)
        verb = attribution.verb
        tables["claims"].append({
            "claim_index": claim_index, "sentence_index": sentence_index, "claim_type": claim_type,
            "event_kind": event_kind, "claim_text": unit.text.strip(), "char_start": unit.start_char,
            "char_end": unit.end_char,
            "reporting_verb": attribution.cue or (verb.lemma_.lower() if verb is not None else None),
            "quote_kind": (attribution.quote_kind or "indirect") if attribution.speaker else None,
            "attribution_kind": attribution.kind if attribution.speaker else None,
            "certainty": certainty, "certainty_cue": cue, "negated": negated,
            **(frame or {"tense": None, "modality": None}), **_spans(attribution),
        })
        for speaker in filter(None, [attribution.speaker, *attribution.co_speakers]):
            mentions.append({"claim_index": claim_index, "mention_role": "speaker", **speaker})
        tables["cited_sources"].extend({"claim_index": claim_index, **c} for c in attribution.cited)
        start, end = (scope.left_edge.idx, scope.right_edge.idx + len(scope.right_edge)) if scope is not None \
            else (unit.start_char, unit.end_char)
        speaker = attribution.speaker or {"char_start": -1, "char_end": -1}
        tables["claim_place_refs"].extend(
            {"claim_index": claim_index, "mention_index": p["mention_index"]}
            for p in places[bisect.bisect_left(place_starts, start):bisect.bisect_left(place_starts, end)]
            if not speaker["char_start"] <= p["char_start"] < speaker["char_end"])
        return claim_index

    for (sentence_index, unit), unit_attributions, owner in zip(units, attributions, owners):
        if not any(ch.isalnum() for ch in unit.text):
            continue  # a stray closing quote or dash left alone by the sentence splitter
        n_claims = len(tables["claims"])
        for attribution in unit_attributions:
            if attribution.speaker:
                negated = attribution.verb is not None and _is_negated(attribution.verb)
                add_claim(sentence_index, unit, "statement", attribution, negated)
        for kind, verb in event_verbs(unit):
            governing = _governing(unit_attributions, owner, verb.idx)
            claim_index = add_claim(sentence_index, unit, "event", governing, _is_negated(verb), kind, scope=verb,
                                    frame=event_frame(verb, governing.speaker is not None))
            mentions.extend({"claim_index": claim_index, **m} for m in event_actors(verb, places))
        for quantity in quantities(unit):
            governing = _governing(unit_attributions, owner, quantity["char_start"])
            phrase = doc.char_span(quantity["char_start"], quantity["char_end"], alignment_mode="expand").root
            claim_index = add_claim(sentence_index, unit, "quantity", governing, False,
                                    frame=_quantity_frame(phrase), phrase=phrase)
            tables["claim_quantities"].append({"claim_index": claim_index, **quantity})
        loose = [c for a in unit_attributions if a.speaker is None for c in a.cited]
        if len(tables["claims"]) == n_claims and loose:
            # A citation with no claim of its own ("with inputs from AFP") credits the whole document.
            tables["cited_sources"].extend({"claim_index": None, **c} for c in loose)

    known_names = [(e.start_char, e.text) for e in doc.ents if e.label_ == "PERSON" and " " in e.text]
    known_outlets = [(e.start_char, e.text.removeprefix("The ").removeprefix("the ")) for e in doc.ents if e.label_ == "ORG"]
    resolve_names(mentions, known_names, known_outlets)
    for mention in mentions:
        mention["name_key"] = person_key(mention["name"]) if mention["name"] else None
    tables["claim_actor_mentions"] = [
        {k: m.get(k) for k, _ in CLAIM_COLUMNS["claim_actor_mentions"] if k != "document_id"} for m in mentions
    ]
    return tables


def to_json(per_doc_rows: dict[str, list[dict]], places_by_mention_index: dict[int, object]) -> list[dict]:
    """One JSON-ready object per claim for ``newsclaims analyze --jsonl``."""
    def by_claim(table: str) -> dict[int, list[dict]]:
        grouped: dict[int, list[dict]] = {}
        for row in per_doc_rows.get(table, []):
            grouped.setdefault(row["claim_index"], []).append(row)
        return grouped

    quantities_by, actors_by, places_by, cited_by = (by_claim(t) for t in (
        "claim_quantities", "claim_actor_mentions", "claim_place_refs", "cited_sources"))
    out = []
    for claim in per_doc_rows.get("claims", []):
        index = claim["claim_index"]
        speaker = next((a for a in actors_by.get(index, []) if a["mention_role"] == "speaker"), None)
        out.append({
            "type": claim["claim_type"],
            "event_kind": claim["event_kind"],
            "text": claim["claim_text"],
            "speaker": {"name": speaker["name"], "title": speaker["title"]} if speaker else None,
            "verb": claim["reporting_verb"],
            "quote": claim["quote_kind"],
            "attribution_kind": claim["attribution_kind"],
            "cited_sources": [c["surface"] for c in cited_by.get(index, [])],
            "certainty": claim["certainty"],
            "tense": claim["tense"],
            "modality": claim["modality"],
            "spans": {part: [claim[f"{part}_start"], claim[f"{part}_end"]]
                      for part in ("content", "speaker", "cue") if claim[f"{part}_start"] is not None},
            "actors": [{"role": a["mention_role"], "name": a["name"], "title": a["title"]}
                       for a in actors_by.get(index, []) if a["mention_role"] != "speaker"],
            "quantities": [{k: q[k] for k in ("value", "value_low", "value_high", "bound", "quantity_kind", "unit",
                                              "change", "counted", "outcome", "char_start", "char_end")}
                           for q in quantities_by.get(index, [])],
            "places": [places_by_mention_index.get(p["mention_index"], p["mention_index"])
                       for p in places_by.get(index, [])],
        })
    return out
