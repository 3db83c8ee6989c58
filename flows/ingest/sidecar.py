"""Sidecar ``NAME.meta.json`` files and URL checks: untrusted metadata, kept field by field
(a pydantic model, ``Sidecar``, validates each field).

A bad sidecar never costs the page: each field that is malformed, of the wrong type or unsafe is
dropped with a warning naming the sidecar and the field, and the page is kept without it.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, ValidationError

from flows.ingest.dates import beyond_trust

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


def _usable_url(url: object) -> object:
    problem = url_problem(url)
    if problem:
        raise ValueError(problem)
    return url


def _timestamp(value: object) -> datetime:
    """An ISO 8601 string; a stamp without a zone is taken as UTC, the landing convention."""
    if not isinstance(value, str):
        raise ValueError(f"not a string ({type(value).__name__})")
    stamp = datetime.fromisoformat(value)
    stamp = stamp if stamp.tzinfo else stamp.replace(tzinfo=timezone.utc)
    if beyond_trust(stamp):  # a typo or a placeholder such as 9999-12-31
        raise ValueError(f"{value} is later than a day after the run")
    return stamp


class Sidecar(BaseModel):
    """The fields a sidecar may give; any other key is ignored."""
    model_config = ConfigDict(extra="ignore", frozen=True)

    # A string kept as written, not pydantic's HttpUrl: that re-encodes the URL (punycode host,
    # percent-encoded path) and repairs what it should refuse ("http:///x" gets host "x", whitespace
    # is stripped). url_problem is the one rule for page URLs, sidecars' and WARC records' alike.
    url: Annotated[str, BeforeValidator(_usable_url)] | None = None
    fetched_at: Annotated[AwareDatetime, BeforeValidator(_timestamp)] | None = None


def _problem(error: dict) -> str:
    return error["msg"].removeprefix("Value error, ")


def read_sidecar(page_path: Path, shown_as: str) -> SidecarMeta:
    """The sidecar's valid fields; every problem becomes a warning that names ``shown_as`` and the
    field, and only that field is dropped."""
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
    fields = {name: value for name, value in meta.items() if name in Sidecar.model_fields and value is not None}
    warnings = []
    while True:
        try:
            sidecar = Sidecar.model_validate(fields)
            break
        except ValidationError as exc:
            for error in exc.errors():
                name = error["loc"][0]
                warnings.append(f"{where}: field {name!r} dropped: {_problem(error)}")
                fields.pop(name, None)
    return SidecarMeta(sidecar.url, sidecar.fetched_at, tuple(warnings))
