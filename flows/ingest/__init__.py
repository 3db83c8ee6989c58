"""Ingest stage: discover landing files and read them into pages (or rejections with a reason)."""
from flows.ingest.discover import Page, Rejected, read_pages, read_path

__all__ = ["Page", "Rejected", "read_pages", "read_path"]
