"""Language identification (py3langid) and the stopword lists the text cleaner measures lines with.

py3langid is the n-gram identifier trafilatura's author maintains; spaCy's full stopword lists
(already a dependency) give the stopword density the text cleaner uses.
"""
from __future__ import annotations

import importlib
import re
from collections import Counter
from functools import lru_cache

import py3langid
import pycountry

# The first characters decide: identification is as accurate on 5,000 as on whole pages, and faster.
IDENTIFIED_CHARS = 5000
# Fewer letters than this ("12345 67890", a lone name) is too little text to tell a language.
MIN_LETTERS = 10
# py3langid's labels where spaCy has no list of their own but one of a close written standard.
_SPACY_CODES = {"no": "nb", "nn": "nb", "arz": "ar", "ary": "ar", "yue": "zh", "wuu": "zh", "bs": "hr", "hbo": "he"}
# Pages in a language without a list: the words on most of its long lines are its function words.
PAGE_WORDS_MIN_TOKENS = 8
PAGE_WORDS_MIN_LINE_SHARE = 0.3
PAGE_WORDS_MAX = 40
_TOKEN = re.compile(r"\w+", re.UNICODE)

# The ~20 most frequent function words per language. Kept by hand because the cleaner needs every
# language's function words at once (FREQUENT_FUNCTION_WORDS), not one detected language's list.
_FREQUENT_WORDS = {
    "en": "the of and to in is that for it was on with as by at from this have are be",
    "de": "der die und das ist nicht mit den sich des ein eine auf dem zu auch für von wird im",
    "fr": "le la les des et est une un du pour dans que qui pas sur au avec par ce il",
    "es": "el la los las de que y en un una es por con para del se no al lo como",
    "it": "il di che la e un una per non del della sono è con si gli le da nel al",
    "pt": "o a os as de que e do da em um uma para com não no na por se dos",
    "nl": "de het een en van is dat op te in niet zijn voor met die er aan ook als",
    "sv": "och att det som en är på för med av till den har inte de om ett jag",
    "da": "og at det er en til på med for af den som har ikke de om et jeg var",
    "nb": "og i det er som en til på med for av den har ikke de om et jeg var",
    "fi": "ja on ei se että oli hän ovat mutta kun myös joka tai sen niin mitä",
    "pl": "i w nie na się z jest do że to o jak a po ale co przez od dla",
    "cs": "a v se na je že to s z do o jako ale by jsou pro podle jeho které",
    "tr": "ve bir bu da de için ile olarak çok daha gibi ama en olan var değil",
    "ro": "și în de la a cu că nu o pe este un din care pentru sunt mai",
    "hu": "a az és hogy nem is egy de meg van volt csak már mint el ez",
    "id": "dan yang di ini itu dengan untuk dari dalam tidak akan pada juga ke ada",
}
_FREQUENT = {lang: frozenset(words.split()) for lang, words in _FREQUENT_WORDS.items()}
# Every language's frequent function words together: prose in a second language on the page
# (quotes, a German article under English page chrome) still reads as prose.
FREQUENT_FUNCTION_WORDS = frozenset().union(*_FREQUENT.values())


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when too little text to tell."""
    sample = text[:IDENTIFIED_CHARS]
    if sum(char.isalpha() for char in sample) < MIN_LETTERS:
        return None
    return py3langid.classify(sample)[0]


def declared_language(tag: str | None) -> str | None:
    """The ISO 639 code (639-1 where the language has one, else 639-3) of a page's declared language
    tag (``<html lang>``, ``og:locale``: "en-GB", "pt_BR", "deu", "fil"); None for what names no
    language ("lang=", "english", "und"), so the text is identified instead."""
    primary = (tag or "").strip().lower().replace("_", "-").split("-")[0]
    if len(primary) == 2:
        language = pycountry.languages.get(alpha_2=primary)
    elif len(primary) == 3:
        language = pycountry.languages.get(alpha_3=primary)
    else:
        return None
    # Special codes (und, mul, zxx, mis) say the language is unknown or absent.
    if language is None or getattr(language, "type", "") == "S":
        return None
    return getattr(language, "alpha_2", None) or language.alpha_3


def page_function_words(lines: list[str]) -> frozenset[str]:
    """Tokens on at least PAGE_WORDS_MIN_LINE_SHARE of the page's prose-length lines (at most
    PAGE_WORDS_MAX): the stopword list of a language no list covers."""
    token_lines = [set(token.lower() for token in _TOKEN.findall(line)) for line in lines]
    token_lines = [tokens for tokens in token_lines if len(tokens) >= PAGE_WORDS_MIN_TOKENS]
    if len(token_lines) < 3:
        return frozenset()
    counts = Counter(token for tokens in token_lines for token in tokens)
    floor = PAGE_WORDS_MIN_LINE_SHARE * len(token_lines)
    return frozenset(token for token, n in counts.most_common(PAGE_WORDS_MAX) if n >= floor)


@lru_cache(maxsize=64)
def stopwords(language: str | None) -> frozenset[str]:
    """spaCy's stopword list for the language, else its frequent function words, else empty."""
    if language:
        try:
            module = importlib.import_module(f"spacy.lang.{_SPACY_CODES.get(language, language)}.stop_words")
            return frozenset(word.lower() for word in module.STOP_WORDS)
        except (ImportError, AttributeError):
            pass
    return _FREQUENT.get(language or "", frozenset())
