"""KTAB's spatial-model CSV (a scenario line, a header, one row per actor) with located errors.

The format of KTAB's ``SMPModel::csvRead``: line 1 holds the scenario name, its description, the number
of actors and the number of dimensions; line 2 is ``Actor,Description,Influence`` followed by a
position and a salience column per dimension (``Policy Position,Policy Salience,...``); then one row
per actor. Positions and saliences are on 0–100 and an actor's saliences add up to at most 100; as
KTAB does, saliences are divided by 100 (positions are kept on 0–100). Trailing commas, spaces around
cells, a byte-order mark, blank lines and any line ends are accepted.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import numpy as np

from parley.forecast.smp import SpatialTable
from parley.formats.errors import ScenarioError

Row = tuple[int, list[str]]

#: Accepted names (lower case) of the three leading header columns; KTAB's own docs say "Power".
LEADING_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Actor", ("actor",)),
    ("Description", ("description", "desc")),
    ("Influence", ("influence", "power", "capability")),
)
SCENARIO_LINE = "name, description, number of actors, number of dimensions"


def read_ktab_csv(path: str | Path) -> SpatialTable:
    """Read a KTAB SMP input file; every problem raises a ScenarioError naming file and line."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScenarioError(path, "encoding", f"not UTF-8 text (byte {exc.start}: {exc.reason})") from None
    return parse_ktab_csv(text, file=path)


def parse_ktab_csv(text: str, *, file: str | Path | None = None) -> SpatialTable:
    """Parse the text of a KTAB SMP input file; see :func:`read_ktab_csv`."""
    rows = _rows(text, file)
    if not rows:
        raise ScenarioError(file, "scenario line", f"the file is empty; expected {SCENARIO_LINE}")
    scenario, description, count, dims = _scenario_line(rows[0], file)
    if len(rows) < 2:
        raise ScenarioError(
            file, "header", "missing the header Actor,Description,Influence,...", line=rows[0][0]
        )
    names, dimensions = _header(rows[1], dims, file)
    body = rows[2:]
    if len(body) != count:
        where = body[count][0] if len(body) > count else rows[0][0]
        raise ScenarioError(
            file, "table", f"the first line declares {count} actors but the table has {len(body)}", line=where
        )
    actors, descriptions, influence = [], [], []
    position, salience = np.zeros((count, dims)), np.zeros((count, dims))
    for index, (line, cells) in enumerate(body):
        if len(cells) != len(names):
            raise ScenarioError(
                file, "row", f"{len(cells)} values; the header has {len(names)} columns", line=line
            )
        if not cells[0]:
            raise ScenarioError(file, f"column {names[0]}", "the actor's name is empty", line=line)
        actors.append(cells[0])
        descriptions.append(cells[1])
        influence.append(_number(cells[2], names[2], line, file, upper=math.inf))
        for k in range(dims):
            position[index, k] = _number(cells[3 + 2 * k], names[3 + 2 * k], line, file)
            salience[index, k] = _number(cells[4 + 2 * k], names[4 + 2 * k], line, file)
        if salience[index].sum() > 100.0 + 1e-9:
            total = f"{salience[index].sum():g}"
            raise ScenarioError(file, "saliences", f"they add up to {total}, over 100", line=line)
    return SpatialTable(
        scenario, description, tuple(actors), tuple(descriptions), np.array(influence), dimensions,
        position, salience / 100.0,
    )  # fmt: skip


def looks_like_ktab(text: str) -> bool:
    """Whether ``text`` starts like a KTAB SMP file: a scenario line ending in two whole numbers, then
    an Actor,Description,Influence header. Never raises."""
    head = "\n".join(text.lstrip("\ufeff").splitlines()[:20])
    try:
        rows = _rows(head, None)
        if len(rows) < 2:
            return False
        _scenario_line(rows[0], None)
    except ScenarioError:
        return False
    header = [cell.lower() for cell in rows[1][1]]
    return len(header) >= 3 and all(
        h in names for h, (_, names) in zip(header, LEADING_COLUMNS, strict=False)
    )


def _rows(text: str, file: str | Path | None) -> list[Row]:
    """Non-blank CSV rows with the line each starts on, cells stripped and trailing empty cells dropped."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    reader = csv.reader(io.StringIO(lines), skipinitialspace=True, strict=True)
    rows: list[Row] = []
    start = 1
    try:
        for row in reader:
            cells = [cell.strip() for cell in row]
            while cells and not cells[-1]:
                cells.pop()
            if cells:
                rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ScenarioError(file, "csv", f"cannot split the row into cells: {exc}", line=start) from None
    return rows


def _scenario_line(row: Row, file: str | Path | None) -> tuple[str, str, int, int]:
    """Name, description, number of actors and of dimensions (a description may contain commas)."""
    line, cells = row
    if len(cells) < 4:
        raise ScenarioError(
            file, "scenario line", f"{len(cells)} values; expected {SCENARIO_LINE}", line=line
        )
    actors = _count(cells[-2], "number of actors", line, file)
    dims = _count(cells[-1], "number of dimensions", line, file)
    return cells[0], ", ".join(cells[1:-2]), actors, dims


def _count(text: str, what: str, line: int, file: str | Path | None) -> int:
    """A positive whole number (``26`` or ``26.0``), or a located error."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value.is_integer() and value >= 1):
        raise ScenarioError(
            file, "scenario line", f"{what} {text!r} is not a positive whole number", line=line
        )
    return int(value)


def _header(row: Row, dims: int, file: str | Path | None) -> tuple[list[str], tuple[str, ...]]:
    """The header's column names and the dimension names (``Policy Position`` → ``Policy``)."""
    line, cells = row
    for index, (expected, accepted) in enumerate(LEADING_COLUMNS):
        found = cells[index] if index < len(cells) else ""
        if found.lower() not in accepted:
            raise ScenarioError(
                file, "header", f"column {index + 1} is {found!r}; expected {expected!r}", line=line
            )
    if len(cells) != 3 + 2 * dims:
        raise ScenarioError(
            file,
            "header",
            f"{len(cells) - 3} position and salience columns; the first line declares {dims} "
            f"dimension(s), which need {2 * dims}",
            line=line,
        )
    if any(not cell for cell in cells):
        raise ScenarioError(file, "header", "a column has no name", line=line)
    dimensions = []
    for k in range(dims):
        name = cells[3 + 2 * k]
        if name.lower().endswith("position") and name[: -len("position")].strip():
            name = name[: -len("position")].strip()
        dimensions.append(name)
    return cells, tuple(dimensions)


def _number(text: str, column: str, line: int, file: str | Path | None, upper: float = 100.0) -> float:
    """One cell as a finite number in [0, upper], or a located error."""
    where = f"column {column}"
    if not text:
        raise ScenarioError(file, where, "the cell is empty", line=line)
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise ScenarioError(file, where, f"{text!r} is not a finite number", line=line)
    if not 0.0 <= value <= upper:
        bound = "[0, 100]" if upper == 100.0 else "≥ 0"
        raise ScenarioError(file, where, f"{value:g} is outside {bound}", line=line)
    return value
