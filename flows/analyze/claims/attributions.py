"""From the tagger's labels to attributions: which cue, source and content belong together.

The CRF (``attribution_model``) labels tokens; this post-step groups the labelled spans in time
linear in the document's tokens, spans and quotations (lookups by bisection, never pairwise).
Each step was measured on the held-out tenth of PolNeAR train (bench/RESULTS.md, issue 23):

1. Content spans separated only by spaces, punctuation or quote marks are one content, within one
   sentence or inside one quotation (outside quotes, the next sentence is another attribution's).
2. A content joins the cue the parse ties it to (a cue among its head's ancestors, "said that ...",
   or children, "“...,” he said"), else the nearest cue within ``MAX_CONTENT_GAP`` tokens of its
   sentence (or of a quotation it touches); the contents of one cue are one span ("X, he said, Y").
   A verb's content ends before a clause coordinated with or adverbial to the verb itself ("called
   the merger a terrible deal and ranked Fiorina ...", "rejected the idea, saying ...").
   A cue keeps the contents it reaches without crossing the end of a sentence outside a quotation
   ("'...' Bartiromo asked, '...'": the first quotation is another attribution's), and a content
   running on past a sentence end away from its cue stops there; sentence ends are read from the
   punctuation, since quotation marks mislead the parser's sentences.
3. A cue with no content takes the quotation right after it ("He said:" and the next paragraph's
   quote), else the clause or object the parse gives its verb (the rules' content); else it is
   dropped. A cue inside a free relative ("what he said about Uber") is dropped.
4. The source: the tagged span holding the verb's parse subject (a passive verb's agent, its
   subject then the content when none is tagged: "the meeting was first reported by Politico"),
   else that subject when it can speak (a subject that cannot, "the claims do not seem new",
   drops the cue), else for a cue with no subject the nearest tagged source of its sentence; a
   statement needs a speaker.
5. A quotation the tagger took whole with its attribution ("'...,' the daily wrote") keeps the
   attribution the reporting rules read there; "X quoted Y as saying" keeps the rules' speaker Y.
6. Where the reporting rules read the same content (in the cue's claim unit, sharing at least
   ``SAME_CONTENT`` of the longer span) and their source or cue does not overlap the tagger's, the
   rules' source or cue is kept (``PREFER_RULES``): the parse's subject and verb name them more
   often right than the tagger when both read one content (a scan of that unit's few rule
   attributions per cue).
7. Every content grows to the quotations it touches (a quote over several sentences is one
   content, ``quote_kind`` direct); a first-person cue inside a quotation ("'... we endorse her,'
   the daily wrote") is part of that quotation, not an attribution of its own.

Each attribution keeps what the rules found for the same cue (cited outlets and channels,
coordinated speakers) and says whether it reports speech or a stance (``statements.SPEECH_CUES``).
"""
from __future__ import annotations

import bisect

from spacy.tokens import Doc, Span, Token

from flows.analyze.claims import attribution_model
from flows.analyze.claims.statements import (
    Attribution,
    attributions_of,
    content_of_verb,
    SPEECH_CUES,
    cue_word,
    is_relative,
    quote_spans,
    speaking_subject,
    speaker_of,
    subject_of,
)
from flows.analyze.nlp import text_of

# Fewest tokens between a content and its cue, measured on PolNeAR train (held-out tenth).
MAX_CONTENT_GAP = 12
# How far up the parse a content's cue is looked for.
MAX_DEPTH = 6
_FIRST_PERSON = frozenset({"i", "we", "me", "us"})
_TERMINAL_MARKS = frozenset({".", "?", "!", "…"})
# Roles the reporting rules' reading replaces where it and the tagger's disagree (step 6).
PREFER_RULES = frozenset({"SOURCE", "CUE"})
# Share of the longer content the two readings must share to be one attribution (held-out train
# tenth: any overlap lowered source and cue accuracy, 0.5 and 0.8 raised them; 0.8 kept).
SAME_CONTENT = 0.8


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


def _merged_contents(doc: Doc, contents: list[Span], sentence_of: list[int], quotations: _Quotations) -> list[Span]:
    merged: list[Span] = []
    for span in contents:
        if merged and all(t.is_space or t.is_punct or t.is_quote for t in doc[merged[-1].end:span.start]) and (
                sentence_of[span.start] == sentence_of[merged[-1].end - 1]
                or quotations.one_quotation(merged[-1].end_char - 1, span.start_char)):
            merged[-1] = doc[merged[-1].start:span.end]
        else:
            merged.append(span)
    return merged


def _index_by_token(n_tokens: int, spans: list[Span]) -> list[int]:
    """Per token, the index of the span holding it, or -1."""
    at = [-1] * n_tokens
    for index, span in enumerate(spans):
        at[span.start:span.end] = [index] * len(span)
    return at


def _governing_cue(content: Span, cue_at: list[int]) -> int | None:
    """The cue the parse ties the content to: a cue among the content head's ancestors ("said that
    ..."), else among its children ("“...,” he said" hangs "said" off the quotation's verb)."""
    root = content.root
    token = root
    for _ in range(MAX_DEPTH):
        if cue_at[token.i] >= 0:
            return cue_at[token.i]
        if token.head is token:
            break
        token = token.head
    return next((cue_at[c.i] for c in root.children if cue_at[c.i] >= 0), None)


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
    cue_at = _index_by_token(len(doc), cues)
    sentence_of = [0] * len(doc)
    for index, sent in enumerate(doc.sents):
        sentence_of[sent.start:sent.end] = [index] * len(sent)
    quotations = _Quotations(quotes)
    contents_of: list[list[Span]] = [[] for _ in cues]
    for content in _merged_contents(doc, spans["CONTENT"], sentence_of, quotations):
        governing = _governing_cue(content, cue_at)
        if governing is not None:
            contents_of[governing].append(content)
            continue
        nearest = _nearest(cues, cue_starts, content)
        if nearest is not None and nearest[1] <= MAX_CONTENT_GAP and (
                sentence_of[cues[nearest[0]].start] == sentence_of[content.start]
                or quotations.touch((content.start_char, content.end_char))):
            contents_of[nearest[0]].append(content)
    sources = spans["SOURCE"]
    source_starts = [s.start for s in sources]
    source_at = _index_by_token(len(doc), sources)
    rules_by_cue = {a.cue_span[0]: a for found in rule_found for a in found if a.cue_span is not None}
    unit_starts = [u.start for u in units]
    found: list[list[Attribution]] = [[] for _ in units]
    adopted: set[int] = set()  # the rules' attributions whose cue an attribution took (step 6)
    sentence_ends = _SentenceEnds(doc, quotations)
    for cue, contents in zip(cues, contents_of):
        contents = sentence_ends.reachable(cue, contents)
        cue_span = _char_span(cue)
        root = cue.root
        verb = root if root.pos_ in ("VERB", "AUX") and root.lower_ != "according" else None
        if cue_span is None or verb is not None and is_relative(verb):
            continue  # "what he said about Uber" tells of words said elsewhere
        subject = subject_of(verb) if verb is not None else None
        agent = _agent(verb) if verb is not None else None
        if agent is not None:  # "The meeting was first reported by Politico": Politico reports the meeting
            if not contents and subject is not None and subject.dep_ == "nsubjpass":
                contents = [doc[subject.left_edge.i:subject.right_edge.i + 1]]
            subject = agent
        if contents:
            content_span = (_char_span(contents[0]) or cue_span)[0], (_char_span(contents[-1]) or cue_span)[1]
        else:  # "He said:" and the quotation after it, else the clause the parse gives the verb
            content_span = quotations.following(text, cue_span[1]) or (
                content_of_verb(verb, subject) if verb is not None else None)
            if content_span is None:
                continue
        content_span = sentence_ends.cut(cue_span, content_span)
        if verb is not None:
            content_span = _before_own_clauses(doc, verb, content_span)
        if subject is not None and source_at[subject.i] >= 0:
            source = sources[source_at[subject.i]]  # the parse's subject, as far as the tagger labels it
        elif subject is not None:
            subject = speaking_subject(subject)
            if subject is None:
                continue  # "The claims do not seem new": the parse's subject cannot speak
            source = doc[subject.left_edge.i:subject.i + 1]
        else:
            nearest = _nearest(sources, source_starts, cue)
            source = sources[nearest[0]] if nearest is not None else None
            if source is None or sentence_of[source.start] != sentence_of[cue.start]:
                continue  # a statement needs a speaker
        rule = rules_by_cue.get(cue_span[0])
        word = cue_word(cue)
        speaker = speaker_of(source)
        if rule is not None and rule.cue == "quote" and rule.speaker is not None:
            # "Tolo News quoted a police commander as saying ...": the commander speaks, Tolo News is cited.
            speaker, content_span = rule.speaker, rule.content_span or content_span
        unit = max(0, bisect.bisect_right(unit_starts, cue.start) - 1)
        reading = _rules_reading(rule_found[unit], content_span)
        if reading is not None:
            if "SOURCE" in PREFER_RULES and not _overlaps(_span_of(reading.speaker), _span_of(speaker)):
                speaker = reading.speaker
            if "CUE" in PREFER_RULES and not _overlaps(reading.cue_span, cue_span):
                verb, word, cue_span, rule = reading.verb, reading.cue, reading.cue_span, reading
                adopted.add(id(reading))
        # The rules' co-speakers come from the parse's conjuncts, which may hold the tagger's speaker
        # ("contender and former governor Jeb Bush responded"): one person is one speaker mention.
        co_speakers = [c for c in (rule.co_speakers if rule is not None else [])
                       if speaker is None or c.get("char_start") != speaker.get("char_start")]
        found[unit].append(Attribution(
            verb=verb, cue=word, cue_span=cue_span, speaker=speaker,
            co_speakers=co_speakers, content_span=content_span,
            cited=rule.cited if rule is not None else [], kind="speech" if word in SPEECH_CUES else "stance"))
    for unit_found, rules in zip(found, rule_found):
        # Quotations the tagger took whole, their attribution too ("'...,' the daily wrote"), keep the
        # attribution the reporting rules read with a speaker, outside the quotation.
        unit_found.extend(a for a in rules if a.speaker is not None and a.content_span is not None
                          and quotations.touch(a.content_span) and a.content_span is not None
                          and cue_at[doc.char_span(*a.cue_span, alignment_mode="expand").start] < 0
                          and not quotations.inside(a.cue_span[0]) and id(a) not in adopted)
        unit_found.sort(key=lambda a: a.cue_span[0])
        for a in unit_found:
            a.content_span = quotations.grown(a.content_span)  # a quote running over sentences is one content
            a.quote_kind = "direct" if quotations.touch(a.content_span) else None
            if a.kind is None:
                a.kind = "speech" if a.cue in SPEECH_CUES else "stance"
        # First-person cues inside a quotation ("'... we endorse her,' the daily wrote") are part of
        # that quotation's content, not attributions of their own.
        unit_found[:] = [a for a in unit_found if not (
            a.speaker["phrase"].lower() in _FIRST_PERSON and quotations.inside(a.cue_span[0]))]
        # Citations that belong to no reporting verb ("with inputs from AFP") stay with the unit.
        unit_found.extend(a for a in rules if a.speaker is None)
    return found, _owners(units, found)


def _before_own_clauses(doc: Doc, verb: Token, content_span: tuple[int, int]) -> tuple[int, int]:
    """The content cut before the first clause that hangs off the cue verb itself as a conjunct or
    adverbial ("and ranked ...", ", saying ..."): that clause is the verb's sibling, not its content."""
    clause = next((c for c in verb.rights if c.dep_ in ("conj", "advcl") and c.pos_ in ("VERB", "AUX")
                   and content_span[0] < c.left_edge.idx < content_span[1]), None)
    if clause is None:
        return content_span
    end = clause.left_edge.i  # drop the comma and "and" before the clause
    while end > 0 and (doc[end - 1].is_space or doc[end - 1].dep_ == "cc"
                       or doc[end - 1].is_punct and not doc[end - 1].is_quote):
        end -= 1
    last_char = doc[end - 1].idx + len(doc[end - 1]) if end > 0 else 0
    return (content_span[0], last_char) if last_char > content_span[0] else content_span


def _agent(verb: Token) -> Token | None:
    """The object of a passive verb's "by" phrase: who did the reporting."""
    by = next((c for c in verb.children if c.dep_ == "agent"), None)
    return next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None


def _span_of(speaker: dict | None) -> tuple[int, int] | None:
    return (speaker["char_start"], speaker["char_end"]) if speaker else None


def _overlaps(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def _rules_reading(rules: list[Attribution], content_span: tuple[int, int]) -> Attribution | None:
    """The rules' attribution, with a speaker and a cue, of the same content: the one overlapping
    ``content_span`` most, if that overlap is at least ``SAME_CONTENT`` of the longer of the two."""
    best, most = None, 0
    for a in rules:
        if a.speaker is None or a.cue_span is None or a.content_span is None:
            continue
        overlap = min(a.content_span[1], content_span[1]) - max(a.content_span[0], content_span[0])
        if overlap > most:
            best, most = a, overlap
    if best is None or most < SAME_CONTENT * max(best.content_span[1] - best.content_span[0],
                                                 content_span[1] - content_span[0]):
        return None
    return best


class _SentenceEnds:
    """Where the document's sentences end outside a quotation, by punctuation rather than by the
    parser's sentences (which quotations mislead): a ".", "?", "!" or "…" token (closing quote marks
    after it) followed by a capital, a digit or a quote mark, or a line break."""

    def __init__(self, doc: Doc, quotations: _Quotations):
        self.ends: list[int] = []  # the character after the mark and its closing quotes
        self.next_starts: list[int] = []  # the first character of the next sentence
        for token in doc:
            last = token
            if token.text in _TERMINAL_MARKS:
                while last.i + 1 < len(doc) and not last.whitespace_ and doc[last.i + 1].is_quote:
                    last = doc[last.i + 1]
            elif not (token.is_space and "\n" in token.text):
                continue
            after = next((t for t in doc[last.i + 1:] if not t.is_space), None)
            if after is None or quotations.one_quotation(token.idx, after.idx) or token.text in _TERMINAL_MARKS and (
                    not last.whitespace_ or not _opens_sentence(after.text)):
                continue
            self.ends.append(token.idx if token.is_space else last.idx + len(last))
            self.next_starts.append(after.idx)

    def between(self, first: int, second: int) -> bool:
        """Whether a sentence ends between the characters ``first`` and ``second``."""
        at = bisect.bisect_right(self.ends, first)
        return at < len(self.ends) and self.next_starts[at] <= second

    def reachable(self, cue: Span, contents: list[Span]) -> list[Span]:
        """The contents reached from the cue, outwards, without crossing the end of a sentence
        ("'...,' she said, '...'"), or all of them when none is: a content in the sentence before
        or after is another attribution's ("'...' Bartiromo asked, '...'")."""
        before = [c for c in contents if c.end <= cue.start]
        after = [c for c in contents if c.start >= cue.end]
        kept: list[Span] = []
        nearest = cue
        for content in reversed(before):
            if self.between(_last_word_char(content), nearest.start_char):
                break
            kept.insert(0, content)
            nearest = content
        nearest = cue
        for content in after:
            if self.between(_last_word_char(nearest), content.start_char):
                break
            kept.append(content)
            nearest = content
        return kept if kept and len(before) + len(after) == len(contents) else contents

    def cut(self, cue_span: tuple[int, int], content_span: tuple[int, int]) -> tuple[int, int]:
        """The content without the sentences beyond it that its cue is not in (a content the tagger
        ran on into the next sentence's quotation and attribution)."""
        start, end = content_span
        at = bisect.bisect_right(self.ends, start)
        while at < len(self.ends) and self.next_starts[at] < end:
            if self.next_starts[at] <= cue_span[0]:
                start = self.next_starts[at]
            elif self.ends[at] > cue_span[1]:
                end = self.ends[at]
                break
            at += 1
        return (start, end) if start < end else content_span


def _opens_sentence(word: str) -> bool:
    return word[0].isupper() or word[0].isdigit() or word[0] in "\"'“‘("


def _last_word_char(span: Span) -> int:
    return next((t.idx + len(t) - 1 for t in reversed(span) if not (t.is_punct or t.is_space)), span.start_char)


class _Quotations:
    """The document's quotation spans (sorted, not overlapping), looked up by bisection."""

    def __init__(self, quotes: list[tuple[int, int]]):
        self.quotes = quotes
        self.starts = [s for s, _ in quotes]
        self.ends = [e for _, e in quotes]

    def _touched(self, span: tuple[int, int]) -> tuple[int, int]:
        return bisect.bisect_right(self.ends, span[0]), bisect.bisect_left(self.starts, span[1]) - 1

    def touch(self, span: tuple[int, int]) -> bool:
        first, last = self._touched(span)
        return first <= last

    def grown(self, span: tuple[int, int]) -> tuple[int, int]:
        first, last = self._touched(span)
        if first > last:
            return span
        return min(span[0], self.quotes[first][0]), max(span[1], self.quotes[last][1])

    def inside(self, char: int) -> bool:
        at = bisect.bisect_right(self.starts, char) - 1
        return at >= 0 and self.quotes[at][0] < char < self.quotes[at][1]

    def one_quotation(self, first: int, second: int) -> bool:
        """Whether both characters lie inside one and the same quotation."""
        at = bisect.bisect_right(self.starts, first) - 1
        return self.inside(first) and self.quotes[at][0] < second < self.quotes[at][1]

    def following(self, text: str, after: int) -> tuple[int, int] | None:
        """The quotation right after ``after``, with nothing but a colon, comma or spaces between."""
        at = bisect.bisect_left(self.starts, after)
        if at < len(self.quotes) and text[after:self.quotes[at][0]].strip() in ("", ":", ","):
            return self.quotes[at]
        return None


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
