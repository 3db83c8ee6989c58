"""Quantities in a parsed sentence: value, bound, what is counted and what happened to it.

"more than 6,000 fighters" is a lower bound of 6,000 on fighters; "about 60" is approximate;
"between 10 and 20" a range; "three districts" a number word; "dozens of" a vague lower bound.
"""
from __future__ import annotations

import re

from spacy.tokens import Span, Token

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "dozen": 12}
# Plural scale words used alone are vague counts: record the smallest value they can mean.
_VAGUE = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2_000, "millions": 2_000_000}

# Modifier phrases before a number, longest first, with the bound they put on the value.
_BOUND_CUES = [
    ("more than", "lower"), ("over", "lower"), ("at least", "lower"), ("upwards of", "lower"),
    ("no fewer than", "lower"), ("in excess of", "lower"), ("as many as", "upper"),
    ("fewer than", "upper"), ("less than", "upper"), ("up to", "upper"), ("at most", "upper"),
    ("nearly", "upper"), ("almost", "upper"), ("under", "upper"),
    ("about", "approximate"), ("around", "approximate"), ("approximately", "approximate"),
    ("roughly", "approximate"), ("some", "approximate"), ("an estimated", "approximate"),
    ("estimated", "approximate"), ("close to", "approximate"),
]
# Counting years, days or hours is a duration or a date, not a claim about what happened.
_TIME_NOUNS = {"year", "month", "week", "day", "hour", "minute", "second", "decade", "century", "time", "am", "pm",
               "january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december"}
_NON_COUNT_ENTS = {"TIME", "ORDINAL", "MONEY", "PERCENT"}
_YEAR = re.compile(r"^1[89]\d\d$|^20\d\d$")
_DIGITS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$")


def _word_value(text: str) -> float | None:
    text = text.lower()
    if _DIGITS.match(text):
        return float(text.replace(",", ""))
    return float(_UNITS[text]) if text in _UNITS else None


def parse_number(words: list[str]) -> float | None:
    """Value of number words as written: ["6,000"], ["1.5", "million"], ["two", "hundred"]."""
    total, current, seen = 0.0, 0.0, False
    for word in (w.lower() for w in words):
        for part in word.split("-"):  # "twenty-five"
            if part in _SCALES:
                current = (current or 1) * _SCALES[part]
                if _SCALES[part] >= 1_000:
                    total, current = total + current, 0.0
            elif (value := _word_value(part)) is not None:
                current += value
            else:
                return None
            seen = True
    return total + current if seen else None


def _is_number(token: Token) -> bool:
    # The small model tags "between 10 and 20 trucks" as DATE, so only year-like DATE numbers are dropped.
    return ((token.like_num or token.lower_ in _SCALES) and token.ent_type_ not in _NON_COUNT_ENTS
            and not (token.ent_type_ == "DATE" and _YEAR.match(token.text)))


def _number_groups(sent: Span) -> list[list[Token]]:
    groups: list[list[Token]] = []
    for token in sent:
        if not _is_number(token):
            continue
        if groups and groups[-1][-1].i == token.i - 1:
            groups[-1].append(token)
        else:
            groups.append([token])
    return groups


def _bound(sent: Span, first: Token) -> tuple[str, int]:
    """Bound named by the words just before the number, and where the quantity phrase starts."""
    before = sent.doc[max(sent.start, first.i - 3):first.i]
    lowered = " ".join(t.lower_ for t in before)
    for cue, bound in _BOUND_CUES:
        if lowered == cue or lowered.endswith(" " + cue):
            return bound, first.i - len(cue.split())
    return "exact", first.i


def _counted_noun(head: Token) -> Token | None:
    """The noun a number counts: its nummod head, or the object of "of" ("222 of 421 districts")."""
    if head.dep_ == "nummod" and head.head.pos_ in ("NOUN", "PROPN"):
        return head.head
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "out"):
            objects = [c for c in child.subtree if c.dep_ == "pobj" and c.pos_ in ("NOUN", "PROPN")]
            if objects:
                return objects[-1]
    return None


def _outcome(noun: Token) -> str | None:
    """What happened to the counted things: their governing verb with its coordinated verbs."""
    verb = noun.head
    if verb.pos_ not in ("VERB",) or noun.dep_ not in ("nsubj", "nsubjpass", "dobj"):
        return None
    first = verb
    while first.dep_ == "conj" and first.head.pos_ == "VERB":
        first = first.head
    verbs = [first, *(t for t in first.children if t.dep_ == "conj" and t.pos_ == "VERB")]
    cc = next((t.lower_ for t in first.children if t.dep_ == "cc"), "and")
    return f" {cc} ".join(v.lower_ for v in sorted(verbs, key=lambda t: t.i))


def _counted_phrase(noun: Token) -> str:
    modifiers = [t for t in noun.lefts if t.dep_ in ("compound", "amod") and not _is_number(t)]
    return " ".join(t.text for t in [*modifiers, noun])


def quantities(sent: Span) -> list[dict]:
    """Counted quantities in a sentence, in order; years, times, ordinals and percentages skipped."""
    found = []
    groups = _number_groups(sent)
    consumed: set[int] = set()
    for n, group in enumerate(groups):
        if group[0].i in consumed:
            continue
        words = [t.text for t in group]
        if words == ["one"] or words[0].lower() in _SCALES:
            continue  # "one" is mostly a pronoun or determiner; a bare scale word is not a count
        value = parse_number(words)
        if value is None:
            continue
        bound, start = _bound(sent, group[0])
        low = high = value
        end = group[-1].i + 1
        anchor = group[-1]
        after = sent.doc[end:end + 1]
        if n + 1 < len(groups) and len(after) and after[0].lower_ in ("to", "and", "-", "–") \
                and groups[n + 1][0].i == end + 1:
            high = parse_number([t.text for t in groups[n + 1]]) or value
            if high > value:  # "between 10 and 20 trucks": the second number carries the noun
                bound, end, anchor = "range", groups[n + 1][-1].i + 1, groups[n + 1][-1]
                consumed.add(groups[n + 1][0].i)
        noun = _counted_noun(anchor) or _counted_noun(group[-1])
        if noun is None or noun.lemma_.lower() in _TIME_NOUNS:
            continue
        found.append(_row(sent, start, end, noun, value, low, high, bound))
    found.extend(_vague_quantities(sent))
    return sorted(found, key=lambda q: q["char_start"])


def _vague_quantities(sent: Span) -> list[dict]:
    rows = []
    for token in sent:
        if token.lower_ not in _VAGUE:
            continue
        of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        noun = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
        if noun is None or noun.lemma_.lower() in _TIME_NOUNS:
            continue
        # "tens of thousands of people": the scale word is the head of "of"
        if noun.lower_ in _VAGUE:
            continue
        value = float(_VAGUE[token.lower_])
        if token.i > sent.start + 1 and token.nbor(-1).lower_ == "of" and token.nbor(-2).lower_ == "tens":
            value, start = value * 10, token.i - 2
        else:
            start = token.i
        rows.append(_row(sent, start, token.i + 1, noun, value, value, None, "vague") | {"outcome": _outcome(token)})
    return rows


def _row(sent: Span, start: int, end: int, noun: Token, value: float, low: float,
         high: float | None, bound: str) -> dict:
    doc = sent.doc
    if bound == "lower":
        high = None
    elif bound == "upper":
        low = None
    return {
        "value": value,
        "value_low": low,
        "value_high": high,
        "bound": bound,
        "unit": noun.lemma_.lower(),
        "counted": _counted_phrase(noun),
        "outcome": _outcome(noun),
        "surface": doc[start:max(end, noun.i + 1)].text,
        "char_start": doc[start].idx,
        "char_end": doc[max(end, noun.i + 1) - 1].idx + len(doc[max(end, noun.i + 1) - 1]),
    }
