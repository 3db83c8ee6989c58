"""Score extraction on ../shared/bench/extraction (issue 3).

Snippet scoring as in trafilatura's evaluation: a `with` snippet found in the extracted text is a
true positive (else a false negative); a `without` snippet found is a false positive (else a true
negative). Whitespace is collapsed on both sides before matching, identically for every system.

Rows: bare trafilatura (default settings), newsclaims HTML path, newsclaims text-capture path on
full-page inscriptis renders of the same pages. Pages/s times only the extractor call; the two
HTML extractors are timed interleaved page by page so machine load hits both alike. The text
cleaner's line model is trained on half of the corpus (bench/train_line_model.py), so a second
table scores every row on the held-out half alone: the comparison that judges the cleaner. A third
splits the held-out half by page language (py3langid on the page's full render, the same for every
row), so a regression in one language or script shows; languages with fewer than
MIN_LANGUAGE_PAGES held-out pages are pooled.
"""
from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import extraction_corpus as corpus  # noqa: E402  (bench/ is the script's directory)

from flows.config import Settings

SETTINGS = Settings()

EXTRACTORS = ("bare trafilatura", "newsclaims HTML", "newsclaims text-capture")
MIN_LANGUAGE_PAGES = 10


@dataclass
class Score:
    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0
    seconds: float = 0.0
    pages: int = 0

    def add(self, text: str, item: dict) -> None:
        body = corpus.collapse_spaces(text)
        for snippet in item["with"]:
            if corpus.collapse_spaces(snippet) in body:
                self.tp += 1
            else:
                self.fn += 1
        for snippet in item["without"]:
            if corpus.collapse_spaces(snippet) in body:
                self.fp += 1
            else:
                self.tn += 1
        self.pages += 1

    @property
    def precision(self) -> float:
        return self.tp / max(self.tp + self.fp, 1)

    @property
    def recall(self) -> float:
        return self.tp / max(self.tp + self.fn, 1)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / max(p + r, 1e-9)

    @property
    def pages_per_second(self) -> float:
        return self.pages / max(self.seconds, 1e-9)


def _timed(function, *args) -> tuple[str, float]:
    start = time.perf_counter()
    try:
        text = function(*args)
    except Exception:  # noqa: BLE001 -- an extractor crashing on a page scores as an empty extraction
        text = ""
    return text or "", time.perf_counter() - start


def run(limit: int | None, verbose: bool) -> tuple[dict[str, Score], dict[str, Score], dict[str, dict[str, Score]]]:
    """Scores over all pages, over the held-out half (pages the line model was not trained on), and
    over the held-out half by page language."""
    import trafilatura

    from flows.extract import ExtractionError, extract
    from flows.extract.language import detect_language

    def newsclaims(content: str, fmt: str, url: str) -> str:
        # Scores the extraction itself; pages below the quarantine threshold are counted apart.
        try:
            return extract(content, fmt, SETTINGS, url).text
        except ExtractionError as error:
            quarantined[fmt] += 1
            return error.document.text if error.document else ""

    items = corpus.items()[:limit] if limit else corpus.items()
    scores = {name: Score() for name in EXTRACTORS}
    held_out = {name: Score() for name in EXTRACTORS}
    by_language: dict[str, dict[str, Score]] = {}
    render_seconds = 0.0
    quarantined = {"html": 0, "text": 0}
    # One untimed call each first: imports, marker and stopword loading are start-up, not per page.
    warm_up = "<html><body><p>" + "Warm-up paragraph with enough words to be extracted as text. " * 8 + "</p></body></html>"
    trafilatura.extract(warm_up)
    newsclaims(warm_up, "html", None)
    newsclaims(corpus.render(warm_up), "text", None)
    quarantined.update(html=0, text=0)
    for n, (url, item) in enumerate(items, 1):
        html = corpus.read_html(item)
        bare, bare_s = _timed(trafilatura.extract, html)
        ours, ours_s = _timed(newsclaims, html, "html", url)
        start = time.perf_counter()
        rendered = corpus.render(html)
        render_seconds += time.perf_counter() - start
        capture, capture_s = _timed(newsclaims, rendered, "text", url)
        language = detect_language(rendered) or "unknown"
        for name, text, seconds in (("bare trafilatura", bare, bare_s), ("newsclaims HTML", ours, ours_s),
                                    ("newsclaims text-capture", capture, capture_s)):
            scores[name].add(text, item)
            scores[name].seconds += seconds
            if not corpus.is_training_page(item):
                held_out[name].add(text, item)
                held_out[name].seconds += seconds
                by_language.setdefault(language, {n: Score() for n in EXTRACTORS})[name].add(text, item)
        if verbose:
            print(f"{n:4d} {item['file']}", file=sys.stderr)
    print(f"rendered {len(items)} pages with inscriptis at {len(items) / max(render_seconds, 1e-9):.1f} pages/s "
          "(not included in the text-capture row)")
    print(f"below the quarantine threshold (scored anyway): {quarantined['html']} HTML, "
          f"{quarantined['text']} text-capture pages")
    return scores, held_out, by_language


def table(scores: dict[str, Score]) -> str:
    base = scores["bare trafilatura"].pages_per_second
    lines = ["| extractor | precision | recall | F1 | TP | FN | FP | pages/s | speed vs bare |",
             "|---|---|---|---|---|---|---|---|---|"]
    for name, s in scores.items():
        lines.append(f"| {name} | {s.precision:.4f} | {s.recall:.4f} | {s.f1:.4f} | {s.tp} | {s.fn} | {s.fp} | "
                     f"{s.pages_per_second:.1f} | {s.pages_per_second / max(base, 1e-9):.2f}× |")
    s = next(iter(scores.values()))
    lines.append(f"\n{s.pages} pages, {s.tp + s.fn} `with` and {s.fp + s.tn} `without` snippets.")
    return "\n".join(lines)


def language_table(by_language: dict[str, dict[str, Score]], overall: dict[str, Score]) -> str:
    """F1 per language, small languages pooled, with the text path's distance to its overall F1."""
    rows = sorted(by_language.items(), key=lambda item: -item[1]["bare trafilatura"].pages)
    large = [(lang, scores) for lang, scores in rows if scores["bare trafilatura"].pages >= MIN_LANGUAGE_PAGES]
    small = [(lang, scores) for lang, scores in rows if scores["bare trafilatura"].pages < MIN_LANGUAGE_PAGES]
    if small:
        pooled = {name: Score() for name in EXTRACTORS}
        for _, scores in small:
            for name, s in scores.items():
                for counter in ("tp", "fn", "fp", "tn", "pages"):
                    setattr(pooled[name], counter, getattr(pooled[name], counter) + getattr(s, counter))
        large.append((f"other: {', '.join(lang for lang, _ in small)}", pooled))
    text_overall = overall["newsclaims text-capture"].f1
    lines = ["| language | pages | snippets | bare trafilatura F1 | newsclaims HTML F1 | text-capture F1 | "
             "text-capture vs its overall |", "|---|---|---|---|---|---|---|"]
    for lang, scores in large:
        bare, ours, text = (scores[name] for name in EXTRACTORS)
        lines.append(f"| {lang} | {bare.pages} | {bare.tp + bare.fn + bare.fp + bare.tn} | {bare.f1:.4f} | "
                     f"{ours.f1:.4f} | {text.f1:.4f} | {text.f1 - text_overall:+.4f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="score only the first N pages (sorted by URL)")
    parser.add_argument("--verbose", action="store_true", help="print each page as it is scored")
    args = parser.parse_args(argv)
    if not corpus.available():
        print(f"skipping: extraction corpus not found at {corpus.CORPUS}")
        return 0
    scores, held_out, by_language = run(args.limit, args.verbose)
    print("All pages:\n" + table(scores))
    print("\nHeld-out half (pages the text cleaner's line model was not trained on):\n" + table(held_out))
    print("\nHeld-out half by page language:\n" + language_table(by_language, held_out))
    gap = held_out["newsclaims HTML"].f1 - held_out["newsclaims text-capture"].f1
    print(f"\ntext-capture F1 gap to the HTML path on the held-out half: {gap:.4f} (target <= 0.03)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
