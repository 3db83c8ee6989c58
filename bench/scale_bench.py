"""The nightly run at volume (issue 11): N real pages end to end, a rerun with nothing new, and
+1 % new pages, each as one ``newsclaims run`` process (Prefect start, budget children, dbt,
gate and publish included), with bare ``trafilatura.extract`` timed on the same HTML pages.

Pages come from ../shared/bench/: the extraction corpus's real HTML pages (many languages)
interleaved with English news articles (the geo corpora and PolNeAR), each article written as a
minimal HTML page; with ``--captures``, also the news articles of stories/ecb_dev as text
captures (.txt), the product's own input format. Beyond the distinct pages, copies get a unique
comment appended (HTML, or a last line for a capture): distinct bytes, so distinct pages, of the
same text (as wire copies are).

Reported: wall time and pages/s per stage and end to end, peak RSS of the run's process tree
and its proportional set size (sampled every 0.2 s, workers included), each role's own peak and
the roles' RSS at the instant of the whole tree's peak, state and published file
sizes, the rerun and +1 % costs. Skips (exit 0) when the shared corpora are absent.

    .venv/bin/python bench/scale_bench.py --pages 1000
"""
from __future__ import annotations

import argparse
import gzip
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
SHARED = REPO_ROOT.parent / "shared" / "bench"
HTML_PAGES = SHARED / "extraction" / "pages"
GEO = [SHARED / "geo" / "GeoVirus.xml", SHARED / "geo" / "TR-News.xml"]
POLNEAR = SHARED / "attribution" / "polnear"
CAPTURES = SHARED / "stories" / "ecb_dev" / "landing"
# The run's stage lines: "  extract    1000 pages: ...     1 min 02 s" (flows/cli/console.py).
STAGE_LINE = re.compile(r"^  (\w+) .*?(?:(\d+) min )?([\d.]+) s$", re.MULTILINE)


def _article_page(title: str, text: str) -> bytes:
    paragraphs = "".join(f"<p>{html.escape(p.strip())}</p>\n" for p in text.split("\n") if p.strip())
    return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
            f"</head><body><article><h1>{html.escape(title)}</h1>\n{paragraphs}</article></body></html>").encode()


def english_articles() -> list[bytes]:
    pages = []
    for path in GEO:
        for article in ET.parse(path).getroot().iter("article"):
            text = (article.findtext("text") or "").strip()
            title = (article.findtext("title") or text[:60]).strip()
            pages.append(_article_page(title, text))
    for path in sorted(POLNEAR.glob("*/text/*.txt")):
        text = path.read_text(encoding="utf-8")
        pages.append(_article_page(text.strip().split("\n", 1)[0][:120], text))
    return pages


HTML_LANG = re.compile(rb"<html[^>]*\slang=[\"']?([A-Za-z]+)", re.IGNORECASE)


def declares_english(page: bytes) -> bool:
    found = HTML_LANG.search(page[:4096])
    return bool(found) and found.group(1).lower() == b"en"


def source_pages(english_only: bool = False, captures: bool = False) -> list[tuple[str, bytes]]:
    """(suffix, bytes) of real HTML pages and English articles (and with ``captures`` English text
    captures), interleaved so every N holds each kind; with ``english_only``, the real pages are
    those that declare English."""
    real = [gzip.decompress(p.read_bytes()) for p in sorted(HTML_PAGES.glob("*.html.gz"))]
    if english_only:
        real = [page for page in real if declares_english(page)]
    groups = [[(".html", page) for page in real], [(".html", page) for page in english_articles()]]
    if captures:
        groups.append([(".txt", p.read_bytes()) for p in sorted(CAPTURES.glob("*.txt"))])
    mixed = []
    for i in range(max(map(len, groups))):
        mixed += [group[i] for group in groups if i < len(group)]
    return mixed


def write_pages(landing: Path, sources: list[tuple[str, bytes]], start: int, count: int) -> list[Path]:
    """Pages start .. start+count-1 of the endless sequence: sources, then copies of them."""
    landing.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(start, start + count):
        suffix, content = sources[n % len(sources)]
        if n >= len(sources):
            copy = n // len(sources)
            content += (f"\n<!-- copy {copy} -->\n" if suffix == ".html" else f"\n\nCopy {copy}\n").encode()
        path = landing / f"{n:07d}{suffix}"
        path.write_bytes(content)
        paths.append(path)
    return paths


def bare_trafilatura(paths: list[Path]) -> float:
    """Pages per CPU second of ``trafilatura.extract`` with default settings, one core, on these
    HTML files (CPU time: a shared machine slows the wall clock, hardly this)."""
    import trafilatura

    paths = [path for path in paths if path.suffix == ".html"]
    start = time.process_time()
    for path in paths:
        trafilatura.extract(path.read_bytes().decode("utf-8", errors="replace"))
    return len(paths) / (time.process_time() - start)


@dataclass
class Run:
    seconds: float
    peak_rss_mb: float
    peak_pss_mb: float  # proportional set size: pages shared between processes counted once
    peak_roles_mb: dict[str, float]  # each role's own peak RSS (flow, Prefect API, workers together)
    at_peak_mb: dict[str, float]  # RSS per role at the instant of the peak RSS of all processes
    load: float  # mean 1-minute load average during the run: above the cores, something else ran too
    stages: dict[str, float] = field(default_factory=dict)
    summary: str = ""


def _role(process, root) -> str:
    if process.pid == root.pid:
        return "flow"
    command = " ".join(process.cmdline())
    if "uvicorn" in command:
        return "Prefect API"
    if "serve_child" in command:  # flows.runtime.budget's child, started by the flow or a Dask worker
        return "budget children"
    if process.ppid() != root.pid and "spawn_main" in command:  # forked by a local cluster's worker (before issue 27)
        return "budget children"
    if "spawn_main" in command:
        return "workers"
    # Forked by the flow process itself (before issue 27): the extraction's budget child.
    return "budget children" if process.ppid() == root.pid and command == " ".join(root.cmdline()) else "other"


def _tree_memory(process) -> tuple[int, int, dict[str, int]]:
    """(RSS, PSS, RSS per role) summed over the process tree. RSS counts a page shared by a forked
    extraction worker and its parent, or by the Dask workers, once per process; PSS divides it among them."""
    import psutil

    rss = pss = 0
    roles: dict[str, int] = {}
    for p in [process, *process.children(recursive=True)]:
        try:
            info, role = p.memory_full_info(), _role(p, process)
        except psutil.Error:
            continue
        rss += info.rss
        pss += info.pss
        roles[role] = roles.get(role, 0) + info.rss
    return rss, pss, roles


def newsclaims_run(landing: Path, warehouse: Path, env: dict) -> Run:
    import psutil

    command = [str(REPO_ROOT / ".venv" / "bin" / "newsclaims"), "run", "--landing", str(landing),
               "--warehouse", str(warehouse)]
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    handle, peak, roles, at_peak, loads, output = psutil.Process(process.pid), [0, 0], {}, {}, [], []

    def sample() -> None:
        while process.poll() is None:
            try:
                rss, pss, by_role = _tree_memory(handle)
            except psutil.Error:
                continue
            if rss > peak[0]:
                at_peak.clear()
                at_peak.update(by_role)
            peak[:] = max(peak[0], rss), max(peak[1], pss)
            for role, size in by_role.items():
                roles[role] = max(roles.get(role, 0), size)
            loads.append(os.getloadavg()[0])
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    for line in process.stdout:
        output.append(line)
    process.wait()
    seconds = time.perf_counter() - start
    sampler.join()
    text = "".join(output)
    if process.returncode != 0:
        sys.exit(f"newsclaims run failed ({process.returncode}):\n{text[-4000:]}")
    stages = {name: 60 * int(minutes or 0) + float(seconds) for name, minutes, seconds in STAGE_LINE.findall(text)}
    summary = " ".join(line.split(maxsplit=1)[1].strip() for line in output
                       if line.lstrip().startswith(("pages ", "published ")))
    return Run(seconds, peak[0] / 2**20, peak[1] / 2**20, {k: v / 2**20 for k, v in roles.items()},
               {k: v / 2**20 for k, v in at_peak.items()},
               sum(loads) / max(len(loads), 1), stages, summary)


def _mb(path: Path) -> float:
    return path.stat().st_size / 2**20 if path.exists() else 0.0


def todays_layout_mb(state_db: Path, warehouse: Path, scratch: Path) -> float:
    """Size of what the published file held before issue 11, for the same pages: a copy of the
    state file (raw page content included) plus dbt's tables (staging was views then)."""
    import duckdb

    scratch.unlink(missing_ok=True)
    con = duckdb.connect(str(scratch))
    try:
        con.execute(f"ATTACH '{state_db}' AS state_file (READ_ONLY)")
        con.execute(f"ATTACH '{warehouse}' AS published (READ_ONLY)")
        con.execute("COPY FROM DATABASE state_file TO today")
        tables = con.execute("SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = 'published' "
                             "AND schema_name NOT IN ('ops', 'staging')").fetchall()
        for schema, table in tables:
            con.execute(f"CREATE SCHEMA IF NOT EXISTS today.{schema}")
            con.execute(f"CREATE TABLE today.{schema}.{table} AS SELECT * FROM published.{schema}.{table}")
    finally:
        con.close()
    size = _mb(scratch)
    scratch.unlink()
    return size


def _languages(warehouse: Path) -> dict[str, int]:
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return dict(con.execute("SELECT coalesce(language, '?'), count(*) FROM marts.fct_documents "
                                "GROUP BY 1 ORDER BY 2 DESC").fetchall())
    finally:
        con.close()


def _row(label: str, pages: int, run: Run) -> str:
    stages = ", ".join(f"{k} {v:.0f} s" for k, v in run.stages.items())
    return (f"| {label} | {pages} | {run.seconds:.0f} s | {pages / run.seconds:.1f} | "
            f"{run.peak_rss_mb:.0f} / {run.peak_pss_mb:.0f} MB | "
            f"{', '.join(f'{k} {v:.0f}' for k, v in run.peak_roles_mb.items())} MB | "
            f"{', '.join(f'{k} {v:.0f}' for k, v in run.at_peak_mb.items())} MB | {run.load:.1f} | {stages} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=1000, help="N, the warehouse's pages")
    parser.add_argument("--work-dir", type=Path, help="keep landing and warehouse here (default: a temp dir)")
    parser.add_argument("--english", action="store_true", help="only pages that declare English, and the articles")
    parser.add_argument("--captures", action="store_true", help="also English news as text captures (stories/ecb_dev)")
    parser.add_argument("--trafilatura-sample", type=int, default=300, help="pages timed with bare trafilatura")
    args = parser.parse_args()
    if not HTML_PAGES.is_dir() or not all(p.exists() for p in GEO):
        print(f"skipped: the shared corpora are not at {SHARED}")
        return 0
    work = args.work_dir or Path(tempfile.mkdtemp(prefix="newsclaims-scale-"))
    landing, warehouse = work / "landing", work / "warehouse" / "newsclaims.duckdb"
    shutil.rmtree(work / "warehouse", ignore_errors=True)
    shutil.rmtree(landing, ignore_errors=True)
    sources = source_pages(args.english, args.captures)
    paths = write_pages(landing, sources, 0, args.pages)
    extra = max(1, args.pages // 100)
    # The machine may be shared: a slow start of Prefect's temporary API is not a failed run.
    env = {**os.environ, "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180"}
    env.setdefault("NEWSCLAIMS_GAZETTEER_DB", str(REPO_ROOT / "warehouse" / "gazetteer.duckdb"))
    from flows.analyze import ensure_gazetteer

    ensure_gazetteer(Path(env["NEWSCLAIMS_GAZETTEER_DB"]))  # built once per machine, not per run

    sample = paths[:args.trafilatura_sample]
    bare = bare_trafilatura(sample)
    full = newsclaims_run(landing, warehouse, env)
    state_db = warehouse.with_name(warehouse.stem + "_state.duckdb")
    sizes = (_mb(state_db), _mb(warehouse), todays_layout_mb(state_db, warehouse, work / "today.duckdb"))
    rerun = newsclaims_run(landing, warehouse, env)
    write_pages(landing, sources, args.pages, extra)
    grown = newsclaims_run(landing, warehouse, env)
    languages = _languages(warehouse)

    end_to_end = args.pages / full.seconds
    kind = "English pages" if args.english else "pages"
    print(f"## N = {args.pages} ({len(sources)} distinct source {kind}; cores: {os.cpu_count()})\n")
    print(f"bare trafilatura.extract, one core, HTML among the first {len(sample)} pages: {bare:.1f} pages per CPU second")
    print(f"end to end: {end_to_end:.2f} pages/s = {end_to_end / bare:.2f}x bare trafilatura\n")
    print("| run | pages | wall | pages/s | peak RSS / PSS | peak RSS by process | RSS by process at the peak "
          "| mean load | stages |")
    print("|---|---|---|---|---|---|---|---|---|")
    print(_row("full build", args.pages, full))
    print(_row("rerun, no new pages", args.pages, rerun))
    print(_row(f"+1 % ({extra} new pages)", extra, grown))
    print(f"\n+1 % costs {grown.seconds / full.seconds:.1%} of the full build; "
          f"the rerun {rerun.seconds:.1f} s")
    print(f"after the full build: state file {sizes[0]:.1f} MB, published file {sizes[1]:.1f} MB = "
          f"{sizes[1] / sizes[2]:.0%} of the {sizes[2]:.1f} MB the published file held before (state + dbt tables)")
    print(f"published file after the +1 % run: {_mb(warehouse):.1f} MB")
    print(f"languages: {languages}")
    for run in (full, rerun, grown):
        print(run.summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
