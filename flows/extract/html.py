"""Main-text extraction from HTML: trafilatura with tuned settings, a recall fallback, post-filters,
and the audit trail of what was dropped.

The page is parsed once; its visible text blocks are collected (with a boilerplate kind guessed
from the class/id/tag of the enclosing elements) before trafilatura reads the same tree, and every
block that did not make it into the body is reported as removed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from flows.extract.documents import RemovedBlock
from flows.extract.html_filters import (
    figure_captions,
    is_caption,
    lede_blocks,
    page_description,
)
from flows.extract.markers import Markers
from flows.extract.textcapture import is_script_residue

# Below this many characters the main extraction probably missed the article: retry for recall.
FALLBACK_MIN_CHARS = 400
MIN_BLOCK_CHARS = 3

_SKIPPED_TAGS = {"script", "style", "noscript", "template", "svg", "head", "title", "meta", "link", "iframe"}
_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "body", "br", "dd", "details", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol",
    "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul",
}
_INLINE_TAGS = {"a", "abbr", "b", "bdi", "cite", "code", "em", "i", "img", "mark", "q", "s", "small", "span",
                "strong", "sub", "sup", "time", "u", "wbr"}
_TAG_KINDS = {"nav": "navigation", "header": "navigation", "footer": "legal", "aside": "related", "form": "other"}
# Class/id tokens and the kind they signal, checked in this order (comments before generic "reply").
_HINT_KINDS = [
    ("legal", re.compile(r"cookie|consent|gdpr")),
    ("comment", re.compile(r"comment|disqus|respond|reply|discussion")),
    ("advertisement", re.compile(r"(^|[-_\s])(ads?|advert\w*|adslot|adunit|dfp|gpt|sponsor\w*|promo\w*|paywall)([-_\s\d]|$)")),
    ("related", re.compile(r"related|recommend|trending|popular|more-?stories|read-?more|teaser|outbrain|taboola|sidebar|widget")),
    ("share", re.compile(r"share|sharing|social|follow|newsletter|subscribe")),
    ("legal", re.compile(r"footer|copyright|legal|privacy|disclaimer")),
    ("navigation", re.compile(r"(^|[-_\s])(nav\w*|menu\w*|breadcrumbs?|header|masthead|topbar|toolbar|pagination|pager|tags?)([-_\s]|$)")),
]


@dataclass
class HtmlExtraction:
    body: str
    tree: lxml_html.HtmlElement | None
    removed: list[RemovedBlock] = field(default_factory=list)


def parse_html(html: str) -> lxml_html.HtmlElement | None:
    # trafilatura's loader copes with encodings declared in the markup and broken documents.
    return trafilatura.load_html(html)


@lru_cache(maxsize=8192)
def _hint_kind(hints: str) -> str | None:
    for kind, pattern in _HINT_KINDS:
        if pattern.search(hints):
            return kind
    return None


def _hint(element) -> str | None:
    attributes = element.attrib
    hints = " ".join(filter(None, (attributes.get("class"), attributes.get("id"), attributes.get("role"))))
    return (_hint_kind(hints.lower()) if hints else None) or _TAG_KINDS.get(element.tag)


def visible_blocks(tree) -> list[tuple[str, str]]:
    """(text, kind hint) for each visible text block, in document order.

    One iterative pass (lxml's iterwalk): a block element starts and ends a block; text changes
    block when the enclosing hint changes; a tail belongs to the parent's context.
    """
    blocks: list[tuple[str, str]] = []
    pieces: list[str] = []
    piece_kind = "other"
    kinds = ["other"]
    skipped_depth = 0

    def flush() -> None:
        if pieces:
            text = " ".join(" ".join(pieces).split())
            if len(text) >= MIN_BLOCK_CHARS:
                blocks.append((text, piece_kind))
            pieces.clear()

    body = tree.find(".//body")
    for event, element in etree.iterwalk(body if body is not None else tree, events=("start", "end")):
        tag = element.tag
        if event == "start":
            if skipped_depth or not isinstance(tag, str) or tag in _SKIPPED_TAGS:
                skipped_depth += 1
                continue
            # Inline elements inherit their block's kind: hints live on containers, and most
            # elements are inline, so this keeps the walk cheap.
            kind = kinds[-1] if tag in _INLINE_TAGS else _hint(element) or kinds[-1]
            kinds.append(kind)
            if tag in _BLOCK_TAGS:
                flush()
            text = element.text
        else:
            if skipped_depth:
                skipped_depth -= 1
                if skipped_depth:
                    continue
            else:
                kinds.pop()
                if tag in _BLOCK_TAGS:
                    flush()
            text = element.tail
            kind = kinds[-1]
        if text and not text.isspace():
            if kind != piece_kind:
                flush()
                piece_kind = kind
            pieces.append(text)
    flush()
    return blocks


def _post_filter(lines, markers: Markers, captions: set[str]) -> list[str]:
    """Body lines minus boilerplate by the marker list, script residue trafilatura let through and
    figure captions."""
    lines = (line.strip() for line in lines)
    return [line for line in lines if line and not markers.matches(line) and not is_script_residue(line)
            and not is_caption(line, captions)]


def _trafilatura_text(tree, url: str | None, **settings) -> str:
    return trafilatura.extract(tree, url=url, include_comments=False, include_tables=True,
                               with_metadata=False, **settings) or ""


def extract_html(html: str, markers: Markers, url: str | None = None) -> HtmlExtraction:
    tree = parse_html(html)
    if tree is None:
        return HtmlExtraction("", None)
    blocks = visible_blocks(tree)
    description, captions = page_description(tree), figure_captions(tree)
    text = _trafilatura_text(tree, url)
    if len(text) < FALLBACK_MIN_CHARS:
        recall_text = _trafilatura_text(tree, url, favor_recall=True)
        if len(recall_text) > len(text):
            text = recall_text
    ledes = lede_blocks([block_text for block_text, _ in blocks], text, description)
    body = "\n".join(_post_filter(ledes + text.splitlines(), markers, captions))
    # Compared without any whitespace: trafilatura joins inline pieces differently than the walk.
    body_key = "".join(body.split())
    removed = []
    for block_text, kind in blocks:
        if "".join(block_text.split()) not in body_key:
            # Only unhinted blocks need the (slower) marker list to name their kind.
            removed.append(RemovedBlock(kind if kind != "other" else markers.kind(block_text) or kind, block_text))
    return HtmlExtraction(body, tree, removed)
