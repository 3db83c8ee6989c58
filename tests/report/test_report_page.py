"""The report page on hand-made data: offline, and crawled text cannot break out of it."""
from __future__ import annotations

import re
from datetime import datetime, timezone

from flows.site.report import render_report
from flows.site.report.data import ReportData, Table

HOSTILE = 'Breaking</script><script>alert(1)</script> <b>bold</b> & "quoted"'


def _data(settings) -> ReportData:
    now = datetime(2026, 11, 22, 2, 0, tzinfo=timezone.utc)
    run = {"run_id": "r1", "started_at": now, "status": "published", "pages_new": 1, "pages_duplicate": 0,
           "pages_quarantined": 1, "documents": 1, "claims": 1, "gate_result": "dbt passed"}
    return ReportData(
        warehouse=settings.warehouse, generated_at=now, published_run=run,
        totals={"documents": 1, "claims": 1, "places": 1, "quarantined": 1},
        places=[{"name": HOSTILE, "admin1_name": "Kābul", "country_code": "AF", "latitude": 34.5,
                 "longitude": 69.2, "n_mentions": 3, "n_documents": 1, "n_claims": 1}],
        new_documents=[{"publisher": "Daily Mail", "n_documents": 1, "titles": [HOSTILE]}],
        stories=Table(["label"], [(HOSTILE, 1, 1, "Daily Mail", 1, 0, None)], 1),
        single_source=Table(["claim_text"], [(HOSTILE,)], 1),
        disagreements=Table(["claim_type"], [], 0),
        speakers=Table(["speaker"], [(HOSTILE, 1, 1, "Daily Mail", None)], 1),
        quarantine=Table(["landing_path", "reason"], [("broken.html", "empty: no content", now, "r1")], 1),
        runs=[run],
    )


def test_the_page_loads_nothing_from_the_network(settings):
    page = render_report(_data(settings), settings)
    assert not re.search(r"""<(script|link|img|iframe)[^>]+(src|href)=["']?https?:""", page)
    assert "vegaEmbed(" in page


def test_crawled_text_is_escaped_in_tables_and_cannot_close_the_chart_script(settings):
    page = render_report(_data(settings), settings)
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in page  # in the tables, as text
    # Only the inlined Vega bundle's and the charts' own script elements close: inside the chart
    # data the place name's "</" is written "<\/", which no HTML parser takes for an end tag.
    assert page.count("</script>") == 2
    assert "<\\/script>" in page


def test_labels_of_a_storys_nearby_places_are_stacked_not_knotted():
    from flows.site.report.charts import place_labels

    place = {"n_mentions": 5, "n_documents": 2, "admin1_name": "Baghlān", "country_code": "AF"}
    places = [{**place, "name": "Banū", "latitude": 35.63, "longitude": 69.26, "n_claims": 5},
              {**place, "name": "Deh-e Şalāḩ", "latitude": 35.68, "longitude": 69.32, "n_claims": 5},
              {**place, "name": "Pul-e Ḩişār", "latitude": 35.60, "longitude": 69.41, "n_claims": 4},
              {**place, "name": "Kabul", "latitude": 34.53, "longitude": 69.17, "n_claims": 3},
              {**place, "name": "Jalalabad", "latitude": 34.43, "longitude": 70.45, "n_claims": 0}]
    labels = place_labels(places)
    assert [label["text"].split("\n") for label in labels] == [["Banū", "Deh-e Şalāḩ", "Pul-e Ḩişār"], ["Kabul"]]


def test_a_label_at_the_maps_right_edge_stands_left_of_its_place():
    from flows.site.report.charts import place_labels

    place = {"n_mentions": 5, "n_documents": 2, "admin1_name": None, "n_claims": 2}
    places = [{**place, "name": "Washington", "latitude": 38.9, "longitude": -77.0, "country_code": "US"},
              {**place, "name": "Kabul", "latitude": 34.53, "longitude": 69.17, "country_code": "AF"},
              {**place, "name": "Vladivostok", "latitude": 43.1, "longitude": 131.9, "country_code": "RU"}]
    sides = {label["text"]: label["side"] for label in place_labels(places)}
    assert sides == {"Washington": "right", "Kabul": "right", "Vladivostok": "left"}
