"""How certain a claim is presented: asserted, reported, claimed, unconfirmed, denied or disputed."""
from __future__ import annotations

import re

from spacy.tokens import Span, Token

from flows.analyze.claims.statements import Attribution

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


def _governors(token: Token) -> list[Token]:
    """The token and the words governing it, up to a coordination: the verb of "..., but his party
    holds a majority" does not govern the clause before the "but"."""
    chain = [token]
    while token.head.i != token.i and token.dep_ != "conj":
        token = token.head
        chain.append(token)
    return chain


def certainty_of(sent: Span, attribution: Attribution, negated: bool,
                 within: Token | None = None) -> tuple[str, str | None]:
    """The claim's certainty and its cue. With ``within`` (a quantity's phrase), a verb that denies
    or disputes before the phrase counts only when it governs it: "rejected calls for early
    elections, but his party holds a one-seat majority" denies no majority; one after it may deny
    what was said before ("police said a .38 revolver was recovered, but the family denied it")."""
    text = sent.text
    verb_cues = {_CERTAINTY_VERBS[t.lemma_.lower()]: t.text for t in sent
                 if t.pos_ == "VERB" and t.dep_ != "amod" and t.lemma_.lower() in _CERTAINTY_VERBS
                 and (within is None or t.i > within.i or t in _governors(within))}
    for certainty, pattern in _CERTAINTY_CUES:
        match = pattern.search(text)
        if match or certainty in verb_cues:
            return certainty, match.group(0) if match else verb_cues[certainty]
    if negated:
        return "denied", "not"
    if attribution.speaker or attribution.cited:
        if attribution.verb is not None:
            return "reported", attribution.verb.text
        return "reported", attribution.cue or attribution.cited[0]["cue"]
    return "asserted", None


