"""The extraction stage per step on real pages (issue 27), against bare trafilatura in the same run.

Pages: the extraction corpus's real HTML pages (many languages) interleaved with text captures, the
product's own input format (the news articles of ../shared/bench/stories/ecb_dev/landing and the
sample captures in seeds/pages), written to a landing directory.

Three measures, all in CPU seconds (``resource.getrusage``), so other work on a shared machine
slows the wall clock but hardly these:
1. bare ``trafilatura.extract`` (default settings) on the HTML pages, one core;
2. the stage as the nightly flow runs it, in one process: discovery (list, stat, read, decode,
   hash, duplicate lookups), each batch extracted in the budget worker (``extract_pages``), and
   the batch written to the state file (``load_extracted``); the worker's CPU is its own;
3. each step of the extractor, in process, by wrapping the step functions with a CPU timer
   (inclusive times: a step's time holds the steps it calls, shown indented under it).

The stage's Dask transport (pickling batches to a worker and documents back) is not in (2); the
scale bench (bench/scale_bench.py) runs the whole flow. Skips (exit 0) when the corpora are absent.

    .venv/bin/python bench/extraction_stage_bench.py --pages 1500
"""
from __future__ import annotations

import argparse
import gzip
import importlib
import logging
import os
import resource
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
SHARED = REPO_ROOT.parent / "shared" / "bench"
HTML_PAGES = SHARED / "extraction" / "pages"
CAPTURE_DIRS = [SHARED / "stories" / "ecb_dev" / "landing", REPO_ROOT / "seeds" / "pages"]

# (label, module, attribute, depth): the functions timed, in the order a page meets them. The
# wrapped attribute is the name the caller looks up, so the wrapper is what it calls.
STEPS = [
    ("HTML page", "flows.extract", "extract_html", 0),
    ("parse (trafilatura.load_html)", "flows.extract.html", "parse_html", 1),
    ("visible blocks walk", "flows.extract.html", "visible_blocks", 1),
    ("description and captions", "flows.extract.html", "page_description", 1),
    ("description and captions", "flows.extract.html", "figure_captions", 1),
    ("trafilatura.extract (with recall retry)", "flows.extract.html", "_trafilatura_text", 1),
    ("lede", "flows.extract.html", "lede_blocks", 1),
    ("post filter", "flows.extract.html", "_post_filter", 1),
    ("HTML metadata", "flows.extract", "html_metadata", 0),
    ("date (htmldate)", "flows.extract.metadata", "html_published", 1),
    ("language of the body (py3langid)", "flows.extract.metadata", "detect_language", 1),
    ("text capture cleaner", "flows.extract", "clean_capture", 0),
    ("lines and rule stages", "flows.extract.textcapture", "measure_capture", 1),
    ("language of the capture (py3langid)", "flows.extract.textcapture", "detect_language", 2),
    ("line model features", "flows.extract.textcapture", "line_features", 2),
    ("text metadata", "flows.extract", "text_metadata", 0),
    ("markers left in the body", "flows.extract.markers", "Markers.patterns_in", 0),
]


def cpu_seconds(who: int = resource.RUSAGE_SELF) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def landing_pages(count: int) -> list[tuple[str, bytes]]:
    """(file name, bytes) of ``count`` real pages, HTML and text captures interleaved."""
    html = [(p.name[:-3], gzip.decompress(p.read_bytes())) for p in sorted(HTML_PAGES.glob("*.html.gz"))]
    captures = [(p.name, p.read_bytes()) for d in CAPTURE_DIRS for p in sorted(d.glob("*.txt"))]
    mixed = []
    for i in range(max(len(html), len(captures))):
        mixed += [group[i] for group in (html, captures) if i < len(group)]
    return mixed[:count]


def bare_trafilatura(pages: list[tuple[str, str]]) -> float:
    import trafilatura

    start = cpu_seconds()
    for _, content in pages:
        trafilatura.extract(content)
    return cpu_seconds() - start


def stage(landing: Path, warehouse: Path) -> dict[str, float]:
    """CPU seconds of discovery, extraction (the budget worker's own) and loading, as the flow runs them."""
    from flows.config import Settings
    from flows.ingest import Intake, new_pages
    from flows.pipeline import extract_pages, load_batch
    from flows.runtime.budget import close_idle_workers
    from flows.warehouse import state
    from flows.warehouse.load import StateLedger

    settings = Settings().with_paths(landing, warehouse)
    logger = logging.getLogger("flows")
    logger.setLevel(logging.ERROR)  # one line per quarantined page otherwise
    con = state.connect(settings.state_db)
    intake, seconds = Intake(), defaultdict(float)
    ledger = StateLedger(con, "bench", logger)
    children = cpu_seconds(resource.RUSAGE_CHILDREN)
    batches = new_pages(settings.landing_dir, ledger, intake, settings.max_page_bytes, settings.batch_pages)
    while True:
        start = cpu_seconds()
        batch = next(batches, None)
        seconds["discover"] += cpu_seconds() - start
        if batch is None:
            break
        start = cpu_seconds()
        result = extract_pages.fn(batch, settings)
        seconds["extract (parent side: budget, markers)"] += cpu_seconds() - start
        start = cpu_seconds()
        load_batch(ledger, intake, batch, result)
        seconds["load"] += cpu_seconds() - start
    con.close()
    close_idle_workers()  # reaped, so its CPU time is counted in RUSAGE_CHILDREN
    seconds["extract (budget worker)"] = cpu_seconds(resource.RUSAGE_CHILDREN) - children
    seconds["pages"] = intake.seen
    seconds["quarantined"] = intake.quarantined
    return dict(seconds)


def timed(function, totals: dict[str, float], label: str, clock=time.process_time):
    """``function``, adding the ``clock`` time of each call to ``totals[label]`` (claims_bench uses it too)."""
    def wrapper(*args, **kwargs):
        start = clock()
        try:
            return function(*args, **kwargs)
        finally:
            totals[label] += clock() - start
    return wrapper


def steps(pages: list[tuple[str, str, str]]) -> tuple[dict[str, float], float]:
    """Inclusive CPU seconds per step of the extractor, in process, and the total."""
    from flows.config import Settings
    from flows.extract import ExtractionError, extract, load_markers

    settings = Settings()
    markers = load_markers(settings.reference_dir)
    totals: dict[str, float] = defaultdict(float)
    for label, module_name, attribute, _ in STEPS:
        owner = importlib.import_module(module_name)
        *path, name = attribute.split(".")
        for part in path:
            owner = getattr(owner, part)
        setattr(owner, name, timed(getattr(owner, name), totals, label))
    start = time.process_time()
    for _, fmt, content in pages:
        try:
            document = extract(content, fmt, settings)
        except ExtractionError:
            continue
        markers.patterns_in(document.text)
    return dict(totals), time.process_time() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=1500, help="pages in the landing set")
    args = parser.parse_args()
    if not HTML_PAGES.is_dir() or not CAPTURE_DIRS[0].is_dir():
        print(f"skipped: the shared corpora are not at {SHARED}")
        return 0
    from flows.ingest.discover import decode

    files = landing_pages(args.pages)
    pages = [(name, "html" if name.endswith(".html") else "text",
              decode(raw, "html" if name.endswith(".html") else "text")) for name, raw in files]
    html = [(name, content) for name, fmt, content in pages if fmt == "html"]
    work = Path(tempfile.mkdtemp(prefix="newsclaims-extraction-stage-"))
    try:
        landing = work / "landing"
        landing.mkdir()
        for name, raw in files:
            (landing / name).write_bytes(raw)
        load_before = os.getloadavg()[0]
        steps(pages[:20])  # imports and lazy loads are start-up, not per page
        bare_trafilatura(html[:20])
        bare = bare_trafilatura(html)
        stage_seconds = stage(landing, work / "warehouse" / "newsclaims.duckdb")
        step_seconds, in_process = steps(pages)
        load_after = os.getloadavg()[0]
    finally:
        shutil.rmtree(work, ignore_errors=True)

    n, n_html = len(pages), len(html)
    print(f"## {n} real pages ({n_html} HTML, {n - n_html} text captures); 1-minute load average "
          f"{load_before:.1f} at the start, {load_after:.1f} at the end; cores: {os.cpu_count()}\n")
    print(f"bare trafilatura.extract: {bare:.1f} CPU s for the {n_html} HTML pages = "
          f"{n_html / bare:.1f} pages per CPU second\n")
    work_seconds = sum(v for k, v in stage_seconds.items() if k not in ("pages", "quarantined"))
    print("| stage step | CPU s | ms per page |\n|---|---|---|")
    for key, value in stage_seconds.items():
        if key not in ("pages", "quarantined"):
            print(f"| {key} | {value:.1f} | {1000 * value / n:.1f} |")
    per_core = n / work_seconds
    print(f"| whole stage | {work_seconds:.1f} | {1000 * work_seconds / n:.1f} |\n")
    print(f"stage: {stage_seconds['pages']:.0f} pages seen, {stage_seconds['quarantined']:.0f} quarantined; "
          f"{per_core:.1f} pages per CPU second = {per_core / (n_html / bare):.2f}x bare trafilatura per core "
          f"(bare on the HTML pages; the stage on HTML and captures)\n")
    print(f"extractor in process: {in_process:.1f} CPU s = {n / in_process:.1f} pages per CPU second\n")
    print("| step (inclusive) | CPU s | share of the in-process extractor |\n|---|---|---|")
    depth = {label: d for label, _, _, d in STEPS}
    for label in dict.fromkeys(label for label, *_ in STEPS):
        if label in step_seconds:
            print(f"| {'&nbsp;' * 4 * depth[label]}{label} | {step_seconds[label]:.2f} | "
                  f"{step_seconds[label] / in_process:.0%} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
