"""End to end on hostile and odd input: one odd page never stops the publish, nothing from outside
the landing directory reaches the warehouse, every page is accounted for, and a quarantined page
can be released."""
from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from unittest import mock

import pytest

from flows.pipeline import nightly
from tests.conftest import SAMPLE_PAGES, query

pytestmark = pytest.mark.slow

BODY = " ".join(["The council met on Tuesday to discuss the new flood barriers along the river, and residents "
                 "asked for more information about the timeline."] * 4)
CHINESE = "北京市政府周二宣布，将在未来三年内投资建设新的防洪设施，以应对日益频繁的极端天气事件。官员表示，这些设施将保护沿河居民的生命财产安全。" * 6
XSS = "<img src=x onerror=alert(1)>"
OUTSIDE_MARKER = "Quixotic-outside-marker"


def _html(lang: str, title: str, body: str) -> str:
    return (f'<html lang="{lang}"><head><title>{title}</title></head><body><article><h1>{title}</h1>'
            f"<p>{body}</p></article></body></html>")



@pytest.fixture(scope="module")
def hostile(tmp_path_factory, prefect_backend):
    # Extraction reads a declared language only when it is an ISO 639 code; the row-level gate is
    # what stops a bad value should extraction ever let one through. This stands in for such a
    # bug: declared tags are kept as written, so "filipino" and an XSS attempt reach the gate. The
    # extraction runs in a budget child, a fresh interpreter that gets the pipeline's extractor by
    # value (cloudpickle), so the stand-in goes there inside the extractor.
    import flows.pipeline as pipeline

    extract = pipeline.extract

    def extract_keeping_declared_tags(content, fmt, settings, url=None):
        def as_written(tag):
            return (tag or "").strip().lower() or None

        with mock.patch("flows.extract.metadata.declared_language", as_written):
            return extract(content, fmt, settings, url)

    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setattr(pipeline, "extract", extract_keeping_declared_tags)
    root = tmp_path_factory.mktemp("hostile")
    landing, outside = root / "landing", root / "outside"
    landing.mkdir()
    outside.mkdir()
    samples = sorted(SAMPLE_PAGES.glob("*.txt"))
    for sample in samples[:3]:
        shutil.copy(sample, landing)
    shutil.copy(samples[0], landing / "copy.txt")  # a duplicate
    (landing / samples[1].with_suffix(".meta.json").name).write_text(json.dumps({"url": "javascript:alert(1)"}))
    (landing / "fil.html").write_text(_html("filipino", "Council meets", BODY))
    (landing / "zh.html").write_text(_html("zh", "防洪", CHINESE))
    (landing / "xss.html").write_text(_html(XSS, "Other news", BODY.replace("council", "committee")))
    with open(os.path.join(os.fsencode(landing), b"caf\xe9.txt"), "wb") as handle:
        handle.write(samples[3].read_bytes())
    (landing / "wide.txt").write_bytes(samples[4].read_text().encode("utf-16"))
    (outside / "elsewhere.txt").write_text(samples[0].read_text() + f"\n\n{OUTSIDE_MARKER} was never landed.\n")
    (landing / "elsewhere.txt").symlink_to(outside / "elsewhere.txt")
    (landing / "dangling.txt").symlink_to(landing / "gone.txt")
    with gzip.open(landing / "bomb.html.gz", "wb", compresslevel=9) as handle:
        for _ in range(25):
            handle.write(b"<p>" + b"a" * 1_000_000)  # 25 MB inflated, over the 20 MB page limit
    warehouse = root / "warehouse" / "newsclaims.duckdb"
    run = nightly(landing=str(landing), warehouse=str(warehouse))
    yield landing, warehouse, run
    monkeypatch.undo()


def test_odd_pages_are_quarantined_and_the_rest_published(hostile):
    _, warehouse, run = hostile
    assert run["status"] == "published"
    assert (run["pages_seen"], run["pages_new"], run["pages_duplicate"], run["pages_quarantined"]) == (12, 6, 1, 5)
    assert run["pages_seen"] == run["pages_new"] + run["pages_duplicate"] + run["pages_quarantined"]
    reasons = dict(query(warehouse, "SELECT landing_path, reason FROM ops.quarantine"))
    regex = "fct_documents: expect_column_values_to_match_regex(language)"
    assert reasons["fil.html"] == f"document failed row-level expectation {regex}"
    assert reasons["xss.html"] == f"document failed row-level expectation {regex}"
    assert reasons["elsewhere.txt"] == "symlink: points outside the landing directory; not followed"
    assert reasons["dangling.txt"] == "symlink: dangling (its target does not exist)"
    assert reasons["bomb.html.gz"] == "oversized: decompresses to more than the limit of 20971520 bytes"
    assert len(reasons) == 5  # the page with the bad sidecar is kept, see below
    published = {p for (p,) in query(warehouse, "SELECT landing_path FROM marts.fct_documents")}
    # A Chinese article counts a word per character, so it is long enough to publish.
    assert published == {*(p.name for p in sorted(SAMPLE_PAGES.glob("*.txt"))[:3]), "caf\\xe9.txt", "wide.txt", "zh.html"}


def test_nothing_from_outside_the_landing_directory_is_stored(hostile):
    _, warehouse, _ = hostile
    state = warehouse.with_name(warehouse.stem + "_state.duckdb")
    for path, table, column in ((state, "raw.pages", "content"), (state, "raw.documents", "body_text"),
                                (warehouse, "marts.fct_documents", "body_text")):
        hits = query(path, f"SELECT count(*) FROM {table} WHERE {column} LIKE '%{OUTSIDE_MARKER}%'")
        assert hits == [(0,)], f"{table} in {path.name}"


def test_names_that_are_not_utf8_are_stored_byte_for_byte(hostile):
    _, warehouse, _ = hostile
    state = warehouse.with_name(warehouse.stem + "_state.duckdb")
    rows = query(state, "SELECT landing_path, landing_path_bytes FROM raw.pages WHERE landing_path_bytes IS NOT NULL")
    assert rows == [("caf\\xe9.txt", b"caf\xe9.txt")]


def test_a_bad_sidecar_field_is_dropped_with_a_warning_naming_it(hostile):
    _, warehouse, run = hostile
    sample = sorted(SAMPLE_PAGES.glob("*.txt"))[1]
    warnings = query(warehouse, "SELECT landing_path, warning FROM ops.page_warnings")
    assert warnings == [(sample.name, f"sidecar {sample.with_suffix('.meta.json').name}: field 'url' dropped: "
                                      "scheme 'javascript' is not http or https")]
    assert query(warehouse, f"SELECT url FROM marts.fct_documents WHERE landing_path = '{sample.name}'") == [(None,)]


def test_the_gate_report_escapes_page_values_and_loads_nothing(hostile):
    _, warehouse, _ = hostile
    report = (warehouse.parent / "data_docs" / "index.html").read_text()
    assert "&lt;img src=x onerror=alert(1)&gt;" in report
    assert not re.search(r"<(script|img|link|iframe)\b", report, re.I)
    assert not re.search(r"<[a-z][^>]*\s(src|href)\s*=", report, re.I)
    assert "default-src 'none'" in report


def test_later_runs_publish_and_a_released_page_is_read_again(hostile, capsys):
    from flows.cli.commands import main

    landing, warehouse, _ = hostile
    assert main(["quarantine", "--warehouse", str(warehouse), "--jsonl"]) == 0
    listed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {r["landing_path"] for r in listed} == {"fil.html", "xss.html", "elsewhere.txt",
                                                   "dangling.txt", "bomb.html.gz"}
    assert main(["quarantine", "--warehouse", str(warehouse), "--release", "fil.html"]) == 0
    (landing / "zh.html").unlink()  # gone from landing: its document stays published
    run = nightly(landing=str(landing), warehouse=str(warehouse))
    assert run["status"] == "published"
    # fil.html is read again and quarantined again (its cause is not fixed); xss.html was counted by
    # the first published run and is a duplicate now.
    assert (run["pages_seen"], run["pages_new"], run["pages_duplicate"], run["pages_quarantined"]) == (11, 0, 7, 4)
    released = query(warehouse, "SELECT count(*) FROM ops.quarantine WHERE landing_path = 'fil.html'"
                                 " AND released_at IS NOT NULL")
    assert released == [(1,)]
    assert len(query(warehouse, "SELECT * FROM marts.fct_documents")) == 6


INJECT = ("import duckdb, os, sys; con = duckdb.connect(sys.argv[1]); "
          "con.execute('INSERT INTO marts.fct_documents (document_id) VALUES (?)', ['injected-' + sys.argv[2]]); "
          "os._exit(0) if sys.argv[2] == 'wal' else con.close()")


def test_rows_written_into_the_published_file_or_a_stale_wal_are_never_published(hostile):
    """A client opens the published file read-write (root can, despite its mode) and inserts a row that
    also breaks a dbt test: once closing normally, so the row lands in the file, then crashing, which
    leaves it in a WAL that every later open would replay."""
    landing, warehouse, _ = hostile
    wal = warehouse.with_name(warehouse.name + ".wal")
    os.chmod(warehouse, 0o644)
    for how in ("file", "wal"):
        subprocess.run([sys.executable, "-c", INJECT, str(warehouse), how], check=True)
    os.chmod(warehouse, 0o444)
    assert wal.exists()
    run = nightly(landing=str(landing), warehouse=str(warehouse))
    assert run["status"] == "published"
    # Nothing new landed: every page is a duplicate or stays quarantined, as the run before counted them.
    assert run["pages_new"] == 0 and run["pages_seen"] == run["pages_duplicate"] + run["pages_quarantined"] > 0
    (kept,) = warehouse.parent.glob(wal.name + ".set-aside-*")
    assert not wal.exists() and kept.stat().st_size > 0
    assert any(str(kept) in warning for warning in run["warnings"]), run["warnings"]
    assert any("is not what the last run published" in warning for warning in run["warnings"]), run["warnings"]
    assert query(warehouse, "SELECT count(*) FROM marts.fct_documents WHERE document_id LIKE 'injected-%'") == [(0,)]
    assert len(query(warehouse, "SELECT * FROM marts.fct_documents")) == 6


def test_a_volume_drop_or_too_many_quarantined_documents_fail_the_gate(hostile, settings):
    """The run thresholds (suite gate_metrics) over the published marts, with this run's volume made up."""
    from flows.warehouse.gate import RunVolume, run_gate

    _, warehouse, _ = hostile
    assert run_gate(warehouse, settings, RunVolume(previous_documents=5, checked_documents=20,
                                                   quarantined_documents=10)).success
    result = run_gate(warehouse, settings, RunVolume(previous_documents=100, checked_documents=20,
                                                     quarantined_documents=11))
    assert not result.success
    assert [f.split(" (")[0] for f in result.failures] == [
        "gate_metrics: expect_column_values_to_be_between(document_ratio)",
        "gate_metrics: expect_column_values_to_be_between(quarantined_share)"]
