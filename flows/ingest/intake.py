"""A run's intake: the new pages of the landing directory in batches, each file counted once as
new, duplicate or quarantined.

What the warehouse already counted reaches discovery through a ``Ledger`` (the state file's is
flows.warehouse.load.StateLedger), so this stage reads the landing directory and nothing else.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Protocol

from flows.ingest.discover import Page, Rejected, landing_entries, read_path


@dataclass
class Intake:
    """What one run found in the landing directory, reconciled: seen = new + duplicate + quarantined."""
    new: set[str] = field(default_factory=set)  # page ids loaded by this run
    duplicates: int = 0
    quarantined: int = 0
    # The landing files (path, size, mtime) of new pages in flight, remembered once they are loaded.
    files: dict[str, dict] = field(default_factory=dict)

    @property
    def seen(self) -> int:
        return len(self.new) + self.duplicates + self.quarantined

    def keep_out(self, page_ids: set[str]) -> None:
        """Count the new pages among ``page_ids`` (refused after loading) as quarantined."""
        kept_out = self.new & page_ids
        self.new -= kept_out
        self.quarantined += len(kept_out)

    def counts(self) -> dict[str, int]:
        """The page counts of the run's record (ops.pipeline_runs)."""
        return {"pages_seen": self.seen, "pages_new": len(self.new), "pages_duplicate": self.duplicates,
                "pages_quarantined": self.quarantined}


class Ledger(Protocol):
    """What discovery asks of the warehouse, and what it tells it."""

    def unchanged_files(self, files: list[tuple[str, int, int]]) -> set[str]:
        """Of (landing_path, size_bytes, mtime_ns), the files whose counted page was read from that
        path with that size and mtime."""

    def known_pages(self, page_ids: list[str]) -> set[str]:
        """Which of these page ids a published run has counted."""

    def remember_files(self, files: list[dict]) -> None:
        """Landing files (landing_path, size_bytes, mtime_ns, page_id) whose pages are counted."""

    def quarantine(self, rejected: list[Rejected]) -> int:
        """Record refused pages; returns how many were recorded."""


@dataclass
class NothingSeen:
    """The ledger of a warehouse that has counted nothing yet: every page is new, and what
    discovery refuses is kept in ``refused``."""
    refused: list[Rejected] = field(default_factory=list)

    def unchanged_files(self, files: list[tuple[str, int, int]]) -> set[str]:
        return set()

    def known_pages(self, page_ids: list[str]) -> set[str]:
        return set()

    def remember_files(self, files: list[dict]) -> None:
        pass

    def quarantine(self, rejected: list[Rejected]) -> int:
        self.refused.extend(rejected)
        return len(rejected)


def batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _file_stat(path: Path) -> tuple[int, int]:
    info = os.stat(path)
    return info.st_size, info.st_mtime_ns


def _sorted_entries(chunk: list, ledger: Ledger) -> tuple[list[Rejected], list[tuple], int]:
    """Landing entries as (refused entries, files to read with their size and mtime, how many
    files are known unchanged and so not read)."""
    rejected = [Rejected(name.text, problem, landing_path_bytes=name.raw) for _, name, problem in chunk if problem]
    files = [(path, name, *_file_stat(path)) for path, name, problem in chunk if not problem]
    unchanged = ledger.unchanged_files([(name.text, size, mtime) for _, name, size, mtime in files])
    return rejected, [file for file in files if file[1].text not in unchanged], len(unchanged)


def new_pages(landing_dir: Path, ledger: Ledger, intake: Intake, max_bytes: int, batch_pages: int,
             progress: Callable[[list], Iterable] = iter) -> Iterator[list[Page]]:
    """Batches of new pages. A file whose counted page was read from the same path with the same
    size and mtime is a duplicate, unread; any other is read and hashed, and a counted hash makes
    it a duplicate too. Unreadable files are quarantined on the way. ``progress`` wraps the landing
    entries (a progress bar). LandingMissing if the landing directory does not exist."""
    entries = list(landing_entries(landing_dir))
    pending: list[Page] = []
    for chunk in batches(progress(entries), batch_pages):
        rejected, files, unchanged = _sorted_entries(chunk, ledger)
        intake.duplicates += unchanged
        pages, remembered = [], {}
        for path, name, size, mtime_ns in files:
            for item in read_path(path, name, max_bytes):
                if isinstance(item, Rejected):
                    rejected.append(item)
                    continue
                pages.append(item)
                if item.landing_path == name.text:  # one page per file (not a WARC record)
                    remembered[name.text] = {"landing_path": name.text, "size_bytes": size, "mtime_ns": mtime_ns,
                                             "page_id": item.page_id}
        known = ledger.known_pages([p.page_id for p in pages]) | intake.new
        duplicates = []
        for page in pages:
            if page.page_id in known:
                intake.duplicates += 1
                duplicates.append(page.landing_path)
            else:
                intake.new.add(page.page_id)  # a second copy in this run is a duplicate
                known.add(page.page_id)
                pending.append(page)
                if page.landing_path in remembered:
                    intake.files[page.landing_path] = remembered[page.landing_path]
        intake.quarantined += ledger.quarantine(rejected)
        # Files of duplicates are remembered now; those of new pages once their page is loaded.
        ledger.remember_files([remembered[p] for p in duplicates if p in remembered])
        while len(pending) >= batch_pages:
            yield pending[:batch_pages]
            pending = pending[batch_pages:]
    if pending:
        yield pending
