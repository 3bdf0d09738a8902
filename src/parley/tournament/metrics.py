"""Quality of an outcome against its scenario's analysis: Pareto distance and Nash distance.

The reference of a scenario (frontier, utility scale, Nash point, reservation values) is computed once
with :mod:`parley.analysis` and reused for every run on it. Distances are Euclidean, on utilities
normalised per party to [0, 1] over the outcome space (:func:`parley.analysis.utility_scale`), so
they compare across scenarios. A run without agreement is scored at the reservation point: each party
gets its reservation value, and the distances are those of that point. A scenario without an
individually rational frontier point has no Nash point, and its Nash distances are NaN.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from parley.analysis import Frontier, Scale, distance_to_frontier, nash, pareto_frontier, utility_scale
from parley.scenario import Scenario


@dataclass(frozen=True, eq=False)
class Reference:
    """What every run on one scenario is measured against."""

    frontier: Frontier
    scale: Scale
    nash_point: np.ndarray | None
    reservation_values: np.ndarray


def reference(scenario: Scenario) -> Reference:
    """The scenario's frontier, scale, Nash point and reservation values (exact frontier methods)."""
    preferences = [party.preferences for party in scenario.parties]
    frontier = pareto_frontier(scenario.space, preferences)
    reservation = np.array([p.reservation_value for p in preferences], dtype=np.float64)
    solution = nash(frontier, reservation)
    return Reference(
        frontier=frontier,
        scale=utility_scale(scenario.space, preferences, frontier),
        nash_point=None if solution is None else np.asarray(solution.utilities, dtype=np.float64),
        reservation_values=reservation,
    )


def scored_utilities(ref: Reference, utilities: tuple[float, ...] | None) -> np.ndarray:
    """The utility vector a run is scored at: the agreement's, or the reservation point."""
    if utilities is None:
        return ref.reservation_values.copy()
    return np.asarray(utilities, dtype=np.float64)


def pareto_distances(ref: Reference, points: np.ndarray) -> np.ndarray:
    """Normalised distance from each utility vector (rows) to the nearest frontier point."""
    if not len(points):
        return np.empty(0)
    return distance_to_frontier(ref.frontier, points, ref.scale)


def nash_distances(ref: Reference, points: np.ndarray) -> np.ndarray:
    """Normalised distance from each utility vector (rows) to the Nash point (NaN without one)."""
    if ref.nash_point is None:
        return np.full(len(points), np.nan)
    if not len(points):
        return np.empty(0)
    gap = ref.scale.normalize(np.atleast_2d(points)) - ref.scale.normalize(ref.nash_point[None, :])
    distances: np.ndarray = np.sqrt((gap**2).sum(axis=1))
    return distances
