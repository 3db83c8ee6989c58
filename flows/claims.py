"""Claims in one parsed document: attributed statements, events and quantities, each with certainty.

Works on the analysis stage's single spaCy parse (dependency tree, NER) and the place mentions the
places recogniser found in the same document. Rows omit ``document_id``; the analysis stage adds it.
dbt resolves actors, sources and places and clusters claims across documents.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyarrow as pa
from spacy.tokens import Doc, Span, Token

from flows.claims_actors import (
    PRONOUNS,
    TITLE_WORDS,
    name_key,
    resolve_names,
    split_name_title,
)
from flows.claims_quantities import quantities

CLAIM_TYPES = ("statement", "event", "quantity")

RAW_TABLES: dict[str, pa.Schema] = {
    "claims": pa.schema([
        ("document_id", pa.string()),
        ("claim_index", pa.int32()),
        ("sentence_index", pa.int32()),
        ("claim_type", pa.string()),        # statement | event | quantity
        ("event_kind", pa.string()),        # control_change | attack | protest (events only)
        ("claim_text", pa.string()),
        ("char_start", pa.int32()),
        ("char_end", pa.int32()),
        ("reporting_verb", pa.string()),    # lemma: say, tweet, tell, claim, report...
        ("quote_kind", pa.string()),        # direct | indirect (attributed claims only)
        ("certainty", pa.string()),
        ("certainty_cue", pa.string()),     # the words that set the certainty
        ("negated", pa.bool_()),
    ]),
    "claim_quantities": pa.schema([
        ("document_id", pa.string()),
        ("claim_index", pa.int32()),
        ("value", pa.float64()),
        ("value_low", pa.float64()),
        ("value_high", pa.float64()),
        ("bound", pa.string()),             # exact | lower | upper | approximate | range | vague
        ("unit", pa.string()),              # lemma of what is counted: fighter, district
        ("counted", pa.string()),           # as written: "Taliban fighters"
        ("outcome", pa.string()),           # what happened to it: "killed or injured"
        ("surface", pa.string()),
        ("char_start", pa.int32()),
        ("char_end", pa.int32()),
    ]),
    "claim_actor_mentions": pa.schema([
        ("document_id", pa.string()),
        ("claim_index", pa.int32()),
        ("mention_role", pa.string()),      # speaker | subject | object
        ("name", pa.string()),              # as written, titles removed; null for unnamed actors
        ("title", pa.string()),             # title or role: "Defence Minister General"
        ("phrase", pa.string()),            # the whole noun phrase as written
        ("entity_label", pa.string()),
        ("name_key", pa.string()),          # transliteration-insensitive key: Massoud = Masood
        ("char_start", pa.int32()),
        ("char_end", pa.int32()),
    ]),
    "claim_place_refs": pa.schema([
        ("document_id", pa.string()),
        ("claim_index", pa.int32()),
        ("mention_index", pa.int32()),      # places' place_mentions.mention_index
    ]),
    "cited_sources": pa.schema([
        ("document_id", pa.string()),
        ("claim_index", pa.int32()),        # null when the whole document cites it ("with inputs from AFP")
        ("surface", pa.string()),           # as written: "Tolo News", "Twitter", "former Afghan government officials"
        ("cue", pa.string()),               # according to | reports | citing | quoted | inputs from | channel
        ("source_kind", pa.string()),       # named | channel | unnamed
    ]),
}

REPORTING_VERBS = frozenset({
    "say", "tell", "tweet", "claim", "confirm", "report", "write", "post", "state", "add", "announce",
    "declare", "deny", "insist", "allege", "warn", "quote", "contend", "assert", "reiterate",
    "suggest", "acknowledge", "admit", "explain", "reveal", "vow", "pledge", "promise", "threaten",
    "dispute", "reject", "condemn", "dismiss", "accuse",
})
# Reporting verbs that also have non-reporting uses ("this incident added signs of ..."): their
# subject must be a person, group or institution word, not just any noun.
_AMBIGUOUS_VERBS = frozenset({"add", "suggest", "reveal", "explain", "state", "post", "write", "confirm", "report"})
# Subjects that never speak; report-like ones are cited as unnamed sources instead.
_NON_SPEAKERS = frozenset({"it", "there", "this", "that", "which", "what"})
# Lemmas (or lemma + particle) naming territory changing hands, attacks and protests.
EVENT_VERBS = {
    "control_change": frozenset({
        "capture", "recapture", "retake", "liberate", "reclaim", "occupy", "seize", "overrun",
        "conquer", "free", "regain", "wrest", "take back", "take over", "fall to", "take control",
        "win back", "take", "lose",
    }),
    "attack": frozenset({"attack", "bomb", "shell", "strike", "ambush", "raid", "assault", "storm", "target"}),
    "protest": frozenset({"protest", "march", "demonstrate", "rally"}),
}
# "take" and "lose" are only control changes with a place or territory word as object.
_TERRITORY_ONLY = frozenset({"take", "lose"})
_TERRITORY_NOUNS = frozenset({"district", "town", "city", "province", "area", "village", "region", "valley",
                              "territory", "capital", "base", "airport", "border", "crossing", "control"})
# Verbs under which a protest noun is an event happening.
_HAPPENING_VERBS = frozenset({"hold", "stage", "erupt", "break", "organise", "organize", "spread", "continue",
                              "begin", "occur", "take", "turn", "grow", "call"})
# Patients that make "capture" a capture of people, not territory.
_PEOPLE_NOUNS = frozenset({"people", "person", "civilian", "soldier", "hostage", "prisoner", "journalist",
                           "worker", "child", "woman", "man", "fighter", "militant", "rebel", "suspect"})
# Subjects that can speak: people, groups and institutions (proper names and pronouns always can).
_SPEAKER_NOUNS = frozenset(["official", "people", "analyst", "commander", "minister", "spokesman", "spokeswoman", "spokesperson", "source", "resident", "witness", "diplomat", "expert", "leader", "force", "militant", "fighter", "soldier", "police", "government", "ministry", "group", "movement", "correspondent", "journalist", "reporter", "agency", "chief", "president", "member", "lawmaker", "activist", "doctor", "officer", "authority", "organisation", "organization", "army", "military", "party", "campaigner", "observer", "investigator", "elder"])
CHANNELS = {"tweet": "Twitter", "twitter": "Twitter", "facebook": "Facebook", "telegram": "Telegram",
            "instagram": "Instagram", "youtube": "YouTube", "whatsapp": "WhatsApp", "x": "X"}

# Certainty cues in precedence order; the strongest found wins.
_CERTAINTY_CUES: list[tuple[str, re.Pattern]] = [
    ("disputed", re.compile(r"\b(differing|conflicting|contradictory|contrary) (reports|accounts|claims)\b"
                            r"|\bcontended\b.*\bnot\b", re.IGNORECASE)),
    ("denied", re.compile(r"\bdenial\b", re.IGNORECASE)),
    ("unconfirmed", re.compile(r"\bunconfirmed\b|\bunverified\b|\bnot (been )?(independently )?(verified|confirmed)\b"
                               r"|\bcould not (be )?(independently )?(verif|confirm)", re.IGNORECASE)),
    ("claimed", re.compile(r"\bclaim(s|ed|ing)?\b|\ballege(d|dly|s)?\b|\bpurported(ly)?\b|\balleging\b", re.IGNORECASE)),
    ("reported", re.compile(r"\breported(ly)?\b|\breports?\b|\baccording to\b|\bsaid to\b|\bcited\b|\bciting\b", re.IGNORECASE)),
]
# Verbs that dispute or deny what they govern; as adjectives ("the disputed election") they do not.
_CERTAINTY_VERBS = {"dispute": "disputed", "contradict": "disputed", "refute": "disputed", "contest": "disputed",
                    "deny": "denied", "reject": "denied", "dismiss": "denied"}
_QUOTE_OPEN = "“‘\"«"
_QUOTE_CLOSE = "”’\"»"


@dataclass
class _Attribution:
    """Who a sentence's content is attributed to, and through which outlet or channel."""
    verb: Token | None = None
    speaker: dict | None = None
    co_speakers: list[dict] = field(default_factory=list)
    cited: list[dict] = field(default_factory=list)
    quote_kind: str | None = None


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of quotations; a quote left open runs on into the next paragraph only if
    that paragraph opens with a quote mark (news style for multi-paragraph quotes)."""
    spans: list[tuple[int, int]] = []
    start = None
    for i, ch in enumerate(text):
        nxt = text[i + 1:i + 2]
        if start is None:
            if ch in _QUOTE_OPEN and (i == 0 or not text[i - 1].isalnum()):
                start = i
        elif ch in _QUOTE_CLOSE and not nxt.isalnum():
            spans.append((start, i + 1))
            start = None
        elif ch == "\n" and not text[i + 1:].lstrip(" ").startswith(tuple(_QUOTE_OPEN)):
            spans.append((start, i))
            start = None
    if start is not None:
        spans.append((start, len(text)))
    # Adjacent paragraphs of one quotation become one span.
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and text[merged[-1][1]:s].strip() == "" and "\n" in text[merged[-1][1] - 1:s + 1] \
                and text[merged[-1][1] - 1] not in _QUOTE_CLOSE:
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


def _subject(verb: Token) -> Token | None:
    for candidate in (verb, verb.head if verb.dep_ in ("conj", "xcomp") else None):
        if candidate is None:
            continue
        subject = next((c for c in candidate.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            return subject
    return None


def _cited_named(token: Token, cue: str) -> dict:
    channel = CHANNELS.get(token.lower_)
    if channel:
        return {"surface": channel, "cue": cue, "source_kind": "channel"}
    name = split_name_title(token)["name"]
    if name:  # "the local TV station Tolo News" cites "Tolo News"
        return {"surface": name, "cue": cue, "source_kind": "named"}
    words = [t for t in token.subtree if t.dep_ not in ("punct", "relcl") and t.lower_ not in ("the", "a")]
    return {"surface": "".join(t.text_with_ws for t in words).strip(), "cue": cue, "source_kind": "unnamed"}


def _can_speak(subject: Token, lenient: bool = False) -> bool:
    """Whether a subject can be a speaker; ``lenient`` accepts any noun ("the carmaker announced")."""
    if subject.lower_ in _NON_SPEAKERS:
        return False
    return (subject.pos_ == "PROPN" or subject.lower_ in PRONOUNS or subject.lemma_.lower() in _SPEAKER_NOUNS
            or subject.lower_ in TITLE_WORDS or subject.ent_type_ in ("PERSON", "ORG", "NORP")
            or (lenient and subject.pos_ == "NOUN" and not subject.lower_.endswith("ing")))  # not "Writing in ..."


def _speaker(subject: Token) -> dict:
    mention = split_name_title(subject)
    if mention["name"] is None:
        # Unnamed speakers keep their whole description: "people close to Ahmad Massoud".
        words = [t for t in subject.subtree if t.dep_ not in ("relcl", "punct", "appos")
                 and not (t.i == subject.left_edge.i and t.lower_ in ("the", "a", "an"))]
        mention["pronoun"] = subject.lower_ in PRONOUNS
        mention["title"] = None if mention["pronoun"] else "".join(t.text_with_ws for t in words).strip()
    return mention


def _attribution(sent: Span) -> _Attribution:
    found = _Attribution()
    for token in sent:
        if token.lower_ == "according" and token.nbor(1).lower_ == "to":
            obj = next((c for c in token.nbor(1).children if c.dep_ == "pobj"), None)
            if obj is not None:
                found.cited.append(_cited_named(obj, "according to"))
        elif token.lower_ in ("citing", "cited") and token.dep_ != "ROOT":
            obj = next((c for c in token.children if c.dep_ in ("dobj", "pobj")), None)
            if obj is not None:
                found.cited.append(_cited_named(obj, "citing"))
        elif token.lower_ == "inputs" and token.nbor(1).lower_ == "from":
            obj = next((c for c in token.nbor(1).children if c.dep_ == "pobj"), None)
            if obj is not None:
                found.cited.append(_cited_named(obj, "inputs from"))
        if token.pos_ == "VERB" and token.lemma_.lower() in REPORTING_VERBS and found.verb is None:
            _reporting(token, found)
    return found


def _reporting(verb: Token, found: _Attribution) -> None:
    lemma = verb.lemma_.lower()
    subject = _subject(verb)
    if lemma == "quote":  # "Tolo News quoted a local police commander as saying ..."
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if subject is not None:
            found.cited.append(_cited_named(subject, "quoted"))
        subject = obj
    elif lemma == "report" and subject is not None and subject.pos_ == "PROPN":
        # "reports Newsweek", "Republic has reported": the subject is an outlet, not a speaker.
        found.cited.append(_cited_named(subject, "reports"))
        found.verb = verb
        return
    if subject is None or subject.dep_ == "nsubjpass":
        return  # "clashes were reported": the subject is the content, not who reports it
    if subject.lemma_.lower() in ("report", "account", "medium", "image", "photo", "video"):
        found.cited.append({"surface": _speaker(subject)["title"], "cue": lemma, "source_kind": "unnamed"})
        found.verb = verb
        return
    if not _can_speak(subject, lenient=lemma not in _AMBIGUOUS_VERBS):
        # A mis-parsed subject ("Writing in Persian, Minister X said") may still hold a person.
        subject = next((t for t in subject.subtree if t.ent_type_ == "PERSON" and t.ent_iob_ != "O"
                        and t.head.ent_type_ != "PERSON"), None)
        if subject is None:
            return
    found.verb = verb
    found.speaker = _speaker(subject)
    # "Amrullah Saleh and Ahmed Masood vowed ...": every coordinated subject speaks.
    found.co_speakers = [_speaker(c) for c in subject.conjuncts if _can_speak(c)]
    channel = next((CHANNELS[t.lower_] for t in [verb, *verb.subtree] if t.lower_ in CHANNELS
                    and verb in (t, t.head, t.head.head)), None)
    if channel is None and lemma == "tweet":
        channel = "Twitter"
    if channel:
        found.cited.append({"surface": channel, "cue": "channel", "source_kind": "channel"})


def _is_event_noun(token: Token) -> bool:
    """A protest noun is an event only where something happens to it ("protests were held"), not
    where it refers back to one ("took part in the rally")."""
    return token.lemma_.lower() in EVENT_VERBS["protest"] and token.head.lemma_.lower() in _HAPPENING_VERBS


def _patient(verb: Token) -> Token | None:
    """What a verb is done to: its object, or its subject when passive."""
    return next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)


def _is_person_like(token: Token | None) -> bool:
    return token is not None and (token.ent_type_ == "PERSON" or token.lemma_.lower() in _SPEAKER_NOUNS | _PEOPLE_NOUNS)


def _event_verbs(sent: Span) -> list[tuple[str, Token]]:
    """(event_kind, verb) pairs, at most one per kind: a sentence restating one event with two verbs
    ("marched ... to protest") is one claim."""
    found: list[tuple[str, Token]] = []
    for token in sent:
        if not (token.pos_ == "VERB" or (token.pos_ == "NOUN" and _is_event_noun(token))):
            continue
        lemma = token.lemma_.lower()
        particles = [c.lower_ for c in token.children if c.dep_ in ("prt", "advmod", "prep", "dobj")]
        keys = [lemma, *(f"{lemma} {p}" for p in particles)]
        for kind, verbs in EVENT_VERBS.items():
            if not any(k in verbs for k in keys):
                continue
            if kind == "control_change" and lemma in _TERRITORY_ONLY and not any(k in verbs for k in keys[1:]) \
                    and not any(t.lemma_.lower() in _TERRITORY_NOUNS for t in token.subtree):
                continue
            if kind == "control_change" and _is_person_like(_patient(token)):
                continue  # "45 soldiers were captured" is not territory changing hands
            if kind == "protest" and token.pos_ == "VERB" and any(c.dep_ == "dobj" for c in token.children):
                continue  # "rallied his forces", "marched troops": not a protest
            if any(k == kind for k, _ in found):
                continue
            found.append((kind, token))
            break
    return found


def _certainty(sent: Span, attribution: _Attribution, negated: bool) -> tuple[str, str | None]:
    text = sent.text
    verb_cues = {_CERTAINTY_VERBS[t.lemma_.lower()]: t.text for t in sent
                 if t.pos_ == "VERB" and t.dep_ != "amod" and t.lemma_.lower() in _CERTAINTY_VERBS}
    for certainty, pattern in _CERTAINTY_CUES:
        match = pattern.search(text)
        if match or certainty in verb_cues:
            return certainty, match.group(0) if match else verb_cues[certainty]
    if negated:
        return "denied", "not"
    if attribution.speaker or attribution.cited:
        return "reported", attribution.verb.text if attribution.verb is not None else attribution.cited[0]["cue"]
    return "asserted", None


def _is_place(token: Token, places: list[dict]) -> bool:
    return token.ent_type_ in ("GPE", "LOC", "FAC") or token.lemma_.lower() in _TERRITORY_NOUNS or any(
        p["char_start"] <= token.idx < p["char_end"] for p in places)


def _event_actors(verb: Token, places: list[dict]) -> list[dict]:
    """Subject (who acts) and object (what or whom it is done to) of an event verb."""
    mentions = []
    subject = _subject(verb)
    passive = subject is not None and subject.dep_ == "nsubjpass"
    agent = next((g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
    to_obj = next((g for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"
                   for g in c.children if g.dep_ == "pobj"), None) if verb.lemma_.lower() == "fall" else None
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    roles = [("subject", agent if passive else (to_obj or subject)),
             ("object", subject if passive or to_obj is not None else obj)]
    for role, token in roles:
        if token is None or token.lower_ in PRONOUNS | {"it", "which", "that", "who"} or _is_place(token, places):
            continue  # places are linked through claim_place_refs, not as actors
        mention = split_name_title(token)
        if mention["name"] is None and mention["title"] is None:
            continue
        mentions.append({"mention_role": role, **mention})
    return mentions


def _is_negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def _segments(doc: Doc) -> list[tuple[int, Span]]:
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


def _attach_quotations(text: str, units: list[tuple[int, Span]], attributions: list[_Attribution]) -> None:
    """Every unit of a quotation takes the attribution found in any unit it touches, or in the unit
    right after it ("..., he said."), or else in the same paragraph's previous quotation
    ("“...,” the minister said. “...”")."""
    for q_start, q_end in _quote_spans(text):
        touched = [i for i, (_, u) in enumerate(units) if u.start_char < q_end and u.end_char > q_start]
        if not touched:
            continue
        candidates = [*touched, touched[-1] + 1] if touched[-1] + 1 < len(units) else touched
        owner = next((attributions[i] for i in candidates if attributions[i].speaker), None)
        before = touched[0] - 1
        if owner is None and before >= 0 and attributions[before].quote_kind == "direct" \
                and "\n" not in text[units[before][1].end_char:q_start]:
            owner = attributions[before]
        for i in touched:
            if owner is not None and attributions[i].verb is None:
                attributions[i] = owner
            if attributions[i].speaker:
                attributions[i].quote_kind = "direct"


def extract(doc: Doc, per_doc_rows: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Rows for every table in ``RAW_TABLES`` (without document_id) from one parsed document."""
    places = per_doc_rows.get("place_mentions", [])
    units = _segments(doc)
    attributions = [_attribution(u) for _, u in units]
    _attach_quotations(doc.text, units, attributions)
    tables: dict[str, list[dict]] = {name: [] for name in RAW_TABLES}
    mentions: list[dict] = []

    def add_claim(sentence_index: int, unit: Span, claim_type: str, attribution: _Attribution, negated: bool,
                  event_kind: str | None = None, scope: Token | None = None) -> int:
        """Add one claim; its places are those inside ``scope``'s clause (else the unit), outside
        the speaker's own description ("Banu's former police chief")."""
        claim_index = len(tables["claims"])
        certainty, cue = _certainty(unit, attribution, negated)
        verb = attribution.verb
        tables["claims"].append({
            "claim_index": claim_index, "sentence_index": sentence_index, "claim_type": claim_type,
            "event_kind": event_kind, "claim_text": unit.text.strip(), "char_start": unit.start_char,
            "char_end": unit.end_char, "reporting_verb": verb.lemma_.lower() if verb is not None else None,
            "quote_kind": (attribution.quote_kind or "indirect") if attribution.speaker else None,
            "certainty": certainty, "certainty_cue": cue, "negated": negated,
        })
        for speaker in filter(None, [attribution.speaker, *attribution.co_speakers]):
            mentions.append({"claim_index": claim_index, "mention_role": "speaker", **speaker})
        tables["cited_sources"].extend({"claim_index": claim_index, **c} for c in attribution.cited)
        start, end = (scope.left_edge.idx, scope.right_edge.idx + len(scope.right_edge)) if scope is not None \
            else (unit.start_char, unit.end_char)
        speaker = attribution.speaker or {"char_start": -1, "char_end": -1}
        tables["claim_place_refs"].extend(
            {"claim_index": claim_index, "mention_index": p["mention_index"]} for p in places
            if start <= p["char_start"] < end and not speaker["char_start"] <= p["char_start"] < speaker["char_end"])
        return claim_index

    for (sentence_index, unit), attribution in zip(units, attributions):
        if not any(ch.isalnum() for ch in unit.text):
            continue  # a stray closing quote or dash left alone by the sentence splitter
        n_claims = len(tables["claims"])
        if attribution.speaker:
            add_claim(sentence_index, unit, "statement", attribution, _is_negated(attribution.verb))
        for kind, verb in _event_verbs(unit):
            claim_index = add_claim(sentence_index, unit, "event", attribution, _is_negated(verb), kind, scope=verb)
            mentions.extend({"claim_index": claim_index, **m} for m in _event_actors(verb, places))
        for quantity in quantities(unit):
            claim_index = add_claim(sentence_index, unit, "quantity", attribution, False)
            tables["claim_quantities"].append({"claim_index": claim_index, **quantity})
        if len(tables["claims"]) == n_claims and attribution.cited:
            # A citation with no claim of its own ("with inputs from AFP") credits the whole document.
            tables["cited_sources"].extend({"claim_index": None, **c} for c in attribution.cited)

    known_names = [(e.start_char, e.text) for e in doc.ents if e.label_ == "PERSON" and " " in e.text]
    resolve_names(mentions, known_names)
    for mention in mentions:
        mention["name_key"] = name_key(mention["name"]) if mention["name"] else None
    tables["claim_actor_mentions"] = [
        {k: m.get(k) for k in RAW_TABLES["claim_actor_mentions"].names if k != "document_id"} for m in mentions
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
            "cited_sources": [c["surface"] for c in cited_by.get(index, [])],
            "certainty": claim["certainty"],
            "actors": [{"role": a["mention_role"], "name": a["name"], "title": a["title"]}
                       for a in actors_by.get(index, []) if a["mention_role"] != "speaker"],
            "quantities": [{k: q[k] for k in ("value", "value_low", "value_high", "bound", "unit", "counted", "outcome")}
                           for q in quantities_by.get(index, [])],
            "places": [places_by_mention_index.get(p["mention_index"], p["mention_index"])
                       for p in places_by.get(index, [])],
        })
    return out
