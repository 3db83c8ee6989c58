"""Resolution through the dbt models: spelling variants, fuzzy matches and document context."""
from __future__ import annotations

from pathlib import Path

import pytest

from flows.config import REPO_ROOT
from flows.cli.scratch import analyze_files

SAMPLE_TEXTS = sorted((REPO_ROOT / "seeds" / "pages").glob("*.txt"))

BAGHLAN_DISTRICTS = {
    "Pol-e-Hesar": "pul hesar", "Pul-e-Hesar": "pul hesar", "Pol-e-Hasar": "pul hesar", "Pul-Hesar": "pul hesar",
    "Deh Salah": "deh salah", "De Salah": "deh salah", "Deh-e-Salah": "deh salah", "Deh Saleh": "deh salah",
    "Banu": "banu", "Bano": "banu",
}


def _analyze(tmp_path: Path, settings, texts: dict[str, str], urls: list[str] | None = None) -> dict[str, list[dict]]:
    paths = []
    for name, text in texts.items():
        path = tmp_path / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return {Path(r["path"]).stem: r["places"] for r in analyze_files(paths, settings, urls=urls)}


@pytest.fixture(scope="module")
def sample_places(place_settings):
    paths = list(SAMPLE_TEXTS)
    results = analyze_files(paths, place_settings)
    return {Path(r["path"]).name: r["places"] for r in results}


def test_every_spelling_of_the_three_districts_lands_on_one_place_in_baghlan(sample_places):
    place_of_district: dict[str, set] = {}
    for page, found in sample_places.items():
        for p in found:
            if p["surface"] in BAGHLAN_DISTRICTS:
                place_of_district.setdefault(BAGHLAN_DISTRICTS[p["surface"]], set()).add(
                    (p["geonameid"], p["country_code"], p["admin1"]))
    assert set(place_of_district) == {"pul hesar", "deh salah", "banu"}
    for district, resolved in place_of_district.items():
        assert len(resolved) == 1, (district, resolved)
        geonameid, country, admin1 = resolved.pop()
        assert geonameid is not None and country == "AF" and admin1 == "Baghlān"


@pytest.mark.parametrize("surface, geonameid", [
    ("Kabul", 1138958), ("Charikar", 1145352), ("Jalalabad", 1139715), ("Andarab", 1147118),
])
def test_named_places_resolve_where_mentioned(sample_places, surface, geonameid):
    resolved = {p["geonameid"] for found in sample_places.values() for p in found if p["surface"] == surface}
    assert resolved == {geonameid}


def test_panjshir_resolves_to_the_afghan_province(sample_places):
    resolved = {(p["name"], p["country_code"]) for found in sample_places.values() for p in found
                if p["surface"].removeprefix("the ").startswith("Panjshir")}
    assert resolved == {("Panjshayr", "AF")}


def test_banu_in_an_afghan_story_is_not_a_banu_elsewhere(place_settings, tmp_path):  # noqa: F811
    found = _analyze(tmp_path, place_settings, {
        "afghan": "Fighting spread from Kabul to Baghlan province in Afghanistan, where militias held Banu.",
        "pakistani": "Floods hit Peshawar and Bannu in Khyber Pakhtunkhwa, Pakistan, and Banu was cut off.",
    })
    banu = {name: next(p for p in places if p["surface"] == "Banu") for name, places in found.items()}
    assert (banu["afghan"]["geonameid"], banu["afghan"]["admin1"]) == (1147118, "Baghlān")
    assert banu["pakistani"]["country_code"] == "PK"


def test_fuzzy_match_finds_a_misspelt_city(place_settings, tmp_path):  # noqa: F811
    found = _analyze(tmp_path, place_settings, {"story": "Protests spread from Istanbul to Ankarra, in Turkey."})
    assert next(p for p in found["story"] if p["surface"] == "Ankarra")["name"] == "Ankara"


def test_unknown_names_stay_with_no_coordinates(place_settings, tmp_path):  # noqa: F811
    found = _analyze(tmp_path, place_settings, {"story": "Troops reached Zqxvbrt district in Afghanistan."})
    unknown = next(p for p in found["story"] if p["surface"] == "Zqxvbrt")
    assert unknown["geonameid"] is None and unknown["latitude"] is None


def test_city_comma_state_abbreviation_is_decisive(place_settings, tmp_path):  # noqa: F811
    found = _analyze(tmp_path, place_settings, {
        "story": "A fire closed two schools in Lexington, Ky., on Tuesday, the fire chief said.",
    })
    by_surface = {p["surface"]: p for p in found["story"]}
    assert (by_surface["Lexington"]["geonameid"], by_surface["Lexington"]["admin1"]) == (4297983, "Kentucky")
    assert (by_surface["Ky."]["name"], by_surface["Ky."]["feature_code"]) == ("Kentucky", "ADM1")


@pytest.mark.parametrize("text, city, state", [
    ("Police in Danbury, Conn. arrested two men.", "Danbury", "Connecticut"),
    ("The council of Columbia, Mo., voted on Monday.", "Columbia", "Missouri"),
    ("Crews in Springfield, IL cleared the roads.", "Springfield", "Illinois"),
])
def test_a_state_abbreviation_places_the_city_in_its_state(place_settings, tmp_path, text, city, state):  # noqa: F811
    found = _analyze(tmp_path, place_settings, {"story": text})
    place = next(p for p in found["story"] if p["surface"] == city)
    assert (place["country_code"], place["admin1"], place["feature_code"]) == ("US", state, "PPL")


# Canadian Press and similar styles clip province names in ways no pinned package lists.
PRESS_ABBREVIATIONS = {
    "quebec": ("She sold her family home in Gatineau, Que., and moved to Ottawa.", "Gatineau", "Que", "Quebec"),
    "manitoba": ("When Lucy Lau was born in Churchill, Man. her parents did not know.", "Churchill", "Man", "Manitoba"),
    "alberta": ("A safety check in Wainwright, Alta., by a train conductor found it.", "Wainwright", "Alta", "Alberta"),
    "pei": ("He grew up in Summerside, P.E.I., and later moved west.", "Summerside", "P.E.I.", "Prince Edward Island"),
}


def test_a_clipped_province_after_a_town_resolves_by_its_letters(place_settings, tmp_path):  # noqa: F811
    found = _analyze(tmp_path, place_settings, {name: text for name, (text, *_) in PRESS_ABBREVIATIONS.items()})
    for name, (_, town, abbreviation, province) in PRESS_ABBREVIATIONS.items():
        by_surface = {p["surface"]: p for p in found[name]}
        assert (by_surface[town]["country_code"], by_surface[town]["admin1"]) == ("CA", province), name
        assert (by_surface[abbreviation]["name"], by_surface[abbreviation]["feature_code"]) == (province, "ADM1"), name


def test_a_dateline_names_a_town(place_settings, tmp_path):  # noqa: F811
    found = _analyze(tmp_path, place_settings, {
        "capital": "WASHINGTON - The president pardoned a turkey on Tuesday, as presidents have done for decades.",
        "unlisted": "HOLLIDAY, Mo. - A 25-year-old man died Sunday when his car left Route C near town.",
    })
    capital = next(p for p in found["capital"] if p["surface"] == "WASHINGTON")
    assert (capital["name"], capital["admin1"]) == ("Washington", "District of Columbia")
    town = next(p for p in found["unlisted"] if p["surface"] == "HOLLIDAY")
    # GeoNames cities500 has Holliday, Texas but no Holliday in Missouri: the town takes its state
    assert (town["name"], town["feature_code"], town["country_code"]) == ("Missouri", "ADM1", "US")
    assert town["runner_up_name"] == "Holliday"


def test_a_code_names_its_place_only_when_written_as_one(place_settings, tmp_path):  # noqa: F811
    found = _analyze(tmp_path, place_settings, {
        "story": "US$ 5 million was sent to Kenya, and the U.S. embassy in Nairobi said so.",
    })
    by_surface = {p["surface"]: p for p in found["story"]}
    assert by_surface["U.S."]["name"] == "United States"
    # "US$" is a currency: only the code "US" would name the country, and it is not written as one
    assert by_surface.get("US$", {}).get("name") != "United States"


def test_a_name_that_ends_in_a_feature_word_is_looked_up_whole(place_settings, tmp_path):  # noqa: F811
    found = _analyze(tmp_path, place_settings, {
        "story": "Officials in Rhode Island and in Mexico City reported cases, and a swan was found dead "
                 "on the German island of Rügen in the Baltic Sea.",
    })
    by_surface = {p["surface"]: p for p in found["story"]}
    assert (by_surface["Rhode Island"]["name"], by_surface["Rhode Island"]["feature_code"]) == ("Rhode Island", "ADM1")
    assert (by_surface["Mexico City"]["name"], by_surface["Mexico City"]["country_code"]) == ("Mexico City", "MX")
    assert by_surface["Mexico City"]["feature_code"] == "PPLC"
    # "Sea" alone is no place (Seattle carries the airport code SEA as a name)
    assert all(p["name"] != "Seattle" for p in found["story"])


def test_a_county_mention_resolves_to_the_county(place_settings, tmp_path):  # noqa: F811
    found = _analyze(tmp_path, place_settings, {
        "story": "Schools in Metcalfe County will reopen Monday, Kentucky officials said.",
    })
    county = next(p for p in found["story"] if p["surface"].startswith("Metcalfe"))
    assert (county["name"], county["feature_code"], county["admin1"]) == ("Metcalfe County", "ADM2", "Kentucky")


def test_document_context_picks_the_smaller_namesake(place_settings, tmp_path):  # noqa: F811
    found = _analyze(tmp_path, place_settings, {
        "texas": "Lamar County commissioners met in Paris on Monday. The Texas county's sheriff spoke.",
        "france": "Ministers met in Paris on Monday before flying to Berlin and Madrid.",
    })
    paris = {story: next(p for p in places if p["surface"] == "Paris") for story, places in found.items()}
    assert (paris["texas"]["country_code"], paris["texas"]["admin1"]) == ("US", "Texas")
    assert paris["france"]["geonameid"] == 2988507


def test_an_ambiguous_mention_keeps_its_best_candidate_with_the_runner_up(place_settings, tmp_path):  # noqa: F811
    found = _analyze(tmp_path, place_settings, {"story": "Officials in Springfield said the budget was late."})
    springfield = next(p for p in found["story"] if p["surface"] == "Springfield")
    assert springfield["name"] == "Springfield" and springfield["runner_up_name"] == "Springfield"
    assert springfield["runner_up_geonameid"] != springfield["geonameid"]
    assert springfield["confidence"] < 0.5
    assert 0 < springfield["runner_up_confidence"] <= springfield["confidence"]


def test_the_publishers_home_region_picks_the_namesake(place_settings, tmp_path):  # noqa: F811
    """A bare "London" is London, England; in a paper whose other stories are about Ontario, it is
    London, Ontario. A story's own places are not its home region: alone on its site it stays in England."""
    texts = {
        "a": "Police in Ontario said the fair in Hamilton and Toronto drew crowds from Ontario towns.",
        "b": "Council in Kitchener, Ontario and Windsor approved the Ontario budget.",
        "london": "The mayor of London said the city would repair roads before winter.",
    }
    local = _analyze(tmp_path, place_settings, texts, urls=[f"https://www.lfpress.com/news/{n}" for n in texts])
    elsewhere = _analyze(tmp_path, place_settings, texts, urls=[
        "https://www.lfpress.com/news/a", "https://www.lfpress.com/news/b", "https://example.co.uk/london"])
    london = {run: next(p for p in found["london"] if p["surface"] == "London")
              for run, found in (("local", local), ("elsewhere", elsewhere))}
    assert (london["local"]["country_code"], london["local"]["admin1"]) == ("CA", "Ontario")
    assert (london["elsewhere"]["country_code"], london["elsewhere"]["geonameid"]) == ("GB", 2643743)


def test_a_second_order_division_iso_lists_outside_the_us_resolves(place_settings, tmp_path):  # noqa: F811
    found = _analyze(tmp_path, place_settings, {
        "story": "Police in Fife, Scotland said the storm closed roads on Monday.",
    })
    fife = next(p for p in found["story"] if p["surface"] == "Fife")
    assert (fife["country_code"], fife["feature_code"], fife["admin1"]) == ("GB", "ADM2", "Scotland")


def test_regions_resolve_by_their_name_and_the_press_compass_form(place_settings, tmp_path):  # noqa: F811
    found = _analyze(tmp_path, place_settings, {"regions": (
        "Cases were reported across the Americas, in East Africa and in the Democratic Republic of Congo.")})
    resolved = {p["surface"].removeprefix("the "): (p["name"], p["feature_code"]) for p in found["regions"]}
    assert resolved["Americas"] == ("Americas", "RGN")
    assert resolved["East Africa"] == ("Eastern Africa", "RGN")
    assert resolved["Democratic Republic of Congo"] == ("Democratic Republic of the Congo", "PCLI")


def test_a_bare_name_a_bigger_place_bears_names_no_county(place_settings, tmp_path):  # noqa: F811
    # "Medina" is the Saudi city, not Medina County, Ohio, whose seat lists "Mecca" among its names.
    found = _analyze(tmp_path, place_settings, {"hajj": (
        "Pilgrims left Medina for Mecca on Sunday. In Mecca, officials said two million had arrived.")})
    resolved = {(p["surface"], p["country_code"]) for p in found["hajj"]}
    assert ("Mecca", "SA") in resolved and ("Mecca", "US") not in resolved


def test_a_county_named_bare_in_its_own_name_is_the_county(place_settings, tmp_path):  # noqa: F811
    # Unlike "Metcalfe" for Metcalfe County, Cornwall's own name has no "County": bare, it is the county.
    found = _analyze(tmp_path, place_settings, {"uk": "Storms flooded homes in Cornwall and Devon, in England."})
    cornwall = next(p for p in found["uk"] if p["surface"] == "Cornwall")
    assert (cornwall["name"], cornwall["feature_code"], cornwall["country_code"]) == ("Cornwall", "ADM2", "GB")
