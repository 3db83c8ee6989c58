"""Discover stage: find pages in the landing directory, read and decode them, or say why not.

Supported: ``.html``/``.htm`` (optionally ``.gz``), ``.txt`` full-page text captures, and
``.warc``/``.warc.gz`` response records. A sidecar ``NAME.meta.json`` may give ``url`` and
``fetched_at`` (flows.ingest.sidecar). Every page is identified by the SHA-256 of its raw bytes.

The landing directory is untrusted: links are never followed out of it (a link to a file inside
it is read as that file), anything that is not a regular file is quarantined with the reason,
names that are not UTF-8 are kept byte for byte, and no file, compressed or not, is read past
the size limit.
"""
from __future__ import annotations

import codecs
import gzip
import hashlib
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

from chardetng_py import EncodingDetector

from flows.ingest.sidecar import (
    SIDECAR_SUFFIX,
    checked_url,
    read_sidecar,
    sidecar_path,
    url_problem,
)

HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
TEXT_SUFFIXES = (".txt",)
WARC_SUFFIXES = (".warc", ".warc.gz")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_.:-]+)""", re.I)
# UTF-32 first: its little-endian BOM starts with UTF-16's.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


class LandingMissing(FileNotFoundError):
    """The landing directory does not exist (or is not a directory): an error, never an empty run."""


@dataclass(frozen=True)
class Page:
    landing_path: str  # relative to the landing directory; WARC records get "#record-N"
    page_id: str
    fmt: str  # "html" or "text"
    content: str
    size_bytes: int
    url: str | None = None
    fetched_at: datetime | None = None
    # The name's exact bytes when it is not UTF-8 (landing_path then shows them as \xNN escapes).
    landing_path_bytes: bytes | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)  # sidecar fields dropped, with the reason


@dataclass(frozen=True)
class Rejected:
    landing_path: str
    reason: str
    page_id: str | None = None
    size_bytes: int | None = None
    landing_path_bytes: bytes | None = None
    stage: str = "ingest"  # or "extract": refused by the extractor or its budget


@dataclass(frozen=True)
class LandingName:
    """A path relative to the landing directory: printable text plus, when not UTF-8, its bytes."""
    text: str
    raw: bytes | None = None

    @classmethod
    def of(cls, relative: bytes) -> "LandingName":
        try:
            return cls(relative.decode("utf-8"))
        except UnicodeDecodeError:
            return cls(relative.decode("utf-8", "backslashreplace"), relative)

    def record(self, suffix: str = "") -> "LandingName":
        return LandingName(self.text + suffix, self.raw + suffix.encode() if self.raw is not None else None)

def printable(text: str) -> str:
    """``text`` with any undecodable file-name bytes (surrogate escapes) shown as \\xNN, so it can be stored and logged."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def page_id_of(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _matches(name: str, suffixes: tuple[str, ...]) -> bool:
    lower = name.lower()
    return any(lower.endswith(s) for s in suffixes)


def _counted(name: bytes) -> bool:
    """Hidden files and sidecars are not pages; everything else is accounted for."""
    return not name.startswith(b".") and not name.endswith(SIDECAR_SUFFIX.encode())


def _link_problem(path: bytes, root: bytes) -> str | None:
    """Why the symlink ``path`` must not be read, or None when it leads to a regular file inside ``root``."""
    try:
        target = os.path.realpath(path, strict=True)
    except FileNotFoundError:
        return "symlink: dangling (its target does not exist)"
    except OSError as exc:  # ELOOP, and os.path.realpath's own loop detection
        return f"symlink: unresolvable ({os.strerror(exc.errno) if exc.errno else exc})"
    if os.path.commonpath([target, root]) != root:
        return "symlink: points outside the landing directory; not followed"
    if not os.path.isfile(target):
        return "symlink: does not lead to a regular file"
    return None


def landing_entries(landing_dir: Path) -> Iterator[tuple[Path, LandingName, str | None]]:
    """Every entry a run must account for, sorted by name: (path, name, reason it is unreadable or None).

    Directories are walked without following links; a link is read only when it resolves to a
    regular file inside the landing directory.
    """
    if not landing_dir.is_dir():
        raise LandingMissing(f"landing directory {landing_dir} does not exist or is not a directory")
    root = os.path.realpath(os.fsencode(landing_dir))
    entries = []
    for directory, subdirs, files in os.walk(root, followlinks=False):
        subdirs.sort()
        for name in subdirs:
            if os.path.islink(os.path.join(directory, name)):
                files.append(name)  # a link to a directory: accounted for below, never walked
        for name in files:
            if _counted(name):
                entries.append(os.path.join(directory, name))
    for full in sorted(entries):
        name = LandingName.of(os.path.relpath(full, root))
        mode = os.lstat(full).st_mode
        if stat.S_ISLNK(mode):
            yield Path(os.fsdecode(full)), name, _link_problem(full, root)
        elif not stat.S_ISREG(mode):
            yield Path(os.fsdecode(full)), name, "not a regular file (device, socket or pipe)"
        else:
            yield Path(os.fsdecode(full)), name, None


def looks_binary(raw: bytes) -> bool:
    """NUL bytes or many control characters mean this is not a text or HTML page."""
    sample = raw[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > len(sample) * 0.05


def _bom_encoding(raw: bytes) -> str | None:
    return next((encoding for bom, encoding in _BOMS if raw.startswith(bom)), None)


# chardetng names encodings as the WHATWG Encoding Standard does; these few Python spells otherwise.
_PYTHON_CODECS = {"x-mac-cyrillic": "mac_cyrillic", "iso-8859-8-i": "iso-8859-8", "x-user-defined": "latin-1"}


# Non-ASCII bytes a guess needs before it is trusted without a warning (bench/charset_bench.py).
MIN_EVIDENCE_BYTES = 8
_DOUBT_SAMPLE = 1 << 20
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _legacy_fallback(encoding: str) -> str:
    """The name of a codec error handler that reads the bytes UTF-8 refuses in ``encoding``."""
    name = f"newsclaims-fallback-{encoding}"
    try:
        codecs.lookup_error(name)
    except LookupError:
        codecs.register_error(name, lambda exc: (exc.object[exc.start:exc.end].decode(encoding, "replace"), exc.end))
    return name


def decode_guessed(raw: bytes) -> tuple[str, str | None]:
    """Text in a legacy encoding that nothing declares, as a browser would read it: chardetng, the
    detector Firefox uses, built on web pages, tells Latin-1 from windows-1250 on real text where a
    general detector does not (bench/charset_bench.py). Bytes that are valid UTF-8 stay UTF-8 (a page
    pasted together from two sources). Returns the text and a warning when the guess is in doubt."""
    detector = EncodingDetector()
    detector.feed(raw, last=True)
    encoding, confident = detector.guess_assess(tld=None, allow_utf8=False)
    # chardetng is nearly always sure of itself; with few non-ASCII bytes to go on it is also often wrong.
    confident = confident and sum(byte > 0x7F for byte in raw[:_DOUBT_SAMPLE]) >= MIN_EVIDENCE_BYTES
    encoding = _PYTHON_CODECS.get(encoding.lower(), encoding)
    text = raw.decode("utf-8", errors=_legacy_fallback(encoding))
    if _UTF8_SEQUENCE.search(raw):
        return text, f"encoding: mixed, read as UTF-8 where the bytes are UTF-8 and as {encoding} elsewhere"
    if not confident:
        return text, f"encoding: no charset declared; read as {encoding}, a low-confidence guess (accents may be wrong)"
    return text, None


def decode(raw: bytes, fmt: str) -> tuple[str, str | None]:
    """A byte-order mark's encoding, UTF-8, a declared HTML charset, then detection: the text and a
    warning when it rests on a low-confidence guess; ValueError when the bytes fit no encoding."""
    bom_encoding = _bom_encoding(raw)
    if bom_encoding:
        try:
            return raw.decode(bom_encoding), None
        except UnicodeDecodeError as exc:
            raise ValueError(f"undecodable: starts with a {bom_encoding} byte-order mark but is not {bom_encoding}"
                             f" ({exc.reason} at byte {exc.start})") from exc
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(raw[:4096]) if fmt == "html" else None
    if declared:
        try:
            return raw.decode(declared.group(1).decode("ascii")), None
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_guessed(raw)


def _check(name: LandingName, raw: bytes, fmt: str, max_bytes: int, url=None, fetched_at=None,
           warnings: tuple[str, ...] = ()) -> Page | Rejected:
    page_id = page_id_of(raw) if raw else None
    if not raw.strip():
        return Rejected(name.text, "empty: no content", page_id, len(raw), name.raw)
    if len(raw) > max_bytes:
        return Rejected(name.text, f"oversized: {len(raw)} bytes > limit {max_bytes}", page_id, len(raw), name.raw)
    if _bom_encoding(raw) is None and looks_binary(raw):  # UTF-16/32 text is full of NUL bytes
        return Rejected(name.text, "binary: not a text or HTML page", page_id, len(raw), name.raw)
    try:
        content, doubt = decode(raw, fmt)
    except ValueError as exc:
        return Rejected(name.text, str(exc), page_id, len(raw), name.raw)
    warnings = (*warnings, doubt) if doubt else warnings
    if "\x00" in content:  # DuckDB and every later stage take NUL as the end of a string
        return Rejected(name.text, "binary: decodes to text with NUL characters", page_id, len(raw), name.raw)
    return Page(name.text, page_id, fmt, content, len(raw), url, fetched_at, name.raw, warnings)


def _read_bounded(path: Path, max_bytes: int) -> tuple[bytes, str | None]:
    """At most ``max_bytes`` of the file, decompressed in a stream for ``.gz``; the reason if it is longer.

    The file is opened without following links (the caller resolved any link first), so a link
    swapped in after the walk is refused, not read.
    """
    flags = os.O_RDONLY | (os.O_NOFOLLOW if not path.is_symlink() else 0)
    with os.fdopen(os.open(path, flags), "rb") as handle:
        stream = gzip.GzipFile(fileobj=handle) if path.name.lower().endswith(".gz") else handle
        raw = stream.read(max_bytes + 1)
    if len(raw) > max_bytes:
        what = "decompresses to more than" if stream is not handle else "more than"
        return b"", f"oversized: {what} the limit of {max_bytes} bytes"
    return raw, None


def _warc_records(path: Path, name: LandingName, max_bytes: int) -> Iterator[Page | Rejected]:
    from warcio.archiveiterator import ArchiveIterator

    responses = 0
    with path.open("rb") as stream:
        for n, record in enumerate(ArchiveIterator(stream)):
            if record.rec_type != "response":
                continue
            responses += 1
            mime = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
            fmt = "text" if mime.startswith("text/plain") else "html"
            date = record.rec_headers.get_header("WARC-Date")
            target = record.rec_headers.get_header("WARC-Target-URI")
            warnings = (f"WARC record {n}: WARC-Target-URI dropped: {url_problem(target)}",) \
                if target and not checked_url(target) else ()
            yield _check(
                name.record(f"#record-{n}"), record.content_stream().read(max_bytes + 1), fmt, max_bytes,
                url=checked_url(target),
                fetched_at=datetime.fromisoformat(date.replace("Z", "+00:00")) if date else None,
                warnings=warnings,
            )
    if not responses:
        yield Rejected(name.text, "empty: no response records in the WARC file", size_bytes=path.stat().st_size,
                       landing_path_bytes=name.raw)


def read_path(path: Path, name: LandingName | str, max_bytes: int) -> Iterator[Page | Rejected]:
    """The page(s) in one file (a WARC holds many), or a ``Rejected`` with the reason; never raises."""
    name = name if isinstance(name, LandingName) else LandingName(name)
    try:
        if _matches(path.name, WARC_SUFFIXES):
            yield from _warc_records(path, name, max_bytes)
            return
        if _matches(path.name, HTML_SUFFIXES):
            fmt = "html"
        elif _matches(path.name, TEXT_SUFFIXES):
            fmt = "text"
        else:
            yield Rejected(name.text, f"unsupported file type: {name.text.rsplit('/', 1)[-1]}",
                           size_bytes=path.stat().st_size, landing_path_bytes=name.raw)
            return
        raw, too_big = _read_bounded(path, max_bytes)
        if too_big:
            yield Rejected(name.text, too_big, size_bytes=path.stat().st_size, landing_path_bytes=name.raw)
            return
        # Named by the page's printable name: a name that is not UTF-8 shows its bytes as \xNN escapes.
        meta = read_sidecar(path, sidecar_path(PurePosixPath(name.text)).as_posix())
        yield _check(name, raw, fmt, max_bytes, meta.url, meta.fetched_at, meta.warnings)
    except Exception as exc:  # gzip, WARC and OS errors come in many types; quarantine, never crash
        yield Rejected(name.text, f"unreadable: {type(exc).__name__}: {printable(str(exc))}",
                       landing_path_bytes=name.raw)
