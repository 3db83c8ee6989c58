"""Sidecar ``NAME.meta.json`` files and URL checks: untrusted metadata, kept field by field.

A bad sidecar never costs the page: each field that is malformed, of the wrong type or unsafe is
dropped with a warning naming the sidecar and the field, and the page is kept without it.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

from flows.dates import beyond_trust, untrusted_warning

SIDECAR_SUFFIX = ".meta.json"
MAX_URL_CHARS = 2048  # what browsers and most servers accept; longer "URLs" are payloads
MAX_SIDECAR_BYTES = 64 * 1024
_PAGE_SUFFIXES = (".gz", ".html", ".htm", ".txt")


@dataclass(frozen=True)
class SidecarMeta:
    url: str | None = None
    fetched_at: datetime | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)


def url_problem(url: object) -> str | None:
    """Why ``url`` is not a usable page URL (http/https, a host, bounded, no whitespace), or None."""
    if not isinstance(url, str):
        return f"not a string ({type(url).__name__})"
    if len(url) > MAX_URL_CHARS:
        return f"longer than {MAX_URL_CHARS} characters"
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        return "contains whitespace or control characters"
    if any(0xD800 <= ord(c) <= 0xDFFF for c in url):  # JSON may escape them; no text can hold them
        return "contains lone surrogates (not valid Unicode)"
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        return f"unparseable ({exc})"
    if parts.scheme.lower() not in ("http", "https"):
        return f"scheme {parts.scheme or '(none)'!r} is not http or https"
    if not parts.hostname:
        return "has no host"
    return None


def checked_url(url: object) -> str | None:
    """``url`` if it passes :func:`url_problem`, else None."""
    return url if url is not None and url_problem(url) is None else None


def sidecar_path(page_path: Path) -> Path:
    base = page_path.name
    for suffix in _PAGE_SUFFIXES:
        if base.lower().endswith(suffix):
            base = base[: -len(suffix)]
    return page_path.with_name(base + SIDECAR_SUFFIX)


def _timestamp(value: object) -> datetime:
    if not isinstance(value, str):
        raise ValueError(f"not a string ({type(value).__name__})")
    stamp = datetime.fromisoformat(value)
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=timezone.utc)


def read_sidecar(page_path: Path, shown_as: str) -> SidecarMeta:
    """The sidecar's valid fields; every problem becomes a warning that names ``shown_as`` and the field."""
    path = sidecar_path(page_path)
    if not path.is_file() or path.is_symlink():
        return SidecarMeta()
    where = f"sidecar {shown_as}"
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_SIDECAR_BYTES + 1)
        if len(raw) > MAX_SIDECAR_BYTES:
            return SidecarMeta(warnings=(f"{where}: larger than {MAX_SIDECAR_BYTES} bytes, ignored",))
        meta = json.loads(raw.decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:  # RecursionError: deep nesting
        return SidecarMeta(warnings=(f"{where}: unreadable JSON, ignored ({type(exc).__name__}: {exc})",))
    if not isinstance(meta, dict):
        return SidecarMeta(warnings=(f"{where}: not a JSON object, ignored",))
    url, fetched_at, warnings = None, None, []
    if meta.get("url") is not None:
        problem = url_problem(meta["url"])
        if problem:
            warnings.append(f"{where}: field 'url' dropped: {problem}")
        else:
            url = meta["url"]
    if meta.get("fetched_at") is not None:
        try:
            fetched_at = _timestamp(meta["fetched_at"])
        except (ValueError, OverflowError) as exc:
            warnings.append(f"{where}: field 'fetched_at' dropped: {exc}")
        else:
            if beyond_trust(fetched_at):
                warnings.append(f"{where}: {untrusted_warning('field fetched_at', fetched_at)}")
                fetched_at = None
    return SidecarMeta(url, fetched_at, tuple(warnings))
