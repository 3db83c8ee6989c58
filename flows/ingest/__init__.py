"""Ingest stage: discover landing files and read them into pages (or rejections with a reason)."""
from flows.ingest.discover import (
    LandingMissing,
    LandingName,
    Page,
    Rejected,
    landing_entries,
    read_pages,
    read_path,
)
from flows.ingest.sidecar import checked_url

__all__ = ["LandingMissing", "LandingName", "Page", "Rejected", "checked_url", "landing_entries", "read_pages",
           "read_path"]
