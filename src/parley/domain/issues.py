"""Negotiation issues: the dimensions of an outcome space.

Every issue maps its options to consecutive integer indices ``0 .. size-1``; outcomes store those
indices, never the values themselves, so that a million outcomes fit in a few megabytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, TypeGuard

import numpy as np

Value = str | int | float
#: Most options an issue lists one by one (a table of values, a mask): 10^7 float64 values are 80 MB.
TABULATION_LIMIT = 10_000_000


class IssueError(ValueError):
    """An issue was defined inconsistently, or asked for a value it does not hold."""


def _is_number(value: object) -> TypeGuard[int | float]:
    """Whether ``value`` is a real number (an int, float or numpy number; not a bool, text or None)."""
    numeric = isinstance(value, int | float | np.integer | np.floating)
    return numeric and not isinstance(value, bool | np.bool_)


@dataclass(frozen=True)
class Issue:
    """Common interface of the three issue kinds: a name and a finite, indexed list of values."""

    name: str
    description: str = field(default="", kw_only=True)
    kind: ClassVar[str] = "issue"

    @property
    def size(self) -> int:
        """Number of options (after discretisation for a real interval)."""
        raise NotImplementedError

    def values(self) -> np.ndarray:
        """All option values in index order, as one array."""
        raise NotImplementedError

    def value(self, index: int) -> Value:
        """The value of option ``index``."""
        if not 0 <= index < self.size:
            raise IssueError(f"issue {self.name!r} has no option number {index} (it has {self.size})")
        return self.values()[index].item()  # type: ignore[no-any-return]

    def index_of(self, value: Value) -> int:
        """The index of ``value``; raises :class:`IssueError` when the issue does not hold it."""
        raise NotImplementedError


@dataclass(frozen=True)
class CategoricalIssue(Issue):
    """An issue with named, unordered options, e.g. ``ceasefire: none | partial | full``."""

    options: tuple[str, ...] = ()
    kind: ClassVar[str] = "categorical"

    def __post_init__(self) -> None:
        object.__setattr__(self, "options", tuple(str(option) for option in self.options))
        if not self.options:
            raise IssueError(f"issue {self.name!r} has no options")
        if len(set(self.options)) != len(self.options):
            raise IssueError(f"issue {self.name!r} lists an option twice")

    @property
    def size(self) -> int:
        return len(self.options)

    def values(self) -> np.ndarray:
        return np.array(self.options, dtype=object)

    def value(self, index: int) -> str:
        if not 0 <= index < self.size:
            raise IssueError(f"issue {self.name!r} has no option number {index} (it has {self.size})")
        return self.options[index]

    def index_of(self, value: Value) -> int:
        try:
            return self.options.index(str(value))
        except ValueError:
            raise IssueError(f"issue {self.name!r} has no option {value!r}") from None


@dataclass(frozen=True)
class IntegerIssue(Issue):
    """Whole numbers from ``low`` to ``high`` inclusive, e.g. the number of prisoners exchanged."""

    low: int = 0
    high: int = 0
    kind: ClassVar[str] = "integer"

    def __post_init__(self) -> None:
        if self.high < self.low:
            raise IssueError(f"issue {self.name!r}: upper bound {self.high} is below lower bound {self.low}")

    @property
    def size(self) -> int:
        return self.high - self.low + 1

    def values(self) -> np.ndarray:
        """Every whole number of the range; refused (IssueError) beyond :data:`TABULATION_LIMIT`."""
        if self.size > TABULATION_LIMIT:
            raise IssueError(
                f"issue {self.name!r} holds {self.size:,} whole numbers, too many to list one by one "
                f"(at most {TABULATION_LIMIT:,}), which this needs; narrow the range or count in larger "
                "units (thousands, millions)"
            )
        return np.arange(self.low, self.high + 1, dtype=np.int64)

    def value(self, index: int) -> int:
        if not 0 <= index < self.size:
            raise IssueError(f"issue {self.name!r} has no option number {index} (it has {self.size})")
        return self.low + index

    def index_of(self, value: Value) -> int:
        # Range check first: NaN and ±inf fail it, so int() below never sees them.
        if not _is_number(value) or not self.low <= value <= self.high or int(value) != value:
            raise IssueError(
                f"issue {self.name!r} holds whole numbers {self.low}..{self.high}, not {value!r}"
            )
        return int(value) - self.low


@dataclass(frozen=True)
class RealIssue(Issue):
    """A real interval ``[low, high]``, enumerated as ``steps`` evenly spaced points (both ends included)."""

    low: float = 0.0
    high: float = 1.0
    steps: int = 11
    _grid: np.ndarray = field(init=False, repr=False, compare=False)
    kind: ClassVar[str] = "real"

    def __post_init__(self) -> None:
        if not self.high >= self.low:
            raise IssueError(f"issue {self.name!r}: upper bound {self.high} is below lower bound {self.low}")
        if self.steps < 1 or (self.steps == 1 and self.high != self.low):
            raise IssueError(
                f"issue {self.name!r}: a discretisation needs at least 2 steps, got {self.steps}"
            )
        if self.steps > 1 and self.high == self.low:
            raise IssueError(f"issue {self.name!r}: the interval is a single point, so it takes steps=1")
        if self.steps > TABULATION_LIMIT:  # its grid is held as an array of points
            raise IssueError(
                f"issue {self.name!r}: {self.steps:,} steps are more than the {TABULATION_LIMIT:,} a real "
                "issue can be discretised into; use a coarser step"
            )
        grid = np.linspace(self.low, self.high, self.steps)
        grid.setflags(write=False)
        object.__setattr__(self, "_grid", grid)

    @property
    def size(self) -> int:
        return self.steps

    def values(self) -> np.ndarray:
        return self._grid

    def value(self, index: int) -> float:
        if not 0 <= index < self.size:
            raise IssueError(f"issue {self.name!r} has no option number {index} (it has {self.size})")
        return float(self._grid[index])

    def index_of(self, value: Value) -> int:
        """The index of the grid point nearest to ``value`` (values outside the interval are refused)."""
        if not _is_number(value) or not self.low <= float(value) <= self.high:
            raise IssueError(f"issue {self.name!r} holds reals in [{self.low}, {self.high}], not {value!r}")
        return int(np.abs(self._grid - float(value)).argmin())
