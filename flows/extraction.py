"""The extract stage's entry point: one raw page in, one ExtractedDocument out.

HTML goes through trafilatura (flows.html_extract); full-page text captures through the project's
line cleaner (flows.textcapture). A page whose body is too short to be an article raises
ExtractionError so the pipeline can quarantine it with the reason.
"""
from __future__ import annotations

from flows.config import Settings
from flows.documents import ExtractedDocument
from flows.html_extract import extract_html
from flows.metadata import html_metadata, text_metadata
from flows.textcapture import clean_capture


class ExtractionError(ValueError):
    """The page yields no usable body; the message is the quarantine reason.

    ``document`` holds what was extracted anyway (None when nothing could be parsed), for audits
    and benchmarks that score extraction apart from the quarantine policy.
    """

    def __init__(self, reason: str, document: ExtractedDocument | None = None):
        super().__init__(reason)
        self.reason = reason
        self.document = document


def extract(content: str, fmt: str, url: str | None = None) -> ExtractedDocument:
    if fmt == "html":
        extraction = extract_html(content, url)
        if extraction.tree is None:
            raise ExtractionError("unparseable HTML")
        body, removed = extraction.body, extraction.removed
        meta = html_metadata(extraction.tree, body, url)
    elif fmt == "text":
        capture = clean_capture(content)
        body, removed = capture.body, capture.removed
        # Comment threads carry dates and names that are not the article's.
        comments = {" ".join(block.text.split()) for block in removed if block.kind == "comment"}
        context = [line for line in (" ".join(raw.split()) for raw in content.splitlines())
                   if line and line not in comments]
        meta = text_metadata(context, capture.title, body, url)
    else:
        raise ValueError(f"unknown page format {fmt!r}; expected 'html' or 'text'")
    document = ExtractedDocument(text=body, title=meta.title, publisher=meta.publisher, author=meta.author,
                                 published=meta.published, language=meta.language, url=url, removed=removed)
    min_chars = Settings().min_body_chars
    if len(body) < min_chars:
        raise ExtractionError(f"no usable body: {len(body)} characters of main text (minimum {min_chars})", document)
    return document
