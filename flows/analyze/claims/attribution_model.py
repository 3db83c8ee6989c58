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

from flows.analyze.claims.statements import REPORTING_VERBS, Attribution
from flows.analyze.nlp import text_of

MODEL_PATH = Path(__file__).resolve().parent / "attribution_crf.bin"
ROLES = ("SOURCE", "CUE", "CONTENT")
_FIRST_PERSON = frozenset({"i", "we", "me", "us", "my", "our"})
_CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "parataxis", "csubj"})
_KEY_CHILD_DEPS = frozenset({"ccomp", "xcomp", "parataxis", "nsubj", "nsubjpass", "dobj", "mark", "prep", "agent"})
# Marginal probability above which a token is a cue (held-out train tenth, see the training script).
CUE_MARGINAL = 0.35
# How far up the tree a reporting verb is looked for (deeper content is rare and costly to walk).
_MAX_DEPTH = 8


@lru_cache(maxsize=1)
def tagger(path: Path = MODEL_PATH) -> pycrfsuite.Tagger:
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


def _path_to_cue(token: Token) -> str:
    """The dependency label under which the token hangs off its nearest reporting-verb ancestor
    ("ccomp" for content, "nsubj" for a source), with the depth; "none" when there is none."""
    child, head = token, token.head
    for depth in range(_MAX_DEPTH):
        if head is child:
            return "none"
        if head.lemma_.lower() in REPORTING_VERBS or head.lower_ == "according":
            return f"{child.dep_}@{min(depth, 3)}"
        child, head = head, head.head
    return "none"


def _clause_taker(token: Token) -> tuple[str, str]:
    """(lemma, dependency on the path) of the nearest ancestor that takes a clause ("believes that
    ...", "wants to ..."): a cue the reporting verb list may not hold."""
    child, head = token, token.head
    for _ in range(_MAX_DEPTH):
        if head is child:
            break
        if child.dep_ in _CLAUSE_DEPS:
            return head.lemma_.lower(), child.dep_
        child, head = head, head.head
    return "-", "-"


def _in_quote(doc: Doc, spans: list[tuple[int, int]]) -> list[str]:
    """Per token: "open"/"close" for a quote mark opening or closing a quotation, "in" inside one, else "out"."""
    starts = [s for s, _ in spans]
    state = []
    for token in doc:
        at = bisect.bisect_right(starts, token.idx) - 1
        if at < 0 or token.idx >= spans[at][1]:
            state.append("out")
        elif token.idx == spans[at][0]:
            state.append("open")
        elif token.idx + len(token) == spans[at][1]:
            state.append("close")
        else:
            state.append("in")
    return state


def token_features(doc: Doc, rule_found: list[list[Attribution]], quotes: list[tuple[int, int]]) -> list[list[str]]:
    """Feature strings of every token of ``doc``, given what the reporting rules found in each claim
    unit (``statements.attributions_of``) and the quotations (``statements.quote_spans``)."""
    text = text_of(doc)
    rules = rule_roles(doc, rule_found)
    quote = _in_quote(doc, quotes)
    first_line_end = text.find("\n")
    base = []
    for token in doc:
        lemma = token.lemma_.lower()
        base.append({
            "w": token.lower_, "l": lemma, "p": token.pos_, "t": token.tag_, "d": token.dep_,
            "hl": token.head.lemma_.lower(), "hp": token.head.pos_, "e": token.ent_type_ or "-",
            "q": quote[token.i], "r": rules[token.i], "rv": str(lemma in REPORTING_VERBS),
        })
    features: list[list[str]] = []
    for sent in doc.sents:
        paragraph_start = sent.start == 0 or "\n" in doc[sent.start - 1].whitespace_ + doc[sent.start - 1].text
        sentence_flags = [f"par={paragraph_start}", f"headline={first_line_end < 0 or sent.start_char < first_line_end}",
                          f"quoted={any(quote[i] != 'out' for i in range(sent.start, sent.end))}",
                          f"colon={any(doc[i].text == ':' for i in range(sent.start, sent.end))}"]
        for token in sent:
            b = base[token.i]
            position = token.i - sent.start
            f = [f"{k}={v}" for k, v in b.items()]
            kids = "+".join(sorted({c.dep_ for c in token.children if c.dep_ in _KEY_CHILD_DEPS}))
            taker, taker_dep = _clause_taker(token)
            f += [f"kids={kids}", f"lk={b['l']}|{'ccomp' in kids or 'parataxis' in kids}", f"cv={taker}",
                  f"cvd={taker_dep}", f"bi={b['w']}|{base[token.i + 1]['w'] if token.i + 1 < sent.end else '-'}"]
            f += [f"dh={token.dep_}|{token.head.pos_}", f"path={_path_to_cue(token)}", f"sh={token.shape_[:4]}",
                  f"suf={token.lower_[-3:]}", f"pos={min(position, 5)}", f"fp={token.lower_ in _FIRST_PERSON}",
                  f"title={token.is_title}", *sentence_flags]
            for offset in (-2, -1, 1, 2):
                i = token.i + offset
                if sent.start <= i < sent.end:
                    n = base[i]
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
