"""The text-capture cleaner on the five sample pages and on captures written for these tests."""
from __future__ import annotations

import json

import pytest

from flows.config import REPO_ROOT, Settings
from flows.extract import ExtractionError, extract
from flows.extract.documents import BLOCK_KINDS
from flows.extract.markers import load_markers
from flows.extract.textcapture import clean_capture, is_script_residue

SETTINGS = Settings()
MARKERS = load_markers(SETTINGS.reference_dir)

REPO = REPO_ROOT
FIXTURES = REPO / "tests" / "fixtures" / "extraction"
SAMPLES = REPO / "seeds" / "pages"
EXPECTED = {name: spec for name, spec in json.loads((FIXTURES / "samples_expected.json").read_text()).items()
            if not name.startswith("_")}


def _body_lines(text: str) -> list[str]:
    return text.splitlines()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_keeps_every_article_paragraph(name):
    body = clean_capture((SAMPLES / name).read_text(), MARKERS).body
    lines = _body_lines(body)
    for paragraph in EXPECTED[name]["keep"]:
        assert any(line.startswith(paragraph) for line in lines), f"{name}: lost paragraph {paragraph!r}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_drops_all_boilerplate(name):
    capture = clean_capture((SAMPLES / name).read_text(), MARKERS)
    for snippet in EXPECTED[name]["drop"]:
        assert snippet not in capture.body, f"{name}: boilerplate survived: {snippet!r}"
    assert MARKERS.lines_with_markers(capture.body) == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_every_dropped_line_is_recorded_with_a_kind(name):
    text = (SAMPLES / name).read_text()
    capture = clean_capture(text, MARKERS)
    kept = set(_body_lines(capture.body)) | {capture.title}
    recorded = {block.text for block in capture.removed}
    for line in (" ".join(raw.split()) for raw in text.splitlines()):
        if line:
            assert line in kept or line in recorded, f"{name}: line vanished without a record: {line!r}"
    assert all(block.kind in BLOCK_KINDS for block in capture.removed)


def test_sample_comment_thread_and_script_are_labelled():
    thread = clean_capture((SAMPLES / "002_0b03f1f115c07339.txt").read_text(), MARKERS).removed
    assert {b.kind for b in thread if "UTC »" in b.text or "civil war stage" in b.text} == {"comment"}
    residue = clean_capture((SAMPLES / "003_79583bf113acf4d4.txt").read_text(), MARKERS).removed
    assert {b.kind for b in residue if "createElement" in b.text or "DM.loadCSS" in b.text} == {"script"}


def test_markers_never_match_sample_article_paragraphs():
    for name, spec in EXPECTED.items():
        body = clean_capture((SAMPLES / name).read_text(), MARKERS).body
        for line in _body_lines(body):
            if any(line.startswith(paragraph) for paragraph in spec["keep"]):
                assert MARKERS.lines_with_markers(line) == [], f"{name}: a marker matches article text {line!r}"


def test_marker_list_compiles_with_known_kinds():
    markers = MARKERS
    assert len(markers) >= 40
    assert {marker.kind for marker in markers} <= set(BLOCK_KINDS)
    assert {"en", "de", "fr", "es", "ko"} <= {marker.language for marker in markers}


def test_own_english_capture():
    capture = clean_capture((FIXTURES / "capture_blog.txt").read_text(), MARKERS)
    assert capture.title == "Night trains return to the Alpine route after a decade"
    lines = _body_lines(capture.body)
    assert len(lines) == 5
    assert "Tickets cost less than a flight." in lines  # short paragraph inside the article
    for boilerplate in ("Skip to content", "Share this", "Related posts", "best rail passes", "railfan_88",
                        "beds were surprisingly", "Great news!", "Leave a Reply", "cookies", "©", "Wednesday"):
        assert boilerplate not in capture.body
    kinds = {block.text: block.kind for block in capture.removed}
    assert kinds["Took it last night and the beds were surprisingly comfortable, although the heating was far too "
                 "strong in our compartment."] == "comment"
    assert kinds["Why the ferry to the islands is cheaper if you book it on a Tuesday, and other travel tips that "
                 "nobody will tell you"] == "related"
    assert kinds["This website uses cookies to ensure you get the best experience."] == "legal"
    assert kinds["Travel"] == "navigation"


def test_own_german_capture():
    capture = clean_capture((FIXTURES / "capture_de.txt").read_text(), MARKERS)
    assert capture.language == "de"
    assert len(_body_lines(capture.body)) == 3
    for boilerplate in ("Startseite", "Lesen Sie auch", "Buslinie", "Kommentar", "E-Mail-Adresse", "©"):
        assert boilerplate not in capture.body


@pytest.mark.parametrize("line, residue", [
    ("<!–", True),
    ("var s = d.createElement(tag), prev = d.getElementsByTagName(tag)[0];", True),
    ("DM.loadCSS(“https://example.com/bundle.css”);", True),
    ("The minister said the talks would resume on Monday; no date was set.", False),
    ("Prices rose (again) in March.", False),
])
def test_script_residue_shape(line, residue):
    assert is_script_residue(line) is residue


def test_capture_without_article_is_an_extraction_error():
    with pytest.raises(ExtractionError) as error:
        extract("Home\nNews\nSport\nLog in\n© 2024 Example Media", "text", SETTINGS)
    assert "no usable body" in error.value.reason
