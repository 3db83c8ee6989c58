"""The analyst questions in ``dbt/analyses/``, rendered to SQL that runs against the published file.

An analysis only uses ``{{ ref('model') }}``; every model it may refer to is a mart, a table of
schema ``marts`` in the published file. Rendering that with Jinja (the templating dbt itself uses)
gives the same SQL as ``dbt compile`` minus the database name, without starting dbt or opening
the warehouse read-write.
"""
from __future__ import annotations

from pathlib import Path

import jinja2

from flows.config import Settings


class UnknownAnalysis(LookupError):
    pass


def analysis_names(settings: Settings) -> list[str]:
    return sorted(p.stem for p in (settings.dbt_dir / "analyses").glob("*.sql"))


def _ref(model: str) -> str:
    return f"marts.{model}"


def render_analysis(name: str, settings: Settings) -> str:
    path: Path = settings.dbt_dir / "analyses" / f"{Path(name).stem}.sql"
    if not path.exists():
        raise UnknownAnalysis(f"no analysis {name!r}; there are: {', '.join(analysis_names(settings))}")
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    return environment.from_string(path.read_text(encoding="utf-8")).render(ref=_ref)
