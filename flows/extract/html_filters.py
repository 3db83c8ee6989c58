"""Corrections to trafilatura's body from the page's own structure (issue 14).

- The lede: news and blog templates often put the standfirst between the headline and the article
  container, where trafilatura does not look. A prose block just before the body's first block, or
  one that repeats the page's meta description, is the article's opening and is put back.
- Figure captions: photo captions and credits that trafilatura keeps inside the body are dropped.
"""
from __future__ import annotations

import re

# How far before the body's first block a lede may sit: a prose lede right before it (after
# headline, date and byline blocks), one matching the meta description a little further up.
LEDE_WINDOW_BLOCKS = 3
DESCRIBED_LEDE_WINDOW_BLOCKS = 10
LEDE_MIN_CHARS = 80
DESCRIBED_LEDE_MIN_CHARS = 30
# A body block shorter than this may be a date or a label repeated elsewhere: it does not anchor
# where the body starts.
ANCHOR_MIN_CHARS = 30
DESCRIPTION_PREFIX_CHARS = 60
CAPTION_MIN_CHARS = 4
_SENTENCE_END = re.compile(r"[.!?…:\"“”»«)。！？]$")


def _squeezed(text: str) -> str:
    return " ".join(text.split())


def page_description(tree) -> str:
    """The page's own summary (meta description or og:description), whitespace collapsed."""
    return _squeezed(" ".join(tree.xpath("//meta[@name='description' or @property='og:description']/@content")))


def figure_captions(tree) -> set[str]:
    return {caption for caption in (_squeezed(figure.text_content()) for figure in tree.iter("figcaption"))
            if len(caption) >= CAPTION_MIN_CHARS}


def is_caption(line: str, captions: set[str]) -> bool:
    return _squeezed(line) in captions


def _repeats_description(text: str, description: str) -> bool:
    return bool(description) and (description[:DESCRIPTION_PREFIX_CHARS] in text
                                  or text[:DESCRIPTION_PREFIX_CHARS] in description)


def lede_blocks(blocks: list[str], body: str, description: str) -> list[str]:
    """Blocks just before the body's first block that open the article: prose ending like a
    sentence, or the page's description repeated in the page."""
    body_key = "".join(body.split())
    start = next((i for i, text in enumerate(blocks)
                  if len(text) > ANCHOR_MIN_CHARS and "".join(text.split()) in body_key), None)
    if start is None:
        return []
    ledes = []
    for i in range(max(0, start - DESCRIBED_LEDE_WINDOW_BLOCKS), start):
        text = _squeezed(blocks[i])
        prose = (i >= start - LEDE_WINDOW_BLOCKS and len(text) >= LEDE_MIN_CHARS
                 and _SENTENCE_END.search(text))
        described = len(text) >= DESCRIBED_LEDE_MIN_CHARS and _repeats_description(text, description)
        if prose or described:
            ledes.append(text)
    return ledes
