"""The word 5-shingles behind near-duplicate detection (dbt macro ``document_shingles``), in every
script: copies of one story share most shingles, different stories almost none. Non-Latin text
was once reduced to nothing, which made every non-Latin document a copy of every other."""
from __future__ import annotations

from pathlib import Path

import duckdb
import jinja2
import pytest

MACROS = Path(__file__).resolve().parents[2] / "dbt" / "macros" / "graph.sql"
STORIES = {
    "ru": ("Правительство объявило сегодня о новых мерах поддержки фермеров в северных регионах страны после засухи.",
           "Футбольный клуб из столицы выиграл кубок в драматичном финале, забив победный гол в последнюю минуту матча."),
    "ko": ("정부는 오늘 가뭄 이후 북부 지역 농민을 위한 새로운 지원 대책을 발표했다고 밝혔다 관계자들이 전했다",
           "수도의 축구 클럽이 극적인 결승전에서 마지막 순간 결승골을 넣어 우승컵을 들어 올렸다고 구단이 밝혔다"),
    "zh": ("政府今天宣布了支持北方地区农民的新措施，以应对严重的干旱。",
           "首都的足球俱乐部在激烈的决赛中赢得了冠军，最后一分钟打进制胜球。"),
}
SUFFIX = {"ru": " Источник: агентство.", "ko": " 연합뉴스", "zh": "记者报道。"}


def jaccard(first: str, second: str) -> float:
    template = jinja2.Environment().from_string(MACROS.read_text() + "{{ document_shingles('docs') }}")
    con = duckdb.connect()
    con.execute("CREATE TABLE docs AS SELECT * FROM (VALUES ('a', ?), ('b', ?)) AS t(document_id, body_text)",
                [first, second])
    shingles = dict(con.execute(f"SELECT document_id, list(shingle) FROM {template.render()} GROUP BY 1").fetchall())
    a, b = set(shingles.get("a", [])), set(shingles.get("b", []))
    return len(a & b) / len(a | b) if a | b else 0.0


@pytest.mark.parametrize("script", sorted(STORIES))
def test_copies_of_a_story_share_shingles_and_other_stories_do_not(script):
    story, other = STORIES[script]
    assert jaccard(story, story + SUFFIX[script]) >= 0.5
    assert jaccard(story, other) < 0.1
