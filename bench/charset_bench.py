"""How well a page with no declared charset is decoded: real article text from the extraction corpus
(../shared/bench/extraction), Western European pages re-encoded as Latin-1/windows-1252 and Central
European ones as windows-1250/ISO-8859-2, each wrapped in HTML without a charset, then decoded by
``flows.ingest.discover.decode`` (chardetng, the detector Firefox uses) and, for comparison, by
charset-normalizer (what decoded such pages before) in the same run. A page counts as right when the
decoded text equals the original; also reported: how often a wrong guess was flagged low-confidence.

    python bench/charset_bench.py [--chars 400 2000]
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import extraction_corpus as corpus  # noqa: E402

from flows.ingest.discover import decode_guessed  # noqa: E402

WESTERN = {"fr": "cp1252", "de": "cp1252", "es": "cp1252", "it": "cp1252", "pt": "cp1252", "nl": "cp1252",
           "da": "latin-1", "sv": "latin-1", "no": "latin-1", "fi": "latin-1", "ca": "latin-1"}
CENTRAL = {"pl": "cp1250", "cs": "cp1250", "sk": "iso-8859-2", "hu": "iso-8859-2", "hr": "cp1250",
           "sl": "cp1250", "ro": "iso-8859-2"}


def _article_text(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html) or ""


def _charset_normalizer(raw: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    return str(best) if best is not None else None


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chars", type=int, nargs="+", default=[400, 2000])
    args = parser.parse_args()
    if not corpus.available():
        print("skipped: ../shared/bench/extraction is not there")
        return 0
    import py3langid

    encodings = {**WESTERN, **CENTRAL}
    samples = []
    for _, item in corpus.items():
        text = _article_text(corpus.read_html(item))
        language, _ = py3langid.classify(text) if text else (None, 0)
        if language not in encodings or not any(ord(c) > 127 for c in text):
            continue
        samples.append((language, text))
    print(f"{len(samples)} pages with non-ASCII text in {len(encodings)} languages: "
          + ", ".join(f"{k} {v}" for k, v in sorted(Counter(lang for lang, _ in samples).items())))
    for chars in args.chars:
        results: dict[str, Counter] = defaultdict(Counter)
        for language, text in samples:
            text = text[:chars]
            encoding = encodings[language]
            try:
                raw = f"<html><body><p>{text}</p></body></html>".encode(encoding)
            except UnicodeEncodeError:
                continue  # a character the legacy encoding lacks (curly quotes in Latin-1, emoji)
            group = "western" if language in WESTERN else "central"
            decoded, doubt = decode_guessed(raw)
            confident = doubt is None
            right = text in decoded
            results[group]["pages"] += 1
            results[group]["chardetng right"] += right
            results[group]["wrong, flagged low-confidence"] += (not right) and not confident
            results[group]["right, flagged low-confidence"] += right and not confident
            results[group]["charset-normalizer right"] += text in (_charset_normalizer(raw) or "")
        for group, counts in results.items():
            pages = counts["pages"]
            print(f"first {chars} chars, {group}: {pages} pages; " + "; ".join(
                f"{name} {counts[name]} ({counts[name] / pages:.1%})" for name in (
                    "chardetng right", "charset-normalizer right", "wrong, flagged low-confidence",
                    "right, flagged low-confidence")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
