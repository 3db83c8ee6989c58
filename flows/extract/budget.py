"""A time and memory budget per page: each page is extracted in a long-lived child process
(flows.runtime.budget) that is killed when a page overruns; the page is refused with that reason
while the batch goes on, and the next page gets a fresh child."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flows.config import Settings
from flows.extract import ExtractionError
from flows.extract.documents import ExtractedDocument
from flows.runtime.budget import Budget, within_budget

Extractor = Callable[..., ExtractedDocument]


def page_budget(settings: Settings) -> Budget:
    return Budget(settings.page_seconds, settings.page_memory_mb * 1024 * 1024, "extraction", "extracting")


@dataclass(frozen=True)
class _ExtractPage:
    """The child's function: one page through the extractor. Frozen, so batches with equal
    settings share the process's idle child."""

    extractor: Extractor
    settings: Settings

    def __call__(self, page) -> ExtractedDocument:
        return self.extractor(page.content, page.fmt, self.settings, page.url)


def extract_within_budget(pages: Iterable, settings: Settings, extractor: Extractor
                          ) -> tuple[list[tuple[object, ExtractedDocument]], list[tuple[object, str]]]:
    """Extract each page (anything with ``content``, ``fmt`` and ``url``) within the settings' budget.

    Returns (page, document) pairs and (page, reason) pairs for pages refused: no usable body
    (ExtractionError), over the time or memory budget, or a worker crash on that page. Any
    other exception is a bug and is raised here, so it fails the run instead of refusing every page.
    """
    return within_budget(pages, _ExtractPage(extractor, settings), page_budget(settings), (ExtractionError,))
