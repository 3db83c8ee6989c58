"""Attributed statements: the reporting rules, quotations, cue words and speakers.

The rules read one claim unit's parse: every reporting cue ("said", "told", "according to") is one
attribution with three spans into the body text: the cue, the source (speaker mention) and the
content (the cue's clausal complement or object). They no longer decide alone: the trained tagger
(``attribution_model``) takes the role they give each token as a feature, and the grouping step
(``attributions``) keeps their cited outlets, channels and coordinated speakers for the cues it
finds. Also here: quotation spans, the word a cue is known by, whether it reports speech or a
stance, and the speaker a source span names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from flows.analyze.claims.actors import OUTLET_NOUNS, PRONOUNS, TITLE_WORDS, split_name_title

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
SPEAKER_NOUNS = frozenset(["official", "people", "analyst", "commander", "minister", "spokesman", "spokeswoman", "spokesperson", "source", "resident", "witness", "diplomat", "expert", "leader", "force", "militant", "fighter", "soldier", "police", "government", "ministry", "group", "movement", "correspondent", "journalist", "reporter", "agency", "chief", "president", "member", "lawmaker", "activist", "doctor", "officer", "authority", "organisation", "organization", "army", "military", "party", "campaigner", "observer", "investigator", "elder", "campaign", "candidate", "voter", "supporter", "critic", "aide", "adviser", "advisor", "economist", "researcher", "scientist", "poll", "survey", "study", "report", "statement", "company", "administration", "department", "committee", "court", "judge", "lawyer", "attorney", "prosecutor", "senator", "governor", "mayor", "nominee", "republican", "democrat", "manager", "strategist", "executive", "director", "chairman", "secretary", "representative", "speaker", "office", "agency", "organizer", "union", "council", "commission", "staff", "team", "everyone", "someone", "man", "woman"]) | OUTLET_NOUNS
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
# Two apostrophes: the typewriter mark some outlets print for both “ and ” (116 of PolNeAR's 840
# train articles); like the straight double quote it opens or closes by what stands beside it.
_TWO_APOSTROPHES = "''"
_OPEN_MARKS = (*_QUOTE_OPEN, _TWO_APOSTROPHES)
_CLOSE_MARKS = (*_QUOTE_CLOSE, _TWO_APOSTROPHES)
_OPENS_QUOTE = re.compile(f" *(?:[{_QUOTE_OPEN}]|{_TWO_APOSTROPHES})")
# Cues that report words said or written (speech), not a belief, wish or position (stance): the
# verbs of saying, writing and answering. bench/train_attribution_model.py measures the list on
# PolNeAR train: the contents of these cues are quoted about ten times as often as the others'.
SPEECH_CUES = frozenset({
    "say", "tell", "write", "add", "tweet", "post", "state", "announce", "declare", "according to", "report",
    "quote", "reply", "respond", "answer", "explain", "remark", "comment", "note", "insist", "ask", "testify",
    "shout", "yell", "chant", "joke", "vow", "pledge", "promise", "warn", "admit", "acknowledge", "concede",
    "confirm", "deny", "reveal", "disclose", "repeat", "reiterate", "recall", "argue", "assert", "contend",
    "allege", "claim", "complain", "boast", "lament", "proclaim", "mention", "retort", "counter", "interject",
    "email", "text", "speak", "describe", "testify", "publish", "stress", "emphasize", "emphasise", "caution",
})


def cue_word(cue: Span) -> str:
    """The word a cue span is known by: "according to", else the lemma of its head ("said" -> "say")."""
    if cue[0].lower_ == "according":
        return "according to"
    return cue.root.lemma_.lower()


def speaker_of(source: Span) -> dict:
    """The speaker a source span names, with the span's own characters ("who" speaks for the noun
    its clause describes: "Barkley, who said ...")."""
    # The span's head: a subject whose verb lies outside it, else a noun or pronoun, else its root
    # ("Writing in Persian, Defence Minister X" is headed by X, not by "Writing").
    heads = [t for t in source if not source.start <= t.head.i < source.end or t.head is t]
    root = next((t for t in heads if t.dep_ in ("nsubj", "nsubjpass")), None) \
        or next((t for t in heads if t.pos_ in ("PROPN", "NOUN", "PRON")), source.root)
    if root.lower_ in ("who", "that") and root.head.dep_ == "relcl":
        root = root.head.head
    root = speaking_subject(root, lenient=True) or root
    mention = _speaker(root)
    first = max(source.start, root.left_edge.i) if source.start <= root.i < source.end else source.start
    words = [t for t in source[first - source.start:] if not t.is_space and not (t.is_punct and not t.is_quote)]
    if words:
        mention["char_start"], mention["char_end"] = words[0].idx, words[-1].idx + len(words[-1])
        mention["phrase"] = source.doc[words[0].i:words[-1].i + 1].text
    return mention


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
    kind: str | None = None                    # "speech" (said, told, wrote) or "stance" (believes, wants)

    def covers(self, char: int) -> bool:
        return self.content_span is not None and self.content_span[0] <= char < self.content_span[1]


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of quotations; a quote left open runs on into the next paragraph only if
    that paragraph opens with a quote mark (news style for multi-paragraph quotes)."""
    spans: list[tuple[int, int]] = []
    start = None
    i = 0
    while i < len(text):
        ch = text[i]
        width = 2 if text.startswith(_TWO_APOSTROPHES, i) else 1
        nxt = text[i + width:i + width + 1]
        if start is None:
            if (ch in _QUOTE_OPEN or width == 2) and (i == 0 or not text[i - 1].isalnum()):
                start = i
        elif (ch in _QUOTE_CLOSE or width == 2) and not nxt.isalnum():
            spans.append((start, i + width))
            start = None
        elif ch == "\n" and not _OPENS_QUOTE.match(text, i + 1):
            spans.append((start, i))
            start = None
        i += width
    if start is not None:
        spans.append((start, len(text)))
    # Adjacent paragraphs of one quotation become one span.
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and text[merged[-1][1]:s].strip() == "" and "\n" in text[merged[-1][1] - 1:s + 1] \
                and not text.endswith(_CLOSE_MARKS, 0, merged[-1][1]):
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


def speaking_subject(subject: Token, lenient: bool = False) -> Token | None:
    """The subject when it can speak; else a person inside a mis-parsed one ("Writing in Persian,
    Minister X said", "KABUL (Reuters) - X said"); else None."""
    if can_speak(subject, lenient):
        return subject
    return next((t for t in subject.subtree if t.ent_type_ == "PERSON" and t.ent_iob_ != "O"
                 and t.head.ent_type_ != "PERSON"), None)


def _is_dateline(token: Token) -> bool:
    """A place in capitals before a bracket or dash opening the story: "KABUL (Reuters) -"."""
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return token.is_upper and len(token) > 1 and following is not None and following.text in ("(", "-", "—", "–")


def can_speak(subject: Token, lenient: bool = False) -> bool:
    """Whether a subject can be a speaker; ``lenient`` accepts any noun ("the carmaker announced")."""
    if subject.lower_ in _NON_SPEAKERS or _is_dateline(subject):
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
    while tokens and tokens[0].is_punct and tokens[0].text not in _OPEN_MARKS:
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct and tokens[-1].text not in _CLOSE_MARKS:
        tokens = tokens[:-1]
    return (tokens[0].idx, tokens[-1].idx + len(tokens[-1])) if tokens else None


def content_of_verb(verb: Token, subject: Token | None) -> tuple[int, int] | None:
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
    content = content_of_verb(verb, subject)
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
    subject = speaking_subject(subject, lenient=lemma not in _AMBIGUOUS_VERBS)
    if subject is None:
        return None
    channel = _channel_of(verb)
    if channel:
        cited.append({"surface": channel, "cue": "channel", "source_kind": "channel"})
    return Attribution(verb=verb, cue=lemma, cue_span=cue_span, speaker=_speaker(subject),
                       # "Amrullah Saleh and Ahmed Masood vowed ...": every coordinated subject speaks.
                       co_speakers=[_speaker(c) for c in subject.conjuncts if can_speak(c)],
                       content_span=content, cited=cited)


def is_relative(verb: Token) -> bool:
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
        elif token.pos_ == "VERB" and token.lemma_.lower() in REPORTING_VERBS and not is_relative(token):
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
