"""MinHash signatures for near-duplicate detection, in every script: copies of one story agree in
most bins, different stories in almost none. Non-Latin text was once reduced to nothing, which made
every non-Latin document a copy of every other."""
from __future__ import annotations

import pytest

from flows.analyze.minhash import BAND_BINS, shingles, signature

STORIES = {
    "en": ("The government announced new measures today to support farmers in the northern regions after the drought.",
           "The football club from the capital won the cup in a dramatic final, scoring in the last minute of the match."),
    "ru": ("Правительство объявило сегодня о новых мерах поддержки фермеров в северных регионах страны после засухи.",
           "Футбольный клуб из столицы выиграл кубок в драматичном финале, забив победный гол в последнюю минуту матча."),
    "ko": ("정부는 오늘 가뭄 이후 북부 지역 농민을 위한 새로운 지원 대책을 발표했다고 밝혔다 관계자들이 전했다",
           "수도의 축구 클럽이 극적인 결승전에서 마지막 순간 결승골을 넣어 우승컵을 들어 올렸다고 구단이 밝혔다"),
    "zh": ("政府今天宣布了支持北方地区农民的新措施，以应对严重的干旱。",
           "首都的足球俱乐部在激烈的决赛中赢得了冠军，最后一分钟打进制胜球。"),
}
SUFFIX = {"en": " Source: agency.", "ru": " Источник: агентство.", "ko": " 연합뉴스", "zh": "记者报道。"}


def estimate(first: str, second: str) -> float:
    """What int_document_independence computes: bins whose minima agree over bins filled in either."""
    def bins(text: str) -> dict[int, int]:
        return {r["band"] * BAND_BINS + i: v for r in signature(text) for i, v in enumerate(r["bin_minima"]) if v}

    a, b = bins(first), bins(second)
    filled = a.keys() | b.keys()
    return sum(a.get(k) == b.get(k) for k in filled) / len(filled)


@pytest.mark.parametrize("script", sorted(STORIES))
def test_copies_of_a_story_agree_and_other_stories_do_not(script):
    story, other = STORIES[script]
    assert estimate(story, story + SUFFIX[script]) >= 0.5
    assert estimate(story, other) < 0.1


def test_the_estimate_follows_the_exact_jaccard_similarity_of_long_texts():
    words = [f"w{i}" for i in range(2000)]
    first, second = " ".join(words[:1500]), " ".join(words[500:])  # 1,000 of 2,000 shingles shared
    exact = len(shingles(first) & shingles(second)) / len(shingles(first) | shingles(second))
    assert abs(estimate(first, second) - exact) < 0.1


def test_a_signature_has_a_row_per_filled_band_and_none_for_text_without_words():
    rows = signature(" ".join(f"w{i}" for i in range(1000)))
    assert [r["band"] for r in rows] == list(range(40))
    assert all(len(r["bin_minima"]) == BAND_BINS and all(r["bin_minima"]) for r in rows)
    assert signature("— … !!") == []
