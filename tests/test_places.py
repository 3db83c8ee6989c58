"""Recognition and normalisation: no gazetteer resolution needed beyond the key set."""
from __future__ import annotations

import duckdb
import pytest
from jinja2 import Template

from flows import places
from flows.config import REPO_ROOT
from flows.nlp import english

MACROS = (REPO_ROOT / "dbt" / "macros" / "place_name_keys.sql").read_text()


def _sql_key(macro: str, name: str) -> str:
    """Evaluate the dbt key macro in DuckDB, exactly as the models do."""
    expression = Template(MACROS + "{{ %s('$name') }}" % macro).render().strip()
    return duckdb.execute(f"select {expression}", {"name": name}).fetchone()[0]


@pytest.mark.parametrize("spellings", [
    ["Pol-e-Hesar", "Pul-e-Hesar", "Pol-e-Hasar", "Pul-Hesar", "Pul-e Ḩişār"],
    ["Deh Salah", "Deh-e-Salah", "Deh Saleh", "Deh-e Şalāḩ"],
    ["Banu", "Bano", "Banū", "Banow"],
])
def test_transliteration_variants_share_a_consonant_key(spellings):
    assert len({_sql_key("place_consonant_key", s) for s in spellings}) == 1


def test_name_key_strips_accents_case_hyphens_apostrophes_and_connectors():
    assert _sql_key("place_name_key", "Pul-e Ḩişār") == "pul hisar"
    assert _sql_key("place_name_key", "Deh-e-Salah") == "deh salah"
    assert _sql_key("place_name_key", "Côte d’Ivoire") == "cote divoire"
    assert _sql_key("place_name_key", "Kabul") != _sql_key("place_name_key", "Kabal")


def test_distinct_places_keep_distinct_consonant_keys():
    assert _sql_key("place_consonant_key", "Kabul") != _sql_key("place_consonant_key", "Kandahar")


@pytest.fixture(scope="module")
def mentions():
    def recognize(text: str) -> list[dict]:
        return places.recognize(english()(text))["place_mentions"]
    return recognize


def test_recognizes_mislabelled_districts_through_feature_words(mentions):
    text = ("Taliban fighters lost the districts of Deh Saleh, Bano and Pul-Hesar in Baghlan province "
            "of Afghanistan, and Bano was retaken.")
    found = {m["surface"]: m for m in mentions(text)}
    assert {"Deh Saleh", "Bano", "Pul-Hesar", "Afghanistan"} <= set(found)
    assert found["Deh Saleh"]["feature_hint"] == "district"
    for m in mentions(text):
        assert text[m["char_start"]:m["char_end"]] == m["surface"]
    assert sum(m["surface"] == "Bano" for m in mentions(text)) == 2  # the repeat is accepted too


@pytest.mark.parametrize("text", [
    "Fighters recaptured three villages – Kelmora, Tash Arvin and Ute Dalan – in the north.",
    "Fighters recaptured three villages: Kelmora, Tash Arvin and Ute Dalan.",
])
def test_a_feature_word_before_a_dash_or_colon_heads_a_list_of_names(mentions, text):
    found = {m["surface"]: m for m in mentions(text)}
    assert {"Kelmora", "Tash Arvin", "Ute Dalan"} <= set(found)
    assert all(found[name]["feature_hint"] == "village" for name in ("Kelmora", "Tash Arvin", "Ute Dalan"))


def test_demonyms_stand_for_their_country(mentions):
    found = {m["surface"]: m for m in mentions("A Turkish policeman shot the Russian ambassador.")}
    assert found["Turkish"]["named_country_code"] == "TR"
    assert found["Russian"]["recognizer"] == "demonym"


def test_person_names_and_common_words_do_not_flood(mentions):
    text = "Paris Hilton said the Western view was wrong. Florence Pugh agreed, in Bath."
    surfaces = {m["surface"] for m in mentions(text)}
    assert "Paris Hilton" not in surfaces and "Paris" not in surfaces
    assert "Western" not in surfaces and "Florence" not in surfaces
