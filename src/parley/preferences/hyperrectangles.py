"""Constraint-based utility for interdependent issues (GENIUS "nonlinear", ANAC 2014).

Each hyper-rectangle is a region of the outcome space (a range or option set per issue it names) with
a utility; an outcome earns the sum of the utilities of the rectangles it lies in, divided by a
normaliser (GENIUS's ``maxutility``). Ito, Klein & Hattori, "Multi-issue negotiation protocol for
agents" (2008) introduced the representation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from parley.domain import Condition, OutcomeSpace
from parley.preferences.base import Utility


@dataclass(frozen=True)
class HyperRectangle:
    """A region: every ``include`` condition holds and no ``exclude`` condition does."""

    utility: float
    include: tuple[Condition, ...]
    exclude: tuple[Condition, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "include", tuple(self.include))
        object.__setattr__(self, "exclude", tuple(self.exclude))

    def masks(self, space: OutcomeSpace) -> tuple[tuple[int, np.ndarray], ...]:
        """(issue position, option mask) pairs whose conjunction is membership in the region."""
        parts = [space.condition_mask(c) for c in self.include]
        for position, mask in (space.condition_mask(c) for c in self.exclude):
            parts.append((position, ~mask))
        return tuple(parts)


@dataclass(frozen=True, eq=False)
class HyperRectangleUtility(Utility):
    """``u(o) = Σ_r utility_r · [o ∈ r] / normalizer``."""

    space: OutcomeSpace
    rectangles: tuple[HyperRectangle, ...]
    normalizer: float = 1.0
    _masks: tuple[tuple[tuple[int, np.ndarray], ...], ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "rectangles", tuple(self.rectangles))
        if not self.normalizer > 0:
            raise ValueError(f"the normaliser must be positive, got {self.normalizer}")
        object.__setattr__(self, "_masks", tuple(r.masks(self.space) for r in self.rectangles))

    def evaluate(self, outcomes: np.ndarray) -> np.ndarray:
        total = np.zeros(len(outcomes), dtype=np.float64)
        for rectangle, parts in zip(self.rectangles, self._masks, strict=True):
            inside = np.ones(len(outcomes), dtype=bool)
            for position, mask in parts:
                inside &= mask[outcomes[:, position]]
            total[inside] += rectangle.utility
        return total / self.normalizer

    def outer_bounds(self, space: OutcomeSpace) -> tuple[float, float]:
        """All negative rectangles at once, all positive ones at once: holds, rarely attained."""
        utilities = np.array([r.utility for r in self.rectangles], dtype=np.float64)
        return float(utilities[utilities < 0].sum()) / self.normalizer, float(
            utilities[utilities > 0].sum()
        ) / self.normalizer

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, HyperRectangleUtility)
            and self.space == other.space
            and self.rectangles == other.rectangles
            and self.normalizer == other.normalizer
        )

    def __hash__(self) -> int:
        return hash((self.rectangles, self.normalizer))
