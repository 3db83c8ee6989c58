"""Offline documentation beside the warehouse: the dbt docs as one static page, and the Great
Expectations data docs of the published file (a rejected candidate's kept apart, clearly named).
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from flows.config import Settings
from flows.site.links import link_bar
from flows.warehouse.dbt import run_dbt
from flows.warehouse.state import write_atomically


class NothingPublished(RuntimeError):
    pass


def promote_data_docs(settings: Settings) -> None:
    """The run published: its validation now describes the published file."""
    _move(settings.candidate_data_docs_dir, settings.data_docs_dir)
    shutil.rmtree(settings.rejected_data_docs_dir, ignore_errors=True)  # superseded by a passing run


def set_aside_rejected_data_docs(settings: Settings) -> None:
    """The gate rejected the candidate: its validation goes beside the published file's, not over it."""
    _move(settings.candidate_data_docs_dir, settings.rejected_data_docs_dir)


def _move(source: Path, target: Path) -> None:
    if not source.exists():
        return
    shutil.rmtree(target, ignore_errors=True)
    os.replace(source, target)


def build_dbt_docs(settings: Settings) -> Path:
    """``dbt docs generate --static`` over a copy of the published file, written beside it.

    dbt opens its databases read-write; working on a copy never locks analysts out of the
    published file, which is only ever replaced whole, so copying it is safe. The state file,
    which a run may hold, is stood in for by an empty one: the catalog describes the marts.
    """
    if not settings.warehouse.exists():
        raise NothingPublished(f"{settings.warehouse} does not exist yet: run `newsclaims run` first")
    with tempfile.TemporaryDirectory(prefix="newsclaims-docs-") as scratch:
        snapshot = Path(scratch) / settings.warehouse.name
        shutil.copyfile(settings.warehouse, snapshot)
        target = Path(scratch) / "target"
        run_dbt(snapshot, settings, "docs generate", state_db=Path(scratch) / "state.duckdb", target_dir=target,
                extra_args=("--static",))
        page = (target / "static_index.html").read_text(encoding="utf-8")
    bar = link_bar(settings, settings.dbt_docs_file)
    style = ("<style>.newsclaims-links{position:fixed;bottom:0;right:0;z-index:9999;background:#fff;"
             "padding:4px 10px;border:1px solid #ccc;font:13px sans-serif}</style>")
    page = page.replace("<body>", "<body>" + style + bar, 1) if bar else page
    write_atomically(settings.dbt_docs_file, page)
    return settings.dbt_docs_file
