"""The shipped English pipeline annotates every token as the stock ``en_core_web_sm`` does (its
lemmas in the order of spaCy 3.8.8 and later, see ``IndexFormsFirstLemmatizer``), and a process
that loaded it ends without DuckDB's bindings reporting leaks."""
import subprocess
import sys

from flows.analyze.nlp import english, stock_english

# Every kind of attribute-ruler pattern: tag-only, word and tag, dependency ("but" as adverb,
# pronoun case by role, auxiliaries), whitespace tokens, and the multi-token ones ("there is",
# "ain't", "gonna", "gotta", "let's", "c'mon", "y'all") whose tokens are lemmatized anew.
TEXT = """There is no doubt, the minister said on Tuesday: "I ain't gonna resign, and we've gotta
stay."  Let's see, c'mon,  y'all know it.

But she had told them that 3,000 protesters were arrested in Kyiv, and it was reported that
prices rose 4.5% in May. Those who'd been there didn't say. Him and me, we did it ourselves."""


def annotations(doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_type_, t.is_sent_start)
            for t in doc]


def test_shipped_pipeline_annotates_like_the_stock_model():
    stock = stock_english()
    # twice: the first pass fills the memo, the second reads it
    assert annotations(english()(TEXT)) == annotations(stock(TEXT))
    assert annotations(english()(TEXT)) == annotations(stock(TEXT))
    assert "attribute_ruler" not in english().pipe_names and "lemmatizer" not in english().pipe_names


def test_lemmas_put_a_form_of_the_index_first_as_spacy_3_8_8_does():
    # spaCy is pinned to 3.8.7, whose rule lemmatizer gives "hope", "rate", "fine", "shine" here;
    # the rows before the pin came from 3.8.8's order, which the shipped pipeline keeps
    lemmas = {t.text: t.lemma_ for t in english()("He hopes the film, rated R, was fined while shining.")}
    assert [lemmas[w] for w in ("hopes", "rated", "fined", "shining")] == ["hop", "rat", "fin", "shin"]


def test_a_process_that_loaded_the_model_ends_without_leak_reports():
    # `newsclaims analyze` in short: DuckDB imported, the model loaded (its objects frozen), a parse
    ended = subprocess.run([sys.executable, "-c", "import duckdb; from flows.analyze.nlp import english; "
                            "duckdb.connect().execute('SELECT 1'); english()('Prices rose 4.5% in May.')"],
                           capture_output=True, text=True, check=True)
    assert "leak" not in ended.stderr
