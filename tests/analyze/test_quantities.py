"""Quantities on short news-style sentences: each recall gap the CQE-format sets showed (issue 23),
pinned by what it reads: value, bound, kind, unit, change and what the number counts."""
from __future__ import annotations

import pytest

from flows.analyze.claims.quantities import quantities
from flows.analyze.claims.units import unit_name
from flows.analyze.nlp import english


def read(sentence: str) -> list[dict]:
    return quantities(next(english()(sentence).sents))


def values(sentence: str) -> list[tuple]:
    return [(q["value"], q["quantity_kind"], q["unit"]) for q in read(sentence)]


@pytest.mark.parametrize(("sentence", "expected"), [
    # currencies outside our own table: CLDR names and codes, Unicode signs, "CA$"-style symbols
    ("The county spent 3 billion Kenyan shillings on roads.", [(3e9, "money", "KES")]),
    ("Bus fares in Vientiane rose to 15,000 ₭ last week.", [(15_000, "money", "LAK")]),
    ("Taipei will spend NT$ 40 billion on defence.", [(40e9, "money", "TWD")]),
    ("Shares of the miner closed at CA$ 5.20 on Friday.", [(5.2, "money", "CAD")]),
    ("The contract is worth 120 MEUR, the ministry said.", [(120e6, "money", "EUR")]),
    ("The bill came to 17 USD.", [(17, "money", "USD")]),
    ("It only cost thirteen dollars and forty-five cents.", [(13.45, "money", "USD")]),
    ("The council approved a budget of 1.2 billion dirhams.", [(1.2e9, "money", "dirham")]),  # UAE or Morocco
    ("Jakarta set aside 5 trillion rupiah for the dam.", [(5e12, "money", "IDR")]),
    ("The deficit widened to Rs 1.2 lakh crore.", [(1.2e12, "money", "INR")]),
    ("Thieves took jewels worth $2.6-million.", [(2.6e6, "money", "USD")]),
])
def test_currencies_outside_the_table(sentence, expected):
    assert values(sentence) == expected


def test_a_currency_code_in_lower_case_is_a_word():
    # "all", "try" and "rub" are ISO codes (ALL, TRY, RUB) only when written in capitals
    assert values("They will try 10 times, all 20 of them.") == [(10, "count", "time"), (20, "number", None)]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("the company said it lost $ 4.5 million in the quarter.", [(4.5e6, "money", "USD")]),
    ("sales rose 12 % to 3.5 billion euros, the company said.", [(12, "percent", "%"), (3.5e9, "money", "EUR")]),
    ("national paid the two writers $ 94,000 to drop all claims.", [(2, "count", "writer"), (94_000, "money", "USD")]),
])
def test_lower_cased_and_detokenised_text(sentence, expected):
    assert values(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The victim, aged 34, was taken to hospital.", (34, "year")),
    ("The boy, three years old, was found unharmed.", (3, "year")),
    ("A 90-day-old baby was among the injured.", (90, "day")),
    ("Her son was only ten months old.", (10, "month")),
    ("Most cases are found at around 3 years of age.", (3, "year")),
    ("Jobless rates among 18 year olds rose.", (18, "year")),
])
def test_ages_in_years_months_and_days(sentence, expected):
    [q] = read(sentence)
    assert (q["value"], q["unit"], q["quantity_kind"]) == (*expected, "age")
    assert unit_name("age", q["unit"]) == f"{expected[1]} of age"


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Floodwaters rose 8 to 10 feet in the valley.", (8, 10, "measure", "ft", "up")),
    ("Prices rose 5-7% in the quarter.", (5, 7, "percent", "%", "up")),
    ("It cost $5-7 million to rebuild the bridge.", (5e6, 7e6, "money", "USD", None)),
    ("Between 500 and 2 million people may be affected.", (500, 2e6, "count", "people", None)),
])
def test_ranges_keep_both_ends_and_the_scale(sentence, expected):
    [q] = read(sentence)
    assert (q["value_low"], q["value_high"], q["quantity_kind"], q["unit"], q["change"]) == expected
    assert q["bound"] == "range"


def test_percentage_points_apart_from_percent():
    found = read("Support for the party fell 3 percentage points to 41%.")
    assert [(q["value"], q["quantity_kind"], q["unit"], q["change"]) for q in found] == [
        (3, "percentage_point", "pp", "down"), (41, "percent", "%", "down")]
    assert found[0]["counted_key"] == "support"


@pytest.mark.parametrize(("sentence", "value"), [
    ("Forty-five people were injured in the blast.", 45),
    ("Two and a half million people live in the city.", 2_500_000),
    ("A quarter million people marched on Sunday.", 250_000),
    ("One soldier was killed in the attack.", 1),
])
def test_number_words(sentence, value):
    [q] = read(sentence)
    assert (q["value"], q["quantity_kind"]) == (value, "count")


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The company will pay $2 a share in cash.", (2, "money", "USD/share", "dollar per share")),
    ("Oil output fell by 500,000 barrels a day.", (500_000, "measure", "bbl/day", "barrel per day")),
    ("The ship was carrying 3,000 tonnes of grain.", (3000, "measure", "t", "metric ton")),
    ("The sample held 37.8 micrograms of lead.", (37.8, "measure", "µg", "microgram")),
    ("Temperatures dropped to minus 10 degrees Celsius.", (-10, "measure", "°C", "celsius")),
    ("The plane banked 45 degrees to the left.", (45, "measure", "°", "degree")),
    ("He was sentenced to six years in prison.", (6, "duration", "year", "year")),
])
def test_measures_rates_and_durations(sentence, expected):
    [q] = read(sentence)
    assert (q["value"], q["quantity_kind"], q["unit"], unit_name(q["quantity_kind"], q["unit"])) == expected


def test_a_rate_is_not_a_year_earlier():
    [q] = read("Revenue rose 4.8% to $13.18 billion from a year earlier.")[1:]
    assert (q["value"], q["unit"]) == (13.18e9, "USD")


@pytest.mark.parametrize("sentence", ["Flight 370 vanished over the Indian Ocean.",
                                      "The crash closed Highway 35 near the exit."])
def test_a_number_after_its_noun_is_a_label_not_a_count(sentence):
    assert read(sentence) == []


def test_numbers_side_by_side_do_not_add_up():
    assert values("He paid with 50 50-dollar bills.") == [(50, "count", "bill"), (50, "money", "USD")]


def test_every_number_keeps_what_it_counts_and_its_span():
    text = "More than 6,000 Taliban fighters seized 12 districts, and the army signed a $2bn deal."
    doc = english()(text)
    found = quantities(next(doc.sents))
    assert [(q["surface"], q["counted"]) for q in found] == [
        ("More than 6,000 Taliban fighters", "Taliban fighters"), ("12 districts", "districts"), ("$2bn", "deal")]
    assert all(text[q["char_start"]:q["char_end"]] == q["surface"] for q in found)


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The Fed raised rates by 25 basis points.", [(25, "percentage_point", "bp", "up")]),
    ("Tesla delivered more cars, up 42% from a year earlier.", [(42, "percent", "%", "up")]),
    ("The S&P 500 was down 2.1% on Friday.", [(2.1, "percent", "%", "down")]),
    ("Brent crude slipped 1.2% on Monday.", [(1.2, "percent", "%", "down")]),
    ("The team racked up more than $247 million at the box office.", [(247e6, "money", "USD", None)]),
])
def test_a_change_from_its_verb_or_the_adverb_before_it(sentence, expected):
    assert [(q["value"], q["quantity_kind"], q["unit"], q["change"]) for q in read(sentence)] == expected


def test_over_five_years_is_a_span_not_a_bound_and_a_month_is_not_what_a_figure_measures():
    [money, years] = read("The government will spend £4.5bn over five years on new hospitals.")
    assert (years["value"], years["bound"], years["quantity_kind"]) == (5, "exact", "duration")
    found = read("Inflation fell to 10.1% in November from a record 10.6% in October.")
    assert [q["counted_key"] for q in found] == ["inflation", "inflation"]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The FTSE 100 closed at 7,452 on Friday.", [(7452, "number", None, "ftse")]),
    ("The index rose to 4,000 in March 2021.", [(4000, "number", "up", "index")]),
])
def test_a_bare_level_that_a_verb_states_is_a_number(sentence, expected):
    assert [(q["value"], q["quantity_kind"], q["change"], q["counted_key"]) for q in read(sentence)] == expected
    assert read(sentence)[0]["unit"] is None


@pytest.mark.parametrize("sentence", ["Boeing will deliver the 737 to the airline.",
                                      "The bill passed 219 to 212 in the House."])
def test_a_bare_number_that_no_verb_makes_a_level_is_not_a_quantity(sentence):
    assert read(sentence) == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("A 5.6-magnitude quake struck western Java.", (5.6, "measure", "magnitude", "quake")),
    ("The magnitude 6.8 earthquake struck at dawn.", (6.8, "measure", "magnitude", "earthquake")),
    ("The quake measured 7.8 on the Richter scale.", (7.8, "number", None, "quake")),
    ("Chinese exports grew 7.1% year on year in October.", (7.1, "percent", "%", "chinese export")),
])
def test_earthquake_magnitudes_and_what_a_figure_measures(sentence, expected):
    [q] = read(sentence)
    assert (q["value"], q["quantity_kind"], q["unit"], q["counted_key"]) == expected


@pytest.mark.parametrize("sentence", ["Microsoft patched a zero-day flaw in Internet Explorer.",
                                      "Bulletin MS08-078 has a maximum severity rating.",
                                      "No-one has been injured."])
def test_terms_and_words_that_look_like_quantities_are_not(sentence):
    # "zero-day" is a term, not a duration; "has" is no plural of "ha" (hectares)
    assert read(sentence) == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The Tar Heels took control with a 19-4 run and are 41-20 all-time.", []),
    ("The Jaguars raced out to an early 14-0 lead, then lost 28-24.", []),
    ("Indian Navy captures 26 Somali pirates, 11 Nov 2011.", [(26, "count", "pirate")]),
    ("One thing is clear: one man was killed.", [(1, "count", "man")]),
    ("Some 200-300 fighters attacked the checkpoint.", [(200, "count", "fighter")]),
])
def test_scores_dates_and_phrases_with_one_are_not_counts_but_ranges_are(sentence, expected):
    assert values(sentence) == expected


@pytest.mark.parametrize("sentence", ["The crash happened at 200 West American Boulevard.",
                                      "It was the 1,000th game of his career and his 21st win."])
def test_addresses_and_ordinals_are_not_counts(sentence):
    assert read(sentence) == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Nearly three quarters of the market is held by two firms.", (0.75, "upper", "market")),
    ("Two-thirds of voters backed the plan.", (2 / 3, "exact", "voter")),
    ("One in five adults now smokes, the survey found.", (0.2, "exact", "adult")),
    ("The risk is one out of every three children.", (1 / 3, "exact", "child")),
    ("The bill needs a two-thirds majority in the Senate.", (2 / 3, "exact", "majority")),
    ("Half of the roof collapsed during the blaze.", (0.5, "exact", "roof")),
])
def test_shares_of_a_whole_are_fractions_of_what_they_divide(sentence, expected):
    [q] = [q for q in read(sentence) if q["quantity_kind"] == "fraction"]
    assert (round(q["value"], 6), q["bound"], q["counted_key"]) == (round(expected[0], 6), *expected[1:])


@pytest.mark.parametrize("sentence", ["Profits fell in the third quarter.", "He waited a quarter of an hour.",
                                      "A quarter million people marched on Sunday."])
def test_ordinals_times_and_scales_are_not_shares(sentence):
    assert all(q["quantity_kind"] != "fraction" for q in read(sentence))


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The company lost R3.2bn last year.", (3.2e9, "ZAR")),
    ("Maybank earned RM2.5bn in the quarter.", (2.5e9, "MYR")),
    ("Safaricom posted a profit of KSh 68bn.", (68e9, "KES")),
    ("Bank Mandiri set aside Rp 40 trillion.", (40e12, "IDR")),
    ("The ticket costs Mex$ 150.50 in Monterrey.", (150.5, "MXN")),
])
def test_a_countrys_own_currency_symbol_before_an_amount(sentence, expected):
    [q] = read(sentence)
    assert (q["value"], q["quantity_kind"], q["unit"]) == (expected[0], "money", expected[1])


def test_letters_before_a_plain_number_are_labels_not_currencies():
    # "G", "M", "Q" and "R" are local currency symbols, but only before an amount written as money
    assert read("The G20 met in Rome as traffic on the M25 slowed and Q3 results were weak.") == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The Dow Jones fell 500 points, or 1.6%, to 30,000.", [(500, "measure", "point"), (1.6, "percent", "%"),
                                                            (30_000, "number", None)]),
    ("The index gained 1.2 per cent, or 85.3 points, to close higher.", [(1.2, "percent", "%"),
                                                                        (85.3, "measure", "point")]),
    ("Labour's lead over the Tories narrowed by 3 points to 41%.", [(3, "percentage_point", "pp"),
                                                                    (41, "percent", "%")]),
])
def test_index_points_apart_from_percentage_points(sentence, expected):
    assert values(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Over 1m people attended the rally.", (1e6, "count", "people")),
    ("The firm sold 10m copies of the game.", (10e6, "count", "copy")),
    ("Output was 1.5m barrels a day.", (1.5e6, "measure", "bbl/day")),
    ("The climbers scaled a 10m wall.", (10, "measure", "m")),
    ("She won the 400m hurdles.", (400, "measure", "m")),
])
def test_m_before_what_it_counts_is_a_million(sentence, expected):
    [q] = read(sentence)
    assert (q["value"], q["quantity_kind"], q["unit"]) == expected


@pytest.mark.parametrize(("sentence", "value"), [
    ("A dozen police officers were hurt.", 12),
    ("Half a dozen people were arrested.", 6),
    ("A hundred thousand people marched in the capital.", 100_000),
    ("The stadium held 80, 000 spectators.", 80_000),
])
def test_a_scale_word_after_an_article_and_respaced_thousands(sentence, value):
    [q] = read(sentence)
    assert (q["value"], q["quantity_kind"]) == (value, "count")


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Heidar Alishvandi said 50 were injured.", (50, "injured", None)),
    ("The four robbers, two of whom were disguised as women, fled.", (2, "disguised", None)),
    ("Dollar: 143.80 yen, up 0.95.", (0.95, None, "up")),
])
def test_a_figure_whose_noun_is_left_out_is_a_number(sentence, expected):
    [q] = [q for q in read(sentence) if q["quantity_kind"] == "number"]
    assert (q["value"], q["outcome"], q["change"]) == expected


@pytest.mark.parametrize("sentence", ["They tried to aid the deputy and dialed 911, authorities said.",
                                      "The Philadelphia 76ers fired their coach.",
                                      "The 486 replaced the older chips."])
def test_emergency_lines_teams_and_names_are_not_figures(sentence):
    assert read(sentence) == []


def test_turning_an_age():
    [q] = read("Teixeira, who turns 29 on April 11, signed the deal.")
    assert (q["value"], q["quantity_kind"], q["unit"]) == (29, "age", "year")


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Police seized cocaine worth an estimated £90m.", (90e6, "money", "GBP")),
    ("The fine was R500m.", (500e6, "money", "ZAR")),
    ("The budget allocates $4.1 billion for defence.", (4.1e9, "money", "USD")),
    ("A 100,000-strong crowd gathered in the square.", (100_000, "count", "crowd")),
])
def test_scales_at_a_sentences_end_exact_values_and_strong_crowds(sentence, expected):
    [q] = read(sentence)
    assert (q["value"], q["quantity_kind"], q["unit"]) == expected


def test_a_scaled_figure_without_a_currency_is_an_amount_of_what_governs_it():
    found = read("India has a population of 1.4bn and a deficit of 1.6 billion.")
    assert [(q["value"], q["quantity_kind"], q["counted_key"]) for q in found] == [
        (1.4e9, "number", "population"), (1.6e9, "number", "deficit")]


def test_a_model_number_before_a_singular_noun_is_not_a_count():
    assert values("IBM picked the 8088 chip, and Boeing 120 aircraft and a 737 jet.") == [(120, "count", "aircraft")]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The fire caused a million dollars worth of damage.", (1e6, "money", "USD")),
    ("The charity raised half a million dollars.", (5e5, "money", "USD")),
    ("He rushed for more than a hundred yards.", (100, "measure", "yd")),
])
def test_a_scale_word_after_an_article_keeps_its_unit(sentence, expected):
    [q] = read(sentence)
    assert (q["value"], q["quantity_kind"], q["unit"]) == expected


@pytest.mark.parametrize("sentence", ["He was pulled in the second half of the game.",
                                      "Security changed in the wake of the 9/11 attacks."])
def test_halves_of_a_game_and_dates_are_not_shares(sentence):
    assert read(sentence) == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The Fed cut its key rate by a quarter point to 4.5%.", (0.25, "percentage_point", "pp")),
    ("Yields rose three-quarters of a percentage point to 4%.", (0.75, "percentage_point", "pp")),
    ("The suspect fled half an hour before police arrived.", (0.5, "duration", "hour")),
    ("The runway was extended by a half-mile.", (0.5, "measure", "mi")),
])
def test_a_fraction_of_one_unit(sentence, expected):
    q = read(sentence)[0]
    assert (q["value"], q["quantity_kind"], q["unit"]) == expected


@pytest.mark.parametrize("sentence", ["Ortiz was shot in the 12000 block of East 223rd Street.",
                                      "The crash closed the 605 Freeway.",
                                      "The ship was freed at about 1100 hrs IST.",
                                      "Page died at 0241 GMT on Friday."])
def test_blocks_of_an_address_roads_and_clock_times_are_not_counts(sentence):
    assert read(sentence) == []


def test_inches_glued_to_their_figure():
    assert values("The suspect is 6ft 2in tall, and the snow was 4in deep.") == [
        (6, "measure", "ft"), (2, "measure", "in"), (4, "measure", "in")]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Broadband speeds reached 100 Mbps in the city.", [(100, "measure", "Mbit/s")]),
    ("He paid 2 bucks for a coffee.", [(2, "money", "USD")]),
    ("One bitcoin fell to 20,000 dollars, and he sold 3 BTC.", [(1, "money", "BTC"), (20_000, "money", "USD"),
                                                               (3, "money", "BTC")]),
    ("The room is 20 by 30 metres.", [(20, "measure", "m"), (30, "measure", "m")]),
])
def test_data_rates_informal_and_crypto_money_and_sides_of_a_size(sentence, expected):
    assert values(sentence) == expected


def test_a_version_of_a_product_is_not_a_count():
    assert values("Windows 10 users and PlayStation 5 owners grew, and 600 fighters attacked.") == [
        (600, "count", "fighter")]


def test_abbreviated_minutes_and_hours_are_durations():
    assert values("Total downtime was 1hr 4 mins.") == [(1, "duration", "hour"), (4, "duration", "minute")]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Qeshm is a free-trade zone with a population of more than 100,000.", [(100_000, "population")]),
    ("Quinn was just 10 of 22 for the day.", [(10, "quinn"), (22, "quinn")]),
])
def test_a_figure_after_of_is_an_amount_of_what_governs_it(sentence, expected):
    assert [(q["value"], q["counted_key"]) for q in read(sentence) if q["quantity_kind"] == "number"] == expected


def test_routes_and_highways_in_the_plural_are_counts():
    assert values("Between 3,000 and 5,000 Internet routes and five highways were cut.") == [
        (3000, "count", "route"), (5, "count", "highway")]


def ranges(sentence: str) -> list[tuple]:
    return [(q["value_low"], q["value_high"], q["quantity_kind"], q["unit"]) for q in read(sentence)
            if q["bound"] == "range"]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The group raised $1.2-$1.5 billion from investors.", [(1.2e9, 1.5e9, "money", "USD")]),
    ("The group raised $1.2 billion-$1.5 billion from investors.", [(1.2e9, 1.5e9, "money", "USD")]),
    ("Estimates range from 2-3 million people.", [(2e6, 3e6, "count", "people")]),
    ("Crowds of 50,000-60,000 gathered in the square.", [(50_000, 60_000, "number", None)]),
])
def test_ranges_with_the_sign_twice_after_from_and_of_bare_amounts(sentence, expected):
    assert ranges(sentence) == expected


def test_a_telephone_number_is_no_range():
    assert values("For tickets, call 800-3855 before noon.") == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The company lost -$2.3 million in the quarter.", [(-2.3e6, "money", "USD")]),
    ("Temperatures fell to minus 20 degrees overnight.", [(-20, "measure", "°")]),
])
def test_negative_amounts(sentence, expected):
    assert values(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("About 25 000 people were evacuated.", [(25_000, "count", "people")]),
    ("About 25\u00a0000 people were evacuated.", [(25_000, "count", "people")]),
    ("The deal was worth 1 000 000 euros.", [(1e6, "money", "EUR")]),
])
def test_thousands_grouped_by_a_space(sentence, expected):
    assert values(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("A few hundred people gathered outside.", (200, "people")),
    ("Several thousand troops arrived on Monday.", (3000, "troop")),
    ("Hundreds of thousands of people marched.", (200_000, "people")),
    ("Tens of thousands of people marched.", (20_000, "people")),
    ("A couple hundred people gathered outside.", (200, "people")),
])
def test_vague_multiples_of_a_scale_word(sentence, expected):
    assert [(q["value"], q["unit"]) for q in read(sentence) if q["bound"] == "vague"] == [expected]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The regulator cut fees by a third.", [(1 / 3, "fraction", "fraction")]),
    ("Output was cut by half last year.", [(0.5, "fraction", "fraction")]),
    ("Profits fell by two-thirds.", [(2 / 3, "fraction", "fraction")]),
])
def test_a_change_by_a_share(sentence, expected):
    assert values(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The firm hired 1.2k workers.", [(1200, "count", "worker")]),
    ("The car reached 200 km/h.", [(200, "measure", "km/h")]),
    ("The engine makes 300 hp and the chip runs at 3.2 GHz.", [(300, "measure", "hp"), (3.2, "measure", "GHz")]),
    ("Pressure fell to 950 hPa and tyres were at 32 psi.", [(950, "measure", "hPa"), (32, "measure", "psi")]),
    ("Workers were exposed to 100 millisieverts.", [(100, "measure", "mSv")]),
    ("The star is 4.2 light years away.", [(4.2, "measure", "ly")]),
    ("Add 2 fl oz of syrup.", [(2, "measure", "fl_oz")]),
    ("The dose is 10 mg a day.", [(10, "measure", "mg/day")]),
    ("The meeting starts at 10 am.", []),
])
def test_unit_symbols_and_names_news_writes(sentence, expected):
    assert values(sentence) == expected
    assert all(not q["surface"].endswith(".") for q in read(sentence))


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The TV has a 55\" screen.", [(55, "measure", "in")]),
    ("The pen is 10\" long.", [(10, "measure", "in")]),
    ("He said \"we need 10\" and left.", [(10, "number", None)]),  # a closing quote, no inch
])
def test_an_inch_mark_only_where_it_closes_no_quotation(sentence, expected):
    assert values(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Water boils at 212 F.", [(212, "measure", "°F")]),
    ("It was 30 F outside.", [(30, "measure", "°F")]),
    ("Send it to Jane Doe, Cloud City, PA 23456 F Block.", []),
])
def test_a_bare_temperature_letter_needs_a_temperature(sentence, expected):
    assert values(sentence) == expected


def test_a_figure_continuing_a_code_is_no_quantity():
    assert values("Buy the scp2-173m adapter and patch MS08-078 on 40 computers.") == [(40, "count", "computer")]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Officials said Arcade Joseph Comeaux Jr., 49, took two officers hostage.",
     [(49, "age", "year"), (2, "count", "officer")]),
    ("Vincent Gigante, 77, died on Monday.", [(77, "age", "year")]),
])
def test_an_age_set_off_by_commas_after_a_name(sentence, expected):
    assert values(sentence) == expected


def test_mm_after_money_is_a_million():
    assert values("Tex is seeking more than $21MM per year.") == [(21e6, "money", "USD/year")]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The telecast drew 32 million viewers, a 24% drop on last year.", [None, "down"]),
    ("Analysts expect a 3 percent rise in sales.", ["up"]),
    ("The firm won a $300 million contract.", [None]),  # a contract, not a contraction
    ("The climber survived a 200-foot drop.", [None]),  # a fall of a body is no change of an amount
])
def test_a_change_sized_as_a_noun(sentence, expected):
    assert [q["change"] for q in read(sentence)] == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Overnight it was 10 degrees below zero.", [(-10, "measure", "°")]),
    ("Lows of 5C below zero are expected.", [(-5, "measure", "°C")]),
    ("At the age of 45 he retired from politics.", [(45, "age", "year")]),
])
def test_below_zero_and_the_age_of(sentence, expected):
    assert values(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Some 40-odd people came to the meeting.", (40, "approximate", "people")),
    ("The 500-plus workers went on strike.", (500, "lower", "worker")),
])
def test_a_hyphenated_bound_after_the_figure(sentence, expected):
    assert [(q["value"], q["bound"], q["unit"]) for q in read(sentence)] == [expected]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("He paid 3 grand for the car.", [(3000, "money", "USD")]),
    ("The flat sold for £300 grand.", [(300_000, "money", "GBP")]),
    ("A panel of 23 grand jurors met.", [(23, "count", "juror")]),  # "grand jurors" is no money
])
def test_grand_is_a_thousand_in_money(sentence, expected):
    assert values(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The flight took 2.5 hrs from Boston.", [(2.5, "duration", "hour")]),
    ("She served 3 yrs in prison and waited 6 wks for parole.", [(3, "duration", "year"), (6, "duration", "week")]),
    ("He won by 30 secs.", [(30, "duration", "second")]),
    ("The attack began at 0600 hrs local time.", []),  # a clock time
    ("Troops moved in at 1100 hours.", []),
])
def test_abbreviated_time_units_and_clock_hours(sentence, expected):
    assert values(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The concert drew 1,000s of fans to the park.", (2000, "vague", "fan")),
    ("They sent 100s of letters.", (200, "vague", "letter")),
])
def test_a_power_of_ten_in_the_plural_is_a_vague_count(sentence, expected):
    assert [(q["value"], q["bound"], q["unit"]) for q in read(sentence)] == [expected]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The hiker survived after falling about 200ft from a ridge.", [None]),
    ("He fell 20 feet.", [None]),
    ("The van plunged 30 metres into a gorge.", [None]),
    ("The river rose 3 feet overnight.", ["up"]),  # a level that changed
    ("Prices fell 20% to $5.", ["down", "down"]),
])
def test_a_distance_a_body_travels_is_no_change(sentence, expected):
    assert [q["change"] for q in read(sentence)] == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # a measure, count or age describing a noun: the verb moves the noun, not the quantity
    ("The 6-foot wall fell.", [None]),
    ("The 300-page report rose to the top of the list.", [None]),
    ("Shares of the 100-year-old company fell 5%.", [None, "down"]),
    ("Unemployment fell to a 50-year low of 3.5%.", [None, "down"]),
    ("The firm posted a 24% drop in profit.", ["down"]),  # a change sized as a noun stays one
    ("The company cut 200 jobs.", ["down"]),
    ("Another 200 jobs.", [None]),  # a headline whose root is the quantity's own noun
])
def test_a_quantity_describing_a_noun_takes_no_change_from_the_verb(sentence, expected):
    assert [q["change"] for q in read(sentence)] == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The 6-foot-5 forward scored 20 points.", [(6, "measure", "ft"), (5, "measure", "in"), (20, "count", "point")]),
    ("The suspect is 5-feet-11.", [(5, "measure", "ft"), (11, "measure", "in")]),
])
def test_a_height_in_feet_and_inches_written_with_hyphens(sentence, expected):
    assert values(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("A woman, 34, was hurt in the crash.", [(34, "age", "year")]),
    ("The girl, 12, was taken to hospital.", [(12, "age", "year")]),
    ("A pensioner, 81, and her grandson, 9, were rescued.", [(81, "age", "year"), (9, "age", "year")]),
    ("A schoolboy, 14, was hurt.", [(14, "age", "year")]),
    # a number apposed to a noun that is no person is no age
    ("The total, 12, was low.", []),
    ("The median, 41, was higher than expected.", []),
])
def test_an_age_set_off_by_commas_after_a_noun(sentence, expected):
    assert values(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("She is in her 40s.", [(40, "vague", "year")]),
    ("Both men are in their early 30s.", [(30, "vague", "year")]),
    ("It was a hit in the early 90s.", []),  # a decade, not an age
])
def test_tens_in_the_plural_after_a_possessive_are_an_age(sentence, expected):
    assert [(q["value"], q["bound"], q["unit"]) for q in read(sentence)] == expected
