"""Claims: attributed statements, events and quantities in a parsed document, with actors and certainty."""
from flows.analyze.claims.rows import claim_rows, to_json
from flows.schemas import CLAIM_TYPES

__all__ = ["CLAIM_TYPES", "claim_rows", "to_json"]
