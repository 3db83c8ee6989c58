"""Score claim extraction (issue 5) on the hand-written gold set in bench/claims_gold/.

Two sets: the articles in claims_gold/ were used while developing the extractor (a development
set); those in claims_gold/heldout/ were written and annotated afterwards and not tuned on.

A gold claim is found when an unmatched predicted claim of the same type (and event kind) has the
gold claim's anchor text inside its claim_text; quantities prefer a candidate with the same value.
Reports precision and recall by claim type, then, over found claims: exact quantity value, value
with bound, unit, speaker name, speaker title and certainty accuracy, and place linkage (when the
gazetteer is built). Costs: milliseconds per document for the spaCy parse, place recognition and
each part of claim extraction, on the gold articles and on the cleaned sample pages.
"""
from __future__ import annotations

import argparse
import importlib
import json
import re
import sys
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from flows.analyze import claims
from flows.analyze.nlp import english
from flows.analyze.places import recognize as places
from flows.config import Settings
from flows.extract import extract as extract_page
from flows.schemas import CLAIM_TYPES
from extraction_stage_bench import timed  # noqa: E402  (bench/ is the script's directory)

SETTINGS = Settings()
# The module whose functions are timed (its globals are wrapped below).
claim_rows_module = importlib.import_module("flows.analyze.claims.rows")

GOLD = Path(__file__).resolve().parent / "claims_gold"
SAMPLES = REPO_ROOT / "seeds" / "pages"
_SPACES = re.compile(r"\s+")
# Parts of claims extraction, timed by wrapping the functions flows.analyze.claims.rows calls.
PARTS = {"attribution": "attribute", "events": "event_verbs", "quantities": "quantities",
         "actors": "event_actors", "name resolution": "resolve_names"}


def _norm(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


@contextmanager
def timed_parts(seconds: Counter):
    originals = {part: getattr(claim_rows_module, name) for part, name in PARTS.items()}

    for part, name in PARTS.items():
        setattr(claim_rows_module, name, timed(originals[part], seconds, part, clock=time.perf_counter))
    try:
        yield
    finally:
        for part, name in PARTS.items():
            setattr(claim_rows_module, name, originals[part])


def analyse(text: str, seconds: Counter, with_places: bool) -> dict[str, list[dict]]:
    start = time.perf_counter()
    doc = english()(text)
    seconds["spaCy parse"] += time.perf_counter() - start
    per_doc: dict[str, list[dict]] = {}
    if with_places:
        start = time.perf_counter()
        per_doc.update(places.recognize(doc, SETTINGS))
        seconds["places.recognize"] += time.perf_counter() - start
    start = time.perf_counter()
    with timed_parts(seconds):
        per_doc.update(claims.claim_rows(doc, per_doc))
    seconds["claims.claim_rows (total)"] += time.perf_counter() - start
    return per_doc


def predicted_claims(rows: dict[str, list[dict]]) -> list[dict]:
    quantity = {q["claim_index"]: q for q in rows["claim_quantities"]}
    speaker = {}
    for m in rows["claim_actor_mentions"]:
        if m["mention_role"] == "speaker":
            speaker.setdefault(m["claim_index"], m)
    surfaces = {p["mention_index"]: p["surface"] for p in rows.get("place_mentions", [])}
    place_names = defaultdict(set)
    for ref in rows["claim_place_refs"]:
        place_names[ref["claim_index"]].add(surfaces[ref["mention_index"]])
    return [{**c, "text": _norm(c["claim_text"]), "quantity": quantity.get(c["claim_index"]),
             "speaker": speaker.get(c["claim_index"]), "places": place_names[c["claim_index"]]}
            for c in rows["claims"]]


def match(gold: list[dict], predicted: list[dict]) -> list[tuple[dict, dict]]:
    used: set[int] = set()
    pairs = []
    for g in gold:
        candidates = [p for p in predicted if p["claim_index"] not in used and p["claim_type"] == g["type"]
                      and p["event_kind"] == g.get("event_kind") and _norm(g["anchor"]) in p["text"]]
        if g["type"] == "quantity":
            candidates.sort(key=lambda p: p["quantity"]["value"] != g["value"])
        if candidates:
            used.add(candidates[0]["claim_index"])
            pairs.append((g, candidates[0]))
    return pairs


def _is_speech(claim: dict) -> bool:
    """Statements reporting speech; before attribution kinds existed (issue 23) every statement did."""
    return claim["claim_type"] == "statement" and claim.get("attribution_kind", "speech") == "speech"


def _same(a: str | None, b: str | None) -> bool:
    return (a or "").casefold().strip() == (b or "").casefold().strip()


def score(gold_dir: Path, with_places: bool, show_misses: bool = False) -> tuple[dict, Counter, int]:
    counts = defaultdict(Counter)
    seconds: Counter = Counter()
    articles = sorted(gold_dir.glob("*.json"))
    for path in articles:
        article = json.loads(path.read_text(encoding="utf-8"))
        predicted = predicted_claims(analyse(article["text"], seconds, with_places))
        pairs = match(article["claims"], predicted)
        if show_misses:
            found_gold = [id(g) for g, _ in pairs]
            found_predicted = {p["claim_index"] for _, p in pairs}
            for g in article["claims"]:
                if id(g) not in found_gold:
                    print(f"missed   {article['id']}: {g['type']} {g.get('event_kind') or ''} «{g['anchor']}»")
            for p in predicted:
                if p["claim_index"] not in found_predicted:
                    print(f"spurious {article['id']}: {p['claim_type']} {p['event_kind'] or ''} «{p['text'][:80]}»")
            for g, p in pairs:
                if g["certainty"] != p["certainty"]:
                    print(f"certainty {article['id']}: {g['certainty']} ≠ {p['certainty']} «{g['anchor']}»")
        for g in article["claims"]:
            counts[g["type"]]["gold"] += 1
        for p in predicted:
            counts[p["claim_type"]]["predicted"] += 1
            counts[p["claim_type"]]["speech_predicted"] += _is_speech(p)
        for g, p in pairs:
            c = counts[g["type"]]
            c["found"] += 1
            c["speech_found"] += _is_speech(p)
            c["certainty_ok"] += g["certainty"] == p["certainty"]
            if g["type"] == "quantity":
                q = p["quantity"]
                c["value_ok"] += q["value"] == g["value"]
                c["value_bound_ok"] += q["value"] == g["value"] and q["bound"] == g["bound"]
                c["unit_ok"] += q["unit"] == g["unit"]
            if g["type"] == "statement":
                s = p["speaker"] or {}
                c["speaker_ok"] += _same(s.get("name"), g["speaker"]) and (
                    g["speaker"] is not None or g.get("speaker_title", "").casefold() in (s.get("title") or "").casefold())
                if g.get("speaker_title") and g["speaker"]:
                    c["titled"] += 1
                    c["title_ok"] += _same(s.get("title"), g["speaker_title"])
            if with_places and "places" in g:
                c["gold_places"] += len(g["places"])
                c["predicted_places"] += len(p["places"])
                c["places_ok"] += len(set(g["places"]) & p["places"])
    return counts, seconds, len(articles)


def sample_costs(with_places: bool) -> tuple[Counter, int]:
    seconds: Counter = Counter()
    pages = sorted(SAMPLES.glob("*.txt"))
    for page in pages:
        analyse(extract_page(page.read_text(encoding="utf-8"), "text", SETTINGS).text, seconds, with_places)
    return seconds, len(pages)


def _pct(num: int, den: int) -> str:
    return f"{100 * num / den:.0f}% ({num}/{den})" if den else "n/a"


def print_scores(title: str, counts: dict, with_places: bool) -> None:
    print(f"## Claim extraction: {title}\n")
    print("| claim type | gold | predicted | found | precision | recall |")
    print("|---|---|---|---|---|---|")
    total = Counter()
    for claim_type in CLAIM_TYPES:
        c = counts[claim_type]
        total.update({k: c[k] for k in ("gold", "predicted", "found")})
        print(f"| {claim_type} | {c['gold']} | {c['predicted']} | {c['found']} | "
              f"{_pct(c['found'], c['predicted'])} | {_pct(c['found'], c['gold'])} |")
    s = counts["statement"]
    print(f"| statement, speech only | {s['gold']} | {s['speech_predicted']} | {s['speech_found']} | "
          f"{_pct(s['speech_found'], s['speech_predicted'])} | {_pct(s['speech_found'], s['gold'])} |")
    print(f"| all | {total['gold']} | {total['predicted']} | {total['found']} | "
          f"{_pct(total['found'], total['predicted'])} | {_pct(total['found'], total['gold'])} |\n")
    q, s = counts["quantity"], counts["statement"]
    found = sum(counts[t]["found"] for t in CLAIM_TYPES)
    print("| on found claims | accuracy |\n|---|---|")
    print(f"| quantity exact value | {_pct(q['value_ok'], q['found'])} |")
    print(f"| quantity value and bound | {_pct(q['value_bound_ok'], q['found'])} |")
    print(f"| quantity unit | {_pct(q['unit_ok'], q['found'])} |")
    print(f"| speaker (name, or description when unnamed) | {_pct(s['speaker_ok'], s['found'])} |")
    print(f"| speaker title, named speakers with a title | {_pct(s['title_ok'], s['titled'])} |")
    print(f"| certainty | {_pct(sum(counts[t]['certainty_ok'] for t in CLAIM_TYPES), found)} |")
    if with_places:
        places_ok = sum(counts[t]["places_ok"] for t in CLAIM_TYPES)
        print(f"| place links precision | {_pct(places_ok, sum(counts[t]['predicted_places'] for t in CLAIM_TYPES))} |")
        print(f"| place links recall | {_pct(places_ok, sum(counts[t]['gold_places'] for t in CLAIM_TYPES))} |")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-places", action="store_true", help="skip place recognition and place scoring")
    parser.add_argument("--misses", action="store_true", help="list missed and spurious claims")
    args = parser.parse_args()
    with_places = not args.no_places and SETTINGS.gazetteer_db.exists()
    # Loading the model and the gazetteer's name list is a one-off, not a per-document cost.
    warm_up = english()("Warm-up in Paris.")
    if with_places:
        places.recognize(warm_up, SETTINGS)
    gold_seconds, n_articles = Counter(), 0
    for name, gold_dir in (("development set", GOLD), ("held-out set", GOLD / "heldout")):
        counts, seconds, n = score(gold_dir, with_places, args.misses)
        gold_seconds.update(seconds)
        n_articles += n
        print_scores(f"{name}, {n} articles", counts, with_places)
    sample_seconds, n_pages = sample_costs(with_places)
    print("## Cost per document (ms)\n")
    print(f"| part | gold articles (n={n_articles}) | sample pages (n={n_pages}) |\n|---|---|---|")
    for part in ["spaCy parse", "places.recognize", "claims.claim_rows (total)", *PARTS]:
        if part in gold_seconds or part in sample_seconds:
            print(f"| {part} | {1000 * gold_seconds[part] / n_articles:.1f} | {1000 * sample_seconds[part] / n_pages:.1f} |")


if __name__ == "__main__":
    main()
