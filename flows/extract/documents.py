"""The record every extractor returns: what the extract stage hands to the load and analysis stages."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime

from flows.schemas import BLOCK_KINDS  # kinds of removed boilerplate kept for the audit trail


@dataclass(frozen=True)
class RemovedBlock:
    kind: str
    text: str

    def __post_init__(self) -> None:
        if self.kind not in BLOCK_KINDS:
            raise ValueError(f"unknown removed-block kind {self.kind!r}; expected one of {BLOCK_KINDS}")


@dataclass(kw_only=True)
class Metadata:
    """What a page says about its article (flows.extract.metadata reads it)."""
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    published: datetime | None = None
    language: str | None = None


@dataclass
class ExtractedDocument(Metadata):
    """The article's text and its metadata; the metadata fields are keyword-only."""
    text: str
    url: str | None = None
    removed: list[RemovedBlock] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # what was dropped from the page's own metadata

    def to_json(self) -> dict:
        data = asdict(self)
        data["published"] = self.published.isoformat() if self.published else None
        return data
