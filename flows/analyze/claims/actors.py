"""Actors in claims: the name as written, with titles and roles kept apart from it.

"Defence Minister General Bismillah Mohammadi" is name "Bismillah Mohammadi", title "Defence
Minister General"; "Ghani Andarabi, a former local police commander" is name "Ghani Andarabi",
title "former local police commander"; "a local police commander" is an unnamed actor with title.
"""
from __future__ import annotations

import re
import unicodedata

from spacy.tokens import Token

from flows.analyze.nlp import text_of

# Words that make a title rather than a name when they precede a proper name.
TITLE_WORDS = frozenset(["mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lord", "lady", "gen", "gen.", "general", "lt", "lt.", "col", "col.", "colonel", "maj", "major", "capt", "captain", "commander", "chief", "minister", "president", "vice", "vice-president", "prime", "secretary", "spokesman", "spokeswoman", "spokesperson", "ambassador", "governor", "mayor", "senator", "rep", "rep.", "representative", "deputy", "leader", "head", "director", "official", "officer", "marshal", "admiral", "sergeant", "sheikh", "mullah", "imam", "king", "queen", "prince", "emir", "correspondent", "reporter", "editor", "analyst", "foreign", "defence", "defense", "interior", "home", "former", "acting", "deposed", "late", "top", "senior", "local", "police", "army", "chair", "chairman", "chairwoman", "ceo", "founder", "envoy"])
# Pronoun speakers are resolved to the last named speaker of the document.
PRONOUNS = frozenset({"he", "she", "they", "him", "her", "them"})
_DETERMINERS = frozenset({"a", "an", "the"})
# Descriptions that stand for a news outlet named earlier ("the influential US daily").
OUTLET_NOUNS = frozenset({"daily", "newspaper", "paper", "tabloid", "weekly", "magazine", "broadcaster", "network",
                          "outlet", "publication", "channel", "station", "agency", "website", "site", "journal"})


_MODIFIER_DEPS = frozenset({"compound", "amod", "det", "poss", "case", "nmod", "flat", "nummod", "advmod"})


def _phrase_tokens(head: Token) -> list[Token]:
    """The head with its left modifiers, leaving out clauses, appositions and prepositions."""
    tokens = [head]
    pending = [(head, True)]
    while pending:
        token, is_head = pending.pop()
        for child in (token.lefts if is_head else token.children):
            if child.dep_ in _MODIFIER_DEPS:
                tokens.append(child)
                pending.append((child, False))
    tokens = sorted(tokens, key=lambda t: t.i)
    # Keep the unbroken run ending at the head: a mis-attached "Persian, " before it is not a title.
    start = len(tokens) - 1
    while start > 0 and tokens[start - 1].i == tokens[start].i - 1:
        start -= 1
    return tokens[start:] if tokens[-1] == head else tokens


def _is_name_token(token: Token) -> bool:
    return token.pos_ == "PROPN" and token.text[:1].isupper() and token.lower_ not in TITLE_WORDS


def _name_run(tokens: list[Token], head: Token) -> list[Token]:
    """The proper-name tokens ending at the head, trimmed to a PERSON entity when one covers the head."""
    if not _is_name_token(head):
        return []
    run = [head]
    for token in reversed(tokens[:tokens.index(head)]):
        if not (_is_name_token(token) and token.i == run[0].i - 1 and token.dep_ in ("compound", "flat")):
            break
        run.insert(0, token)
    if head.ent_type_ == "PERSON":
        run = [t for t in run if t.ent_type_ == "PERSON"]
    return run


def _title_words(tokens: list[Token]) -> list[Token]:
    """A title's words: never punctuation or a bracketed dateline word ("WASHINGTON (AFP) -"), and
    none at all when only a place is left ("Kabul", "US")."""
    words = [t for t in tokens if not t.is_punct and not (t.i > 0 and t.doc[t.i - 1].text in "([")]
    return [] if all(t.ent_type_ in ("GPE", "LOC") for t in words) else words


def _span_text(first: Token, last: Token) -> str:
    return first.doc[first.i:last.i + 1].text.strip(" ,")


def split_name_title(head: Token) -> dict:
    """Name, title and span of the noun phrase headed by ``head`` (a subject, object or pobj)."""
    tokens = _phrase_tokens(head)
    name_tokens = _name_run(tokens, head)
    title_tokens = _title_words([t for t in tokens if t not in name_tokens and t.lower_ not in _DETERMINERS])
    title = _text(title_tokens)
    if not name_tokens and head.lower_ in TITLE_WORDS:
        # "Vice President of Afghanistan Amrullah Saleh": the name is the object of "of".
        of_object = next((g for c in head.rights if c.dep_ == "prep" and c.lower_ == "of"
                          for g in c.children if g.dep_ == "pobj" and _is_name_token(g)), None)
        if of_object is not None and of_object.ent_type_ == "PERSON":
            inner = split_name_title(of_object)
            return inner | {"title": _span_text(tokens[0], head.doc[of_object.i - len(inner["name"].split())]),
                            "char_start": tokens[0].idx}
    appos = next((c for c in head.children if c.dep_ == "appos"), None)
    if appos is not None:
        if name_tokens:
            first = appos.left_edge
            if first.lower_ in _DETERMINERS and first.i < appos.right_edge.i:
                first = first.doc[first.i + 1]
            title = ", ".join(filter(None, [title, _span_text(first, appos.right_edge)]))
        elif _is_name_token(appos):  # "the commander, Ghani Andarabi"
            return split_name_title(appos) | {"title": _text(tokens) or None}
    start = tokens[0].idx
    end = tokens[-1].idx + len(tokens[-1])
    return {
        "name": _text(name_tokens) if name_tokens else None,
        "title": title or None,
        "phrase": text_of(head.doc)[start:end],
        "char_start": start,
        "char_end": end,
        "entity_label": (head.ent_type_ or None) if name_tokens else None,
    }


def _text(tokens: list[Token]) -> str:
    """Tokens as written, in order, with single spaces where words were left out."""
    out = ""
    for previous, token in zip([None, *sorted(tokens, key=lambda t: t.i)], sorted(tokens, key=lambda t: t.i)):
        joined = previous is not None and previous.i == token.i - 1 and not previous.whitespace_
        out += token.text if joined or previous is None else " " + token.text
    return out.strip(" ,")


def resolve_names(mentions: list[dict], known_names: list[tuple[int, str]],
                  known_outlets: list[tuple[int, str]] = ()) -> None:
    """Within one document, in one pass in text order: a surname alone ("Mr Soroush", "Masood")
    takes the first earlier full name ending with it (``known_names`` are (char offset, name)
    pairs, plus earlier mentions); "he"/"she" take the nearest person named before them, a speaker
    or a name in the text; "they" the last speaker, named or not; an unnamed outlet ("the
    influential US daily") the nearest organisation named before it (``known_outlets``)."""
    events = sorted([*((at, 0, name) for at, name in known_names), *((at, 1, name) for at, name in known_outlets),
                     *((m["char_start"], 2, m) for m in mentions)], key=lambda e: (e[0], e[1]))
    by_surname: dict[str, str] = {}
    last_person: str | None = None
    last_outlet: str | None = None
    last_speaker: dict | None = None
    pending: list[tuple[str, bool]] = []  # names of mentions, known only after their own offset

    def learn(name: str, is_person: bool) -> None:
        nonlocal last_person
        by_surname.setdefault(name.split()[-1], name)
        if is_person:
            last_person = name

    previous_at = None
    for at, kind, item in events:
        if previous_at is not None and at > previous_at:
            for name, is_person in pending:
                learn(name, is_person)
            pending.clear()
        previous_at = at
        if kind == 0:
            learn(item, True)
            continue
        if kind == 1:
            last_outlet = item
            continue
        mention, name = item, item["name"]
        if name is None and mention.get("pronoun"):
            if mention["phrase"].lower() in ("they", "them"):
                mention["name"] = last_speaker["name"] if last_speaker else None
                mention["title"] = last_speaker["title"] if last_speaker else None
            else:
                mention["name"] = last_person
        elif name is None and _head_word(mention.get("title")) in OUTLET_NOUNS:
            mention["name"] = last_outlet
        elif name and " " not in name:
            mention["name"] = by_surname.get(name, name)
            pending.append((mention["name"], mention.get("entity_label") != "ORG"))
        elif name:
            pending.append((name, mention.get("entity_label") != "ORG"))
        if mention["mention_role"] == "speaker":
            last_speaker = mention


def _head_word(title: str | None) -> str | None:
    return title.split()[-1].lower() if title else None


def name_key(name: str) -> str:
    """Transliteration-insensitive key: per word, the first letter and the consonant skeleton with
    repeats collapsed, so "Ahmad Massoud" and "Ahmed Masood" share "ahmd msd"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z]+", ascii_name)
    keys = []
    for word in words:
        skeleton = word[0] + re.sub(r"[aeiouyw]", "", word[1:])
        keys.append(re.sub(r"(.)\1+", r"\1", skeleton))
    return " ".join(keys)
