"""Stakeholder tables from CSV files: Actor, Capability, Position, Salience, with located errors."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import numpy.typing as npt

from parley.actors import StakeholderTable
from parley.formats.errors import ScenarioError

FloatArray = npt.NDArray[np.float64]

#: Accepted header names (lower case) for each column; the first is the canonical one.
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "actor": ("actor", "stakeholder"),
    "capability": ("capability", "resources"),
    "position": ("position",),
    "salience": ("salience",),
}


def read_stakeholder_csv(
    path: str | Path, *, issue: str | None = None, salience_scale: float | None = 1.0
) -> StakeholderTable:
    """Read an Actor, Capability, Position, Salience table (headers case-insensitive, any line ends).

    ``Stakeholder`` is accepted for ``Actor`` and ``Resources`` for ``Capability``. Saliences are divided
    by ``salience_scale`` (100 for tables on a 0–100 scale; None: detected, see
    :func:`detected_salience_scale`) and must then lie in [0, 1]. The file is read once.
    """
    path = Path(path)
    text = path.read_text(encoding="utf-8-sig")
    name = issue or path.stem
    scale = _detected_scale(text, path) if salience_scale is None else salience_scale
    return parse_stakeholder_csv(text, file=path, issue=name, salience_scale=scale)


def detected_salience_scale(path: str | Path) -> float:
    """The salience scale a table is on: 1 when every salience lies in [0, 1], 100 when they lie in
    [0, 100] and some exceed 1 (a table that fits neither is read on 1, and its check names the row)."""
    return _detected_scale(Path(path).read_text(encoding="utf-8-sig"), Path(path))


def _detected_scale(text: str, path: Path) -> float:
    table = parse_stakeholder_csv(text, file=path, salience_scale=1e12)  # any salience passes the check
    largest = float(np.max(table.salience)) * 1e12
    return 100.0 if 1.0 < largest <= 100.0 else 1.0


def parse_stakeholder_csv(
    text: str, *, file: str | Path | None = None, issue: str = "issue", salience_scale: float = 1.0
) -> StakeholderTable:
    """Parse the text of a stakeholder CSV; see :func:`read_stakeholder_csv`."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n")
    rows = [(number, row) for number, row in enumerate(csv.reader(io.StringIO(lines)), start=1) if row]
    if not rows or all(not cell.strip() for cell in rows[0][1]):
        raise ScenarioError(file, "header", "the file is empty; expected Actor,Capability,Position,Salience")
    columns = _locate_columns(rows[0][1], file)
    body = [(number, row) for number, row in rows[1:] if any(cell.strip() for cell in row)]
    if not body:
        raise ScenarioError(file, "table", "the table has a header but no actors")
    actors: list[str] = []
    values: dict[str, list[float]] = {"capability": [], "position": [], "salience": []}
    for number, row in body:
        actors.append(_cell(row, columns["actor"], number, "Actor", file))
        for name in values:
            values[name].append(_number(row, columns[name], number, name.capitalize(), file))
    salience = np.array(values["salience"]) / salience_scale
    _check_ranges(body, np.array(values["capability"]), salience, salience_scale, file)
    return StakeholderTable(tuple(actors), np.array(values["capability"]), np.array(values["position"]),
                            salience, issue)  # fmt: skip


def _locate_columns(header: list[str], file: str | Path | None) -> dict[str, int]:
    """Map each canonical column name to its index in the header row."""
    names = [cell.strip().lower() for cell in header]
    columns: dict[str, int] = {}
    for canonical, aliases in COLUMN_NAMES.items():
        found = [index for index, name in enumerate(names) if name in aliases]
        if not found:
            raise ScenarioError(
                file, "header", f"missing column {canonical.capitalize()!r}; found {header}", line=1
            )
        columns[canonical] = found[0]
    return columns


def _cell(row: list[str], index: int, line: int, column: str, file: str | Path | None) -> str:
    """The stripped text of one cell, or a located error when the row is too short or the cell empty."""
    text = row[index].strip() if index < len(row) else ""
    if not text:
        raise ScenarioError(file, f"column {column}", "the cell is empty", line=line)
    return text


def _number(row: list[str], index: int, line: int, column: str, file: str | Path | None) -> float:
    """One cell read as a finite number, or a located error."""
    text = _cell(row, index, line, column, file)
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not np.isfinite(value):
        raise ScenarioError(file, f"column {column}", f"{text!r} is not a finite number", line=line)
    return value


def _check_ranges(
    body: list[tuple[int, list[str]]],
    capability: FloatArray,
    salience: FloatArray,
    scale: float,
    file: str | Path | None,
) -> None:
    """Reject a negative capability or a salience outside [0, 1] (after scaling), naming the row."""
    for (line, _), value in zip(body, capability, strict=True):
        if value < 0:
            raise ScenarioError(file, "column Capability", f"capability {value:g} is negative", line=line)
    for (line, _), value in zip(body, salience, strict=True):
        if not 0.0 <= value <= 1.0:
            shown = value * scale
            hint = "" if scale != 1.0 else "; a table on a 0-100 scale needs --salience-scale 100"
            raise ScenarioError(
                file,
                "column Salience",
                f"salience {shown:g} is outside [0, {scale:g}]{hint}",
                line=line,
            )
