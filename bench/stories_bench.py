"""Stories and cross-document claim clusters (issue 24) on ECB+ (../shared/bench/stories/ecb_dev/).

The articles go through the nightly job as they are (``newsclaims run`` on the landing directory:
extraction, analysis, dbt, gate, publish), and the published marts are scored against ECB+'s
sub-topics, each one event (two similar events per topic: two earthquakes, two shootings):
- stories: B-cubed precision, recall and F1 of fct_documents.story_id against the sub-topics (a
  document the run quarantined counts as a story of its own);
- documents grouped by shared claim clusters (connected components), scored the same way: what
  the clusters alone say about which documents report the same thing;
- cross-document claim links: pairs of claims of different documents in one cluster, the share
  whose documents are of one sub-topic (one event), by claim type;
- events reached: the share of sub-topics with a cluster holding claims of two of their documents;
- disputes: multi-document clusters flagged has_dispute, a sample of them printed with their
  claims for judging by hand (the judgements are listed in bench/RESULTS.md).
Scores are given for all topics, the odd topics (tuned on) and the even ones (not tuned on).

    .venv/bin/python bench/stories_bench.py [--work-dir DIR] [--disputes N]

With --work-dir the warehouse is kept, and a second run re-analyses nothing: only what changed
(the dbt project, say) is rebuilt; --score-only scores it as it is (today's figures come from a
warehouse built with main's dbt project: NEWSCLAIMS_DBT_DIR). Skips (exit 0) when the corpus is absent.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from itertools import combinations
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
ECB = REPO_ROOT.parent / "shared" / "bench" / "stories" / "ecb_dev"

SPLITS = {"all topics": lambda topic: True,
          "odd topics (tuned on)": lambda topic: topic % 2 == 1,
          "even topics (held out)": lambda topic: topic % 2 == 0}


def run_pipeline(landing: Path, warehouse: Path) -> None:
    command = [str(REPO_ROOT / ".venv" / "bin" / "newsclaims"), "run", "--landing", str(landing),
               "--warehouse", str(warehouse)]
    done = subprocess.run(command, capture_output=True, text=True)
    print(done.stdout.strip())
    if done.returncode != 0:
        sys.exit(f"newsclaims run failed ({done.returncode}):\n{done.stderr[-4000:]}")


def b_cubed(predicted: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a grouping of the gold items (item -> group label)."""
    by_predicted, by_gold = defaultdict(set), defaultdict(set)
    for item in gold:
        by_predicted[predicted[item]].add(item)
        by_gold[gold[item]].add(item)
    precision = recall = 0.0
    for item in gold:
        same = by_predicted[predicted[item]] & by_gold[gold[item]]
        precision += len(same) / len(by_predicted[predicted[item]])
        recall += len(same) / len(by_gold[gold[item]])
    precision, recall = precision / len(gold), recall / len(gold)
    return precision, recall, 2 * precision * recall / (precision + recall)


def components(nodes: list[str], edges: list[tuple[str, str]]) -> dict[str, str]:
    parent = {n: n for n in nodes}

    def find(n: str) -> str:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for a, b in edges:
        parent[find(a)] = find(b)
    return {n: find(n) for n in nodes}


def load(warehouse: Path) -> dict:
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        columns = {c for (c,) in con.execute("select column_name from information_schema.columns "
                                             "where table_name = 'fct_documents'").fetchall()}
        story = "story_id" if "story_id" in columns else "null"
        documents = con.execute(f"select document_id, landing_path, {story} from marts.fct_documents").fetchall()
        claims = con.execute("select claim_id, document_id, claim_type, cluster_id, certainty, quantity_value, "
                             "quantity_unit, quantity_counted, claim_text from marts.fct_claims").fetchall()
        disputed = [c for (c,) in con.execute("select cluster_id from marts.fct_claim_clusters "
                                              "where has_dispute and n_documents > 1 order by md5(cluster_id)")
                    .fetchall()]
    finally:
        con.close()
    return {"documents": documents, "claims": claims, "disputed": disputed, "has_stories": story != "null"}


def score(data: dict, gold: dict[str, dict], keep) -> dict:
    in_split = {name for name, g in gold.items() if keep(int(g["topic"]))}
    subtopic = {name: gold[name]["subtopic"] for name in in_split}
    path_of = {document_id: Path(landing).name for document_id, landing, _ in data["documents"]}
    story_of = {path_of[d]: story for d, _, story in data["documents"] if path_of[d] in in_split}
    result = {"documents": len(in_split), "loaded": len(story_of)}
    if data["has_stories"]:
        predicted = {name: story_of.get(name) or f"quarantined:{name}" for name in in_split}
        result["stories"] = b_cubed(predicted, subtopic)
        result["n_stories"] = len(set(predicted.values()))
    members = defaultdict(list)
    for claim_id, document_id, claim_type, cluster_id, *_ in data["claims"]:
        if path_of[document_id] in in_split:
            members[cluster_id].append((path_of[document_id], claim_type))
    pairs, same, by_type = 0, 0, defaultdict(lambda: [0, 0])
    reached, doc_edges = set(), []
    for claims in members.values():
        documents = {name for name, _ in claims}
        if len(documents) < 2:
            continue
        ordered = sorted(documents)
        doc_edges += list(zip(ordered, ordered[1:]))
        for (name_a, type_a), (name_b, type_b) in combinations(claims, 2):
            if name_a == name_b:
                continue
            hit = subtopic[name_a] == subtopic[name_b]
            pairs, same = pairs + 1, same + hit
            for claim_type in {type_a, type_b}:
                by_type[claim_type][0] += 1
                by_type[claim_type][1] += hit
            if hit:
                reached.add(subtopic[name_a])
    grouped = components(sorted(in_split), [e for e in doc_edges if e[0] in in_split])
    result.update(pairs=pairs, same=same, by_type=dict(by_type), reached=len(reached),
                  events=len(set(subtopic.values())), by_clusters=b_cubed(grouped, subtopic),
                  largest_group=max(list(grouped.values()).count(g) for g in set(grouped.values())))
    return result


def _pct(num: float, den: float) -> str:
    return f"{num / den:.2f} ({num}/{den})" if den else "n/a"


def print_scores(title: str, r: dict) -> None:
    print(f"\n### {title}: {r['documents']} documents, {r['loaded']} loaded, {r['events']} events\n")
    print("| measure | value |\n|---|---|")
    if "stories" in r:
        p, rc, f = r["stories"]
        print(f"| stories (story_id) B-cubed P / R / F1 | {p:.3f} / {rc:.3f} / {f:.3f} ({r['n_stories']} stories) |")
    p, rc, f = r["by_clusters"]
    print(f"| documents grouped by shared claim clusters, B-cubed P / R / F1 | {p:.3f} / {rc:.3f} / {f:.3f} "
          f"(largest group {r['largest_group']} documents) |")
    print(f"| cross-document claim links within one event | {_pct(r['same'], r['pairs'])} |")
    for claim_type, (pairs, same) in sorted(r["by_type"].items()):
        print(f"| ... links touching a {claim_type} claim | {_pct(same, pairs)} |")
    print(f"| events with a cross-document cluster between two of their documents | "
          f"{_pct(r['reached'], r['events'])} |")


def print_disputes(data: dict, gold: dict[str, dict], sample: int) -> None:
    path_of = {document_id: Path(landing).name for document_id, landing, _ in data["documents"]}
    claims = defaultdict(list)
    for claim_id, document_id, claim_type, cluster_id, certainty, value, unit, counted, text in data["claims"]:
        claims[cluster_id].append((path_of[document_id], claim_type, certainty, value, unit, counted, text))
    print(f"\n### Multi-document clusters flagged has_dispute: {len(data['disputed'])}; "
          f"the first {min(sample, len(data['disputed']))} by md5(cluster_id), for judging\n")
    for cluster_id in data["disputed"][:sample]:
        print(f"- cluster {cluster_id}")
        for name, claim_type, certainty, value, unit, counted, text in sorted(claims[cluster_id]):
            quantity = f" [{value} {unit} of {counted}]" if value is not None else ""
            print(f"  - {name} ({gold.get(name, {}).get('subtopic')}) {claim_type} {certainty}{quantity}: "
                  f"{' '.join(text.split())[:160]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work-dir", type=Path, help="keep the warehouse here (default: a temp dir)")
    parser.add_argument("--disputes", type=int, default=10, help="flagged disputes printed for judging")
    parser.add_argument("--score-only", action="store_true",
                        help="score the warehouse already in --work-dir (built by another checkout, say) without a run")
    args = parser.parse_args()
    if not (ECB / "gold.json").exists():
        print(f"skipped: {ECB} not found")
        return 0
    gold = json.loads((ECB / "gold.json").read_text(encoding="utf-8"))
    work = args.work_dir or Path(tempfile.mkdtemp(prefix="newsclaims-stories-"))
    warehouse = work / "newsclaims.duckdb"
    if not args.score_only:
        run_pipeline(ECB / "landing", warehouse)
    data = load(warehouse)
    print(f"## Stories on ECB+ development topics ({len(gold)} articles)")
    for title, keep in SPLITS.items():
        print_scores(title, score(data, gold, keep))
    print_disputes(data, gold, args.disputes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
