"""Linear-additive utility: a weighted sum of per-issue values (the workhorse of the field)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from parley.domain import OutcomeSpace
from parley.preferences.base import Utility
from parley.preferences.value_functions import TableValue, ValueFunction


@dataclass(frozen=True, eq=False)
class LinearAdditiveUtility(Utility):
    """``u(o) = Σ_i weights[i] · values[i](o_i)`` over the issues of ``space``."""

    space: OutcomeSpace
    weights: tuple[float, ...]
    values: tuple[ValueFunction, ...]
    tables: tuple[np.ndarray, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "weights", tuple(float(w) for w in self.weights))
        object.__setattr__(self, "values", tuple(self.values))
        count = len(self.space.issues)
        if len(self.weights) != count or len(self.values) != count:
            raise ValueError(f"need one weight and one value function per issue ({count})")
        tables = tuple(
            weight * function.table(issue)
            for weight, function, issue in zip(self.weights, self.values, self.space.issues, strict=True)
        )
        for table in tables:
            table.setflags(write=False)
        object.__setattr__(self, "tables", tables)

    @classmethod
    def from_tables(
        cls, space: OutcomeSpace, weights: Sequence[float], tables: Sequence[Sequence[float]]
    ) -> LinearAdditiveUtility:
        """Build from a weight and an explicit value table per issue."""
        return cls(space, tuple(weights), tuple(TableValue(tuple(t)) for t in tables))

    def evaluate(self, outcomes: np.ndarray) -> np.ndarray:
        # Start from the first issue's values rather than zeros: a fresh zero array costs page faults.
        total: np.ndarray = self.tables[0].take(outcomes[:, 0])
        for position in range(1, len(self.tables)):
            total += self.tables[position].take(outcomes[:, position])
        return total

    def outer_bounds(self, space: OutcomeSpace) -> tuple[float, float]:
        """Per-issue minima and maxima summed: exact when no constraint binds."""
        return sum(float(t.min()) for t in self.tables), sum(float(t.max()) for t in self.tables)

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
