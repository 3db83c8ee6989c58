"""Script-aware line measures for the text cleaner: length, function-word share, sentence ends.

The cleaner's thresholds were set on Latin-script text. A Han or kana character carries about as
much as a short Latin word and a Hangul syllable about two Latin letters, so lengths are counted
in Latin-equivalent characters. Chinese and Japanese put no spaces between words and Korean
attaches its particles to the word before, so whole-token stopword matching finds nothing there:
function characters and particle endings stand in for stopwords.
"""
from __future__ import annotations

import re

# Han, kana, and full-width forms: weigh 3 Latin characters; Hangul syllables 2.
_WIDE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
WIDE_WEIGHT, HANGUL_WEIGHT = 3, 2
# A line with fewer spaces than this share of its characters is in a script written without them.
UNSPACED_MAX_SPACE_SHARE = 1 / 25
# Japanese particles and auxiliaries (hiragana) and the Chinese function characters; spaCy's
# Chinese list has 1,885 entries, many of them content characters, so this set is kept by hand.
_FUNCTION_CHARS = frozenset("のにはをがでともへやかなたてしいだすれるまよね" "的了是在和有也就都而与及对这那我他她们不会被将从把为着之其于以")
# Korean particles and verb endings written onto the word before them.
_KOREAN_ENDINGS = ("은", "는", "이", "가", "을", "를", "의", "에", "와", "과", "도", "로", "고", "며", "다", "서", "만",
                   "께", "요", "게", "면", "지")
# Sentence punctuation of Latin, CJK (full-width), Arabic (question mark, full stop), Devanagari
# (danda) and Greek (question mark is ";"), with closing quotes and brackets after it.
SENTENCE_END = re.compile(r"[.!?。！？．…:;؟۔।॥][\"'”’»)\]」』）》〕]*$|[\"”’»」』]$")


def reading_length(text: str) -> int:
    """Length in Latin-equivalent characters."""
    return len(text) + (WIDE_WEIGHT - 1) * len(_WIDE.findall(text)) + (HANGUL_WEIGHT - 1) * len(_HANGUL.findall(text))


def is_unspaced(text: str) -> bool:
    return text.count(" ") < len(text) * UNSPACED_MAX_SPACE_SHARE


def function_word_share(content: str, tokens: list[str], stops: frozenset[str]) -> float:
    """Share of a line's words that are function words, for spaced and unspaced scripts alike.

    Unspaced text counts function characters against an estimate of its words (two characters
    each); Hangul words count when they end in a particle or verb ending.
    """
    if is_unspaced(content):
        wide = len(_WIDE.findall(content))
        if not wide:
            return 0.0
        return min(sum(char in _FUNCTION_CHARS for char in content) / (wide / 2), 1.0)
    if not tokens:
        return 0.0
    hits = sum(token in stops or (_HANGUL.match(token[-1]) is not None and token.endswith(_KOREAN_ENDINGS))
               for token in tokens)
    return hits / len(tokens)


_TOKEN = re.compile(r"\w+", re.UNICODE)
CONTENT_WORD_MIN_LENGTH = 4  # Latin-equivalent characters


def content_words(text: str, stops: frozenset[str]) -> list[str]:
    """A line's content words: tokens of some length that are not function words; runs of Han or
    kana (no spaces to split them) give their character pairs, a rough stand-in for words."""
    words = []
    for token in (token.lower() for token in _TOKEN.findall(text)):
        if token in stops:
            continue
        if len(token) > 2 and _WIDE.search(token):
            words += [token[i:i + 2] for i in range(len(token) - 1)]
        elif reading_length(token) >= CONTENT_WORD_MIN_LENGTH:
            words.append(token)
    return words
