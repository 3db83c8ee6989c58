"""The run's screen output: stage lines, and the paragraph a failed run ends with."""
from __future__ import annotations

import io

import pytest

from flows.cli.console import RunConsole, failure_paragraph
from flows.warehouse import GateFailed
from flows.warehouse import RunLocked


def test_a_stage_writes_one_line_with_its_count_and_time_even_when_it_fails():
    screen = io.StringIO()
    out = RunConsole(screen)
    with out.stage("extract") as stage:
        stage.done("5 documents, 0 without an article")
    with pytest.raises(ValueError):
        with out.stage("gate"):
            raise ValueError("expectations failed 1 of 41")
    lines = screen.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].split()[:3] == ["extract", "5", "documents,"] and lines[0].endswith(" s")
    assert "failed: expectations failed 1 of 41" in lines[1]


def test_no_progress_bar_off_a_terminal():
    screen = io.StringIO()
    assert list(RunConsole(screen).progress(range(500), 500, "analyse")) == list(range(500))
    assert screen.getvalue() == ""


def test_a_failed_gate_ends_in_one_paragraph_naming_the_check_and_its_rows(settings):
    exc = GateFailed("not published: expectations failed 1 of 41",
                     ["fct_documents: expect_column_values_to_be_between(boilerplate_marker_count) (3 unexpected)"])
    lines = failure_paragraph(exc, settings, verbose=False)
    assert lines[0].startswith("Run failed: the candidate did not pass its checks and was not published")
    assert lines[1] == "  - fct_documents: expect_column_values_to_be_between(boilerplate_marker_count): 3 rows fail it"
    assert lines[-1].startswith("Next: ") and "newsclaims.log" in lines[-1]


def test_an_error_or_a_held_lock_says_what_to_do(settings):
    assert "wait for it to end" in " ".join(failure_paragraph(RunLocked("another run holds x"), settings, False))
    error = failure_paragraph(KeyError("body_text"), settings, verbose=True)
    assert "KeyError" in error[0] and "--verbose" not in error[-1]
