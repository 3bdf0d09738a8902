"""Bargaining solutions over lotteries between frontier packages (two parties).

With lotteries the feasible utility set is the convex hull of the outcomes' utility vectors; its
efficient boundary is the upper-right hull of the frontier points. Each solution is a point on one
hull segment, i.e. a lottery between the segment's two packages, found in closed form per segment
(Nash: maximise a quadratic in the mixing weight; Kalai–Smorodinsky and egalitarian: intersect the
hull with a ray from the disagreement point).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from parley.analysis.frontier_result import Frontier
from parley.preferences import tie_tolerance

_EPS = 1e-12


@dataclass(frozen=True)
class Lottery:
    """Package ``outcomes[0]`` with probability ``probabilities[0]``, else ``outcomes[1]``."""

    name: str
    utilities: np.ndarray
    outcomes: np.ndarray
    probabilities: np.ndarray


def upper_hull(points: np.ndarray) -> np.ndarray:
    """Indices of the vertices of the upper-right convex hull of 2-D ``points`` (first party descending).

    Andrew's monotone chain (Andrew, "Another efficient algorithm for convex hulls in two
    dimensions", IPL 1979) restricted to the efficient part.
    """
    order = np.lexsort((-points[:, 1], -points[:, 0]))
    hull: list[int] = []
    for index in order.tolist():
        while len(hull) >= 2 and _turn(points[hull[-2]], points[hull[-1]], points[index]) <= _EPS:
            hull.pop()
        hull.append(index)
    # keep only the efficient part: second utility must rise as the first falls
    efficient = [hull[0]]
    for index in hull[1:]:
        if points[index, 1] > points[efficient[-1], 1]:
            efficient.append(index)
    return np.array(efficient, dtype=np.int64)


def _turn(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> float:
    """Cross product of (b − a) and (c − a): positive for a counter-clockwise (left) turn, which is
    how the efficient hull bends when walked from the first party's best point to the second's."""
    return float((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]))


def lottery_solutions(
    frontier: Frontier, reservation_values: Sequence[float] | np.ndarray
) -> dict[str, Lottery | None]:
    """Nash, Kalai–Smorodinsky and egalitarian solutions over lotteries (utilitarian needs none:
    its optimum is always a single package)."""
    if frontier.utilities.shape[1] != 2:
        raise ValueError("lottery solutions are defined here for two parties")
    reservation = np.asarray(reservation_values, dtype=np.float64)
    if not len(frontier.acceptable(reservation)):
        return {"nash": None, "kalai_smorodinsky": None, "egalitarian": None}
    vertices = upper_hull(frontier.utilities)
    ideal = frontier.acceptable(reservation).utilities.max(axis=0)
    return {
        "nash": _nash(frontier, vertices, reservation),
        "kalai_smorodinsky": _on_ray(
            frontier, vertices, reservation, ideal - reservation, "kalai_smorodinsky"
        ),
        "egalitarian": _on_ray(frontier, vertices, reservation, np.ones(2), "egalitarian"),
    }


def _segments(frontier: Frontier, vertices: np.ndarray) -> list[tuple[int, int]]:
    if len(vertices) == 1:
        return [(int(vertices[0]), int(vertices[0]))]
    return [(int(a), int(b)) for a, b in pairwise(vertices)]


def _lottery(frontier: Frontier, name: str, a: int, b: int, weight_b: float) -> Lottery:
    weight_b = float(min(max(weight_b, 0.0), 1.0))
    utilities = (1 - weight_b) * frontier.utilities[a] + weight_b * frontier.utilities[b]
    outcomes = np.stack([frontier.outcomes[a], frontier.outcomes[b]])
    return Lottery(name, utilities, outcomes, np.array([1 - weight_b, weight_b]))


def _nash(frontier: Frontier, vertices: np.ndarray, reservation: np.ndarray) -> Lottery | None:
    """Maximise (x − d0)(y − d1) on each hull segment: a quadratic in the mixing weight."""
    best: tuple[float, Lottery] | None = None
    for a, b in _segments(frontier, vertices):
        p, q = frontier.utilities[a] - reservation, frontier.utilities[b] - reservation
        delta = q - p
        candidates = [0.0, 1.0]
        curvature = 2 * delta[0] * delta[1]
        if abs(curvature) > _EPS:
            candidates.append(-(p[0] * delta[1] + p[1] * delta[0]) / curvature)
        for s in candidates:
            s = min(max(s, 0.0), 1.0)
            gain = p + s * delta
            if (gain >= -tie_tolerance(reservation)).all():
                product = float(np.prod(np.maximum(gain, 0.0)))
                if best is None or product > best[0] + _EPS:
                    best = (product, _lottery(frontier, "nash", a, b, s))
    return None if best is None else best[1]


def _on_ray(
    frontier: Frontier, vertices: np.ndarray, origin: np.ndarray, direction: np.ndarray, name: str
) -> Lottery | None:
    """Maximise ``min_i gain_i / direction_i`` over the hull boundary.

    The objective is concave and piecewise linear along each segment, so its maximum is at a segment
    end or where the segment crosses the ray ``origin + t · direction`` (the textbook solution when the
    ray meets the boundary; a vertex when it passes beside the efficient hull).
    """
    direction = np.where(direction > _EPS, direction, _EPS)
    best: tuple[float, Lottery] | None = None
    for a, b in _segments(frontier, vertices):
        p, q = frontier.utilities[a] - origin, frontier.utilities[b] - origin
        edge = q - p
        candidates = [0.0, 1.0]
        slope = edge[0] / direction[0] - edge[1] / direction[1]
        if abs(slope) > _EPS:
            candidates.append((p[1] / direction[1] - p[0] / direction[0]) / slope)
        for s in candidates:
            s = min(max(s, 0.0), 1.0)
            gain = p + s * edge
            value = float((np.maximum(gain, 0.0) / direction).min())
            if (gain >= -tie_tolerance(origin)).all() and (best is None or value > best[0] + _EPS):
                best = (value, _lottery(frontier, name, a, b, s))
    return None if best is None else best[1]
