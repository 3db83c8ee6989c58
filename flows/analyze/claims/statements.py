"""Attributed statements: who a sentence's content is attributed to, through which verb, outlet or channel.

Reads one claim unit's dependency parse; quotations spanning several units take the attribution
found next to them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from flows.analyze.claims.actors import PRONOUNS, TITLE_WORDS, split_name_title

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
# Subjects that can speak: people, groups and institutions (proper names and pronouns always can).
SPEAKER_NOUNS = frozenset(["official", "people", "analyst", "commander", "minister", "spokesman", "spokeswoman", "spokesperson", "source", "resident", "witness", "diplomat", "expert", "leader", "force", "militant", "fighter", "soldier", "police", "government", "ministry", "group", "movement", "correspondent", "journalist", "reporter", "agency", "chief", "president", "member", "lawmaker", "activist", "doctor", "officer", "authority", "organisation", "organization", "army", "military", "party", "campaigner", "observer", "investigator", "elder"])
CHANNELS = {"tweet": "Twitter", "twitter": "Twitter", "facebook": "Facebook", "telegram": "Telegram",
            "instagram": "Instagram", "youtube": "YouTube", "whatsapp": "WhatsApp", "x": "X"}

_QUOTE_OPEN = "“‘\"«"
_QUOTE_CLOSE = "”’\"»"


@dataclass
class Attribution:
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


def subject_of(verb: Token) -> Token | None:
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
    return (subject.pos_ == "PROPN" or subject.lower_ in PRONOUNS or subject.lemma_.lower() in SPEAKER_NOUNS
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


def _followed_by(token: Token, word: str) -> Token | None:
    """The next token when it is ``word``; None at the end of the document, where there is none."""
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return following if following is not None and following.lower_ == word else None


def attribution_of(sent: Span) -> Attribution:
    found = Attribution()
    for token in sent:
        if token.lower_ == "according" and (to := _followed_by(token, "to")) is not None:
            obj = next((c for c in to.children if c.dep_ == "pobj"), None)
            if obj is not None:
                found.cited.append(_cited_named(obj, "according to"))
        elif token.lower_ in ("citing", "cited") and token.dep_ != "ROOT":
            obj = next((c for c in token.children if c.dep_ in ("dobj", "pobj")), None)
            if obj is not None:
                found.cited.append(_cited_named(obj, "citing"))
        elif token.lower_ == "inputs" and (source := _followed_by(token, "from")) is not None:
            obj = next((c for c in source.children if c.dep_ == "pobj"), None)
            if obj is not None:
                found.cited.append(_cited_named(obj, "inputs from"))
        if token.pos_ == "VERB" and token.lemma_.lower() in REPORTING_VERBS and found.verb is None:
            _reporting(token, found)
    return found


def _reporting(verb: Token, found: Attribution) -> None:
    lemma = verb.lemma_.lower()
    subject = subject_of(verb)
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



def attach_quotations(text: str, units: list[tuple[int, Span]], attributions: list[Attribution]) -> None:
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


