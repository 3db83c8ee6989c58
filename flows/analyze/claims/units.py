"""Units of measure and currencies as news writes them, each normalised to a code and a name.

Codes are what the warehouse stores (``USD``, ``km``, ``°C``, ``%``); names follow the unit names
of quantulum3 and CQE ("dollar", "kilometre", "celsius"), so extractions can be scored against
gold sets in that convention. Kinds: money, percent, percentage_point, measure, age.
"""
from __future__ import annotations

from typing import NamedTuple


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
    ("₽|rub", "RUB", "russian ruble"), ("c$|cad", "CAD", "canadian dollar"), ("a$|aud", "AUD", "australian dollar"),
    ("hk$|hkd", "HKD", "hong kong dollar"), ("chf|sfr", "CHF", "swiss franc"), ("₩|krw", "KRW", "south korean won"),
    ("r$|brl", "BRL", "brazilian real"), ("nz$|nzd", "NZD", "new zealand dollar"), ("₺|try", "TRY", "turkish lira"),
    ("zar", "ZAR", "south african rand"), ("afn", "AFN", "afghan afghani"), ("₦|ngn", "NGN", "nigerian naira"),
])
# Currency names and codes written after the amount ("5 million dollars", "300 euros", "10 usd").
CURRENCY_SUFFIXES = _table("money", [
    ("dollar|dollars|usd|us dollars|u.s. dollars|american dollars", "USD", "dollar"),
    ("euro|euros|eur", "EUR", "euro"), ("pound sterling|pounds sterling|sterling|gbp|quid", "GBP", "pound sterling"),
    ("yen|japanese yen|jpy", "JPY", "japanese yen"), ("yuan|renminbi|chinese yuan|cny", "CNY", "chinese yuan"),
    ("rupee|rupees|indian rupees|inr", "INR", "indian rupee"), ("rouble|roubles|ruble|rubles|rub", "RUB", "russian ruble"),
    ("canadian dollars|canadian dollar|cad", "CAD", "canadian dollar"),
    ("australian dollars|australian dollar|aud", "AUD", "australian dollar"),
    ("hong kong dollars|hong kong dollar|hkd", "HKD", "hong kong dollar"),
    ("swiss francs|swiss franc|francs|franc|chf", "CHF", "swiss franc"), ("won|krw", "KRW", "south korean won"),
    ("rand|zar", "ZAR", "south african rand"), ("afghanis|afghani|afn", "AFN", "afghan afghani"),
    ("naira|ngn", "NGN", "nigerian naira"), ("lira|liras|try", "TRY", "turkish lira"),
    ("cent|cents", "USD cent", "cent"), ("pence|penny|p", "GBP penny", "penny"),
    ("peso|pesos", "MXN", "mexican peso"), ("real|reais", "BRL", "brazilian real"),
])
PERCENT = _table("percent", [("%|percent|per cent|pct|pc|per-cent", "%", "percentage")])
PERCENTAGE_POINTS = _table("percentage_point", [
    ("percentage points|percentage point|percent points|points|point|pts|pp", "pp", "percentage point")])
MEASURES = _table("measure", [
    ("km|kms|kilometre|kilometres|kilometer|kilometers", "km", "kilometre"),
    ("m|metre|metres|meter|meters", "m", "metre"), ("cm|centimetre|centimetres|centimeter|centimeters", "cm", "centimetre"),
    ("mm|millimetre|millimetres|millimeter|millimeters", "mm", "millimetre"),
    ("mile|miles|mi", "mi", "mile"), ("foot|feet|ft", "ft", "foot"), ("inch|inches|in.", "in", "inch"),
    ("yard|yards|yd", "yd", "yard"), ("nautical miles|nautical mile", "nmi", "nautical mile"),
    ("kg|kgs|kilo|kilos|kilogram|kilograms|kilogramme|kilogrammes", "kg", "kilogram"),
    ("g|gram|grams|gramme|grammes", "g", "gram"), ("mg|milligram|milligrams", "mg", "milligram"),
    ("tonne|tonnes|ton|tons|metric tons|metric tonnes|t", "t", "metric ton"),
    ("lb|lbs|pound|pounds", "lb", "pound-mass"), ("ounce|ounces|oz", "oz", "ounce"),
    ("litre|litres|liter|liters|l", "l", "litre"), ("millilitre|millilitres|milliliter|milliliters|ml", "ml", "millilitre"),
    ("gallon|gallons|gal", "gal", "gallon"), ("barrel|barrels|bbl", "bbl", "barrel"),
    ("cubic metres|cubic meters|cubic metre|cubic meter|m3", "m³", "cubic metre"),
    ("hectare|hectares|ha", "ha", "hectare"), ("acre|acres", "acre", "acre"),
    ("square kilometres|square kilometers|square kilometre|square kilometer|sq km|km2", "km²", "square kilometre"),
    ("square miles|square mile|sq mi", "mi²", "square mile"),
    ("square metres|square meters|square metre|square meter|sq m|m2", "m²", "square metre"),
    ("square feet|square foot|sq ft", "ft²", "square foot"),
    ("km/h|kmh|kph|kilometres per hour|kilometers per hour|kilometre per hour|kilometer per hour",
     "km/h", "kilometre per hour"),
    ("mph|miles per hour|mile per hour", "mph", "mile per hour"), ("knot|knots", "kn", "knot"),
    ("degrees celsius|degree celsius|celsius|°c|ºc|c|centigrade|degrees centigrade", "°C", "celsius"),
    ("degrees fahrenheit|degree fahrenheit|fahrenheit|°f|ºf|f", "°F", "fahrenheit"),
    ("kelvin|kelvins", "K", "kelvin"),
    ("megawatt|megawatts|mw", "MW", "megawatt"), ("gigawatt|gigawatts|gw", "GW", "gigawatt"),
    ("kilowatt|kilowatts|kw", "kW", "kilowatt"), ("kilowatt hours|kilowatt-hours|kwh", "kWh", "kilowatt hour"),
    ("megawatt hours|megawatt-hours|mwh", "MWh", "megawatt hour"),
    ("gigabyte|gigabytes|gb", "GB", "gigabyte"), ("megabyte|megabytes|mb", "MB", "megabyte"),
    ("terabyte|terabytes|tb", "TB", "terabyte"), ("kilobyte|kilobytes|kb", "kB", "kilobyte"),
])
# Units written with a degree sign only ("30°", "30 degrees") are temperatures in news text.
DEGREES = Unit("°C", "celsius", "measure")
AGE = Unit("year", "year", "age")
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
MAX_UNIT_WORDS = 3
# Unit name by code, for reading stored codes back in CQE's naming.
NAME_BY_CODE = {unit.code: unit.name for table in (MEASURES, PERCENTAGE_POINTS, PERCENT, CURRENCY_SUFFIXES,
                                                  CURRENCY_PREFIXES) for unit in table.values()} | {AGE.code: AGE.name}
