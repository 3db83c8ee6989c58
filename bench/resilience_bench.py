"""Peak memory and time of the extraction stage on hostile pages, bounded against unbounded.

Generates two inputs (nothing is read from disk but what this script writes):
- a gzip bomb: an ``.html.gz`` of a few MB that expands to 1.2 GB;
- a page of a million tiny paragraphs (8 MB of ``<p>a</p>``).

For each, runs in a fresh process and samples the resident memory of that process and all its
children every 20 ms:
- newsclaims: discovery (streamed decompression, stopped at the size limit) and extraction in
  its per-page budget (flows.extract.budget, default settings);
- reference: what the stage did before the limits, the same libraries unbounded: the whole
  file read and ``gzip.decompress``-ed, then ``flows.extract.extract`` in-process; stopped
  after ``--reference-timeout`` seconds.

Usage: ``python bench/resilience_bench.py [--reference-timeout 300] [--skip-reference]``.
"""
from __future__ import annotations

import argparse
import gzip
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parent.parent
BOMB_BYTES = 1_200_000_000
PARAGRAPHS = 1_000_000

NEWSCLAIMS = """
import sys
from pathlib import Path
from flows.config import Settings
from flows.extract import extract
from flows.extract.budget import extract_within_budget
from flows.ingest import Intake, NothingSeen, new_pages
settings = Settings()
ledger = NothingSeen()
pages = [p for batch in new_pages(Path(sys.argv[1]), ledger, Intake(), settings.max_page_bytes, settings.batch_pages)
         for p in batch]
extracted, refused = extract_within_budget(pages, settings, extract)
for item in ledger.refused:
    print(item.landing_path, "refused at ingest:", item.reason)
for page, reason in refused:
    print(page.landing_path, "refused at extraction:", reason)
for page, document in extracted:
    print(page.landing_path, "extracted:", len(document.text), "characters")
"""

REFERENCE = """
import gzip, sys
from pathlib import Path
from flows.config import Settings
from flows.extract import ExtractionError, extract
from flows.ingest.discover import decode
path = Path(sys.argv[1]).iterdir().__next__()
raw = path.read_bytes()
if path.name.endswith(".gz"):
    raw = gzip.decompress(raw)
text = decode(raw, "html")
try:
    print(path.name, "extracted:", len(extract(text, "html", Settings()).text), "characters")
except ExtractionError as exc:
    print(path.name, "refused at extraction:", exc.reason)
"""


def make_bomb(directory: Path) -> Path:
    path = directory / "bomb.html.gz"
    chunk = b"<p>" + b"lorem ipsum dolor sit amet " * 37_000 + b"</p>\n"  # ~1 MB of text
    with gzip.open(path, "wb", compresslevel=9) as handle:
        written = 0
        while written < BOMB_BYTES:
            handle.write(chunk)
            written += len(chunk)
    return path


def make_paragraphs(directory: Path) -> Path:
    path = directory / "paragraphs.html"
    path.write_bytes(b"<html><body>" + b"<p>a</p>" * PARAGRAPHS + b"</body></html>")
    return path


def measure(code: str, landing: Path, timeout: float) -> dict:
    """Run ``code`` in a fresh interpreter; peak resident memory of its process tree, wall time, output."""
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, "-c", code, str(landing)], cwd=REPO, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    root = psutil.Process(process.pid)
    peak, timed_out = 0, False
    while process.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        if time.monotonic() - started > timeout:
            for p in [*root.children(recursive=True), root]:
                p.kill()
            timed_out = True
            break
        time.sleep(0.02)
    output = process.communicate()[0]
    return {"peak_mib": peak / 2**20, "seconds": time.monotonic() - started, "timed_out": timed_out,
            "output": output.strip().splitlines()[-3:]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reference-timeout", type=float, default=300)
    parser.add_argument("--skip-reference", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="resilience-bench-") as scratch:
        for name, make in (("gzip bomb", make_bomb), ("million paragraphs", make_paragraphs)):
            landing = Path(scratch) / name.replace(" ", "-")
            landing.mkdir()
            path = make(landing)
            print(f"== {name}: {path.name}, {path.stat().st_size / 2**20:.1f} MiB on disk")
            ours = measure(NEWSCLAIMS, landing, timeout=600)
            print(f"   newsclaims: peak {ours['peak_mib']:.0f} MiB, {ours['seconds']:.1f} s; {ours['output']}")
            if args.skip_reference:
                continue
            ref = measure(REFERENCE, landing, timeout=args.reference_timeout)
            stopped = f" (stopped after {args.reference_timeout:g} s)" if ref["timed_out"] else ""
            print(f"   reference:  peak {ref['peak_mib']:.0f} MiB, {ref['seconds']:.1f} s{stopped}; {ref['output']}")
            print(f"   ratio reference/newsclaims: memory {ref['peak_mib'] / ours['peak_mib']:.1f}x, "
                  f"time {ref['seconds'] / ours['seconds']:.1f}x{' (at least)' if ref['timed_out'] else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
