"""The HTML path on a page shaped like a real news article: nav, ad slots, cookie banner, share
buttons, related list, comment section and footer around five article paragraphs."""
from __future__ import annotations

import pytest

from flows.config import REPO_ROOT, Settings
from flows.extract import ExtractionError, extract, load_markers
from flows.extract.html import parse_html, visible_blocks

SETTINGS = Settings()
MARKERS = load_markers(SETTINGS.reference_dir)

PAGE = (REPO_ROOT / "tests" / "fixtures" / "extraction" / "news_article.html").read_text()
ARTICLE = [
    "The harbour bridge reopened to traffic on Tuesday morning",
    "Engineers replaced all of the steel cables",
    "\"It was worth the wait,\" said the mayor",
    "Traffic is expected to return to normal by Friday.",
    "Local businesses on both sides of the river",
]


@pytest.fixture(scope="module")
def document():
    return extract(PAGE, "html", SETTINGS, "https://www.coastal-ledger.example/news/bridge")


def test_every_article_paragraph_survives(document):
    for paragraph in ARTICLE:
        assert paragraph in document.text


@pytest.mark.parametrize("boilerplate, kind", [
    ("We use cookies to improve your experience on our site.", "legal"),
    ("Sport", "navigation"),
    ("Buy discount ferry tickets today at SeaSaver Deals", "advertisement"),
    ("Refinance your mortgage with HarbourBank and save hundreds every month", "advertisement"),
    ("Council approves new ferry timetable for summer season", "related"),
    ("Forty million euros for a bridge that was fine in the first place, what a complete waste of taxpayers money.",
     "comment"),
    ("Your email address will not be published. Required fields are marked *", "comment"),
    ("© 2023 The Coastal Ledger. All rights reserved.", "legal"),
])
def test_boilerplate_is_removed_with_its_kind(document, boilerplate, kind):
    assert boilerplate not in document.text
    assert (kind, boilerplate) in {(block.kind, block.text) for block in document.removed}


def test_body_carries_no_marker_and_no_share_buttons(document):
    assert MARKERS.lines_with_markers(document.text) == []
    assert "Share on Facebook" not in document.text


def test_metadata_from_meta_tags(document):
    assert document.title == "Harbour bridge reopens after two-year repair"
    assert document.publisher == "The Coastal Ledger"
    assert document.author == "Mara Lindqvist"
    assert (document.published.year, document.published.month, document.published.day) == (2023, 3, 14)
    assert document.language == "en"
    assert document.url == "https://www.coastal-ledger.example/news/bridge"


def test_visible_blocks_skip_scripts_and_styles():
    texts = [text for text, _ in visible_blocks(parse_html(PAGE))]
    assert not any("dataLayer" in text or "min-height" in text for text in texts)
    assert "Traffic is expected to return to normal by Friday." in texts


def test_page_without_article_is_an_extraction_error():
    with pytest.raises(ExtractionError) as error:
        extract("<html><body><nav><a href='/'>Home</a></nav><p>Subscribe</p></body></html>", "html", SETTINGS)
    assert error.value.reason


def test_unknown_format_is_rejected():
    with pytest.raises(ValueError):
        extract("anything", "pdf", SETTINGS)
