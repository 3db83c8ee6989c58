"""What an analyst sees, on one `newsclaims run` through the command line: its quiet output, the
report in a real browser (offline), the analyses, the dbt docs, and a BI tool's read-only
SQLAlchemy connection across a nightly publish."""
from __future__ import annotations

import io
import json
import logging
import os
import shutil
import subprocess
import sys
import textwrap
import time

import duckdb
import pytest
import yaml

from flows.cli import console
from flows.cli.commands import main
from flows.config import REPO_ROOT, Settings
from tests.conftest import SAMPLE_PAGES

pytestmark = pytest.mark.slow

BAD_PAGE = "broken.html"
SCREENSHOT = REPO_ROOT / "bench" / "out" / "report.png"


@pytest.fixture(scope="module")
def published(tmp_path_factory, prefect_backend):
    """One run through `newsclaims run`, its screen output captured; logging restored afterwards."""
    root = tmp_path_factory.mktemp("analyst")
    landing = root / "landing"
    shutil.copytree(SAMPLE_PAGES, landing)
    (landing / BAD_PAGE).write_bytes(b"")
    warehouse = root / "warehouse" / "newsclaims.duckdb"
    loggers = [logging.getLogger(name) for name in ("", "uvicorn", "fastapi")]
    saved = [list(logger.handlers) for logger in loggers]
    screen = io.StringIO()
    previous = console.CONSOLE
    console.use(console.RunConsole(screen))
    try:
        code = main(["run", "--landing", str(landing), "--warehouse", str(warehouse)])
    finally:
        console.use(previous)
        for logger, handlers in zip(loggers, saved):
            logger.handlers[:] = handlers
    settings = Settings().with_paths(landing=landing, warehouse=warehouse)
    return settings, code, screen.getvalue()


def test_a_run_prints_a_stage_line_each_and_ends_with_the_summary(published):
    settings, code, screen = published
    assert code == 0, screen
    lines = screen.splitlines()
    assert len(lines) <= 25, screen
    stages = [line.split()[0] for line in lines if line.startswith("  ") and line.rstrip().endswith(" s")]
    assert stages == ["extract", "gazetteer", "analyse", "build", "publish", "report"]
    assert lines[-8].startswith("Published in")
    assert "seen 6 = new 5 + duplicate 0 + quarantined 1" in screen
    assert "Calculating Metrics" not in screen and "Traceback" not in screen
    assert "Beginning flow run" in settings.log_file.read_text()  # Prefect's lines went to the log
    assert (settings.data_docs_dir / "index.html").exists()


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: .ci/run installs Debian's chromium package")
        pytest.skip("no chromium on PATH (apt-get install chromium)")
    return found


def test_the_report_renders_offline_in_headless_chromium(published):
    from playwright.sync_api import sync_playwright

    settings, _, _ = published
    report = settings.report_file
    assert report.exists()
    errors, requests = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=_chromium(), args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))

            def only_local(route):
                if not route.request.url.startswith(("file:", "data:", "about:")):
                    requests.append(route.request.url)
                    return route.abort()
                return route.continue_()

            page.route("**/*", only_local)
            page.goto(report.as_uri())
            page.wait_for_selector("#map svg .mark-shape path", timeout=30_000)
            page.wait_for_selector("#runs-chart svg .mark-rect path")
            countries = page.locator("#map svg .mark-shape path").count()
            circles = page.locator("#map svg .mark-symbol.role-mark path").count()
            rows = {table: page.locator(f"#{table} tbody tr").count() for table in (
                "places-table", "new-documents-table", "stories-table", "single-source-table", "disputes-table",
                "speakers-table", "quarantine-table")}
            labels = page.locator("#map svg .mark-text text").all_text_contents()
            quarantined = page.locator("#quarantine-table").inner_text()
            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOT), full_page=True)
        finally:
            browser.close()
    assert errors == [] and requests == []
    assert countries > 150  # every country shape shipped by countryinfo
    assert circles == rows["places-table"] > 0  # a circle per place listed under the map
    assert all(count > 0 for count in rows.values()), rows
    assert rows["new-documents-table"] == 5  # one publisher each
    assert rows["stories-table"] == 1  # the five pages report one story
    # The story's districts are one stacked label, not names drawn over each other; "the West" is no place.
    assert not any("West" == line for label in labels for line in label.split("\n")), labels
    assert BAD_PAGE in quarantined and "empty" in quarantined


def test_an_analysis_prints_its_table_from_the_published_file(published, capfd):
    settings, _, _ = published
    assert main(["sql", "--warehouse", str(settings.warehouse), "--analysis", "who_is_quoted"]) == 0
    out = capfd.readouterr().out
    assert "speaker" in out and "Tajuden Soroush" in out
    assert main(["sql", "--warehouse", str(settings.warehouse), "--analysis", "no_such_question"]) == 2


def test_the_duckdb_shell_opens_the_published_file_read_only(published):
    from flows.cli.analyst import duckdb_cli

    settings, _, _ = published
    shell = duckdb_cli()
    assert shell, "duckdb-cli is a dependency: make install provides the duckdb command"
    result = subprocess.run([shell, "-readonly", "-csv", str(settings.warehouse), "-c",
                             "select count(*) as n from marts.fct_documents"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["n", "5"]
    refused = subprocess.run([shell, "-readonly", str(settings.warehouse), "-c", "create table marts.x (a int)"],
                             capture_output=True, text=True, timeout=60)
    assert "read-only" in (refused.stdout + refused.stderr).lower()


def _documented_mart_columns() -> dict[str, set[str]]:
    documented = {}
    for path in (REPO_ROOT / "dbt" / "models" / "marts").rglob("*.yml"):
        for model in yaml.safe_load(path.read_text()).get("models", []):
            documented[model["name"]] = {c["name"] for c in model.get("columns", []) if c.get("description")}
    return documented


def test_dbt_docs_are_one_static_page_describing_every_mart_column(published):
    settings, _, _ = published
    documented = _documented_mart_columns()
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    try:
        columns = con.execute("select table_name, column_name from information_schema.columns "
                              "where table_schema = 'marts'").fetchall()
    finally:
        con.close()
    undocumented = sorted(f"{t}.{c}" for t, c in columns if c not in documented.get(t, set()))
    assert undocumented == []
    assert main(["docs", "--warehouse", str(settings.warehouse)]) == 0
    page = settings.dbt_docs_file.read_text()
    assert '"fct_claim_clusters"' in page or "fct_claim_clusters" in page
    assert 'href="data_docs/index.html"' in page and 'href="newsclaims_report.html"' in page


READER = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path
    import sqlalchemy
    url, stop, progress = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    engine = sqlalchemy.create_engine(url, connect_args={"read_only": True}, poolclass=sqlalchemy.pool.QueuePool)
    seen, errors = [], []
    with engine.connect() as connection:  # a dashboard's long-lived connection
        while not stop.exists():
            try:
                seen.append(connection.execute(sqlalchemy.text("select count(*) from marts.fct_documents")).scalar())
            except Exception as exc:
                errors.append(repr(exc))
            progress.write_text(str(len(seen) + len(errors)))  # queries so far, for the test to wait on
            time.sleep(0.2)
    engine.dispose()
    with engine.connect() as connection:  # reconnected
        after = connection.execute(sqlalchemy.text("select count(*) from marts.fct_documents")).scalar()
    print(json.dumps({"seen": seen, "errors": errors, "after": after}))
""")


def test_a_read_only_sqlalchemy_reader_keeps_working_through_a_publish_and_sees_it_after_reconnecting(
        published, tmp_path):
    from flows.pipeline import nightly

    settings, _, _ = published
    stop, progress = tmp_path / "stop", tmp_path / "progress"
    reader = subprocess.Popen([sys.executable, "-c", READER, f"duckdb:///{settings.warehouse}", str(stop),
                               str(progress)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    late = settings.landing_dir / "late-arrival.txt"

    def queries() -> int:
        assert reader.poll() is None, reader.communicate()
        return int(progress.read_text() or 0) if progress.exists() else 0

    try:
        while queries() < 1:  # the reader is connected and has queried the published file
            time.sleep(0.1)
        late.write_text("Late arrival\n\n" + "A new article arrived after the first run and changes the marts. " * 8)
        run = nightly(landing=str(settings.landing_dir), warehouse=str(settings.warehouse))
        published = queries()
        while queries() <= published:  # and has queried again after the publish
            time.sleep(0.1)
    finally:
        stop.touch()
        out, err = reader.communicate(timeout=120)
        late.unlink(missing_ok=True)
    assert reader.returncode == 0, err
    result = json.loads(out)
    assert run["status"] == "published" and run["pages_new"] == 1
    assert result["errors"] == []
    assert len(result["seen"]) >= 2 and set(result["seen"]) == {5}  # the file it opened, throughout
    assert result["after"] == 6
