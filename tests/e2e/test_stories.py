"""Stories and claim clusters across outlets (issue 24), on short articles written for these tests
(tests/fixtures/stories): two outlets' reports of one event are one story, a similar event elsewhere
is another; clusters stay inside a story; disputes are real disagreements only."""
from __future__ import annotations

import shutil
import unicodedata

import pytest

from flows.pipeline import nightly
from tests.conftest import FIXTURES, query

pytestmark = pytest.mark.slow

ARTICLES = FIXTURES / "stories"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, prefect_backend):
    root = tmp_path_factory.mktemp("stories")
    landing = root / "landing"
    shutil.copytree(ARTICLES, landing)
    warehouse = root / "warehouse" / "newsclaims.duckdb"
    run = nightly(landing=str(landing), warehouse=str(warehouse))
    assert run["status"] == "published" and run["documents"] == len(list(ARTICLES.glob("*.txt")))
    return warehouse


def _story_of(warehouse) -> dict[str, str]:
    return dict(query(warehouse, "SELECT landing_path, story_id FROM marts.fct_documents"))


def test_two_outlets_on_one_event_are_one_story_and_a_similar_event_elsewhere_is_another(warehouse):
    story = _story_of(warehouse)
    assert story["quake_bushehr_wire.txt"] == story["quake_bushehr_daily.txt"]
    assert story["quake_valparaiso.txt"] != story["quake_bushehr_wire.txt"]
    assert story["cables_marseille_wire.txt"] == story["cables_marseille_paper.txt"]
    assert len({story["quake_bushehr_wire.txt"], story["cables_marseille_wire.txt"], story["hockey_rangers.txt"],
                story["chess_reykjavik.txt"], story["laptops_cupertino_wire.txt"]}) == 5


def test_a_story_has_a_label_its_outlets_and_its_documents(warehouse):
    story = _story_of(warehouse)["quake_bushehr_wire.txt"]
    label, n_documents, n_sources = query(
        warehouse, f"SELECT label, n_documents, n_sources FROM marts.dim_stories WHERE story_id = '{story}'")[0]
    assert n_documents == 2 and n_sources >= 1
    place = unicodedata.normalize("NFKD", label.split(" · ")[0]).encode("ascii", "ignore").decode()
    assert place in ("Kaki", "Bushehr"), label


def test_two_games_in_two_unrelated_stories_are_not_one_claim(warehouse):
    clusters = query(warehouse, """
        SELECT d.landing_path, c.cluster_id FROM marts.fct_claims AS c
        JOIN marts.fct_documents AS d USING (document_id)
        WHERE c.claim_type = 'quantity' AND c.quantity_unit = 'game' AND c.quantity_value = 2""")
    assert {path for path, _ in clusters} == {"hockey_rangers.txt", "chess_reykjavik.txt"}
    assert len({cluster for _, cluster in clusters}) == 2


def test_every_cluster_stays_inside_one_story(warehouse):
    assert query(warehouse, """
        SELECT c.cluster_id FROM marts.fct_claims AS c JOIN marts.fct_documents AS d USING (document_id)
        GROUP BY 1 HAVING count(DISTINCT d.story_id) > 1""") == []
    assert query(warehouse, """
        SELECT count(*) FROM marts.fct_claim_clusters AS k
        WHERE k.story_id NOT IN (SELECT story_id FROM marts.dim_stories)""") == [(0,)]


def _disputes(warehouse, unit: str) -> list[tuple]:
    return query(warehouse, f"""
        SELECT k.n_documents, k.quantity_values, k.has_dispute, k.dispute_kind FROM marts.fct_claim_clusters AS k
        WHERE k.cluster_id IN (SELECT cluster_id FROM marts.fct_claims WHERE quantity_unit = '{unit}')""")


def test_two_against_three_cables_cut_in_one_story_is_a_dispute(warehouse):
    assert _disputes(warehouse, "cable") == [(2, "2.0 | 3.0", True, "values")]


def test_a_13_inch_and_a_15_inch_laptop_are_no_dispute(warehouse):
    clusters = _disputes(warehouse, "in")
    assert clusters and not any(has_dispute for _, _, has_dispute, _ in clusters)
    assert {values for _, values, _, _ in clusters} == {"13.0", "15.0"}
