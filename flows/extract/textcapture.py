"""Boilerplate stripping for full-page text captures: the text of a rendered page, no markup left.

Works on lines, in the spirit of jusText but without link density:
1. each line is classed from its own features: length, stopword density, sentence punctuation,
   boilerplate markers from the maintained list, script residue, separator runs ("A | B | C"),
   truncated teasers, date/byline lines, all-caps teaser headlines, and repeats (a short line the
   page shows twice is a menu item; a repeated long line is a caption or echo);
2. short and headline-like lines take the class of the good/bad lines around them (both sides
   must be article), borderline sentences need one article neighbour;
3. a comment thread or a related/trending heading after most of the article ends it: all that
   follows is removed with that kind;
4. the article is the largest cluster of kept lines plus clusters of some size: far-away
   short prose (teasers, sidebars) is dropped.
5. boosted trees (flows.extract.line_model) trained on labelled pages re-score every line from its
   features and the rule stages' verdicts for it and its neighbours; marker lines, script residue
   and cut trailing sections stay removed whatever it says.
6. when the kept text is under the minimum an article needs, the densest prose block (lines
   between blank lines, mostly sentences) replaces it if it is longer: a page whose article the
   stages missed is not emptied.
The headline (often repeated at the top) becomes the title; every dropped line is reported with
its kind.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from flows.extract.documents import RemovedBlock
from flows.extract.language import (
    FREQUENT_FUNCTION_WORDS,
    detect_language,
    page_function_words,
    stopwords,
)
from flows.extract.line_model import line_features, load_model
from flows.extract.markers import Markers
from flows.extract.prose_blocks import CandidateBlock, densest_prose_block
from flows.extract.scripts import (
    SENTENCE_END,
    function_word_share,
    is_unspaced,
    reading_length,
)

GOOD, NEARGOOD, SHORT, BAD = "good", "neargood", "short", "bad"
_SEPARATORS = re.compile(r" [|•·] |｜")
_DATE_LIKE = re.compile(r"\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}:\d{2}\b")

# Thresholds in Latin-equivalent characters (flows.extract.scripts.reading_length); a line's
# "words" for scripts without spaces is its characters / 2.
GOOD_MIN_CHARS = 110
NEARGOOD_MIN_CHARS = 45
GOOD_MIN_STOPWORD_RATIO = 0.22
NEARGOOD_MIN_STOPWORD_RATIO = 0.15
# Kept lines separated by at most this many dropped lines belong to one cluster; a cluster with
# less than this share of the largest one's text is a sidebar or teaser, not part of the article.
MAX_CLUSTER_GAP = 4
MIN_CLUSTER_SHARE = 0.1
# A section heading ends the article only once this share of its good text came before it.
SECTION_CUT_MIN_SHARE = 0.5
SECTION_HEADING_MAX_WORDS = 6
# A line good by its own features and in the article cluster is dropped only when the line model
# is fairly sure (2-fold cross-validation in the training half: 0.4 best, 0.8760 against 0.8758 at 0.5).
RULE_GOOD_THRESHOLD = 0.4

_WORD = re.compile(r"\w+", re.UNICODE)
_SCRIPT_TAG = re.compile(r"<!--|<!–|-->|–>|</?script|</?style")
_SCRIPT_STATEMENT = re.compile(r"^(var|let|const|function|if ?\(|window\.|document\.|\}|\(function)\b|^\(function")
_CODE_CHARS = re.compile(r"[{}();=<>]")
# List bullets, including the "*", "+", "o" that text renderers use for nested list levels.
_BULLET = re.compile(r"^(?:[\s•·▪►▶*+|\-–—]|o(?= ))+")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "´": "'", "`": "'"})
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)
# Invisible formatting characters (soft hyphen, zero-width space, word joiner, BOM) that renderers
# keep from the markup; they split words for search. ZWJ/ZWNJ stay: scripts need them.
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")


@dataclass
class Line:
    text: str
    chars: int
    words: int
    stopword_ratio: float
    sentence_end: bool
    marker: str | None
    spaced: bool = True  # False for scripts written without spaces (Chinese, Japanese, Thai)
    bullet: bool = False
    repeated: bool = False
    blank_before: bool = True
    blank_after: bool = True
    indent: int = 0
    cls: str = SHORT
    kind: str = "other"
    # The class after each rule stage, for the line model: own features, neighbours, all stages.
    initial: str = SHORT
    resolved: str = SHORT
    rule: str = SHORT
    cut: bool = False  # in a comment or related section after the article

    @property
    def is_prose(self) -> bool:
        return self.sentence_end or self.stopword_ratio >= GOOD_MIN_STOPWORD_RATIO
    number: int = 0  # 1-based position among the capture's non-blank lines


@dataclass
class MeasuredCapture:
    """A capture's lines after the rule stages, with the line model's features."""

    title: str | None
    language: str | None
    lines: list[Line]
    features: np.ndarray
    title_echoes: list[RemovedBlock]


@dataclass
class CleanedCapture:
    title: str | None
    body: str
    language: str | None
    removed: list[RemovedBlock] = field(default_factory=list)
    # The page's lines in order, comment threads left out: where bylines, dates and signatures are.
    context: list[str] = field(default_factory=list)
    # The densest prose block, when the body came from it or is still too short: for the reason.
    largest_block: CandidateBlock | None = None


def normalized(line: str) -> str:
    """Comparison key for repeated lines: quotes unified, punctuation and case dropped."""
    return _NOT_WORD.sub(" ", line.translate(_QUOTES).lower()).strip()


def is_script_residue(line: str) -> bool:
    if _SCRIPT_TAG.search(line) or _SCRIPT_STATEMENT.match(line):
        return True
    # Statements end in ; { } and carry code punctuation; prose almost never does both.
    return line.rstrip().endswith((";", "{", "}")) and len(_CODE_CHARS.findall(line)) >= 2


def _measure(text: str, content: str, stops: frozenset[str], markers: Markers) -> Line:
    """Features of a line, measured on its content (without list bullets or dashes around it)."""
    tokens = [token.lower() for token in _WORD.findall(content)]
    spaced = not is_unspaced(content)
    words = len(tokens) if spaced else max(len(content) // 2, 1)
    return Line(text, reading_length(content), words, function_word_share(content, tokens, stops),
                bool(SENTENCE_END.search(content)), markers.kind(content), spaced)


def _initial_class(line: Line) -> tuple[str, str]:
    if line.marker:
        return BAD, line.marker
    if is_script_residue(line.text):
        return BAD, "script"
    if len(_SEPARATORS.findall(line.text)) >= 2:  # "Home | About | Contact", "Powered by X • Theme Y"
        return BAD, "navigation"
    if line.text.endswith(("…", "...")) and line.chars < GOOD_MIN_CHARS:  # truncated teaser
        return BAD, "related"
    if line.chars < 100 and not line.sentence_end and _DATE_LIKE.search(line.text):  # dateline, byline
        return BAD, "other"
    if line.words >= 4 and not line.sentence_end and line.text.isupper() and line.chars < GOOD_MIN_CHARS:
        return BAD, "related"  # all-caps headline inside a page: a teaser link to another story
    # Without spaces function characters are a rougher measure: sentence punctuation also counts.
    prose = line.stopword_ratio >= GOOD_MIN_STOPWORD_RATIO or (not line.spaced and line.sentence_end)
    if line.chars >= GOOD_MIN_CHARS and prose:
        return GOOD, "other"
    if line.chars >= NEARGOOD_MIN_CHARS and line.sentence_end:
        return NEARGOOD, "other"
    near_prose = line.stopword_ratio >= NEARGOOD_MIN_STOPWORD_RATIO or (not line.spaced and line.sentence_end)
    if line.chars >= GOOD_MIN_CHARS and not near_prose:  # long but not prose: link lists, tag clouds
        return BAD, "navigation"
    # Short, or headline-like (no sentence punctuation): kept only with article text on both sides.
    return SHORT, "other"


def _find_title(lines: list[str], keys: list[str], markers: Markers) -> tuple[int | None, set[int]]:
    """The headline among the first lines (captures often repeat it) and the lines echoing it;
    ``keys`` are the lines normalized."""
    head = list(enumerate(keys[:15]))
    for i, key in head:
        if len(key) < 15 or SENTENCE_END.search(lines[i].rstrip(" .")) and lines[i].endswith("."):
            continue
        echoes = {j for j, other in head if j != i and other.endswith(key)}
        if echoes:
            return i, echoes
    for i, text in enumerate(lines[:8]):
        words = len(text.split())
        if 4 <= words <= 30 and not text.endswith(".") and not markers.kind(text) and not is_script_residue(text):
            return i, set()
    return None, set()


def _neighbour(lines: list[Line], start: int, step: int) -> str:
    i = start + step
    while 0 <= i < len(lines):
        if lines[i].cls in (GOOD, BAD):
            return lines[i].cls
        i += step
    return BAD


def _resolve_context(lines: list[Line]) -> None:
    """Short and borderline lines take the class of the good/bad lines around them (jusText)."""
    resolved = []
    for i, line in enumerate(lines):
        if line.cls not in (SHORT, NEARGOOD):
            resolved.append(line.cls)
            continue
        before, after = _neighbour(lines, i, -1), _neighbour(lines, i, 1)
        if line.cls == SHORT:
            resolved.append(GOOD if before == after == GOOD else BAD)
        else:
            resolved.append(GOOD if GOOD in (before, after) else BAD)
    for line, cls in zip(lines, resolved):
        line.cls = cls


def _is_section_start(line: Line) -> bool:
    if line.marker == "comment":
        return True
    return line.marker == "related" and line.words <= SECTION_HEADING_MAX_WORDS


def _cut_trailing_sections(lines: list[Line]) -> None:
    """Comments and related/trending sections come after the article: drop from their heading on."""
    total = sum(line.chars for line in lines if line.cls == GOOD)
    seen = 0
    for i, line in enumerate(lines):
        if line.cls == GOOD:
            seen += line.chars
        elif _is_section_start(line) and total and seen >= SECTION_CUT_MIN_SHARE * total:
            section = line.marker
            for rest in lines[i:]:
                section = rest.marker if _is_section_start(rest) else section
                rest.cls, rest.kind = BAD, rest.marker or ("script" if rest.kind == "script" else section)
                rest.cut = True
            return


def _keep_main_cluster(lines: list[Line]) -> None:
    """Keep the cluster of good lines with the most text and clusters of comparable size."""
    clusters: list[list[int]] = []
    gap = MAX_CLUSTER_GAP + 1
    for i, line in enumerate(lines):
        if line.cls != GOOD:
            gap += line.kind != "script"  # script residue is invisible on the page: it separates nothing
            continue
        if gap > MAX_CLUSTER_GAP or not clusters:
            clusters.append([])
        clusters[-1].append(i)
        gap = 0
    if len(clusters) < 2:
        return
    sizes = [sum(lines[i].chars for i in cluster) for cluster in clusters]
    for cluster, size in zip(clusters, sizes):
        if size < MIN_CLUSTER_SHARE * max(sizes):
            for i in cluster:
                lines[i].cls = BAD


def _drop_kind(lines: list[Line], i: int) -> str:
    """Kind for a line dropped without a marker: runs of short lines are navigation lists."""
    line = lines[i]
    if line.kind != "other":
        return line.kind
    run = 1
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(lines) and lines[j].chars < NEARGOOD_MIN_CHARS and not lines[j].marker:
            run += 1
            j += step
    return "navigation" if line.chars < NEARGOOD_MIN_CHARS and run >= 3 else "other"


def measure_capture(text: str, markers: Markers, language: str | None = None) -> MeasuredCapture:
    """Split a capture into lines, run the rule stages and compute the line model's features."""
    # Blank lines set paragraphs and headings apart; menus and lists run on. Indentation tells
    # nested lists and side columns from the article's own depth.
    texts, blank_before, indents = [], [], []
    after_blank = True
    for raw in text.splitlines():
        line = " ".join(_INVISIBLE.sub("", raw).split())
        if not line:
            after_blank = True
            continue
        expanded = raw.expandtabs(4)
        texts.append(line)
        blank_before.append(after_blank)
        indents.append(len(expanded) - len(expanded.lstrip()))
        after_blank = False
    blank_after = blank_before[1:] + [True]  # the page's end counts as a blank
    # Identify the language on prose-length lines: menus and bullets ("o", "+") mislead it.
    language = language or detect_language("\n".join(line for line in texts if len(line) >= 40) or text)
    # Function words of every language count too: pages mix languages (chrome, quotes, errors).
    stops = (stopwords(language) or page_function_words(texts)) | FREQUENT_FUNCTION_WORDS
    keys = [normalized(line) for line in texts]
    title_index, title_echoes = _find_title(texts, keys, markers)
    title = texts[title_index] if title_index is not None else None

    lines = []
    echoes: list[RemovedBlock] = []
    seen: set[str] = set()
    counts = Counter(keys)
    for i, line_text in enumerate(texts):
        if i == title_index:
            continue
        if i in title_echoes:
            echoes.append(RemovedBlock("navigation" if len(line_text) > len(title or "") else "other", line_text))
            continue
        content = _BULLET.sub("", line_text) or line_text
        line = _measure(line_text, content, stops, markers)
        line.cls, line.kind = _initial_class(line)
        key = keys[i]
        line.bullet, line.repeated = content != line_text, counts[key] > 1
        line.blank_before, line.blank_after, line.indent = blank_before[i], blank_after[i], indents[i]
        line.number = i + 1
        if len(key) >= 20 and key in seen and not line.marker:  # repeated line: caption or menu echo
            line.cls, line.kind = BAD, "other"
        elif key and line.repeated and line.cls in (SHORT, NEARGOOD):
            line.cls, line.kind = BAD, "navigation"  # a short line the page repeats is a menu or teaser
        seen.add(key)
        line.initial = line.cls
        lines.append(line)

    _resolve_context(lines)
    for line in lines:
        line.resolved = line.cls
    _cut_trailing_sections(lines)
    _keep_main_cluster(lines)
    for line in lines:
        line.rule = line.cls
    return MeasuredCapture(title, language, lines, line_features(lines, title, stops), echoes)


def clean_capture(text: str, markers: Markers, language: str | None = None,
                  min_body_chars: int = 0) -> CleanedCapture:
    """Title, article body (one paragraph a line) and removed lines of a full-page text capture.

    A body under ``min_body_chars`` is replaced by the densest prose block when that is longer;
    either way the block is reported in ``largest_block``."""
    measured = measure_capture(text, markers, language)
    lines = measured.lines
    if lines:
        model = load_model()
        for line, probability in zip(lines, model.probability(measured.features)):
            overruled = line.marker or line.kind == "script" or line.cut
            threshold = RULE_GOOD_THRESHOLD if line.initial == line.rule == GOOD else model.decision_threshold
            line.cls = GOOD if probability >= threshold and not overruled else BAD
    largest_block = None
    kept_chars = sum(len(line.text) for line in lines if line.cls == GOOD)
    if kept_chars < min_body_chars:
        found = densest_prose_block(lines)
        if found:
            block, largest_block = found
            if sum(len(lines[i].text) for i in block) > kept_chars:
                chosen = set(block)
                for i, line in enumerate(lines):
                    line.cls = GOOD if i in chosen else BAD
    body = []
    removed = list(measured.title_echoes)
    context = [measured.title] if measured.title else []
    for i, line in enumerate(lines):
        if line.cls == GOOD:
            body.append(line.text)
            context.append(line.text)
        else:
            kind = _drop_kind(lines, i)
            removed.append(RemovedBlock(kind, line.text))
            if kind != "comment":
                context.append(line.text)
    return CleanedCapture(measured.title, "\n".join(body), measured.language, removed, context, largest_block)
