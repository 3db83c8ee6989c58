"""Score attributed statements (issue 12) on PolNeAR: attribution P/R/F1 and source accuracy.

PolNeAR (Newell et al. 2018) annotates every attribution of 924 US political news articles with its
source, cue and content spans (``../shared/bench/attribution/polnear/{train,dev}``). Each
statement claim of ``flows.analyze.claims.rows`` is one predicted attribution. A gold attribution
is found when an unmatched predicted one's content span overlaps its content (one to one, greedily,
largest overlap first); precision, recall and F1 are over all (article, annotator) files, micro
averaged. Source accuracy: over found attributions with a gold source, the share whose speaker
span overlaps the gold source span. Cue accuracy likewise. Tune on ``--split train``; report dev.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from flows.analyze import claims
from flows.analyze.claims import statements
from flows.analyze.nlp import english

POLNEAR = REPO_ROOT.parent / "shared" / "bench" / "attribution" / "polnear"

Spans = list[tuple[int, int]]


def read_gold(path: Path) -> list[dict[str, Spans]]:
    """Attributions of one brat ``.ann`` file: role -> fragments (discontinuous spans allowed)."""
    spans: dict[str, tuple[str, Spans]] = {}
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue  # the rest of a span text that runs over a line break
        if line.startswith("T"):
            key, middle = parts[:2]
            role, offsets = middle.split(" ", 1)
            fragments = [tuple(int(x) for x in part.split()) for part in offsets.split(";")]
            spans[key] = (role, fragments)
        elif line.startswith("E"):
            events.append(dict(part.split(":") for part in line.split("\t")[1].split()))
    gold = []
    for event in events:
        roles = {role: spans[key][1] for role, key in event.items() if key in spans and role != "Attribution"}
        if "Content" in roles:
            gold.append(roles)
    return gold


def predicted_from_doc(doc) -> list[dict[str, Spans]]:
    """Each statement claim with a content span, as role -> spans, plus its attribution kind."""
    rows = claims.claim_rows(doc, {})["claims"]
    out = []
    for c in rows:
        if c["claim_type"] != "statement" or c["content_start"] is None:
            continue
        out.append({role: [(c[f"{prefix}_start"], c[f"{prefix}_end"])] if c[f"{prefix}_start"] is not None else []
                    for role, prefix in (("Content", "content"), ("Source", "speaker"), ("Cue", "cue"))}
                   | {"kind": c.get("attribution_kind") or kind_of_cue(c["reporting_verb"])})
    return out


def predicted(text: str) -> list[dict[str, Spans]]:
    return predicted_from_doc(english()(text))


def _overlap(a: Spans, b: Spans) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def score_file(gold: list[dict], pred: list[dict], counts: Counter) -> None:
    counts["gold"] += len(gold)
    counts["predicted"] += len(pred)
    pairs = sorted(((_overlap(g["Content"], p["Content"]), gi, pi) for gi, g in enumerate(gold)
                    for pi, p in enumerate(pred)), reverse=True)
    used_g, used_p = set(), set()
    for overlap, gi, pi in pairs:
        if overlap <= 0 or gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        counts["found"] += 1
        g, p = gold[gi], pred[pi]
        if g.get("Source"):
            counts["with_source"] += 1
            counts["source_ok"] += _overlap(g["Source"], p["Source"]) > 0
        if g.get("Cue"):
            counts["with_cue"] += 1
            counts["cue_ok"] += _overlap(g["Cue"], p["Cue"]) > 0


def kind_of_cue(word: str | None) -> str:
    return "speech" if word in statements.SPEECH_CUES else "stance"


def gold_kinds(doc, gold: list[dict]) -> list[str]:
    """Speech or stance of each gold attribution, by its cue word (stance when it has no cue)."""
    kinds = []
    for g in gold:
        cue = doc.char_span(g["Cue"][0][0], g["Cue"][0][1], alignment_mode="expand") if g.get("Cue") else None
        kinds.append(kind_of_cue(statements.cue_word(cue)) if cue is not None and len(cue) else "stance")
    return kinds


def score_doc(doc, pred: list[dict], annotations: list[Path], counts: Counter, speech: Counter) -> None:
    """Score one article's predictions against each annotator file, all attributions and speech alone."""
    for ann in annotations:
        gold = read_gold(ann)
        score_file(gold, pred, counts)
        score_file([g for g, k in zip(gold, gold_kinds(doc, gold)) if k == "speech"],
                   [p for p in pred if p["kind"] == "speech"], speech)


def run(split: str, limit: int | None) -> tuple[Counter, Counter, float, int]:
    split_dir = POLNEAR / split
    counts: Counter = Counter()
    speech: Counter = Counter()
    seconds = 0.0
    texts = sorted((split_dir / "text").glob("*.txt"))[:limit]
    for text_path in texts:
        text = text_path.read_text(encoding="utf-8")
        start = time.perf_counter()
        doc = english()(text)
        pred = predicted_from_doc(doc)
        seconds += time.perf_counter() - start
        score_doc(doc, pred, sorted((split_dir / "attributions").glob(f"{text_path.stem}_*.ann")), counts, speech)
    return counts, speech, seconds, len(texts)


def report(c: Counter, as_f1: bool = False) -> str | float:
    """One table row's figures: P, R, F1, source and cue accuracy (or the F1 alone)."""
    p = c["found"] / c["predicted"] if c["predicted"] else 0.0
    r = c["found"] / c["gold"] if c["gold"] else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    if as_f1:
        return f1
    return (f"| {c['gold']} | {c['predicted']} | {c['found']} | {p:.3f} | {r:.3f} | {f1:.3f} | "
            f"{c['source_ok'] / max(c['with_source'], 1):.3f} ({c['source_ok']}/{c['with_source']}) | "
            f"{c['cue_ok'] / max(c['with_cue'], 1):.3f} |")


def scaling(sizes: tuple[int, ...] = (1000, 4000)) -> None:
    """Claim extraction time on one synthetic document of N short quotes, for each N: linear when
    the time per quote stays flat (the parse is timed apart; it is linear by construction)."""
    speakers = ["Lena Ortiz", "Omar Haddad", "the ministry", "she", "Ortiz"]
    print("| quotes in one document | characters | parse s | claims.claim_rows s | ms per quote |")
    print("|---|---|---|---|---|")
    for n in sizes:
        text = "".join(f"“The plan is number {i} and it works,” {speakers[i % len(speakers)]} said."
                       + ("\n\n" if i % 4 == 3 else " ") for i in range(n))
        start = time.perf_counter()
        doc = english()(text)
        parsed = time.perf_counter()
        rows = claims.claim_rows(doc, {})
        done = time.perf_counter()
        statements_found = sum(c["claim_type"] == "statement" for c in rows["claims"])
        print(f"| {n} ({statements_found} statements found) | {len(text)} | {parsed - start:.1f} | "
              f"{done - parsed:.2f} | {1000 * (done - parsed) / n:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=["train", "dev"])
    parser.add_argument("--limit", type=int, help="score only the first N articles")
    parser.add_argument("--scaling", action="store_true", help="time one document of 1,000 and of 4,000 quotes")
    args = parser.parse_args()
    if args.scaling:
        scaling()
        return
    if not (POLNEAR / args.split).is_dir():
        print(f"PolNeAR not found at {POLNEAR / args.split}; skipping.")
        return
    english()("Warm-up.")
    c, speech, seconds, n = run(args.split, args.limit)
    print(f"## Attribution on PolNeAR {args.split} ({n} articles, {c['gold']} gold attributions "
          f"over all annotators; parse + claims {1000 * seconds / max(n, 1):.0f} ms/article)\n")
    print("| attributions | gold | predicted | found | precision | recall | F1 | source accuracy | cue accuracy |")
    print("|---|---|---|---|---|---|---|---|---|")
    print(f"| all {report(c)}")
    print(f"| speech cues {report(speech)}")


if __name__ == "__main__":
    main()
