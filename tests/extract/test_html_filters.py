"""Lede recovery and caption filtering on top of trafilatura (issue 14)."""
from __future__ import annotations

import trafilatura

from flows.config import Settings
from flows.extract import extract
from flows.extract.html import parse_html
from flows.extract.html_filters import (
    figure_captions,
    is_caption,
    lede_blocks,
    page_description,
)

SETTINGS = Settings()
STANDFIRST = ("The Riverside dam reopened two weeks ahead of schedule after a winter of repairs, "
              "the water board said on Monday.")
PARAGRAPHS = [
    "Crews worked through the coldest weeks of the year to replace the sluice gates, which had been in service "
    "since the dam was built in 1962. The board had warned that a failure during the spring melt could flood "
    "the lower valley.",
    "The repairs cost 4.2 million euros, slightly less than budgeted, according to the board's chair, who "
    "thanked residents for their patience during months of road closures around the reservoir.",
    "Anglers will be allowed back on the reservoir from the first of April, once the water level has returned "
    "to its usual height and the safety inspectors have signed off the works.",
    "The board plans a public open day at the dam in May, with guided tours of the new control room and the "
    "turbine hall, which has not been open to visitors for more than a decade.",
]
CAPTION = "Workers on the new sluice gates in January. Photo: Valley Courier"
# The standfirst sits in the story header, outside the <article> trafilatura reads the body from.
PAGE = f"""<html><head><title>Dam repairs finished early | Valley Courier</title>
<meta name="description" content="The Riverside dam reopened two weeks ahead of schedule.">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="story-header"><h1>Dam repairs finished early</h1>
<p class="standfirst">{STANDFIRST}</p><p class="byline">By Ana Ortiz, 3 March 2025</p></div>
<article class="story-body"><p>{PARAGRAPHS[0]}</p>
<figure><img src="dam.jpg" alt=""><figcaption>{CAPTION}</figcaption></figure>
{"".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS[1:])}</article>
<footer><p>Copyright 2025 Valley Courier. All rights reserved.</p></footer>
</body></html>"""


def test_trafilatura_alone_misses_the_standfirst():
    # The premise of the lede recovery: without it the page's opening sentence is lost.
    assert STANDFIRST not in trafilatura.extract(PAGE)


def test_standfirst_is_put_back_before_the_body():
    text = extract(PAGE, "html", SETTINGS, "https://valley-courier.example/dam").text
    assert text.startswith(STANDFIRST)
    for paragraph in PARAGRAPHS:
        assert paragraph in text
    assert "By Ana Ortiz" not in text and "Sport" not in text


def test_lede_needs_prose_right_before_the_body():
    body = "\n".join(PARAGRAPHS)
    blocks = ["Home News Sport", "Dam repairs finished early", STANDFIRST, "By Ana Ortiz, 3 March 2025",
              *PARAGRAPHS]
    assert lede_blocks(blocks, body, "") == [STANDFIRST]
    # Too far up, and not the page's description: a teaser from elsewhere on the page.
    far = [STANDFIRST, "Share", "Print", "Most read", "By Ana Ortiz", *PARAGRAPHS]
    assert lede_blocks(far, body, "") == []
    # The same block repeating the meta description is the lede even a few blocks up.
    assert lede_blocks(far, body, "The Riverside dam reopened two weeks ahead of schedule after a winter of "
                                  "repairs") == [STANDFIRST]
    # A link list or label without sentence shape is not a lede.
    assert lede_blocks(["Politics Business Culture Science Sport Travel Opinion Video Podcasts Newsletters",
                        *PARAGRAPHS], body, "") == []
    assert lede_blocks(["Cookie settings"], body, "") == []


def test_figure_captions_are_recognised():
    tree = parse_html(PAGE)
    captions = figure_captions(tree)
    assert is_caption(f"  {CAPTION} ", captions)
    assert not is_caption(PARAGRAPHS[0], captions)
    assert page_description(tree) == "The Riverside dam reopened two weeks ahead of schedule."
