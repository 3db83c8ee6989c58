"""Text captures in scripts other than Latin, one-paragraph articles, and the densest-block fallback."""
from __future__ import annotations

import pytest

from flows.config import REPO_ROOT, Settings
from flows.extract import ExtractionError, extract
from flows.extract.markers import load_markers
from flows.extract.scripts import function_word_share, is_unspaced, reading_length
from flows.extract.textcapture import clean_capture

SETTINGS = Settings()
MARKERS = load_markers(SETTINGS.reference_dir)
FIXTURES = REPO_ROOT / "tests" / "fixtures" / "extraction"

# (fixture, language, article paragraph openings, navigation lines, comment lines)
CAPTURES = [
    ("capture_ko.txt", "ko",
     ["항구 다리가 2년에 걸친", "기술진은 다리를", "시장은 개통식에서", "강 양쪽의 상인들은", "교통 당국은"],
     ["정치", "스포츠", "회원가입"],
     ["드디어 열렸네요.", "공사비가 너무 많이 들었다는"]),
    ("capture_ja.txt", "ja",
     ["2年間にわたる補修工事を", "技術者たちは橋を", "市長は開通式で", "川の両岸の商店主たちは", "交通当局は"],
     ["政治", "スポーツ", "ログイン"],
     ["やっと開通しましたね。", "工事費がかかりすぎだと"]),
    ("capture_ar.txt", "ar",
     ["أعيد فتح جسر الميناء", "واستبدل المهندسون", "وقال رئيس البلدية", "ويأمل أصحاب المحلات", "وتتوقع سلطات النقل"],
     ["سياسة", "رياضة", "تسجيل الدخول"],
     ["أخيرا فتح الجسر", "ألا تعتقدون أن تكلفة"]),
]


@pytest.mark.parametrize("name, language, article, navigation, comments", CAPTURES)
def test_capture_in_another_script_keeps_its_article(name, language, article, navigation, comments):
    capture = clean_capture((FIXTURES / name).read_text(), MARKERS)
    body_lines = capture.body.splitlines()
    assert capture.language == language
    for opening in article:
        assert any(line.startswith(opening) for line in body_lines), f"lost paragraph {opening!r}"
    for line in navigation:
        assert line not in body_lines
    for opening in comments:
        assert opening not in capture.body
        assert any(block.kind == "comment" and block.text.startswith(opening) for block in capture.removed)


def test_article_of_one_long_paragraph_is_kept_alone():
    capture = clean_capture((FIXTURES / "capture_one_paragraph.txt").read_text(), MARKERS)
    assert capture.body.startswith("The temporary flood barriers along the lower town held")
    assert capture.body.endswith("inspected by divers.")
    assert "\n" not in capture.body
    assert "Cup final tickets sell out in an hour" not in capture.body


@pytest.mark.parametrize("text, unspaced", [
    ("政府は21日、新しい橋の開通を発表した。", True),
    ("市政府21日宣布，新桥将于本周末通车。", True),
    ("시의회는 다리가 이번 주말까지 개통될 것이라고 밝혔다.", False),
    ("The council said the bridge would open.", False),
])
def test_scripts_without_spaces_are_told_apart(text, unspaced):
    assert is_unspaced(text) is unspaced


def test_length_is_counted_per_script():
    assert reading_length("bridge") == 6
    assert reading_length("橋") == 3
    assert reading_length("다리") == 4


@pytest.mark.parametrize("prose, menu", [
    ("政府は21日、新しい橋の開通を発表した。", "ニュース政治経済国際スポーツ"),
    ("시의회는 다리가 이번 주말까지 개통될 것이라고 밝혔다.", "정치 경제 사회 국제 스포츠 연예"),
    ("市政府21日宣布，新桥将于本周末通车。", "首页新闻体育财经科技"),
])
def test_function_words_tell_prose_from_menus_without_stopword_tokens(prose, menu):
    share = lambda text: function_word_share(text, text.split(), frozenset())
    assert share(prose) >= 0.2 > share(menu)


def test_quarantine_names_the_largest_candidate_block():
    capture = "\n".join(["Home", "News", "Sport", "", "Weather warning for the coast.", "Roads closed.", "",
                         "Contact", "Imprint"])
    with pytest.raises(ExtractionError) as error:
        extract(capture, "text", SETTINGS)
    assert "largest candidate block: lines 4-5" in error.value.reason
    assert "'Weather warning for the coast." in error.value.reason


def test_densest_prose_block_replaces_a_body_under_the_minimum():
    article = ["Weather warning for the coast tonight, the council said on Monday.",
               "Residents near the harbour should move their cars to higher ground before the tide."]
    capture = "\n".join(["Home", "News", "", *article, "", "Contact"])
    assert clean_capture(capture, MARKERS).body == ""  # the line stages alone keep nothing
    cleaned = clean_capture(capture, MARKERS, min_body_chars=100)
    assert cleaned.body.splitlines() == article
    assert (cleaned.largest_block.first_line, cleaned.largest_block.last_line) == (3, 4)


def test_a_brief_of_whole_sentences_is_news_but_a_date_line_or_a_cookie_notice_is_not():
    # ECB+ has one-paragraph news briefs; the 200-character minimum quarantined 59 of them.
    brief = "Sixers' coach Jim O'Brien was fired today and taking over will be Maurice Cheeks."
    assert extract(f"76ers fire O'Brien\n\n{brief}\n", "text", SETTINGS).text == brief
    for page in ("Esther Williams dies at 91\n\nJune 06, 2013\n",
                 "News\n\nWe use cookies to give you the best experience on our website.\n"):
        with pytest.raises(ExtractionError):
            extract(page, "text", SETTINGS)


def test_a_call_to_the_reader_is_no_brief():
    # the one page of the extraction corpus the brief rule first let through: a teaser's questions
    with pytest.raises(ExtractionError):
        extract("Blog\n\nVariablen sind kein Problem für dich? Dann schau doch mal, ob du unser Puzzle lösen "
                "kannst und gewinnst!\n", "text", SETTINGS)
