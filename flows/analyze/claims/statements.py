"""Attributed statements: who said what, through which cue, outlet or channel, with character spans.

Every reporting cue of a claim unit ("said", "told", "according to") is one attribution with three
spans into the body text: the cue, the source (speaker mention) and the content (the quoted or
reported words). Content follows the dependency parse (the cue's clausal complement or object) and
grows to the whole quotation it touches, so a quote running over several sentences or paragraphs is
one content span; a cue with nothing after it ("He said:") takes the quotation that follows.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from flows.analyze.claims.actors import PRONOUNS, TITLE_WORDS, split_name_title

# Verbs that report speech, writing or a stance: the reporting verbs of news style, plus the verbs
# that head an attribution in PolNeAR's training articles at least half the times they take a
# clause or object (measured on train only; "think", "believe", "want", "know" fall far below).
REPORTING_VERBS = frozenset({
    "say", "tell", "tweet", "claim", "confirm", "report", "write", "post", "state", "add", "announce",
    "declare", "deny", "insist", "allege", "warn", "quote", "contend", "assert", "reiterate",
    "suggest", "acknowledge", "admit", "explain", "reveal", "vow", "pledge", "promise", "threaten",
    "dispute", "reject", "condemn", "dismiss", "accuse", "respond", "reply", "complain", "testify",
    "stress", "remark", "observe", "retort", "counter", "disclose", "proclaim", "boast", "lament",
    "demand", "charge", "caution", "speculate", "hint", "joke",
    # from PolNeAR train
    "call", "show", "ask", "note", "argue", "expect", "describe", "endorse", "seem", "appear", "cite",
    "criticize", "criticise", "decline", "defend", "urge", "refuse", "express", "discuss", "question",
    "mention", "point", "praise", "agree", "propose", "recall", "conclude", "indicate", "blame",
    "denounce", "blast", "predict", "issue", "highlight", "mock", "fear", "tout", "remind", "slam",
    "emphasize", "emphasise", "order", "list", "portray", "prefer", "worry", "concede", "repeat",
    "assure", "estimate",
})
# Reporting verbs that also have non-reporting uses ("this incident added signs of ..."): their
# subject must be a person, group or institution word, not just any noun.
_AMBIGUOUS_VERBS = frozenset({"add", "suggest", "reveal", "explain", "state", "post", "write", "confirm", "report",
                              "call", "note", "show", "indicate", "expect", "cite", "question", "charge", "seem",
                              "appear", "issue", "list", "order", "point", "express", "repeat", "highlight"})
# Stance and cognition verbs are attributions only with a clause or object of their own
# ("Clinton believes that ..."), never alone ("as he expected").
_NEEDS_CONTENT = frozenset({"fear", "worry", "expect", "show", "agree", "call", "ask", "question", "charge", "cite",
                            "seem", "appear", "issue", "list", "order", "point", "express", "repeat", "prefer",
                            "highlight", "discuss", "decline", "refuse", "propose", "endorse", "defend"})
# Subjects that never speak; report-like ones are cited as unnamed sources instead.
_NON_SPEAKERS = frozenset({"it", "there", "this", "that", "which", "what", "who"})
# Subjects that can speak: people, groups and institutions (proper names and pronouns always can).
SPEAKER_NOUNS = frozenset(["official", "people", "analyst", "commander", "minister", "spokesman", "spokeswoman", "spokesperson", "source", "resident", "witness", "diplomat", "expert", "leader", "force", "militant", "fighter", "soldier", "police", "government", "ministry", "group", "movement", "correspondent", "journalist", "reporter", "agency", "chief", "president", "member", "lawmaker", "activist", "doctor", "officer", "authority", "organisation", "organization", "army", "military", "party", "campaigner", "observer", "investigator", "elder", "campaign", "candidate", "voter", "supporter", "critic", "aide", "adviser", "advisor", "economist", "researcher", "scientist", "poll", "survey", "study", "report", "statement", "company", "administration", "department", "committee", "court", "judge", "lawyer", "attorney", "prosecutor", "senator", "governor", "mayor", "nominee", "republican", "democrat", "manager", "strategist", "executive", "director", "chairman", "secretary", "representative", "speaker", "office", "agency", "organizer", "union", "council", "commission", "staff", "team", "everyone", "someone", "man", "woman"])
CHANNELS = {"tweet": "Twitter", "twitter": "Twitter", "facebook": "Facebook", "telegram": "Telegram",
            "instagram": "Instagram", "youtube": "YouTube", "whatsapp": "WhatsApp", "x": "X"}
# Dependency labels of a cue's content: a clause ("said that ..."), an open clause ("vowed to ..."),
# or an object ("announced his resignation").
_CLAUSE_DEPS = ("ccomp", "csubj", "xcomp", "parataxis")
_OBJECT_DEPS = ("dobj", "attr", "oprd")
# How a cue can hang off the clause whose subject speaks: "He released a statement saying ...".
_SHARED_SUBJECT_DEPS = ("conj", "xcomp", "advcl")

_QUOTE_OPEN = "“‘\"«"
_QUOTE_CLOSE = "”’\"»"


@dataclass
class Attribution:
    """Who a claim's content is attributed to, with the cue, source and content character spans."""
    verb: Token | None = None
    cue: str | None = None                     # the reporting verb's lemma, or "according to"
    cue_span: tuple[int, int] | None = None
    speaker: dict | None = None                # split_name_title() of the source, with its char span
    co_speakers: list[dict] = field(default_factory=list)
    content_span: tuple[int, int] | None = None
    cited: list[dict] = field(default_factory=list)
    quote_kind: str | None = None

    def covers(self, char: int) -> bool:
        return self.content_span is not None and self.content_span[0] <= char < self.content_span[1]


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of quotations; a quote left open runs on into the next paragraph only if
    that paragraph opens with a quote mark (news style for multi-paragraph quotes)."""
    spans: list[tuple[int, int]] = []
    start = None
    for i, ch in enumerate(text):
        nxt = text[i + 1:i + 2]
        if start is None:
            if ch in _QUOTE_OPEN and (i == 0 or not text[i - 1].isalnum()):
                start = i
        elif ch in _QUOTE_CLOSE and not nxt.isalnum():
            spans.append((start, i + 1))
            start = None
        elif ch == "\n" and not text[i + 1:].lstrip(" ").startswith(tuple(_QUOTE_OPEN)):
            spans.append((start, i))
            start = None
    if start is not None:
        spans.append((start, len(text)))
    # Adjacent paragraphs of one quotation become one span.
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and text[merged[-1][1]:s].strip() == "" and "\n" in text[merged[-1][1] - 1:s + 1] \
                and text[merged[-1][1] - 1] not in _QUOTE_CLOSE:
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


def subject_of(verb: Token) -> Token | None:
    """The verb's subject, or that of the clause it hangs off ("said ... and added", "a statement saying")."""
    candidate: Token | None = verb
    for _ in range(3):
        if candidate is None:
            return None
        subject = next((c for c in candidate.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            return subject
        if candidate.dep_ == "acl" and candidate.head.pos_ in ("NOUN", "PROPN"):
            # "a statement saying": the statement's owner speaks ("He released a statement saying")
            candidate = candidate.head.head if candidate.head.dep_ in ("dobj", "pobj") else None
        else:
            candidate = candidate.head if candidate.dep_ in _SHARED_SUBJECT_DEPS else None
    return None


def _cited_named(token: Token, cue: str) -> dict:
    channel = CHANNELS.get(token.lower_)
    if channel:
        return {"surface": channel, "cue": cue, "source_kind": "channel"}
    name = split_name_title(token)["name"]
    if name:  # "the local TV station Tolo News" cites "Tolo News"
        return {"surface": name, "cue": cue, "source_kind": "named"}
    words = [t for t in token.subtree if t.dep_ not in ("punct", "relcl") and t.lower_ not in ("the", "a")]
    return {"surface": "".join(t.text_with_ws for t in words).strip(), "cue": cue, "source_kind": "unnamed"}


def _can_speak(subject: Token, lenient: bool = False) -> bool:
    """Whether a subject can be a speaker; ``lenient`` accepts any noun ("the carmaker announced")."""
    if subject.lower_ in _NON_SPEAKERS:
        return False
    return (subject.pos_ == "PROPN" or subject.lower_ in PRONOUNS or subject.lower_ in ("i", "we", "you")
            or subject.lemma_.lower() in SPEAKER_NOUNS or subject.lower_ in TITLE_WORDS
            or subject.ent_type_ in ("PERSON", "ORG", "NORP")
            or (lenient and subject.pos_ == "NOUN" and not subject.lower_.endswith("ing")))  # not "Writing in ..."


def _speaker(subject: Token) -> dict:
    mention = split_name_title(subject)
    mention["pronoun"] = mention["name"] is None and subject.lower_ in PRONOUNS
    if mention["name"] is None:
        # Unnamed speakers keep their whole description: "people close to Ahmad Massoud".
        words = [t for t in subject.subtree if t.dep_ not in ("relcl", "punct", "appos")
                 and not (t.i == subject.left_edge.i and t.lower_ in ("the", "a", "an"))]
        mention["title"] = None if mention["pronoun"] else "".join(t.text_with_ws for t in words).strip()
        if not mention["pronoun"] and words:  # the source span covers the whole description
            mention["char_start"] = min(mention["char_start"], words[0].idx)
            mention["char_end"] = max(mention["char_end"], words[-1].idx + len(words[-1]))
    return mention


def _followed_by(token: Token, word: str) -> Token | None:
    """The next token when it is ``word``; None at the end of the document, where there is none."""
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return following if following is not None and following.lower_ == word else None


def _char_span(tokens: list[Token]) -> tuple[int, int] | None:
    """First to last character of the tokens, trimmed of punctuation at the edges (not quote marks)."""
    tokens = sorted(tokens, key=lambda t: t.i)
    while tokens and tokens[0].is_punct and tokens[0].text not in _QUOTE_OPEN:
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct and tokens[-1].text not in _QUOTE_CLOSE:
        tokens = tokens[:-1]
    return (tokens[0].idx, tokens[-1].idx + len(tokens[-1])) if tokens else None


def _content_of_verb(verb: Token, subject: Token | None) -> tuple[int, int] | None:
    """The cue's complement clause, else its object; a cue that is itself the complement of its
    content's verb ("Y, he said" parsed with Y as head) takes its head clause."""
    clause = next((c for c in verb.children if c.dep_ in _CLAUSE_DEPS), None)
    if clause is None:
        clause = next((c for c in verb.children if c.dep_ in _OBJECT_DEPS and c.lower_ not in ("what", "which")), None)
    if clause is None:  # "said so", "said yes"
        clause = next((c for c in verb.children if c.dep_ == "intj" or c.dep_ == "advmod"
                       and c.lower_ in ("so", "yes", "no")), None)
    if clause is not None:
        return _char_span(list(clause.subtree))
    if verb.dep_ in ("parataxis", "ccomp") and verb.head.pos_ in ("VERB", "AUX"):
        speaker_side = set(verb.subtree)
        return _char_span([t for t in verb.head.subtree if t not in speaker_side])
    return None


def _according_to(token: Token, sent: Span) -> Attribution | None:
    to = _followed_by(token, "to")
    obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    if obj is None:
        return None
    # The content is the rest of the sentence: everything outside the "according to X" phrase.
    phrase = {token, to, *obj.subtree}
    rest = [t for t in sent if t not in phrase]
    source = _speaker(obj)
    return Attribution(cue="according to", cue_span=(token.idx, to.idx + len(to)), speaker=source,
                       content_span=_char_span(rest), cited=[_cited_named(obj, "according to")])


def _channel_of(verb: Token) -> str | None:
    channel = next((CHANNELS[t.lower_] for t in [verb, *verb.subtree] if t.lower_ in CHANNELS
                    and verb in (t, t.head, t.head.head)), None)
    return channel or ("Twitter" if verb.lemma_.lower() == "tweet" else None)


def _reporting(verb: Token) -> Attribution | None:
    """The attribution a reporting verb makes, or None when its subject cannot be a source."""
    lemma = verb.lemma_.lower()
    subject = subject_of(verb)
    cue_span = (verb.idx, verb.idx + len(verb))
    cited: list[dict] = []
    content = _content_of_verb(verb, subject)
    if lemma in _NEEDS_CONTENT and content is None:
        return None
    if lemma == "quote":  # "Tolo News quoted a local police commander as saying ..."
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if subject is not None:
            cited.append(_cited_named(subject, "quoted"))
        subject = obj
    elif lemma == "report" and subject is not None and subject.pos_ == "PROPN":
        # "reports Newsweek", "Republic has reported": the subject is an outlet, not a speaker.
        return Attribution(verb=verb, cue=lemma, cue_span=cue_span, speaker=_speaker(subject),
                           content_span=content, cited=[_cited_named(subject, "reports")])
    if subject is None or subject.dep_ == "nsubjpass":
        return None  # "clashes were reported": the subject is the content, not who reports it
    if subject.lower_ in ("who", "that") and verb.dep_ == "relcl":
        subject = verb.head  # "Barkley, who said he ...": Barkley speaks
    if subject.lemma_.lower() in ("report", "account", "medium", "image", "photo", "video"):
        source = _speaker(subject)
        return Attribution(verb=verb, cue=lemma, cue_span=cue_span, speaker=source, content_span=content,
                           cited=[{"surface": source["title"], "cue": lemma, "source_kind": "unnamed"}])
    if not _can_speak(subject, lenient=lemma not in _AMBIGUOUS_VERBS):
        # A mis-parsed subject ("Writing in Persian, Minister X said") may still hold a person.
        subject = next((t for t in subject.subtree if t.ent_type_ == "PERSON" and t.ent_iob_ != "O"
                        and t.head.ent_type_ != "PERSON"), None)
        if subject is None:
            return None
    channel = _channel_of(verb)
    if channel:
        cited.append({"surface": channel, "cue": "channel", "source_kind": "channel"})
    return Attribution(verb=verb, cue=lemma, cue_span=cue_span, speaker=_speaker(subject),
                       # "Amrullah Saleh and Ahmed Masood vowed ...": every coordinated subject speaks.
                       co_speakers=[_speaker(c) for c in subject.conjuncts if _can_speak(c)],
                       content_span=content, cited=cited)


def _is_relative(verb: Token) -> bool:
    """A cue inside a free relative clause ("what he said about Uber") describes something said
    elsewhere; the sentence is not attributed to its speaker."""
    return any(c.dep_ in ("dobj", "ccomp") and c.lower_ in ("what", "which") for c in verb.children) \
        and not any(c.dep_ in _CLAUSE_DEPS for c in verb.children)


def attributions_of(sent: Span) -> list[Attribution]:
    """Every attribution in one claim unit, in order, plus one without a cue holding citations that
    belong to no reporting verb ("citing", "with inputs from"). Empty when there are none."""
    found: list[Attribution] = []
    loose_cited: list[dict] = []
    for token in sent:
        if token.lower_ == "according" and (according := _according_to(token, sent)) is not None:
            found.append(according)
        elif token.lower_ in ("citing", "cited") and token.dep_ != "ROOT":
            obj = next((c for c in token.children if c.dep_ in ("dobj", "pobj")), None)
            if obj is not None:
                loose_cited.append(_cited_named(obj, "citing"))
        elif token.lower_ == "inputs" and (source := _followed_by(token, "from")) is not None:
            obj = next((c for c in source.children if c.dep_ == "pobj"), None)
            if obj is not None:
                loose_cited.append(_cited_named(obj, "inputs from"))
        elif token.pos_ == "VERB" and token.lemma_.lower() in REPORTING_VERBS and not _is_relative(token):
            attribution = _reporting(token)
            if attribution is not None:
                found.append(attribution)
    for outer in found:
        # "Kim said ..., according to AFP": AFP is cited for what Kim said, too.
        if outer.cue == "according to":
            for inner in found:
                if inner is not outer and inner.cue_span is not None and outer.covers(inner.cue_span[0]):
                    inner.cited.extend(outer.cited)
    if loose_cited:
        if found:
            found[0].cited.extend(loose_cited)
        else:
            found.append(Attribution(cited=loose_cited))
    return found


def attach_quotations(text: str, units: list[tuple[int, Span]], attributions: list[list[Attribution]]) -> list[Attribution | None]:
    """Grow each attribution's content to the quotations it touches or introduces, and give every
    unit the attribution that owns it: the one whose content covers the unit's first words, else
    the first with a speaker. A quotation with no cue of its own takes the attribution in the unit
    right after it ("..., he said."), or else the same paragraph's previous quotation
    ("“...,” the minister said. “...”"). Returns each unit's owner (None when it has none)."""
    quotes = quote_spans(text)
    for unit_attributions in attributions:
        for a in unit_attributions:
            if a.speaker is None or a.cue_span is None:
                continue
            if a.content_span is None or text[a.cue_span[1]:a.content_span[0]].strip() in (":", ""):
                # "He said:" followed by the quotation, in this paragraph or the next.
                following = next((q for q in quotes if q[0] >= a.cue_span[1]
                                  and text[a.cue_span[1]:q[0]].strip() in ("", ":", ",")), None)
                if following is not None:
                    a.content_span = following
            if a.content_span is None:
                # "“...,” he said.": the quotation closing just before the source and cue.
                source_start = min(a.cue_span[0], a.speaker["char_start"])
                preceding = next((q for q in reversed(quotes) if q[1] <= source_start
                                  and "\n" not in text[q[1]:source_start] and len(text[q[1]:source_start]) < 80), None)
                if preceding is not None:
                    a.content_span = preceding
            if a.content_span is None:
                continue
            touched = [q for q in quotes if q[0] < a.content_span[1] and q[1] > a.content_span[0]]
            if touched:
                a.content_span = (min(a.content_span[0], touched[0][0]), max(a.content_span[1], touched[-1][1]))
                a.quote_kind = "direct"
    owners: list[Attribution | None] = []
    for (_, unit), unit_attributions in zip(units, attributions):
        speaking = [a for a in unit_attributions if a.speaker]
        covering = next((a for a in speaking if a.covers(unit.start_char + _lead(unit))), None)
        owners.append(covering or (speaking[0] if speaking else None))
    for q_start, q_end in quotes:
        touched = [i for i, (_, u) in enumerate(units) if u.start_char < q_end and u.end_char > q_start]
        if not touched:
            continue
        owner = next((a for i in touched for a in attributions[i] if a.speaker and a.quote_kind == "direct"
                      and a.content_span[0] <= q_start < a.content_span[1]), None)
        after = touched[-1] + 1
        if owner is None and after < len(units):
            owner = next((a for a in attributions[after] if a.speaker and not a.quote_kind), None)
            if owner is not None and owner.content_span is None and "\n" not in text[q_end:units[after][1].start_char]:
                owner.content_span, owner.quote_kind = (q_start, q_end), "direct"  # "“...,” he said."
            elif owner is not None and owner.content_span is not None and owner.content_span[0] > q_start:
                owner = None
        before = touched[0] - 1
        if owner is None and before >= 0 and owners[before] is not None and owners[before].quote_kind == "direct" \
                and "\n" not in text[units[before][1].end_char:q_start]:
            owner = owners[before]
            owner.content_span = (owner.content_span[0], max(owner.content_span[1], q_end))
        for i in touched:
            if owner is not None and not any(a.speaker for a in attributions[i]):
                owners[i] = owner
    return owners


def _lead(unit: Span) -> int:
    """Offset of the unit's first word character, past opening quotes and spaces."""
    text = unit.text
    return next((i for i, ch in enumerate(text) if ch.isalnum()), 0)
