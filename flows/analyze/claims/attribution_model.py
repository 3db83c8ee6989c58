"""The attribution tagger: a linear-chain CRF that labels each token of a parsed document as the
beginning or inside of an attribution's source, cue or content (BIO), or outside of all three.

It reads only what the analysis stage's spaCy parse already holds (words, lemmas, tags, the
dependency tree, entities) plus where quotations open and close, and today's reporting rules
(``flows.analyze.claims.statements``) as features: the role those rules give a token, and the
dependency path from the token up to the nearest reporting verb. One sequence per sentence; the
weights (``attribution_crf.bin``, python-crfsuite) are written by bench/train_attribution_model.py
from PolNeAR train and loaded once per process. Feature extraction is linear in the tokens.
"""
from __future__ import annotations

import bisect
from functools import lru_cache
from pathlib import Path

import pycrfsuite
from spacy.tokens import Doc, Token

from flows.analyze import ATTRIBUTION_MODEL
from flows.analyze.claims.statements import REPORTING_VERBS, Attribution
from flows.analyze.nlp import text_of

ROLES = ("SOURCE", "CUE", "CONTENT")
_FIRST_PERSON = frozenset({"i", "we", "me", "us", "my", "our"})
_CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "parataxis", "csubj"})
_KEY_CHILD_DEPS = frozenset({"ccomp", "xcomp", "parataxis", "nsubj", "nsubjpass", "dobj", "mark", "prep", "agent"})
# Marginal probability above which a token is a cue (held-out train tenth, see the training script).
CUE_MARGINAL = 0.35
# How far up the tree a reporting verb is looked for (deeper content is rare and costly to walk).
_MAX_DEPTH = 8


@lru_cache(maxsize=1)
def tagger(path: Path = ATTRIBUTION_MODEL) -> pycrfsuite.Tagger:
    """The trained CRF, opened once per process (each Dask worker opens its own)."""
    if not path.is_file():
        raise FileNotFoundError(f"attribution model {path} is missing; bench/train_attribution_model.py writes it")
    model = pycrfsuite.Tagger()
    model.open(str(path))
    return model


def rule_roles(doc: Doc, rule_found: list[list[Attribution]]) -> list[str]:
    """Per token, the role today's reporting rules give it: CUE, SOURCE, CONTENT or O."""
    roles = ["O"] * len(doc)
    for found in rule_found:
        for attribution in found:
            spans = [(attribution.content_span, "CONTENT"),
                     ((attribution.speaker["char_start"], attribution.speaker["char_end"])
                      if attribution.speaker else None, "SOURCE"),
                     (attribution.cue_span, "CUE")]
            for span, role in spans:  # the cue is written last: it wins where spans overlap
                if span is None:
                    continue
                tokens = doc.char_span(span[0], span[1], alignment_mode="expand")
                for token in tokens or ():
                    roles[token.i] = role
    return roles


class _Parse:
    """The parse as plain per-token lists, read once: walking them is several times cheaper than
    making spaCy token objects again for every feature."""

    def __init__(self, doc: Doc):
        tokens = list(doc)
        self.lower = [t.lower_ for t in tokens]
        self.lemma = [t.lemma_.lower() for t in tokens]
        self.pos = [t.pos_ for t in tokens]
        self.dep = [t.dep_ for t in tokens]
        self.head = [t.head.i for t in tokens]
        self.kids: list[set[str]] = [set() for _ in tokens]
        for i, (head, dep) in enumerate(zip(self.head, self.dep)):
            if head != i and dep in _KEY_CHILD_DEPS:
                self.kids[head].add(dep)

    def path_to_cue(self, i: int) -> str:
        """The dependency label under which token ``i`` hangs off its nearest reporting-verb ancestor
        ("ccomp" for content, "nsubj" for a source), with the depth ("ROOT@0" for a reporting verb at
        the root); "none" when there is none."""
        child, head = i, self.head[i]
        for depth in range(_MAX_DEPTH):
            if self.lemma[head] in REPORTING_VERBS or self.lower[head] == "according":
                return f"{self.dep[child]}@{min(depth, 3)}"
            child, head = head, self.head[head]
        return "none"

    def clause_taker(self, i: int) -> tuple[str, str]:
        """(lemma, dependency on the path) of the nearest ancestor that takes a clause ("believes
        that ...", "wants to ..."): a cue the reporting verb list may not hold."""
        child, head = i, self.head[i]
        for _ in range(_MAX_DEPTH):
            if head == child:
                break
            if self.dep[child] in _CLAUSE_DEPS:
                return self.lemma[head], self.dep[child]
            child, head = head, self.head[head]
        return "-", "-"


def _in_quote(starts_of_tokens: list[int], ends_of_tokens: list[int], spans: list[tuple[int, int]]) -> list[str]:
    """Per token: "open"/"close" for a quote mark opening or closing a quotation, "in" inside one, else "out"."""
    starts = [s for s, _ in spans]
    state = []
    for start, end in zip(starts_of_tokens, ends_of_tokens):
        at = bisect.bisect_right(starts, start) - 1
        if at < 0 or start >= spans[at][1]:
            state.append("out")
        elif start == spans[at][0]:
            state.append("open")
        elif end == spans[at][1]:
            state.append("close")
        else:
            state.append("in")
    return state


def token_features(doc: Doc, rule_found: list[list[Attribution]], quotes: list[tuple[int, int]]) -> list[list[str]]:
    """Feature strings of every token of ``doc``, given what the reporting rules found in each claim
    unit (``statements.attributions_of``) and the quotations (``statements.quote_spans``)."""
    text = text_of(doc)
    parse = _Parse(doc)
    rules = rule_roles(doc, rule_found)
    starts = [t.idx for t in doc]
    quote = _in_quote(starts, [t.idx + len(t) for t in doc], quotes)
    first_line_end = text.find("\n")
    base = []
    token_only = []
    for token in doc:
        i = token.i
        lemma, head = parse.lemma[i], parse.head[i]
        base.append({
            "w": parse.lower[i], "l": lemma, "p": parse.pos[i], "t": token.tag_, "d": parse.dep[i],
            "hl": parse.lemma[head], "hp": parse.pos[head], "e": token.ent_type_ or "-",
            "q": quote[i], "r": rules[i], "rv": str(lemma in REPORTING_VERBS),
        })
        token_only.append((token.shape_[:4], token.is_title, token.text == ":",
                           "\n" in token.whitespace_ + token.text))
    features: list[list[str]] = []
    for sent in doc.sents:
        first, end = sent.start, sent.end
        paragraph_start = first == 0 or token_only[first - 1][3]
        sentence_flags = [f"par={paragraph_start}", f"headline={first_line_end < 0 or starts[first] < first_line_end}",
                          f"quoted={any(quote[i] != 'out' for i in range(first, end))}",
                          f"colon={any(token_only[i][2] for i in range(first, end))}"]
        for i in range(first, end):
            b = base[i]
            lower = b["w"]
            f = [f"{k}={v}" for k, v in b.items()]
            kids = "+".join(sorted(parse.kids[i]))
            taker, taker_dep = parse.clause_taker(i)
            f += [f"kids={kids}", f"lk={b['l']}|{'ccomp' in kids or 'parataxis' in kids}", f"cv={taker}",
                  f"cvd={taker_dep}", f"bi={lower}|{base[i + 1]['w'] if i + 1 < end else '-'}"]
            f += [f"dh={b['d']}|{b['hp']}", f"path={parse.path_to_cue(i)}", f"sh={token_only[i][0]}",
                  f"suf={lower[-3:]}", f"pos={min(i - first, 5)}", f"fp={lower in _FIRST_PERSON}",
                  f"title={token_only[i][1]}", *sentence_flags]
            for offset in (-2, -1, 1, 2):
                j = i + offset
                if first <= j < end:
                    n = base[j]
                    f += [f"{offset}w={n['w']}", f"{offset}p={n['p']}", f"{offset}r={n['r']}", f"{offset}q={n['q']}"]
                    if abs(offset) == 1:
                        f += [f"{offset}l={n['l']}", f"{offset}d={n['d']}", f"{offset}rv={n['rv']}"]
                else:
                    f.append(f"{offset}=edge")
            features.append(f)
    return features


def sentence_items(doc: Doc, features: list[list[str]]) -> list[tuple[int, int, list[list[str]]]]:
    """(first token, end token, features) of each sentence: the sequences the CRF labels."""
    return [(s.start, s.end, features[s.start:s.end]) for s in doc.sents]


def tag(doc: Doc, rule_found: list[list[Attribution]], quotes: list[tuple[int, int]]) -> list[str]:
    """BIO labels of every token of ``doc`` (e.g. "B-CUE", "I-CONTENT", "O")."""
    features = token_features(doc, rule_found, quotes)
    labels: list[str] = []
    model = tagger()
    for _, _, items in sentence_items(doc, features):
        best = model.tag(items)
        for i, label in enumerate(best):
            # A word the model gives even odds of being a cue is one: recall of cues limits recall
            # of attributions, and the grouping step drops a cue with no content or speaker.
            if not label.endswith("CUE") and model.marginal("B-CUE", i) + model.marginal("I-CUE", i) >= CUE_MARGINAL:
                best[i] = "I-CUE" if i > 0 and best[i - 1].endswith("CUE") else "B-CUE"
        labels.extend(best)
    return labels
