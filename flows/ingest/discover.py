"""Discover stage: find pages in the landing directory, read and decode them, or say why not.

Supported: ``.html``/``.htm`` (optionally ``.gz``), ``.txt`` full-page text captures, and
``.warc``/``.warc.gz`` response records. A sidecar ``NAME.meta.json`` may give ``url`` and
``fetched_at``. Every page is identified by the SHA-256 of its raw bytes.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from charset_normalizer import from_bytes

HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
TEXT_SUFFIXES = (".txt",)
WARC_SUFFIXES = (".warc", ".warc.gz")
SIDECAR_SUFFIX = ".meta.json"
_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_.:-]+)""", re.I)


@dataclass(frozen=True)
class Page:
    landing_path: str  # relative to the landing directory; WARC records get "#record-N"
    page_id: str
    fmt: str  # "html" or "text"
    content: str
    size_bytes: int
    url: str | None = None
    fetched_at: datetime | None = None


@dataclass(frozen=True)
class Rejected:
    landing_path: str
    reason: str
    page_id: str | None = None
    size_bytes: int | None = None


def page_id_of(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _matches(name: str, suffixes: tuple[str, ...]) -> bool:
    lower = name.lower()
    return any(lower.endswith(s) for s in suffixes)


def list_landing_files(landing_dir: Path) -> list[Path]:
    """Every file a run must account for: pages plus unsupported files (quarantined), not sidecars."""
    return sorted(
        p for p in landing_dir.rglob("*")
        if p.is_file() and not p.name.startswith(".") and not p.name.endswith(SIDECAR_SUFFIX)
    )


def _sidecar(path: Path) -> tuple[str | None, datetime | None]:
    base = path.name
    for suffix in (".gz", ".html", ".htm", ".txt"):
        if base.lower().endswith(suffix):
            base = base[: -len(suffix)]
    sidecar = path.with_name(base + SIDECAR_SUFFIX)
    if not sidecar.exists():
        return None, None
    meta = json.loads(sidecar.read_text(encoding="utf-8"))
    fetched = meta.get("fetched_at")
    return meta.get("url"), datetime.fromisoformat(fetched) if fetched else None


def looks_binary(raw: bytes) -> bool:
    """NUL bytes or many control characters mean this is not a text or HTML page."""
    sample = raw[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > len(sample) * 0.05


def decode(raw: bytes, fmt: str) -> str:
    """UTF-8 first, then a declared HTML charset, then detection; ValueError when nothing fits."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(raw[:4096]) if fmt == "html" else None
    if declared:
        try:
            return raw.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    best = from_bytes(raw).best()
    if best is None:
        raise ValueError("undecodable: no text encoding fits the bytes")
    return str(best)


def _check(landing_path: str, raw: bytes, fmt: str, max_bytes: int, url=None, fetched_at=None) -> Page | Rejected:
    page_id = page_id_of(raw) if raw else None
    if not raw.strip():
        return Rejected(landing_path, "empty: no content", page_id, len(raw))
    if len(raw) > max_bytes:
        return Rejected(landing_path, f"oversized: {len(raw)} bytes > limit {max_bytes}", page_id, len(raw))
    if looks_binary(raw):
        return Rejected(landing_path, "binary: not a text or HTML page", page_id, len(raw))
    try:
        content = decode(raw, fmt)
    except ValueError as exc:
        return Rejected(landing_path, str(exc), page_id, len(raw))
    return Page(landing_path, page_id, fmt, content, len(raw), url, fetched_at)


def _warc_records(path: Path, rel: str, max_bytes: int) -> Iterator[Page | Rejected]:
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as stream:
        for n, record in enumerate(ArchiveIterator(stream)):
            if record.rec_type != "response":
                continue
            mime = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
            fmt = "text" if mime.startswith("text/plain") else "html"
            date = record.rec_headers.get_header("WARC-Date")
            yield _check(
                f"{rel}#record-{n}", record.content_stream().read(), fmt, max_bytes,
                url=record.rec_headers.get_header("WARC-Target-URI"),
                fetched_at=datetime.fromisoformat(date.replace("Z", "+00:00")) if date else None,
            )


def read_path(path: Path, landing_path: str, max_bytes: int) -> Iterator[Page | Rejected]:
    """The page(s) in one file (a WARC holds many), or a ``Rejected`` with the reason; never raises."""
    try:
        if _matches(path.name, WARC_SUFFIXES):
            yield from _warc_records(path, landing_path, max_bytes)
            return
        if _matches(path.name, HTML_SUFFIXES):
            fmt = "html"
        elif _matches(path.name, TEXT_SUFFIXES):
            fmt = "text"
        else:
            yield Rejected(landing_path, f"unsupported file type: {path.name}", size_bytes=path.stat().st_size)
            return
        size = path.stat().st_size
        if size > max_bytes:  # checked before reading so a huge file never lands in memory
            yield Rejected(landing_path, f"oversized: {size} bytes > limit {max_bytes}", size_bytes=size)
            return
        raw = path.read_bytes()
        if path.name.lower().endswith(".gz"):
            raw = gzip.decompress(raw)
        url, fetched_at = _sidecar(path)
        yield _check(landing_path, raw, fmt, max_bytes, url, fetched_at)
    except Exception as exc:  # gzip, JSON and WARC parsers raise many types; quarantine, never crash
        yield Rejected(landing_path, f"unreadable: {type(exc).__name__}: {exc}")


def read_pages(landing_dir: Path, max_bytes: int) -> Iterator[Page | Rejected]:
    """Every page under the landing directory, with paths relative to it."""
    for path in list_landing_files(landing_dir):
        yield from read_path(path, path.relative_to(landing_dir).as_posix(), max_bytes)
