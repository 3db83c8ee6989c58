"""Score toponym recognition and resolution on the geoparsing gold standards in ../shared/bench/geo.

Each article text is written to a file and run through ``flows.cli.scratch.analyze_files``, the code
path of ``newsclaims analyze``. Recognition: a predicted span matches a gold toponym when they
overlap. Demonym mentions ("Afghan", stored as references to their country) count: TR-News
annotates adjectival place references as toponyms, GeoVirus does not, so ``F1 without demonyms``
is printed too.
Resolution: over matched toponyms with gold coordinates, the share within 161 km, the median error
in km (an unresolved prediction counts as a miss at 20,000 km) and the AUC of error (area under the
curve of sorted log errors scaled by ln 20,039 km, 0 best, 1 worst; Gritta et al. 2018), and how
well the reported confidence predicts a resolution within 161 km (expected calibration error).
The gazetteer is built (if need be) before the clock starts, and its build time reported apart.
Each article goes in with its page's address (TR-News <url>, GeoVirus <source>), so the articles
of one site inform each other's home region as in the warehouse; ``--no-urls`` leaves them out.

The span selector of place recognition is trained on one corpus (bench/train_place_model.py; the
shipped model on TR-News), so its figures on that corpus are in-sample: report it on the other.

    .venv/bin/python bench/geo_bench.py [--limit N] [--misses N] [--corpus NAME ...] [--span-model PATH] [--no-urls]
"""
from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

GEO_DIR = REPO.parent / "shared" / "bench" / "geo"
UNRESOLVED_KM = 20_000.0


@dataclass(frozen=True)
class Toponym:
    start: int
    end: int
    lat: float | None
    lon: float | None

    def overlaps(self, start: int, end: int) -> bool:
        """Whether the span [start, end) shares a character with this toponym: a match."""
        return start < self.end and self.start < end


def _float(element, tag: str) -> float | None:
    text = element.findtext(tag)
    return float(text) if text and text.strip() else None


@dataclass(frozen=True)
class Article:
    text: str
    gold: list[Toponym]
    url: str | None  # the page's address: articles of one site share its home region


def load_tr_news(path: Path) -> list[Article]:
    articles = []
    for article in ET.parse(path).getroot().iter("article"):
        gold = []
        for toponym in article.iter("toponym"):
            gaztag = toponym.find("gaztag")
            lat, lon = (_float(gaztag, "lat"), _float(gaztag, "lon")) if gaztag is not None else (None, None)
            gold.append(Toponym(int(toponym.findtext("start")), int(toponym.findtext("end")), lat, lon))
        articles.append(Article(article.findtext("text"), gold, (article.findtext("url") or "").strip() or None))
    return articles


def load_geovirus(path: Path) -> list[Article]:
    articles = []
    for article in ET.parse(path).getroot().iter("article"):
        gold = [Toponym(int(loc.findtext("start")), int(loc.findtext("end")), _float(loc, "lat"), _float(loc, "lon"))
                for loc in article.iter("location")]
        articles.append(Article(article.findtext("text"), gold, (article.findtext("source") or "").strip() or None))
    return articles


CORPORA = {"TR-News": (load_tr_news, "TR-News.xml"), "GeoVirus": (load_geovirus, "GeoVirus.xml")}


def load(corpus: str) -> list[Article]:
    loader, file = CORPORA[corpus]
    return loader(GEO_DIR / file)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def auc_of_error(errors: list[float]) -> float:
    """Area under the curve of sorted errors, each scaled as ln(1 + km) / ln(20,039), over [0, 1]."""
    if len(errors) < 2:
        return 0.0
    scaled = sorted(math.log1p(e) / math.log(20_039) for e in errors)
    return sum((a + b) / 2 for a, b in zip(scaled, scaled[1:])) / (len(scaled) - 1)


def calibration_error(confident: list[tuple[float, bool]], bins: int = 10) -> float:
    """Expected calibration error: over ten equal-width confidence bins, the gap between mean
    confidence and the share resolved within 161 km, weighted by the bin's mentions (0 best)."""
    binned: dict[int, list[tuple[float, bool]]] = {}
    for confidence, right in confident:
        binned.setdefault(min(int(confidence * bins), bins - 1), []).append((confidence, right))
    return sum(abs(sum(c for c, _ in b) - sum(r for _, r in b)) for b in binned.values()) / max(len(confident), 1)


def score(articles, results, misses: list | None = None, demonyms: bool = True) -> dict:
    true_pos = false_pos = false_neg = 0
    errors, confident = [], []
    for article, result in zip(articles, results):
        text, gold = article.text, article.gold
        predicted = [p for p in result["places"] if demonyms or p["recognizer"] != "demonym"]
        false_pos += sum(1 for p in predicted if not any(g.overlaps(p["start"], p["end"]) for g in gold))
        for g in gold:
            hits = [p for p in predicted if g.overlaps(p["start"], p["end"])]
            if not hits:
                false_neg += 1
                continue
            true_pos += 1
            if g.lat is None:
                continue
            located = [p for p in hits if p["latitude"] is not None]
            error, best = min(((haversine_km(g.lat, g.lon, p["latitude"], p["longitude"]), p) for p in located),
                              default=(UNRESOLVED_KM, hits[0]), key=lambda pair: pair[0])
            errors.append(error)
            if best.get("confidence") is not None:
                confident.append((best["confidence"], error <= 161))
            if misses is not None and error > 161:
                misses.append((error, text[g.start:g.end], g, best))
    precision = true_pos / (true_pos + false_pos) if true_pos + false_pos else 0.0
    recall = true_pos / (true_pos + false_neg) if true_pos + false_neg else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision, "recall": recall, "f1": f1,
        "acc161": sum(e <= 161 for e in errors) / len(errors) if errors else 0.0,
        "median_km": statistics.median(errors) if errors else 0.0,
        "auc": auc_of_error(errors),
        "ece": calibration_error(confident),
        "gold": true_pos + false_neg, "resolved_scored": len(errors),
    }


def run(name: str, articles, settings, limit: int | None, misses: list | None = None,
        with_urls: bool = True) -> dict:
    from flows.cli.scratch import analyze_files

    articles = articles[:limit] if limit else articles
    with tempfile.TemporaryDirectory(prefix="geo-bench-") as tmp:
        paths = []
        for i, article in enumerate(articles):
            path = Path(tmp) / f"{i:04d}.txt"
            path.write_text(article.text, encoding="utf-8")
            paths.append(path)
        started = time.perf_counter()
        results = analyze_files(paths, settings, urls=[a.url for a in articles] if with_urls else None)
        seconds = time.perf_counter() - started
    without_demonyms = score(articles, results, demonyms=False)["f1"]
    return {"corpus": name, "docs": len(articles), "docs_per_s": len(articles) / seconds,
            "f1_without_demonyms": without_demonyms, **score(articles, results, misses)}


def _print_misses(corpus: str, misses: list, n: int) -> None:
    """The worst misses, grouped by gold surface: how often, the prediction and its distance."""
    grouped: dict[tuple, list] = {}
    for error, surface, g, p in misses:
        key = (surface, p.get("name"), p.get("country_code"))
        grouped.setdefault(key, []).append((error, g, p))
    print(f"--- {corpus}: {len(misses)} misses, worst groups by count")
    for (surface, name, country), items in sorted(grouped.items(), key=lambda kv: -len(kv[1]))[:n]:
        error, g, p = items[0]
        print(f"{len(items):3d}x {surface!r:28} -> {name!r} {country} admin1={p.get('admin1')!r} "
              f"({p.get('latitude')}, {p.get('longitude')}) gold ({g.lat}, {g.lon}) {error:.0f} km")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="score only the first N articles of each corpus")
    parser.add_argument("--misses", type=int, default=0, help="print the N worst resolution misses of each corpus")
    parser.add_argument("--corpus", choices=sorted(CORPORA), action="append",
                        help="score only this corpus (repeatable; default both)")
    parser.add_argument("--no-urls", action="store_true",
                        help="analyse the texts without their pages' addresses (so no publisher home region)")
    parser.add_argument("--span-model", type=Path,
                        help="the place span selector's trees (default the shipped one, trained on TR-News)")
    args = parser.parse_args()
    if not GEO_DIR.is_dir():
        print(f"skipped: {GEO_DIR} not found")
        return 0

    from flows.analyze import ensure_gazetteer
    from flows.config import Settings

    settings = Settings()
    if args.span_model:
        settings = settings.model_copy(update=dict(place_span_model=args.span_model.resolve()))
    started = time.perf_counter()
    if ensure_gazetteer(settings.gazetteer_db):
        print(f"gazetteer built in {time.perf_counter() - started:.1f} s")
    for name in args.corpus or list(CORPORA):
        misses = [] if args.misses else None
        r = run(name, load(name), settings, args.limit, misses, with_urls=not args.no_urls)
        if misses:
            _print_misses(name, misses, args.misses)
        print(f"{r['corpus']}: docs {r['docs']}, gold {r['gold']}, P {r['precision']:.3f} R {r['recall']:.3f} "
              f"F1 {r['f1']:.3f} (without demonyms {r['f1_without_demonyms']:.3f}), acc@161 {r['acc161']:.3f} over "
              f"{r['resolved_scored']}, median {r['median_km']:.1f} km, AUC {r['auc']:.3f}, "
              f"confidence ECE {r['ece']:.3f}, {r['docs_per_s']:.2f} docs/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
