"""Units of measure and currencies as news writes them, each normalised to a code and a name.

Codes are what the warehouse stores (``USD``, ``km``, ``°C``, ``%``); names follow the unit names
of quantulum3 and CQE ("dollar", "kilometre", "celsius"), so extractions can be scored against
gold sets in that convention. Kinds: money, percent, percentage_point, measure, age.
"""
from __future__ import annotations

import sys
import unicodedata
from functools import cache
from typing import NamedTuple

import pint
from babel import Locale
from babel.core import get_global
from babel import localedata


class Unit(NamedTuple):
    code: str
    name: str
    kind: str


def _table(kind: str, rows: list[tuple[str, str, str]]) -> dict[str, Unit]:
    """surface forms ("km|kilometre|kilometres") -> Unit, for one kind."""
    table = {}
    for surfaces, code, name in rows:
        for surface in surfaces.split("|"):
            table[surface] = Unit(code, name, kind)
    return table


# Currency signs and codes written before the amount ("$5", "US$ 5", "Rs 500", "EUR 10").
CURRENCY_PREFIXES = _table("money", [
    ("$|us$|usd|us $", "USD", "dollar"), ("€|eur", "EUR", "euro"), ("£|gbp", "GBP", "pound sterling"),
    ("¥|jpy", "JPY", "japanese yen"), ("cny|rmb", "CNY", "chinese yuan"), ("₹|rs|rs.|rs .|inr", "INR", "indian rupee"),
    ("₽", "RUB", "russian ruble"), ("c$|cad", "CAD", "canadian dollar"), ("a$|aud", "AUD", "australian dollar"),
    ("hk$|hkd", "HKD", "hong kong dollar"), ("chf|sfr", "CHF", "swiss franc"), ("₩|krw", "KRW", "south korean won"),
    ("r$|brl", "BRL", "brazilian real"), ("nz$|nzd", "NZD", "new zealand dollar"), ("₺", "TRY", "turkish lira"),
    ("zar", "ZAR", "south african rand"), ("afn", "AFN", "afghan afghani"), ("₦|ngn", "NGN", "nigerian naira"),
    ("mex$|mx$", "MXN", "mexican peso"),
])
# Currency names and codes written after the amount ("5 million dollars", "300 euros", "10 usd").
CURRENCY_SUFFIXES = _table("money", [
    ("dollar|dollars|usd|us dollars|u.s. dollars|american dollars", "USD", "dollar"),
    ("euro|euros|eur", "EUR", "euro"), ("pound sterling|pounds sterling|sterling|gbp|quid", "GBP", "pound sterling"),
    ("yen|japanese yen|jpy", "JPY", "japanese yen"), ("yuan|renminbi|chinese yuan|cny", "CNY", "chinese yuan"),
    ("rupee|rupees|indian rupees|inr", "INR", "indian rupee"), ("rouble|roubles|ruble|rubles", "RUB", "russian ruble"),
    ("canadian dollars|canadian dollar|cad", "CAD", "canadian dollar"),
    ("australian dollars|australian dollar|aud", "AUD", "australian dollar"),
    ("hong kong dollars|hong kong dollar|hkd", "HKD", "hong kong dollar"),
    ("swiss francs|swiss franc|francs|franc|chf", "CHF", "swiss franc"), ("won|krw", "KRW", "south korean won"),
    ("rand|zar", "ZAR", "south african rand"), ("afghanis|afghani|afn", "AFN", "afghan afghani"),
    ("naira|ngn", "NGN", "nigerian naira"), ("lira|liras", "TRY", "turkish lira"),
    ("cent|cents", "USD cent", "cent"), ("pence|penny|p", "GBP penny", "penny"),
    ("peso|pesos", "MXN", "mexican peso"), ("real|reais", "BRL", "brazilian real"),
    ("buck|bucks", "USD", "dollar"), ("bitcoin|bitcoins|btc", "BTC", "bitcoin"),
])
PERCENT = _table("percent", [("%|percent|per cent|pct|pc|per-cent", "%", "percentage")])
PERCENTAGE_POINTS = _table("percentage_point", [
    ("percentage points|percentage point|percent points|points|point|pts|pp", "pp", "percentage point"),
    ("basis points|basis point|bps|bp", "bp", "basis point")])
MEASURES = _table("measure", [
    ("km|kms|kilometre|kilometres|kilometer|kilometers", "km", "kilometre"),
    ("m|metre|metres|meter|meters", "m", "metre"), ("cm|centimetre|centimetres|centimeter|centimeters", "cm", "centimetre"),
    ("mm|millimetre|millimetres|millimeter|millimeters", "mm", "millimetre"),
    ("mile|miles|mi", "mi", "mile"), ("foot|feet|ft", "ft", "foot"), ("inch|inches|in.", "in", "inch"),
    ("yard|yards|yd", "yd", "yard"), ("nautical miles|nautical mile", "nmi", "nautical mile"),
    ("kg|kgs|kilo|kilos|kilogram|kilograms|kilogramme|kilogrammes", "kg", "kilogram"),
    ("g|gram|grams|gramme|grammes", "g", "gram"), ("mg|milligram|milligrams", "mg", "milligram"),
    ("tonne|tonnes|metric tons|metric tonnes|metric ton|t", "t", "metric ton"),
    ("ton|tons|short tons|short ton", "ton", "ton"),  # a ton unqualified is the US short ton, as in pint and CQE
    ("lb|lbs|pound|pounds", "lb", "pound-mass"), ("ounce|ounces|oz", "oz", "ounce"),
    ("litre|litres|liter|liters|l", "l", "litre"), ("millilitre|millilitres|milliliter|milliliters|ml", "ml", "millilitre"),
    ("fl oz|fluid ounces|fluid ounce|fl. oz.", "fl_oz", "fluid ounce"),
    ("gallon|gallons|gal", "gal", "gallon"), ("barrel|barrels|bbl", "bbl", "barrel"),
    ("cubic metres|cubic meters|cubic metre|cubic meter|m3", "m³", "cubic metre"),
    ("hectare|hectares|ha", "ha", "hectare"), ("acre|acres", "acre", "acre"),
    ("square kilometres|square kilometers|square kilometre|square kilometer|sq km|km2", "km²", "square kilometre"),
    ("square miles|square mile|sq mi", "mi²", "square mile"),
    ("square metres|square meters|square metre|square meter|sq m|m2", "m²", "square metre"),
    ("square feet|square foot|sq ft", "ft²", "square foot"), ("cubic feet|cubic foot|cu ft", "ft³", "cubic foot"),
    ("km/h|kmh|kph|kmph|km/hr|kilometres per hour|kilometers per hour|kilometre per hour|kilometer per hour",
     "km/h", "kilometre per hour"),
    ("mph|miles per hour|mile per hour", "mph", "mile per hour"), ("knot|knots", "kn", "knot"),
    ("degrees celsius|degree celsius|celsius|°c|ºc|c|centigrade|degrees centigrade", "°C", "celsius"),
    ("degrees fahrenheit|degree fahrenheit|fahrenheit|°f|ºf|f", "°F", "fahrenheit"),
    ("light years|light year|light-years|light-year", "ly", "light year"),
    ("horsepower|hp|bhp", "hp", "horsepower"), ("psi", "psi", "pound force per square inch"),
    ("kelvin|kelvins", "K", "kelvin"), ("magnitude", "magnitude", "magnitude"),  # of an earthquake
    ("megawatt|megawatts|mw", "MW", "megawatt"), ("gigawatt|gigawatts|gw", "GW", "gigawatt"),
    ("kilowatt|kilowatts|kw", "kW", "kilowatt"), ("kilowatt hours|kilowatt-hours|kwh", "kWh", "kilowatt hour"),
    ("megawatt hours|megawatt-hours|mwh", "MWh", "megawatt hour"),
    ("gigabyte|gigabytes|gb", "GB", "gigabyte"), ("megabyte|megabytes|mb", "MB", "megabyte"),
    ("terabyte|terabytes|tb", "TB", "terabyte"), ("kilobyte|kilobytes|kb", "kB", "kilobyte"),
    ("kbps|kbit/s|kilobits per second", "kbit/s", "kilobit per second"),
    ("mbps|mbit/s|megabits per second", "Mbit/s", "megabit per second"),
    ("gbps|gbit/s|gigabits per second", "Gbit/s", "gigabit per second"),
])
# Points of a stock index or score ("the Dow fell 500 points, or 1.6%"), apart from percentage points.
INDEX_POINTS = Unit("point", "point", "measure")
# A share of a whole ("three quarters of the market", "one in five adults"), as a fraction of one.
FRACTION = Unit("fraction", "fraction", "fraction")
# A degree with no scale named ("30 degrees", "turn 45°") says no more than that.
DEGREES = Unit("°", "degree", "measure")
# Ages ("45 years old", "aged 45", "ten months old"), by the time unit they count.
AGES = {noun: Unit(noun, f"{noun} of age", "age") for noun in ("year", "month", "week", "day")}
AGE = AGES["year"]
# Durations ("six years in prison", "20 minutes"), by their time noun, singular and plural.
DURATIONS = _table("duration", [(f"{noun}|{noun}s", noun, noun) for noun in (
    "second", "minute", "hour", "day", "week", "month", "year", "decade")] + [("century|centuries", "century", "century"),
    ("min|mins", "minute", "minute"), ("hr|hrs", "hour", "hour"), ("sec|secs", "second", "second"),
    ("wk|wks", "week", "week"), ("yr|yrs", "year", "year")])  # "1hr 4 mins", "2.5 hrs"; a clock ("0600 hrs") is no duration
# Context words that make "pounds" money rather than weight (and its absence weight).
MONEY_CONTEXT = frozenset({
    "cost", "costs", "pay", "paid", "pays", "price", "prices", "priced", "sold", "sell", "sells", "buy", "bought",
    "fee", "fees", "worth", "spend", "spent", "charge", "charged", "fine", "fined", "salary", "earn", "earned",
    "earns", "wage", "wages", "coin", "coins", "ticket", "tickets", "budget", "fund", "funding", "donated",
    "donation", "raised", "tax", "rent", "bill", "debt", "loan", "profit", "revenue", "income", "sterling",
    "cash", "money", "deal", "bonus", "compensation", "award", "awarded", "invest", "invested", "investment",
})
WEIGHT_CONTEXT = frozenset({"weigh", "weighs", "weighed", "weighing", "weight", "heavy", "lost", "gained", "lose",
                            "gain", "lighter", "heavier", "pounds of", "lb"})

# Longest surface first, so "square kilometres" beats "kilometres".
MAX_UNIT_WORDS = 4


# --- currencies beyond the table: every ISO 4217 currency CLDR names in English (babel) ---------

def _fold(text: str) -> str:
    """Lower case without accents: "Colón" and "colon" are one name."""
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c))


# Last words of currency names that are English words first ("won", "real", "mark", "sum", "dram").
_COMMON_WORDS = frozenset({"won", "real", "mark", "sum", "dram", "pound", "dollar", "franc", "rand", "leone",
                           "dong", "pula", "loti", "vatu", "tala", "kina", "lek", "lev", "lei"})


def _cldr_currencies() -> tuple[dict[str, Unit], dict[str, Unit], dict[str, Unit]]:
    """(names, codes, signs): "costa rican colóns" -> CRC; "CRC" -> CRC; "₡" and "ca$" -> CRC and CAD.

    Names are CLDR's English singular and plural, with and without accents. Codes are matched as
    written in capitals only ("ALL", "TRY" and "CUP" are words too). A sign is any Unicode
    currency symbol; it stands for the one current currency whose name ends in the sign's name
    ("KIP SIGN" -> Laotian kip), or for itself when several do ("PESO SIGN")."""
    english = Locale("en")
    current = {code for rows in get_global("territory_currencies").values()
               for code, _start, end, tender in rows if end is None and tender}
    names, codes = {}, {}
    symbols = {}
    for code, name in english.currencies.items():
        if len(code) != 3 or not code.isalpha():
            continue
        known = next((u for u in CURRENCY_SUFFIXES.values() if u.code == code), None)
        unit = known or Unit(code, name.lower(), "money")
        codes[code] = unit
        symbol = english.currency_symbols.get(code, code)
        if symbol != code and not symbol.isalpha():  # "CA$", "MX$", "NT$", "CN¥"
            symbols[symbol.lower()] = unit
        plural = english._data["currency_names_plural"].get(code, {})
        for surface in {name, *plural.values()}:
            for form in {surface.lower(), _fold(surface)}:
                names.setdefault(form, unit)
    by_last_word: dict[str, set[Unit]] = {}
    for code in current & codes.keys():
        by_last_word.setdefault(_fold(english.currencies[code]).split()[-1], set()).add(codes[code])
    # A currency named by its last word alone ("1.2 billion dirhams", "500 shillings"): the one
    # current currency of that name, or the name itself when several countries use it.
    for code in current & codes.keys():
        plural = english._data["currency_names_plural"].get(code, {})
        for surface in {english.currencies[code], *plural.values()}:
            word = _fold(surface).split()[-1]
            singular = _fold(english.currencies[code]).split()[-1]
            if word in names or singular in _COMMON_WORDS:
                continue
            units = by_last_word[singular]
            names[word] = next(iter(units)) if len(units) == 1 else Unit(singular, singular, "money")
    signs = {}
    for char in map(chr, range(sys.maxunicode + 1)):
        if unicodedata.category(char) != "Sc" or char in CURRENCY_PREFIXES:
            continue
        word = _fold(unicodedata.name(char, "")).replace(" sign", "").split()[-1:] or [char]
        units = by_last_word.get(word[0], set())
        signs[char] = next(iter(units)) if len(units) == 1 else Unit(char, word[0], "money")
    return names, codes, symbols | signs


CURRENCY_NAMES, CURRENCY_CODES, CURRENCY_SIGNS = _cldr_currencies()


@cache
def _local_symbols() -> dict[str, Unit]:
    """Symbols a country writes its own currency with, as CLDR records them for that country's
    locales ("R" in South Africa, "RM" in Malaysia, "Rp" in Indonesia, "Ksh" in Kenya), kept as
    written (case counts: "Ft" is forint, "ft" feet) when they start with a capital and stand for
    one currency only ("K" is kyat, kina and kwacha: left out)."""
    available = set(localedata.locale_identifiers())
    languages = get_global("territory_languages")
    found: dict[str, set[str]] = {}
    for territory, rows in get_global("territory_currencies").items():
        for code in (code for code, _start, end, tender in rows if end is None and tender):
            for language in ("en", *(lang for lang, info in languages.get(territory, {}).items()
                                     if info.get("official_status"))):
                if f"{language}_{territory}" not in available:
                    continue
                # the locale's own file, else its language's (unmerged: merging every locale takes seconds)
                symbol = next((data["currency_symbols"][code] for data in (
                    localedata.load(name, merge_inherited=False) for name in (f"{language}_{territory}", language))
                    if code in data.get("currency_symbols", {})), code)
                if symbol != code and symbol[:1].isascii() and symbol[:1].isupper() \
                        and symbol.lower() not in CURRENCY_PREFIXES and symbol.lower() not in CURRENCY_SIGNS:
                    found.setdefault(symbol, set()).add(code)
    symbols = {symbol: CURRENCY_CODES[codes.pop()] for symbol, codes in found.items()
               if len(codes) == 1 and next(iter(codes)) in CURRENCY_CODES}
    # News varies the case of the longer ones ("KSh", "Ksh"); two letters keep theirs ("FT" is no forint)
    return symbols | {symbol[0] + symbol[1:].lower(): unit for symbol, unit in symbols.items() if len(symbol) > 2}


def local_currency_symbol(text: str) -> Unit | None:
    """The currency a country's own symbol names ("R", "RM", "Rp", "Ksh", "TSh"), as written."""
    symbols = _local_symbols()
    return symbols.get(text) or (symbols.get(text[0] + text[1:].lower()) if len(text) > 2 else None)


def currency_mark(text: str) -> tuple[Unit, float] | None:
    """A currency sign or code as written, with the scale some finance writing glues to it: "$",
    "₡", "EUR", "CA$", "mxn$", "MEUR" (millions of euros), "BNUSD". A bare code counts in capitals
    only, so "all" or "try" stay words; a code glued to "$" counts in any case."""
    if text.lower() in CURRENCY_PREFIXES:
        return CURRENCY_PREFIXES[text.lower()], 1
    if text.lower() in CURRENCY_SIGNS:
        return CURRENCY_SIGNS[text.lower()], 1
    stem = text[:-1].upper() if text.endswith("$") else text if text.isupper() else ""
    if stem in CURRENCY_CODES:
        return CURRENCY_CODES[stem], 1
    for scale, factor in (("BN", 1e9), ("MN", 1e6), ("M", 1e6), ("K", 1e3)):
        if stem.startswith(scale) and stem[len(scale):] in CURRENCY_CODES:
            return CURRENCY_CODES[stem[len(scale):]], factor
    return None


# --- measures beyond the table: pint's unit registry ---------------------------------------------

# Dimensions a news measure has; pint's other units (typography, dose, viscosity) collide with words.
_MEASURED = {"[length]", "[mass]", "[length] ** 2", "[length] ** 3", "[length] / [time]", "[temperature]",
             "[mass] * [length] ** 2 / [time] ** 3", "[mass] * [length] ** 2 / [time] ** 2",
             "[mass] / [length] / [time] ** 2", "1 / [time]", "[current]", "[substance]",
             "[length] ** 2 / [time] ** 2", "[mass] * [length] ** 2 / [time] ** 3 / [current]"}
# pint unit names that are mostly English words in news ("a 20-point lead", "two bars", "the league").
_NOT_UNITS = frozenset({"are", "bag", "bar", "chain", "circle", "count", "cycle", "dot", "fifth", "grade", "hand",
                        "jig", "kip", "link", "mas", "nit", "point", "pole", "pond", "quad", "quarter", "rem",
                        "section", "shake", "shot", "strain", "toe", "gray", "henry", "league", "rod", "perch",
                        "mil", "thou", "pica", "pixel", "particle", "molecule", "gravity", "fur", "den", "tex",
                        "oct", "octave", "sigma", "gamma", "lambda", "franklin", "gilbert", "maxwell", "lambert"})


# Units that take a metric prefix ("picometre", "megabit"); pint would prefix any unit.
_METRIC = frozenset({"meter", "gram", "liter", "second", "watt", "joule", "bit", "byte", "hertz", "volt", "ampere",
                     "pascal", "newton", "calorie", "watt_hour", "metric_ton", "mole", "ohm", "becquerel", "sievert"})


# Metric prefixes news writes before a unit's symbol ("GHz", "hPa", "mSv", "kV"); not "a" (atto: "10 am"),
# "p" (pico: "2 pm") nor "d" (deci).
_SYMBOL_PREFIXES = frozenset({"kilo", "mega", "giga", "tera", "milli", "micro", "nano", "centi", "hecto"})


@cache
def _registry() -> pint.UnitRegistry:
    return pint.UnitRegistry()


@cache
def _measured_dimensions() -> frozenset:
    """The dimensions of ``_MEASURED``, compared as pint compares them (whatever their order)."""
    return frozenset(_registry().get_dimensionality(dimension) for dimension in _MEASURED)


def _measure(registry: pint.UnitRegistry, prefix: str, name: str, suffix: str, per: bool) -> Unit | None:
    """A parsed pint unit as one of ours, if it has a dimension news measures."""
    unit = registry.Unit(prefix + name + suffix)
    if name not in ("bit", "byte") and unit.dimensionality not in _measured_dimensions() \
            and not (per and str(unit.dimensionality) == "[time]"):
        return None
    full = (prefix + name).replace("meter", "metre").replace("liter", "litre").replace("_", " ")
    return Unit(f"{unit:~}", full, "measure")


@cache
def is_length(unit: Unit) -> bool:
    """Whether a measure is a distance ("200ft", "30 metres"), by pint's dimension of its name."""
    if unit.kind != "measure":
        return False
    try:
        return str(_registry().Unit(unit.name.replace(" ", "_")).dimensionality) == "[length]"
    except (pint.errors.PintError, TypeError, ValueError, AttributeError):  # a name pint cannot parse ("mile-hour")
        return False


@cache
def pint_symbol(text: str) -> Unit | None:
    """A metric unit written as its symbol with a prefix, case as written ("3.2 GHz", "950 hPa",
    "100 mSv", "11 kV"): upper and lower case tell "Ms" (a title) from "ms", so only prefixed
    symbols of metric units count, and seconds not at all."""
    if len(text) < 2 or not text.isalpha():
        return None
    registry = _registry()
    parsed = list(registry.parse_unit_name(text, case_sensitive=True))
    if len(parsed) != 1:
        return None  # "kt": a knot or a kilotonne
    prefix, name, suffix = parsed[0]
    if prefix not in _SYMBOL_PREFIXES or name not in _METRIC or name == "second" or suffix \
            or registry.get_symbol(text) != text:
        return None
    return _measure(registry, prefix, name, suffix, False)


@cache
def pint_unit(word: str, per: bool = False) -> Unit | None:
    """A unit of measure named in full that our table lacks ("picometres", "tablespoons",
    "megabits"), named as CQE names units (British spelling, words apart). After "per", a unit of
    time counts too ("per millisecond")."""
    word = word.lower().replace("gramme", "gram")
    if len(word) < 3 or not word.isalpha():
        return None
    registry = _registry()
    for prefix, name, suffix in registry.parse_unit_name(word):
        if name in _NOT_UNITS or prefix and name not in _METRIC:
            return None  # "kmph" is no kilo-mile per hour
        if word[len(prefix):len(prefix) + 3] != name[:3]:
            return None  # a name, not a symbol's plural: "has" is no hectares, "tbsp" stays ours
        return _measure(registry, prefix, name, suffix, per)
    return None


def unit_name(kind: str, code: str) -> str:
    """A stored unit read back in CQE's naming ("USD" -> "dollar", age "year" -> "year of age")."""
    if kind == "age":
        return AGES[code].name if code in AGES else code
    if kind == "duration":
        return code
    if code in _NAME_BY_CODE:
        return _NAME_BY_CODE[code]
    if "/" in code:  # "USD/share", "bbl/day", "µg/g"
        base, per = code.split("/", 1)
        return f"{unit_name(kind, base)} per {unit_name(kind, per)}"
    try:
        return str(_registry().Unit(code)).replace("meter", "metre").replace("liter", "litre").replace("_", " ")
    except (pint.errors.UndefinedUnitError, ValueError, AttributeError):
        return code


_NAME_BY_CODE = {unit.code: unit.name for table in (
    CURRENCY_CODES, CURRENCY_SIGNS, MEASURES, PERCENTAGE_POINTS, PERCENT, CURRENCY_SUFFIXES, CURRENCY_PREFIXES)
    for unit in table.values()} | {unit.code: unit.name for unit in (DEGREES, INDEX_POINTS, FRACTION)}
