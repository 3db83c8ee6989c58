"""Score quantity extraction (issue 12) on the CQE-format gold sets: value, value+unit, value+change F1.

Gold: ``../shared/bench/quantities/{currency,dimension,age,temperature}-model.json`` (Almasian et al.,
EMNLP 2023, from Microsoft Recognizers-Text specs). Issue 23's rules were developed looking at the
even-numbered sentences of each set only; the odd-numbered half is reported apart as the check.

A gold quantity is found when an unmatched predicted quantity of the same sentence has the same value
(a range, gold or predicted, matches either end). Value+unit also needs the unit name (``units.unit_name``,
named as CQE names units; a count by what it counts, ``counted_key``); value+change the change: ``up``/``down`` for a change, else the bound as
``=`` exact, ``~`` approximate, ``>`` lower, ``<`` upper (a gold quantity without one is ``=``).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from flows.analyze.claims.quantities import quantities
from flows.analyze.claims.units import unit_name
from flows.analyze.nlp import english

GOLD = REPO_ROOT.parent / "shared" / "bench" / "quantities"
SETS = ("currency", "dimension", "age", "temperature")
_CHANGE_BY_BOUND = {"exact": "=", "range": "=", "approximate": "~", "vague": "~", "lower": ">", "upper": "<"}


def predicted(doc) -> list[dict]:
    found = []
    for sent in doc.sents:
        for q in quantities(sent):
            # CQE names a count's unit by what it counts ("100 people": people, "four empty houses": empty
            # house), a repetition ("7 times") `count`, a bare number's "-"
            unit = ("count" if q["unit"] == "time" else q["counted_key"]) if q["quantity_kind"] == "count" \
                else "-" if q["quantity_kind"] == "number" else unit_name(q["quantity_kind"], q["unit"])
            values = {q["value"]} | ({q["value_high"]} if q["bound"] == "range" else set())
            found.append({"values": values, "unit": unit, "change": q["change"] or _CHANGE_BY_BOUND[q["bound"]]})
    return found


def same_value(gold: dict, pred: dict) -> bool:
    """Same value; a gold range ("8-10") matches a prediction holding either end, and a gold share
    written to two decimals ("one-third": 0.33) the exact fraction it rounds."""
    text = str(gold["value"])
    parts = [float(p) for p in text.split("-") if p] if "-" in text[1:] else [float(text)]
    def tolerance(value: float) -> float:
        return 0.005 if 0 < value < 1 and len(text.partition(".")[2]) == 2 else 1e-6 * max(1.0, abs(value))
    return any(abs(v - value) <= tolerance(value) for value in parts for v in pred["values"] if v is not None)


def score(items: list[dict], counts: Counter, misses: list[str] | None = None) -> None:
    """Add one set's matches to ``counts``, and its parse and extraction seconds; with ``misses``, add
    a line for each gold quantity not found by value or unit and each prediction matching nothing."""
    for item in items:
        start = time.perf_counter()
        doc = english()(item["text"])
        parsed = time.perf_counter()
        pred = predicted(doc)
        counts["parse_s"] += parsed - start
        counts["quantities_s"] += time.perf_counter() - parsed
        counts["sentences"] += 1
        counts["predicted"] += len(pred)
        counts["gold"] += len(item["quantities"])
        for key, same in (("value", lambda g, p: True),
                          ("value+unit", lambda g, p: p["unit"] == (g.get("normalized_unit") or "").lower()),
                          ("value+change", lambda g, p: p["change"] == (g.get("change") or "="))):
            used: set[int] = set()
            for g in item["quantities"]:
                match = next((i for i, p in enumerate(pred) if i not in used and same_value(g, p) and same(g, p)), None)
                if match is not None:
                    used.add(match)
                    counts[key] += 1
                elif misses is not None and key != "value+change":
                    misses.append(f"{key} missed {g['value']} {g.get('normalized_unit')!r}: {item['text']}")
            if misses is not None and key == "value":
                misses.extend(f"spurious {sorted(p['values'])} {p['unit']!r}: {item['text']}"
                              for i, p in enumerate(pred) if i not in used)


def f1(found: int, predicted: int, gold: int) -> str:
    p = found / predicted if predicted else 0.0
    r = found / gold if gold else 0.0
    return f"{2 * p * r / (p + r):.3f} ({p:.2f}/{r:.2f})" if p + r else "0.000"


def _row(name: str, counts: Counter) -> str:
    n = counts["sentences"]
    return (f"| {name} | {n} | {counts['gold']} | {counts['predicted']} | "
            + " | ".join(f1(counts[k], counts["predicted"], counts["gold"]) for k in ("value", "value+unit", "value+change"))
            + f" | {1000 * counts['parse_s'] / n:.1f} | {1000 * counts['quantities_s'] / n:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true",
                        help="list the development half's misses (the check half stays unread)")
    args = parser.parse_args()
    if not GOLD.is_dir():
        print(f"Quantity gold sets not found at {GOLD}; skipping.")
        return
    start = time.perf_counter()
    quantities(next(english()("Warm-up: 5 picometres for $3 and R3.2bn.").sents))  # loads the model, unit and symbol tables
    print(f"one-time load (spaCy model, unit registries, local currency symbols): {time.perf_counter() - start:.1f} s\n")
    total: Counter = Counter()
    halves: tuple[Counter, Counter] = (Counter(), Counter())
    misses: list[str] = []
    print("| set | sentences | gold | predicted | value F1 (P/R) | value+unit F1 | value+change F1 "
          "| ms/sentence parse | ms/sentence quantities |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name in SETS:
        items = json.loads((GOLD / f"{name}-model.json").read_text(encoding="utf-8"))
        counts: Counter = Counter()
        for half, part, listed in zip(halves, (items[0::2], items[1::2]), (misses if args.misses else None, None)):
            before = Counter(half)
            score(part, half, listed)
            counts.update(half - before)
        total.update(counts)
        print(_row(name, counts))
    print(_row("**all**", total))
    # Changes were developed looking at the even-numbered sentences of each set only.
    print(_row("development half (even items)", halves[0]))
    print(_row("check half (odd items)", halves[1]))
    if misses:
        print("\nDevelopment half misses:\n" + "\n".join(misses))


if __name__ == "__main__":
    main()
