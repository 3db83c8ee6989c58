"""Metadata of text captures (signatures, cued dates, headline) and the parsers behind it."""
from __future__ import annotations

from datetime import datetime

import pytest

from flows.config import REPO_ROOT, Settings
from flows.extract import extract
from flows.extract.language import declared_language, detect_language
from flows.extract.metadata import domain_of, html_metadata, parse_date, text_metadata

SETTINGS = Settings()

REPO = REPO_ROOT
SAMPLES = REPO / "seeds" / "pages"
FIXTURES = REPO / "tests" / "fixtures" / "extraction"


def _sample(prefix: str):
    path = next(SAMPLES.glob(f"{prefix}_*.txt"))
    return extract(path.read_text(), "text", SETTINGS)


@pytest.mark.parametrize("text, expected", [
    ("Published8월 21, 2021", datetime(2021, 8, 21)),
    ("2021년 8월 21일 입력", datetime(2021, 8, 21)),
    ("Veröffentlicht am 12. März 2022", datetime(2022, 3, 12)),
    ("publié le 3 février 2020", datetime(2020, 2, 3)),
    ("August 22nd, 2021 at 08:26 UTC", datetime(2021, 8, 22)),
    ("2019-11-05T10:00:00Z", datetime(2019, 11, 5)),
    ("no date here, only 42 numbers", None),
    ("February 30, 2021", None),
])
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_korean_month_date_line_is_the_publication_date():
    assert _sample("000").published == datetime(2021, 8, 21)


def test_current_date_chrome_is_not_taken_as_publication_date():
    assert _sample("001").published is None  # "Saturday, November 23, 2024" above a 2021 article


def test_comment_timestamps_are_not_the_publication_date():
    assert _sample("002").published is None


@pytest.mark.parametrize("prefix, title", [
    ("000", "Anti-Taliban Resistance Takes Back 3 Districts From Insurgents in Afghanistan: Reports"),
    ("001", "Resistance forces recapture three districts in Afghanistan from the Taliban: Reports"),
    ("002", "Armed Afghans reclaim three districts in first major display of resistance since Taliban's Kabul takeover"),
    ("003", "Afghan resistance claims to have captured three towns from Taliban north of Kabul"),
    ("004", "Anti-Taliban forces say they've taken three districts in Afghanistan's north"),
])
def test_headline_is_the_title(prefix, title):
    assert _sample(prefix).title == title


@pytest.mark.parametrize("prefix, publisher", [
    ("001", "OpIndia"),               # "OpIndia Staffhttps://www.opindia.com"
    ("002", "Washington Examiner"),   # "CLICK HERE TO READ MORE FROM THE WASHINGTON EXAMINER"
    ("003", "dailymail.co.uk"),       # the site's own URLs in script residue
])
def test_publisher_from_in_text_signatures(prefix, publisher):
    assert _sample(prefix).publisher == publisher


def test_author_from_staff_box_and_byline():
    assert _sample("001").author == "OpIndia Staff"
    assert extract((FIXTURES / "capture_blog.txt").read_text(), "text", SETTINGS).author == "Tomas Berglund"


def test_publisher_falls_back_to_the_url_domain():
    document = extract((SAMPLES / "004_a34369f3f5455928.txt").read_text(), "text", SETTINGS, "https://www.example-news.org/a/1")
    assert document.publisher == "example-news.org"


@pytest.mark.parametrize("url, domain", [
    ("news.example.com/path", "example.com"),
    ("https://edition.cnn.com/2021/08/21/asia/story", "cnn.com"),
    ("https://www.bbc.co.uk/news", "bbc.co.uk"),
    ("", None),
])
def test_domain_is_the_registered_domain(url, domain):
    assert domain_of(url) == domain


@pytest.mark.parametrize("text, language", [
    ("The council said that the bridge would be open to traffic by the end of the week.", "en"),
    ("Der Stadtrat hat beschlossen, dass die Brücke bis zum Ende der Woche für den Verkehr geöffnet wird.", "de"),
    ("Le conseil a annoncé que le pont sera ouvert à la circulation avant la fin de la semaine.", "fr"),
    ("시의회는 다리가 이번 주말까지 개통될 것이라고 밝혔다.", "ko"),
    ("Совет заявил, что мост будет открыт для движения до конца недели.", "ru"),
    ("12345 67890", None),
])
def test_detect_language(text, language):
    assert detect_language(text) == language


@pytest.mark.parametrize("tag, language", [
    ("en-GB", "en"), ("pt_BR", "pt"), (" DE ", "de"), ("deu", "de"), ("fil", "fil"), ("wuu", "wuu"),
    ("lang=", None), ("english", None), ("und", None), ("zxx", None), ("", None), (None, None),
])
def test_declared_language_is_an_iso_639_code_or_none(tag, language):
    assert declared_language(tag) == language


def test_a_page_declaring_no_real_language_is_identified_from_its_text():
    from lxml import html as lxml_html

    body = "Der Stadtrat hat beschlossen, dass die Brücke bis zum Ende der Woche für den Verkehr geöffnet wird."
    tree = lxml_html.fromstring(f'<html lang="lang="><head><title>T</title></head><body><p>{body}</p></body></html>')
    assert html_metadata(tree, body).language == "de"


def test_a_text_capture_is_language_identified_once(monkeypatch):
    from flows.extract import metadata, textcapture

    calls = []
    original = textcapture.detect_language
    for module in (metadata, textcapture):
        monkeypatch.setattr(module, "detect_language", lambda text: calls.append(text) or original(text))
    document = extract((SAMPLES / "004_a34369f3f5455928.txt").read_text(), "text", SETTINGS)
    assert document.language == "en" and len(calls) == 1


@pytest.mark.parametrize("line, language, expected", [
    ("Опубликовано 21 августа 2021 года", "ru", datetime(2021, 8, 21)),
    ("Opublikowano: 3 września 2020", "pl", datetime(2020, 9, 3)),
    ("نُشر في 21 أغسطس 2021", "ar", datetime(2021, 8, 21)),
    ("Veröffentlicht am 12. März 2022", "de", datetime(2022, 3, 12)),
    ("Updated today at 10:00", "en", None),  # no date of its own: not the publication date
])
def test_cued_date_lines_in_many_languages(line, language, expected):
    assert text_metadata(["Some headline", line], "Some headline", language).published == expected


def test_html_publication_date_from_the_url_when_the_markup_has_none():
    paragraph = "<p>" + "The ferry service resumed after the storm passed over the coast. " * 6 + "</p>"
    page = f"<html><head><title>Ferry</title></head><body><article>{paragraph}</article></body></html>"
    document = extract(page, "html", SETTINGS, "https://harbour.example/2021/08/21/ferry-resumes")
    assert document.published == datetime(2021, 8, 21)


@pytest.mark.parametrize("date_line", ["Published: December 31, 9999", "Published 2999-01-01"])
def test_a_publication_date_beyond_the_run_is_dropped_with_a_warning(date_line):
    capture = (SAMPLES / "004_a34369f3f5455928.txt").read_text()
    lines = capture.splitlines()
    document = extract("\n".join([lines[0], date_line, *lines[1:]]), "text", SETTINGS)
    assert document.published is None
    assert len(document.warnings) == 1 and document.warnings[0].startswith("publication date ")
    assert document.warnings[0].endswith("dropped: later than a day after the run")
