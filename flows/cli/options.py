"""What the commands share: how one is declared, its ``--warehouse`` option and the settings it gives."""
from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from flows.config import Settings

WAREHOUSE_HELP = "published DuckDB file (default: warehouse/newsclaims.duckdb or $NEWSCLAIMS_WAREHOUSE)"


def add_command(sub, name: str, func: Callable[[argparse.Namespace], int], help: str,
                warehouse: bool = True) -> argparse.ArgumentParser:
    """A subcommand running ``func``; with ``warehouse``, it takes ``--warehouse``."""
    parser = sub.add_parser(name, help=help)
    if warehouse:
        parser.add_argument("--warehouse", help=WAREHOUSE_HELP)
    parser.set_defaults(func=func)
    return parser


def settings_of(args: argparse.Namespace) -> Settings:
    """Settings with the warehouse ``--warehouse`` names, if it names one."""
    return Settings().with_paths(warehouse=Path(args.warehouse) if args.warehouse else None)
