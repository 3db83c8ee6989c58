"""Ingest stage: discover landing files and read them into pages (or rejections with a reason)."""
from flows.ingest.discover import (
    Page,
    Rejected,
    list_landing_files,
    read_pages,
    read_path,
)

__all__ = ["Page", "Rejected", "list_landing_files", "read_pages", "read_path"]
