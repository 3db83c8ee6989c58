"""The flow's tasks, called directly: what they catch and what they let through."""
from __future__ import annotations

import pytest

from flows import pipeline
from flows.ingest import Page


def _page(content: str) -> Page:
    return Page(landing_path="a.txt", page_id="a" * 64, fmt="text", content=content, size_bytes=len(content))


def test_a_page_without_an_article_is_quarantined_with_its_reason(settings):
    extracted, rejected = pipeline.extract_pages.fn([_page("Home\nNews\nLog in")], settings)
    assert extracted == [] and len(rejected) == 1
    assert rejected[0].reason.startswith("no usable body")


def test_a_bug_in_extraction_fails_the_run_instead_of_quarantining_every_page(settings, monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("a regression")

    monkeypatch.setattr(pipeline, "extract", broken)
    with pytest.raises(KeyError):
        pipeline.extract_pages.fn([_page("Some text")], settings)
