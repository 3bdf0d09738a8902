"""Exchange-model input records (#A actors, #P issues, #M scale points, #D actor-issue data), located errors.

The format of the decide-exchange-model project (foarsitter): one record a line, fields separated by
tabs (or ``;`` or ``,``, taken from the character after the record type), text fields usually in single
quotes. ``#A id name [comment]``, ``#P id name [description]``, ``#M issue value [meaning]`` and
``#D actor issue position salience power``; ``#0`` and ``#/`` lines are comments. Records may come in any
order (a ``#D`` may precede the ``#A`` it names); ids match exactly. An issue's scale is the range of its
#M values; with fewer than two distinct values it is ``DEFAULT_SCALE``, widened to include that value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from parley.forecast.exchange import ExchangeTable
from parley.formats.errors import ScenarioError

__all__ = ["ExchangeTable", "looks_like_exchange_records", "parse_exchange_records", "read_exchange_records"]

#: The record types, and what their fields are.
RECORDS: dict[str, tuple[str, ...]] = {
    "#A": ("actor id", "name", "comment"),
    "#P": ("issue id", "name", "description"),
    "#M": ("issue id", "value", "meaning"),
    "#D": ("actor id", "issue id", "position", "salience", "power"),
}
#: Record types that mark a comment line.
COMMENTS = ("#0", "#/")
#: The scale of an issue whose #M records do not span an interval.
DEFAULT_SCALE = (0.0, 100.0)
DELIMITERS = "\t;,"

_TAG = re.compile(r"""\s*(['"]?)(#[^\s'"\t;,]*)\1 *""")


@dataclass(frozen=True)
class _Line:
    """One record: its line number, type and fields after the type (unquoted), and its delimiter."""

    number: int
    tag: str
    fields: tuple[str, ...]
    delimiter: str


def read_exchange_records(path: str | Path) -> ExchangeTable:
    """Read an exchange-model input file (UTF-8, with or without BOM, any line ends)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScenarioError(path, "encoding", f"the file is not UTF-8 text ({exc.reason})") from None
    return parse_exchange_records(text, file=path)


def looks_like_exchange_records(text: str) -> bool:
    """True when the first non-blank line starts with a #A, #P, #M, #D or comment (#0, #/) record type."""
    for line in text.lstrip("\ufeff").replace("\r", "\n").split("\n"):
        if line.strip():
            match = _TAG.match(line)
            if match is None:
                return False
            tag, rest = match.group(2), line[match.end() :]
            return tag.startswith(COMMENTS) or (
                tag in RECORDS and (not rest.strip() or rest[0] in DELIMITERS)
            )
    return False


def parse_exchange_records(text: str, *, file: str | Path | None = None) -> ExchangeTable:
    """Parse the text of exchange-model records; see :func:`read_exchange_records` and the module."""
    records = [line for line in _lines(text, file) if line.tag not in COMMENTS]
    actors = _definitions(records, "#A", file)
    issues = _definitions(records, "#P", file)
    if not actors:
        raise ScenarioError(file, "records", "no #A record: the file defines no actor")
    if not issues:
        raise ScenarioError(file, "records", "no #P record: the file defines no issue")
    actor_index = {key: k for k, key in enumerate(actors)}
    issue_index = {key: k for k, key in enumerate(issues)}
    scales = _scales(records, issue_index, file)
    values = np.full((3, len(actors), len(issues)), np.nan)
    seen: dict[tuple[int, int], int] = {}
    for line in (record for record in records if record.tag == "#D"):
        row, column, numbers = _data(line, actor_index, issue_index, file)
        _check_cell(line, seen.get((row, column)), scales[column], numbers[0], file)
        seen[row, column] = line.number
        values[:, row, column] = numbers
    return ExchangeTable(
        actor_ids=tuple(actors),
        actor_names=tuple(actors.values()),
        issue_ids=tuple(issues),
        issue_names=tuple(issues.values()),
        scales=tuple(scales),
        position=values[0],
        salience=values[1],
        power=values[2],
    )


def _lines(text: str, file: str | Path | None) -> list[_Line]:
    """The non-blank lines as records; a located error for a line with an unknown record type."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    records: list[_Line] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        match = _TAG.match(line)
        tag = match.group(2) if match else line.strip().split()[0]
        if match is not None and tag.startswith(COMMENTS):
            records.append(_Line(number, tag[:2], (), "\t"))
            continue
        if match is None or tag not in RECORDS:
            expected = "expected #A, #P, #M or #D (#0 and #/ mark comments)"
            raise ScenarioError(
                file, "record type", f"unknown record type {tag[:40]!r}; {expected}", line=number
            )
        rest = line[match.end() :]
        if not rest.strip():
            records.append(_Line(number, tag, (), "\t"))
            continue
        if rest[0] not in DELIMITERS:
            raise ScenarioError(file, tag, "expected a tab, ';' or ',' after the record type", line=number)
        fields = tuple(_unquote(value) for value in rest[1:].split(rest[0]))
        records.append(_Line(number, tag, fields, rest[0]))
    return records


def _unquote(value: str) -> str:
    """A field without surrounding spaces and one pair of matching quotes (doubled quotes undoubled)."""
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1].replace(value[0] * 2, value[0]).strip()
    return value


def _definitions(records: list[_Line], tag: str, file: str | Path | None) -> dict[str, str]:
    """Id → name of every #A (or #P) record, in file order; the name defaults to the id."""
    found: dict[str, str] = {}
    lines: dict[str, int] = {}
    what = RECORDS[tag][0]
    for line in (record for record in records if record.tag == tag):
        key = line.fields[0] if line.fields else ""
        if not key:
            raise ScenarioError(file, tag, f"the {what} is empty", line=line.number)
        if key in found:
            raise ScenarioError(
                file, tag, f"{what} {key!r} is defined twice (first on line {lines[key]})", line=line.number
            )
        found[key] = line.fields[1] if len(line.fields) > 1 and line.fields[1] else key
        lines[key] = line.number
    return found


def _scales(
    records: list[_Line], issue_index: dict[str, int], file: str | Path | None
) -> list[tuple[float, float]]:
    """Each issue's (low, high): the extremes of its #M values, or DEFAULT_SCALE when they span nothing."""
    points: list[list[float]] = [[] for _ in issue_index]
    for line in (record for record in records if record.tag == "#M"):
        if len(line.fields) < 2:
            raise ScenarioError(file, "#M", "expected an issue id and a value", line=line.number)
        column = _lookup(issue_index, line.fields[0], "issue", "#P", line, file)
        points[column].append(_number(line.fields[1], line, "value", file))
    scales = []
    for values in points:
        if len(set(values)) >= 2:
            scales.append((min(values), max(values)))
        else:
            scales.append((min([DEFAULT_SCALE[0], *values]), max([DEFAULT_SCALE[1], *values])))
    return scales


def _data(
    line: _Line, actor_index: dict[str, int], issue_index: dict[str, int], file: str | Path | None
) -> tuple[int, int, tuple[float, float, float]]:
    """The (actor, issue) cell of one #D record and its position, salience and power."""
    names = RECORDS["#D"]
    if len(line.fields) < len(names):
        problem = f"expected {', '.join(names)}; found {len(line.fields)} field(s)"
        raise ScenarioError(file, "#D", problem, line=line.number)
    row = _lookup(actor_index, line.fields[0], "actor", "#A", line, file)
    column = _lookup(issue_index, line.fields[1], "issue", "#P", line, file)
    position, salience, power = (_number(line.fields[k], line, names[k], file) for k in (2, 3, 4))
    for name, value in (("salience", salience), ("power", power)):
        if value < 0:
            raise ScenarioError(file, f"#D {name}", f"{name} {value:g} is negative", line=line.number)
    return row, column, (position, salience, power)


def _check_cell(
    line: _Line, first: int | None, scale: tuple[float, float], position: float, file: str | Path | None
) -> None:
    """Reject a second #D on the same (actor, issue) and a position outside the issue's scale."""
    actor, issue = line.fields[0], line.fields[1]
    if first is not None:
        problem = f"actor {actor!r} already has a record on issue {issue!r} (line {first})"
        raise ScenarioError(file, "#D", problem, line=line.number)
    low, high = scale
    if not low <= position <= high:
        problem = f"position {position:g} is outside the scale [{low:g}, {high:g}] of issue {issue!r}"
        raise ScenarioError(file, "#D position", problem, line=line.number)


def _lookup(
    index: dict[str, int], key: str, what: str, tag: str, line: _Line, file: str | Path | None
) -> int:
    """The index of a defined actor or issue, or a located error naming the missing definition."""
    if key not in index:
        raise ScenarioError(
            file, line.tag, f"unknown {what} {key[:60]!r}: no {tag} record defines it", line=line.number
        )
    return index[key]


def _number(text: str, line: _Line, what: str, file: str | Path | None) -> float:
    """A field read as a finite number (a decimal comma accepted unless ',' separates fields)."""
    shown = text if line.delimiter == "," else text.replace(",", ".")
    try:
        value = float(shown)
    except ValueError:
        value = float("nan")
    if not np.isfinite(value):
        raise ScenarioError(
            file, f"{line.tag} {what}", f"{text[:40]!r} is not a finite number", line=line.number
        )
    return value
