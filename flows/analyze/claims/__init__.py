"""Claims: attributed statements, events and quantities in a parsed document, with actors and certainty."""
from flows.analyze.claims.extract import extract, to_json
from flows.schemas import CLAIM_TYPES

__all__ = ["CLAIM_TYPES", "extract", "to_json"]
