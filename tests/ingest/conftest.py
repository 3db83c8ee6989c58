from __future__ import annotations

from pathlib import Path

import pytest

from flows.ingest import Intake, NothingSeen, new_pages


def _read_landing(landing: Path, max_bytes: int) -> tuple[list, Intake]:
    """A run's discovery (flows.ingest.new_pages) for a warehouse that has counted nothing: the new
    pages and the refused ones, in the order met, and the intake's counts."""
    ledger, intake = NothingSeen(), Intake()
    pages = [page for batch in new_pages(landing, ledger, intake, max_bytes, batch_pages=32) for page in batch]
    return pages + ledger.refused, intake


@pytest.fixture(scope="session")
def read_landing():
    return _read_landing
