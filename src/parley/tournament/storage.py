"""Save and load tournament tables as CSV or Parquet, chosen by the file suffix."""

from __future__ import annotations

from pathlib import Path

import pandas as pd  # type: ignore[import-untyped]

#: File suffixes understood, and the format each stands for.
FORMATS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}


def table_format(path: str | Path) -> str:
    """``csv`` or ``parquet`` from the suffix of ``path`` (ValueError for any other)."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"cannot tell the table format of {str(path)!r}: use .csv, .parquet or .pq")
    return FORMATS[suffix]


def save_table(frame: pd.DataFrame, path: str | Path) -> None:
    """Write ``frame`` without its index, as CSV or Parquet according to the suffix."""
    if table_format(path) == "csv":
        frame.to_csv(path, index=False)
    else:
        frame.to_parquet(path, index=False)


def load_table(path: str | Path) -> pd.DataFrame:
    """Read a table written by :func:`save_table`."""
    if table_format(path) == "csv":
        return pd.read_csv(path)
    return pd.read_parquet(path)
