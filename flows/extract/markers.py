"""The maintained boilerplate-phrase list (``boilerplate_markers.csv`` in the reference directory).

Each row is a case-insensitive regex with the removed-block kind it signals. Patterns are matched
line by line: the text cleaner drops a matching line, and the quality gate fails a run when a
published body still has a line that matches.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from flows.extract.documents import BLOCK_KINDS

FLOATING_MAX_CHARS = 400
MARKERS_FILE = "boilerplate_markers.csv"


@dataclass(frozen=True)
class Marker:
    pattern: re.Pattern
    kind: str
    language: str


def _union(patterns: list[str]) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns) or "(?!)", re.IGNORECASE)


@dataclass(frozen=True)
class Markers:
    """The list, with two alternations that answer "is this boilerplate?" in one pass each (most
    lines are not): line-anchored patterns are tried at the line start only, the others anywhere."""

    markers: tuple[Marker, ...]
    _anchored: re.Pattern = field(init=False, repr=False, compare=False)
    _floating: re.Pattern = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        anchored = [m.pattern.pattern for m in self.markers if m.pattern.pattern.startswith("^")]
        floating = [m.pattern.pattern for m in self.markers if not m.pattern.pattern.startswith("^")]
        object.__setattr__(self, "_anchored", _union(anchored))
        object.__setattr__(self, "_floating", _union(floating))

    def __iter__(self):
        return iter(self.markers)

    def __len__(self) -> int:
        return len(self.markers)

    def matches(self, line: str) -> bool:
        if self._anchored.match(line):
            return True
        # Notices (comment forms, cookie and donation prompts) are short; a long paragraph that
        # contains such a phrase is article text quoting it.
        return len(line) <= FLOATING_MAX_CHARS and self._floating.search(line) is not None

    def kind(self, line: str) -> str | None:
        """The kind of the first marker matching this line, or None."""
        if not self.matches(line):
            return None
        return next((m.kind for m in self.markers if m.pattern.search(line)), None)

    def patterns_in(self, text: str) -> list[str]:
        """Every distinct marker pattern on some line of ``text``, sorted: the one alternation finds
        the (rare) lines with a marker, and only those are tried pattern by pattern. Stored per
        document at extraction (raw.documents.boilerplate_markers) for the quality gate."""
        found = set()
        for line in text.splitlines():
            line = line.strip()
            if not self.matches(line):
                continue
            short = len(line) <= FLOATING_MAX_CHARS
            found.update(m.pattern.pattern for m in self.markers
                         if (short or m.pattern.pattern.startswith("^")) and m.pattern.search(line))
        return sorted(found)

    def lines_with_markers(self, text: str) -> list[tuple[str, str]]:
        """(line, kind) for every line of a body that still carries a boilerplate marker."""
        found = []
        for line in text.splitlines():
            kind = self.kind(line.strip())
            if kind:
                found.append((line, kind))
        return found


@lru_cache(maxsize=4)
def load_markers(reference_dir: Path) -> Markers:
    path = Path(reference_dir) / MARKERS_FILE
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    markers = []
    for row in rows:
        if row["kind"] not in BLOCK_KINDS:
            raise ValueError(f"{path}: unknown kind {row['kind']!r} for pattern {row['pattern']!r}")
        markers.append(Marker(re.compile(row["pattern"], re.IGNORECASE), row["kind"], row["language"]))
    return Markers(tuple(markers))
