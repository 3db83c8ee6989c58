"""How the offline pages name each other (the line of links every page carries) and name paths to a person."""
from __future__ import annotations

import html
import os
from pathlib import Path

from flows.config import Settings


def relative(path: Path) -> str:
    """A path as short as it can be said from the working directory."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _links(settings: Settings, here: Path) -> list[tuple[str, Path]]:
    pages = [("nightly report", settings.report_file), ("data docs (published file)", settings.data_docs_dir / "index.html"),
             ("data docs (last rejected candidate)", settings.rejected_data_docs_dir / "index.html"),
             ("dbt docs", settings.dbt_docs_file)]
    return [(label, path) for label, path in pages if path.exists() and path != here]


def link_bar(settings: Settings, here: Path) -> str:
    """A line of relative links to the other offline pages beside the warehouse."""
    links = " · ".join(
        f'<a href="{html.escape(os.path.relpath(path, here.parent))}">{html.escape(label)}</a>'
        for label, path in _links(settings, here))
    return f'<nav class="newsclaims-links">{links}</nav>' if links else ""
