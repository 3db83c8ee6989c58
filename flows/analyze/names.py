"""Name-normalisation keys, the one home for every key that matches names across spellings.

Places and people are matched across transliterations ("Pol-e-Hesar" / "Pul-e Ḩişār",
"Ahmad Massoud" / "Ahmed Masood"). The keys are computed here, in Python, for both sides of each
match (the gazetteer's names when it is built, mentions when they are recognised), so dbt joins
stored keys and never re-implements them in SQL.
"""
from __future__ import annotations

import re
import unicodedata

# Apostrophes and dots vanish ("Côte d’Ivoire" → "cote divoire", "St." → "st").
_DROPPED = re.compile(r"[''’‘ʻʼ`´.]")
_NOT_ALNUM = re.compile(r"[\W_]+")
# Persian and Arabic connector particles, which transliterations write, hyphenate or leave out, and
# the English article, which official names put in and the press leaves out ("Democratic Republic of
# the Congo" / "of Congo").
_CONNECTORS = frozenset({"e", "i", "ye", "al", "el", "ul", "ud", "the"})

# Letters transliterations disagree on: vowels, and h, w, y (Mohammad/Muhammad, Hesar/Hisar).
_SOFT_LETTERS = re.compile(r"[aeiouyhw]")
_REPEATS = re.compile(r"(.)\1+")

def fold(text: str) -> str:
    """Accents stripped and case folded; everything else kept."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()

def _ascii_words(text: str) -> list[str]:
    return _NOT_ALNUM.sub(" ", _DROPPED.sub("", fold(text))).split()

def word_key(text: str) -> str:
    """Folded words, punctuation as spaces ("Al-Ahram" → "al ahram"): a name as written, for deciding
    whether a capitalised phrase is a place name at all."""
    return " ".join(_ascii_words(text))

def place_key(text: str) -> str:
    """Spelling-insensitive place key: folded words without connectors ("Pul-e Ḩişār" → "pul hisar"),
    for matching a recognised place to the gazetteer."""
    return " ".join(w for w in _ascii_words(text) if w not in _CONNECTORS)

def _skeleton(word: str) -> str:
    """The first letter, then the other letters without soft letters, doubled letters once."""
    return _REPEATS.sub(r"\1", word[:1] + _SOFT_LETTERS.sub("", word[1:]))

def consonant_key(text: str) -> str:
    """Transliteration-insensitive key of a whole place name, spaces dropped ("Pol-e-Hesar",
    "Pul-Hesar", "Pul-e Ḩişār" → "plsr")."""
    return _skeleton(place_key(text).replace(" ", ""))

def person_key(name: str) -> str:
    """Transliteration-insensitive key of a person's name, word by word, so that "Ahmad Massoud"
    and "Ahmed Masood" share "amd msd" while "Ahmad Shah Massoud" stays apart."""
    return " ".join(_skeleton(w) for w in _ascii_words(name) if w.isalpha())
