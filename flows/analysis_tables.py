"""The raw tables the analysis stage fills: each column's name and Arrow type name.

Kept apart from flows.schemas, which types them with pyarrow (``arrow_schema``), so that the
analysis children, which only name tables and columns, never import pyarrow: about 60 MB resident
per child (bench/RESULTS.md, issue 27).
"""
from __future__ import annotations

# (column, Arrow type name): flows.schemas.ARROW_TYPES names every type used here.
Columns = tuple[tuple[str, str], ...]

SENTENCES = (
    ("document_id", "string"),
    ("sentence_index", "int32"),
    ("char_start", "int32"),
    ("char_end", "int32"),
)

PLACE_MENTIONS = (
    ("document_id", "string"),
    ("mention_index", "int32"),
    ("sentence_index", "int32"),
    ("surface", "string"),
    ("char_start", "int32"),
    ("char_end", "int32"),
    ("recognizer", "string"),
    ("ner_label", "string"),
    # The place name to look up: the surface without a leading "the" or a trailing feature word.
    ("lookup_name", "string"),
    # flows.analyze.names keys of lookup_name, matched against the gazetteer's keys of the same name.
    ("name_key", "string"),
    ("consonant_key", "string"),
    # "district", "province", "valley", ... when the text says what kind of place it is.
    ("feature_hint", "string"),
    # The country a demonym ("Afghan") or a listed country alias ("UK") stands for.
    ("named_country_code", "string"),
    # "Lexington, Ky.": on "Lexington" the key of what says where it lies ("ky"), on "Ky." the key
    # of the place it qualifies ("lexington").
    ("qualifier_key", "string"),
    ("qualified_key", "string"),
)

CLAIM_COLUMNS: dict[str, Columns] = {
    "claims": (
        ("document_id", "string"),
        ("claim_index", "int32"),
        ("sentence_index", "int32"),
        ("claim_type", "string"),        # statement | event | quantity
        ("event_kind", "string"),        # control_change | attack | protest (events only)
        ("claim_text", "string"),
        ("char_start", "int32"),
        ("char_end", "int32"),
        ("reporting_verb", "string"),    # lemma: say, tweet, tell, claim, report...
        ("quote_kind", "string"),        # direct | indirect (attributed claims only)
        ("attribution_kind", "string"),  # speech (said, told, wrote) | stance (believes, wants, fears)
        ("certainty", "string"),
        ("certainty_cue", "string"),     # the words that set the certainty
        ("negated", "bool"),
        ("tense", "string"),             # past | present | future (events only)
        ("modality", "string"),          # actual | background | hypothetical (events; quantities: hypothetical or null)
        ("content_start", "int32"),      # attributed claims: the quoted or reported words
        ("content_end", "int32"),
        ("speaker_start", "int32"),      # the source (speaker) mention as written
        ("speaker_end", "int32"),
        ("cue_start", "int32"),          # the reporting verb or "according to"
        ("cue_end", "int32"),
    ),
    "claim_quantities": (
        ("document_id", "string"),
        ("claim_index", "int32"),
        ("value", "float64"),
        ("value_low", "float64"),
        ("value_high", "float64"),
        ("bound", "string"),             # exact | lower | upper | approximate | range | vague
        # count | money | percent | percentage_point | measure | age | duration | number | fraction
        ("quantity_kind", "string"),
        ("unit", "string"),              # counts: lemma of what is counted (fighter); else USD, %, pp, km, °C, year
        ("change", "string"),            # up | down when the figure is a change ("rose by", "fell to")
        ("counted", "string"),           # as written: "Taliban fighters", "the defence budget"
        ("counted_key", "string"),       # lemmas of what is counted: "taliban fighter", "defence budget"
        ("outcome", "string"),           # what happened to it: "killed or injured"
        ("surface", "string"),
        ("char_start", "int32"),
        ("char_end", "int32"),
    ),
    "claim_actor_mentions": (
        ("document_id", "string"),
        ("claim_index", "int32"),
        ("mention_role", "string"),      # speaker | subject | object
        ("name", "string"),              # as written, titles removed; null for unnamed actors
        ("title", "string"),             # title or role: "Defence Minister General"
        ("phrase", "string"),            # the whole noun phrase as written
        ("entity_label", "string"),
        ("name_key", "string"),          # transliteration-insensitive key: Massoud = Masood
        ("char_start", "int32"),
        ("char_end", "int32"),
    ),
    "claim_place_refs": (
        ("document_id", "string"),
        ("claim_index", "int32"),
        ("mention_index", "int32"),      # places' place_mentions.mention_index
    ),
    "cited_sources": (
        ("document_id", "string"),
        ("claim_index", "int32"),        # null when the whole document cites it ("with inputs from AFP")
        ("surface", "string"),           # as written: "Tolo News", "Twitter", "former Afghan government officials"
        ("cue", "string"),               # according to | reports | citing | quoted | inputs from | channel
        ("source_kind", "string"),       # named | channel | unnamed
    ),
}

# Every raw table the analysis stage fills, keyed by table name, each with a document_id column.
# flows.analyze.minhash: one row per filled band of a document's MinHash signature.
DOCUMENT_MINHASH = (
    ("document_id", "string"),
    ("band", "int32"),
    ("band_hash", "uint64"),
    ("bin_minima", "list<uint64>"),
)

ANALYSIS_COLUMNS: dict[str, Columns] = {"sentences": SENTENCES, "place_mentions": PLACE_MENTIONS,
                                        "document_minhash": DOCUMENT_MINHASH, **CLAIM_COLUMNS}
