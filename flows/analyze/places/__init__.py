"""Places: toponym recognition in parsed text (``recognize``), and the gazetteer that dbt resolves
mentions against (``gazetteer``). Nothing is imported here: the flow process builds the gazetteer
without loading recognition's spaCy."""
