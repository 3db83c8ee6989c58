"""Dates a page claims for itself are trusted only up to a day past now (time zones, and a run that
starts just before midnight): anything later is a typo, a placeholder such as 9999-12-31, or a
payload, and is dropped with a warning."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

TRUSTED_AHEAD = timedelta(days=1)


def beyond_trust(stamp: datetime) -> bool:
    """Whether ``stamp`` (naive means UTC) lies more than a day after now."""
    aware = stamp if stamp.tzinfo else stamp.replace(tzinfo=timezone.utc)
    latest = datetime.now(timezone.utc) + TRUSTED_AHEAD
    try:
        return aware > latest
    except OverflowError:  # 9999-12-31 in a zone west of UTC is past the last representable instant
        return True


def untrusted_warning(what: str, stamp: datetime) -> str:
    return f"{what} {stamp.isoformat()} dropped: later than a day after the run"
