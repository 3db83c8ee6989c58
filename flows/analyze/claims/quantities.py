"""Quantities in a parsed sentence: value, bound, kind, unit, what is counted and how it changed.

"more than 6,000 fighters" is a lower bound of 6,000 on fighters; "about 60" is approximate;
"between 10 and 20" a range; "three districts" a number word; "dozens of" a vague lower bound.
Money in any currency ("$75 million", "€1.2bn", "3 billion Kenyan shillings"), percentages ("7%",
"2.5 percentage points"), measures ("3.5 km", "30°C", "500,000 barrels a day"), ages ("a 45-year-old
man", "ten months old") and durations ("six years in prison") keep a normalised unit
(``flows.analyze.claims.units``); a change ("rose by 5%", "fell to $3m") keeps its direction.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from flows.analyze.claims import units as lexicon
from flows.analyze.nlp import text_of
from flows.analyze.claims.units import Unit

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "trillion": 1_000_000_000_000, "dozen": 12, "bn": 1_000_000_000, "tn": 1_000_000_000_000,
           "mn": 1_000_000, "mln": 1_000_000, "bln": 1_000_000_000, "lakh": 100_000, "crore": 10_000_000}
# Abbreviated scales that are also units ("5m" is five metres unless it is money): money only.
_MONEY_SCALES = {"m": 1_000_000, "k": 1_000, "b": 1_000_000_000, "mm": 1_000_000,  # "$21MM" in finance
                 "grand": 1_000}  # "£300 grand"; "3 grand" alone is dollars (``_unit_words``)
# Scale words that count once after "a" ("a dozen people", "a hundred officers").
_COUNTED_SCALES = frozenset({"dozen", "hundred", "thousand", "million", "billion"})
# Plural scale words used alone are vague counts: record the smallest value they can mean.
_VAGUE = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2_000, "millions": 2_000_000}

# Modifier phrases before a number, longest first, with the bound they put on the value.
_BOUND_CUES = [
    ("more than", "lower"), ("over", "lower"), ("at least", "lower"), ("upwards of", "lower"),
    ("no fewer than", "lower"), ("no less than", "lower"), ("in excess of", "lower"), ("above", "lower"),
    ("as many as", "upper"), ("as much as", "upper"), ("fewer than", "upper"), ("less than", "upper"),
    ("up to", "upper"), ("at most", "upper"), ("nearly", "upper"), ("almost", "upper"), ("under", "upper"),
    ("below", "upper"), ("just under", "upper"), ("no more than", "upper"),
    ("about", "approximate"), ("around", "approximate"), ("approximately", "approximate"),
    ("roughly", "approximate"), ("some", "approximate"), ("an estimated", "approximate"),
    ("estimated", "approximate"), ("close to", "approximate"), ("nearly", "upper"), ("approx", "approximate"),
    ("circa", "approximate"), ("c.", "approximate"),
]
# Phrases after a quantity that bound it: "60 or more", "200-odd", "about 5 or so".
_AFTER_CUES = [("or more", "lower"), ("or so", "approximate"), ("plus", "lower"), ("+", "lower"),
               ("or less", "upper"), ("odd", "approximate")]
# Verbs of change, by direction ("rose by 5%", "fell to $3m", "cut 200 jobs").
_UP_VERBS = frozenset({"rise", "increase", "grow", "climb", "jump", "surge", "soar", "gain", "raise", "boost",
                       "double", "triple", "swell", "rocket", "spike", "expand", "add", "hike", "lift", "up"})
_DOWN_VERBS = frozenset({"fall", "drop", "decline", "decrease", "cut", "reduce", "slump", "plunge", "shrink",
                         "slide", "sink", "tumble", "dip", "lower", "slash", "lose", "shed", "ease", "down",
                         "contract", "halve", "plummet", "retreat", "slip"})
# Nouns of change, by direction ("a 24% drop", "a 3 percent rise"); not verbs' homonyms ("contract", "shed").
_UP_NOUNS = frozenset({"increase", "rise", "gain", "jump", "surge", "hike", "growth", "boost", "climb", "spike", "raise",
                       "upturn", "rebound"})
_DOWN_NOUNS = frozenset({"drop", "fall", "decline", "decrease", "cut", "reduction", "slump", "plunge", "slide", "tumble",
                         "dip", "downturn", "contraction"})
# Verbs whose subject is what a figure measures ("The budget is $5m", "Turnout reached 60%").
_LEVEL_VERBS = frozenset({"be", "reach", "total", "stand", "cost", "hit", "amount", "exceed", "top", "remain",
                          "hover", "average", "equal", "come", "near", "touch", "close", "end", "open", "finish",
                          "settle", "measure"})
# Counting years, days or hours is a duration or a date, not a claim about what happened.
_TIME_NOUNS = {"year", "month", "week", "day", "hour", "minute", "second", "decade", "century", "am", "pm",
               "january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
               "oct", "nov", "dec", "hrs", "gmt", "utc", "bst", "cet", "est", "edt", "pst", "pdt", "ist"}
_ORDINAL_SUFFIXES = ("st", "nd", "rd", "th")
# What a number before it names as an address, not a count ("200 West American Boulevard").
_STREETS = frozenset({"street", "avenue", "boulevard", "road", "lane", "drive", "way", "place", "square", "court",
                      "st", "ave", "blvd", "rd"})
# Singular after a figure, a part of an address or a road's name ("the 12000 block of", "the 605 Freeway");
# plural, a count ("four blocks", "five highways").
_ADDRESS_NOUNS = frozenset({"block", "freeway", "highway", "interstate", "motorway"})
# Nouns that "one" goes with as a phrase, not as a count ("one thing", "one reason").
_NOT_COUNTED_BY_ONE = frozenset({"thing", "reason", "way", "time", "point", "example", "question", "problem",
                                 "issue", "part", "side", "hand", "day", "night", "another", "moment", "thought"})
# Nouns that count whatever the sentence has not yet named ("two others", "three more").
_RELATIVE_NOUNS = frozenset({"other", "others", "more"})
_YEAR = re.compile(r"^1[89]\d\d$|^20\d\d$")
_DIGITS = re.compile(r"^[-−]?(\d{1,3}(,\d{3})+(\.\d+)?|\d+(\.\d+)?|\.\d+)$")
# "1/2", "3/4": a fraction below one (not "9/11" or "24/7").
_FRACTION = re.compile(r"^([1-9])/([2-9]|10|12|16)$")
# Fraction words, read only before a scale word: "a quarter million", "three quarters billion".
_FRACTION_WORDS = {"half": 0.5, "quarter": 0.25, "quarters": 0.25}
# A token holding a number and its unit or scale: "1.2bn", "50p", "22C", "25pc", "10km", "24703m2", "$5", "USD115".
_GLUED = re.compile(r"^([^\d\-−]{1,5}?)?([-−]?\d[\d,]*(?:\.\d+)?)([a-z°º%²³/]*[a-z°º%²³][23]?\.?)?$", re.IGNORECASE)
_RANGE_JOINERS = ("to", "and", "-", "–", "—")
# A four-figure clock time before "hours"/"hrs" ("0600 hrs", "at 1100 hours"): no duration.
_CLOCK = re.compile(r"^([01]\d|2[0-3])[0-5]\d$")
_CLOCK_CUES = frozenset({"at", "by", "until", "till", "from", "since", "before", "after", "around"})
# Prepositions naming where a body went ("fell 200ft from a ridge", "plunged 30 metres into a gorge").
_PATH_PREPS = frozenset({"from", "into", "onto", "off", "down", "through"})
# Races named by their distance ("the 400m hurdles"), not counts of millions.
_RACES = frozenset({"hurdles", "relays", "heats", "finals", "sprints"})
# Shares of a whole by their denominator word: "three quarters of", "a third of", "two-thirds majority".
_DENOMINATORS = {word: n for n, words in enumerate((
    (), (), ("half", "halves"), ("third", "thirds"), ("quarter", "quarters", "fourth", "fourths"), ("fifth", "fifths"),
    ("sixth", "sixths"), ("seventh", "sevenths"), ("eighth", "eighths"), ("ninth", "ninths"), ("tenth", "tenths")))
    for word in words}
# Words before a bare number that make it an age ("aged 45", "a man of age 87").
_AGE_CUES = ("aged", "age", "ages")
# Nouns for a person, after which news sets an age off in commas ("a woman, 34,", "her son, 9,"); a
# number apposed to any other noun is no age ("the total, 12, was low"). Compounds ending in one of
# these ("schoolgirl", "policeman", "businesswoman") are persons too.
_PERSON_NOUNS = frozenset({
    "man", "woman", "boy", "girl", "child", "kid", "baby", "infant", "toddler", "teenager", "teen", "youth",
    "youngster", "adult", "person", "mother", "father", "mum", "mom", "dad", "parent", "son", "daughter",
    "brother", "sister", "sibling", "twin", "husband", "wife", "spouse", "partner", "widow", "widower",
    "grandmother", "grandfather", "grandson", "granddaughter", "grandparent", "grandchild", "uncle", "aunt",
    "nephew", "niece", "cousin", "fiance", "fiancé", "fiancee", "fiancée", "boyfriend", "girlfriend", "friend",
    "neighbour", "neighbor", "roommate", "victim", "suspect", "defendant", "accused", "offender", "inmate",
    "prisoner", "detainee", "hostage", "driver", "passenger", "pedestrian", "cyclist", "motorist", "motorcyclist",
    "rider", "pilot", "resident", "student", "pupil", "graduate", "teacher", "professor", "worker", "employee",
    "officer", "constable", "detective", "soldier", "veteran", "nurse", "doctor", "surgeon", "patient", "owner",
    "pensioner", "retiree", "survivor", "witness", "bystander", "journalist", "reporter", "photographer", "farmer",
    "player", "striker", "goalkeeper", "midfielder", "defender", "forward", "coach", "manager", "athlete",
    "actor", "actress", "singer", "musician", "artist", "author", "writer", "rapper", "star", "model", "chef",
    "mayor", "senator", "governor", "councillor", "councilor", "lawmaker", "politician", "candidate", "lawyer",
    "attorney", "judge", "activist", "protester", "protestor", "demonstrator", "tourist", "climber", "hiker",
    "swimmer", "runner", "gunman", "shooter", "attacker", "assailant", "robber", "thief", "killer", "migrant",
    "refugee", "priest", "pastor", "imam", "rabbi", "monk", "nun", "entrepreneur", "executive", "founder",
    "volunteer", "caregiver", "carer", "nanny",
    "firefighter", "paramedic", "guard", "fan", "customer", "shopper", "homeowner", "tenant", "landlord"})
_PERSON_ENDINGS = ("man", "person", "girl", "boy", "mother", "father")
# The minor unit that may follow a whole amount ("13 dollars and 45 cents", "15 dollars 50").
_MINOR_UNITS = ("cent", "cents", "pence", "penny", "p")
# What a rate is per ("$5 a share", "500,000 barrels a day"), beyond units and time nouns.
_PER_NOUNS = {"share": "share", "shares": "share", "head": "head", "capita": "capita", "person": "person"}


def _fraction(text: str) -> float | None:
    match = _FRACTION.match(text)
    if match is None:
        return None
    numerator, denominator = int(match.group(1)), int(match.group(2))
    return numerator / denominator if numerator < denominator else None


def _word_value(text: str) -> float | None:
    text = text.lower()
    if _DIGITS.match(text):
        return float(text.replace(",", "").replace("−", "-"))
    if (fraction := _fraction(text)) is not None:
        return fraction
    return float(_UNITS[text]) if text in _UNITS else None


def parse_number(words: list[str], money: bool = False) -> float | None:
    """Value of number words as written: ["6,000"], ["1.5", "million"], ["two", "hundred"]."""
    total, current, seen = 0.0, 0.0, False
    scales = {**_SCALES, **_MONEY_SCALES} if money else _SCALES
    after_a = False
    for word in (w.lower() for w in words if w not in ("-", "and")):
        if word == "a":  # "two and a half million"
            after_a = True
            continue
        if word in _FRACTION_WORDS:  # "three quarters" of what follows, or "and a half" added
            current = current + _FRACTION_WORDS[word] if after_a and current else (current or 1) * _FRACTION_WORDS[word]
            seen = True
            continue
        for part in [word] if _DIGITS.match(word) else word.split("-"):  # "twenty-five", not "-5"
            if part in scales and not current and total and scales[part] >= 1_000:
                total *= scales[part]  # "1.2 lakh crore", "a thousand million"
            elif part in scales and (seen or part in ("hundred", "thousand", "million", "billion", "dozen")):
                current = (current or 1) * scales[part]
                if scales[part] >= 1_000:
                    total, current = total + current, 0.0
            elif (value := _word_value(part)) is not None:
                current += value
            else:
                return None
            seen = True
    return total + current if seen else None


@dataclass
class _Word:
    """One word of a sentence as quantities read it: a token, or a part of a glued "1.2bn"."""
    text: str             # lower case
    raw: str              # as written
    token: Token
    start: int
    end: int


def _local_amount(symbol: str, number: str, after: str | None, glued: bool) -> bool:
    """A country's own currency symbol before an amount ("R3.2bn", "RM2.5bn", "Rp 40 trillion",
    "KSh 1,500"). Such symbols are also letters of labels ("G20", "M25", "Q3"), so the amount must
    be written as money is: with a scale, decimals or thousands, or glued to a symbol of two letters
    or more ("RM50")."""
    return ((after or "").lower().rstrip(".") in {**_SCALES, **_MONEY_SCALES} or "." in number or "," in number
            or glued and len(symbol) > 1) and lexicon.local_currency_symbol(symbol) is not None


def _next_text(token: Token) -> str | None:
    return token.nbor().text if token.i + 1 < len(token.doc) else None


def _words(sent: Span) -> list[_Word]:
    words: list[_Word] = []
    for token in sent:
        pieces = _HYPHENED_AMOUNT.match(token.text) or _FEET_AND_INCHES.match(token.text)
        at = token.idx
        for text in filter(None, pieces.groups() if pieces else (token.text,)):
            words.extend(_piece_words(token, text, at, words[-1] if words else None))
            at += len(text)
    return _thousands_rejoined(words)


# A token the tokenizer leaves whole around a hyphen before a currency sign: "1.2-$1.5" and
# "billion-$1.5" (a range written with the sign twice), "-$2.3" (a negative amount).
_HYPHENED_AMOUNT = re.compile(r"^([^-–−]*[\da-z])?([-–−])([^\d\s\w]{1,3}\d[\d,.]*\w*)$", re.IGNORECASE)
# A height's inches after its feet, left whole by the tokenizer: the "foot-5" of "the 6-foot-5 forward".
_FEET_AND_INCHES = re.compile(r"^(foot|feet|ft)(-)(\d|1[01])$", re.IGNORECASE)


def _piece_words(token: Token, text: str, at: int, previous: _Word | None) -> list[_Word]:
    """The words of one piece of a token: a number glued to its currency, unit or scale is split
    ("$1.2bn" is "$", "1.2", "bn"), anything else is one word."""
    glued = _GLUED.match(text)
    if glued and (glued.group(3) or "").lower() in _ORDINAL_SUFFIXES:
        glued = None  # "1,000th", "21st" are ordinals
    if glued and (glued.group(1) or glued.group(3)) and (
            not glued.group(1) or lexicon.currency_mark(glued.group(1)) is not None
            or _local_amount(glued.group(1), glued.group(2), glued.group(3) or _next_text(token), True)):
        words = []
        for part in filter(None, (glued.group(1), glued.group(2), *_scale_and_stop(glued.group(3)))):
            words.append(_Word(part.lower(), part, token, at, at + len(part)))
            at += len(part)
        return words
    if previous is not None and _DIGITS.match(previous.text) and _scale_and_stop(text)[1]:
        return [_Word(part.lower(), part, token, start, start + len(part))  # "£90 m." at a sentence's end
                for start, part in zip((at, at + len(text) - 1), _scale_and_stop(text))]
    return [_Word(text.lower(), text, token, at, at + len(text))] if text.strip() else []


def _scale_and_stop(suffix: str | None) -> tuple[str | None, str | None]:
    """A scale abbreviation and the full stop the tokenizer left on it at a sentence's end ("90m.")."""
    if suffix and suffix.endswith(".") and suffix[:-1].lower() in {**_SCALES, **_MONEY_SCALES}:
        return suffix[:-1], "."
    return suffix, None


def _thousands_rejoined(words: list[_Word]) -> list[_Word]:
    """"80, 000 spectators" as detokenised text spaces "80,000": a group of three digits starting
    with 0 after a comma belongs to the number before it (a list item would not start with 0).
    "25 000 people", "1 000 000 euros" group thousands by a space (or a no-break space), as
    French, Scandinavian and SI style write them: a group of three digits one space after a
    number of one to three digits belongs to it."""
    joined: list[_Word] = []
    for word in words:
        if len(joined) >= 2 and re.fullmatch(r"0\d\d", word.text) and joined[-1].text == "," \
                and re.fullmatch(r"\d{1,3}(,\d{3})*", joined[-2].text):
            comma, number = joined.pop(), joined.pop()
        elif joined and re.fullmatch(r"\d{3}", word.text) and word.start - joined[-1].end == 1 \
                and re.fullmatch(r"[1-9]\d{0,2}(,\d{3})*", joined[-1].text) and word.token is not joined[-1].token:
            number = joined.pop()
        else:
            joined.append(word)
            continue
        text = f"{number.text},{word.text}"
        joined.append(_Word(text, text, word.token, number.start, word.end))  # "000" is what the parse attaches
    return joined


def _joins_number_words(words: list[_Word], at: int) -> bool:
    """The hyphen of "forty-five" or "$2.6-million", which the tokenizer splits off."""
    if not (0 < at < len(words) - 1 and words[at].text == "-" and not words[at - 1].token.whitespace_):
        return False
    before, after = words[at - 1].text, words[at + 1].text
    return before in _UNITS and after in _UNITS or bool(_DIGITS.match(before)) and after in _SCALES


def _is_number_word(word: _Word, money: bool) -> bool:
    text = word.text
    return bool(_DIGITS.match(text)) or _fraction(text) is not None or text in _UNITS or text in _SCALES or "-" in text and all(
        p in _UNITS for p in text.split("-")) or (money and text in _MONEY_SCALES)


def _match_unit(words: list[_Word], at: int, table: dict[str, Unit]) -> tuple[Unit, int] | None:
    """The longest unit surface starting at ``words[at]``, and how many words it takes."""
    for n in range(lexicon.MAX_UNIT_WORDS, 0, -1):
        if at + n > len(words):
            continue
        surface = " ".join(w.text for w in words[at:at + n])
        if surface in table:
            return table[surface], n
        glued = "".join(w.text for w in words[at:at + n])  # "km", "/", "h" -> "km/h"
        if words[at + n - 1].text.endswith(".") and len(words[at + n - 1].text) > 1 \
                and (at + n == len(words) or not words[at + n].text.isalnum()):
            glued = glued.removesuffix(".")  # "200 km/h." at a sentence's end
        if glued in table and all(w.token.whitespace_ == "" for w in words[at:at + n - 1]):
            return table[glued], n
    return None


def _context(sent: Span) -> set[str]:
    return {t.lower_ for t in sent} | {t.lemma_.lower() for t in sent}


def _age_after(words: list[_Word], i: int) -> tuple[Unit, int] | None:
    """"45 years old", "ten months old", "3 years of age", "45-year-old", "87 yo"."""
    if i >= len(words):
        return None
    if words[i].text in ("yo", "y.o."):
        return lexicon.AGE, 1
    noun = words[i].text.removesuffix("s")
    noun = "year" if noun in ("yr", "y") else noun
    if noun not in lexicon.AGES:
        return None
    following = [w.text.removesuffix("s") for w in words[i + 1:i + 4]]  # "16-24 year olds"
    if following[:1] == ["old"] or following[:2] == ["-", "old"]:
        return lexicon.AGES[noun], 1 + following.index("old") + 1
    if following[:2] == ["of", "age"]:
        return lexicon.AGES[noun], 3
    return None


def _per(words: list[_Word], at: int) -> tuple[str, int] | None:
    """What a rate is per, after its unit: "a share", "per day", "-a-share", "per gramme"."""
    i = at
    while i < len(words) and words[i].text in ("-", "–"):
        i += 1
    if i + 1 >= len(words) or words[i].text not in ("a", "an", "per"):
        return None
    i += 1 + (words[i + 1].text == "-")
    if i >= len(words):
        return None
    word = words[i].text
    if i + 1 < len(words) and words[i + 1].text in ("ago", "earlier", "later", "before", "after", "on"):
        return None  # "$13bn a year earlier" is no rate
    unit = _PER_NOUNS.get(word) or (lexicon.DURATIONS[word].code if word in lexicon.DURATIONS else None)
    if unit is None:
        found = _match_unit(words, i, lexicon.MEASURES)
        unit = found[0].code if found and found[1] == 1 else None
    if unit is None and (measure := lexicon.pint_unit(word, per=True)) is not None:
        unit = measure.code
    return (unit, i + 1 - at) if unit else None


def _unit_after(words: list[_Word], at: int, sent: Span) -> tuple[Unit, int, float] | None:
    """The unit right after a number, how many words it takes and the scale it carries ("120 MEUR"):
    currency, percent, percentage points, measure, degrees, age, duration; a rate keeps what it is
    per ("$5 a share" is USD/share)."""
    found = _unit_words(words, at, sent)
    if found is None:
        return None
    unit, n, factor = found
    per = _per(words, at + n) if unit.kind in ("money", "measure") else None
    if per is not None:
        unit, n = _rate(unit, per[0]), n + per[1]
    return unit, n, factor


def _rate(unit: Unit, per: str) -> Unit:
    return Unit(f"{unit.code}/{per}", f"{unit.name} per {per}", unit.kind)


def _unit_words(words: list[_Word], at: int, sent: Span) -> tuple[Unit, int, float] | None:
    if at >= len(words):
        return None
    hyphen = 1 if words[at].text in ("-", "–") else 0  # "45-year-old", "5-foot"
    i = at + hyphen
    if (age := _age_after(words, i)) is not None:
        return age[0], hyphen + age[1], 1
    if i >= len(words):
        return None
    if words[i].text in ("°", "º", "degree", "degrees", "deg", "deg."):
        unit = _match_unit(words, i + 1, lexicon.MEASURES)
        if unit is not None and unit[0].name in ("celsius", "fahrenheit", "kelvin"):
            return unit[0], hyphen + 1 + unit[1], 1
        return lexicon.DEGREES, hyphen + 1, 1
    if words[i].text == "in" and i > 0 and (words[i].token is words[i - 1].token or words[i - 1].end == words[i].start):
        return lexicon.MEASURES["inch"], hyphen + 1, 1  # "6ft 2in": "in" glued to its figure is no preposition
    if words[i].text in ('"', "″") and _inch_mark(words, i):
        return lexicon.MEASURES["inch"], hyphen + 1, 1
    if not hyphen and (mark := lexicon.currency_mark(words[i].raw)) is not None:  # "10 $", "17 USD", "120 MEUR"
        scale = _SCALES.get(words[i + 1].text) if i + 1 < len(words) else None  # "75 USD million"
        return mark[0], 1 + bool(scale), mark[1] * (scale or 1)
    for table in (lexicon.PERCENT, lexicon.CURRENCY_SUFFIXES, lexicon.MEASURES, lexicon.PERCENTAGE_POINTS,
                  lexicon.CURRENCY_NAMES, lexicon.DURATIONS):
        found = _match_unit(words, i, table)
        if found is None:
            continue
        unit, n = found
        if unit.code == "pp" and not ({"%", "percent", "percentage", "pct"} & _context(sent)
                                      or "per cent" in sent.text.lower()):
            continue  # "3 points" in a match report is a count, not percentage points
        if unit.code == "lb" and _context(sent) & lexicon.MONEY_CONTEXT and not _context(sent) & lexicon.WEIGHT_CONTEXT:
            unit = lexicon.CURRENCY_SUFFIXES["pound sterling"]
        if len(words[i].text) == 1 and words[i].text.isalpha() and words[i].token.whitespace_ == "" \
                and i + 1 < len(words) and words[i + 1].text.isalpha():
            continue  # a one-letter unit must stand alone: not the "m" of "5 m-long"
        return unit, hyphen + n, 1
    if (measure := lexicon.pint_unit(words[i].text) or lexicon.pint_symbol(words[i].raw)) is not None:
        return measure, hyphen + 1, 1
    if words[i].text == "grand" and not hyphen and (i + 1 == len(words) or words[i + 1].token.pos_ not in ("NOUN", "PROPN")):
        return lexicon.CURRENCY_SUFFIXES["dollar"], 1, 1_000  # "paid 3 grand" (not "3 grand jurors"), as US news writes it
    return None


# The temperatures a bare "C" or "F" after a figure can be: weather, bodies, ovens.
_LIVED_TEMPERATURES = (-90, 600)
# What a figure's inch mark stands before: "a 55" screen", "10" long".
_SIZE_WORDS = frozenset({"long", "wide", "tall", "high", "deep", "thick", "across", "in", "screen", "display",
                         "monitor", "tv", "television", "laptop", "tablet", "pizza", "wheel", "wheels", "rims"})


def _inch_mark(words: list[_Word], at: int) -> bool:
    """A double quote after a figure is an inch mark when it closes no quotation (an even number of
    double quotes stands before it) and a size word follows: "a 55" screen", "a pen 10" long"."""
    opened = sum(w.text in ('"', "″", "“", "”") for w in words[:at]) % 2
    return not opened and at + 1 < len(words) and words[at + 1].text in _SIZE_WORDS


@dataclass
class _Number:
    first: int            # index of its first word (currency sign included)
    last: int             # index of its last number word
    value: float
    unit: Unit | None
    end: int              # index after its last word (unit included)
    scale: float = 1      # what its scale words multiply by ("7 million": a million)


def _currency_before(words: list[_Word], i: int) -> tuple[Unit, float, int] | None:
    """A currency sign or code before an amount ("$", "US$", "c $", "CA$", "EUR"), its scale and width."""
    for n in (2, 1):
        if i + n >= len(words) or not _is_number_word(words[i + n], True):
            continue
        part = words[i:i + n]
        surface = " ".join(w.text for w in part)
        if surface in lexicon.CURRENCY_PREFIXES:
            return lexicon.CURRENCY_PREFIXES[surface], 1, n
        if n == 2 and part[0].raw.isalpha() and part[1].raw == "$" and part[0].token.whitespace_ \
                and part[0].token.pos_ != "DET":  # "a $2bn deal" is no Australian dollar
            mark = lexicon.currency_mark(part[0].raw + "$")  # "c $ 16.4 million" as detokenised text writes it
        else:
            mark = lexicon.currency_mark(part[0].raw) if n == 1 else None
        if mark is None and n == 1 and _local_amount(part[0].raw, words[i + 1].raw, words[i + 2].raw if i + 2 < len(
                words) else None, part[0].token is words[i + 1].token):
            mark = lexicon.local_currency_symbol(part[0].raw), 1
        if mark is not None:
            return mark[0], mark[1], n
    return None


def _minor_amount(words: list[_Word], at: int) -> tuple[float, int] | None:
    """Cents after a whole amount, and how many words they take: "and forty-five cents", or a
    number closing the phrase ("15 dollars 50")."""
    i = at + 1 if at < len(words) and words[at].text == "and" else at
    j = i
    while j < len(words) and (_is_number_word(words[j], False) or j > i and _joins_number_words(words, j)):
        j += 1
    value = parse_number([w.text for w in words[i:j]]) if j > i else None
    if value is None or not 0 < value < 100 or value != int(value):
        return None
    if j < len(words) and words[j].text in _MINOR_UNITS:
        return value / 100, j + 1 - at
    closes = j == len(words) or not words[j].text.isalnum() and lexicon.currency_mark(words[j].raw) is None
    return (value / 100, j - at) if closes and i == at else None


def _scale_before_plural(words: list[_Word], j: int) -> bool:
    """"1m people", "1.5m barrels", "1.2k workers": news writes a million as "m" and a thousand as
    "k" before what it counts (a plural noun); "a 10m wall", "10m high" and "the 400m hurdles" stay
    metres."""
    return words[j].text in ("m", "k") and j + 1 < len(words) and words[j + 1].token.tag_ in ("NNS", "NNPS") \
        and words[j + 1].text not in _RACES


def _number_words_end(words: list[_Word], i: int, money: bool) -> int:
    """Index after the number words starting at ``words[i]``: "6,000", "1.5 million", "twenty-five",
    "two and a half million", "three quarters billion", "10 1/2"."""
    j = i
    while j < len(words):
        text = words[j].text
        half = [w.text for w in words[j:j + 3]]
        if j > i and (half == ["and", "a", "half"] or half[:2] == ["a", "half"]):  # "two and a half million"
            width = 3 if text == "and" else 2
            if j + width < len(words) and words[j + width].text in _SCALES:
                j += width
                continue
            break
        if not (_is_number_word(words[j], money or j > i and text in _MONEY_SCALES and (
                _money_follows(words, j + 1) or _scale_before_plural(words, j)))
                or text in _FRACTION_WORDS and j + 1 < len(words) and words[j + 1].text in _SCALES
                or j > i and _joins_number_words(words, j)):
            break
        if j > i and _DIGITS.match(text) and _DIGITS.match(words[j - 1].text):
            break  # "50 50 dollar bills": two numbers side by side are two numbers
        j += 1
    return j


def _article_before_scale(words: list[_Word], at: int) -> tuple[float, int] | None:
    """"a dozen people", "a hundred thousand officers", "half a million dollars": a scale word
    counted once or half, and the index of that scale word; the number is then read from it."""
    half = words[at].text == "half"
    i = at + half
    if i + 1 >= len(words) or words[i].text not in ("a", "an") or words[i + 1].text not in _COUNTED_SCALES:
        return None
    j = _number_words_end(words, i + 1, False)
    if j < len(words) and words[j].text == "-" or half and j < len(words) and words[j].text in ("of", "or"):
        return None  # "a million-dollar home": read from the scale word itself
    return (0.5 if half else 1.0), i + 1


def _share(words: list[_Word], at: int) -> tuple[float, int] | None:
    """A share of a whole starting at ``words[at]`` and the index after it: "three quarters of",
    "a third of", "half of", "two-thirds majority", "one-third interest", "one in five", "1 in 10",
    "one out of every three". Not "a quarter million" (a scale) nor "the third quarter" (an ordinal)."""
    first = words[at].text
    if first == "half" and at > 0 and words[at - 1].text in ("the", "first", "second", "other"):
        return None  # "the second half of the game"
    if first == "half":
        numerator, i = 1.0, at
    else:
        numerator = 1.0 if first in ("a", "an") else _word_value(first)
        i = at + 1
    if numerator is None or numerator != int(numerator) or not 1 <= numerator < 10 or i >= len(words):
        return None
    by = at > 0 and words[at - 1].text == "by"  # "cut by half", "rose by a third": a change by a share
    if (ratio := _ratio(words, i, numerator)) is not None:
        return ratio
    hyphen = words[i].text in ("-", "–") and first != "half"
    i += hyphen
    if i + 1 >= len(words) or words[i].text not in _DENOMINATORS or numerator >= _DENOMINATORS[words[i].text]:
        return None
    after = words[i + 1]
    if by and after.token.pos_ not in ("NOUN", "PROPN") and after.text != "of":
        return numerator / _DENOMINATORS[words[i].text], i + 1
    if after.text == "of":
        if any(w.text in _TIME_NOUNS for w in words[i + 2:i + 4]):
            return None  # "a quarter of an hour", "half of the year": a time
        return numerator / _DENOMINATORS[words[i].text], i + 1
    if hyphen and after.token.pos_ == "NOUN" and after.token is not words[i].token:
        return numerator / _DENOMINATORS[words[i].text], i + 1  # "a two-thirds majority"
    return None


def _part_of_unit(words: list[_Word], at: int, sent: Span) -> _Number | None:
    """A fraction of one unit: "a quarter point", "half a percentage point", "a half-mile",
    "three-quarters of a percentage point", "half an hour"."""
    texts = [w.text for w in words[at:at + 6]]
    if len(texts) < 3:
        return None
    if texts[0] in ("a", "an") and texts[1] in _DENOMINATORS:
        value, k = 1 / _DENOMINATORS[texts[1]], at + 2
    elif texts[0] == "half" and texts[1] in ("a", "an"):
        value, k = 0.5, at + 2
    elif (share := _share(words, at)) is not None and [w.text for w in words[share[1]:share[1] + 2]][-1:] in (
            ["a"], ["an"]) and words[share[1]].text == "of":
        value, k = share[0], share[1] + 2  # "three-quarters of a percentage point"
    else:
        return None
    k += k < len(words) and words[k].text == "-"
    found = _unit_after(words, k, sent)
    if found is None or found[0].kind not in ("percentage_point", "percent", "measure", "duration"):
        return None
    return _Number(at, k - 1, value, found[0], k + found[1])


def _ratio(words: list[_Word], i: int, numerator: float) -> tuple[float, int] | None:
    """"in five", "out of every three" after a numerator: the share and the index after it."""
    if words[i].text == "in":
        i += 1
    elif [w.text for w in words[i:i + 2]] == ["out", "of"]:
        i += 2
    else:
        return None
    i += i < len(words) and words[i].text == "every"
    if i >= len(words) or _YEAR.match(words[i].text) or (denominator := _word_value(words[i].text)) is None:
        return None
    return (numerator / denominator, i + 1) if denominator > numerator else None


def _read_number(words: list[_Word], at: int, sent: Span) -> _Number | None:
    """A number starting at ``words[at]``, with a currency sign before it or a unit after it."""
    if (part := _part_of_unit(words, at, sent)) is not None:
        return part
    if (share := _share(words, at)) is not None:
        return _Number(at, share[1] - 1, share[0], lexicon.FRACTION, share[1])
    article = _article_before_scale(words, at)
    negative = _negative_sign(words, at)
    before = _currency_before(words, at + negative)
    prefix, factor, i = (before[0], before[1], at + negative + before[2]) if before else (None, 1, at + negative)
    if article is not None:
        factor, i = article
    money = prefix is not None
    j = _number_words_end(words, i, money)
    if j == i:
        return None
    value = parse_number([w.text for w in words[i:j]], money=True)
    if value is None:
        return None
    unit, end = prefix, j
    if prefix is None:
        after = _unit_after(words, j, sent)
        if after is not None and after[0].code in ("°C", "°F") and len(words[j].text.rstrip(".")) == 1 \
                and not _LIVED_TEMPERATURES[0] <= value <= _LIVED_TEMPERATURES[1]:
            after = None  # "PA 23456 F": a bare "C" or "F" is a scale only on a temperature of weather or ovens
        if after is not None:
            unit, end, factor = after[0], j + after[1], factor * after[2]
            if unit.code == "pp" and words[j].text in ("points", "point", "pts") and (
                    value >= 100 or _percent_follows(words, end) or _percent_precedes(words, at)):
                unit = lexicon.INDEX_POINTS  # "the Dow fell 500 points, or 1.6%": no share moves 100 points
        elif at > 0 and (words[at - 1].text in _AGE_CUES or words[at - 1].token.lemma_ == "turn"
                         and words[j - 1].token.dep_ == "dobj" and words[j - 1].token.head.lemma_ == "turn"
                         or [w.text for w in words[max(0, at - 2):at]] == ["age", "of"]):
            unit = lexicon.AGE  # "aged 45", "who turns 29 on April 11", "at the age of 45"
        elif at > 1 and words[at - 1].token is words[at].token and _FEET_AND_INCHES.match(words[at].token.text):
            unit = lexicon.MEASURES["inch"]  # "6-foot-5": five inches
        elif _decade_of_life(words, at, j):
            unit = lexicon.AGE  # "in her early 40s"
        elif _apposed_age(words, at, j, value):
            unit = lexicon.AGE  # "Arcade Comeaux Jr., 49, took two officers hostage"
        elif at > 0 and words[at - 1].text == "magnitude":  # "a magnitude 6.8 earthquake"
            unit = lexicon.MEASURES["magnitude"]
    elif j < len(words) and _match_unit(words, j, lexicon.CURRENCY_SUFFIXES):  # "US$ 5 dollars"
        end = j + _match_unit(words, j, lexicon.CURRENCY_SUFFIXES)[1]
    elif (per := _per(words, j)) is not None:  # "$70-a-share"
        unit, end = _rate(prefix, per[0]), j + per[1]
    value = float(f"{value * factor:.12g}")  # "$4.1 billion" is 4.1e9, not 4099999999.9999995
    if unit is not None and unit.kind == "money" and not unit.code.endswith(("cent", "penny")) \
            and (minor := _minor_amount(words, end)) is not None:
        value, end = value + minor[0], end + minor[1]
    if unit is not None and unit.kind == "measure" and [w.text for w in words[end:end + 2]] == ["below", "zero"]:
        negative, end = not negative, end + 2  # "10 degrees below zero"
    scale = factor
    for word in words[i:j]:
        scale *= {**_SCALES, **_MONEY_SCALES}.get(word.text, 1) if word.text not in _UNITS else 1
    return _Number(at, j - 1, -value if negative else value, unit, end, scale)


def _apposed_age(words: list[_Word], at: int, end: int, value: float) -> bool:
    """A whole number set off by commas right after a person's name, or in apposition to a singular
    noun for a person, is an age, as news writes it ("Vincent Gigante, 77, died"; "Teixeira, 28, has hit"; "a
    woman, 34, was hurt")."""
    before = words[at - 1 - (at > 1)].token
    person = before.ent_type_ == "PERSON" or before.tag_ == "NN" and _denotes_person(before) \
        and words[at].token.dep_ == "appos" and words[at].token.head.i == before.i
    return at > 1 and words[at - 1].text == "," and person \
        and end == at + 1 and value == int(value) and 0 < value < 120 \
        and (end == len(words) or words[end].text in (",", ")", ";", "."))


def _denotes_person(noun: Token) -> bool:
    lemma = noun.lemma_.lower()
    return lemma in _PERSON_NOUNS or lemma.endswith(_PERSON_ENDINGS)


def _decade_of_life(words: list[_Word], at: int, end: int) -> bool:
    """Tens in the plural after a possessive ("in his 40s", "in their early 20s"): an age, at least
    that many years."""
    before = [w.text for w in words[max(0, at - 2):at]]
    return end < len(words) and words[end].text == "s" and words[end].token is words[end - 1].token \
        and words[at].text in _TENS and bool(before) and (
            before[-1] in _POSSESSIVES or before[-1] in ("early", "mid", "late") and before[0] in _POSSESSIVES)


_TENS = frozenset({"20", "30", "40", "50", "60", "70", "80", "90"})
_POSSESSIVES = frozenset({"his", "her", "their", "my", "our", "your"})


def _negative_sign(words: list[_Word], at: int) -> bool:
    """"minus 10", or a minus sign standing before an amount's currency sign ("-$2.3 million"; "-15C"
    is read as one number)."""
    if at + 1 >= len(words):
        return False
    if words[at].text == "minus":
        return bool(_DIGITS.match(words[at + 1].text))
    return words[at].text in ("-", "−") and words[at].end == words[at + 1].start \
        and (at == 0 or words[at - 1].end < words[at].start) and lexicon.currency_mark(words[at + 1].raw) is not None


def _percent_follows(words: list[_Word], at: int) -> bool:
    """The same move restated in percent right after: ", or 1.6%", "(1.6%)"."""
    following = [w.text for w in words[at:at + 5]]
    while following and following[0] in (",", "(", "or"):
        following.pop(0)
    return len(following) >= 2 and bool(_DIGITS.match(following[0])) and following[1] in lexicon.PERCENT


def _percent_precedes(words: list[_Word], at: int) -> bool:
    """The same move given in percent just before: "gained 1.2 per cent, or 85.3 points"."""
    before = [w.text for w in words[max(0, at - 5):at]]
    while before and before[-1] in (",", "(", "or"):
        before.pop()
    return bool(before) and (before[-1] in lexicon.PERCENT or " ".join(before[-2:]) in lexicon.PERCENT)


def _money_follows(words: list[_Word], at: int) -> bool:
    return at < len(words) and _match_unit(words, at, lexicon.CURRENCY_SUFFIXES) is not None


def _bound(words: list[_Word], first: int) -> tuple[str, int]:
    """Bound named by the words just before the number, and the word where the quantity starts."""
    before = " ".join(w.text for w in words[max(0, first - 3):first])
    for cue, bound in _BOUND_CUES:
        if before == cue or before.endswith(" " + cue):
            return bound, first - len(cue.split())
    return "exact", first


def _bound_after(words: list[_Word], end: int) -> tuple[str | None, int]:
    """A bound written after the figure, hyphenated or not: "60 or more", "40-odd", "500-plus"."""
    at = end + (0 < end < len(words) and words[end].text in ("-", "–") and words[end].start == words[end - 1].end)
    for cue, bound in _AFTER_CUES:
        n = len(cue.split())
        if " ".join(w.text for w in words[at:at + n]) == cue:
            return bound, at + n
    return None, end


def _share_outcome(tokens: list[Token]) -> str | None:
    """What a share of people does or is, the verb it is the subject of with its complement: "68
    per cent of Greeks believe ..." and "83.3 percent of Greeks were unhappy" are two questions."""
    inside = set(tokens)
    head = next((t for t in tokens if t.head not in inside), tokens[-1])
    verb = head.head
    if head.dep_ not in ("nsubj", "nsubjpass") or verb.pos_ not in ("VERB", "AUX"):
        return None
    complements = [c.lower_ for c in verb.children if c.dep_ in ("acomp", "attr")]
    return " ".join([verb.lemma_.lower(), *complements])


def _whole_after(words: list[_Word], end: int, sent: Span) -> _Number | None:
    """The whole a part is of: "41" in "28 of 41 passes" or "28 out of 41 passes"."""
    at = end + (words[end].text == "out") if end < len(words) else end
    if at + 1 < len(words) and words[at].text == "of":
        whole = _read_number(words, at + 1, sent)
        return whole if whole is not None and whole.unit is None else None
    return None


def _is_whole(words: list[_Word], first: int) -> bool:
    """The number at ``first`` is the whole of a part written before it ("28 of 41", "28 out of 41")."""
    if first < 2 or words[first - 1].text != "of":
        return False
    part = first - 2 - (words[first - 2].text == "out")
    return part >= 0 and _is_number_word(words[part], False)


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


def _phrase_of(noun: Token) -> tuple[str, str]:
    """What is counted as written ("Taliban fighters") and as a key of lemmas ("taliban fighter").
    A modifier's own adverb, and a "with" or "by" phrase after the noun, name which of the things
    are meant, so they are part of it: "the four hardest-hit villages" are not "12 worst-hit
    villages", nor "three children with his mistress" his "eight children"."""
    modifiers = [t for t in noun.lefts if t.dep_ in ("compound", "amod") and not t.like_num
                 and not any(c.like_num for c in t.children)  # "strong" of "a 100,000-strong crowd"
                 and t.lower_ not in _SCALES and t.lower_ not in _MONEY_SCALES and t.lower_ not in _DENOMINATORS
                 and t.ent_type_ not in ("MONEY", "PERCENT", "QUANTITY")]
    modifiers += [a for m in modifiers if m.dep_ == "amod" for a in m.lefts if a.dep_ in ("advmod", "npadvmod")]
    # "had eight children by his wife": the phrase hangs off "have" when the noun is its object
    holders = [noun, noun.head] if noun.dep_ == "dobj" and noun.head.lemma_.lower() == "have" else [noun]
    qualifiers = [t for h in holders for p in h.children if p.dep_ == "prep" and p.lower_ in ("with", "by")
                  for t in (p, *(o for o in p.children if o.dep_ in ("pobj", "conj")
                                 and o.pos_ in ("NOUN", "PROPN", "PRON")))]
    tokens = sorted(modifiers, key=lambda t: t.i) + [noun]
    if len(qualifiers) > 1:
        tokens += sorted(qualifiers, key=lambda t: t.i)
    return " ".join(t.text for t in tokens), " ".join(t.lemma_.lower() for t in tokens)


def governing_verb(token: Token) -> Token | None:
    """The verb a quantity phrase hangs off, through at most two prepositions or nouns."""
    node = token
    for _ in range(4):
        if node.head is node:
            return node if node.pos_ in ("VERB", "AUX") else None
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            return node
    return None


def _direction(token: Token) -> str | None:
    verb = governing_verb(token)
    if verb is None:
        return None
    lemma = verb.lemma_.lower()
    return "up" if lemma in _UP_VERBS else "down" if lemma in _DOWN_VERBS else None


def _distance_travelled(token: Token, unit: Unit | None) -> bool:
    """A length under a verb of change that moves a body rather than a level: the verb has a person
    or no subject ("he fell 20 feet", "after falling about 200ft") or names where it went ("plunged
    30 metres into a gorge"). "The river rose 3 feet" stays a rise."""
    verb = governing_verb(token)
    if verb is None or unit is None or not lexicon.is_length(unit):
        return False
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.pos_ == "PRON" or subject.ent_type_ == "PERSON":
        return True
    return any(c.dep_ == "prep" and c.lower_ in _PATH_PREPS and any(g.dep_ == "pobj" and not g.like_num for g in c.children)
               for c in verb.children)


def _modifies_a_noun(anchor: Token, phrase: set[Token]) -> bool:
    """Whether the quantity's phrase describes a noun ("the 6-foot wall", "a 300-page report", "the
    100-year-old company"): the verb's change is that noun's, not the quantity's ("the 6-foot wall
    fell" is no fall of 6 feet). A change sized as a noun ("a 24% drop") is ``_change_noun``'s."""
    node = anchor
    while node.head.i != node.i and node.head in phrase:  # spaCy makes a new Token object on each access
        node = node.head
    return node.dep_ in ("amod", "compound", "nmod") and node.head.pos_ in ("NOUN", "PROPN")


def _plural_figure(words: list[_Word], number: _Number) -> bool:
    """A power of ten written in digits with a plural "s" before "of" ("100s of people", "1,000s of
    fans", "10,000s of"): a vague count, like "hundreds of"."""
    end = number.end
    return number.unit is None and end + 1 < len(words) and words[end].text == "s" \
        and words[end].token is words[end - 1].token and words[end + 1].text == "of" \
        and re.fullmatch(r"10*", words[end - 1].text.replace(",", "")) is not None and number.value >= 100


def _in_name(sent: Span, token: Token) -> bool:
    """A number written right after a name (a proper noun, or a word in capitals) and before a
    singular noun is part of the name ("the SEA-ME-WE 3 cable", "a Category 4 storm"): unless the sentence
    capitalises most of its words (a headline: "Quake Kills 5 People"), or the word is a date's."""
    if token.i == sent.start or token.nbor(-1).whitespace_ == "" or token.head.tag_ in ("NNS", "NNPS"):
        return False  # a plural after it is counted: "Boeing 120 aircraft" (ordered)
    before = token.nbor(-1)
    if before.i == sent.start or before.ent_type_ in ("DATE", "TIME") or not (
            before.pos_ == "PROPN" and before.is_title or before.is_upper and len(before) > 1 and before.is_alpha):
        return False
    words = [t for t in sent if t.is_alpha and t.i > sent.start]
    return sum(t.is_title or t.is_upper for t in words) * 2 < len(words)


def _is_score(words: list[_Word], number: _Number) -> bool:
    """A score or record, "19-4", "41-20", "12-all", "3-of-4": two figures joined by a hyphen, the
    second not above the first (a range rises: "5-7%")."""
    end = number.end
    if end + 1 >= len(words) or words[end].text not in ("-", "–") or words[end].token.whitespace_:
        return False
    second = words[end + 1].text
    return second in ("all", "of") or bool(_DIGITS.match(second)) and float(second.replace(",", "")) <= number.value


_NAMES = ("GPE", "LOC", "FAC", "ORG", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW")
# Telephone lines a story names ("dialled 911", "a 999 call"), never amounts.
_EMERGENCY_NUMBERS = frozenset({"911", "999", "112", "000"})


def _is_level(token: Token) -> bool:
    """A bare number that is the level a verb of change or level states: "the index fell 500 points
    to 31,200", "closed at 4,120", "production totaled 291,890", "the total is 32"."""
    if token.ent_type_ in ("DATE", "TIME", "ORDINAL", *_NAMES):
        return False
    verb = token.head.head if token.dep_ == "pobj" and token.head.lower_ in ("to", "at", "from") else \
        token.head if token.dep_ in ("dobj", "attr") else None
    return verb is not None and verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in _UP_VERBS | _DOWN_VERBS | _LEVEL_VERBS


def _strong(words: list[_Word], end: int) -> Token | None:
    """The group a "100,000-strong crowd" counts."""
    if [w.text for w in words[end:end + 2]] != ["-", "strong"]:
        return None
    head = words[end + 1].token.head
    return head if head.pos_ == "NOUN" else None


def _bare_figure(words: list[_Word], number: _Number, start: int, end: int, token: Token) -> bool:
    """A figure whose noun the sentence leaves out: the subject or object of a verb ("50 were
    injured", "killing 10 people and injuring 80"), a part of a group named by a pronoun ("two of
    whom", "all 70 of us"), or a move in a market report ("143.80 yen, up 0.95"). Not an emergency
    line ("dialled 911"), nor a piece of a code or telephone number ("MS08-078", "800-3855"); a
    range ending at ``end`` ("crowds of 50,000-60,000") only when written as amounts are."""
    scaled = number.scale >= 1_000
    if end > number.end and words[number.end].text in ("-", "–") and not (
            scaled or "," in words[number.last].text or words[end - 1].text in _SCALES):
        return False  # "800-3855" is a telephone number, not a range
    if token.ent_type_ in (*(() if scaled else ("DATE", "TIME", "ORDINAL", "MONEY")), *_NAMES) \
            or token.text in _EMERGENCY_NUMBERS or token.text.startswith("0") and token.text[1:2].isdigit() \
            or not all(_is_number_word(w, True) for w in words if w.token is token):
        return False  # nor a number glued to letters ("the 76ers")
    glued = [words[i] for i in (number.first - 1, end) if 0 <= i < len(words)]
    if any(w.text in ("-", "–", "/") and not (w.token.whitespace_ and words[end - 1].token.whitespace_)
           for w in glued):
        return False
    following = [w.text for w in words[end:end + 2]]
    if len(following) == 2 and following[0] in ("to", "-") and _DIGITS.match(following[1]) \
            and float(following[1].replace(",", "")) < number.value:
        return False  # a tally: "passed 219 to 212"
    if _adverb_direction(words, start) is not None or scaled:
        return True  # "a deficit of 1.6 billion": a scale word makes an amount of any figure
    if number.first > 0 and words[number.first - 1].text in ("the", "a", "an") \
            and _DIGITS.match(words[number.first].text):
        return False  # "the 486 was a chip", "the 737": a name
    if token.dep_ in ("nsubj", "nsubjpass", "dobj") and token.head.pos_ in ("VERB", "AUX"):
        return True
    if token.dep_ == "pobj" and token.head.lower_ == "of" \
            and (token.head.head.pos_ == "NOUN" or token.head.head.like_num):
        return True  # "a population of more than 100,000", "10 of 22 for 162 yards"
    return any(c.dep_ == "prep" and c.lower_ == "of" and any(o.dep_ == "pobj" and o.pos_ == "PRON" for o in c.children)
               for c in token.children)


def _change_noun(tokens: list[Token], unit: Unit | None) -> str | None:
    """The direction of a change a share, amount or index move sizes as a noun: "a 24% drop", "a $5bn
    cut", "3 percent growth" (not "a $300 million contract", nor a cliff's "200-foot drop")."""
    if unit is None or unit.kind not in ("percent", "percentage_point", "money") and unit != lexicon.INDEX_POINTS:
        return None
    inside = set(tokens)
    head = next((t for t in tokens if t.head not in inside), tokens[-1])
    noun = head.head
    if head.dep_ not in ("compound", "nmod", "amod", "nummod", "quantmod") or noun.pos_ != "NOUN" or noun in inside \
            or noun.i < head.i:
        return None
    lemma = noun.lemma_.lower()
    return "up" if lemma in _UP_NOUNS else "down" if lemma in _DOWN_NOUNS else None


def _in_code(words: list[_Word], first: int) -> bool:
    """The figure at ``first`` continues a code of letters and digits glued to it by a hyphen or
    slash: "scp2-173m", "MS08-078", "X5/100"."""
    if first < 2 or words[first - 1].text not in ("-", "/") or words[first - 2].end != words[first - 1].start \
            or words[first - 1].end != words[first].start:
        return False
    code = words[first - 2].raw
    return bool(re.search(r"[a-z]", code, re.IGNORECASE)) and bool(re.search(r"\d", code))


def _adverb_direction(words: list[_Word], start: int) -> str | None:
    """"up 42% from a year earlier", "was down 2.1%": the direction written just before the figure."""
    before = words[start - 1].text if start > 0 else None
    return before if before in ("up", "down") and words[start - 1].token.dep_ != "prt" else None  # not "racked up"


def _measured_thing(tokens: list[Token]) -> Token | None:
    """What a money, percent or measure figure is about: the noun it modifies ("a $5m deal"), the
    object of "of" or "in" after it ("5% of voters", "$2bn in aid"), or the subject of the verb it
    completes ("Unemployment rose to 7%", "The budget is $5m")."""
    inside = set(tokens)
    head = next((t for t in tokens if t.head not in inside), tokens[-1])
    if head.dep_ in ("compound", "nmod", "amod", "nummod", "quantmod") and head.head.pos_ in ("NOUN", "PROPN") \
            and head.head not in inside and head.head.lower_ not in _TIME_NOUNS:  # not "7.1% year on year"
        return head.head
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "in") and child not in inside:
            obj = next((c for c in child.children if c.dep_ == "pobj" and c.pos_ in ("NOUN", "PROPN")), None)
            if obj is not None and obj.lower_ not in _TIME_NOUNS:  # "10.6% in October" measures no October
                return obj
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.pos_ == "NOUN" \
            and head.head.head.lower_ not in _TIME_NOUNS:
        return head.head.head  # "a loss of $5m", "a population of 1.4bn"
    counted = next((t.head for t in tokens if t.dep_ == "nummod" and t.head not in inside and t.head.pos_ == "NOUN"
                    and t.head.i > t.i), None)
    if counted is not None:  # "one in five adults"
        return counted
    verb = governing_verb(head)
    if verb is not None and verb.lemma_.lower() in _UP_VERBS | _DOWN_VERBS | _LEVEL_VERBS:
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject.pos_ in ("NOUN", "PROPN") and subject not in inside:
            return subject
    return None


def quantities(sent: Span) -> list[dict]:
    """Quantities in a sentence, in order; years, clock times, ordinals, labels and scores skipped."""
    words = _words(sent)
    found: list[dict] = []
    k = 0
    while k < len(words):
        number = _read_number(words, k, sent)
        if number is None:
            k += 1
            continue
        row = _quantity(sent, words, number)
        if row is None:
            k = max(number.end, k + 1)
            continue
        k = max(row.pop("_next"), k + 1)
        found.append(row)
    found.extend(_vague_quantities(sent))
    return sorted(found, key=lambda q: q["char_start"])


def _quantity(sent: Span, words: list[_Word], number: _Number) -> dict | None:
    first_number = words[number.first]
    number_words = [w.text for w in words[number.first:number.last + 1]]
    token = words[number.last].token
    if number_words == ["zero"] and (number.unit is None or number.unit.kind in ("duration", "age")):
        return None  # "a zero-day flaw", "zero tolerance"
    if _in_code(words, number.first):
        return None  # "the scp2-173m adapter", "MS08-078": a part of a code
    if number.unit is None:
        if number_words == ["one"] and not (token.dep_ == "nummod" and token.head.i > token.i
                                             and token.head.lemma_.lower() not in _NOT_COUNTED_BY_ONE
                                             and (token.i == 0 or token.nbor(-1).pos_ != "ADP")):
            return None  # "one" is mostly a pronoun or determiner, or an idiom ("under one roof");
            # "one consultant" is a count
        if number_words[0] in _SCALES:
            return None  # a bare scale word is not a count
        if token.head.i < token.i and token.head.pos_ in ("NOUN", "PROPN") and token.head.i >= token.i - 2 \
                and token.dep_ in ("nummod", "appos", "npadvmod", "compound"):
            return None  # a number after its noun labels it: "highway 35", "exit 436", "No. 1"
        if token.ent_type_ == "PRODUCT":
            return None  # a version of a name: "Windows 10 users", "the PlayStation 5"
        if _in_name(sent, first_number.token):
            return None  # "the SEA-ME-WE 3 cable", "Apollo 11 astronauts": a designation, no count
        if token.ent_type_ in ("TIME", "ORDINAL") or (token.ent_type_ == "DATE" and _YEAR.match(token.text)):
            return None
        if _is_score(words, number) or number.first > 1 and words[number.first - 1].text in ("-", "–") \
                and not words[number.first - 2].token.whitespace_ and _DIGITS.match(words[number.first - 2].text):
            return None  # a score or its second half ("a 14-0 lead")
        if _YEAR.match(first_number.text) and first_number.token.ent_type_ in ("DATE", ""):
            return None
    elif token.ent_type_ == "TIME" and number.unit.kind not in ("money", "duration", "age") \
            and "/" not in number.unit.code:
        return None  # not a rate: "10 mg a day" is tagged a time
    elif number.unit.code == "hour" and _CLOCK.match(number_words[0]) and (
            number_words[0][0] == "0" or _CLOCK_CUES & {w.text for w in words[max(0, number.first - 2):number.first]}):
        return None  # a clock time: "0600 hrs", "at about 1100 hrs"
    bound, start = _bound(words, number.first)
    if number.unit is not None and number.unit.kind == "duration" and bound in ("lower", "upper") \
            and words[start].text in ("over", "under", "above", "below"):
        bound, start = "exact", number.first  # "over five years" is a span of time, not a bound on it
    low, high, end, value = number.value, number.value, number.end, number.value
    unit = number.unit
    range_end = None
    joiner = words[end].text if end < len(words) else None
    if joiner in _RANGE_JOINERS and end + 1 < len(words):
        second = _read_number(words, end + 1, sent)
        is_from = start > 0 and words[start - 1].text == "from" and joiner == "to"  # "from 5 to 7": a change
        if second is not None and second.value > value and not is_from and (
                unit is None or second.unit is None or second.unit == unit) and (joiner != "and" or bound == "exact"
                                                                                   and words[start - 1].text == "between"):
            if number.scale == 1 and second.scale > 1 and value * second.scale <= second.value:
                low = value = value * second.scale  # "$5-7 million": five million
            high, bound, end, range_end = second.value, "range", second.end, second.end
            unit = unit or second.unit
            if start > 0 and words[start - 1].text == "between":
                start -= 1
    if unit is None and joiner in ("x", "×", "by") and range_end is None and end + 1 < len(words) \
            and (side := _read_number(words, end + 1, sent)) is not None and side.unit is not None \
            and side.unit.kind == "measure":
        unit = side.unit  # "40 x 60 cm", "20 by 30 metres": each side in the unit written once
    after_bound, end = _bound_after(words, end)
    if after_bound and bound == "exact":
        bound = after_bound
    if range_end is None and unit is lexicon.AGE and _decade_of_life(words, number.first, number.end):
        bound, end = "vague", end + 1  # "in her 40s": at least 40
    if range_end is None and _plural_figure(words, number):
        low = value = value * 2  # "1,000s of fans" as "thousands of fans": the least it can mean
        high, bound, end = None, "vague", end + 1
    tokens = sorted({w.token for w in words[start:end]}, key=lambda t: t.i)
    anchor = words[(range_end or number.end) - 1].token
    noun = _counted_noun(anchor) or _counted_noun(token) or _counted_noun(first_number.token) or _strong(words, end) \
        or (words[end].token if after_bound and end < len(words) and words[end].token.tag_ in ("NNS", "NNPS") else None) \
        if unit is None else None  # "some 40-odd people", which the parser leaves unattached
    if noun is not None and noun.lower_ in _MONEY_SCALES and number.end < len(words) \
            and words[number.end].token.pos_ in ("NOUN", "PROPN"):
        noun = words[number.end].token  # "1m people": the "m" the parser took for a noun is the scale
    part_of = _whole_after(words, end, sent) if unit is None and noun is None else None
    if part_of is not None:
        noun = _counted_noun(words[part_of.last].token)  # "28 of 41 passes": 28 passes
    if noun is not None and (noun.lemma_.lower() in _TIME_NOUNS or len(noun.text) < 2 or not noun.is_alpha):
        return None
    if unit is None and noun is None:
        bare = _bare_figure(words, number, start, range_end or number.end, anchor)
        if not bare and not _is_level(anchor):
            return None
        thing = _measured_thing(tokens)
        counted, counted_key = _phrase_of(thing) if thing is not None else (None, None)
        row = {"quantity_kind": "number", "unit": None, "counted": counted, "counted_key": counted_key,
               "outcome": _outcome(anchor) if bare else None}
        last = tokens[-1].i
    elif unit is None:
        if noun.lemma_.lower() in _STREETS or noun.tag_ in ("NN", "NNP") and noun.lower_ in _ADDRESS_NOUNS \
                or re.fullmatch(r"0\d+", number_words[0]):
            return None  # an address or a clock time ("0241 GMT"), not a count
        if noun.tag_ == "NN" and number_words[0].isdigit() and number.value >= 100 and number.value % 10 \
                and number.last + 1 < len(words) \
                and words[number.last + 1].text not in ("-", "–") and words[number.last].token.i + 1 == noun.i:
            return None  # a model, not a count: "the 8088 chip", "a 737 jet" (a count's noun is plural,
            # its figure mostly round: "120 aircraft")
        counted, counted_key = _phrase_of(noun)
        if noun.lower_ in _RELATIVE_NOUNS:
            counted_key = None  # "two others" in one text and "seven others" in another are no one thing
        # The whole of "28 of 41 passes" is what was tried: what happened (completed) is the part's.
        row = {"quantity_kind": "count", "unit": noun.lemma_.lower(), "counted": counted,
               "counted_key": counted_key, "outcome": None if _is_whole(words, number.first) else _outcome(noun)}
        last = max(tokens[-1].i, noun.i)
    else:
        thing = _measured_thing(tokens)
        counted, counted_key = _phrase_of(thing) if thing is not None else (None, None)
        outcome = _outcome(thing) if thing is not None else None
        row = {"quantity_kind": unit.kind, "unit": unit.code, "counted": counted, "counted_key": counted_key,
               "outcome": outcome or (_share_outcome(tokens) if unit.kind == "percent" else None)}
        last = tokens[-1].i
    if bound == "lower":
        high = None
    elif bound == "upper":
        low = None
    doc = sent.doc
    surface_start = words[start].start
    surface_end = max(words[end - 1].end, doc[last].idx + len(doc[last]))
    if surface_end == sent.end_char and text_of(doc)[surface_end - 1] == ".":
        surface_end -= 1  # the sentence's full stop the tokenizer left on a unit ("200 km/h.")
    return row | {
        "value": value, "value_low": low, "value_high": high, "bound": bound,
        "change": (None if _distance_travelled(anchor, unit) or _modifies_a_noun(anchor, {*tokens, noun} - {None})
                   else _direction(anchor))
        or _adverb_direction(words, start) or _change_noun(tokens, unit),
        "surface": text_of(doc)[surface_start:surface_end],
        "char_start": surface_start, "char_end": surface_end,
        "_next": end,
    }


def _vague_count(token: Token) -> tuple[float, Token, Token] | None:
    """A vague count at ``token``: its smallest value, first token and the noun it counts. "dozens
    of", "thousands of", "tens of thousands of", "hundreds of thousands of" (the smallest of the
    outer word times the scale); "a few hundred people", "several thousand troops"."""
    if token.lower_ in _VAGUE:
        of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        noun = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
        if noun is None or noun.lower_ in _VAGUE:  # "tens of thousands of people": the scale word heads "of"
            return None
        before = token.nbor(-2).lower_ if token.i > token.sent.start + 1 and token.nbor(-1).lower_ == "of" else None
        if before in _VAGUE or before == "tens":
            return _VAGUE.get(before, 20) * _SCALES[token.lower_.removesuffix("s")], token.nbor(-2), noun
        return _VAGUE[token.lower_], token, noun
    if token.lower_ in _COUNTED_SCALES and token.i > token.sent.start and token.nbor(-1).lower_ in _FEW \
            and token.dep_ == "nummod" and token.head.pos_ == "NOUN":
        few = token.nbor(-1)
        start = few.nbor(-1) if few.i > token.sent.start and few.nbor(-1).lower_ == "a" else few
        return _FEW[few.lower_] * _SCALES[token.lower_], start, token.head
    return None


# Vague multiples of a scale word, by the smallest they can mean: "a few hundred", "several thousand".
_FEW = {"few": 2, "several": 3, "couple": 2}  # "a couple hundred people"


def _vague_quantities(sent: Span) -> list[dict]:
    rows = []
    for token in sent:
        vague = _vague_count(token)
        if vague is None or vague[2].lemma_.lower() in _TIME_NOUNS:
            continue
        value, start, noun = float(vague[0]), vague[1], vague[2]
        counted, counted_key = _phrase_of(noun)
        rows.append({
            "quantity_kind": "count", "unit": noun.lemma_.lower(), "counted": counted, "counted_key": counted_key,
            "outcome": _outcome(token), "value": value, "value_low": value, "value_high": None, "bound": "vague",
            "change": _direction(token), "surface": text_of(sent.doc)[start.idx:noun.idx + len(noun)],
            "char_start": start.idx, "char_end": noun.idx + len(noun),
        })
    return rows
