"""Per-issue value functions of linear-additive utilities: a table, or a linear function of the value."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

import numpy as np

from parley.domain import Issue


class ValueFunction(ABC):
    """How much each option of one issue is worth, before the issue's weight."""

    @abstractmethod
    def table(self, issue: Issue) -> np.ndarray:
        """The value of every option of ``issue``, in index order."""


@dataclass(frozen=True)
class TableValue(ValueFunction):
    """An explicit value for each option, in the issue's option order."""

    values: tuple[float, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", tuple(float(v) for v in self.values))

    def table(self, issue: Issue) -> np.ndarray:
        if len(self.values) != issue.size:
            raise ValueError(f"issue {issue.name!r} has {issue.size} options but {len(self.values)} values")
        return np.array(self.values, dtype=np.float64)


@dataclass(frozen=True)
class LinearValue(ValueFunction):
    """``intercept + slope * x`` for a numeric issue's value ``x``, optionally clipped to ``clip``.

    GENIUS's integer and real evaluators are linear functions clamped to [0, 1]; they load with
    ``clip=(0.0, 1.0)`` so that parley computes exactly what GENIUS computes.
    """

    slope: float
    intercept: float = 0.0
    clip: tuple[float, float] | None = None

    def at(self, points: np.ndarray) -> np.ndarray:
        """The (clipped) values at the numeric ``points``, without tabulating an issue."""
        values = self.intercept + self.slope * points
        return values if self.clip is None else np.clip(values, self.clip[0], self.clip[1])

    def line(self, issue: Issue) -> np.ndarray:
        """The unclipped values ``intercept + slope * x`` on the issue's points."""
        points = issue.values()
        if points.dtype == object:
            raise ValueError(f"a linear value function needs a numeric issue; {issue.name!r} is categorical")
        return self.intercept + self.slope * points.astype(np.float64)

    def table(self, issue: Issue) -> np.ndarray:
        values = self.line(issue)
        return values if self.clip is None else np.clip(values, self.clip[0], self.clip[1])

    def clips(self, issue: Issue) -> bool:
        """Whether the clip changes any value on this issue's points."""
        return self.clip is not None and not np.array_equal(self.table(issue), self.line(issue))
