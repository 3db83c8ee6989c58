"""Event claims: territory changing hands, attacks and protests, with who acts and what is acted on."""
from __future__ import annotations

import re

from spacy.tokens import Span, Token

from flows.analyze.claims.actors import PRONOUNS, split_name_title
from flows.analyze.claims.statements import SPEAKER_NOUNS, subject_of

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

def _is_event_noun(token: Token) -> bool:
    """A protest noun is an event only where something happens to it ("protests were held"), not
    where it refers back to one ("took part in the rally")."""
    return token.lemma_.lower() in EVENT_VERBS["protest"] and token.head.lemma_.lower() in _HAPPENING_VERBS


def _patient(verb: Token) -> Token | None:
    """What a verb is done to: its object, or its subject when passive."""
    return next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)


def _is_person_like(token: Token | None) -> bool:
    return token is not None and (token.ent_type_ == "PERSON" or token.lemma_.lower() in SPEAKER_NOUNS | _PEOPLE_NOUNS)


def event_verbs(sent: Span) -> list[tuple[str, Token]]:
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


def _is_place(token: Token, places: list[dict]) -> bool:
    return token.ent_type_ in ("GPE", "LOC", "FAC") or token.lemma_.lower() in _TERRITORY_NOUNS or any(
        p["char_start"] <= token.idx < p["char_end"] for p in places)


def event_actors(verb: Token, places: list[dict]) -> list[dict]:
    """Subject (who acts) and object (what or whom it is done to) of an event verb."""
    mentions = []
    subject = subject_of(verb)
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




# Modal auxiliaries and intent verbs that make an event possible, planned or conditional, not a fact.
_MODALS = frozenset({"would", "could", "might", "may", "should", "must", "can", "will", "shall", "'d", "'ll"})
_INTENT_VERBS = frozenset({"plan", "prepare", "threaten", "try", "attempt", "aim", "want", "intend", "seek",
                           "vow", "hope", "expect", "go", "set", "vote", "propose", "promise", "pledge", "fail"})
_CONDITIONS = frozenset({"if", "unless", "whether"})
_YEAR_IN_TEXT = re.compile(r"\b(1[89]\d\d|20\d\d)s?\b")
_AGO = re.compile(r"\b(years|decades|centuries|generations) (ago|earlier|before)\b", re.IGNORECASE)


def _clause_head(verb: Token) -> Token:
    """The verb a coordinated verb shares its auxiliaries with ("could capture and hold")."""
    while verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        verb = verb.head
    return verb


def _tense(verb: Token) -> str:
    head = _clause_head(verb)
    auxes = [c for c in head.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in ("will", "shall", "'ll") for a in auxes) or (
            head.dep_ == "xcomp" and head.head.lemma_ == "go" and "Prog" in head.head.morph.get("Aspect")):
        return "future"
    if "Past" in head.morph.get("Tense") or any("Past" in a.morph.get("Tense") for a in auxes):
        return "past"
    return "present"


def is_hypothetical(verb: Token) -> bool:
    """Modal ("would be targeted"), planned ("preparing to take") or conditional ("if they capture")."""
    head = _clause_head(verb)
    if any(c.dep_ in ("aux", "auxpass") and c.lower_ in _MODALS for c in head.children):
        return True
    if head.dep_ == "xcomp" and head.head.lemma_.lower() in _INTENT_VERBS:
        return True
    return head.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _CONDITIONS for c in head.children)


def _is_background(verb: Token, attributed: bool) -> bool:
    """History told as background: a span of years ("from 1979 to 1989"), "decades ago", a year well
    before the latest one the document mentions, or the past perfect in the writer's own voice."""
    head = _clause_head(verb)
    clause = head.doc[head.left_edge.i:head.right_edge.i + 1].text
    years = [int(y) for y in _YEAR_IN_TEXT.findall(clause)]
    if len(years) >= 2 and years[0] < years[1] or _AGO.search(clause):
        return True
    latest = max((int(y) for e in head.doc.ents if e.label_ == "DATE" for y in _YEAR_IN_TEXT.findall(e.text)),
                 default=None)
    if years and latest is not None and max(years) <= latest - 2:
        return True
    past_perfect = head.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ == "had" for c in head.children)
    return past_perfect and not attributed


def event_frame(verb: Token, attributed: bool) -> dict:
    """Tense (past | present | future) and modality of an event: ``actual``, ``background``
    (history, not news) or ``hypothetical`` (modal, planned, future or conditional)."""
    tense = _tense(verb)
    if tense == "future" or is_hypothetical(verb):
        modality = "hypothetical"
    elif _is_background(verb, attributed):
        modality = "background"
    else:
        modality = "actual"
    return {"tense": tense, "modality": modality}
