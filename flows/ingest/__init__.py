"""Ingest stage: discover landing files and read them into pages (or rejections with a reason)."""
from flows.ingest.discover import (
    LandingMissing,
    LandingName,
    Page,
    Rejected,
    landing_entries,
    read_path,
)
from flows.ingest.intake import Intake, Ledger, NothingSeen, batches, new_pages
from flows.ingest.sidecar import checked_url

__all__ = ["Intake", "LandingMissing", "LandingName", "Ledger", "NothingSeen", "Page", "Rejected", "batches",
           "checked_url", "landing_entries", "new_pages", "read_path"]
