"""Places: toponym recognition in parsed text, and the gazetteer that dbt resolves mentions against."""
from flows.analyze.places.gazetteer import ensure_gazetteer
from flows.analyze.places.recognize import recognize

__all__ = ["ensure_gazetteer", "recognize"]
