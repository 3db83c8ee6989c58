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


def test_boilerplate_markers_left_in_a_body_are_found_at_extraction(settings, markers, monkeypatch):
    from flows.extract import ExtractedDocument

    body = "\n".join(["The council met on Monday to discuss the budget for the coming year."] * 5)
    leaky = body + "\nLeave a Reply\n"
    found = markers.patterns_in(leaky)
    assert found and found == sorted(set(found))
    assert markers.patterns_in(body) == []
    monkeypatch.setattr(pipeline, "extract", lambda *args: ExtractedDocument(leaky))
    (_, _, in_batch), = pipeline.extract_pages.fn([_page(leaky)], settings)[0]
    assert in_batch == found


def test_a_known_file_is_a_duplicate_without_being_read(settings, tmp_path, monkeypatch):
    import logging

    from flows.extract import ExtractedDocument
    from flows.ingest import Intake, new_pages
    from flows.ingest import intake as ingest_intake
    from flows.warehouse import state
    from flows.warehouse.load import StateLedger, load_extracted

    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "a.txt").write_text("An article. " * 40)
    (landing / "copy.txt").write_text("An article. " * 40)
    con = state.connect(tmp_path / "wh" / "newsclaims_state.duckdb")
    logger = logging.getLogger(__name__)

    def discover(intake: Intake, run_id: str) -> list[list]:
        return list(new_pages(landing, StateLedger(con, run_id, logger), intake, settings.max_page_bytes,
                              settings.batch_pages))

    try:
        intake = Intake()
        batches = discover(intake, "run-1")
        assert [len(b) for b in batches] == [1] and intake.duplicates == 1  # the copy, by its hash
        (page,) = batches[0]
        load_extracted(con, "run-1", [(page, ExtractedDocument("An article."), [])],
                       [intake.files.pop(page.landing_path)], logger)

        # Until a published run has counted the page, its file is read again (a killed run's page is new).
        monkeypatch.setattr(ingest_intake, "read_path", lambda *args: pytest.fail("a known file was read"))
        with pytest.raises(pytest.fail.Exception, match="a known file was read"):
            discover(Intake(), "run-2")

        state.record_run(con, {"run_id": "run-1", "status": "published"})
        intake = Intake()
        assert discover(intake, "run-2") == []
        assert intake.duplicates == 2
    finally:
        con.close()
