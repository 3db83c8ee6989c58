"""Per-page limits: a page over its time or memory budget is refused with that reason and the batch goes on;
text the parser cannot reach is refused with the reason why."""
from __future__ import annotations

import re
import time

import pytest

from flows.extract import ExtractedDocument, ExtractionError, extract
from flows.extract.budget import extract_within_budget
from flows.ingest import Page


def _page(content: str, path: str = "a.txt") -> Page:
    return Page(landing_path=path, page_id=path, fmt="text", content=content, size_bytes=len(content))


def _by_content(content, fmt, settings, url=None):
    """A stand-in extractor whose behaviour the page asks for, so each budget case is exact."""
    if content == "sleep":
        time.sleep(30)
    if content == "hog":
        hoard = [bytearray(50 * 2**20) for _ in range(40)]  # 2 GB, 50 MB at a time
        return ExtractedDocument(text=str(len(hoard)))
    if content == "short":
        raise ExtractionError("no usable body: 5 characters")
    if content == "bug":
        raise KeyError("a regression")
    return ExtractedDocument(text=content.upper())


@pytest.fixture
def tight(settings):
    return settings.model_copy(update=dict(page_seconds=2, page_memory_mb=200))


def test_pages_over_time_or_memory_are_refused_and_the_batch_goes_on(tight):
    pages = [_page("first"), _page("sleep", "slow.txt"), _page("hog", "big.txt"), _page("short", "s.txt"), _page("last", "z.txt")]
    extracted, refused = extract_within_budget(pages, tight, _by_content)
    assert [(p.landing_path, d.text) for p, d in extracted] == [("a.txt", "FIRST"), ("z.txt", "LAST")]
    reasons = {p.landing_path: reason for p, reason in refused}
    assert reasons["slow.txt"] == "over time budget: still extracting after 2 s; extraction stopped"
    assert reasons["big.txt"].startswith("over memory budget")
    assert reasons["s.txt"] == "no usable body: 5 characters"


def test_a_bug_in_the_extractor_fails_the_batch(tight):
    with pytest.raises(KeyError, match="a regression"):
        extract_within_budget([_page("fine"), _page("bug")], tight, _by_content)


def test_real_extraction_runs_in_the_worker(settings):
    text = "A headline\n\n" + "A sentence of the article body that goes on for a while. " * 10
    (_, document), = extract_within_budget([_page(text)], settings, extract)[0]
    assert "sentence of the article body" in document.text


def test_text_below_the_parsers_depth_limit_is_refused_with_the_reason_why(settings):
    body = " ".join(["The council met on Tuesday to discuss the new flood barriers along the river."] * 10)
    page = "<html><body>" + "<div>" * 5000 + f"<p>{body}</p>" + "</div>" * 5000 + "</body></html>"
    with pytest.raises(ExtractionError) as refused:
        extract(page, "html", settings)
    assert refused.value.reason == ("no usable body: 0 characters of main text (minimum 200); no candidate block; the markup nests deeper"
                                    " than the HTML parser's limit of 255 elements, and text below that depth is lost")


def test_a_page_of_a_million_paragraphs_is_stopped_at_the_memory_budget(settings):
    page = Page(landing_path="paragraphs.html", page_id="p", fmt="html",
                content="<html><body>" + "<p>a</p>" * 1_000_000 + "</body></html>", size_bytes=8_000_026)
    budget = settings.model_copy(update=dict(page_memory_mb=150))
    extracted, ((_, reason),) = extract_within_budget([page], budget, extract)
    assert extracted == []
    assert re.fullmatch(r"over memory budget: (\d+ MiB|out of address space), more than the 150 MiB allowed; extraction stopped", reason)
