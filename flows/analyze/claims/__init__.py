"""Claims: attributed statements, events and quantities in a parsed document, with actors and certainty."""
from flows.analyze.claims.extract import CLAIM_TYPES, extract, to_json

__all__ = ["CLAIM_TYPES", "extract", "to_json"]
