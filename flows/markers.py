"""The maintained boilerplate-phrase list (seeds/reference/boilerplate_markers.csv) as compiled regexes.

Each row is a case-insensitive regex with the removed-block kind it signals. Patterns are matched
line by line: the text cleaner drops a matching line, and the quality gate fails a run when a
published body still has a line that matches (``lines_with_markers``).
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flows.documents import BLOCK_KINDS

FLOATING_MAX_CHARS = 400
MARKERS_CSV = Path(__file__).resolve().parent.parent / "seeds" / "reference" / "boilerplate_markers.csv"


@dataclass(frozen=True)
class Marker:
    pattern: re.Pattern
    kind: str
    language: str


@lru_cache(maxsize=4)
def load_markers(path: Path = MARKERS_CSV) -> tuple[Marker, ...]:
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    markers = []
    for row in rows:
        if row["kind"] not in BLOCK_KINDS:
            raise ValueError(f"{path}: unknown kind {row['kind']!r} for pattern {row['pattern']!r}")
        markers.append(Marker(re.compile(row["pattern"], re.IGNORECASE), row["kind"], row["language"]))
    return tuple(markers)


@lru_cache(maxsize=4)
def _any_marker(markers: tuple[Marker, ...]) -> tuple[re.Pattern, re.Pattern]:
    """Two alternations answer "is this boilerplate?" in one pass each, since most lines are not:
    line-anchored patterns are tried at the line start only, the others anywhere."""
    anchored = [m.pattern.pattern for m in markers if m.pattern.pattern.startswith("^")]
    floating = [m.pattern.pattern for m in markers if not m.pattern.pattern.startswith("^")]
    union = lambda patterns: re.compile("|".join(f"(?:{p})" for p in patterns) or "(?!)", re.IGNORECASE)
    return union(anchored), union(floating)


def has_marker(line: str, markers: tuple[Marker, ...] | None = None) -> bool:
    anchored, floating = _any_marker(markers or load_markers())
    if anchored.match(line):
        return True
    # Notices (comment forms, cookie and donation prompts) are short; a long paragraph that
    # contains such a phrase is article text quoting it.
    return len(line) <= FLOATING_MAX_CHARS and floating.search(line) is not None


def marker_kind(line: str, markers: tuple[Marker, ...] | None = None) -> str | None:
    """The kind of the first marker matching this line, or None."""
    markers = markers or load_markers()
    if not has_marker(line, markers):
        return None
    for marker in markers:
        if marker.pattern.search(line):
            return marker.kind
    return None


def lines_with_markers(text: str, markers: tuple[Marker, ...] | None = None) -> list[tuple[str, str]]:
    """(line, kind) for every line of a body that still carries a boilerplate marker."""
    found = []
    for line in text.splitlines():
        kind = marker_kind(line.strip(), markers)
        if kind:
            found.append((line, kind))
    return found
