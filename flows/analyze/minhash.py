"""MinHash signatures of documents' word 5-shingles, for near-duplicate detection in dbt
(int_document_independence): computed once per document in the analysis stage, so a build only
reads them (signing every document in SQL held 4 GB at 10,000 documents in a full build).

One-permutation MinHash: each shingle hash falls in one of 120 bins, a bin keeps its smallest hash
(0 when empty); 40 bands of 3 bins. Two documents with Jaccard similarity 0.5 share a band with
probability 1 - (1 - 0.5^3)^40 = 99.5 %, at 0.7 with > 99.999 %, and their similarity is estimated
as the bins whose minima agree over the bins filled in either. Words are runs of letters and digits
in any script; Chinese and Japanese characters, written without spaces, count as one word each.
"""
from __future__ import annotations

import hashlib
import struct

import regex

BINS = 120
BAND_BINS = 3
SHINGLE_WORDS = 5
IDEOGRAPH = regex.compile(r"([\p{Han}\p{Hiragana}\p{Katakana}])")
NOT_WORD = regex.compile(r"[^\p{L}\p{N}]+")


def _hash(data: bytes) -> int:
    """64-bit, never 0 (0 marks an empty bin)."""
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little") or 1


def words(text: str) -> list[str]:
    return [w for w in NOT_WORD.split(IDEOGRAPH.sub(r" \1 ", text.lower())) if w]


def shingles(text: str) -> set[int]:
    """Hashes of the text's distinct word 5-shingles (one shingle of all words when fewer)."""
    found = words(text)
    if not found:
        return set()
    return {_hash(" ".join(found[i:i + SHINGLE_WORDS]).encode())
            for i in range(max(len(found) - SHINGLE_WORDS + 1, 1))}


def signature(text: str) -> list[dict]:
    """One row per band with a filled bin: band, band_hash (of its three minima) and bin_minima."""
    minima = [0] * BINS
    for shingle in shingles(text):
        bin_ = shingle % BINS
        if minima[bin_] == 0 or shingle < minima[bin_]:
            minima[bin_] = shingle
    rows = []
    for band in range(BINS // BAND_BINS):
        values = minima[band * BAND_BINS:(band + 1) * BAND_BINS]
        if any(values):
            rows.append({"band": band, "band_hash": _hash(struct.pack("<3Q", *values)), "bin_minima": values})
    return rows

