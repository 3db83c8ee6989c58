"""Extract stage: one raw page in, one ExtractedDocument out.

HTML goes through trafilatura (``html``); full-page text captures through the project's line
cleaner (``textcapture``), since a capture has no markup to lean on. A page whose body is too short
to be an article raises ExtractionError so the pipeline can quarantine it with the reason.
"""
from __future__ import annotations

from flows.config import Settings
from flows.ingest.dates import beyond_trust, untrusted_warning
from flows.extract.documents import BLOCK_KINDS, ExtractedDocument, RemovedBlock
from flows.extract.html import extract_html
from flows.extract.markers import Markers, load_markers
from flows.extract.metadata import html_metadata, text_metadata
from flows.extract.scripts import SENTENCE_END
from flows.extract.textcapture import clean_capture

__all__ = ["BLOCK_KINDS", "ExtractedDocument", "ExtractionError", "Markers", "RemovedBlock", "extract",
           "load_markers"]


# libxml2 (lxml, trafilatura) stops building the tree 255 elements deep and drops what lies below.
PARSER_MAX_DEPTH = 255


def tree_depth(tree) -> int:
    deepest, stack = 0, [(tree, 0)]
    while stack:
        element, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in element)
    return deepest


class ExtractionError(ValueError):
    """The page yields no usable body; the message is the quarantine reason.

    ``document`` holds what was extracted anyway (None when nothing could be parsed), for audits
    and benchmarks that score extraction apart from the quarantine policy.
    """

    def __init__(self, reason: str, document: ExtractedDocument | None = None):
        super().__init__(reason)
        self.reason = reason
        self.document = document


# A statement ends with a full stop; a question or an exclamation left alone is a teaser.
STATEMENT_ENDS = (".", "。", "．", "।", "۔", "…")


def is_brief(body: str, markers: Markers, settings: Settings) -> bool:
    """A body under the article minimum that is still news: a brief of whole sentences (every line
    ends one, the last with a full stop) of at least ``min_brief_chars``, no line of it a
    boilerplate marker ("We use cookies ..."). A date line, a menu, a teaser left alone or a call
    to the reader ("Can you solve our puzzle?") is no brief."""
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    return len(body) >= settings.min_brief_chars and bool(lines) and all(
        SENTENCE_END.search(line) and len(line.split()) >= 6 and not markers.matches(line) for line in lines) \
        and lines[-1].rstrip("\"'”’»)").endswith(STATEMENT_ENDS)


def extract(content: str, fmt: str, settings: Settings, url: str | None = None) -> ExtractedDocument:
    markers = load_markers(settings.reference_dir)
    largest_block = None  # the text cleaner's densest prose block, named in a quarantine reason
    if fmt == "html":
        extraction = extract_html(content, markers, url)
        if extraction.tree is None:
            raise ExtractionError("unparseable HTML")
        body, removed = extraction.body, extraction.removed
        meta = html_metadata(extraction.tree, body, url)
    elif fmt == "text":
        capture = clean_capture(content, markers, min_body_chars=settings.min_body_chars)
        body, removed = capture.body, capture.removed
        largest_block = capture.largest_block
        meta = text_metadata(capture.context, capture.title, capture.language, url)
    else:
        raise ValueError(f"unknown page format {fmt!r}; expected 'html' or 'text'")
    document = ExtractedDocument(text=body, url=url, removed=removed, **vars(meta))
    if document.published is not None and beyond_trust(document.published):
        document.warnings.append(untrusted_warning("publication date", document.published))
        document.published = None
    if len(body) < settings.min_body_chars and not is_brief(body, markers, settings):
        block = f"; {largest_block.describe()}" if largest_block else "; no candidate block"
        if fmt == "html" and tree_depth(extraction.tree) >= PARSER_MAX_DEPTH:
            block += (f"; the markup nests deeper than the HTML parser's limit of {PARSER_MAX_DEPTH} elements,"
                      " and text below that depth is lost")
        raise ExtractionError(f"no usable body: {len(body)} characters of main text "
                              f"(minimum {settings.min_body_chars}){block}", document)
    return document
