"""The extraction corpus in ../shared/bench/extraction: pages, snippets, renders, and its split.

The text-capture cleaner's line model is trained on one half of the pages and the benchmark
reports the other half apart, so the figure that judges it comes from pages it never saw. The
split hashes the page's file name: stable, and independent of the order or size of the corpus.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import re
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "bench" / "extraction"
_SPACES = re.compile(r"\s+")


def available() -> bool:
    return (CORPUS / "evaldata.json").exists()


def items() -> list[tuple[str, dict]]:
    """(url, {"file", "with", "without"}) for every page, sorted by URL."""
    return sorted(json.loads((CORPUS / "evaldata.json").read_text()).items())


def is_training_page(item: dict) -> bool:
    return hashlib.sha1(item["file"].encode()).digest()[0] % 2 == 0


def read_html(item: dict) -> str:
    from trafilatura.utils import decode_file

    return decode_file(gzip.decompress((CORPUS / "pages" / item["file"]).read_bytes()))


def render(html: str) -> str:
    """Full-page text of an HTML page, every visible text kept: what a text capture looks like."""
    from inscriptis import get_text

    return get_text(html) if html.strip() else ""


def collapse_spaces(text: str) -> str:
    """Snippets and bodies are compared with whitespace collapsed, as trafilatura's evaluation does."""
    return _SPACES.sub(" ", text or "")
