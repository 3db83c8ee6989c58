"""Claims: attributed statements, events and quantities in a parsed document, with actors and certainty."""
from flows.analyze.claims.rows import claim_rows, to_json
__all__ = ["claim_rows", "to_json"]
