"""Cheap language identification and stopword lists (no language-id package is installed).

Script decides first (Hangul, kana, Han, Cyrillic, Arabic, Greek, ...); Latin-script text is
scored by hits on each language's most frequent function words. spaCy's full stopword lists
(already a dependency) give the stopword density the text cleaner uses.
"""
from __future__ import annotations

import importlib
import re
import unicodedata
from collections import Counter
from functools import lru_cache

# The ~20 most frequent function words per language: distinctive enough to tell them apart.
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
_CYRILLIC_WORDS = {
    "ru": frozenset(["и", "в", "не", "на", "что", "с", "по", "это", "как", "из", "за", "от", "то", "для", "он", "его", "но", "о"]),
    "uk": frozenset(["і", "в", "не", "на", "що", "з", "та", "це", "як", "до", "за", "від", "у", "для", "він", "його", "але"]),
    "bg": frozenset(["и", "на", "да", "се", "в", "за", "не", "от", "че", "с", "е", "по", "са", "това", "като", "един"]),
}
_WORD = re.compile(r"\w+", re.UNICODE)


def _script_counts(text: str) -> Counter:
    counts: Counter = Counter()
    for char in text[:5000]:
        if not char.isalpha():
            continue
        name = unicodedata.name(char, "")
        for script in ("HANGUL", "HIRAGANA", "KATAKANA", "CJK", "CYRILLIC", "ARABIC", "GREEK", "HEBREW",
                       "THAI", "DEVANAGARI", "LATIN"):
            if name.startswith(script):
                counts[script] += 1
                break
    return counts


def _best_by_words(words: list[str], vocabularies: dict[str, frozenset]) -> str | None:
    hits = {lang: sum(word in vocab for word in words) for lang, vocab in vocabularies.items()}
    lang, best = max(hits.items(), key=lambda item: item[1])
    return lang if best >= max(2, len(words) // 50) else None


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when too little text to tell."""
    scripts = _script_counts(text)
    if not scripts:
        return None
    script = scripts.most_common(1)[0][0]
    if scripts["HANGUL"] > 0.2 * sum(scripts.values()):
        return "ko"
    if script in ("HIRAGANA", "KATAKANA") or (script == "CJK" and scripts["HIRAGANA"] + scripts["KATAKANA"] > 0.1 * scripts["CJK"]):
        return "ja"
    words = [word.lower() for word in _WORD.findall(text[:20000])]
    fixed = {"CJK": "zh", "GREEK": "el", "HEBREW": "he", "THAI": "th", "DEVANAGARI": "hi", "ARABIC": "ar"}
    if script in fixed:
        return fixed[script]
    if script == "CYRILLIC":
        return _best_by_words(words, _CYRILLIC_WORDS) or "ru"
    return _best_by_words(words, _FREQUENT)


@lru_cache(maxsize=64)
def stopwords(language: str | None) -> frozenset[str]:
    """spaCy's stopword list for the language, else its frequent function words, else empty."""
    if language:
        try:
            module = importlib.import_module(f"spacy.lang.{language}.stop_words")
            return frozenset(word.lower() for word in module.STOP_WORDS)
        except (ImportError, AttributeError):
            pass
    return _FREQUENT.get(language or "", _CYRILLIC_WORDS.get(language or "", frozenset()))
