"""Linear-additive utility: a weighted sum of per-issue values (the workhorse of the field).

Each issue's weighted values are tabulated once, on first use. An integer issue too large to tabulate
(more than :data:`~parley.domain.TABULATION_LIMIT` values) with a linear value function is evaluated
from the option index directly, so evaluating and bounding work at any range; what needs the tables
(the linear frontier, the agreement count) refuses such an issue with an :class:`IssueError`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from parley.domain import TABULATION_LIMIT, IntegerIssue, OutcomeSpace
from parley.preferences.base import Utility
from parley.preferences.value_functions import LinearValue, TableValue, ValueFunction


@dataclass(frozen=True, eq=False)
class LinearAdditiveUtility(Utility):
    """``u(o) = Σ_i weights[i] · values[i](o_i)`` over the issues of ``space``."""

    space: OutcomeSpace
    weights: tuple[float, ...]
    values: tuple[ValueFunction, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "weights", tuple(float(w) for w in self.weights))
        object.__setattr__(self, "values", tuple(self.values))
        count = len(self.space.issues)
        if len(self.weights) != count or len(self.values) != count:
            raise ValueError(f"need one weight and one value function per issue ({count})")
        for function, issue in zip(self.values, self.space.issues, strict=True):
            if isinstance(function, TableValue) and len(function.values) != issue.size:
                function.table(issue)  # raises the mismatch at construction, as before tables were lazy

    @cached_property
    def tables(self) -> tuple[np.ndarray, ...]:
        """Each issue's weighted values in option order (read-only; built on first use)."""
        tables = tuple(self._table(position) for position in range(len(self.values)))
        for table in tables:
            table.setflags(write=False)
        return tables

    def _table(self, position: int) -> np.ndarray:
        """The weighted values of issue ``position`` (IssueError for an issue too large to tabulate)."""
        return self.weights[position] * self.values[position].table(self.space.issues[position])

    def _direct(self, position: int) -> LinearValue | None:
        """The linear value function of issue ``position`` when it is evaluated without a table."""
        issue, function = self.space.issues[position], self.values[position]
        if isinstance(issue, IntegerIssue) and isinstance(function, LinearValue):
            return function if issue.size > TABULATION_LIMIT else None
        return None

    def _column(self, position: int, indices: np.ndarray) -> np.ndarray:
        """The weighted values of the options ``indices`` of issue ``position`` (a new array)."""
        function = self._direct(position)
        if function is None:
            return self.tables[position].take(indices)
        issue = self.space.issues[position]
        assert isinstance(issue, IntegerIssue)
        return self.weights[position] * function.at(issue.low + indices.astype(np.float64))

    @classmethod
    def from_tables(
        cls, space: OutcomeSpace, weights: Sequence[float], tables: Sequence[Sequence[float]]
    ) -> LinearAdditiveUtility:
        """Build from a weight and an explicit value table per issue."""
        return cls(space, tuple(weights), tuple(TableValue(tuple(t)) for t in tables))

    def evaluate(self, outcomes: np.ndarray) -> np.ndarray:
        # Start from the first issue's values rather than zeros: a fresh zero array costs page faults.
        total: np.ndarray = self._column(0, outcomes[:, 0])
        for position in range(1, len(self.values)):
            total += self._column(position, outcomes[:, position])
        return total

    def _column_bounds(self, position: int) -> tuple[float, float]:
        """Lowest and highest weighted value of issue ``position`` (a direct one at its two ends)."""
        if self._direct(position) is None:
            table = self.tables[position]
            return float(table.min()), float(table.max())
        ends = self._column(position, np.array([0, self.space.issues[position].size - 1], dtype=np.int64))
        return float(ends.min()), float(ends.max())

    def outer_bounds(self, space: OutcomeSpace) -> tuple[float, float]:
        """Per-issue minima and maxima summed: exact when no constraint binds."""
        bounds = [self._column_bounds(position) for position in range(len(self.values))]
        return sum(low for low, _ in bounds), sum(high for _, high in bounds)

    def bounds(self, space: OutcomeSpace) -> tuple[float, float]:
        if not space.constraints:
            return self.outer_bounds(space)
        return super().bounds(space)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, LinearAdditiveUtility)
            and self.space == other.space
            and self.weights == other.weights
            and self.values == other.values
        )

    def __hash__(self) -> int:
        return hash((self.weights, self.values))
