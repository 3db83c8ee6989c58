"""Property-based: discovery and extraction over random names, bytes and nesting never crash,
and every landing entry is accounted for exactly once (seen = new + duplicate + refused)."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from flows.extract import extract
from flows.extract.budget import extract_within_budget
from flows.ingest import LandingName, Page, Rejected

# Any byte but "/" and NUL may be in a name; a leading "." hides a file, ".meta.json" makes a sidecar.
NAME_BYTES = st.binary(min_size=1, max_size=12).filter(lambda b: b"/" not in b and b"\0" not in b
                                                       and b not in (b".", b".."))
SUFFIXES = st.sampled_from([b".html", b".htm", b".txt", b".html.gz", b".warc", b"", b".meta.json", b".docx"])
ARTICLE = ("<p>" + "Words of an article that a reader would read. " * 8 + "</p>")


@st.composite
def nested_html(draw) -> bytes:
    depth = draw(st.integers(0, 400))
    tag = draw(st.sampled_from(["div", "section", "span", "p", "table", "li"]))
    body = draw(st.sampled_from([ARTICLE, "", "<script>x()</script>", draw(st.text(max_size=200))]))
    return (f"<html><body>{f'<{tag}>' * depth}{body}{f'</{tag}>' * draw(st.integers(0, depth))}").encode(
        draw(st.sampled_from(["utf-8", "utf-16", "latin-1", "cp1252"])), errors="replace")


CONTENT = st.one_of(st.binary(max_size=2000), nested_html(), st.text(max_size=500).map(str.encode))
TREE = st.lists(st.tuples(st.lists(NAME_BYTES, max_size=3), NAME_BYTES, SUFFIXES, CONTENT), min_size=1, max_size=8)


def _write(root: bytes, tree) -> set[str]:
    """Write the tree; returns the landing paths a run must account for (not hidden, not sidecars)."""
    counted = set()
    for folders, stem, suffix, content in tree:
        directory = os.path.join(root, *folders)
        if any(part.startswith(b".") for part in folders):
            continue  # a hidden folder: still walked, but keep the expected count simple
        try:
            os.makedirs(directory, exist_ok=True)
            path = os.path.join(directory, stem + suffix)
            if os.path.isdir(path):
                continue
            with open(path, "wb") as handle:
                handle.write(content)
        except (FileExistsError, NotADirectoryError, IsADirectoryError, OSError):
            continue  # a name already taken by a file or folder of the tree
        name = os.path.basename(path)
        if not name.startswith(b".") and not name.endswith(b".meta.json"):
            counted.add(path)
    return {LandingName.of(os.path.relpath(p, root)).text for p in counted if os.path.isfile(p)}


@hypothesis_settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                          HealthCheck.function_scoped_fixture])
@given(tree=TREE)
def test_discovery_and_extraction_account_for_every_entry(tree, settings, read_landing):
    budget = settings.model_copy(update=dict(page_seconds=20, page_memory_mb=500))
    root = tempfile.mkdtemp(prefix="landing-")
    try:
        expected = _write(os.fsencode(root), tree)
        items, intake = read_landing(Path(root), 50_000)
        pages = [i for i in items if isinstance(i, Page)]
        refused = [i for i in items if isinstance(i, Rejected)]
        # Every file accounted for (a WARC as its records), nothing else: a copy of a page met
        # before is counted as a duplicate instead.
        files = {i.landing_path.split("#record-")[0] for i in items}
        assert files <= expected and len(expected - files) <= intake.duplicates
        assert intake.seen == len(items) + intake.duplicates
        assert len([i for i in items if "#record-" not in i.landing_path]) <= len(expected)
        assert all(r.reason for r in refused)
        for page in pages:
            page.landing_path.encode("utf-8")  # storable
        extracted, failed = extract_within_budget(pages, budget, extract)
        assert len(extracted) + len(failed) == len(pages)
        assert all(reason for _, reason in failed)
    finally:
        shutil.rmtree(root)
