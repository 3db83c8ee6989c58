"""Learn the weights place resolution gives its evidence (seed place_resolution_weights) from a
geoparsing gold standard in ../shared/bench/geo.

The corpus goes through the nightly code path (``flows.cli.scratch.scratch_build``: analysis, then the
dbt place models); each mention that overlaps a gold toponym with coordinates gives its candidates
with their evidence (int_place_candidate_features). A candidate is right when it lies within
161 km of the gold point. A country or division whose point is farther from the annotator's point
of the same area (corpora differ in where they put a country) is right when it is the nearest
candidate, within 1,500 km, and so are candidates almost as near. The weights are those of a
conditional logit over each mention's candidates, the model whose softmax int_place_resolutions
reports as confidence: they maximise the log of the probability it gives the right candidates,
with an L2 penalty. It writes them to bench/out (--output); copied over the seed, bench/geo_bench.py
reports them on the other corpus. ``--scale-only`` fits one factor for the current weights instead:
the ranking stays and the confidences become the probabilities the corpus supports. The shipped
seed is the hand-set weights scaled so on TR-News: see bench/RESULTS.md for how fully learned
weights compare, and which pinned facts they lose.

    .venv/bin/python bench/train_resolution_model.py [--corpus TR-News] [--output PATH] [--l2 1.0] [--scale-only]
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import duckdb
import numpy as np
from scipy.optimize import minimize, minimize_scalar

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import geo_bench  # noqa: E402  (bench/ is the script's directory)

from flows.config import Settings  # noqa: E402
from flows.cli.scratch import scratch_build  # noqa: E402

WEIGHTS = REPO / "seeds" / "reference" / "place_resolution_weights.csv"
RIGHT_KM = 161.0
AREA_KM = 1_500.0
AREAS = ("PCLI", "CONT", "RGN", "ADM1", "ADM2")


def read_weights(path: Path) -> dict[str, float]:
    with path.open(newline="", encoding="utf-8") as f:
        return {row["evidence"]: float(row["weight"]) for row in csv.DictReader(f)}


def candidate_groups(corpus: str, settings: Settings, evidence: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per gold-matched mention with two or more candidates: its evidence matrix and which are right."""
    articles = geo_bench.load(corpus)
    documents = [(str(i), a.text, None) for i, a in enumerate(articles)]
    with scratch_build(documents, settings, [a.url for a in articles]) as (rows, state_db, _):
        with duckdb.connect(str(state_db), read_only=True) as con:
            con.execute(f"attach '{settings.gazetteer_db}' as gazetteer (read_only)")
            candidates = con.sql(f"""
                select f.document_id, f.mention_index, p.feature_code, p.latitude, p.longitude,
                    {', '.join(f'f.{name}' for name in evidence)}
                from intermediate.int_place_candidate_features as f
                inner join gazetteer.places as p using (place_id)
                order by f.document_id, f.mention_index, f.place_id
            """).fetchall()
    by_mention: dict[tuple[str, int], list] = {}
    for row in candidates:
        by_mention.setdefault((row[0], row[1]), []).append(row[2:])
    groups = []
    for mention in rows["place_mentions"]:
        found = by_mention.get((mention["document_id"], mention["mention_index"]))
        if not found or len(found) < 2:
            continue
        article = articles[int(mention["document_id"])]
        gold = next((g for g in article.gold if g.lat is not None
                     and g.overlaps(mention["char_start"], mention["char_end"])), None)
        if gold is None:
            continue
        km = np.array([np.inf if lat is None else geo_bench.haversine_km(gold.lat, gold.lon, lat, lon)
                       for _, lat, lon, *_ in found])
        right = km <= RIGHT_KM
        nearest = int(km.argmin())
        if not right.any() and found[nearest][0] in AREAS and km[nearest] <= AREA_KM:
            right = km <= 1.2 * km[nearest]
        if right.any() and not right.all():
            groups.append((np.array([features for _, _, _, *features in found], dtype=float), right))
    return groups


def neg_log_likelihood(groups: list[tuple[np.ndarray, np.ndarray]], w: np.ndarray) -> tuple[float, np.ndarray]:
    """Minus the sum over mentions of log P(right) under a softmax of X @ w over the mention's
    candidates, and its gradient in w."""
    total, grad = 0.0, np.zeros_like(w)
    for x, right in groups:
        s = x @ w
        p = np.exp(s - s.max())
        p /= p.sum()
        p_right = p[right].sum()
        total -= np.log(max(p_right, 1e-300))
        # d(-log P(right))/dw = E_p[x] - E_{p | right}[x]
        grad = grad + p @ x - (p * right) @ x / p_right
    return total, grad


def fit(groups: list[tuple[np.ndarray, np.ndarray]], l2: float) -> np.ndarray:
    """Weights minimising neg_log_likelihood plus l2 |w|^2 / 2."""
    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        total, grad = neg_log_likelihood(groups, w)
        return total + 0.5 * l2 * w @ w, grad + l2 * w

    return minimize(loss, np.zeros(groups[0][0].shape[1]), jac=True, method="L-BFGS-B").x


def fit_scale(groups: list[tuple[np.ndarray, np.ndarray]], weights: np.ndarray) -> float:
    """The factor t maximising the same likelihood for t x weights: the ranking stays, and the
    softmax confidences become the probabilities the corpus supports."""
    return float(minimize_scalar(lambda t: neg_log_likelihood(groups, t * weights)[0], bounds=(0.05, 20.0),
                                 method="bounded").x)


def top1(groups, w: np.ndarray) -> float:
    return float(np.mean([right[int(np.argmax(x @ w))] for x, right in groups]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=sorted(geo_bench.CORPORA), default="TR-News")
    parser.add_argument("--output", type=Path, default=REPO / "bench" / "out" / "place_resolution_weights.csv",
                        help="the CSV to write; copy it over the seed to bench or ship it")
    parser.add_argument("--l2", type=float, default=1.0, help="L2 penalty on the weights")
    parser.add_argument("--scale-only", action="store_true",
                        help="fit one factor for the current weights: calibrates confidence, keeps the ranking")
    args = parser.parse_args()
    if not geo_bench.GEO_DIR.is_dir():
        print(f"skipped: {geo_bench.GEO_DIR} not found")
        return 0
    current = read_weights(WEIGHTS)
    evidence = list(current)
    groups = candidate_groups(args.corpus, Settings(), evidence)
    current_weights = np.array([current[name] for name in evidence])
    if args.scale_only:
        scale = fit_scale(groups, current_weights)
        print(f"scale {scale:.3f}")
        weights = scale * current_weights
    else:
        weights = fit(groups, args.l2)
    print(f"{args.corpus}: {len(groups)} mentions with right and wrong candidates; right candidate ranked "
          f"first {top1(groups, current_weights):.3f} with the current weights, "
          f"{top1(groups, weights):.3f} with the learned ones")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with args.output.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["evidence", "weight"])
        for name, weight in zip(evidence, weights):
            writer.writerow([name, f"{weight:.4f}"])
            print(f"  {name:28} {current[name]:7.3f} -> {weight:7.3f}")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
