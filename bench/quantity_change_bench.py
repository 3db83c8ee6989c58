"""Score the change direction of quantities (issue 23: value+change) on real news sentences from ECB+.

The CQE-format sets carry no change, so this set was built for it: 110 sentences of
``../shared/bench/stories/ecb_dev/landing`` (80 drawn at random, seed 2026, from the 3,294 distinct
sentences of 30-300 characters holding a digit; 30 more, same seed, from the 91 holding a figure
followed by "%", "percent" or "per cent", where changes are likelier), labelled by hand before the
extractor's output on them was looked at. ``quantity_change_gold.json`` keeps where each sentence is
(file, character offset, length) and its labels, not the text.

Labelling rule. Every number that counts or measures something is a quantity: counts ("four people",
"10,000 gathered"), money, percentages, measures, ages ("Comeaux, 49"), durations, shares ("one in
every 500", "nearly half of"); with the value as written (scales applied; a range by its ends).
Not quantities: dates, years, decades, clock times, ordinals, names and labels ("Route 52", "9-11",
"week 14", ".38 caliber"), sports scores, records and yard lines ("a 7-0 run", "43-39", "the Colts
17"), vague words without "of" ("hundreds more years"). The change is ``up`` when the sentence
states the number as the size of a rise or the level a rise reached ("increasing by 50 per cent",
"bringing us up to 83%"), ``down`` likewise for a fall ("a 24% drop", "closed down 3.9 percent",
"cut the lead to 3 points"), else ``none`` (a level a verb merely states, "turnout reached 93.87
percent", a share restored or knocked out, a count of victims).

Scoring as ``quantities_bench.py``: a gold quantity is found by an unmatched prediction of the same
value (a range by either end); value+change also needs the same direction (no change is ``none``).
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from flows.analyze.claims.quantities import quantities
from flows.analyze.nlp import english
from quantities_bench import f1, same_value

LANDING = REPO_ROOT.parent / "shared" / "bench" / "stories" / "ecb_dev" / "landing"
GOLD = Path(__file__).resolve().parent / "quantity_change_gold.json"


def main() -> None:
    if not LANDING.is_dir():
        print(f"ECB+ articles not found at {LANDING}; skipping.")
        return
    counts: dict[str, Counter] = {"all": Counter()}
    directions: Counter = Counter()
    for item in json.loads(GOLD.read_text(encoding="utf-8")):
        text = (LANDING / item["file"]).read_text(encoding="utf-8")[item["start"]:item["start"] + item["length"]]
        pred = [{"values": {q["value"]} | ({q["value_high"]} if q["bound"] == "range" else set()),
                 "change": q["change"] or "none"} for sent in english()(text).sents for q in quantities(sent)]
        for name in ("all", item["sample"]):
            tally = counts.setdefault(name, Counter())
            tally["gold"] += len(item["quantities"])
            tally["predicted"] += len(pred)
            tally["gold changes"] += sum(g["change"] != "none" for g in item["quantities"])
            tally["predicted changes"] += sum(p["change"] != "none" for p in pred)
            for key, same in (("value", lambda g, p: True), ("value+change", lambda g, p: g["change"] == p["change"])):
                used: set[int] = set()
                for g in item["quantities"]:
                    match = next((i for i, p in enumerate(pred) if i not in used and same_value(g, p) and same(g, p)),
                                 None)
                    if match is not None:
                        used.add(match)
                        tally[key] += 1
                        if key == "value" and name == "all":
                            directions[(g["change"], pred[match]["change"])] += 1
    print("| sample | gold (changes) | predicted (changes) | value F1 (P/R) | value+change F1 (P/R) |")
    print("|---|---|---|---|---|")
    for name, tally in counts.items():
        print(f"| {name} | {tally['gold']} ({tally['gold changes']}) | {tally['predicted']} ({tally['predicted changes']}) | "
              + " | ".join(f1(tally[k], tally["predicted"], tally["gold"]) for k in ("value", "value+change")) + " |")
    found = sum(directions.values())
    print(f"\nDirection on the {found} value matches: {sum(n for (g, p), n in directions.items() if g == p)} agree; "
          + ", ".join(f"gold {g} / predicted {p}: {n}" for (g, p), n in sorted(directions.items()) if g != p))


if __name__ == "__main__":
    main()
