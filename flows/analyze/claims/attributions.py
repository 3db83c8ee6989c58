"""From the tagger's labels to attributions: which cue, source and content belong together.

The CRF (``attribution_model``) labels tokens; this post-step groups the labelled spans, in one
pass over the document and in time linear in its tokens and spans:

1. Content spans separated only by spaces, punctuation or quote marks are one content (a quotation
   running over several sentences or paragraphs).
2. Each content joins the nearest cue before or after it (fewest tokens between), if that cue is
   within ``MAX_CONTENT_GAP`` tokens; contents on both sides of one cue ("X, he said, Y") are one.
3. A cue with no content takes the quotation that follows it after a colon or nothing ("He said:"
   and the next paragraph's quote); a cue that still has none is dropped.
4. Each cue's source is the nearest source span of its sentence, else the subject the parse gives
   its verb (today's rule), else the cue is dropped: a statement needs a speaker.
5. A first-person attribution inside another speaker's quotation ("'... we endorse her,' the daily
   wrote") is part of that quotation's content, not an attribution of its own.

Each attribution keeps what the rule-based reader found for the same cue (cited outlets and
channels, coordinated speakers), and says whether it reports speech or a stance (``attribution_kind``).
"""
from __future__ import annotations

import bisect

from spacy.tokens import Doc, Span

from flows.analyze.claims import attribution_model
from flows.analyze.claims.statements import (
    Attribution,
    attributions_of,
    can_speak,
    cue_word,
    quote_spans,
    speaker_of,
    speech_cues,
    subject_of,
)
from flows.analyze.nlp import text_of

# Fewest tokens between a content and its cue, measured on PolNeAR train (held-out tenth).
MAX_CONTENT_GAP = 12
_FIRST_PERSON = frozenset({"i", "we", "me", "us"})
_QUOTE_OPEN = "“‘\"«"


def labelled_spans(doc: Doc, labels: list[str]) -> dict[str, list[Span]]:
    """Maximal runs of one role, a "B-" label starting a new run."""
    spans: dict[str, list[Span]] = {role: [] for role in attribution_model.ROLES}
    start, role = 0, None
    for i, label in enumerate([*labels, "O"]):
        prefix, _, label_role = label.partition("-")
        if role is not None and (label == "O" or prefix == "B" or label_role != role):
            spans[role].append(doc[start:i])
            role = None
        if label != "O" and role is None:
            start, role = i, label_role
    return spans


def _merged_contents(doc: Doc, contents: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in contents:
        if merged and all(t.is_space or t.is_punct or t.is_quote for t in doc[merged[-1].end:span.start]):
            merged[-1] = doc[merged[-1].start:span.end]
        else:
            merged.append(span)
    return merged


def _char_span(span: Span) -> tuple[int, int] | None:
    """First to last character of the span, trimmed of spaces and of punctuation that is no quote mark."""
    tokens = [t for t in span if not t.is_space]
    while tokens and tokens[0].is_punct and not tokens[0].is_quote:
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct and not tokens[-1].is_quote:
        tokens = tokens[:-1]
    return (tokens[0].idx, tokens[-1].idx + len(tokens[-1])) if tokens else None


def _nearest(spans: list[Span], starts: list[int], span: Span) -> tuple[int, int] | None:
    """(index, gap in tokens) of the span in ``spans`` (sorted, with their starts) nearest ``span``."""
    at = bisect.bisect_left(starts, span.start)
    best = None
    if at > 0:
        best = (at - 1, max(0, span.start - spans[at - 1].end))
    if at < len(spans):
        gap = max(0, spans[at].start - span.end)
        if best is None or gap < best[1]:
            best = (at, gap)
    return best


def _following_quote(text: str, quotes: list[tuple[int, int]], quote_starts: list[int], after: int):
    at = bisect.bisect_left(quote_starts, after)
    if at < len(quotes) and text[after:quotes[at][0]].strip() in ("", ":", ","):
        return quotes[at]
    return None


def attribute(doc: Doc, units: list[Span]) -> tuple[list[list[Attribution]], list[Attribution | None]]:
    """Attributions of each claim unit (in the unit holding their cue) and each unit's owner: the
    attribution whose content covers the unit's first words, else the unit's first attribution."""
    text = text_of(doc)
    rule_found = [attributions_of(u) for u in units]
    quotes = quote_spans(text)
    labels = attribution_model.tag(doc, rule_found, quotes)
    spans = labelled_spans(doc, labels)
    cues = spans["CUE"]
    cue_starts = [c.start for c in cues]
    contents_of: list[list[Span]] = [[] for _ in cues]
    for content in _merged_contents(doc, spans["CONTENT"]):
        nearest = _nearest(cues, cue_starts, content)
        if nearest is not None and nearest[1] <= MAX_CONTENT_GAP:
            contents_of[nearest[0]].append(content)
    quote_starts = [q[0] for q in quotes]
    sources = spans["SOURCE"]
    source_starts = [s.start for s in sources]
    sentence_of = [0] * len(doc)
    for index, sent in enumerate(doc.sents):
        sentence_of[sent.start:sent.end] = [index] * len(sent)
    rules_by_cue = {a.cue_span[0]: a for found in rule_found for a in found if a.cue_span is not None}
    unit_starts = [u.start for u in units]
    found: list[list[Attribution]] = [[] for _ in units]
    for cue, contents in zip(cues, contents_of):
        cue_span = _char_span(cue)
        if cue_span is None:
            continue
        if contents:
            content_span = (_char_span(contents[0]) or cue_span)[0], (_char_span(contents[-1]) or cue_span)[1]
        else:
            content_span = _following_quote(text, quotes, quote_starts, cue_span[1])
            if content_span is None:
                continue
        nearest = _nearest(sources, source_starts, cue)
        source = sources[nearest[0]] if nearest is not None else None
        if source is not None and sentence_of[source.start] != sentence_of[cue.start]:
            source = None
        root = cue.root
        if source is not None:
            speaker = speaker_of(source)
        else:
            subject = subject_of(root) if root.pos_ in ("VERB", "AUX") else None
            if subject is None or not can_speak(subject):
                continue
            speaker = speaker_of(subject.doc[subject.left_edge.i:subject.i + 1])
        rule = rules_by_cue.get(cue_span[0])
        word = cue_word(cue)
        attribution = Attribution(
            verb=root if root.pos_ in ("VERB", "AUX") else None, cue=word, cue_span=cue_span, speaker=speaker,
            co_speakers=rule.co_speakers if rule is not None else [], content_span=content_span,
            cited=rule.cited if rule is not None else [],
            quote_kind="direct" if _touches_quote(content_span, quotes, quote_starts) else None,
            kind="speech" if word in speech_cues() else "stance")
        found[max(0, bisect.bisect_right(unit_starts, cue.start) - 1)].append(attribution)
    _drop_quoted_first_person(found, quotes, quote_starts)
    for unit_found, rules in zip(found, rule_found):
        # Citations that belong to no reporting verb ("with inputs from AFP") stay with the unit.
        loose = [a for a in rules if a.speaker is None]
        unit_found.extend(loose)
    return found, _owners(units, found)


def _touches_quote(span: tuple[int, int], quotes: list[tuple[int, int]], quote_starts: list[int]) -> bool:
    at = bisect.bisect_left(quote_starts, span[1]) - 1
    return at >= 0 and quotes[at][1] > span[0]


def _drop_quoted_first_person(found: list[list[Attribution]], quotes, quote_starts) -> None:
    """Remove "we endorse" inside "'... we endorse her,' the daily wrote": the first-person speaker
    of a cue inside a quotation speaks within someone else's words."""
    for unit_found in found:
        unit_found[:] = [a for a in unit_found if not (
            a.speaker.get("phrase", "").lower() in _FIRST_PERSON and _inside_quote(a.cue_span[0], quotes, quote_starts))]


def _inside_quote(char: int, quotes, quote_starts) -> bool:
    at = bisect.bisect_right(quote_starts, char) - 1
    return at >= 0 and quotes[at][0] < char < quotes[at][1]


def _owners(units: list[Span], found: list[list[Attribution]]) -> list[Attribution | None]:
    """Each unit's owner: an attribution whose content covers the unit's first word character (its
    own, else the latest-starting earlier one, which holds a quotation running on), else its first."""
    speaking = sorted((a for unit_found in found for a in unit_found if a.speaker and a.content_span),
                      key=lambda a: a.content_span[0])
    content_starts = [a.content_span[0] for a in speaking]
    owners: list[Attribution | None] = []
    for unit, unit_found in zip(units, found):
        lead = unit.start_char + next((i for i, ch in enumerate(unit.text) if ch.isalnum()), 0)
        own = [a for a in unit_found if a.speaker]
        covering = next((a for a in own if a.covers(lead)), None)
        if covering is None:
            at = bisect.bisect_right(content_starts, lead) - 1
            covering = speaking[at] if at >= 0 and speaking[at].covers(lead) else None
        owners.append(covering or (own[0] if own else None))
    return owners
