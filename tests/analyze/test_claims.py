"""Claims, actors and sources (issue 5): the facts the sample pages carry, and the parts one by one."""
from __future__ import annotations

from functools import cache

import pytest

from flows.analyze import claims
from flows.analyze.claims.quantities import parse_number, quantities
from flows.analyze.nlp import english
from flows.config import REPO_ROOT, Settings
from flows.extract import extract as extract_page
from flows.analyze.names import person_key as name_key

SETTINGS = Settings()

SAMPLES = sorted((REPO_ROOT / "seeds" / "pages").glob("*.txt"))


@cache
def sample_rows(index: int) -> dict[str, list[dict]]:
    """Claim rows of one sample page, from its cleaned body text as the pipeline analyses it."""
    body = extract_page(SAMPLES[index].read_text(encoding="utf-8"), "text", SETTINGS).text
    return claims.claim_rows(english()(body), {})


def rows_of(text: str) -> dict[str, list[dict]]:
    return claims.claim_rows(english()(text), {})


def quantity_rows(index: int) -> list[dict]:
    by_claim = {c["claim_index"]: c for c in sample_rows(index)["claims"]}
    return [{**q, "certainty": by_claim[q["claim_index"]]["certainty"]} for q in sample_rows(index)["claim_quantities"]]


def speakers(index: int) -> list[dict]:
    return [m for m in sample_rows(index)["claim_actor_mentions"] if m["mention_role"] == "speaker"]


# --- the facts of the first paragraph -------------------------------------------------

def test_casualty_claim_is_60_killed_or_injured_in_both_pages_that_carry_it():
    carrying = {i for i in range(len(SAMPLES)) for q in quantity_rows(i)
                if q["unit"] == "fighter" and q["outcome"] and "killed or injured" in q["outcome"]}
    assert carrying == {0, 3}
    for i in carrying:
        values = {q["value"] for q in quantity_rows(i) if q["unit"] == "fighter" and "killed" in (q["outcome"] or "")}
        assert values == {60.0}


def test_force_size_is_a_lower_bound_of_6000_in_both_pages_that_carry_it():
    carrying = {i: q for i in range(len(SAMPLES)) for q in quantity_rows(i) if q["value"] == 6000}
    assert set(carrying) == {2, 4}
    for q in carrying.values():
        assert (q["bound"], q["value_low"], q["value_high"], q["unit"]) == ("lower", 6000.0, None, "fighter")


@pytest.mark.parametrize(("index", "name", "title_words"), [
    (2, "Bismillah Mohammadi", "Minister Gen"),
    (3, "Bismillah Mohammadi", "Defence Minister General"),
    (4, "Bismillah Mohammadi", "Defence Minister General"),
    (0, "Tajuden Soroush", "senior correspondent"),
    (3, "Tajuden Soroush", "senior correspondent for Iran International"),
    (2, "Ghani Andarabi", "former local police commander"),
])
def test_quoted_speakers_have_name_and_role_apart(index, name, title_words):
    titles = [m["title"] or "" for m in speakers(index) if m["name"] == name]
    assert titles, f"{name} is not a speaker in sample {index}"
    assert any(title_words in t for t in titles)
    assert all(name not in t for t in titles)  # the title never repeats the name


def test_unnamed_police_commander_is_quoted_through_tolo_news():
    statements = {c["claim_index"] for c in sample_rows(4)["claims"] if c["claim_type"] == "statement"}
    commander = [m for m in speakers(4) if m["claim_index"] in statements and m["name"] is None
                 and "police commander" in (m["title"] or "")]
    assert commander
    cited = {c["surface"] for c in sample_rows(4)["cited_sources"] if c["claim_index"] == commander[0]["claim_index"]}
    assert "Tolo News" in cited


def test_massoud_and_masood_share_one_actor_key():
    named = {m["name"]: m["name_key"] for i in range(len(SAMPLES))
             for m in sample_rows(i)["claim_actor_mentions"] if m["name"]}
    assert "Ahmad Massoud" in named and "Ahmed Masood" in named
    assert named["Ahmad Massoud"] == named["Ahmed Masood"]
    assert named.get("Ahmad Shah Massoud", "") != named["Ahmad Massoud"]


def test_contested_district_sentence_is_a_disputed_control_change():
    disputed = [c for c in sample_rows(3)["claims"] if c["certainty"] == "disputed"]
    assert any(c["claim_type"] == "event" and c["event_kind"] == "control_change" and c["negated"]
               for c in disputed)


def test_every_sample_reports_the_districts_changing_hands():
    for i in range(len(SAMPLES)):
        assert any(c["event_kind"] == "control_change" for c in sample_rows(i)["claims"]), SAMPLES[i].name


# --- quantities -------------------------------------------------------------------------------

@pytest.mark.parametrize(("words", "value"), [
    (["6,000"], 6000), (["three"], 3), (["1.5", "million"], 1_500_000), (["two", "hundred"], 200),
    (["twenty-five"], 25), (["15,000"], 15000), (["Friday"], None),
])
def test_parse_number(words, value):
    assert parse_number(words) == value


@pytest.mark.parametrize(("sentence", "expected"), [
    ("More than 200 people gathered in the square.", (200, "lower", "people", "gathered")),
    ("At least 12 soldiers were killed in the attack.", (12, "lower", "soldier", "killed")),
    ("About 40 houses were destroyed.", (40, "approximate", "house", "destroyed")),
    ("Up to 300 families fled the town.", (300, "upper", "family", "fled")),
    ("Rebels seized three villages overnight.", (3, "exact", "village", "seized")),
    ("Dozens of protesters were arrested.", (24, "vague", "protester", "arrested")),
])
def test_quantity_value_bound_unit_outcome(sentence, expected):
    found = quantities(next(english()(sentence).sents))
    assert [(q["value"], q["bound"], q["unit"], q["outcome"]) for q in found] == [expected]


def test_quantity_range_keeps_both_ends():
    found = quantities(next(english()("Between 10 and 20 trucks crossed the border.").sents))
    assert [(q["bound"], q["value_low"], q["value_high"]) for q in found] == [("range", 10, 20)]


def test_years_and_clock_times_are_not_quantities_but_durations_are():
    doc = english()("The Soviet Union occupied the country from 1979 to 1989, and 30 years later at 1.40pm the talks began.")
    assert [(q["value"], q["quantity_kind"], q["unit"]) for q in quantities(next(doc.sents))] == [(30, "duration", "year")]


# --- certainty --------------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "certainty"), [
    ("Rebels captured the town of Dara on Monday.", "asserted"),
    ("Rebels have reportedly captured the town of Dara.", "reported"),
    ("Unconfirmed reports said rebels had captured the town of Dara.", "unconfirmed"),
    ("The rebels claimed to have captured the town of Dara.", "claimed"),
    ("Conflicting reports said the town of Dara had not been captured.", "disputed"),
    ("The army denied that rebels had captured the town of Dara.", "denied"),
    ("Rebels did not capture the town of Dara.", "denied"),
])
def test_certainty_of_a_control_change(sentence, certainty):
    events = [c for c in rows_of(sentence)["claims"] if c["event_kind"] == "control_change"]
    assert [c["certainty"] for c in events] == [certainty]


# --- speakers, roles, outlets -------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "name", "title"), [
    ("Interior Minister Anna Berg said the border would reopen.", "Anna Berg", "Interior Minister"),
    ("Tom Reyes, a spokesman for the port authority, said ships were waiting.", "Tom Reyes",
     "spokesman for the port authority"),
    ("Former President Jorge Alvarado told reporters the vote was rigged.", "Jorge Alvarado", "Former President"),
])
def test_speaker_name_and_title_are_split(sentence, name, title):
    speaker = [m for m in rows_of(sentence)["claim_actor_mentions"] if m["mention_role"] == "speaker"]
    assert [(m["name"], m["title"]) for m in speaker] == [(name, title)]


def test_surname_and_pronoun_resolve_to_the_full_name():
    text = ("Mayor Lena Ortiz said the bridge was closed. Ortiz added that repairs would take weeks. "
            "She said traffic would be diverted.")
    names = [m["name"] for m in rows_of(text)["claim_actor_mentions"] if m["mention_role"] == "speaker"]
    assert names == ["Lena Ortiz", "Lena Ortiz", "Lena Ortiz"]


def test_outlets_and_channels_are_cited():
    text = ("Police arrested 14 people, according to Reuters. The minister tweeted that the airport was closed. "
            "The talks had collapsed, reports Newsweek. The mayor said on Facebook that schools would reopen.")
    cited = {c["surface"] for c in rows_of(text)["cited_sources"]}
    assert {"Reuters", "Twitter", "Newsweek", "Facebook"} <= cited


def test_rallying_forces_is_not_a_protest():
    assert not [c for c in rows_of("The commander rallied his forces in the valley.")["claims"]
                if c["event_kind"] == "protest"]
    assert [c for c in rows_of("Thousands rallied in the capital against the new law.")["claims"]
            if c["event_kind"] == "protest"]


def test_multi_paragraph_quotation_keeps_its_speaker():
    text = ("The governor wrote: ‘Our forces have retaken the airport.\n"
            "‘At least 30 militants were killed.’\n")
    rows = rows_of(text)
    quantity_claim = rows["claim_quantities"][0]["claim_index"]
    speaker = [m for m in rows["claim_actor_mentions"]
               if m["claim_index"] == quantity_claim and m["mention_role"] == "speaker"]
    assert speaker and speaker[0]["title"] == "governor"


def test_name_key_ignores_transliteration_but_not_different_names():
    assert name_key("Ahmad Massoud") == name_key("Ahmed Masood") == name_key("Ahmad Masoud")
    assert name_key("Mohammad") == name_key("Muhammad")
    assert name_key("Ahmad Massoud") != name_key("Ahmad Shah Massoud")


def test_to_json_lists_each_claim_with_its_parts():
    rows = rows_of("General Sara Kim said rebels captured 3 villages near Dara, according to AFP.")
    out = claims.to_json(rows, {})
    assert {c["type"] for c in out} == {"statement", "event", "quantity"}
    statement = next(c for c in out if c["type"] == "statement")
    assert statement["speaker"] == {"name": "Sara Kim", "title": "General"}
    assert statement["verb"] == "say" and "AFP" in statement["cited_sources"]
    assert next(c for c in out if c["type"] == "quantity")["quantities"][0]["value"] == 3


@pytest.mark.parametrize("text", ["The figures were released, according", "This story was written with inputs"])
def test_a_cue_word_as_the_last_token_of_a_document_is_not_an_error(text):
    assert rows_of(text)["claims"] == []


# --- issue 12: spans, several attributions, pronouns, money and percentages, tense and modality ---

def statements_of(text: str) -> list[tuple[dict, dict | None]]:
    rows = rows_of(text)
    speakers = {m["claim_index"]: m for m in rows["claim_actor_mentions"] if m["mention_role"] == "speaker"}
    return [(c, speakers.get(c["claim_index"])) for c in rows["claims"] if c["claim_type"] == "statement"]


def test_a_quote_over_several_sentences_is_one_content_span():
    text = ("“The bridge will stay closed. Engineers found cracks in two pillars. We cannot take risks,” "
            "the mayor, Lena Ortiz, said on Tuesday.")
    [(claim, speaker)] = statements_of(text)
    assert text[claim["content_start"]:claim["content_end"]].startswith("“The bridge will stay closed.")
    assert text[claim["content_start"]:claim["content_end"]].endswith("We cannot take risks,”")
    assert text[claim["cue_start"]:claim["cue_end"]] == "said"
    assert speaker["name"] == "Lena Ortiz"
    assert text[claim["speaker_start"]:claim["speaker_end"]].endswith("Lena Ortiz")


def test_a_quote_paragraph_after_its_attribution_is_its_content():
    text = ("The finance minister, Omar Haddad, told parliament:\n"
            "“We will not raise taxes this year. The deficit is under control.”\n"
            "Opposition members left the chamber.")
    [(claim, speaker)] = statements_of(text)
    assert speaker["name"] == "Omar Haddad"
    assert text[claim["content_start"]:claim["content_end"]] == (
        "“We will not raise taxes this year. The deficit is under control.”")
    assert claim["quote_kind"] == "direct"


def test_pronoun_speakers_take_the_person_named_before():
    text = ("Senator Maria Lopez visited the hospital on Monday. "
            "She said the cuts to rural hospitals would cost lives.")
    [(claim, speaker)] = statements_of(text)
    assert speaker["name"] == "Maria Lopez"
    assert text[claim["speaker_start"]:claim["speaker_end"]] == "She"
    assert text[claim["content_start"]:claim["content_end"]].startswith("the cuts to rural hospitals")


def test_two_attributions_in_one_sentence_are_two_statements():
    text = "Police said 14 people were arrested, but organisers told reporters that nobody was detained."
    found = statements_of(text)
    assert [(s["title"], c["reporting_verb"]) for c, s in found] == [("Police", "say"), ("organisers", "tell")]
    contents = [text[c["content_start"]:c["content_end"]] for c, _ in found]
    assert contents == ["14 people were arrested", "that nobody was detained"]
    quantity = [c for c in rows_of(text)["claims"] if c["claim_type"] == "quantity"]
    assert quantity and quantity[0]["speaker_start"] == text.index("Police")  # the arrests are the police's figure


def test_a_speaker_is_not_carried_over_into_a_free_relative():
    text = "The agency said the review was complete. The claims, such as what he said about Uber, do not seem new."
    statements = statements_of(text)
    assert len(statements) == 1 and statements[0][1]["title"] == "agency"


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The ministry spent $75 million on the programme.", [(75e6, "exact", "money", "USD")]),
    ("The budget fell to €1.2bn this year.", [(1.2e9, "exact", "money", "EUR")]),
    ("Turnout was about 62% in the capital.", [(62, "approximate", "percent", "%")]),
    ("Unemployment rose by 2.5 percentage points.", [(2.5, "exact", "percentage_point", "pp")]),
    ("Prices rose between 5% and 8% last month.", [(5, "range", "percent", "%")]),
    ("The fine could reach up to £500,000.", [(500_000, "upper", "money", "GBP")]),
    ("More than 3 million dollars was raised.", [(3e6, "lower", "money", "USD")]),
    ("The convoy drove 40 km to the border.", [(40, "exact", "measure", "km")]),
    ("Temperatures reached 45°C in the city.", [(45, "exact", "measure", "°C")]),
    ("A 45-year-old man was arrested.", [(45, "exact", "age", "year")]),
])
def test_money_percent_measures_and_ranges_with_bounds(sentence, expected):
    found = quantities(next(english()(sentence).sents))
    assert [(q["value"], q["bound"], q["quantity_kind"], q["unit"]) for q in found] == expected


def test_a_range_keeps_both_ends_and_a_change_its_direction():
    [q] = quantities(next(english()("Prices rose between 5% and 8% last month.").sents))
    assert (q["value_low"], q["value_high"], q["change"]) == (5, 8, "up")
    [q] = quantities(next(english()("The defence budget fell to $3 billion.").sents))
    assert (q["value"], q["change"], q["counted_key"]) == (3e9, "down", "defence budget")


@pytest.mark.parametrize(("sentence", "modality"), [
    ("Rebels captured the town of Dara on Monday.", "actual"),
    ("The Soviet Union occupied Afghanistan from 1979 to 1989.", "background"),
    ("The district would be targeted by resistance fighters.", "hypothetical"),
    ("The Taliban are preparing to take the districts.", "hypothetical"),
])
def test_background_history_and_hypotheticals_are_not_asserted_events(sentence, modality):
    events = [c for c in rows_of(sentence)["claims"] if c["claim_type"] == "event"]
    assert [c["modality"] for c in events] == [modality]


# --- issue 23: the trained attribution tagger, speech apart from stance, speakers resolved -------

ENDORSEMENT = (
    "Boston Herald backs Maria Lopez for governor\n\n"
    "BOSTON (AFP) - The Boston Herald on Friday became the latest US newspaper to endorse Maria Lopez, "
    "saying it was won over by her record on schools.\n\n"
    "“She has earned the job, and we endorse her without hesitation,” the influential US daily wrote.\n"
)


def test_a_newspaper_that_endorses_is_the_speaker_with_no_dateline_title():
    found = [(c, s) for c, s in statements_of(ENDORSEMENT) if c["reporting_verb"] in ("say", "endorse")]
    assert found
    for _, speaker in found:
        assert speaker["name"] == "Boston Herald"
        assert not speaker["title"] or "(" not in speaker["title"] and "AFP" not in speaker["title"]


def test_the_influential_daily_is_the_outlet_named_before_and_we_inside_its_quote_is_no_speaker():
    found = statements_of(ENDORSEMENT)
    assert all(ENDORSEMENT[c["speaker_start"]:c["speaker_end"]].lower() != "we" for c, _ in found)
    [(wrote, speaker)] = [(c, s) for c, s in found if c["reporting_verb"] == "write"]
    assert speaker["name"] == "Boston Herald"
    assert ENDORSEMENT[wrote["content_start"]:wrote["content_end"]].startswith("“She has earned the job")
    assert "we endorse her" in ENDORSEMENT[wrote["content_start"]:wrote["content_end"]]


def test_a_content_does_not_run_into_the_next_or_previous_sentence_outside_quotations():
    text = ("The governor added that the state would review the contract immediately.  "
            "''I think they will do the right thing,'' Mr. Reyes said.")
    contents = {c["reporting_verb"]: text[c["content_start"]:c["content_end"]] for c, _ in statements_of(text)}
    assert contents["add"] == "that the state would review the contract immediately."
    text = "“We will not back down.” Mayor Lena Ortiz said the council would vote on the plan next week."
    [said] = [c for c, _ in statements_of(text) if c["reporting_verb"] == "say"]
    assert text[said["content_start"]:said["content_end"]] == "the council would vote on the plan next week"


def test_the_headline_attribution_is_found():
    found = statements_of(ENDORSEMENT)
    headline = [(c, s) for c, s in found if c["cue_start"] is not None and c["cue_end"] < ENDORSEMENT.index("\n")]
    assert [ENDORSEMENT[c["cue_start"]:c["cue_end"]] for c, _ in headline] == ["backs"]
    assert headline[0][1]["name"] == "Boston Herald"


def test_speech_and_stance_are_told_apart():
    text = ("Mayor Lena Ortiz said the bridge would reopen in May. "
            "Ortiz believes that the city needs a second crossing.")
    kinds = {c["reporting_verb"]: c["attribution_kind"] for c, _ in statements_of(text)}
    assert kinds == {"say": "speech", "believe": "stance"}
    json_kinds = {c["verb"]: c["attribution_kind"] for c in claims.to_json(rows_of(text), {}) if c["type"] == "statement"}
    assert json_kinds == kinds


def test_organisations_and_anonymous_sources_stay_such():
    text = ("The health ministry said 40 clinics had closed. "
            "Two officials, who spoke on condition of anonymity, said more closures were planned.")
    speakers = [(s["name"], s["title"]) for _, s in statements_of(text)]
    assert speakers[0][0] is None and "ministry" in speakers[0][1]
    assert speakers[1][0] is None and "officials" in speakers[1][1].lower()


def test_a_title_is_never_a_place_or_punctuation():
    text = "KABUL (Reuters) - Jonas Berg, the envoy, said talks would resume on Monday."
    [(_, speaker)] = statements_of(text)
    assert speaker["name"] == "Jonas Berg"
    assert speaker["title"] in (None, "envoy", "the envoy")


def test_a_speaker_named_in_a_conjoined_description_is_one_mention():
    """The tagger's speaker and the parse's conjunct ("contender and former governor Jeb Bush") are
    the same person: two rows would break the mart's unique key and stop the publish."""
    rows = rows_of("GOP presidential contender and former governor Jeb Bush responded on Sunday to "
                   "accusations that he exaggerated his record in Florida.")
    keys = [(m["claim_index"], m["mention_role"], m["char_start"]) for m in rows["claim_actor_mentions"]]
    assert keys and len(keys) == len(set(keys))
    assert [m["name"] for m in rows["claim_actor_mentions"] if m["mention_role"] == "speaker"] == ["Jeb Bush"]


@pytest.mark.parametrize(("sentence", "expected"), [
    # a number in a name is no count
    ("Damage to the SEA-ME-WE 3 cable was reported.", []),
    # "X of Y": both counted; what happened (completed) is not said of the whole
    ("Manning completed 28 of 41 passes for 300 yards.",
     [(28, "pass", "completed"), (41, "pass", None), (300, None, None)]),
    # which of the things are meant is part of what is counted
    ("The four hardest-hit villages were cut off.", [(4, "hard hit village", "cut")]),
    ("Gigante had eight children by his wife.", [(8, "child by wife", "had")]),
    ("The jury heard of the injury of two others.", [(2, None, None)]),
    # two polls' shares of one people answer two questions
    ("A poll found 68 per cent of Greeks believe the government failed.", [(68, "greeks", "believe")]),
    ("A poll said 83.3 percent of Greeks were unhappy.", [(83.3, "greeks", "be unhappy")]),
])
def test_what_is_counted_tells_names_parts_and_subsets_apart(sentence, expected):
    found = quantities(next(english()(sentence).sents))
    assert [(q["value"], q["counted_key"], q["outcome"]) for q in found] == expected


def test_a_hypothetical_figure_and_a_denial_of_another_clause_are_not_asserted_or_denied():
    rows = rows_of('"If there was just one cable down we could have used the other two," said a spokesman.')
    assert [c["modality"] for c in rows["claims"] if c["claim_type"] == "quantity"][0] == "hypothetical"
    rows = rows_of("The premier rejected calls for early elections, but his party holds a one-seat majority.")
    assert [c["certainty"] for c in rows["claims"] if c["claim_type"] == "quantity"] in (["asserted"], ["reported"])
    rows = rows_of("Police said a loaded .38-caliber revolver was recovered, but the family denied it.")
    assert [c["certainty"] for c in rows["claims"] if c["claim_type"] == "quantity"] == ["denied"]


def test_a_verbs_content_ends_before_its_own_next_clause():
    """The tagger's content may run on into a clause of the cue verb's own ("called X and ranked Y",
    "rejected X, saying Y"): that clause is the verb's sibling, not what it reports."""
    from flows.analyze.claims.attributions import _before_own_clauses
    for text, cue, content in [
        ("Trump called the merger a terrible deal and ranked Fiorina among the worst executives.",
         "called", "the merger a terrible deal"),
        ("Lewandowski rejected the idea that Trump hurts the party, saying the crowds prove otherwise.",
         "rejected", "the idea that Trump hurts the party"),
    ]:
        doc = english()(text)
        verb = next(t for t in doc if t.text == cue)
        start = text.index(content)
        assert text[slice(*_before_own_clauses(doc, verb, (start, len(text) - 1)))] == content


def test_contents_merge_within_a_sentence_or_a_quotation_only():
    from flows.analyze.claims.attributions import _merged_contents, _Quotations
    from flows.analyze.claims.statements import quote_spans
    text = "He said the plan works. Voters disagree. “It is late. It is costly,” she said."
    doc = english()(text)
    sentence_of = [0] * len(doc)
    for index, sent in enumerate(doc.sents):
        sentence_of[sent.start:sent.end] = [index] * len(sent)

    def tokens(phrase):
        return doc.char_span(text.index(phrase), text.index(phrase) + len(phrase))

    pieces = [tokens("the plan works"), tokens("Voters disagree"), tokens("It is late"), tokens("It is costly")]
    merged = _merged_contents(doc, pieces, sentence_of, _Quotations(quote_spans(text)))
    assert [m.text for m in merged] == ["the plan works", "Voters disagree", "It is late. It is costly"]


def test_a_passive_cue_is_said_by_its_agent():
    """"Reported by Politico": the agent reports, the passive subject is what it reports."""
    text = "The meeting was first reported by Politico on Tuesday."
    [(claim, speaker)] = statements_of(text)
    assert text[claim["speaker_start"]:claim["speaker_end"]] == "Politico"
    assert text[claim["content_start"]:claim["content_end"]] == "The meeting"


def test_two_apostrophes_are_quotation_marks():
    """Some outlets print '' for both opening and closing quotes (NYT wire copy in PolNeAR); an
    apostrophe after a word ("Jones'") opens nothing."""
    from flows.analyze.claims.statements import quote_spans
    text = "He said, ''this is it,'' and left. The Joneses' house.\n''We won.\n''It was close.''"
    assert [text[s:e] for s, e in quote_spans(text)] == [
        "''this is it,''", "''We won.\n''It was close.''"]
