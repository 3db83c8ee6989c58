"""newsclaims: raw news pages -> DuckDB warehouse of documents, sources, claims and places."""
