"""Save and load tournament tables as CSV or Parquet, chosen by the file suffix."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from parley.extras import ensure_extra

if TYPE_CHECKING:
    import pandas as pd  # type: ignore[import-untyped]

#: File suffixes understood, and the format each stands for.
FORMATS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}


def pandas() -> ModuleType:
    """The pandas module (tournament tables are data frames: the ``data`` extra)."""
    ensure_extra("data", "tournament tables")
    return importlib.import_module("pandas")


def table_format(path: str | Path) -> str:
    """``csv`` or ``parquet`` from the suffix of ``path`` (ValueError for any other)."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"cannot tell the table format of {str(path)!r}: use .csv, .parquet or .pq")
    return FORMATS[suffix]


def save_table(frame: pd.DataFrame, path: str | Path) -> None:
    """Write ``frame`` without its index, as CSV or Parquet according to the suffix."""
    ensure_extra("data", "saving a tournament table")
    if table_format(path) == "csv":
        frame.to_csv(path, index=False)
    else:
        frame.to_parquet(path, index=False)


def load_table(path: str | Path) -> pd.DataFrame:
    """Read a table written by :func:`save_table`."""
    pd = pandas()
    if table_format(path) == "csv":
        return pd.read_csv(path)
    return pd.read_parquet(path)
