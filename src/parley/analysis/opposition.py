"""Opposition and distance measures of the ANAC literature, on normalised utilities.

Utilities are first rescaled per party to [0, 1] over the outcome space (worst outcome 0, best 1), so
that domains can be compared. *Opposition* is the smallest Euclidean distance from any outcome to the
ideal point (1, …, 1); it is attained on the frontier. 0 means a package gives everyone their best,
larger values mean stronger conflict. This is the domain "opposition" used to characterise the ANAC
domains (Baarslag et al., "Evaluating practical negotiating agents: results and analysis of the 2011
international competition", Artificial Intelligence 198, 2013); NegMAS calls it ``opposition_level``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from parley.analysis.frontier_result import Frontier
from parley.domain import OutcomeSpace
from parley.preferences import Preferences


@dataclass(frozen=True)
class Scale:
    """Per-party utility ranges over the space, to map utilities to [0, 1]."""

    low: np.ndarray
    high: np.ndarray

    def normalize(self, utilities: np.ndarray) -> np.ndarray:
        """Map utilities (rows × parties) to [0, 1] per party (a constant party maps to 1)."""
        span = self.high - self.low
        normalized: np.ndarray = np.divide(
            utilities - self.low, span, out=np.ones_like(utilities, dtype=np.float64), where=span > 0
        )
        return normalized


def utility_scale(
    space: OutcomeSpace, preferences: Sequence[Preferences], frontier: Frontier | None = None
) -> Scale:
    """Each party's lowest and highest utility over the space (exact where the bounds are).

    Given an exact ``frontier``, the highest utilities are read from it: each party's best package
    that crosses no red line is on the frontier, and this stays exact on spaces too large to bound.
    """
    bounds = np.array([p.utility.bounds(space) for p in preferences], dtype=np.float64)
    high = bounds[:, 1]
    if frontier is not None and len(frontier) and frontier.exact:
        high = frontier.utilities.max(axis=0)
    return Scale(bounds[:, 0], high)


def opposition(frontier: Frontier, scale: Scale) -> float:
    """Smallest distance from the (normalised) frontier to the ideal point (1, …, 1)."""
    if not len(frontier):
        return float("nan")
    normalized = scale.normalize(frontier.utilities)
    return float(np.sqrt(((1.0 - normalized) ** 2).sum(axis=1)).min())


def distance_to_frontier(frontier: Frontier, utilities: np.ndarray, scale: Scale | None = None) -> np.ndarray:
    """Euclidean distance from each utility vector (rows) to the nearest frontier point.

    With a ``scale`` both are normalised first. 0 means the agreement is Pareto-efficient.
    """
    points = np.atleast_2d(np.asarray(utilities, dtype=np.float64))
    front = frontier.utilities
    if scale is not None:
        points, front = scale.normalize(points), scale.normalize(front)
    if not len(front):
        return np.full(len(points), np.nan)
    best = np.full(len(points), np.inf)
    for start in range(0, len(front), 4096):
        block = front[start : start + 4096]
        distances = np.sqrt(((points[:, None, :] - block[None, :, :]) ** 2).sum(axis=2))
        best = np.minimum(best, distances.min(axis=1))
    return best
